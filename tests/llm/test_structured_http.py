"""invoke_structured with the real ChatOpenAI over HTTP: against a scripted stub server (formats refused,
repair, rate limits, slow answers) and, when one is configured, a real OpenAI-compatible server."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import pytest

from assistant.llm import StructuredResult, invoke_structured, load_prompt, make_chat_model
from assistant.settings import Settings
from tests.llm.openai_stub import OpenAIStub, StubReply, rate_limited
from tests.llm.test_structured import EXPECTED, VALID, Owner

# --- the real ChatOpenAI over HTTP, against a stub server --------------------------------------------

EXTRACT_VARIABLES = {
    "language": "suomi",
    "field_label": "Vastuutaho",
    "field_instruction": "Kuka vastaa toimenpiteestä ja milloin se valmistuu.",
    "question": "Kuka vastaa toimenpiteestä?",
    "answer": "Tietohallintojohtaja, valmis 2025.",
    "current_values": "{}",
}


@pytest.fixture
def stub_settings(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    def make(stub: OpenAIStub, **kw: Any) -> Settings:
        values: dict[str, Any] = {"llm_model": "stub-model", "llm_base_url": stub.url}
        values["llm_api_key"] = "sk-test"
        values.update(kw)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return make


def _extract(settings: Settings) -> StructuredResult[Owner]:
    model = make_chat_model(settings)
    assert model is not None
    return invoke_structured(model, load_prompt("extract.v1"), EXTRACT_VARIABLES, Owner, settings=settings)


def test_http_server_with_json_schema_uses_it(stub_settings: Callable[..., Settings]) -> None:
    with OpenAIStub([StubReply(content=VALID)]) as stub:
        result = _extract(stub_settings(stub))
    assert result.ok and result.value == EXPECTED
    assert (result.method_used, result.attempts) == ("json_schema", 1)
    body = stub.requests[0]
    assert body["model"] == "stub-model" and body["temperature"] == 0.0
    assert body["response_format"]["json_schema"]["name"] == "Owner"
    assert stub.headers[0]["authorization"] == "Bearer sk-test"
    assert "Tietohallintojohtaja, valmis 2025." in body["messages"][-1]["content"]


def test_http_server_rejecting_json_schema_falls_back_to_json_mode(
    stub_settings: Callable[..., Settings],
) -> None:
    with OpenAIStub([StubReply(content=VALID)], reject_formats={"json_schema", "tools"}) as stub:
        result = _extract(stub_settings(stub))
    assert result.ok and result.value == EXPECTED
    assert stub.response_formats() == ["json_schema", "tools", "json_object"]
    assert (result.method_used, result.attempts) == ("json_mode", 3)
    assert "json_schema refused" in result.detail and "function_calling refused" in result.detail


def test_http_server_rejecting_all_formats_falls_back_to_the_prompt(
    stub_settings: Callable[..., Settings],
) -> None:
    reply = StubReply(content=f"Tässä:\n```json\n{VALID}\n```")
    with OpenAIStub([reply], reject_formats={"json_schema", "tools", "json_object"}) as stub:
        result = _extract(stub_settings(stub))
    assert result.ok and result.value == EXPECTED
    assert stub.response_formats() == ["json_schema", "tools", "json_object", None]
    assert result.method_used == "prompt"


def test_http_invalid_answer_is_repaired(stub_settings: Callable[..., Settings]) -> None:
    replies = [StubReply(content='{"owner": "Tietohallintojohtaja"}'), StubReply(content=VALID)]
    with OpenAIStub(replies) as stub:
        result = _extract(stub_settings(stub))
    assert result.ok and result.attempts == 2 and result.method_used == "json_schema"
    repair = stub.requests[1]["messages"][-1]
    assert repair["role"] == "user" and "year: Field required" in repair["content"]


def test_http_429_is_rate_limited_after_bounded_client_retries(
    stub_settings: Callable[..., Settings],
) -> None:
    with OpenAIStub([rate_limited()]) as stub:
        result = _extract(stub_settings(stub, llm_max_retries=1))
    assert not result.ok and result.failure == "rate_limited"
    assert len(stub.requests) == 2  # the request and llm_max_retries=1 client retry, no more
    assert "429" in result.detail and "sk-test" not in result.detail


def test_http_slow_server_times_out(stub_settings: Callable[..., Settings]) -> None:
    with OpenAIStub([StubReply(content=VALID, delay_s=10)]) as stub:
        settings = stub_settings(stub, llm_timeout_s=0.5)
        model = make_chat_model(settings)  # importing the provider's package is not the call's time
        started = time.monotonic()
        result = invoke_structured(
            model, load_prompt("extract.v1"), EXTRACT_VARIABLES, Owner, settings=settings
        )
        elapsed = time.monotonic() - started
    assert not result.ok and result.failure == "timeout"
    assert elapsed < 2.0


def test_http_local_server_without_key_gets_a_placeholder(stub_settings: Callable[..., Settings]) -> None:
    with OpenAIStub([StubReply(content=VALID)]) as stub:
        result = _extract(stub_settings(stub, llm_api_key=None))
    assert result.ok
    assert stub.headers[0]["authorization"] == "Bearer not-needed"


# --- a real endpoint, when one is configured -----------------------------------------------------------

REAL_URL = os.environ.get("ASSISTANT_TEST_LLM_BASE_URL")


@pytest.mark.skipif(
    not REAL_URL,
    reason="no real LLM endpoint: set ASSISTANT_TEST_LLM_BASE_URL (and optionally ASSISTANT_TEST_LLM_MODEL, "
    "ASSISTANT_TEST_LLM_API_KEY) to smoke-test an OpenAI-compatible server",
)
def test_smoke_real_openai_compatible_endpoint() -> None:
    """The chain against the real server: a validated answer, or, from a model too small to give one
    (SmolLM2-135M), every method tried down to the plain prompt and a clean failure (never a stop at the
    first method the server refuses); the whole invocation within its turn budget."""
    timeout_s = float(os.environ.get("ASSISTANT_TEST_LLM_TIMEOUT_S", "120"))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        llm_model=os.environ.get("ASSISTANT_TEST_LLM_MODEL") or "default",
        llm_base_url=REAL_URL,
        llm_api_key=os.environ.get("ASSISTANT_TEST_LLM_API_KEY") or None,
        llm_timeout_s=timeout_s,
        llm_turn_budget_s=4 * timeout_s,
    )
    model = make_chat_model(settings)
    assert model is not None
    started = time.monotonic()
    result = invoke_structured(model, load_prompt("extract.v1"), EXTRACT_VARIABLES, Owner, settings=settings)
    elapsed = time.monotonic() - started
    assert elapsed <= settings.llm_turn_budget_s + 5.0
    summary = f"{result.failure}: {result.detail} (method {result.method_used})"
    if os.environ.get("ASSISTANT_TEST_LLM_STRICT"):  # a model that reads Finnish (not SmolLM2-135M)
        assert result.ok and result.value is not None and result.value.year == 2025, summary
    elif result.ok:
        assert isinstance(result.value, Owner) and 2020 <= result.value.year <= 2040
    else:
        assert result.method_used == "prompt" and result.failure in ("none", "invalid"), summary
