"""Fixtures and helpers of the export tests: plans and readers for the exported files."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from docx import Document

from assistant.export import ExportResult, export_plan
from tests.fixtures.plans import full_plan

TODAY = date(2020, 11, 16)


def export(plan: Any, fmt: str, **kwargs: Any) -> ExportResult:
    kwargs.setdefault("today", TODAY)
    return export_plan(plan, fmt, **kwargs)


def open_docx(result: ExportResult):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(result.data))


def uneven_plan(language: str = "fi") -> Any:
    """A valid plan whose targets have 0, 1, 2 or 3 actions (by position), so row counts differ."""
    plan = full_plan(actions_per_target=3, language=language)
    keep = []
    by_target: dict[str, int] = {}
    targets = list(dict.fromkeys(a.kehittamiskohde for a in plan.toimenpiteet))
    wanted = {name: i % 4 for i, name in enumerate(targets)}
    for action in plan.toimenpiteet:
        n = by_target.get(action.kehittamiskohde, 0)
        if n < wanted[action.kehittamiskohde]:
            keep.append(action)
            by_target[action.kehittamiskohde] = n + 1
    plan.toimenpiteet = keep
    return plan


@pytest.fixture(scope="module")
def plan() -> Any:
    return full_plan()
