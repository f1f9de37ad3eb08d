"""The reviewer page (`ui/views/review_page.py`) over the full index: coverage figures and charts of a
plan with known gaps, and questions answered with their exact lists and cited passages."""

from __future__ import annotations

import json

import pytest

from assistant.storage.comments import action_pointer
from assistant.template.spec import load_template
from tests.ui.helpers import unescape
from tests.ui.review_fixtures import EMPTY_AREA, gap_plan
from tests.ui.review_page.helpers import (
    FI,
    TAB_ASK,
    TAB_CHARTS,
    MakePage,
    ask,
    bullets,
    create,
    has_text,
    metrics,
    run_ok,
)

# --- coverage -----------------------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_metrics_and_lists_of_a_plan_with_gaps(page: MakePage, db_url: str) -> None:
    plan, gaps = gap_plan()
    stored = create(db_url, plan)
    at = run_ok(page(stored.id))
    assert [unescape(t.value) for t in at.title] == [FI.t("ui.nav.review")]
    assert at.selectbox(key="_review_plan_choice").value == stored.id
    assert at.session_state["plan_id"] == stored.id

    shown = metrics(at)
    actions = plan.toimenpiteet
    assert shown[FI.t("ui.review.metrics.actions")] == str(len(actions))
    assert shown[FI.t("ui.review.metrics.targets_without_actions")] == str(len(gaps.empty_targets))
    assert shown[FI.t("ui.review.metrics.missing_fields")] == str(len(gaps.incomplete))
    assert shown[FI.t("ui.review.metrics.data_protection")] == FI.t("ui.review.yes")
    short = FI.t("ui.review.metrics.short_term", period="2020–2021")
    long = FI.t("ui.review.metrics.long_term", period="2022–2025")
    assert shown[short] == str(sum(bool(a.lyhyt_aikavali) for a in actions))
    assert shown[long] == str(sum(bool(a.pitka_aikavali) for a in actions))
    # The fixture's lowest-satisfaction areas include the area left without actions.
    assert shown[FI.t("ui.review.metrics.priorities_without_actions")] == "1"
    matched, total = (int(n) for n in shown[FI.t("ui.review.metrics.roadmap")].split(" / "))
    assert total > 0 and 0 <= matched <= total

    # The lists behind the figures name exactly the plan's gaps.
    expanders = {unescape(e.label): e for e in at.tabs[0].expander}
    empty = expanders[f"{FI.t('ui.review.details.targets_without_actions')} ({len(gaps.empty_targets)})"]
    assert [b.split(": ", 1)[1] for b in bullets(empty.markdown[0].value)] == gaps.empty_targets
    no_responsible = expanders[f"{FI.t('ui.review.details.missing_responsible')} (2)"]
    by_id = {a.id: a for a in actions}
    assert bullets(no_responsible.markdown[0].value) == [
        f"{by_id[i].kehittamiskohde}: {by_id[i].toimenpide}" for i in gaps.no_responsible
    ]
    assert FI.t("ui.review.details.empty_required") + " (0)" in expanders
    priorities = expanders[FI.t("ui.review.priorities.title")]
    warning = unescape(priorities.warning[0].value)
    area_label = load_template().area(EMPTY_AREA).label.get("fi")
    assert warning == FI.t("ui.review.priorities.without_actions", areas=area_label)
    roadmap = expanders[FI.t("ui.review.roadmap.title")]
    pairs = roadmap.dataframe[0].value
    assert len(pairs) >= matched  # one row per matched (task, action) pair
    if matched:
        assert set(pairs[FI.t("ui.review.roadmap.action")]) <= {a.toimenpide for a in actions}


@pytest.mark.slow
def test_charts_and_the_caption_without_assessment_results(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    at = run_ok(page(create(db_url, plan).id))
    charts = [json.loads(c.proto.spec) for c in at.tabs[TAB_CHARTS].get("vega_lite_chart")]
    assert [c["title"] for c in charts[:2]] == [
        FI.t("ui.review.chart.heatmap_title"),
        FI.t("ui.review.chart.timeline_title"),
    ]
    assert "hconcat" in charts[2]  # assessment results beside the planned actions

    bare, _ = gap_plan(assessment=False)
    at = run_ok(page(create(db_url, bare).id))
    assert len(at.tabs[TAB_CHARTS].get("vega_lite_chart")) == 2
    assert has_text(at.tabs[TAB_CHARTS], FI.t("ui.review.chart.no_assessment"))
    assert metrics(at)[FI.t("ui.review.metrics.priorities_without_actions")] == "–"


# --- questions ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_plan_question_shows_the_exact_list(page: MakePage, db_url: str) -> None:
    plan, gaps = gap_plan()
    stored = create(db_url, plan)
    at = ask(run_ok(page(stored.id)), "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?")
    tab = at.tabs[TAB_ASK]
    assert has_text(tab, "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?")
    assert has_text(tab, FI.t("ui.review.ask.kind", kind=FI.t("ui.review.ask.kinds.plan")))
    (fact,) = tab.expander
    by_id = {a.id: a for a in plan.toimenpiteet}
    listed = [b.split(" – ", 1)[0] for b in bullets(fact.markdown[0].value)]
    assert listed == [by_id[i].toimenpide for i in gaps.no_responsible]
    assert unescape(fact.label).endswith("(2)")
    # The first sentence answers the question; the text never shows ids or JSON Pointers.
    answer_text = unescape(tab.markdown[1].value)
    assert answer_text.startswith("Vastuuhenkilö puuttuu 2/")
    assert not any(action_pointer(i) in answer_text or i in answer_text for i in gaps.no_responsible)


@pytest.mark.slow
def test_filtered_review_question_lists_every_item_of_the_filter(page: MakePage, db_url: str) -> None:
    plan, gaps = gap_plan()
    stored = create(db_url, plan)
    question = "Vilka åtgärder inom förvaltningsstruktur och organisering saknar förutsättningar?"
    at = ask(run_ok(page(stored.id)), question)
    tab = at.tabs[TAB_ASK]
    spec = load_template()
    area = {t.name for t in spec.area("hallintorakenne_ja_organisointi").targets}
    by_id = {a.id: a for a in plan.toimenpiteet}
    wanted = [by_id[i].toimenpide for i in gaps.no_prerequisites if by_id[i].kehittamiskohde in area]
    assert 0 < len(wanted) < len(gaps.no_prerequisites)  # the filter matters
    (fact,) = tab.expander
    listed = [b.split(" – ", 1)[0] for b in bullets(fact.markdown[0].value)]
    assert listed == wanted
    answer_text = unescape(tab.markdown[1].value)
    assert answer_text.startswith(
        f"{len(wanted)} av 4 åtgärder inom området Förvaltningsstruktur och organisering"
    )
    assert all(text in answer_text for text in wanted) and "till." not in answer_text


@pytest.mark.slow
def test_knowledge_question_shows_cited_passages(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    at = ask(run_ok(page(create(db_url, plan).id)), "Mitä ohje sanoo master datasta?")
    tab = at.tabs[TAB_ASK]
    assert has_text(tab, FI.t("ui.review.ask.kind", kind=FI.t("ui.review.ask.kinds.knowledge")))
    assert has_text(tab, FI.t("ui.review.ask.citations"))
    passages = [e for e in tab.expander if e.label == FI.t("ui.review.ask.passage")]
    assert passages and all(p.markdown[0].value for p in passages)
    assert any(unescape(m.value).startswith("**1. ") for m in tab.markdown)
    # Answers stay for the session (newest first) and the report offers to include them.
    at = ask(at, "Mitkä osa-alueet ovat ilman toimenpiteitä?")
    questions = [unescape(m.value) for m in at.tabs[TAB_ASK].markdown if m.value.startswith("**")]
    assert questions[:2] == [
        "**Mitkä osa-alueet ovat ilman toimenpiteitä?**",
        "**Mitä ohje sanoo master datasta?**",
    ]
    assert at.checkbox(key="review_include_qa").label == FI.t("ui.review.report.include_qa", count=2)
