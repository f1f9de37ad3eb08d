"""The reviewer page (`ui/views/review_page.py`) over the full index and a SQLite plans database: coverage
figures of a plan with known gaps, questions with their exact lists and cited passages, review comments
(added, listed, resolved; shown on the plan and drafting pages), charts, downloads, Swedish, escaping,
roles, and the page's catalogs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.access import local_principal
from assistant.i18n import load_catalog
from assistant.markdown import escape_md
from assistant.storage import PlanStore, StoredPlan
from assistant.storage.comments import CommentStore, action_pointer
from assistant.template.spec import load_template
from tests.ui import helpers
from tests.ui.conftest import TIMEOUT
from tests.ui.helpers import app_env, new_session, unescape
from tests.ui.review_fixtures import EMPTY_AREA, gap_plan
from ui.state import get_settings

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
PAGE = UI_DIR / "views" / "review_page.py"
PLAN_PAGE = UI_DIR / "views" / "plan_page.py"
DRAFT_PAGE = UI_DIR / "views" / "draft_page.py"
FI, SV = load_catalog("fi"), load_catalog("sv")
HOSTILE = "<script>alert(1)</script> [klik](javascript:alert(1)) **lihava** :red[punainen] $x$"
TAB_ASK, TAB_CHARTS, TAB_COMMENTS = 2, 1, 3
RUN_TIMEOUT = 4 * TIMEOUT
TEXT_KINDS = ("subheader", "markdown", "caption", "info", "warning", "error", "success")

MakePage = Callable[..., AppTest]


def run_ok(at: AppTest) -> AppTest:
    # A process's first run loads the embedder and embeds the roadmap tasks for the alignment.
    return helpers.run_ok(at, timeout=RUN_TIMEOUT)


def texts(node: Any) -> list[str]:
    return helpers.texts(node, *TEXT_KINDS)


def has_text(node: Any, wanted: str) -> bool:
    return any(wanted in text for text in texts(node))


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One plans database for the module (each test creates its own plans)."""
    return f"sqlite:///{tmp_path_factory.mktemp('review-db') / 'plans.sqlite3'}"


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, corpus_kb_dir: Path, db_url: str) -> Iterator[MakePage]:
    def make(plan_id: str | None = None, language: str | None = None, path: Path = PAGE) -> AppTest:
        return new_session(path, plan_id, language=language)

    # Offline answers, whatever .env says.
    with app_env(monkeypatch, corpus_kb_dir, db_url, unset=("AUTH_REQUIRED",), LLM_MODEL=""):
        yield make


def create(db_url: str, plan: Any, organisation: str = "default") -> StoredPlan:
    with PlanStore(db_url) as store:
        return store.create(plan, author="alku", organisation=organisation)


def comments_of(db_url: str, plan_id: str) -> list[Any]:
    with PlanStore(db_url) as store:
        return CommentStore(store.engine).list(plan_id)


def add_comment(db_url: str, plan_id: str, target: str, text: str, author: str = "Kari") -> Any:
    with PlanStore(db_url) as store:
        return CommentStore(store.engine).add(
            plan_id, target=target, author=author, text=text, plan_version=1
        )


def metrics(at: AppTest) -> dict[str, str]:
    return {unescape(m.label): m.value for m in at.metric}


def bullets(markdown: str) -> list[str]:
    return [unescape(line[2:]) for line in markdown.splitlines() if line.startswith("- ")]


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


def ask(at: AppTest, question: str) -> AppTest:
    at.text_input(key="review_question").input(question)
    at.button(key="review_ask_submit").click()
    return run_ok(at)


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


# --- comments -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_add_comment_on_an_action_is_stored_listed_and_shown_to_the_drafter(
    page: MakePage, db_url: str
) -> None:
    plan, gaps = gap_plan()
    stored = create(db_url, plan)
    action = next(a for a in plan.toimenpiteet if a.id == gaps.no_responsible[0])
    at = run_ok(page(stored.id))
    target = at.selectbox(key="review_comment_target")
    assert target.options[0] == FI.t("review_report.target.plan")
    target.set_value(action_pointer(action.id))
    at.text_area(key="review_comment_text").input("Nimetkää vastuuhenkilö.\nKiitos!")
    at.button(key="review_comment_submit").click()
    run_ok(at)

    (comment,) = comments_of(db_url, stored.id)
    assert comment.target == f"/toimenpiteet/{action.id}"
    assert comment.text == "Nimetkää vastuuhenkilö.\nKiitos!"
    assert comment.author == local_principal().name and comment.plan_version == stored.version
    tab = at.tabs[TAB_COMMENTS]
    assert has_text(tab, FI.t("ui.review.comments.added"))
    assert has_text(tab, "Nimetkää vastuuhenkilö.")
    assert has_text(tab, FI.t("ui.review.comments.title", open=1, total=1))
    assert at.text_area(key="review_comment_text").value == ""  # cleared after saving
    assert FI.t("ui.review.tabs.comments", count=1) in [t.label for t in at.tabs]

    # Still there on a fresh session (it is stored, not kept in the session).
    again = run_ok(page(stored.id))
    assert has_text(again.tabs[TAB_COMMENTS], "Nimetkää vastuuhenkilö.")

    # The plan page shows it under the action's area, with a resolve button.
    plan_at = run_ok(page(stored.id, path=PLAN_PAGE))
    threads = [
        e for e in plan_at.expander if e.label == FI.t("ui.review.comments.thread", open=1, resolved=0)
    ]
    assert len(threads) == 1
    assert has_text(threads[0], "Nimetkää vastuuhenkilö.")
    assert has_text(threads[0], action.toimenpide[:40])
    assert threads[0].button[0].key == f"plan_comment_{stored.id}_resolve_{comment.id}"

    # The drafting page counts it in the sidebar.
    draft_at = run_ok(page(stored.id, path=DRAFT_PAGE))
    labels = [e.label for e in draft_at.sidebar.expander]
    assert FI.t("ui.review.comments.open_count", count=1) in labels


@pytest.mark.slow
def test_resolve_on_the_review_page_and_on_the_plan_page(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    stored = create(db_url, plan)
    first = add_comment(db_url, stored.id, "/kuvaus", "Täydennä alueen kuvausta.")
    second = add_comment(db_url, stored.id, "", "Kokonaisuus on hyvä.")
    at = run_ok(page(stored.id))
    at.button(key=f"review_comment_{stored.id}_resolve_{first.id}").click()
    run_ok(at)
    resolved = {c.id: c for c in comments_of(db_url, stored.id)}
    assert resolved[first.id].resolved_by == local_principal().name
    assert not resolved[second.id].resolved
    tab = at.tabs[TAB_COMMENTS]
    assert has_text(tab, FI.t("ui.review.comments.resolved_done"))
    assert has_text(tab, FI.t("ui.review.comments.title", open=1, total=2))
    keys = [b.key for b in tab.button]
    assert f"review_comment_{stored.id}_resolve_{first.id}" not in keys
    assert f"review_comment_{stored.id}_resolve_{second.id}" in keys
    # Hiding resolved comments leaves the open one.
    at.toggle(key="review_show_resolved").set_value(False)
    run_ok(at)
    assert not has_text(at.tabs[TAB_COMMENTS], "Täydennä alueen kuvausta.")
    assert has_text(at.tabs[TAB_COMMENTS], "Kokonaisuus on hyvä.")

    # The drafter resolves the other one on the plan page (shown under the plan's header).
    plan_at = run_ok(page(stored.id, path=PLAN_PAGE))
    plan_at.button(key=f"plan_comment_{stored.id}_resolve_{second.id}").click()
    run_ok(plan_at)
    assert all(c.resolved for c in comments_of(db_url, stored.id))
    assert has_text(plan_at, FI.t("ui.review.comments.resolved_done"))


@pytest.mark.slow
def test_rejected_comment_shows_why_and_keeps_the_text(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    stored = create(db_url, plan)
    at = run_ok(page(stored.id))
    at.text_area(key="review_comment_text").input("   ")
    at.button(key="review_comment_submit").click()
    run_ok(at)
    assert comments_of(db_url, stored.id) == []
    assert [unescape(e.value) for e in at.tabs[TAB_COMMENTS].error] == [FI.t("comments.errors.empty")]

    at.text_area(key="review_comment_text").input("x" * 5001)
    at.button(key="review_comment_submit").click()
    run_ok(at)
    assert comments_of(db_url, stored.id) == []
    assert at.text_area(key="review_comment_text").value == "x" * 5001  # nothing typed is lost
    assert "5001" in unescape(at.tabs[TAB_COMMENTS].error[0].value)


@pytest.mark.slow
def test_comment_on_a_removed_action_stays_visible_to_the_drafter(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    stored = create(db_url, plan)
    removed = plan.toimenpiteet[-1]
    comment = add_comment(db_url, stored.id, action_pointer(removed.id), "Onko tämä tarpeen?")
    changed = plan.model_copy(deep=True)
    changed.toimenpiteet = changed.toimenpiteet[:-1]
    with PlanStore(db_url) as store:
        store.save(stored.id, changed, expected_version=1, author="alku", summary="poisto", changes=[])
    plan_at = run_ok(page(stored.id, path=PLAN_PAGE))
    assert has_text(plan_at, "Onko tämä tarpeen?")
    assert has_text(plan_at, FI.t("review_report.target.removed_action", id=removed.id))
    review_at = run_ok(page(stored.id))
    assert has_text(review_at.tabs[TAB_COMMENTS], FI.t("review_report.target.removed_action", id=removed.id))
    assert comment.id in {c.id for c in comments_of(db_url, stored.id)}


@pytest.mark.slow
def test_comment_text_is_escaped(page: MakePage, db_url: str) -> None:
    plan, _ = gap_plan()
    stored = create(db_url, plan)
    add_comment(db_url, stored.id, "", HOSTILE, author="<b>Eve</b> [x](javascript:1)")
    at = run_ok(page(stored.id))
    values = [m.value for m in at.tabs[TAB_COMMENTS].markdown]
    assert escape_md(HOSTILE) in values
    assert HOSTILE not in values
    captions = [c.value for c in at.tabs[TAB_COMMENTS].caption]
    assert any(escape_md("<b>Eve</b> [x](javascript:1)") in c for c in captions)
    assert not any("<b>" in c for c in captions)


# --- language, downloads, no plans ------------------------------------------------------------------------


@pytest.mark.slow
def test_swedish_ui(page: MakePage, db_url: str) -> None:
    plan, gaps = gap_plan()
    stored = create(db_url, plan)
    at = run_ok(page(stored.id, language="sv"))
    assert [unescape(t.value) for t in at.title] == [SV.t("ui.nav.review")]
    assert [t.label for t in at.tabs] == [
        SV.t("ui.review.tabs.overview"),
        SV.t("ui.review.tabs.charts"),
        SV.t("ui.review.tabs.ask"),
        SV.t("ui.review.tabs.comments", count=0),
        SV.t("ui.review.tabs.report"),
    ]
    shown = metrics(at)
    assert shown[SV.t("ui.review.metrics.actions")] == str(len(plan.toimenpiteet))
    assert shown[SV.t("ui.review.metrics.missing_fields")] == str(len(gaps.incomplete))
    assert shown[SV.t("ui.review.metrics.data_protection")] == "Ja"
    assert at.selectbox(key="review_comment_target").options[0] == "Hela planen"
    assert [b.label for b in at.download_button] == [
        SV.t("ui.review.report.markdown"),
        SV.t("ui.review.report.docx"),
    ]
    at = ask(at, "Vilka åtgärder saknar ansvarsperson?")
    assert has_text(at.tabs[TAB_ASK], SV.t("ui.review.ask.kind", kind=SV.t("ui.review.ask.kinds.plan")))


@pytest.mark.slow
def test_no_plans(page: MakePage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    get_settings.clear()
    at = run_ok(page())
    assert [unescape(i.value) for i in at.info] == [FI.t("ui.review.no_plans")]
    assert not at.metric


# --- roles --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_reviewer_comments_under_their_name_but_cannot_resolve(
    page: MakePage, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, _ = gap_plan()
    stored = create(db_url, plan, organisation="pirkanmaa")
    existing = add_comment(db_url, stored.id, "", "Aiempi kommentti.")
    monkeypatch.setenv("AUTH_REQUIRED", "true")
    get_settings.clear()
    at = page(stored.id)
    at.user = {
        "is_logged_in": True,
        "sub": "sub-r",
        "email": "r@pirkanmaa.example",
        "name": "Riitta Reviewer",
        "organisation": "pirkanmaa",
        "roles": ["reviewer"],
    }
    run_ok(at)
    keys = [b.key for b in at.tabs[TAB_COMMENTS].button]
    assert f"review_comment_{stored.id}_resolve_{existing.id}" not in keys
    at.text_area(key="review_comment_text").input("Tarkistakaa aikataulut.")
    at.button(key="review_comment_submit").click()
    run_ok(at)
    added = comments_of(db_url, stored.id)[-1]
    assert (added.author, added.text) == ("Riitta Reviewer", "Tarkistakaa aikataulut.")
