"""Talking about the proposals shown, over the real knowledge base and the offline interpreter: a question
about a proposal's source is answered from that proposal (the numbers stay), an edit's closing remark is
not stored, asking to leave a field open records an open item, and a one-year period reads as its year."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.markdown import escape_md
from assistant.storage import PlanStore


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def engine(store, corpus_kb) -> DraftingEngine:  # type: ignore[no-untyped-def]
    return DraftingEngine(store, corpus_kb.retriever)


def _at_target(engine: DraftingEngine, **start: object):  # type: ignore[no-untyped-def]
    turn = engine.start(author="t", **start)  # type: ignore[arg-type]
    turn = engine.handle(turn.plan_id, "mene 3.4", author="t")
    assert turn.step.startswith("target:") and len(turn.proposals) >= 2
    return turn


def test_a_question_about_a_proposals_source_is_answered_from_that_proposal(engine, store) -> None:  # type: ignore[no-untyped-def]
    turn = _at_target(engine)
    pid, shown = turn.plan_id, turn.proposals
    second = next(p for p in shown if p.number == 2)
    turn = engine.handle(pid, "mihin asiakirjaan ehdotus 2 pohjautuu?", author="t")
    assert "Ehdotus 2" in turn.reply and escape_md(second.lahteet[0].citation) in turn.reply
    assert "Ehdotus 1" not in turn.reply  # only the proposal asked about
    assert store.get(pid).plan.toimenpiteet == []  # nothing decided
    turn = engine.handle(pid, "hyväksy 2", author="t")  # the numbers did not shift
    assert store.get(pid).plan.toimenpiteet[0].toimenpide == second.toimenpide


def test_a_closing_remark_of_an_edit_is_not_stored(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = _at_target(engine).plan_id
    turn = engine.handle(
        pid, "muokkaa 1: Kirjaamme tietojohtamisen tavoitteet strategiaan. Muuten ehdotus on ok.", author="t"
    )
    assert (
        store.get(pid).plan.toimenpiteet[0].toimenpide == "Kirjaamme tietojohtamisen tavoitteet strategiaan."
    )
    assert escape_md("Muuten ehdotus on ok.") in turn.reply  # the user is told what was left out


def test_asking_to_leave_a_field_open_records_an_open_item(engine, store) -> None:  # type: ignore[no-untyped-def]
    turn = engine.start(author="t")
    turn = engine.handle(turn.plan_id, "Saisimmeko pitää tämän kohdan toistaiseksi auki?", author="t")
    assert store.get(turn.plan_id).plan.kuvaus.sote_maakunta == ""
    assert "avoimeksi" in turn.reply and turn.step == "field:kuvaus.jarjestamisvastuulliset_organisaatiot"


def test_a_one_year_period_reads_as_that_year(engine) -> None:  # type: ignore[no-untyped-def]
    pid = _at_target(engine, periods=((2027, 2027), (2028, 2030))).plan_id
    turn = engine.handle(pid, "hyväksy 1", author="t")
    assert "2027–2027" not in turn.reply and "2027," in turn.reply
