"""Access in the app (AppTest, `at.user` as `st.user`): the login gate, the "no access" page, the user's
identity in the sidebar, a reviewer's read-only plan page whose store still refuses a forced save, plans of
other organisations out of sight, and a database failure shown without its password."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore, StoredPlan
from assistant.template.models import plan_model
from tests.servers import free_port
from tests.ui.conftest import APP, TIMEOUT
from tests.ui.helpers import plan_store, run_ok, unescape
from ui.state import get_settings

PLAN_PAGE = "views/plan_page.py"
DRAFT_PAGE = "views/draft_page.py"
EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
FI = load_catalog("fi")
ORG = "pirkanmaa"
OTHER = "lappi"
SECRET = "s3cr3t-pw"


def all_text(at: AppTest) -> str:
    """Every text the user can read on the page and in the sidebar (values and labels of widgets too)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("text_area", "text_input", "selectbox", "button", "radio"):
        for widget in getattr(at, kind):
            parts.append(str(getattr(widget, "label", "")))
            parts.append(str(getattr(widget, "value", "")))
    parts += [str(e.value) for e in at.exception]
    return unescape("\n".join(parts))


def user(role: str | None, organisation: str | None = ORG, **claims: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "is_logged_in": True,
        "sub": f"sub-{role}",
        "email": f"{role}@{organisation or 'nowhere'}.example",
        "name": f"Testi {role}",
    }
    if organisation is not None:
        info["organisation"] = organisation
    if role is not None:
        info["roles"] = [role]
    return {**info, **claims}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    unset = ("AUTH_PROVIDER", "AUTH_ORG_CLAIM", "AUTH_ROLES_CLAIM", "AUTH_ACCESS_FILE")
    yield from plan_store(tmp_path, monkeypatch, unset=unset, AUTH_REQUIRED="true")


def create(store: PlanStore, organisation: str, title: str) -> StoredPlan:
    plan = plan_model().model_validate_json(EXAMPLE.read_text(encoding="utf-8"))
    plan.meta.title = title  # type: ignore[attr-defined]
    return store.create(plan, author="alku", organisation=organisation)


@pytest.fixture
def plans(store: PlanStore) -> tuple[StoredPlan, StoredPlan]:
    return create(store, ORG, "Pirkanmaan suunnitelma"), create(store, OTHER, "Lapin salainen luonnos")


def app(info: dict[str, Any], page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.user = info
    for key, value in query.items():
        at.query_params[key] = value
    run_ok(at)
    if page is not None:
        at.switch_page(page)
        run_ok(at)
    return at


# --- the gate -----------------------------------------------------------------------------------------------


def test_login_page_when_nobody_is_logged_in(plans: tuple[StoredPlan, StoredPlan]) -> None:
    for info in ({"is_logged_in": False}, {"email": "test@example.com"}):
        at = app(info)
        assert [unescape(t.value) for t in at.title] == [FI.t("access.ui.login_title")]
        assert [b.label for b in at.button] == [FI.t("access.ui.login_button")]
        text = all_text(at)
        assert "Pirkanmaan suunnitelma" not in text and FI.t("ui.nav.template") not in text
    # The login button: without a configured provider (or Authlib) a clear message, not a traceback.
    at.button[0].click().run()
    assert not at.exception
    assert [unescape(e.value) for e in at.error] == [FI.t("access.ui.login_unavailable")]


def test_logged_in_without_organisation_or_role_gets_no_access(plans: tuple[StoredPlan, StoredPlan]) -> None:
    info = user(None, None, email="vieras@nowhere.example")
    at = app(info)
    assert [unescape(t.value) for t in at.title] == [FI.t("access.ui.no_access_title")]
    assert unescape(at.warning[0].value) == FI.t("access.no_access", who="vieras@nowhere.example")
    assert "Pirkanmaan suunnitelma" not in all_text(at)
    logout = [b for b in at.sidebar.button if b.label == FI.t("access.ui.logout_button")]
    assert len(logout) == 1
    logout[0].click().run()
    assert at.user == {"is_logged_in": False}
    at.run()
    assert [unescape(t.value) for t in at.title] == [FI.t("access.ui.login_title")]


def test_access_file_gives_the_role(
    store: PlanStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = tmp_path / "access.yaml"
    access.write_text(f"users:\n  Maija@Example.fi: {{organisation: {ORG}, roles: [reviewer]}}\n", "utf-8")
    monkeypatch.setenv("AUTH_ACCESS_FILE", str(access))
    get_settings.clear()
    at = app({"is_logged_in": True, "sub": "x", "email": "maija@example.fi", "name": "Maija"})
    assert any(
        FI.t("access.ui.roles", roles=FI.t("access.roles.reviewer")) in unescape(c.value)
        for c in at.sidebar.caption
    )

    access.write_text("users: [broken\n", "utf-8")  # an invalid file: a message naming it, no pages
    at = app({"is_logged_in": True, "sub": "x", "email": "maija@example.fi"})
    assert [unescape(t.value) for t in at.title] == [FI.t("access.ui.no_access_title")]
    assert str(access) in unescape(at.warning[0].value)


# --- roles on the pages ---------------------------------------------------------------------------------


def _save_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if str(b.key or "").startswith("plan_save_")]


def test_reviewer_sees_own_organisations_plan_read_only(plans: tuple[StoredPlan, StoredPlan]) -> None:
    own, other = plans
    at = app(user("reviewer"), PLAN_PAGE)
    assert other.title not in all_text(at)

    sidebar = unescape("\n".join(str(e.value) for e in [*at.sidebar.markdown, *at.sidebar.caption]))
    assert "Testi reviewer" in sidebar
    assert FI.t("access.ui.organisation", organisation=ORG) in sidebar
    assert FI.t("access.ui.roles", roles=FI.t("access.roles.reviewer")) in sidebar
    assert [unescape(i.value) for i in at.sidebar.info] == [FI.t("access.ui.read_only")]

    assert at.selectbox[0].options == [FI.t("ui.plan.option", title=own.title, version=own.version)]
    assert at.text_area and all(area.disabled for area in at.text_area)
    assert _save_buttons(at) == []


def test_reviewer_forced_save_through_the_service_is_refused(
    store: PlanStore, plans: tuple[StoredPlan, StoredPlan]
) -> None:
    """The store a reviewer's session gets from ui.state refuses a save the UI does not offer."""
    own, _ = plans

    def forced_save() -> None:
        import streamlit as st

        from assistant.access import AccessDenied
        from ui.state import get_plan_store

        store = get_plan_store()
        stored = store.get(st.session_state["plan"])
        changed = stored.plan.model_copy(deep=True)
        changed.meta.title = "Katselmoijan muutos"
        try:
            store.save(
                stored.id, changed, expected_version=stored.version, author="x", summary="s", changes=[]
            )
            st.session_state["outcome"] = "saved"
        except AccessDenied as exc:
            st.session_state["outcome"] = exc.message("fi")

    at = AppTest.from_function(forced_save, default_timeout=TIMEOUT)
    at.user = user("reviewer")
    at.session_state["plan"] = own.id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["outcome"] == FI.t("access.denied.edit", roles=FI.t("access.roles.reviewer"))
    assert store.get(own.id).version == own.version and store.get(own.id).title == own.title


def test_drafter_edits_and_is_recorded_by_name(
    store: PlanStore, plans: tuple[StoredPlan, StoredPlan]
) -> None:
    own, _ = plans
    at = app(user("drafter"), PLAN_PAGE)
    assert at.text_area and not any(area.disabled for area in at.text_area)
    assert _save_buttons(at)
    assert not at.sidebar.info  # no read-only notice
    first_section = _save_buttons(at)[0]
    at.text_area[0].input(at.text_area[0].value + " Muokattu.")
    at.button(key=first_section).click().run()
    assert not at.exception
    assert store.get(own.id).version == own.version + 1
    assert store.revisions(own.id)[-1].author == "Testi drafter"


def test_another_organisations_plan_in_the_url_is_not_found(plans: tuple[StoredPlan, StoredPlan]) -> None:
    _, other = plans
    at = app(user("admin"), PLAN_PAGE, plan=other.id)
    assert FI.t("storage.not_found", plan_id=other.id) in [unescape(w.value) for w in at.warning]
    assert "Lapin salainen luonnos" not in all_text(at)


def test_reviewer_cannot_start_a_plan_on_the_drafting_page(plans: tuple[StoredPlan, StoredPlan]) -> None:
    at = app(user("reviewer"), DRAFT_PAGE)
    assert FI.t("ui.draft.start") not in [b.label for b in at.button]
    assert FI.t("ui.draft.new_plan") not in [b.label for b in at.sidebar.button]
    assert "Pirkanmaan suunnitelma" in all_text(at) and "Lapin salainen luonnos" not in all_text(at)
    drafter = app(user("drafter"), DRAFT_PAGE)
    assert FI.t("ui.draft.start") in [b.label for b in drafter.button]


def test_plan_lists_are_not_shared_between_organisations(plans: tuple[StoredPlan, StoredPlan]) -> None:
    """The drafting page caches the plan list across sessions: another organisation must not get it."""
    first = app(user("drafter"), DRAFT_PAGE)
    assert "Pirkanmaan suunnitelma" in all_text(first)
    second = app(user("drafter", OTHER), DRAFT_PAGE)
    assert "Lapin salainen luonnos" in all_text(second)
    assert "Pirkanmaan suunnitelma" not in all_text(second)


# --- without login --------------------------------------------------------------------------------------


def test_without_login_the_local_admin_works_as_before(
    store: PlanStore, plans: tuple[StoredPlan, StoredPlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_REQUIRED", "false")
    get_settings.clear()
    at = app({}, PLAN_PAGE)
    assert FI.t("access.ui.logout_button") not in [b.label for b in at.sidebar.button]
    assert unescape(at.info[0].value) == FI.t("ui.plan.no_plans")  # "default" has no plans yet

    local = create(store, "default", "Paikallinen suunnitelma")
    at = app({}, PLAN_PAGE)
    assert at.selectbox[0].options == [FI.t("ui.plan.option", title=local.title, version=local.version)]
    assert _save_buttons(at) and not any(area.disabled for area in at.text_area)
    assert "Lapin salainen luonnos" not in all_text(at)


# --- secrets -------------------------------------------------------------------------------------------


def test_database_failure_is_shown_without_the_password(
    plans: tuple[StoredPlan, StoredPlan], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:{free_port()}/plans"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("AUTH_REQUIRED", "false")
    get_settings.clear()
    for page in (PLAN_PAGE, DRAFT_PAGE):
        at = app({}, page)
        errors = [unescape(e.value) for e in at.error]
        assert errors and any("planner:***@127.0.0.1" in e for e in errors), errors
        assert SECRET not in all_text(at)
    assert SECRET not in caplog.text
