"""Streamlit entry point: `streamlit run ui/app.py` (or `make run`).

Pages are registered with `st.navigation`; each lives in `ui/views/` (a folder named `pages/` would also
be auto-discovered by Streamlit). Titles and the language switch come from the message catalogs; the
language is kept per session.

Access: with AUTH_REQUIRED the pages are registered only for a logged-in user with an organisation and a
role (`st.login` with the provider of `.streamlit/secrets.toml`); others see a login page or a "no
access" page. The sidebar shows the user, organisation and role, and the logout button. The stores the
pages use are scoped to the user (ui/state.py), so a page cannot reach beyond them; a refused call, or a
database that cannot be opened, is shown as its message (never with a secret) instead of a traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st
from sqlalchemy.exc import DBAPIError
from streamlit.errors import StreamlitAuthError
from streamlit.navigation.page import StreamlitPage

APP_DIR = Path(__file__).resolve().parent
# `streamlit run ui/app.py` puts ui/ on sys.path; the pages import the `ui` package from the project root.
if str(APP_DIR.parent) not in sys.path:
    sys.path.insert(0, str(APP_DIR.parent))

from assistant.access import AccessConfigError, NoAccess, Permission, Principal, redact  # noqa: E402
from assistant.i18n import Catalog  # noqa: E402
from assistant.storage import StorageError  # noqa: E402
from ui import prewarm  # noqa: E402
from ui.components import escape_md, language_switch  # noqa: E402
from ui.state import (  # noqa: E402
    catalog,
    current_language,
    current_principal,
    get_container,
    get_settings,
    llm_problem,
    user_info,
)
from ui.widget_texts import global_styles  # noqa: E402

PAGES_DIR = APP_DIR / "views"
log = logging.getLogger(__name__)


# --- access --------------------------------------------------------------------------------------------


def _logout_button(messages: Catalog) -> None:
    if st.sidebar.button(
        messages.t("access.ui.logout_button"), key="access_logout", icon=":material/logout:"
    ):
        st.logout()


def _login_page(messages: Catalog) -> None:
    st.title(escape_md(messages.t("access.ui.login_title")))
    st.info(escape_md(messages.t("access.ui.login_prompt")))
    if st.button(
        messages.t("access.ui.login_button"), key="access_login", type="primary", icon=":material/login:"
    ):
        try:
            st.login(get_settings().auth_provider)
        except StreamlitAuthError as exc:  # not configured, or Authlib missing
            log.warning("login is not available: %s", redact(str(exc), get_settings()))
            st.error(escape_md(messages.t("access.ui.login_unavailable")))


def _no_access_page(messages: Catalog, text: str) -> None:
    st.title(escape_md(messages.t("access.ui.no_access_title")))
    st.warning(escape_md(text))
    _logout_button(messages)


def _identity(principal: Principal, messages: Catalog) -> None:
    roles = ", ".join(messages.t(f"access.roles.{role}") for role in principal.sorted_roles())
    st.sidebar.markdown(messages.t("access.ui.user", name=escape_md(principal.name)))
    st.sidebar.caption(escape_md(messages.t("access.ui.organisation", organisation=principal.organisation)))
    st.sidebar.caption(escape_md(messages.t("access.ui.roles", roles=roles)))
    if not principal.can(Permission.EDIT):
        st.sidebar.info(escape_md(messages.t("access.ui.read_only")))
    _logout_button(messages)


def access_gate(messages: Catalog) -> bool:
    """Whether the pages may be shown; otherwise the login or "no access" page has been drawn."""
    if not get_settings().auth_required:
        return True  # the single local user (an admin of "default")
    info = user_info()
    if info.get("is_logged_in") is not True:
        _login_page(messages)
        return False
    try:
        principal = current_principal()
    except AccessConfigError as exc:
        _no_access_page(messages, exc.message(current_language()))
        return False
    if principal is None:
        who = str(info.get("email") or info.get("name") or info.get("sub") or "?")
        _no_access_page(messages, NoAccess(who).message(current_language()))
        return False
    _identity(principal, messages)
    return True


def _run(page: StreamlitPage, messages: Catalog) -> None:
    """Run the page; a refused call or an unreachable database is shown as its message."""
    try:
        page.run()
    except StorageError as exc:
        st.error(escape_md(redact(exc.message(current_language()), get_settings())))
    except DBAPIError as exc:
        detail = redact(" ".join(str(exc.orig or exc).split())[:300], get_settings())
        log.warning("plans database error: %s", detail)
        st.error(escape_md(messages.t("access.ui.database_error", detail=detail)))


def main() -> None:
    messages = catalog()  # a language switch has already been applied by the widget's callback
    st.set_page_config(page_title=messages.t("ui.app.title"), layout="wide")
    st.sidebar.markdown(f"**{escape_md(messages.t('ui.app.title'))}**")
    st.sidebar.caption(messages.t("ui.app.caption"))
    problem = llm_problem()  # a language model that cannot be used: said once, the app works offline
    if problem:
        st.sidebar.warning(escape_md(problem))
    language_switch()
    global_styles()  # Streamlit's own widget texts that take no argument: ui/widget_texts.py
    if not access_gate(messages):
        return
    if get_settings().app_prewarm:
        prewarm.start(get_container())  # once per process: the other pages' work, in the background
    pages = [
        st.Page(
            PAGES_DIR / "template_page.py",
            title=messages.t("ui.nav.template"),
            icon=":material/description:",
            url_path="mallipohja",
            default=True,
        ),
        st.Page(
            PAGES_DIR / "draft_page.py",
            title=messages.t("ui.draft.nav"),
            icon=":material/edit_note:",
            url_path="laadi",
        ),
        st.Page(
            PAGES_DIR / "plan_page.py",
            title=messages.t("ui.plan.title"),
            icon=":material/edit_document:",
            url_path="suunnitelma",
        ),
        st.Page(
            PAGES_DIR / "review_page.py",
            title=messages.t("ui.nav.review"),
            icon=":material/fact_check:",
            url_path="katselmointi",
        ),
        st.Page(
            PAGES_DIR / "export_page.py",
            title=messages.t("ui.nav.export"),
            icon=":material/ios_share:",
            url_path="vienti",
        ),
        st.Page(
            PAGES_DIR / "search_page.py",
            title=messages.t("ui.nav.search"),
            icon=":material/search:",
            url_path="tietopohja",
        ),
    ]
    _run(st.navigation(pages), messages)


main()
