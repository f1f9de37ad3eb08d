"""Secrets out of text: what the app and the CLI show or log about a failure never holds the LLM API key
or the database password.

`redact(text, settings)` removes the configured secrets (`Settings.secrets()`: the API key, the
password of `DATABASE_URL` as given and URL-encoded), passwords in any URL (`scheme://user:pw@host` ->
`scheme://user:***@host`) and strings that look like OpenAI-style keys (`sk-...`).
"""

from __future__ import annotations

import re

from assistant.settings import Settings
from assistant.storage.db import MASK

_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]*:)(?P<pw>[^\s@/]+)(?P<at>@)")
_API_KEY = re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}")


def redact(text: str, settings: Settings | None = None, extra: list[str] | None = None) -> str:
    """`text` with every secret replaced by `***`."""
    secrets = [*(settings.secrets() if settings is not None else []), *(extra or [])]
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}{m['at']}", text)
    return _API_KEY.sub("sk-" + MASK, text)
