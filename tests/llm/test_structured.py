"""invoke_structured: validated values, one repair, and explicit failures (never an exception) - with
LangChain's fake chat models and with the real ChatOpenAI over HTTP against a scripted stub server."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest
from langchain_core.exceptions import ModelRateLimitError
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, Field, SecretStr

from assistant.llm import (
    StructuredResult,
    extract_json_object,
    invoke_structured,
    load_prompt,
)


class Owner(BaseModel):
    owner: str = Field(description="Vastuuhenkilö tai -taho")
    year: int = Field(ge=2020, le=2040)


VALID = '{"owner": "Tietohallintojohtaja", "year": 2025}'
EXPECTED = Owner(owner="Tietohallintojohtaja", year=2025)
PROMPT = ChatPromptTemplate.from_messages(
    [("system", "Palauta JSON skeeman mukaan:\n{schema}"), ("human", "Kieli: {language}\n{answer}")]
)
VARIABLES = {"language": "suomi", "answer": "Vastuussa on tietohallintojohtaja vuonna 2025."}


class ScriptedChatModel(BaseChatModel):
    """Answers from a script: a string (the message text), None (empty text), an exception (raised) or a
    callable (called, e.g. to sleep). Records the messages of every call."""

    script: list[Any]
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    api_key: SecretStr | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any):
        self.seen.append(list(messages))
        step = self.script[min(len(self.seen) - 1, len(self.script) - 1)]
        if callable(step) and not isinstance(step, str):
            step = step()
        if isinstance(step, BaseException):
            raise step
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=step or ""))])


class NoneStructuredModel(ScriptedChatModel):
    """A model whose with_structured_output returns None (a known pitfall of some integrations)."""

    structured_calls: int = 0

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kw: Any) -> Runnable:
        def answer(_: Any) -> None:
            self.structured_calls += 1
            return None

        return RunnableLambda(answer)


class RawStructuredModel(ScriptedChatModel):
    """with_structured_output(include_raw=True) whose parser failed: parsed None, the raw message kept."""

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kw: Any) -> Runnable:
        def answer(messages: Any) -> dict[str, Any]:
            raw = self.invoke(messages)
            return {"raw": raw, "parsed": None, "parsing_error": ValueError("parser failed")}

        return RunnableLambda(answer)


def run(model: BaseChatModel, **kw: Any) -> StructuredResult[Owner]:
    return invoke_structured(model, PROMPT, VARIABLES, Owner, **kw)


# --- fake models ---------------------------------------------------------------------------------------


def test_valid_json_first_try() -> None:
    result = run(FakeListChatModel(responses=[VALID]))
    assert result.ok and result.failure is None
    assert result.value == EXPECTED and isinstance(result.value, Owner)
    assert result.attempts == 1
    # Fake models have no structured output: "auto" found out at bind time and used the prompt.
    assert result.method_used == "prompt"
    assert "json_schema not available" in result.detail


def test_schema_is_filled_in_from_the_model_when_not_given() -> None:
    model = ScriptedChatModel(script=[VALID])
    run(model)
    system = model.seen[0][0].content
    assert '"owner"' in system and '"year"' in system and '"maximum": 2040' in system


def test_invalid_json_is_repaired_on_the_retry_with_the_validation_error() -> None:
    bad = '{"owner": "Tietohallintojohtaja"}'
    model = ScriptedChatModel(script=[bad, VALID])
    result = run(model)
    assert result.ok and result.value == EXPECTED
    assert result.attempts == 2
    assert "repaired" in result.detail
    retry = model.seen[1]
    assert retry[: len(model.seen[0])] == model.seen[0]  # the original conversation, then:
    assert isinstance(retry[-2], AIMessage) and retry[-2].content == bad
    assert isinstance(retry[-1], HumanMessage)
    text = retry[-1].content
    assert text.startswith("Vastauksesi ei ollut kelvollista JSONia skeeman mukaan: ")
    assert "year: Field required" in text
    assert text.endswith("Palauta vain korjattu JSON.")
    repair = load_prompt("repair.v1").format_messages(error="X")[0].content
    assert repair.split("X")[0] in text


def test_out_of_range_value_error_names_the_field() -> None:
    model = ScriptedChatModel(script=['{"owner": "x", "year": 1999}', VALID])
    result = run(model)
    assert result.ok and result.attempts == 2
    assert "year: Input should be greater than or equal to 2020" in model.seen[1][-1].content


def test_output_that_never_validates_fails_as_invalid() -> None:
    model = ScriptedChatModel(script=["En osaa vastata tähän.", '{"owner": 5}'])
    result = run(model)
    assert not result.ok and result.value is None
    assert result.failure == "invalid"
    assert result.attempts == 2  # exactly one retry
    assert len(model.seen) == 2
    assert "no JSON object found" in model.seen[1][-1].content
    assert "owner: Input should be a valid string" in result.detail


def test_structured_output_returning_none_moves_auto_on_to_the_prompt() -> None:
    model = NoneStructuredModel(script=[VALID])
    result = run(model)
    assert result.ok and result.value == EXPECTED
    assert result.method_used == "prompt"
    # json_schema, function_calling and json_mode each gave None once: no repair of an empty answer
    assert model.structured_calls == 3 and len(model.seen) == 1
    assert "json_schema: vastaus oli tyhjä" in result.detail


def test_structured_output_returning_none_with_an_explicit_method_falls_back_to_the_prompt() -> None:
    model = NoneStructuredModel(script=[None])
    result = run(model, method="json_schema")
    assert not result.ok and result.failure == "none"
    assert model.structured_calls == 1 and len(model.seen) == 2  # the prompt, and its one repair
    assert result.method_used == "prompt"


def test_a_schema_echo_moves_auto_on() -> None:
    echo = '{"type": "object", "properties": {"owner": {"type": "string"}, "year": {"type": "integer"}}}'
    model = RawStructuredModel(script=[echo, VALID])
    result = run(model, method="json_mode")
    assert result.ok and result.method_used == "prompt" and result.attempts == 2
    assert "repeated the JSON Schema" in result.detail


def test_empty_text_then_valid_answer() -> None:
    model = ScriptedChatModel(script=[None, VALID])
    result = run(model, method="prompt")
    assert result.ok and result.attempts == 2
    assert "vastaus oli tyhjä" in model.seen[1][-1].content


def test_empty_text_twice_fails_as_none() -> None:
    result = run(ScriptedChatModel(script=[None]), method="prompt")
    assert (result.ok, result.failure, result.attempts) == (False, "none", 2)


def test_parser_failure_is_rescued_from_the_raw_message() -> None:
    model = RawStructuredModel(script=[f"Tässä pyydetty JSON:\n```json\n{VALID}\n```"])
    result = run(model, method="json_mode")
    assert result.ok and result.value == EXPECTED
    assert (result.attempts, result.method_used) == (1, "json_mode")


def test_an_exception_fails_as_error_without_retrying() -> None:
    model = ScriptedChatModel(script=[RuntimeError("connection reset by peer")])
    result = run(model)
    assert not result.ok and result.failure == "error"
    assert result.attempts == 1
    assert "RuntimeError: connection reset by peer" in result.detail


def test_the_api_key_never_appears_in_the_detail() -> None:
    key = "sk-live-0123456789abcdef"
    model = ScriptedChatModel(script=[RuntimeError(f"401 Incorrect API key provided: {key}")], api_key=key)
    result = run(model)
    assert result.failure == "error"
    assert key not in result.detail and key not in result.model_dump_json()
    assert "***" in result.detail


def test_a_fast_model_is_not_affected_by_the_guard() -> None:
    result = run(ScriptedChatModel(script=[VALID]), timeout_s=5)
    assert result.ok and result.attempts == 1


def _request() -> httpx.Request:
    return httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


def _rate_limit_error() -> openai.RateLimitError:
    return openai.RateLimitError("Rate limit", response=httpx.Response(429, request=_request()), body=None)


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (_rate_limit_error(), "rate_limited"),
        (ModelRateLimitError("quota exceeded"), "rate_limited"),
        (httpx.HTTPStatusError("429", request=_request(), response=httpx.Response(429)), "rate_limited"),
        (openai.APITimeoutError(request=_request()), "timeout"),
        (httpx.ReadTimeout("read timed out"), "timeout"),
        (TimeoutError("slow"), "timeout"),
        (ValueError("something else"), "error"),
    ],
)
def test_exceptions_are_classified(error: Exception, failure: str) -> None:
    result = run(ScriptedChatModel(script=[error]))
    assert (result.ok, result.failure, result.attempts) == (False, failure, 1)


def test_a_wrapped_rate_limit_is_found_through_the_cause() -> None:
    try:
        try:
            raise ModelRateLimitError("429")
        except ModelRateLimitError as inner:
            raise RuntimeError("provider call failed") from inner
    except RuntimeError as outer:
        error = outer
    assert run(ScriptedChatModel(script=[error])).failure == "rate_limited"


@pytest.mark.parametrize(
    "text",
    [
        f"```json\n{VALID}\n```",
        f"Tässä vastaus:\n```\n{VALID}\n```\nKerro, jos tarvitset muuta.",
        f"Ehdotan seuraavaa: {VALID} Toivottavasti tämä auttaa.",
        f"Huomaa {{tämä}} ei ole JSONia. {VALID}",
        f"<think>Käyttäjä haluaa {{owner}} ja vuoden.</think>\n{VALID}",
    ],
)
def test_fenced_and_prose_wrapped_json_parses(text: str) -> None:
    result = run(FakeListChatModel(responses=[text]))
    assert result.ok and result.value == EXPECTED and result.attempts == 1


def test_extract_json_object_takes_the_outermost_object() -> None:
    nested = 'Alku {"a": {"b": 1}, "c": [1, 2]} loppu'
    assert extract_json_object(nested) == {"a": {"b": 1}, "c": [1, 2]}
    with pytest.raises(ValueError, match="no JSON object"):
        extract_json_object("ei JSONia lainkaan")


def test_result_serialises_with_its_value() -> None:
    result = run(FakeListChatModel(responses=[VALID]))
    assert result.model_dump()["value"] == {"owner": "Tietohallintojohtaja", "year": 2025}


def test_programming_errors_raise() -> None:
    with pytest.raises(KeyError):
        invoke_structured(FakeListChatModel(responses=[VALID]), PROMPT, {"language": "suomi"}, Owner)
    with pytest.raises(ValueError, match="Unknown structured-output method"):
        run(FakeListChatModel(responses=[VALID]), method="xml")
