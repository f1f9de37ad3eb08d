"""Session state and cached resources shared by the pages.

Resources are built once per server process (`st.cache_resource`) and shared by all sessions; the
language is per session (`st.session_state`). The app never builds or ingests the index itself: an empty
store is reported on the search page.

Access: `current_principal()` is the session's user (from `st.user` when AUTH_REQUIRED is on, else the
local admin of the organisation "default"). `get_plan_store()`, `get_comment_store()` and `get_engine()`
return stores and an engine scoped to that principal (`assistant.access`): built per call around the
cached per-process resources, cheap, and enforcing organisation and role whatever a page does.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import streamlit as st

from assistant.access import (
    AccessMap,
    LoginRequired,
    NoAccess,
    Permission,
    Principal,
    ScopedCommentStore,
    ScopedPlanStore,
    load_access_map,
    local_principal,
    principal_from_user,
)
from assistant.drafting.engine import DraftingEngine
from assistant.embeddings.base import EmbeddingError
from assistant.i18n import LANGUAGES, Catalog, load_catalog
from assistant.review.cache import CoverageCache
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
def _coverage_cache(fingerprint: str, _settings: Settings) -> CoverageCache:
    return CoverageCache.from_settings(_settings)


def get_coverage_cache() -> CoverageCache:
    """Plans' coverage reports, computed once per plan version and index version (shared by all sessions
    and kept on disk for the next process)."""
    settings = get_settings()
    return _coverage_cache(settings.model_dump_json(), settings)


@st.cache_resource(show_spinner=False)
def _plan_store(url: str, _settings: Settings) -> PlanStore:
    return PlanStore.from_settings(_settings)


def _base_plan_store() -> PlanStore:
    """The unscoped store (one engine and connection pool per process); pages use `get_plan_store()`."""
    settings = get_settings()
    return _plan_store(settings.effective_database_url, settings)


def get_plan_store() -> ScopedPlanStore:
    """The plans database for the current settings, as the session's principal may use it: their
    organisation's plans, within their roles (`LoginRequired` / `NoAccess` without a principal)."""
    return ScopedPlanStore(_base_plan_store(), require_principal())


def get_comment_store() -> ScopedCommentStore:
    """Review comments, in the same database as the plans, scoped like `get_plan_store()`."""
    store = _base_plan_store()
    comments = _comment_store(get_settings().effective_database_url, store)
    return ScopedCommentStore(comments, require_principal())


@st.cache_resource(show_spinner=False)
def _comment_store(url: str, _store: PlanStore) -> CommentStore:
    from assistant.storage.comments import CommentStore

    return CommentStore(_store.engine)


def get_engine() -> DraftingEngine:
    """The drafting engine over the session's scoped store (the engine, knowledge base and store are
    cached per process; the scoped copy is cheap)."""
    settings = get_settings()
    kb = get_knowledge_base()
    store = _base_plan_store()
    base = _engine(settings.model_dump_json() + settings.effective_database_url, settings, kb, store)
    scoped = copy.copy(base)  # shares retriever, proposer and model; only the store differs
    scoped.store = ScopedPlanStore(store, require_principal())
    return scoped


@st.cache_resource(show_spinner=False)
def _engine(fingerprint: str, _settings: Settings, _kb: KnowledgeBase, _store: PlanStore) -> DraftingEngine:
    from assistant.drafting.factory import build_engine_with

    return build_engine_with(_settings, _kb, _store)


# --- who is acting ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _access_map(path: str, stamp: tuple[int, int]) -> AccessMap:
    from pathlib import Path

    return load_access_map(Path(path))


def get_access_map() -> AccessMap:
    """The access file (re-read when it changes); `AccessConfigError` when it is invalid."""
    path = get_settings().access_file
    try:
        info = path.stat()
        stamp = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = (0, -1)
    return _access_map(str(path), stamp)


def user_info() -> dict[str, Any]:
    """The logged-in user's identity claims (`st.user`), or {}."""
    try:
        return dict(st.user.to_dict())
    except Exception:  # no script run context (e.g. imported by a test)
        return {}


def is_logged_in() -> bool:
    return user_info().get("is_logged_in") is True


def current_principal() -> Principal | None:
    """The session's principal: the local admin without login; with AUTH_REQUIRED the logged-in user's
    (None when nobody is logged in or the user has no organisation and role)."""
    settings = get_settings()
    if not settings.auth_required:
        return local_principal()
    info = user_info()
    if info.get("is_logged_in") is not True:
        return None
    return principal_from_user(info, settings, get_access_map())


def require_principal() -> Principal:
    principal = current_principal()
    if principal is not None:
        return principal
    info = user_info()
    if info.get("is_logged_in") is not True:
        raise LoginRequired()
    raise NoAccess(str(info.get("email") or info.get("name") or info.get("sub") or "?"))


def current_can(permission: Permission) -> bool:
    """Whether the session's principal may do this (for showing or hiding controls; the stores enforce)."""
    principal = current_principal()
    return principal is not None and principal.can(permission)


def can_edit() -> bool:
    """Whether the session may change plans (drafter, admin); reviewers see plans read-only."""
    return current_can(Permission.EDIT)


def current_author() -> str:
    """Who is editing: the session's principal's name (the local user without login)."""
    principal = current_principal()
    return principal.name if principal is not None else local_principal().name


def plans_cache_key() -> str:
    """A cache key for data derived from the plans the session can see (database and organisation):
    `st.cache_data` is shared by all sessions, so a key without the organisation would leak plans."""
    principal = current_principal()
    organisation = principal.organisation if principal is not None else ""
    return f"{get_settings().safe_database_url}#{organisation}"


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
