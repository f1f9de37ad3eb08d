"""Reading the project's YAML data files (template, locales, vocabularies, rules).

The C parser (libyaml, in PyYAML's wheels) reads them 10–30 times faster than the pure-Python one; every
process reads a dozen of these files on start, so this is seconds on a busy machine. The pure-Python
loaders are the fallback when PyYAML was built without libyaml. Same results either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_SAFE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STRINGS: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def parse_yaml(text: str, *, strings: bool = False) -> Any:
    """YAML text as Python data; `strings=True` keeps every scalar a string (YAML's base schema)."""
    return yaml.load(text, Loader=_STRINGS if strings else _SAFE)


def read_yaml(path: Path, *, strings: bool = False) -> Any:
    """A UTF-8 YAML file as Python data (see `parse_yaml`)."""
    return parse_yaml(path.read_text(encoding="utf-8"), strings=strings)
