"""The composition root: how the app, the command line and the tests are assembled.

`Container(settings)` builds every service from the typed `Settings`, each once and only when first
used (the embedding model loads on the first search, not when the CLI prints `--help`):

    settings ─┬─ template, assessment model, plan type      (KNOWLEDGE_DIR)
              ├─ plan_store, comment_store                  (DATABASE_URL: SQLite file or PostgreSQL)
              ├─ knowledge_base: embedder, vector store,    (EMBEDDINGS; CHROMA_HOST: embedded or server)
              │    indexer, retriever
              ├─ chat_model                                 (LLM_MODEL; only in the llm/shared profiles)
              ├─ proposer, assist, interpreter, engine      (drafting)
              ├─ reviewer                                   (review questions over a plan)
              └─ exporter                                   (validated export)

Access-scoped views for one user come from `container.scoped(principal)`: the same shared services
with stores that enforce the principal's organisation and roles (nothing is copied).

Profiles (`PROFILE` in the settings, or given by the caller):

- `offline`: embedded stores, no generative model even when LLM_MODEL is set.
- `llm`: as offline plus the generative model of LLM_MODEL (required).
- `shared`: a county's shared deployment: PostgreSQL (DATABASE_URL) and a Chroma server (CHROMA_HOST)
  are required, the generative model is used when configured.
- `test`: offline; the caller may inject an embedder and a chat model (fakes, or a real test server).
- `auto` (default): `shared` when both servers are configured, `llm` when LLM_MODEL is set, else `offline`.

Implementations behind each interface are listed in `assistant.interfaces`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.access import Principal
    from assistant.drafting.engine import DraftingEngine
    from assistant.drafting.llm import LLMAssist
    from assistant.embeddings import NamedEmbeddings
    from assistant.embeddings.warm import VectorWarmer
    from assistant.export.service import Exporter
    from assistant.ingest.pipeline import Indexer
    from assistant.interfaces import CommentStore, Interpreter, PlanStore, Proposer, Retriever
    from assistant.llm import ModelStatus
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.review.reviewer import Reviewer
    from assistant.storage import PlanStore as SqlPlanStore
    from assistant.storage.comments import CommentStore as SqlCommentStore
    from assistant.template.spec import AssessmentModelSpec, TemplateSpec
    from assistant.vectorstore.chroma import ChromaStore

Profile = Literal["offline", "llm", "shared", "test"]
PROFILES: tuple[Profile, ...] = ("offline", "llm", "shared", "test")
T = TypeVar("T")


class ConfigurationError(RuntimeError):
    """The settings do not fit the chosen profile (the message names what is missing)."""


def resolve_profile(settings: Settings, profile: str | None = None) -> Profile:
    """The explicit profile, else PROFILE from the settings; `auto` follows what is configured."""
    chosen = profile or settings.profile
    if chosen == "auto":
        if settings.database_url is not None and settings.chroma_host:
            return "shared"
        return "llm" if settings.llm_model else "offline"
    if chosen not in PROFILES:
        raise ConfigurationError(f"unknown profile {chosen!r}: expected one of {', '.join(PROFILES)}")
    if chosen == "llm" and not settings.llm_model:
        raise ConfigurationError("profile 'llm' needs LLM_MODEL")
    if chosen == "shared" and (settings.database_url is None or not settings.chroma_host):
        raise ConfigurationError("profile 'shared' needs DATABASE_URL (PostgreSQL) and CHROMA_HOST")
    return chosen


@dataclass
class KnowledgeBase:
    """The indexed knowledge: embedder, vector store, indexer and retriever over one collection."""

    settings: Settings
    embeddings: NamedEmbeddings
    store: ChromaStore
    indexer: Indexer
    retriever: HybridRetriever


def build_store(settings: Settings, embeddings: NamedEmbeddings, recreate: bool = False) -> ChromaStore:
    """The vector store: embedded PersistentClient under DATA_DIR, or a Chroma server (CHROMA_HOST)."""
    from assistant.vectorstore.chroma import ChromaStore, make_client
    from assistant.vectorstore.stamp import stamp_path

    if not settings.chroma_host and not recreate:  # embedded: Chroma opened when something needs it
        from assistant.vectorstore.lazy import LazyChromaStore

        return LazyChromaStore(
            settings.chroma_dir,
            settings.chroma_collection,
            embeddings.name,
            embeddings.dim,
            data_dir=settings.data_dir,
        )
    client = make_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
    stamp = None if settings.chroma_host else stamp_path(settings.data_dir)
    return ChromaStore(
        client, settings.chroma_collection, embeddings.name, embeddings.dim, recreate=recreate, stamp=stamp
    )


def build_knowledge_base(
    settings: Settings, embeddings: NamedEmbeddings | None = None, *, rebuild: bool = False
) -> KnowledgeBase:
    """`rebuild=True` drops the existing index first (e.g. after changing the embedding model)."""
    from assistant.embeddings import embeddings_from_settings
    from assistant.ingest.pipeline import Indexer
    from assistant.retrieval.hybrid import HybridRetriever

    embeddings = embeddings or embeddings_from_settings(settings)
    store = build_store(settings, embeddings, recreate=rebuild)
    return KnowledgeBase(
        settings=settings,
        embeddings=embeddings,
        store=store,
        indexer=Indexer(settings, store, embeddings),
        retriever=HybridRetriever(store, embeddings, settings),
    )


class Scope:
    """The services as one principal may use them: the container's shared services behind stores that
    enforce the principal's organisation and roles. Each is made on first use (cheap; the engine opens
    the knowledge base)."""

    def __init__(self, container: Container, principal: Principal) -> None:
        from assistant.access import ScopedPlanStore

        self.container = container
        self.principal = principal
        self.plan_store: PlanStore = ScopedPlanStore(container.plan_store, principal)

    @cached_property
    def comment_store(self) -> CommentStore:
        from assistant.access import ScopedCommentStore

        return ScopedCommentStore(self.container.comment_store, self.principal)

    @cached_property
    def engine(self) -> DraftingEngine:
        return self.container.engine_for(self.plan_store)


class Container:
    """Every service of one configuration, built lazily and once (thread-safe: Streamlit sessions share
    one container per process)."""

    def __init__(
        self,
        settings: Settings | None = None,
        profile: str | None = None,
        *,
        embeddings: NamedEmbeddings | None = None,
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings if settings is not None else Settings()
        self.profile: Profile = resolve_profile(self.settings, profile)
        if (embeddings is not None or chat_model is not None) and self.profile != "test":
            raise ConfigurationError("injected embeddings or chat models are for the 'test' profile")
        self._injected_embeddings = embeddings
        self._injected_chat_model = chat_model
        self._built: dict[str, Any] = {}
        self._lock = threading.RLock()

    def _once(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return cast(T, self._built[name])

    # --- the template (knowledge/ as data) -----------------------------------------------------------
    @property
    def template(self) -> TemplateSpec:
        from assistant.template.spec import load_template

        return self._once("template", lambda: load_template(self.settings.knowledge_dir))

    @property
    def assessment_model(self) -> AssessmentModelSpec:
        from assistant.template.spec import load_assessment_model

        return self._once("assessment", lambda: load_assessment_model(self.settings.knowledge_dir))

    # --- storage -------------------------------------------------------------------------------------
    @property
    def plan_store(self) -> SqlPlanStore:
        """The unscoped plans database (one engine and connection pool per container): SQLite embedded,
        PostgreSQL shared; implements `interfaces.PlanStore`."""
        from assistant.storage import PlanStore as SqlPlanStore
        from assistant.template.models import plan_model

        return self._once(
            "plans",
            lambda: SqlPlanStore(
                self.settings.effective_database_url, plan_type=plan_model(self.settings.knowledge_dir)
            ),
        )

    @property
    def comment_store(self) -> SqlCommentStore:
        """Review comments, in the plans database; implements `interfaces.CommentStore`."""
        from assistant.storage.comments import CommentStore as SqlCommentStore

        return self._once("comments", lambda: SqlCommentStore(self.plan_store.engine))

    # --- knowledge base ------------------------------------------------------------------------------
    @property
    def knowledge_base(self) -> KnowledgeBase:
        return self._once(
            "kb", lambda: build_knowledge_base(self.settings, embeddings=self._injected_embeddings)
        )

    @property
    def embedder(self) -> NamedEmbeddings:
        return self.knowledge_base.embeddings

    @property
    def retriever(self) -> Retriever:
        return self.knowledge_base.retriever

    @property
    def indexer(self) -> Indexer:
        return self.knowledge_base.indexer

    # --- generative model (optional) ------------------------------------------------------------------
    @property
    def model_status(self) -> ModelStatus:
        """The start-up check of LLM_MODEL (unknown provider, missing key or package, unreachable server),
        made once: the model, or the problem in words (`status.message(catalog)`); offline: no model."""
        from assistant.llm import ModelStatus, check_model

        if self.profile in ("offline", "test"):
            return ModelStatus(model=self._injected_chat_model if self.profile == "test" else None)
        return self._once("model_status", lambda: check_model(self.settings))

    @property
    def chat_model(self) -> BaseChatModel | None:
        """The chat model of LLM_MODEL in the llm and shared profiles when it passed its start-up check;
        None offline or when it cannot be used (the offline engine then does the work)."""
        return self.model_status.model

    @property
    def assist(self) -> LLMAssist | None:
        """LLM assistance for drafting (field extraction, proposals); None: the offline engine only."""
        model = self.chat_model
        if model is None:
            return None
        from assistant.drafting.llm import LLMAssist

        return self._once("assist", lambda: LLMAssist(model, self.knowledge_base.retriever, self.settings))

    # --- drafting ------------------------------------------------------------------------------------
    @property
    def proposer(self) -> Proposer:
        from assistant.drafting.propose import OfflineProposer

        return self._once("proposer", lambda: OfflineProposer(self.knowledge_base.retriever))

    @property
    def interpreter(self) -> Interpreter:
        """Reads every drafting message (intent and slots): offline (the e5 model against intent
        examples, rules and the template's names); with a usable chat model, the model reads it and any
        failure falls back to the offline reading, which the user is told."""
        from assistant.interpret.offline import OfflineInterpreter

        offline = self._once(
            "interpreter.offline", lambda: OfflineInterpreter(self.knowledge_base.embeddings, self.template)
        )
        model = self.chat_model
        if model is None:
            return offline
        from assistant.interpret.llm import LLMInterpreter

        return self._once(
            "interpreter.llm",
            lambda: LLMInterpreter(
                model,
                offline,
                method=self.settings.llm_structured_method,
                timeout_s=self.settings.llm_timeout_s,
            ),
        )

    def engine_for(self, store: PlanStore) -> DraftingEngine:
        """A drafting engine over `store`, sharing the retriever, proposer, template and model."""
        from assistant.drafting.engine import DraftingEngine

        return DraftingEngine(
            store,
            self.knowledge_base.retriever,
            spec=self.template,
            assist=self.assist,
            proposer=self.proposer,
            max_message_chars=self.settings.max_message_chars,
            interpreter=self.interpreter,
            after_save=self.vector_warmer.plan_saved,
        )

    @property
    def vector_warmer(self) -> VectorWarmer:
        """Embeds a plan's actions when they are written, ahead of the reviewer's first look."""
        from assistant.embeddings.warm import VectorWarmer

        def build() -> VectorWarmer:
            retriever = self.knowledge_base.retriever  # the vectors the reviewer will look up
            return VectorWarmer(retriever.embeddings, self.settings.data_dir)

        return self._once("vector_warmer", build)

    @property
    def engine(self) -> DraftingEngine:
        """The engine over the unscoped store (the command line; the app uses `scoped`)."""
        return self._once("engine", lambda: self.engine_for(self.plan_store))

    # --- review and export -----------------------------------------------------------------------------
    @property
    def reviewer(self) -> Reviewer:
        from assistant.review.cache import CoverageCache
        from assistant.review.reviewer import Reviewer

        return self._once(
            "reviewer",
            lambda: Reviewer(
                spec=self.template,
                knowledge_base=lambda: self.knowledge_base,
                chat_model=lambda: self.chat_model,
                settings=self.settings,
                coverage_cache=CoverageCache.from_settings(self.settings),
            ),
        )

    @property
    def exporter(self) -> Exporter:
        from assistant.export.service import Exporter

        return self._once("exporter", lambda: Exporter(self.settings.knowledge_dir))

    # --- one user's view -------------------------------------------------------------------------------
    def scoped(self, principal: Principal) -> Scope:
        """The stores and engine as `principal` may use them (organisation and roles enforced)."""
        return Scope(self, principal)

    def close(self) -> None:
        """Release the database connections (the vector store and models need no closing)."""
        with self._lock:
            plans = self._built.pop("plans", None)
            if plans is not None:
                plans.close()
            self._built.clear()
