"""Shared hypothesis settings and strategies for the property tests.

Example counts are modest and the search is derandomized (a fixed seed derived from each test), so the
suite is fast and CI runs are repeatable; no example database is written into the checkout.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(PROPERTY, max_examples=40)
"""For properties whose single example is expensive (a DOCX written and imported)."""

SEVERITIES = frozenset({"error", "warning", "info"})

# Text that stresses parsers: Finnish letters, separators, digits, years, markup, control characters.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "\x00",
        "\u200b",
        "\ufeff",
        "\r\n",
        "ä",
        "Ö",
        "–",
        "2021",
        "2020–2025",
        "1999",
        "2100",
        "3,5",
        "1e999",
        "-",
        ";",
        ",",
        "(",
        ")",
        "[",
        "{",
        "ja",
        "sekä",
        "kypsyys",
        "Mittarit",
        "Visio ja strategia",
        "<script>",
        "**",
        "`",
        "\\",
        '"',
        "🙂",
        "\ud7ff",
    ]
)
text = st.one_of(st.text(max_size=80), st.lists(TRICKY | st.text(max_size=6), max_size=25).map("".join))

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**20, max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | text
)
json_values = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(text, children, max_size=6),
    max_leaves=40,
)


def resolve(document: Any, pointer: str) -> tuple[bool, Any]:
    """(True, value) when the JSON Pointer `pointer` resolves in `document`, else (False, None)."""
    if pointer == "":
        return True, document
    if not pointer.startswith("/"):
        return False, None
    node = document
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif (
            isinstance(node, list) and token.isdigit() and int(token) < len(node) and str(int(token)) == token
        ):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def points_into(document: Any, pointer: str) -> bool:
    """A JSON Pointer "into" `document`: it resolves, or it names a missing member of an object that
    resolves (where a missing field would go)."""
    found, _ = resolve(document, pointer)
    if found:
        return True
    if not pointer.startswith("/"):
        return False
    parent, _, _ = pointer.rpartition("/")
    found, node = resolve(document, parent)
    return found and isinstance(node, dict)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], target_names: list[str]) -> dict[str, Any]:
    """`base` with 1-6 random edits: keys deleted, values replaced by other types, huge or odd strings,
    unknown keys added, development targets renamed (near misses of real names, or anything)."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 6))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        operation = draw(st.sampled_from(["delete", "replace", "huge", "unicode", "unknown_key", "target"]))
        if operation == "delete":
            del parent[key]
        elif operation == "replace":
            parent[key] = draw(json_values)
        elif operation == "huge":
            parent[key] = draw(st.sampled_from(["x", "2021 ", "ä–", "<b>"])) * draw(st.integers(1, 60_000))
        elif operation == "unicode":
            parent[key] = draw(st.text(min_size=1, max_size=40))
        elif operation == "unknown_key":
            target = parent[key] if isinstance(parent[key], dict) else parent
            if isinstance(target, dict):
                target[draw(text)] = draw(json_values)
        else:
            actions = data.get("toimenpiteet")
            if isinstance(actions, list) and actions and isinstance(actions[0], dict):
                index = draw(st.integers(0, len(actions) - 1))
                if isinstance(actions[index], dict):
                    name = draw(st.sampled_from(target_names))
                    edit = draw(st.sampled_from(["lower", "hyphen", "drop", "random", "spaces"]))
                    actions[index]["kehittamiskohde"] = {
                        "lower": name.lower(),
                        "hyphen": name.replace("tieto", "tieto-", 1),
                        "drop": name[:-1],
                        "random": draw(text),
                        "spaces": f"  {name}  ",
                    }[edit]
    return data
