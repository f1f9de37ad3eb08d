"""Review comments on the reviewer page (`ui/views/review_page.py`): added, listed and resolved there,
shown and resolved on the plan page, counted on the drafting page, refused with the reason, kept for a
removed action, and escaped."""

from __future__ import annotations

import pytest

from assistant.access import local_principal
from assistant.markdown import escape_md
from assistant.storage import PlanStore
from assistant.storage.comments import action_pointer
from tests.ui.helpers import unescape
from tests.ui.review_fixtures import gap_plan
from tests.ui.review_page.helpers import (
    DRAFT_PAGE,
    FI,
    HOSTILE,
    PLAN_PAGE,
    TAB_COMMENTS,
    MakePage,
    add_comment,
    comments_of,
    create,
    has_text,
    run_ok,
)

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
