"""Shared UI helpers: the language switch and search-hit rendering (escape_md re-exported)."""

from __future__ import annotations

import streamlit as st

from assistant.i18n import LANGUAGES, Catalog, load_catalog
from assistant.markdown import escape_md
from assistant.retrieval.models import Hit
from assistant.sanitize import display_name
from ui.state import LANGUAGE_KEY, current_language, set_language

__all__ = ["escape_md", "kind_label", "language_switch", "render_hit"]

LANGUAGE_WIDGET_KEY = "_language_choice"


def language_switch() -> str:
    """The fi/sv/en switch in the sidebar; returns the session language (already changed on a switch)."""
    language = current_language()
    if st.session_state.get(LANGUAGE_WIDGET_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_WIDGET_KEY] = language

    def changed() -> None:
        set_language(str(st.session_state[LANGUAGE_WIDGET_KEY]))

    catalog = load_catalog(language)
    st.sidebar.radio(
        catalog.t("ui.language.label"),
        options=LANGUAGES,
        format_func=lambda code: catalog.t(f"ui.language.{code}"),
        key=LANGUAGE_WIDGET_KEY,
        on_change=changed,
        horizontal=True,
    )
    return str(st.session_state[LANGUAGE_KEY])


def kind_label(kind: str, catalog: Catalog) -> str:
    key = f"ui.kinds.{kind}"
    return catalog.t(key) if catalog.has(key) else kind


def citation(hit: Hit, catalog: Catalog) -> str:
    """Title, section and page of a hit, with the page abbreviation of the UI language."""
    parts = [display_name(hit.title, 200)]
    if hit.section:
        parts.append(display_name(hit.section, 400))
    if hit.page is not None:
        parts.append(catalog.t("ui.search.page", page=hit.page))
    return ", ".join(parts)


def render_hit(hit: Hit, number: int, catalog: Catalog, *, expanded: bool = False) -> None:
    """One search hit: its citation, its kind and its text (all escaped); hits come in order of relevance,
    and no raw score is shown to a reader."""
    with st.container(border=True):
        st.markdown(f"**{number}\\. {escape_md(citation(hit, catalog))}**")
        st.caption(escape_md(catalog.t("ui.search.meta", kind=kind_label(hit.kind, catalog))))
        with st.expander(catalog.t("ui.search.text"), expanded=expanded):
            st.markdown(escape_md(hit.text))
