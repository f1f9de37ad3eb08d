"""How a source is cited everywhere: document title, section path, page."""

from __future__ import annotations


def format_citation(title: str, section: str = "", page: int | None = None) -> str:
    """The citation "Title, section, s. 4": title and section as shown safely (no control or bidi characters,
    bounded), wherever a citation appears (CLI, app, exports)."""
    from assistant.sanitize import display_name

    parts = [display_name(p, limit) for p, limit in ((title, 200), (section, 400)) if p]
    if page is not None:
        parts.append(f"s. {page}")
    return ", ".join(parts)
