"""The HTTP layer under every model call: one deadline per call that the client enforces, a per-turn budget,
a limit on concurrent calls per model, and nothing left running when a call gives up.

The OpenAI (and Azure, Ollama) clients take an `httpx.Client`; its transport here

- cancels the request when the call's deadline passes: connect, write and the wait for the answer get at
  most the time left, and the response body is cut at the deadline (a timer shuts the socket down), so a
  server that drips a byte every few seconds is cut off too (the server sees the client go away; a
  streamed generation then stops, see `assistant.llm.factory`);
- waits for a free slot of the model (`max_concurrent`, by default 1 for a server at `LLM_BASE_URL`) at most
  until the deadline, so a single-slot local server is never sent a second request it would queue;
- runs in the caller's thread (the deadline's timer is cancelled when the body is closed): nothing outlives
  its call, a process exits as soon as it answered.

The deadline of a call is `LLM_TIMEOUT_S` from its start, shortened to the end of the current turn's budget
(`turn_budget`, `LLM_TURN_BUDGET_S`).
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

_turn_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "llm_turn_deadline", default=None
)


class BudgetExceeded(httpx.TimeoutException):
    """The turn's budget for model calls is spent; no further call is started."""


@contextlib.contextmanager
def turn_budget(seconds: float | None) -> Iterator[None]:
    """Model calls inside share one budget of `seconds` (an enclosing, earlier budget wins)."""
    if seconds is None:
        yield
        return
    outer = _turn_deadline.get()
    deadline = time.monotonic() + seconds
    token = _turn_deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _turn_deadline.reset(token)


def turn_remaining() -> float | None:
    """Seconds left of the current turn's budget (None: no budget is set)."""
    deadline = _turn_deadline.get()
    return None if deadline is None else deadline - time.monotonic()


@dataclass(frozen=True)
class Limits:
    timeout_s: float
    max_concurrent: int | None = None  # None: no limit
    key: str = ""  # calls with the same key (the server and model) share the concurrency slots


_SLOTS: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots_for(key: str, size: int) -> threading.BoundedSemaphore:
    """One semaphore per server and model for the whole process, whatever builds the clients."""
    with _SLOTS_LOCK:
        return _SLOTS.setdefault((key, size), threading.BoundedSemaphore(size))


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that raises `httpx.ReadTimeout` (and closes) once the deadline has passed.

    httpcore gives every read of the body the read timeout the request started with, so a server that
    drips a byte now and then would be read past the deadline; a timer shuts the socket down at the
    deadline (it is cancelled when the body is closed, so it never outlives the call)."""

    def __init__(
        self, stream: httpx.SyncByteStream, deadline: float, release: Any, sock: socket.socket | None
    ) -> None:
        self._stream = stream
        self._deadline = deadline
        self._release = release
        self._cut = threading.Event()
        self._timer: threading.Timer | None = None
        if sock is not None:
            self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._shutdown, (sock,))
            self._timer.daemon = True
            self._timer.start()

    def _shutdown(self, sock: socket.socket) -> None:
        self._cut.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked read, which then ends the body

    def _late(self) -> httpx.ReadTimeout:
        return httpx.ReadTimeout("the model's answer did not arrive within the call's deadline")

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._stream:
                if time.monotonic() > self._deadline or self._cut.is_set():
                    raise self._late()
                yield chunk
            if self._timer is not None:
                self._timer.cancel()
        except httpx.ReadTimeout:
            self.close()
            raise
        except BaseException:
            self.close()  # frees the connection and the model's slot at once
            if self._cut.is_set():
                raise self._late() from None
            raise
        if self._cut.is_set():  # the cut socket read as the end of the body
            self.close()
            raise self._late()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        try:
            self._stream.close()
        finally:
            self._release()


class BoundedTransport(httpx.BaseTransport):
    """An `httpx.HTTPTransport` with a per-call deadline and a concurrency limit (see the module doc).

    `retries` are httpx's connect retries: only a connection that could not be opened is tried again,
    never a request the server has received."""

    def __init__(self, limits: Limits, *, retries: int = 0) -> None:
        self.limits = limits
        self._inner = httpx.HTTPTransport(retries=retries)
        self._slots = _slots_for(limits.key, limits.max_concurrent) if limits.max_concurrent else None

    def _deadline(self) -> float:
        deadline = time.monotonic() + self.limits.timeout_s
        turn = _turn_deadline.get()
        return deadline if turn is None else min(deadline, turn)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = self._deadline()
        left = deadline - time.monotonic()
        if left <= 0:
            raise BudgetExceeded("the turn's time budget for the language model is spent", request=request)
        if self._slots is not None and not self._slots.acquire(timeout=left):
            raise httpx.PoolTimeout(
                "the model is busy with another call (LLM_MAX_CONCURRENT)", request=request
            )
        released = threading.Event()

        def release() -> None:
            if self._slots is not None and not released.is_set():
                released.set()
                self._slots.release()

        try:
            left = max(0.01, deadline - time.monotonic())
            request.extensions["timeout"] = httpx.Timeout(left).as_dict()
            response = self._inner.handle_request(request)
        except BaseException:
            release()
            raise
        assert isinstance(response.stream, httpx.SyncByteStream)
        network = response.extensions.get("network_stream")
        sock = network.get_extra_info("socket") if network is not None else None
        response.stream = _DeadlineStream(response.stream, deadline, release, sock)
        return response

    def close(self) -> None:
        self._inner.close()


def http_client(limits: Limits, *, retries: int = 0) -> httpx.Client:
    """An `httpx.Client` for a chat model: bounded calls, connect retries only."""
    return httpx.Client(
        transport=BoundedTransport(limits, retries=retries), timeout=httpx.Timeout(limits.timeout_s)
    )
