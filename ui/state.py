"""Session state and the services the pages use.

The services come from the composition root (`assistant.container.Container`), built once per server
process (`st.cache_resource`) and shared by all sessions; the language is per session
(`st.session_state`). The app never builds or ingests the index itself: an empty store is reported on the
search page.

Access: `current_principal()` is the session's user (from `st.user` when AUTH_REQUIRED is on, else the
local admin of the organisation "default"). `get_plan_store()`, `get_comment_store()` and `get_engine()`
return the container's services scoped to that principal (`Container.scoped`): built per call around
the shared ones, cheap, and enforcing organisation and role whatever a page does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from assistant.access import (
    AccessMap,
    LoginRequired,
    NoAccess,
    Permission,
    Principal,
    load_access_map,
    local_principal,
    principal_from_user,
)
from assistant.container import Container, KnowledgeBase, Scope
from assistant.embeddings.base import EmbeddingError
from assistant.i18n import LANGUAGES, Catalog, load_catalog
from assistant.interfaces import CommentStore, PlanStore
from assistant.review.cache import CoverageCache
from assistant.review.reviewer import Reviewer
from assistant.settings import Settings
from assistant.template.spec import TemplateSpec
from assistant.vectorstore.chroma import StoreError

if TYPE_CHECKING:  # annotations only: the drafting engine and exporters load when a page uses them
    from assistant.drafting.engine import DraftingEngine
    from assistant.export.service import Exporter

LANGUAGE_KEY = "language"

# What opening the knowledge base can raise for reasons the user can fix (configuration, a stale index,
# an unreachable Chroma server); shown as a message instead of a traceback.
KB_ERRORS: tuple[type[Exception], ...] = (StoreError, EmbeddingError, OSError)


@st.cache_resource(show_spinner=False)
def get_settings() -> Settings:
    """Settings from the environment and `.env` (DATA_DIR, EMBEDDINGS, ...)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _container(fingerprint: str, _settings: Settings) -> Container:
    # `fingerprint` is the cache key; `_settings` (not hashed) carries the same values.
    return Container(_settings)


def get_container() -> Container:
    """Every service of the current settings, built once per process (lazily: each on first use)."""
    settings = get_settings()
    return _container(settings.model_dump_json() + settings.effective_database_url, settings)


def get_knowledge_base() -> KnowledgeBase:
    """The knowledge base, opened and warmed up (embedder, BM25 index) once per process."""
    services = get_container()
    kb = services.knowledge_base
    _warm_up(id(services), kb)
    return kb


@st.cache_resource(show_spinner=False)
def _warm_up(container_id: int, _kb: KnowledgeBase) -> bool:
    _kb.retriever.warm_up()  # embedder and BM25 index now, not on the first question
    return True


def get_coverage_cache() -> CoverageCache:
    """Plans' coverage reports, computed once per plan version and index version (shared by all sessions
    and kept on disk for the next process): the reviewer service's cache."""
    cache = get_reviewer().coverage_cache
    assert cache is not None  # the container always gives the reviewer its cache
    return cache


def scope() -> Scope:
    """The services as the session's principal may use them (`LoginRequired` / `NoAccess` without one)."""
    return get_container().scoped(require_principal())


def get_plan_store() -> PlanStore:
    """The plans database as the session's principal may use it: their organisation's plans, within
    their roles."""
    return scope().plan_store


def get_comment_store() -> CommentStore:
    """Review comments, in the same database as the plans, scoped like `get_plan_store()`."""
    return scope().comment_store


def get_engine() -> DraftingEngine:
    """The drafting engine over the session's scoped store (sharing the retriever, proposer and model)."""
    get_knowledge_base()  # opened and warmed up once per process
    return scope().engine


def get_reviewer() -> Reviewer:
    """Reviewers' questions about a plan (template, knowledge base and optional model bound)."""
    return get_container().reviewer


def get_exporter() -> Exporter:
    """Validation and export with the configured template."""
    return get_container().exporter


def llm_problem() -> str | None:
    """Why the configured language model is not used, in the user's language (None: no problem)."""
    return get_container().model_status.message(catalog())


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
    return get_container().template


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
