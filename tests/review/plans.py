"""Hand-built plans for the review engine's tests: `make_plan` (only what a test gives) and `full` (the
shared full_plan fixture as data, to remove parts from)."""

from __future__ import annotations

from typing import Any

from assistant.template.models import plan_model
from tests.fixtures.plans import full_plan_data


def action(
    id: str,
    target: str,
    text: str = "Teemme jotain konkreettista.",
    *,
    short: str = "2021",
    long: str = "2023",
    responsible: str = "Kehittämispäällikkö",
    prerequisites: str = "Budjetti",
) -> dict[str, Any]:
    return {
        "id": id,
        "kehittamiskohde": target,
        "toimenpide": text,
        "lyhyt_aikavali": short,
        "pitka_aikavali": long,
        "vastuuhenkilo": responsible,
        "edellytykset": prerequisites,
    }


def make_plan(
    actions: list[dict[str, Any]] | None = None, *, results: list[dict] | None = None, **sections: dict
):
    """A plan with the given actions and section texts; everything else empty (plan_model defaults)."""
    data: dict[str, Any] = {"toimenpiteet": actions or []}
    data.update(sections)
    if results is not None:
        data["arviointitulokset"] = {"asteikko_min": 1, "asteikko_max": 5, "alueet": results}
    return plan_model().model_validate(data)


def full(actions_per_target: int = 1, language: str = "fi") -> dict[str, Any]:
    """full_plan() as a fresh dict (every field, every target, N complete actions each)."""
    return full_plan_data(actions_per_target, language)


def plan_of(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return plan_model().model_validate(data)
