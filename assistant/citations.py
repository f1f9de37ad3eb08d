"""How a source is cited everywhere: document title, section path, page."""

from __future__ import annotations


def format_citation(title: str, section: str = "", page: int | None = None) -> str:
    parts = [p for p in (title, section) if p]
    if page is not None:
        parts.append(f"s. {page}")
    return ", ".join(parts)
