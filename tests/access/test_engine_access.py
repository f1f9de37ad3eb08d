"""The drafting engine over a scoped store (as the app runs it): a drafter drafts in their organisation, a
reviewer can open the conversation but not answer (a clear message, nothing stored), and nobody reaches
another organisation's plan through the engine."""

from __future__ import annotations

import pytest

from assistant.access import AccessDenied, Permission, ScopedPlanStore
from assistant.drafting.engine import DraftingEngine
from assistant.i18n import LANGUAGES, load_catalog
from assistant.storage import PlanNotFoundError, PlanStore
from tests.access.conftest import ORG_A, ORG_B, principal
from tests.access.test_scoped import snapshot

REGION = "Pirkanmaan hyvinvointialue"


def engine_for(store: PlanStore, role: str, organisation: str = ORG_A) -> DraftingEngine:
    return DraftingEngine(ScopedPlanStore(store, principal(role, organisation)), None)


def test_drafter_drafts_in_their_organisation(store: PlanStore) -> None:
    drafter = principal("drafter", ORG_A)
    engine = DraftingEngine(ScopedPlanStore(store, drafter), None)
    turn = engine.start(author="ignored", language="fi", title="Luonnos")
    assert store.organisation_of(turn.plan_id) == ORG_A
    answered = engine.handle(turn.plan_id, REGION, author="ignored")
    assert answered.version > turn.version
    stored = store.get(turn.plan_id)
    assert stored.plan.kuvaus.sote_maakunta == REGION  # type: ignore[attr-defined]
    assert {r.author for r in store.revisions(turn.plan_id)} == {drafter.name}
    user_messages = [m for m in store.transcript(turn.plan_id) if m.role == "user"]
    assert [(m.content, m.meta["author"]) for m in user_messages] == [(REGION, drafter.name)]


def test_reviewer_cannot_record_answers(store: PlanStore) -> None:
    started = engine_for(store, "drafter").start(author="d", language="fi", title="Luonnos")
    reviewer = engine_for(store, "reviewer")

    resumed = reviewer.resume(started.plan_id)  # reading the current question is allowed
    assert resumed.plan_id == started.plan_id

    before = snapshot(store)
    with pytest.raises(AccessDenied) as denied:
        reviewer.handle(started.plan_id, REGION, author="r")
    assert denied.value.permission is Permission.EDIT
    assert snapshot(store) == before  # not even the typed message was stored
    assert store.get(started.plan_id).plan.kuvaus.sote_maakunta == ""  # type: ignore[attr-defined]
    for lang in LANGUAGES:
        text = denied.value.message(lang)
        assert load_catalog(lang).t("access.roles.reviewer") in text
        assert text == load_catalog(lang).t(
            "access.denied.edit", roles=load_catalog(lang).t("access.roles.reviewer")
        )

    with pytest.raises(AccessDenied) as denied_start:
        reviewer.start(author="r", language="fi")
    assert denied_start.value.permission is Permission.CREATE
    assert snapshot(store) == before


def test_engine_cannot_reach_another_organisation(store: PlanStore) -> None:
    theirs = engine_for(store, "drafter", ORG_B).start(author="b", language="fi")
    admin_a = engine_for(store, "admin", ORG_A)
    before = snapshot(store)
    with pytest.raises(PlanNotFoundError):
        admin_a.resume(theirs.plan_id)
    with pytest.raises(PlanNotFoundError):
        admin_a.handle(theirs.plan_id, REGION, author="a")
    assert snapshot(store) == before
