"""Streamlit entry point: `streamlit run ui/app.py` (or `make run`).

Pages are registered with `st.navigation`; each lives in `ui/views/` (a folder named `pages/` would also
be auto-discovered by Streamlit). Titles and the language switch come from the message catalogs; the
language is kept per session.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

APP_DIR = Path(__file__).resolve().parent
# `streamlit run ui/app.py` puts ui/ on sys.path; the pages import the `ui` package from the project root.
if str(APP_DIR.parent) not in sys.path:
    sys.path.insert(0, str(APP_DIR.parent))

from ui.components import escape_md, language_switch  # noqa: E402
from ui.state import catalog  # noqa: E402

PAGES_DIR = APP_DIR / "views"


def main() -> None:
    messages = catalog()  # a language switch has already been applied by the widget's callback
    st.set_page_config(page_title=messages.t("ui.app.title"), layout="wide")
    st.sidebar.markdown(f"**{escape_md(messages.t('ui.app.title'))}**")
    st.sidebar.caption(messages.t("ui.app.caption"))
    language_switch()
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
    st.navigation(pages).run()


main()
