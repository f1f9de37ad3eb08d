"""Issue 11.4 in the review report: an action scheduled in the short term only is reported as missing its
long-term schedule (the coverage lists it, the incomplete-actions table names what is missing)."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.review import analyse
from assistant.review.report import build_review_report
from assistant.template.spec import load_template
from tests.fixtures.plans import example_plan

SPEC = load_template()
T0 = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)


def test_action_without_a_long_term_schedule_is_listed_as_incomplete() -> None:
    """Scheduled in the short term only: the report says the long-term schedule is missing (issue 11.4)."""
    plan = example_plan()
    plan.toimenpiteet[0].pitka_aikavali = ""
    analysed = analyse(plan, spec=SPEC)
    assert [r.id for r in analysed.missing_long_term] == [plan.toimenpiteet[0].id]
    assert plan.toimenpiteet[0].id in analysed.incomplete_action_ids()
    report = build_review_report(plan, analysed, [], spec=SPEC, language="fi", plan_version=1, created=T0)
    incomplete = next(t for t in report.tables() if t.columns == ["Toimenpide", "Kehittämiskohde", "Puuttuu"])
    row = next(r for r in incomplete.rows if r[0] == plan.toimenpiteet[0].toimenpide)
    assert row[2] == "pitkän aikavälin aikataulu"
