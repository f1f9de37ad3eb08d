"""Structured output as a LangChain runnable that adapts to the server.

    chain = structured_runnable(settings, Schema, "extract.v1", task="extract")
    value = chain.invoke(variables)        # a validated Schema, or raises StructuredOutputError

One runnable per method, `prompt | model(max_tokens).with_structured_output(small schema, method=...)
.with_retry(...) | check`, tried in the order json_schema -> function_calling -> json_mode -> prompt with
`with_fallbacks`. A method moves on when the server refuses it (an HTTP 4xx/5xx naming the response format,
tools or grammar; a connection dropped on it), when the answer is empty or echoes the schema, or when it is
still invalid after one repair (the validation error sent back with `prompts/repair.v1.md`). The plain
`prompt` method parses the text strictly with pydantic after lenient JSON extraction. The method that
worked is remembered per model for the process, and one the server refused is not tried again.

Bounds: `max_tokens` per task (`prompts/tasks.yaml`), the HTTP client's deadline per call and the turn's
budget (`assistant/llm/transport.py`); `with_retry` re-sends only a connection that never opened or a
rate-limited request, never a timed-out generation.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.prompt_values import PromptValue
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda
from pydantic import BaseModel, ValidationError

from assistant.llm.callbacks import CallLogger, Outcome, record
from assistant.llm.errors import (
    Failure,
    StructuredOutputError,
    classify_exception,
    describe_exception,
    is_rejection,
    is_retryable,
    safe_detail,
    secrets_of,
)
from assistant.llm.factory import LLMConfigError, make_chat_model
from assistant.llm.parsing import (
    describe_validation_error,
    extract_json_object,
    is_schema_echo,
    schema_json,
    strip_thinking,
    wire_schema,
)
from assistant.llm.prompts import load_prompt, task_max_tokens
from assistant.llm.transport import turn_budget
from assistant.settings import Settings

ModelT = TypeVar("ModelT", bound=BaseModel)
AUTO_ORDER: tuple[str, ...] = ("json_schema", "function_calling", "json_mode", "prompt")
METHODS: tuple[str, ...] = ("auto", *AUTO_ORDER)
EMPTY_ANSWER = "vastaus oli tyhjä (None)"

# Per model (class, server, name): the method that worked, and the methods the server refused.
_WORKED: dict[str, str] = {}
_REFUSED: dict[str, set[str]] = {}
_MEMORY_LOCK = threading.Lock()


class _MoveOn(Exception):
    """This method gave nothing usable; `with_fallbacks` tries the next one."""

    def __init__(self, method: str, note: str, failure: Failure, *, refused: bool = False) -> None:
        super().__init__(note)
        self.method, self.note, self.failure, self.refused = method, note, failure, refused


@dataclass
class _Trace:
    calls: int = 0
    method: str = ""
    notes: list[str] = field(default_factory=list)
    repaired: bool = False
    failure: Failure = "invalid"  # of the last method that moved on


def model_key(model: BaseChatModel) -> str:
    base = getattr(model, "openai_api_base", None) or getattr(model, "base_url", None) or ""
    name = getattr(model, "model_name", None) or getattr(model, "model", None) or ""
    return f"{type(model).__name__}|{base}|{name}"


def remembered_method(model: BaseChatModel) -> str | None:
    return _WORKED.get(model_key(model))


def forget_methods() -> None:
    """Forget what every model did (tests, or after the server was changed)."""
    with _MEMORY_LOCK:
        _WORKED.clear()
        _REFUSED.clear()


def method_order(model: BaseChatModel, method: str) -> tuple[str, ...]:
    """The methods to try: `auto` starts at the one that worked and skips the refused ones; an explicit
    method falls back to the plain prompt only."""
    if method not in METHODS:
        raise ValueError(
            f"Unknown structured-output method {method!r}; expected one of {', '.join(METHODS)}."
        )
    if method != "auto":
        return (method,) if method == "prompt" else (method, "prompt")
    key = model_key(model)
    refused = _REFUSED.get(key, set())
    order = [m for m in AUTO_ORDER if m not in refused or m == "prompt"]
    worked = _WORKED.get(key)
    if worked in order:
        order = order[order.index(worked) :]
    return tuple(order)


def serves_openai_compatible(model: BaseChatModel) -> bool:
    """A ChatOpenAI pointed at another server (llama.cpp, vLLM) rather than OpenAI's own API."""
    base = getattr(model, "openai_api_base", None)
    return bool(base) and "api.openai.com" not in str(base) and type(model).__name__ == "ChatOpenAI"


def with_max_tokens(
    model: BaseChatModel, max_tokens: int, *, openai_compatible: bool = False
) -> BaseChatModel:
    """A copy of `model` that generates at most `max_tokens` (it shares the HTTP client)."""
    fields = type(model).model_fields
    update: dict[str, Any] = {}
    if "max_tokens" in fields:
        update["max_tokens"] = max_tokens
    elif "num_predict" in fields:  # Ollama
        update["num_predict"] = max_tokens
    if openai_compatible and "extra_body" in fields:
        # ChatOpenAI sends max_completion_tokens; llama.cpp and vLLM servers read max_tokens.
        update["extra_body"] = {**(getattr(model, "extra_body", None) or {}), "max_tokens": max_tokens}
    return model.model_copy(update=update) if update else model


def _messages(value: PromptValue) -> list[BaseMessage]:
    return value.to_messages()


def _text(message: Any) -> str:
    if isinstance(message, BaseMessage):
        return message.text
    return "" if message is None else str(message)


def _candidate(output: Any) -> tuple[Any, str, bool]:
    """(data to validate or None, raw text, cut at max_tokens) from a method's output."""
    raw = output.get("raw") if isinstance(output, dict) and "raw" in output else output
    parsed = output.get("parsed") if isinstance(output, dict) and "raw" in output else None
    cut = isinstance(raw, AIMessage) and (raw.response_metadata or {}).get("finish_reason") == "length"
    if isinstance(raw, AIMessage) and raw.tool_calls:
        args = raw.tool_calls[0].get("args")
        return args, _text(raw) or str(args), cut
    if isinstance(raw, AIMessage) and raw.invalid_tool_calls:
        return parsed, raw.invalid_tool_calls[0].get("args") or "", cut
    if parsed is None and not isinstance(raw, BaseMessage) and raw is not None:
        parsed = raw  # a model whose structured output returns the value itself
    return parsed, _text(raw) if isinstance(raw, BaseMessage) else "", cut


class _Attempt:
    """One method: call, check, repair once. Raises `_MoveOn` or `StructuredOutputError`."""

    def __init__(self, owner: StructuredChain, method: str, call: Runnable[Any, Any], *, last: bool) -> None:
        self.owner, self.method, self.call, self.last = owner, method, call, last
        self.schema, self.repair, self.secrets = owner.schema, owner.repair, owner.secrets

    def trace(self) -> _Trace:
        return self.owner.trace()

    def move_on(self, note: str, failure: Failure, *, refused: bool = False) -> _MoveOn:
        self.trace().notes.append(note)
        self.trace().failure = failure
        if refused:
            with _MEMORY_LOCK:
                _REFUSED.setdefault(model_key(self.owner.model), set()).add(self.method)
        return _MoveOn(self.method, note, failure, refused=refused)

    def _check(self, output: Any) -> tuple[BaseModel | None, str, str, bool]:
        """(value, problem, raw text, empty or echo)."""
        data, raw_text, cut = _candidate(output)
        if data is None:
            if not strip_thinking(raw_text):
                return None, EMPTY_ANSWER, raw_text, True
            try:
                data = extract_json_object(raw_text)
            except ValueError as error:
                return None, str(error) + (" (cut at max_tokens)" if cut else ""), raw_text, False
        if isinstance(data, BaseModel):
            data = data.model_dump()
        if is_schema_echo(data, self.schema):
            return None, "the answer repeated the JSON Schema instead of filling it in", raw_text, True
        try:
            return self.schema.model_validate(data), "", raw_text, False
        except ValidationError as error:
            return None, describe_validation_error(error), raw_text, False

    def _invoke(self, messages: list[BaseMessage], config: RunnableConfig | None) -> Any:
        trace = self.trace()
        trace.calls += 1
        trace.method = self.method
        try:
            return self.call.invoke(messages, config)
        except Exception as error:
            detail = describe_exception(error, self.secrets)
            if not self.last and is_rejection(error):
                raise self.move_on(f"{self.method} refused ({detail[:120]})", "error", refused=True) from None
            raise StructuredOutputError(classify_exception(error), detail, method=self.method) from None

    def __call__(self, messages: list[BaseMessage], config: RunnableConfig | None = None) -> BaseModel:
        value, problem, raw_text, empty = self._check(self._invoke(messages, config))
        if value is not None:
            return value
        if empty and not self.last:
            raise self.move_on(f"{self.method}: {problem}", "none")
        batch = list(messages)
        if raw_text.strip():
            batch.append(AIMessage(content=raw_text))
        batch.extend(self.repair.format_messages(error=problem))
        value, problem, _, empty = self._check(self._invoke(batch, config))
        if value is not None:
            self.trace().repaired = True
            return value
        failure: Failure = "none" if empty else "invalid"
        what = "no answer" if empty else "answer did not validate"
        if not self.last:
            raise self.move_on(f"{self.method}: {what} after a retry: {problem[:200]}", failure)
        raise StructuredOutputError(failure, f"{what} after a retry: {problem}", method=self.method)


class StructuredChain:
    """Built by `structured_runnable`; use it as a runnable (`.invoke(variables)`) or through `.runnable`."""

    def __init__(
        self,
        model: BaseChatModel,
        schema: type[BaseModel],
        prompt: ChatPromptTemplate,
        *,
        task: str,
        method: str = "auto",
        max_tokens: int,
        max_retries: int = 1,
        openai_compatible: bool = False,
        budget_s: float | None = None,
    ) -> None:
        method_order(model, method)  # validates the method name
        self.model, self.schema, self.prompt, self.task, self.method = model, schema, prompt, task, method
        self.budget_s = budget_s
        compatible = openai_compatible or serves_openai_compatible(model)
        self.bounded = with_max_tokens(model, max_tokens, openai_compatible=compatible)
        self.max_retries = max_retries
        self.repair = load_prompt("repair.v1")
        self.secrets = secrets_of(model)
        self.wire = wire_schema(schema)
        self._local = threading.local()
        self.runnable: Runnable[dict[str, Any], Any] = RunnableLambda(self._run, name=f"structured:{task}")

    def trace(self) -> _Trace:
        trace: _Trace = self._local.trace  # set by _run, for this thread's invocation
        return trace

    def _bound(self, method: str) -> Runnable[Any, Any] | None:
        if method == "prompt":
            call: Runnable[Any, Any] = self.bounded
        else:
            try:
                call = self.bounded.with_structured_output(self.wire, method=method, include_raw=True)
            except (NotImplementedError, ValueError, TypeError):
                return None
        if self.max_retries:
            call = call.with_retry(
                retry_if_exception_type=is_retryable,
                stop_after_attempt=1 + self.max_retries,
                exponential_jitter_params={"max": 4.0},
            )
        return call

    def _chain(self, order: tuple[str, ...]) -> tuple[Runnable[Any, Any] | None, list[str]]:
        steps: list[Runnable[Any, Any]] = []
        bound = [(m, self._bound(m)) for m in order]
        usable = [(m, b) for m, b in bound if b is not None]
        unavailable = [f"{m} not available" for m, b in bound if b is None]
        for i, (m, call) in enumerate(usable):
            attempt = _Attempt(self, m, call, last=i == len(usable) - 1)
            steps.append(RunnableLambda(attempt, name=f"{self.task}:{m}"))
        if not steps:
            return None, unavailable
        methods = steps[0].with_fallbacks(steps[1:], exceptions_to_handle=(_MoveOn,))
        return self.prompt | RunnableLambda(_messages, name="messages") | methods, unavailable

    def invoke(self, variables: dict[str, Any], config: RunnableConfig | None = None) -> Any:
        return self.runnable.invoke(variables, config)

    def _run(self, variables: dict[str, Any], config: RunnableConfig | None = None) -> Any:
        values = dict(variables)
        if "schema" in self.prompt.input_variables and "schema" not in values:
            values["schema"] = schema_json(self.schema)
        order = method_order(self.model, self.method)
        trace = self._local.trace = _Trace()
        started = time.monotonic()
        chain, trace.notes = self._chain(order)
        callbacks = [CallLogger(self.task)]
        with turn_budget(self.budget_s):
            return self._invoke_chain(chain, values, order, trace, started, callbacks)

    def _invoke_chain(
        self,
        chain: Runnable[Any, Any] | None,
        values: dict[str, Any],
        order: tuple[str, ...],
        trace: _Trace,
        started: float,
        callbacks: list[Any],
    ) -> Any:
        try:
            if chain is None:
                raise StructuredOutputError(
                    "error", "no structured-output method is available for this model"
                )
            try:
                value = chain.invoke(values, {"callbacks": callbacks, "run_name": self.task})
            except _MoveOn:  # every method moved on (only when the last one did too)
                raise StructuredOutputError(trace.failure, "", method=trace.method) from None
        except StructuredOutputError as error:
            error.attempts, error.method = trace.calls, error.method or trace.method
            error.detail = safe_detail("; ".join(x for x in [*trace.notes, error.detail] if x), self.secrets)
            self._finish(order, trace, started, error.failure)
            raise
        self._finish(order, trace, started, None)
        with _MEMORY_LOCK:
            _WORKED[model_key(self.model)] = trace.method
        return value

    def _finish(self, order: tuple[str, ...], trace: _Trace, started: float, failure: str | None) -> None:
        seconds = time.monotonic() - started
        record(Outcome(self.task, list(order), trace.method, failure is None, failure, trace.calls, seconds))


def structured_runnable(
    source: Settings | BaseChatModel,
    schema: type[ModelT],
    prompt_name: str | ChatPromptTemplate,
    task: str,
    *,
    method: str | None = None,
    max_tokens: int | None = None,
) -> Runnable[dict[str, Any], ModelT]:
    """A runnable that turns the prompt's variables into a validated `schema` object, or raises
    `StructuredOutputError` (failure none | invalid | timeout | rate_limited | error, with a safe detail).

    `source`: the settings (the model is made from them; `LLMConfigError` when it cannot be) or a chat
    model. `task` picks `max_tokens` from `prompts/tasks.yaml` (lowered by `LLM_MAX_TOKENS`) and names the
    calls in the logs. `method` defaults to `LLM_STRUCTURED_METHOD` (settings) or `auto`."""
    return structured_chain(source, schema, prompt_name, task, method=method, max_tokens=max_tokens).runnable


def structured_chain(
    source: Settings | BaseChatModel,
    schema: type[BaseModel],
    prompt_name: str | ChatPromptTemplate,
    task: str,
    *,
    method: str | None = None,
    max_tokens: int | None = None,
    budget_s: float | None = None,
) -> StructuredChain:
    """`structured_runnable`'s chain object (its `.runnable`, or `.invoke`)."""
    settings = source if isinstance(source, Settings) else None
    model = make_chat_model(settings) if settings is not None else source
    if model is None:
        raise LLMConfigError("LLM_MODEL is not set: there is no language model to call.", code="no_model")
    assert isinstance(model, BaseChatModel)
    limit = max_tokens or task_max_tokens(task)
    if settings is not None and settings.llm_max_tokens:
        limit = min(limit, settings.llm_max_tokens)
    prompt = load_prompt(prompt_name) if isinstance(prompt_name, str) else prompt_name
    return StructuredChain(
        model,
        schema,
        prompt,
        task=task,
        method=method or (settings.llm_structured_method if settings is not None else "auto"),
        max_tokens=limit,
        max_retries=settings.llm_max_retries if settings is not None else 1,
        openai_compatible=bool(settings is not None and settings.llm_base_url),
        budget_s=settings.llm_turn_budget_s if settings is not None else budget_s,
    )
