"""Streamlit's own widget texts in the user's language.

Where Streamlit takes a text, it is passed (`placeholder=` of selectbox and multiselect: `choose`,
`choose_many`). Where it does not (Streamlit 1.67 draws these in its JavaScript), a style sheet replaces
them: the file uploader's "Upload" button and its "200MB per file • CSV" line (per uploader, through the
`st-key-<key>` class Streamlit gives a keyed widget), and the "Press Enter to submit form / to apply" line
under a text input, which is hidden; where Enter does something, the page says so in its own caption
(`enter_hint`). The texts live in the catalog (`ui.widgets.*`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import streamlit as st

from assistant.i18n import Catalog
from assistant.textutil import format_number

_CSS_UNSAFE = re.compile(r"[^\w\s.,:;()•–/+-]", re.UNICODE)

# Hidden everywhere: the hint's words are English and cannot be given; the pages say it themselves.
GLOBAL_CSS = """
<style>
[data-testid="InputInstructions"] { visibility: hidden; }
</style>
"""


def css_text(text: str) -> str:
    """A text safe inside a CSS string (quotes, backslashes and angle brackets removed)."""
    return _CSS_UNSAFE.sub("", text)


def choose(messages: Catalog) -> str:
    return messages.t("ui.widgets.choose")


def choose_many(messages: Catalog) -> str:
    return messages.t("ui.widgets.choose_many")


def enter_hint(messages: Catalog) -> str:
    """Said under a form whose text field submits on Enter (Streamlit's own hint is hidden)."""
    return messages.t("ui.widgets.enter_submits")


def global_styles() -> None:
    """Once per page run (the app calls it before the page)."""
    st.html(GLOBAL_CSS)


def uploader_css(key: str, messages: Catalog, types: Sequence[str], max_mb: float, language: str) -> str:
    """The style sheet that writes one uploader's button and limits line in the user's language."""
    scope = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    button = css_text(messages.t("ui.widgets.upload"))
    limits = css_text(
        messages.t(
            "ui.widgets.upload_limit",
            size=format_number(max_mb, language),
            types=", ".join(t.upper() for t in types),
        )
    )
    return f"""
<style>
{scope} [data-testid="stFileUploaderDropzone"] button {{ font-size: 0; }}
{scope} [data-testid="stFileUploaderDropzone"] button::after {{ content: "{button}"; font-size: 0.875rem; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{limits}"; font-size: 0.875rem; }}
</style>
"""


def file_uploader(
    label: str,
    *,
    key: str,
    types: Sequence[str],
    max_mb: float,
    messages: Catalog,
    language: str,
    **kwargs: Any,
) -> Any:
    """`st.file_uploader` with its button and limits line in the user's language."""
    st.html(uploader_css(key, messages, types, max_mb, language))
    return st.file_uploader(label, type=list(types), key=key, **kwargs)
