"""Helpers of the hostile tests that drive the app (Streamlit AppTest): the app's entry point, the time a
run may take, running a page (no exception allowed), and reading its escaped Markdown back literally."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
TIMEOUT = 120


def run_page(at: AppTest) -> AppTest:
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
