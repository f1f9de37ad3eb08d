"""The plan's own periods: chosen at the start, changed in the chat, followed by questions, validation
and exports; reading the plan never changes its version."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.drafting.extract import ExtractionError
from assistant.drafting.periods import parse_periods, set_periods
from assistant.export import export_plan
from assistant.storage import PlanStore
from assistant.template.models import new_plan
from assistant.template.validator import validate_plan
from tests.fixtures.plans import full_plan


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def engine(store) -> DraftingEngine:  # type: ignore[no-untyped-def]
    return DraftingEngine(store, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026–2027 ja 2028–2030", ((2026, 2027), (2028, 2030))),
        ("lyhyt 2026-2027, pitkä 2028-2030", ((2026, 2027), (2028, 2030))),
        ("2028–2030 och 2026–2027", ((2026, 2027), (2028, 2030))),
        ("2026–2030", ((2026, 2027), (2028, 2030))),
        ("2026–2027 and 2030", ((2026, 2027), (2028, 2030))),
    ],
)
def test_periods_in_plain_words(text: str, expected: tuple) -> None:
    assert parse_periods(text) == expected


@pytest.mark.parametrize(("short", "long"), [((2027, 2026), (2028, 2030)), ((2026, 2028), (2028, 2030))])
def test_contradictory_periods_are_refused(short: tuple, long: tuple) -> None:
    plan = new_plan()
    with pytest.raises(ExtractionError) as err:
        set_periods(plan, short, long)
    assert err.value.code == "periods_invalid"
    assert plan.meta.periods.short.start == 2020  # nothing changed


def test_periods_at_the_start_and_in_the_chat(engine: DraftingEngine, store: PlanStore) -> None:
    turn = engine.start(author="t", periods=((2026, 2027), (2028, 2030)))
    assert "lyhyt 2026–2027 ja pitkä 2028–2030" in turn.reply
    assert store.get(turn.plan_id).plan.meta.periods.long.end == 2030

    default = engine.start(author="t")
    assert "aikavälit 2026–2027 ja 2028–2030" in default.reply  # says how to set today's periods
    turn = engine.handle(default.plan_id, "aikavälit 2026–2027 ja 2028–2030", author="t")
    periods = store.get(default.plan_id).plan.meta.periods
    assert (periods.short.start, periods.short.end, periods.long.start, periods.long.end) == (
        2026,
        2027,
        2028,
        2030,
    )
    assert "2026–2027" in turn.reply and turn.version == default.version + 1
    revisions = store.revisions(default.plan_id)
    assert any("meta" in r.summary for r in revisions)
    assert "aikavälit" in engine.handle(default.plan_id, "apua", author="t").reply


def test_bad_periods_in_the_chat_are_explained(engine: DraftingEngine, store: PlanStore) -> None:
    start = engine.start(author="t")
    turn = engine.handle(start.plan_id, "aikavälit 2028–2030 ja 2026–2029", author="t")
    assert "eivät kelpaa" in turn.reply
    assert store.get(start.plan_id).plan.meta.periods.short.start == 2020


def test_reading_never_changes_the_version(engine: DraftingEngine, store: PlanStore) -> None:
    start = engine.start(author="t")
    for command in ("tilanne", "mitä puuttuu", "apua", "aikavälit"):
        turn = engine.handle(start.plan_id, command, author="t")
        assert turn.version == start.version, command
    assert store.get(start.plan_id).version == start.version


def test_validation_and_exports_follow_the_plans_periods() -> None:
    plan = full_plan()
    set_periods(plan, (2026, 2027), (2028, 2030))
    plan.toimenpiteet[0].lyhyt_aikavali = "työpajat 4/2026, versio valmis 11/2027"
    plan.toimenpiteet[0].pitka_aikavali = "kytketään talousarvioon 2029"
    findings = [
        f
        for f in validate_plan(plan).findings
        if f.path.startswith("/toimenpiteet/0/") and "schedule" in f.code
    ]
    assert findings == []
    markdown = export_plan(plan, "md", language="fi").data.decode("utf-8")
    assert "2026–2027" in markdown and "työpajat 4/2026, versio valmis 11/2027" in markdown
    assert "kytketään talousarvioon 2029" in markdown


def test_reviewers_timeline_follows_the_plans_periods() -> None:
    from assistant.review.coverage import balance

    plan = full_plan()
    set_periods(plan, (2026, 2027), (2028, 2030))
    timeline = balance(plan)
    assert (timeline.short_period, timeline.long_period) == ("2026–2027", "2028–2030")


def test_docx_import_reads_the_plans_periods_and_schedule_texts() -> None:
    from assistant.importer.docx_import import import_docx

    plan = full_plan()
    set_periods(plan, (2026, 2027), (2028, 2030))
    plan.toimenpiteet[0].lyhyt_aikavali = "työpajat 4/2026, versio valmis 11/2027"
    plan.toimenpiteet[0].pitka_aikavali = "kytketään talousarvioon 2029"
    data = export_plan(plan, "docx", language="fi").data
    result = import_docx(data)
    periods = result.plan.meta.periods
    assert (periods.short.start, periods.short.end, periods.long.start, periods.long.end) == (
        2026,
        2027,
        2028,
        2030,
    )
    first = result.plan.toimenpiteet[0]
    assert first.lyhyt_aikavali == "työpajat 4/2026, versio valmis 11/2027"
    assert first.pitka_aikavali == "kytketään talousarvioon 2029"


def test_a_period_end_said_in_words_moves_that_end_only(engine, store) -> None:
    from assistant.drafting.periods import period_bound
    from tests.drafting.scripted_flow import plan_of, start

    pid = start(engine)  # 2026–2027 and 2028–2030
    turn = engine.handle(pid, "Korjaan vielä: pitkä aikaväli päättyy vuoteen 2029 eikä 2030.", author="t")
    periods = plan_of(store, pid).meta.periods
    assert (periods.long.start, periods.long.end) == (2028, 2029)
    assert turn.step == "field:kuvaus.sote_maakunta"
    plan = plan_of(store, pid)
    assert period_bound("lyhyellä aikavälillä pilotti päättyy 2027 syksyllä", plan) is None
    assert period_bound("pitkän aikavälin laajennus päättyy 2030", plan) is None
    assert period_bound("kort sikt börjar 2025", plan) == ((2025, 2027), (2028, 2029))
