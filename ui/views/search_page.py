"""Knowledge-base page: hybrid search over the indexed documents, every hit with its citation."""

from __future__ import annotations

from typing import Any, get_args

import streamlit as st

from assistant.i18n import Catalog
from assistant.ingest.models import DocKind
from assistant.retrieval.models import SearchResult
from assistant.services import KnowledgeBase
from ui.components import escape_md, kind_label, render_hit
from ui.state import KB_ERRORS, catalog, current_language, get_knowledge_base

KINDS: tuple[str, ...] = get_args(DocKind)
REQUEST_KEY = "search_request"
RESULT_KEY = "search_result"
K_MIN, K_MAX, K_DEFAULT = 1, 10, 5


def _open(messages: Catalog) -> KnowledgeBase | None:
    try:
        with st.spinner(messages.t("ui.search.loading")):
            return get_knowledge_base()
    except KB_ERRORS as exc:
        st.error(escape_md(messages.t("ui.errors.knowledge_base", detail=exc)))
        return None


def _form(messages: Catalog) -> None:
    with st.form("search_form"):
        query = st.text_input(
            messages.t("ui.search.query"), placeholder=messages.t("ui.search.placeholder"), key="search_query"
        )
        k = st.slider(messages.t("ui.search.k"), K_MIN, K_MAX, K_DEFAULT, key="search_k")
        kinds = st.multiselect(
            messages.t("ui.search.kinds"),
            options=KINDS,
            format_func=lambda kind: kind_label(kind, messages),
            placeholder=messages.t("ui.search.kinds_all"),
            key="search_kinds",
        )
        if st.form_submit_button(messages.t("ui.search.submit"), type="primary"):
            st.session_state[REQUEST_KEY] = {"query": query, "k": int(k), "kinds": list(kinds)}


def _search(kb: KnowledgeBase, request: dict[str, Any], language: str, messages: Catalog) -> SearchResult:
    """Search, or reuse the last result when neither the request nor the language has changed."""
    cached = st.session_state.get(RESULT_KEY)
    if cached is not None and cached[0] == request and cached[1] == language:
        return cached[2]
    with st.spinner(messages.t("ui.search.searching")):
        result = kb.retriever.search(
            request["query"], request["k"], kinds=request["kinds"] or None, language=language
        )
    st.session_state[RESULT_KEY] = (request, language, result)
    return result


def main() -> None:
    messages = catalog()
    language = current_language()
    st.title(escape_md(messages.t("ui.search.title")))
    st.caption(escape_md(messages.t("ui.search.caption")))

    kb = _open(messages)
    if kb is None:
        return
    count = kb.store.count()
    if count == 0:
        st.warning(escape_md(messages.t("search.empty_index")))
        return
    st.caption(escape_md(messages.t("ui.search.count", count=count)))

    _form(messages)
    request = st.session_state.get(REQUEST_KEY)
    if request is None:
        return
    result = _search(kb, request, language, messages)
    if result.reason:
        st.info(escape_md(result.reason))
    if not result.hits:
        return
    st.subheader(escape_md(messages.t("ui.search.results", count=len(result.hits))))
    for number, hit in enumerate(result.hits, 1):
        render_hit(hit, number, messages, expanded=number == 1)


main()
