"""Database URLs hold secrets (a password): render them masked, and remove them from any text."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

MASK = "***"


def _parse(url: str | URL) -> URL | None:
    try:
        return make_url(url)
    except (ArgumentError, ValueError, TypeError):
        return None


def safe_url(url: str | URL) -> str:
    """The URL with its password masked; a URL that does not even parse is masked as a whole."""
    parsed = _parse(url)
    if parsed is None:
        return MASK
    return parsed.render_as_string(hide_password=True)  # the password as "***"


def url_secrets(url: str | URL) -> list[str]:
    """What of `url` must never be shown: its password (as given and URL-encoded) and the raw URL."""
    found: list[str] = []
    parsed = _parse(url)
    password = parsed.password if parsed is not None else None
    if password:
        text = str(password)
        found += [text, quote(text, safe=""), quote_plus(text, safe="")]
    if isinstance(url, str) and (password or parsed is None):
        found.append(url)  # also covers an unparseable URL, which may hold anything
    return sorted({s for s in found if s}, key=len, reverse=True)


def redact_url(text: str, url: str | URL) -> str:
    """`text` without the URL's password (the URL itself, if present, is replaced by its masked form)."""
    if isinstance(url, str) and url and url in text:
        text = text.replace(url, safe_url(url))
    for secret in url_secrets(url):
        text = text.replace(secret, MASK)
    return text
