"""Logging of model calls as a LangChain callback, and the outcome records an eval can collect.

Every structured call is run with `CallLogger` in its callbacks: it logs each model call's duration and
token use (never the prompt or the key). `record_outcomes()` collects one `Outcome` per structured
invocation (method used, accepted or why not, calls, seconds) for `evals/llm/run.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

log = logging.getLogger("assistant.llm.calls")
OUTCOMES_ENV = "ASSISTANT_LLM_OUTCOMES"


class CallLogger(BaseCallbackHandler):
    """Logs every chat-model call of a structured task: duration, tokens, error type."""

    def __init__(self, task: str) -> None:
        self.task = task
        self._started: dict[UUID, float] = {}

    def on_chat_model_start(self, serialized: Any, messages: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self._started[run_id] = time.monotonic()

    def _seconds(self, run_id: UUID) -> float:
        return time.monotonic() - self._started.pop(run_id, time.monotonic())

    def on_llm_end(self, response: Any, *, run_id: UUID, **kwargs: Any) -> None:
        usage = (getattr(response, "llm_output", None) or {}).get("token_usage") or {}
        log.info(
            "model call (%s): %.2f s, %s completion tokens",
            self.task,
            self._seconds(run_id),
            usage.get("completion_tokens", "?"),
        )

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        log.info(
            "model call (%s) failed after %.2f s: %s", self.task, self._seconds(run_id), type(error).__name__
        )


@dataclass
class Outcome:
    """One structured invocation: the task, methods tried in order, the method of the last call, whether
    a validated value came out (else `failure`), model calls and wall-clock seconds."""

    task: str
    methods: list[str]
    method: str
    accepted: bool
    failure: str | None
    calls: int
    seconds: float


@dataclass
class _Recorder:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0


_RECORDER = _Recorder()


def record(outcome: Outcome) -> None:
    """Keep the outcome for `record_outcomes()`, and append it as a JSON line to the file named by the
    environment variable ASSISTANT_LLM_OUTCOMES when set (the eval reads it from CLI processes)."""
    path = os.environ.get(OUTCOMES_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(dataclasses.asdict(outcome)) + "\n")
    if _RECORDER.active:
        with _RECORDER.lock:
            _RECORDER.outcomes.append(outcome)


@contextlib.contextmanager
def record_outcomes() -> Iterator[list[Outcome]]:
    """Collect the outcomes of the structured invocations made inside (any thread)."""
    with _RECORDER.lock:
        _RECORDER.active += 1
        start = len(_RECORDER.outcomes)
    collected: list[Outcome] = []
    try:
        yield collected
    finally:
        with _RECORDER.lock:
            collected.extend(_RECORDER.outcomes[start:])
            _RECORDER.active -= 1
            if not _RECORDER.active:
                _RECORDER.outcomes.clear()
