"""Build the drafting engine from settings: the plan store, the knowledge base and, when configured, a
generative model."""

from __future__ import annotations

from typing import Any

from assistant.drafting.engine import DraftingEngine
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.spec import load_template


def build_engine(settings: Settings, kb: Any, assist: Any | None = None) -> DraftingEngine:
    return build_engine_with(settings, kb, PlanStore.from_settings(settings), assist)


def build_engine_with(
    settings: Settings, kb: Any, store: PlanStore, assist: Any | None = None
) -> DraftingEngine:
    """The engine over a given store (the app shares one store per process)."""
    retriever = kb.retriever if kb is not None else None
    if assist is None and getattr(settings, "llm_model", None):
        from assistant.drafting.llm import build_assist

        assist = build_assist(settings, retriever)
    return DraftingEngine(
        store,
        retriever,
        spec=load_template(settings.knowledge_dir),
        assist=assist,
        max_message_chars=settings.max_message_chars,
    )
