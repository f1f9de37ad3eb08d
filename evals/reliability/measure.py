"""What every reliability case records: its outcome, whether a refusal was clear, whether accepted text
was kept whole, any traceback, and its wall time and peak resident memory (sampled)."""

from __future__ import annotations

import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import psutil

SAMPLE_S = 0.01
MAX_SECONDS = 60.0
MAX_MB = 1024.0
HARD_TIMEOUT_S = 180
# What a person must never read in a message: Python's own words.
_INTERNAL = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception)\b|\bline \d+, in\b|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}"
)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Outcome:
    entry: str  # ingest, import, upload, chat, editor, cli
    case: str
    what: str
    expected: str  # "accept" or the problem expected (an error code)
    result: str = ""  # "accepted", "rejected" or "traceback"
    code: str = ""  # the code of the refusal
    message: str = ""
    clear: bool | None = None  # a refusal: the expected problem, named in words (None: accepted)
    intact: bool | None = None  # accepted: searchable / stored with no text lost (None: refused)
    traceback: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def within_budget(self) -> bool:
        return self.seconds <= MAX_SECONDS and self.peak_mb <= MAX_MB

    @property
    def as_expected(self) -> bool:
        if self.result in ("traceback", "timeout"):
            return False
        if self.expected == "accept":
            return self.result == "accepted" and bool(self.intact)
        return self.result == "rejected" and bool(self.clear)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["message"] = self.message[:300]
        data["within_budget"] = self.within_budget
        data["as_expected"] = self.as_expected
        return data


def clear_message(message: str, *, names: str | None = None) -> bool:
    """A refusal in words: not empty, not a catalog key, no Python internals, no raw control characters,
    and (for a file) naming the file as shown."""
    text = message.strip()
    if len(text) < 20 or re.fullmatch(r"[\w.]+", text) or _INTERNAL.search(text) or _HIDDEN.search(text):
        return False
    return names is None or names in text


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout(f"over {HARD_TIMEOUT_S} s")


@contextmanager
def measured(outcome: Outcome) -> Iterator[None]:
    """Time and peak RSS of the block (RSS sampled every 10 ms); an exception escaping the block is
    recorded as a traceback (what a user would have seen), never raised."""
    process = psutil.Process()
    peak = [process.memory_info().rss]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HARD_TIMEOUT_S)
    started = time.perf_counter()
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        # The harness stopping a case is not the product's traceback: it is a case over its time budget.
        outcome.result = "timeout" if isinstance(exc, _Timeout) else "traceback"
        outcome.traceback = "".join(traceback.format_exception(exc))[-2000:]
    finally:
        outcome.seconds = round(time.perf_counter() - started, 3)
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        stop.set()
        sampler.join()
        outcome.peak_mb = round(max(peak[0], process.memory_info().rss) / 2**20, 1)


def run_case(outcome: Outcome, body: Callable[[Outcome], None]) -> Outcome:
    with measured(outcome):
        body(outcome)
    return outcome
