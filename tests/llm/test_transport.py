"""Bounded calls over real HTTP: the client's deadline cuts a dripping server, the turn's budget bounds all
calls together, a timed-out call is not re-sent, one call at a time reaches a local server, and nothing
keeps running after the call returns."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pydantic import BaseModel

from assistant.llm import invoke_structured, load_prompt, make_chat_model, turn_budget
from assistant.settings import Settings
from evals.llm.servers import DripServer
from tests.llm.openai_stub import OpenAIStub, StubReply

VARIABLES = {
    "language": "suomi",
    "field_label": "Vastuutaho",
    "field_instruction": "-",
    "question": "Kuka vastaa?",
    "answer": "Tietohallintojohtaja.",
    "current_values": "{}",
}


class Owner(BaseModel):
    value: str


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def settings(url: str, **values: Any) -> Settings:
    return Settings(_env_file=None, llm_model="m", llm_base_url=url, **values)  # type: ignore[call-arg]


def extract(current: Settings, model: Any = None) -> Any:
    model = model or make_chat_model(current)
    assert model is not None
    return invoke_structured(model, load_prompt("extract.v1"), VARIABLES, Owner, settings=current)


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """One streamed call first: the client's modules for it load on first use (seconds on a busy
    machine), before any deadline starts; the timings below are of the calls alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        with OpenAIStub([StubReply(content='{"value": "x"}')]) as stub:
            assert extract(settings(stub.url)).ok


def test_a_dripping_server_is_cut_at_the_deadline_and_no_thread_is_left() -> None:
    before = threading.active_count()
    with DripServer(every_s=0.2) as drip:
        current = settings(drip.url, llm_timeout_s=1.0)
        model = make_chat_model(current)  # (importing the provider's package can take long here)
        started = time.monotonic()
        result = extract(current, model)
        elapsed = time.monotonic() - started
    assert not result.ok and result.failure == "timeout"
    assert elapsed < 2.5  # one call (a timeout ends the turn), cut within a chunk of its deadline
    assert result.attempts == 1
    assert threading.active_count() <= before  # the call ran in this thread; nothing abandoned


def test_a_slow_drip_is_cut_at_the_deadline_not_at_its_next_byte() -> None:
    """httpcore waits for each byte of the body as long as the whole call may take; the transport's timer
    closes the connection at the deadline itself (the server sees the client go within it)."""
    with DripServer(every_s=3.0) as drip:
        current = settings(drip.url, llm_timeout_s=1.0)
        model = make_chat_model(current)
        started = time.monotonic()
        result = extract(current, model)
        elapsed = time.monotonic() - started
        time.sleep(0.3)  # the server notices the closed connection
        held = list(drip.held)
    assert result.failure == "timeout" and result.attempts == 1
    assert elapsed < 2.0 and held and max(held) < 2.0  # the next byte would have come at 3 s


def test_a_timed_out_generation_is_never_sent_again() -> None:
    with OpenAIStub([StubReply(content='{"value": "x"}', delay_s=5)]) as stub:
        result = extract(settings(stub.url, llm_timeout_s=0.5, llm_max_retries=3))
    assert result.failure == "timeout"
    assert len(stub.requests) == 1


def test_the_turn_budget_bounds_all_calls_together() -> None:
    with OpenAIStub([StubReply(content='{"value": "x"}', delay_s=5)]) as stub:
        current = settings(stub.url, llm_timeout_s=30)
        model = make_chat_model(current)
        started = time.monotonic()
        with turn_budget(0.6):
            result = extract(current, model)
        elapsed = time.monotonic() - started
    assert result.failure == "timeout" and elapsed < 2.0


def test_a_spent_budget_starts_no_call() -> None:
    with OpenAIStub([StubReply(content='{"value": "x"}')]) as stub, turn_budget(0.01):
        time.sleep(0.05)
        result = extract(settings(stub.url))
    assert result.failure == "timeout" and stub.requests == []


def test_one_call_at_a_time_reaches_a_local_server() -> None:
    with OpenAIStub([StubReply(content='{"value": "x"}', delay_s=0.3)]) as stub:
        current = settings(stub.url, llm_timeout_s=10)
        results: list[Any] = []
        threads = [threading.Thread(target=lambda: results.append(extract(current))) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert all(r.ok for r in results)
    gaps = [b - a for a, b in zip(stub.request_times, stub.request_times[1:], strict=False)]
    assert len(gaps) == 2 and min(gaps) >= 0.25  # each request waited for the previous answer


def test_max_tokens_is_sent_per_task() -> None:
    with OpenAIStub([StubReply(content='{"value": "x"}')]) as stub:
        assert extract(settings(stub.url)).ok
        assert extract(settings(stub.url, llm_max_tokens=100)).ok
    # ChatOpenAI's max_completion_tokens and, for llama.cpp/vLLM servers, max_tokens
    assert [b.get("max_tokens") for b in stub.requests] == [384, 100]
    assert [b.get("max_completion_tokens") for b in stub.requests] == [384, 100]
