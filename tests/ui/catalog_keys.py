"""The message-catalog keys of one language under a prefix (all catalog files of that language)."""

from __future__ import annotations

from assistant.i18n import load_catalog


def catalog_keys(language: str, prefix: str) -> set[str]:
    known = load_catalog(language).keys()  # a set of message keys (Catalog is not a mapping)
    return {key for key in known if key.startswith(prefix + ".")}
