"""Progress of `assistant ingest` on stderr: a bar that redraws itself on a terminal, plain lines otherwise
(a log file or CI output gets one line per embedded step, never carriage returns)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from assistant.ingest.pipeline import IngestProgress

BAR_WIDTH = 30
NAME_WIDTH = 36


class IngestProgressPrinter:
    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._drawn = False

    def __call__(self, event: IngestProgress) -> None:
        if self.tty:
            self._bar(event)
        elif event.chunks_total:
            self._line(event)

    def _counts(self, event: IngestProgress) -> str:
        doc = f"document {event.doc_index}/{event.doc_total}"
        if event.chunks_total:
            doc += f", {event.chunks_done}/{event.chunks_total} chunks"
        return f"{doc}; {event.embedded} chunks embedded in all"

    def _line(self, event: IngestProgress) -> None:
        self.stream.write(f"{event.document}: {self._counts(event)}\n")
        self.stream.flush()

    def _bar(self, event: IngestProgress) -> None:
        # Documents done plus the share of the current one, so a large document moves the bar too.
        share = event.chunks_done / event.chunks_total if event.chunks_total else 0.0
        done = (event.doc_index - 1 + share) / event.doc_total if event.doc_total else 1.0
        filled = int(BAR_WIDTH * done)
        name = event.document[:NAME_WIDTH]
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self._counts(event)} {name:{NAME_WIDTH}}"
        )
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the bar's line (call once the sync returned)."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
