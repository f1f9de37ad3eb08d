"""Reading a pydantic error of a stored plan: a one-line summary, and whether a save may keep its texts."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def summarise(error: ValidationError) -> str:
    errors = error.errors(include_url=False)
    first = errors[0]
    location = "/".join(str(part) for part in first["loc"]) or "(root)"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{location}: {first['msg']}{more}"


def _at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue  # a validator's step, not a place in the data
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def only_kept_long_texts(error: ValidationError, data: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Every problem is a text over its limit that the stored plan holds, unchanged, at the same place."""
    for err in error.errors(include_url=False):
        if err["type"] != "string_too_long":
            return False
        value = _at(data, err["loc"])
        if not isinstance(value, str) or value != _at(stored, err["loc"]):
            return False
    return True
