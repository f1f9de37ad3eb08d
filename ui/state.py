"""Session state and cached resources shared by the pages.

Resources are built once per server process (`st.cache_resource`) and shared by all sessions; the
language is per session (`st.session_state`). The app never builds or ingests the index itself: an empty
store is reported on the search page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant.drafting.engine import DraftingEngine
from assistant.embeddings.base import EmbeddingError
from assistant.i18n import LANGUAGES, Catalog, load_catalog
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.spec import TemplateSpec, load_template
from assistant.vectorstore.chroma import StoreError

if TYPE_CHECKING:
    from assistant.storage.comments import CommentStore

LANGUAGE_KEY = "language"

# What opening the knowledge base can raise for reasons the user can fix (configuration, a stale index,
# an unreachable Chroma server); shown as a message instead of a traceback.
KB_ERRORS: tuple[type[Exception], ...] = (StoreError, EmbeddingError, OSError)


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Settings from the environment and `.env` (DATA_DIR, EMBEDDINGS, ...)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _knowledge_base(fingerprint: str, _settings: Settings) -> KnowledgeBase:
    # `fingerprint` is the cache key; `_settings` (not hashed) carries the same values.
    kb = build_knowledge_base(_settings)
    kb.retriever.warm_up()  # embedder and BM25 index now, not on the first question
    return kb


def get_knowledge_base() -> KnowledgeBase:
    """The knowledge base for the current settings, opened and warmed up once per process."""
    settings = get_settings()
    return _knowledge_base(settings.model_dump_json(), settings)


@st.cache_resource(show_spinner=False)
def _plan_store(url: str, _settings: Settings) -> PlanStore:
    return PlanStore.from_settings(_settings)


def get_plan_store() -> PlanStore:
    """The plans database for the current settings (one engine and connection pool per process)."""
    settings = get_settings()
    return _plan_store(settings.effective_database_url, settings)


def get_comment_store() -> CommentStore:
    """Review comments, in the same database as the plans."""

    return _comment_store(get_settings().effective_database_url, get_plan_store())


@st.cache_resource(show_spinner=False)
def _comment_store(url: str, _store: PlanStore) -> CommentStore:
    from assistant.storage.comments import CommentStore

    return CommentStore(_store.engine)


def get_engine() -> DraftingEngine:
    """The drafting engine over the shared store and knowledge base (cheap to build; resources cached)."""
    settings = get_settings()
    kb = get_knowledge_base()
    return _engine(settings.model_dump_json(), settings, kb, get_plan_store())


@st.cache_resource(show_spinner=False)
def _engine(fingerprint: str, _settings: Settings, _kb: KnowledgeBase, _store: PlanStore) -> DraftingEngine:
    from assistant.drafting.factory import build_engine_with

    return build_engine_with(_settings, _kb, _store)


def current_author() -> str:
    """Who is editing: the logged-in user when login is configured (a later issue), else the local user."""
    return str(st.session_state.get("author") or "paikallinen käyttäjä")


def get_template() -> TemplateSpec:
    return load_template(get_settings().knowledge_dir)


def current_language() -> str:
    """The session's UI language; the APP_LANGUAGE setting until the user picks another."""
    language = st.session_state.get(LANGUAGE_KEY)
    if language not in LANGUAGES:
        language = get_settings().app_language
        st.session_state[LANGUAGE_KEY] = language
    return str(language)


def set_language(language: str) -> None:
    if language in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = language


def catalog() -> Catalog:
    return load_catalog(current_language())
