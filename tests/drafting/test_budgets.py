"""Budgets and repairs of what the chat and the plan page store: message length, field lengths, number of
actions, undecodable text; assessment tables answered with every bad row and cell at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.edits import apply_actions_edit, apply_section_edit
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.steps import ASSESSMENT
from assistant.i18n import load_catalog
from assistant.storage import PlanStore
from assistant.template.models import LIMITS
from assistant.template.spec import load_template

SPEC = load_template()
AREA = SPEC.areas[0]
TARGET = AREA.targets[0].name


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def engine(store: PlanStore) -> DraftingEngine:
    return DraftingEngine(store, None, max_message_chars=LIMITS.field_chars + 100)


def _region(store: PlanStore, plan_id: str) -> str:
    return store.get(plan_id).plan.kuvaus.sote_maakunta  # type: ignore[attr-defined]


def test_message_just_under_and_over_the_budget(engine: DraftingEngine, store: PlanStore) -> None:
    limit = engine.max_message_chars
    plan_id = engine.start(author="t").plan_id
    turn = engine.handle(plan_id, "ohita " + "x" * (limit - 6), author="t")  # handled (as a command)
    assert "liian pitkä käsiteltäväksi" not in turn.reply
    before = len(store.transcript(plan_id))
    turn = engine.handle(plan_id, "y" * (limit + 1), author="t")
    assert f"({limit + 1} merkkiä, enintään {limit})" in turn.reply and "ei kirjattu" in turn.reply
    messages = store.transcript(plan_id)
    assert len(messages) == before + 1 and messages[-1].role == "assistant"  # nothing of it stored


def test_answer_just_under_and_over_the_field_limit(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = engine.start(author="t").plan_id
    turn = engine.handle(plan_id, "b" * (LIMITS.field_chars + 1), author="t")
    assert f"{LIMITS.field_chars + 1} merkkiä, enintään {LIMITS.field_chars}" in turn.reply
    assert _region(store, plan_id) == ""
    engine.handle(plan_id, "c" * LIMITS.field_chars, author="t")
    assert _region(store, plan_id) == "c" * LIMITS.field_chars


def test_undecodable_answer_is_repaired_before_storage(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = engine.start(author="t").plan_id
    engine.handle(plan_id, "Etel\udce4-Savon hyvinvointialue\x00\x1b", author="t")  # cp1252 via a pipe
    assert _region(store, plan_id) == "Etelä-Savon hyvinvointialue"
    assert store.transcript(plan_id)[-2].content == "Etelä-Savon hyvinvointialue"


def _at_assessment(engine: DraftingEngine, store: PlanStore) -> str:
    plan_id = engine.start(author="t").plan_id
    stored = store.get(plan_id)
    store.save_state(plan_id, {**(stored.state or {}), "step": ASSESSMENT}, expected_version=stored.version)
    return plan_id


def test_assessment_pipe_table_is_read(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = _at_assessment(engine, store)
    turn = engine.handle(
        plan_id, "osa-alue|kypsyys|tyytyväisyys\nMittarit|2,0|2,4\nTiedon jakaminen|3,1|2,2", author="t"
    )
    assert store.get(plan_id).plan.arviointitulokset is None  # type: ignore[attr-defined]  # echoed first
    assert "Mittarit" in turn.reply and "Tiedon jakaminen" in turn.reply
    engine.handle(plan_id, "kyllä", author="t")
    results = store.get(plan_id).plan.arviointitulokset  # type: ignore[attr-defined]
    assert results is not None and sorted((a.kypsyys, a.tyytyvaisyys) for a in results.alueet) == [
        (2.0, 2.4),
        (3.1, 2.2),
    ]


def test_assessment_unsupported_delimiter_changes_nothing(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = _at_assessment(engine, store)
    turn = engine.handle(plan_id, "osa-alue:kypsyys:tyytyväisyys\nMittarit:2:3", author="t")
    # the delimiter is named, in words, with the ones that work
    assert load_catalog("fi").t("drafting.assessment_delimiter", delimiter="\\:") == turn.reply
    engine.handle(plan_id, "kyllä", author="t")
    assert store.get(plan_id).plan.arviointitulokset is None  # type: ignore[attr-defined]


def test_assessment_every_bad_row_and_cell_at_once(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = _at_assessment(engine, store)
    table = "alue;kypsyys;tyytyväisyys\nMittarit;0;9\nMittarit;2;2\nKuuhyppely;2;2\nTiedon jakaminen;-1;abc\n"
    turn = engine.handle(plan_id, table, author="t")
    lines = [line for line in turn.reply.splitlines() if line.startswith("- ")]
    assert len(lines) == 6, turn.reply
    assert "Rivi 2, sarake kypsyys: 0 on asteikon 1–5 ulkopuolella" in turn.reply
    assert "Rivi 2, sarake tyytyväisyys: 9 on asteikon 1–5 ulkopuolella" in turn.reply
    assert "Rivi 3, sarake osa-alue" in turn.reply and "Rivi 4, sarake osa-alue" in turn.reply
    assert "Rivi 5, sarake kypsyys" in turn.reply and '"abc" ei ole luku' in turn.reply
    engine.handle(plan_id, "kyllä", author="t")
    assert store.get(plan_id).plan.arviointitulokset is None  # type: ignore[attr-defined]


def test_assessment_own_scale_accepts_its_range(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = _at_assessment(engine, store)
    engine.handle(plan_id, "asteikko 1-7\nMittarit 6,5 7", author="t")
    engine.handle(plan_id, "kyllä", author="t")
    results = store.get(plan_id).plan.arviointitulokset  # type: ignore[attr-defined]
    assert results is not None and results.asteikko_max == 7.0 and results.alueet[0].kypsyys == 6.5


def _edit(store: PlanStore, plan_id: str, value: str) -> Any:
    return apply_section_edit(
        store,
        plan_id,
        expected_version=store.get(plan_id).version,
        section_key="kuvaus",
        values={"alueellisen_yhteistyon_malli": value},
        author="t",
    )


def test_editor_field_just_under_and_over(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = engine.start(author="t").plan_id
    over = _edit(store, plan_id, "d" * (LIMITS.field_chars + 1))
    assert not over.saved and [f.code for f in over.findings] == ["too_long"]
    assert "enintään" in over.findings[0].message
    at = _edit(store, plan_id, "e" * LIMITS.field_chars)
    assert at.saved
    assert store.get(plan_id).plan.kuvaus.alueellisen_yhteistyon_malli == "e" * LIMITS.field_chars  # type: ignore[attr-defined]


def _actions(store: PlanStore, plan_id: str, rows: list[dict[str, Any]]) -> Any:
    return apply_actions_edit(
        store, plan_id, expected_version=store.get(plan_id).version, area_key=AREA.key, rows=rows, author="t"
    )


def test_editor_action_cells_and_count(engine: DraftingEngine, store: PlanStore) -> None:
    plan_id = engine.start(author="t").plan_id
    long_cell = {"kehittamiskohde": TARGET, "toimenpide": "x" * (LIMITS.action_text_chars + 1)}
    long_name = {
        "kehittamiskohde": TARGET,
        "toimenpide": "ok",
        "vastuuhenkilo": "v" * (LIMITS.action_short_chars + 1),
    }
    over = _actions(store, plan_id, [long_cell, long_name])
    assert not over.saved and [f.code for f in over.findings] == ["too_long", "too_long"]  # both named
    full = {"lyhyt_aikavali": "2021", "vastuuhenkilo": "Johtaja", "edellytykset": "Resurssit"}
    rows = [
        {"kehittamiskohde": TARGET, "toimenpide": f"Toimenpide {n}", **full} for n in range(LIMITS.actions)
    ]
    assert _actions(store, plan_id, rows).saved
    stored = store.get(plan_id)
    rows = [
        {"id": a.id, "kehittamiskohde": TARGET, "toimenpide": a.toimenpide} for a in stored.plan.toimenpiteet
    ]  # type: ignore[attr-defined]
    too_many = _actions(store, plan_id, [*rows, {"kehittamiskohde": TARGET, "toimenpide": "Yksi liikaa"}])
    assert not too_many.saved and [f.code for f in too_many.findings] == ["too_many_items"]
    assert len(store.get(plan_id).plan.toimenpiteet) == LIMITS.actions  # type: ignore[attr-defined]
