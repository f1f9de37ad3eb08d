"""Build the drafting engine from settings: the plan store, the knowledge base and, when configured, a
generative model."""

from __future__ import annotations

import logging
from typing import Any

from assistant.drafting.engine import DraftingEngine
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.spec import load_template

log = logging.getLogger(__name__)


def build_engine(settings: Settings, kb: Any, assist: Any | None = None) -> DraftingEngine:
    return build_engine_with(settings, kb, PlanStore.from_settings(settings), assist)


def build_engine_with(
    settings: Settings, kb: Any, store: PlanStore, assist: Any | None = None
) -> DraftingEngine:
    """The engine over a given store (the app shares one store per process)."""
    retriever = kb.retriever if kb is not None else None
    if assist is None and getattr(settings, "llm_model", None):
        from assistant.drafting.llm import LLMAssist
        from assistant.llm import check_model

        # A model that cannot be made is reported by the caller at start-up (check_model); the engine
        # then works offline instead of failing.
        status = check_model(settings, probe=False)
        if status.model is not None:
            assist = LLMAssist(status.model, retriever, settings)
        else:
            log.warning("language model not used: %s", status.detail)
    return DraftingEngine(
        store,
        retriever,
        spec=load_template(settings.knowledge_dir),
        assist=assist,
        max_message_chars=settings.max_message_chars,
    )
