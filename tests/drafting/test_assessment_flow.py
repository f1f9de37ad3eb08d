"""Section 3.2.2 as the template has it: a) done or not, b) results only when done, c) when and how it will
be (re)done; "mene 3.2.2c" reaches c)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.steps import ASSESSMENT
from assistant.storage import PlanStore

A = "field:nykytila.arviointi_toteutettu"
B = "field:nykytila.arvioinnin_tulokset"
C = "field:nykytila.arvioinnin_suunnitelma"


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        yield DraftingEngine(store, None)


def _at_a(engine: DraftingEngine) -> str:
    plan_id = engine.start(author="t").plan_id
    turn = engine.handle(plan_id, "mene 3.2.2", author="t")
    assert turn.step == A
    return plan_id


def test_not_done_recommends_it_asks_c_and_never_asks_results(engine: DraftingEngine) -> None:
    plan_id = _at_a(engine)
    turn = engine.handle(plan_id, "Ei ole vielä tehty", author="t")
    assert turn.step == C
    assert "Suosittelemme" in turn.reply and "VN TEAS 2019:42" in turn.reply
    turn = engine.handle(plan_id, "Kysely johdolle ja asiantuntijoille syksyllä 2026", author="t")
    assert turn.step != ASSESSMENT and turn.step.startswith("field:tavoitteet")
    assert engine.store.get(plan_id).plan.nykytila.arvioinnin_suunnitelma.startswith("Kysely")


def test_done_asks_results_then_an_optional_reassessment_then_area_results(engine: DraftingEngine) -> None:
    plan_id = _at_a(engine)
    turn = engine.handle(plan_id, "Kyllä, arviointimallin kysely tehtiin 2025", author="t")
    assert turn.step == B
    turn = engine.handle(plan_id, "Heikoimmat osa-alueet olivat mittarit ja osaaminen.", author="t")
    assert turn.step == C
    assert "uusi arviointi" in turn.reply
    turn = engine.handle(plan_id, "ohita", author="t")
    assert turn.step == ASSESSMENT


def test_goto_reaches_the_field_by_its_letter(engine: DraftingEngine) -> None:
    plan_id = engine.start(author="t").plan_id
    for text in ("mene 3.2.2c", "mene 3.2.2 c)", "siirry kohtaan 3.2.2 c"):
        assert engine.handle(plan_id, text, author="t").step == C, text
    assert engine.handle(plan_id, "mene 3.2.2b", author="t").step == B
    assert engine.handle(plan_id, "mene 3.1.1", author="t").step == "field:kuvaus.sote_maakunta"


@pytest.mark.parametrize(
    ("language", "words"), [("fi", "arvioinnin tulokset"), ("sv", "bedömningens resultat")]
)
def test_step_names_are_words_never_ids(engine: DraftingEngine, language: str, words: str) -> None:
    plan_id = engine.start(author="t", language=language).plan_id
    engine.handle(plan_id, "mene arviointi" if language == "fi" else "gå till bedömning", author="t")
    engine.handle(plan_id, "mene 3.3" if language == "fi" else "gå till 3.3", author="t")
    turn = engine.handle(plan_id, "takaisin" if language == "fi" else "tillbaka", author="t")
    assert words in turn.reply and "assessment" not in turn.reply


def test_a_bare_yes_or_no_is_recorded_in_the_plans_words_and_an_answer_with_content_as_typed(
    engine: DraftingEngine,
) -> None:
    plan_id = _at_a(engine)
    turn = engine.handle(plan_id, "ei oo tehty vielä", author="t")
    answer = engine.store.get(plan_id).plan.nykytila.arviointi_toteutettu
    assert answer == "Ei, arviointia ei ole vielä tehty."
    assert turn.step == C  # still read as "not done"
    plan_id = _at_a(engine)
    engine.handle(plan_id, "Kyllä, arviointimallin kysely tehtiin 2025", author="t")
    assert engine.store.get(plan_id).plan.nykytila.arviointi_toteutettu.startswith("Kyllä, arviointimallin")
