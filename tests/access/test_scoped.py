"""ScopedPlanStore and ScopedCommentStore on SQLite and PostgreSQL: organisations see only their own plans
(another organisation's plan is reported exactly like a missing one), reviewers read and comment but
never write, drafters create, edit and resolve, only admins delete; a refused call stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from assistant.access import AccessDenied, Permission, Principal, ScopedCommentStore, ScopedPlanStore
from assistant.drafting.edits import apply_section_edit
from assistant.i18n import LANGUAGES, load_catalog
from assistant.storage import PlanNotFoundError, PlanStore, StoredPlan
from assistant.storage.comments import CommentNotFoundError, CommentStore
from assistant.storage.tables import CommentRow, MessageRow, PlanRow, RevisionRow
from assistant.template.spec import load_template
from tests.access.conftest import ORG_A, ORG_B, example_plan, principal
from tests.ui.catalog_keys import catalog_keys

MISSING = "0" * 32


def counts(store: PlanStore) -> dict[str, int]:
    """Rows per table: what a refused call must leave unchanged."""
    with store.engine.connect() as conn:
        return {
            table.__tablename__: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in (PlanRow, RevisionRow, MessageRow, CommentRow)
        }


def snapshot(store: PlanStore) -> tuple[dict[str, int], list[tuple[str, int]]]:
    with store.engine.connect() as conn:
        versions = [(r.id, r.version) for r in conn.execute(select(PlanRow.id, PlanRow.version))]
    return counts(store), sorted(versions)


@pytest.fixture
def plan_a(store: PlanStore) -> StoredPlan:
    stored = store.create(example_plan(), author="seed", organisation=ORG_A)
    store.append_messages(stored.id, [("assistant", "Tervetuloa", {"step": "x"})])
    return stored


@pytest.fixture
def plan_b(store: PlanStore) -> StoredPlan:
    return store.create(example_plan(), author="seed", organisation=ORG_B)


def scoped(store: PlanStore, who: Principal) -> ScopedPlanStore:
    return ScopedPlanStore(store, who)


# --- organisations -------------------------------------------------------------------------------------


def test_list_shows_only_the_own_organisation(
    store: PlanStore, plan_a: StoredPlan, plan_b: StoredPlan
) -> None:
    for role in ("reviewer", "drafter", "admin"):
        listing = scoped(store, principal(role, ORG_A)).list()
        assert [s.id for s in listing] == [plan_a.id]
        assert all(s.organisation == ORG_A for s in listing)
        assert scoped(store, principal(role, ORG_A)).list(organisation=ORG_B) == []
    assert [s.id for s in scoped(store, principal("admin", ORG_B)).list()] == [plan_b.id]
    assert scoped(store, principal("admin", "kainuu")).list() == []


def _not_found_like_missing(call: Callable[[str], Any], foreign_id: str) -> None:
    """The foreign plan gives the same error type and text as an id that does not exist."""
    with pytest.raises(PlanNotFoundError) as foreign:
        call(foreign_id)
    with pytest.raises(PlanNotFoundError) as missing:
        call(MISSING)
    assert type(foreign.value) is type(missing.value) is PlanNotFoundError
    for lang in LANGUAGES:
        assert foreign.value.message(lang).replace(foreign_id, "ID") == missing.value.message(lang).replace(
            MISSING, "ID"
        )
    assert str(foreign.value).replace(foreign_id, "ID") == str(missing.value).replace(MISSING, "ID")


def test_another_organisations_plan_does_not_exist(
    store: PlanStore, plan_a: StoredPlan, plan_b: StoredPlan
) -> None:
    admin_a = scoped(store, principal("admin", ORG_A))
    plan = example_plan()
    plan.meta.title = "Kaapattu"  # type: ignore[attr-defined]
    before = snapshot(store)
    calls: dict[str, Callable[[str], Any]] = {
        "get": admin_a.get,
        "revisions": admin_a.revisions,
        "transcript": admin_a.transcript,
        "organisation_of": admin_a.organisation_of,
        "save": lambda pid: admin_a.save(
            pid, plan, expected_version=1, author="x", summary="hijack", changes=[{"path": "/meta/title"}]
        ),
        "save_state": lambda pid: admin_a.save_state(pid, {"step": "x"}, expected_version=1),
        "append_messages": lambda pid: admin_a.append_messages(pid, [("user", "hei", {})]),
        "delete": admin_a.delete,
    }
    for call in calls.values():
        _not_found_like_missing(call, plan_b.id)
    assert snapshot(store) == before
    assert store.get(plan_b.id).plan.meta.title != "Kaapattu"  # type: ignore[attr-defined]


def test_create_always_uses_the_principals_organisation_and_name(store: PlanStore) -> None:
    drafter = principal("drafter", ORG_A)
    created = scoped(store, drafter).create(example_plan(), author="someone else", organisation=ORG_B)
    assert created.organisation == ORG_A
    assert created.created_by == drafter.name
    assert store.organisation_of(created.id) == ORG_A
    assert scoped(store, principal("admin", ORG_B)).list() == []
    assert store.revisions(created.id)[0].author == drafter.name


# --- roles -----------------------------------------------------------------------------------------------


def test_reviewer_reads_everything_of_the_organisation(store: PlanStore, plan_a: StoredPlan) -> None:
    reviewer = scoped(store, principal("reviewer", ORG_A))
    assert reviewer.get(plan_a.id).plan == plan_a.plan
    assert [r.version for r in reviewer.revisions(plan_a.id)] == [1]
    assert [m.content for m in reviewer.transcript(plan_a.id)] == ["Tervetuloa"]
    assert reviewer.organisation_of(plan_a.id) == ORG_A


def test_reviewer_cannot_write_and_nothing_is_stored(store: PlanStore, plan_a: StoredPlan) -> None:
    reviewer = scoped(store, principal("reviewer", ORG_A))
    plan = example_plan()
    plan.meta.title = "Katselmoijan muutos"  # type: ignore[attr-defined]
    before = snapshot(store)
    attempts: dict[Permission, Callable[[], Any]] = {
        Permission.CREATE: lambda: reviewer.create(example_plan(), author="r"),
        Permission.EDIT: lambda: reviewer.save(
            plan_a.id, plan, expected_version=1, author="r", summary="s", changes=[{"path": "/meta/title"}]
        ),
        Permission.DELETE: lambda: reviewer.delete(plan_a.id),
    }
    for permission, attempt in attempts.items():
        with pytest.raises(AccessDenied) as denied:
            attempt()
        assert denied.value.permission is permission
    for attempt in (
        lambda: reviewer.save_state(plan_a.id, {"step": "x"}, expected_version=1),
        lambda: reviewer.append_messages(plan_a.id, [("user", "vastaus", {"author": "r"})]),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert snapshot(store) == before
    assert store.get(plan_a.id).plan == plan_a.plan


def test_drafter_edits_but_cannot_delete_admin_can(store: PlanStore, plan_a: StoredPlan) -> None:
    drafter_principal = principal("drafter", ORG_A)
    drafter = scoped(store, drafter_principal)
    plan = example_plan()
    plan.meta.title = "Laatijan otsikko"  # type: ignore[attr-defined]
    saved = drafter.save(
        plan_a.id,
        plan,
        expected_version=1,
        author="impersonated",
        summary="otsikko",
        changes=[{"path": "/meta/title", "old": "", "new": "Laatijan otsikko"}],
    )
    assert saved.version == 2 and saved.title == "Laatijan otsikko"
    assert store.revisions(plan_a.id)[-1].author == drafter_principal.name  # never another's name
    assert drafter.save_state(plan_a.id, {"step": "y"}, expected_version=2) == 3
    appended = drafter.append_messages(plan_a.id, [("user", "vastaus", {"author": "impersonated"})])
    assert appended[0].meta["author"] == drafter_principal.name

    with pytest.raises(AccessDenied) as denied:
        drafter.delete(plan_a.id)
    assert denied.value.permission is Permission.DELETE
    assert store.get(plan_a.id).version == 3

    scoped(store, principal("admin", ORG_A)).delete(plan_a.id)
    with pytest.raises(PlanNotFoundError):
        store.get(plan_a.id)


def test_several_roles_add_up(store: PlanStore, plan_a: StoredPlan) -> None:
    both = scoped(store, principal("reviewer", ORG_A, "drafter"))
    created = both.create(example_plan(), author="x")
    assert created.organisation == ORG_A
    with pytest.raises(AccessDenied):
        both.delete(created.id)


def test_edit_service_refuses_a_reviewer(store: PlanStore, plan_a: StoredPlan) -> None:
    """The plan page's edit service (assistant.drafting.edits) over a reviewer's store: refused, unsaved."""
    reviewer = scoped(store, principal("reviewer", ORG_A))
    section = load_template().sections[0]
    before = snapshot(store)
    with pytest.raises(AccessDenied):
        apply_section_edit(
            reviewer,  # type: ignore[arg-type]
            plan_a.id,
            expected_version=1,
            section_key=section.key,
            values={section.fields[0].key: "Katselmoija yrittää muuttaa tätä."},
            author="r",
        )
    assert snapshot(store) == before


# --- comments --------------------------------------------------------------------------------------------


def test_comment_roles(store: PlanStore, comments: CommentStore, plan_a: StoredPlan) -> None:
    reviewer_principal = principal("reviewer", ORG_A)
    reviewer = ScopedCommentStore(comments, reviewer_principal)
    comment = reviewer.add(
        plan_a.id, target="/kuvaus", author="impersonated", text="Tarkenna.", plan_version=1
    )
    assert comment.author == reviewer_principal.name
    assert [c.id for c in reviewer.list(plan_a.id)] == [comment.id]
    assert reviewer.get(comment.id) == comment

    with pytest.raises(AccessDenied) as denied:
        reviewer.resolve(comment.id, by="r")
    assert denied.value.permission is Permission.RESOLVE
    assert comments.get(comment.id).resolved_at is None

    drafter_principal = principal("drafter", ORG_A)
    resolved = ScopedCommentStore(comments, drafter_principal).resolve(comment.id, by="impersonated")
    assert resolved.resolved_by == drafter_principal.name and resolved.resolved_at is not None

    admin = ScopedCommentStore(comments, principal("admin", ORG_A))
    second = admin.add(plan_a.id, target="", author="a", text="Hyvä.", plan_version=1)
    assert admin.resolve(second.id, by="a").resolved is True


def test_comments_of_another_organisation_do_not_exist(
    store: PlanStore, comments: CommentStore, plan_a: StoredPlan, plan_b: StoredPlan
) -> None:
    theirs = comments.add(plan_b.id, target="", author="lappi", text="Sisäinen huomio.", plan_version=1)
    admin_a = ScopedCommentStore(comments, principal("admin", ORG_A))
    before = counts(store)
    with pytest.raises(PlanNotFoundError):
        admin_a.add(plan_b.id, target="", author="a", text="Kurkistus", plan_version=1)
    with pytest.raises(PlanNotFoundError):
        admin_a.list(plan_b.id)
    for call in (admin_a.get, lambda cid: admin_a.resolve(cid, by="a")):
        with pytest.raises(CommentNotFoundError) as foreign:
            call(theirs.id)
        with pytest.raises(CommentNotFoundError) as missing:
            call(theirs.id + 1000)
        assert foreign.value.message("fi").replace(str(theirs.id), "N") == missing.value.message(
            "fi"
        ).replace(str(theirs.id + 1000), "N")
    assert counts(store) == before
    assert comments.get(theirs.id).resolved_at is None


# --- messages --------------------------------------------------------------------------------------------


def test_every_denial_has_a_message_in_every_language() -> None:
    reviewer = principal("reviewer", ORG_A)
    for lang in LANGUAGES:
        messages = load_catalog(lang)
        for permission in Permission:
            text = AccessDenied(reviewer, permission).message(lang)
            assert not text.startswith("access."), text
            assert messages.t("access.roles.reviewer") in text


def test_access_catalog_keys_exist_in_every_language() -> None:
    reference = catalog_keys("fi", "access")
    assert {f"access.denied.{p.value}" for p in Permission} <= reference
    assert {f"access.roles.{r}" for r in ("drafter", "reviewer", "admin")} <= reference
    for lang in LANGUAGES:
        assert catalog_keys(lang, "access") == reference, lang
        assert load_catalog(lang).has("storage.unavailable")
