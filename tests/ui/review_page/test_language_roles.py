"""The reviewer page (`ui/views/review_page.py`) in Swedish (tabs, metrics, downloads, a question), with
no plans, and for a logged-in reviewer who comments under their own name but cannot resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import unescape
from tests.ui.review_fixtures import gap_plan
from tests.ui.review_page.helpers import (
    FI,
    SV,
    TAB_ASK,
    TAB_COMMENTS,
    MakePage,
    add_comment,
    ask,
    comments_of,
    create,
    has_text,
    metrics,
    run_ok,
)
from ui.state import get_settings

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
