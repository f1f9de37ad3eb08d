"""Structured output that never fails silently.

`invoke_structured` asks a chat model for an answer matching a pydantic schema and always returns a
`StructuredResult`: either a validated value, or `ok=False` with the reason (`failure`) and a short detail
that is safe to show. The caller then answers with its offline engine and says so. Model failures never
raise.

Methods ("auto" tries them in this order until one is accepted):

- `json_schema`: the provider's structured output (`with_structured_output(method="json_schema")`).
  Some OpenAI-compatible servers (llama.cpp) reject it with HTTP 400; `auto` then moves on.
- `json_mode`: the provider's JSON mode (`response_format={"type": "json_object"}` and the like).
- `prompt`: a plain call; the prompt itself asks for JSON, and the text is parsed leniently (code fences,
  prose around the object and `<think>` blocks are ignored).
- `function_calling`: a forced tool call (only when chosen explicitly).

Whatever the method, the answer is validated with `schema.model_validate`; an empty or invalid answer is
retried once with the validation error appended as a human message.
"""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, get_args

from langchain_core.exceptions import (
    ModelInvalidRequestError,
    ModelRateLimitError,
    ModelTimeoutError,
    OutputParserException,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable
from pydantic import BaseModel, SecretStr, ValidationError

log = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
# Why a call failed: "none" = the model returned nothing (e.g. structured output gave None).
Failure = Literal["none", "invalid", "timeout", "rate_limited", "error"]
Method = Literal["auto", "json_schema", "function_calling", "json_mode", "prompt"]
METHODS: tuple[str, ...] = get_args(Method)
AUTO_ORDER: tuple[str, ...] = ("json_schema", "json_mode", "prompt")

REPAIR_MESSAGE = (
    "Vastauksesi ei ollut kelvollista JSONia skeeman mukaan: {error}. Palauta vain korjattu JSON."
)
EMPTY_ANSWER = "vastaus oli tyhjä (None)"
DETAIL_CHARS = 300
ERROR_CHARS = 1500

# Words in an HTTP 400 that mean "this server does not do that kind of structured output".
_REJECTION_MARKERS = (
    "response_format",
    "json_schema",
    "json_object",
    "structured output",
    "tool_choice",
    "tools",
    "grammar",
)


class StructuredResult(BaseModel, Generic[ModelT]):
    """The outcome of `invoke_structured`. `ok` is True exactly when `value` holds a validated object.

    `failure` is None on success, else: "none" (the model returned nothing, also after the retry),
    "invalid" (its answer did not validate, also after the retry), "timeout", "rate_limited" or "error"
    (anything else: connection refused, authentication, a server error, ...). `detail` is one short line,
    safe to show or log (keys are masked). `attempts` counts model calls, including calls a server rejected
    before `auto` moved to the next method; `method_used` is the method of the last call.
    """

    value: ModelT | None = None
    ok: bool
    failure: Failure | None = None
    detail: str = ""
    attempts: int = 0
    method_used: str = ""


class _Deadline(TimeoutError):
    """The wall-clock guard gave up on a model call."""


@dataclass
class _Answer:
    """One model call's answer: a validated value, or what was wrong with it."""

    value: BaseModel | None = None
    raw_text: str = ""
    error: str = ""
    empty: bool = False


# --- parsing -----------------------------------------------------------------------------------------

_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)```", re.S)
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)


def extract_json_object(text: str) -> Any:
    """The JSON object in a model's text: the whole text, a ```json fenced block, or the outermost
    `{...}` inside prose. Raises ValueError when there is none."""
    text = _THINK.sub("", text).strip()
    if not text:
        raise ValueError("the answer was empty")
    candidates = [text, *(m.group(1).strip() for m in _FENCE.finditer(text))]
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    for source in candidates:
        for match in re.finditer(r"\{", source):
            try:
                obj, _ = decoder.raw_decode(source, match.start())
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                return obj
    raise ValueError("no JSON object found in the answer")


def describe_validation_error(error: ValidationError) -> str:
    """A compact, model-readable list of what failed: `field.path: message`."""
    parts = []
    for item in error.errors(include_url=False):
        location = ".".join(str(p) for p in item.get("loc", ())) or "(root)"
        parts.append(f"{location}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)[:ERROR_CHARS]


def _validate(schema: type[ModelT], data: Any) -> tuple[ModelT | None, str]:
    try:
        if isinstance(data, schema):
            return schema.model_validate(data.model_dump()), ""
        if isinstance(data, BaseModel):
            data = data.model_dump()
        return schema.model_validate(data), ""
    except ValidationError as error:
        return None, describe_validation_error(error)


def _message_text(message: Any) -> str:
    if isinstance(message, BaseMessage):
        return message.text
    return "" if message is None else str(message)


def _answer_from_text(schema: type[ModelT], text: str) -> _Answer:
    if not _THINK.sub("", text).strip():
        return _Answer(raw_text=text, error=EMPTY_ANSWER, empty=True)
    try:
        data = extract_json_object(text)
    except ValueError as error:
        return _Answer(raw_text=text, error=str(error))
    value, problem = _validate(schema, data)
    return _Answer(value=value, raw_text=text, error=problem)


def _answer_from_message(schema: type[ModelT], message: Any) -> _Answer:
    """A raw AIMessage: a tool call's arguments, or JSON in the text."""
    if isinstance(message, AIMessage):
        if message.tool_calls:
            args = message.tool_calls[0].get("args")
            value, problem = _validate(schema, args)
            return _Answer(value=value, raw_text=json.dumps(args, ensure_ascii=False), error=problem)
        if message.invalid_tool_calls:
            text = message.invalid_tool_calls[0].get("args") or ""
            return _answer_from_text(schema, text)
    return _answer_from_text(schema, _message_text(message))


def _answer_from_structured(schema: type[ModelT], output: Any) -> _Answer:
    """What `with_structured_output(..., include_raw=True)` returned (or None, which some models do)."""
    if output is None:
        return _Answer(error=EMPTY_ANSWER, empty=True)
    if isinstance(output, dict) and "raw" in output:
        parsed = output.get("parsed")
        if parsed is not None:
            value, problem = _validate(schema, parsed)
            if value is not None:
                return _Answer(value=value, raw_text=_message_text(output.get("raw")))
        return _answer_from_message(schema, output.get("raw"))
    if isinstance(output, AIMessage):
        return _answer_from_message(schema, output)
    value, problem = _validate(schema, output)
    return _Answer(value=value, error=problem)


# --- exceptions --------------------------------------------------------------------------------------


def _exception_chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _status_code(error: BaseException) -> int | None:
    for candidate in (error, getattr(error, "response", None)):
        status = getattr(candidate, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _timeout_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [TimeoutError, ModelTimeoutError]
    try:
        import httpx

        types.append(httpx.TimeoutException)
    except ImportError:  # pragma: no cover
        pass
    try:
        import openai

        types.append(openai.APITimeoutError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(types)


def _rate_limit_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [ModelRateLimitError]
    try:
        import openai

        types.append(openai.RateLimitError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(types)


def classify_exception(error: BaseException) -> Failure:
    """timeout, rate_limited or error, looking through the exception's causes."""
    timeouts, rate_limits = _timeout_types(), _rate_limit_types()
    for item in _exception_chain(error):
        if isinstance(item, timeouts):
            return "timeout"
        if isinstance(item, rate_limits) or _status_code(item) == 429:
            return "rate_limited"
    return "error"


def _is_output_error(error: BaseException) -> bool:
    """The call worked but the provider's own parsing of the answer failed (e.g. the OpenAI client
    validating a json_schema answer): that is an invalid answer, to be repaired."""
    if isinstance(error, ValidationError | json.JSONDecodeError | OutputParserException):
        return True
    return type(error).__name__ == "LengthFinishReasonError"


def _is_rejection(error: BaseException) -> bool:
    """The server refused the structured-output request itself (not the model's answer)."""
    if isinstance(error, NotImplementedError):
        return True
    for item in _exception_chain(error):
        if isinstance(item, ModelInvalidRequestError) or _status_code(item) in (400, 422):
            text = str(item).lower()
            return any(marker in text for marker in _REJECTION_MARKERS)
    return False


def _secrets_of(model: Any) -> list[str]:
    found: list[str] = []
    for value in getattr(model, "__dict__", {}).values():
        if isinstance(value, SecretStr) and value.get_secret_value():
            found.append(value.get_secret_value())
    return found


def safe_detail(text: str, secrets: list[str] | None = None) -> str:
    """Short, one line, without keys."""
    for secret in secrets or ():
        text = text.replace(secret, "***")
    text = re.sub(r"\bsk-[A-Za-z0-9_\-]{6,}", "sk-***", text)
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"


def _describe_exception(error: BaseException, secrets: list[str]) -> str:
    if isinstance(error, _Deadline):
        return str(error)
    message = getattr(error, "message", None) or str(error) or ""
    return safe_detail(f"{type(error).__name__}: {message}", secrets)


# --- calls -------------------------------------------------------------------------------------------


def call_with_deadline(function: Callable[[], Any], timeout_s: float | None) -> Any:
    """Run `function` in a worker thread and give up after `timeout_s` seconds (raising TimeoutError).

    A call that is given up on keeps running in its daemon thread until the client's own timeout ends it;
    its result is discarded."""
    if timeout_s is None:
        return function()
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["result"] = function()
        except BaseException as error:  # handed over to the caller's thread
            box["error"] = error
        finally:
            done.set()

    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(target,), name="llm-call", daemon=True)
    worker.start()
    if not done.wait(timeout_s):
        raise _Deadline(f"no answer within {timeout_s:g} s")
    if "error" in box:
        raise box["error"]
    return box["result"]


def _method_chain(method: str) -> tuple[str, ...]:
    if method not in METHODS:
        expected = ", ".join(METHODS)
        raise ValueError(f"Unknown structured-output method {method!r}; expected one of {expected}.")
    if method == "auto":
        return AUTO_ORDER
    if method == "prompt":
        return ("prompt",)
    return (method, "prompt")


def _bind(model: BaseChatModel, schema: type[BaseModel], method: str) -> Runnable[Any, Any] | None:
    """The runnable for a method, or None when the model cannot do it (found out at bind time)."""
    if method == "prompt":
        return model
    try:
        return model.with_structured_output(schema, method=method, include_raw=True)
    except (NotImplementedError, ValueError, TypeError) as error:
        log.info("structured output %s unavailable for %s: %s", method, type(model).__name__, error)
        return None


def schema_json(schema: type[BaseModel]) -> str:
    """The JSON Schema that prompts receive as `{schema}`."""
    return json.dumps(schema.model_json_schema(), ensure_ascii=False, indent=2)


def invoke_structured(
    model: BaseChatModel,
    prompt: ChatPromptTemplate,
    variables: dict[str, Any],
    schema: type[ModelT],
    *,
    method: str = "auto",
    timeout_s: float | None = None,
) -> StructuredResult[ModelT]:
    """Ask `model` for a `schema` object; never raises for model failures.

    `variables` fill the prompt (`schema` is filled from the pydantic model when the prompt uses it and
    the caller did not give it). `timeout_s` (pass `settings.llm_timeout_s`) is a hard wall-clock limit for
    each model call: the call runs in a worker thread and is abandoned after it (failure "timeout").
    Timeouts and rate limits end the attempt at once (the client has already retried); an empty or invalid
    answer is retried once with the error. A missing prompt variable or an unknown method is a programming
    error and raises (KeyError, ValueError)."""
    chain = _method_chain(method)
    values = dict(variables)
    if "schema" in prompt.input_variables and "schema" not in values:
        values["schema"] = schema_json(schema)
    messages = prompt.format_messages(**values)
    secrets = _secrets_of(model)
    attempts = 0
    notes: list[str] = []
    started = time.monotonic()

    def done(result: StructuredResult[ModelT]) -> StructuredResult[ModelT]:
        elapsed = time.monotonic() - started
        if result.ok:
            log.info(
                "structured output ok: %s, %d call(s), %.1f s", result.method_used, result.attempts, elapsed
            )
        else:
            log.warning(
                "structured output failed (%s) after %d call(s), %.1f s: %s",
                result.failure,
                result.attempts,
                elapsed,
                result.detail,
            )
        return result

    def failed(failure: Failure, detail: str, method_used: str) -> StructuredResult[ModelT]:
        text = "; ".join([*notes, detail]) if notes else detail
        return done(
            StructuredResult(
                ok=False,
                failure=failure,
                detail=safe_detail(text, secrets),
                attempts=attempts,
                method_used=method_used,
            )
        )

    for index, current in enumerate(chain):
        runner = _bind(model, schema, current)
        if runner is None:
            notes.append(f"{current} not available")
            continue

        def run(
            batch: list[BaseMessage], runner: Runnable[Any, Any] = runner, current: str = current
        ) -> _Answer:
            output = runner.invoke(batch)
            if current == "prompt":
                return _answer_from_message(schema, output)
            return _answer_from_structured(schema, output)

        answer: _Answer | None = None
        for attempt in range(2):
            batch = list(messages)
            if attempt == 1:
                assert answer is not None
                if answer.raw_text.strip():
                    batch.append(AIMessage(content=answer.raw_text))
                batch.append(HumanMessage(content=REPAIR_MESSAGE.format(error=answer.error or EMPTY_ANSWER)))
            attempts += 1
            try:
                answer = call_with_deadline(functools.partial(run, batch), timeout_s)
            except Exception as error:
                if _is_output_error(error):
                    problem = (
                        describe_validation_error(error) if isinstance(error, ValidationError) else str(error)
                    )
                    answer = _Answer(error=problem[:ERROR_CHARS] or type(error).__name__)
                elif attempt == 0 and index + 1 < len(chain) and _is_rejection(error):
                    notes.append(f"{current} rejected ({_describe_exception(error, secrets)[:120]})")
                    log.info("structured output %s rejected; trying %s", current, chain[index + 1])
                    answer = None
                    break
                else:
                    return failed(classify_exception(error), _describe_exception(error, secrets), current)
            if answer.value is not None:
                detail = "; ".join([*notes, "repaired on retry"] if attempt else notes)
                return done(
                    StructuredResult(
                        value=answer.value,
                        ok=True,
                        detail=safe_detail(detail, secrets),
                        attempts=attempts,
                        method_used=current,
                    )
                )
        if answer is None:  # rejected: next method
            continue
        failure: Failure = "none" if answer.empty else "invalid"
        what = "no answer" if answer.empty else "answer did not validate"
        return failed(failure, f"{what} after a retry: {answer.error}", current)
    return failed("error", "no structured-output method is available for this model", "")
