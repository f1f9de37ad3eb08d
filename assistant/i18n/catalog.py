"""Load flat message catalogs from `locales/<lang>.yaml` and format messages."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.datafile import read_yaml

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")
LOCALES_DIR = Path(__file__).parent / "locales"


def _flatten(prefix: str, node: Any, out: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    else:
        out[prefix] = str(node)


# ICU MessageFormat's plural selection, the subset our languages need (Finnish, Swedish and English all have
# the CLDR categories "one" and "other"): "{errors, plural, one {# virhe} other {# virhettä}}"; "#" is the
# number, and a form may hold plain placeholders ("{count, plural, one {# of {total} areas has} other …}").
# Everything else in a message is str.format.
_FORM = r"((?:[^{}]|\{\w+\})*)"  # a form's text, which may hold plain placeholders ("{total}")
_PLURAL = re.compile(rf"\{{(\w+), plural, one \{{{_FORM}\}} other \{{{_FORM}\}}\}}")


def plural_forms(template: str, params: dict[str, Any]) -> str:
    """The template with each plural selection replaced by the form its number takes."""

    def choose(match: re.Match[str]) -> str:
        value = params.get(match.group(1))
        if not isinstance(value, int | float):
            return match.group(0)
        form = match.group(2) if value == 1 else match.group(3)
        return form.replace("#", str(value))

    return _PLURAL.sub(choose, template) if "plural," in template else template


def placeholders(template: str) -> set[str]:
    """The names a message takes: its str.format fields, and for a plural selection its number and the
    placeholders inside its forms."""
    names: set[str] = set()

    def flatten(match: re.Match[str]) -> str:
        names.add(match.group(1))
        return f"{match.group(2)} {match.group(3)}".replace("#", "")

    plain = _PLURAL.sub(flatten, template)
    return names | {name for _, name, _, _ in string.Formatter().parse(plain) if name}


class Catalog:
    """Messages for one language, falling back to Finnish, then to the key itself."""

    def __init__(self, language: str, messages: dict[str, str], fallback: dict[str, str]) -> None:
        self.language = language
        self._messages = messages
        self._fallback = fallback

    def has(self, key: str) -> bool:
        return key in self._messages or key in self._fallback

    def t(self, key: str, **params: Any) -> str:
        template = self._messages.get(key) or self._fallback.get(key)
        if template is None:
            return key
        try:
            return plural_forms(template, params).format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def keys(self) -> set[str]:
        return set(self._messages)


def _read(language: str, locales_dir: Path) -> dict[str, str]:
    """`<lang>.yaml` plus any `<lang>.<part>.yaml` (one file per component, e.g. `fi.drafting.yaml`)."""
    out: dict[str, str] = {}
    paths = [locales_dir / f"{language}.yaml", *sorted(locales_dir.glob(f"{language}.*.yaml"))]
    for path in paths:
        if path.exists():
            _flatten("", read_yaml(path) or {}, out)
    return out


@lru_cache(maxsize=8)
def load_catalog(language: str = "fi", locales_dir: Path = LOCALES_DIR) -> Catalog:
    if language not in LANGUAGES:
        language = "fi"
    return Catalog(language, _read(language, locales_dir), _read("fi", locales_dir))
