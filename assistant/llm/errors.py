"""How a failed model call is told apart: the server refused a structured-output method (try the next one),
a connection that never opened or a rate limit (retry), a timeout (never re-sent), anything else (stop).
Details are one short line without keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

import httpx
from langchain_core.exceptions import ModelInvalidRequestError, ModelRateLimitError, ModelTimeoutError
from pydantic import SecretStr

# Why a call failed: "none" = the model returned nothing (or only the schema back).
Failure = Literal["none", "invalid", "timeout", "rate_limited", "error"]
DETAIL_CHARS = 300

# Words in a 4xx/5xx answer that say "this server does not do that kind of structured output".
_REJECTION_MARKERS = (
    "response_format",
    "json_schema",
    "json_object",
    "structured output",
    "tool_choice",
    "tools",
    "tool call",
    "function",
    "grammar",
)
# Statuses that are about the request's form (a server may answer 500 for a format it cannot do).
_FORM_STATUSES = frozenset({400, 415, 422, 500, 501})
# Never a method problem: credentials, an unknown model or route, rate limits, an overloaded server.
_NOT_METHOD_STATUSES = frozenset({401, 403, 404, 408, 429, 502, 503, 504})


class StructuredOutputError(RuntimeError):
    """No validated answer: `failure` (none | invalid | timeout | rate_limited | error), a short `detail`
    safe to show, the model calls made (`attempts`) and the method of the last one (`method`)."""

    def __init__(self, failure: Failure, detail: str, *, attempts: int = 0, method: str = "") -> None:
        super().__init__(f"{failure}: {detail}")
        self.failure: Failure = failure
        self.detail = detail
        self.attempts = attempts
        self.method = method


def exception_chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def status_code(error: BaseException) -> int | None:
    for candidate in (error, getattr(error, "response", None)):
        status = getattr(candidate, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _openai() -> Any:
    try:
        import openai
    except ImportError:  # pragma: no cover - langchain-openai is a dependency
        return None
    return openai


def classify_exception(error: BaseException) -> Failure:
    """timeout, rate_limited or error, looking through the exception's causes."""
    openai = _openai()
    timeouts: tuple[type[BaseException], ...] = (TimeoutError, ModelTimeoutError, httpx.TimeoutException)
    rate_limits: tuple[type[BaseException], ...] = (ModelRateLimitError,)
    if openai is not None:
        timeouts += (openai.APITimeoutError,)
        rate_limits += (openai.RateLimitError,)
    for item in exception_chain(error):
        if isinstance(item, timeouts):
            return "timeout"
        if isinstance(item, rate_limits) or status_code(item) == 429:
            return "rate_limited"
    return "error"


def is_rejection(error: BaseException) -> bool:
    """The server refused the structured-output request itself (not the model's answer): an HTTP 4xx/5xx
    naming the response format, tools or grammar, or a server that dropped the connection on it (llama.cpp
    exits when a schema's grammar fails to compile)."""
    if isinstance(error, NotImplementedError):
        return True
    if classify_exception(error) == "timeout":  # a call cut at its deadline, whatever closed it
        return False
    for item in exception_chain(error):
        if isinstance(item, httpx.RemoteProtocolError):
            return True
        status = status_code(item)
        if isinstance(item, ModelInvalidRequestError) and status is None:
            status = 400
        if status is None or status in _NOT_METHOD_STATUSES or status < 400:
            continue
        text = str(item).lower()
        return status in _FORM_STATUSES and any(marker in text for marker in _REJECTION_MARKERS)
    return False


def is_retryable(error: BaseException) -> bool:
    """Worth sending again: a connection that could not be opened (nothing was generated) or a rate
    limit. A timeout never is: the server may still be generating the first answer."""
    if classify_exception(error) == "timeout":
        return False
    for item in exception_chain(error):
        if isinstance(item, httpx.ConnectError):
            return True
    return classify_exception(error) == "rate_limited"


def secrets_of(model: Any) -> list[str]:
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


def describe_exception(error: BaseException, secrets: list[str]) -> str:
    message = getattr(error, "message", None) or str(error) or ""
    return safe_detail(f"{type(error).__name__}: {message}", secrets)
