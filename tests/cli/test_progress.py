"""`assistant ingest` progress: a bar redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from assistant.cli.progress import IngestProgressPrinter
from assistant.ingest.pipeline import IngestProgress

EVENTS = [
    IngestProgress("ohje.pdf", 1, 2),
    IngestProgress("ohje.pdf", 1, 2, 64, 100, 64),
    IngestProgress("ohje.pdf", 1, 2, 100, 100, 100),
    IngestProgress("muistio.txt", 2, 2, embedded=100),  # unchanged: nothing to embed
]


def test_plain_lines_name_the_document_and_the_chunks_embedded() -> None:
    out = io.StringIO()
    printer = IngestProgressPrinter(out, tty=False)
    for event in EVENTS:
        printer(event)
    printer.finish()
    assert out.getvalue().splitlines() == [
        "ohje.pdf: document 1/2, 64/100 chunks; 64 chunks embedded in all",
        "ohje.pdf: document 1/2, 100/100 chunks; 100 chunks embedded in all",
    ]
    assert "\r" not in out.getvalue()


def test_terminal_bar_redraws_in_place_and_ends_its_line() -> None:
    out = io.StringIO()
    printer = IngestProgressPrinter(out, tty=True)
    for event in EVENTS:
        printer(event)
    printer.finish()
    frames = out.getvalue().split("\r")[1:]
    assert len(frames) == len(EVENTS)
    assert frames[0].startswith("[" + "." * 30 + "] document 1/2")
    assert frames[2].startswith("[" + "#" * 15 + "." * 15 + "] document 1/2, 100/100 chunks")
    assert "muistio.txt" in frames[3] and frames[3].endswith("\n")
