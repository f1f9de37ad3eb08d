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
    spec = load_template(settings.knowledge_dir)
    interpreter = None
    if assist is None and getattr(settings, "llm_model", None):
        from assistant.drafting.llm import build_assist

        assist = build_assist(settings, retriever)
    if getattr(settings, "llm_model", None):
        interpreter = build_interpreter(settings, retriever, spec)
    return DraftingEngine(store, retriever, spec=spec, assist=assist, interpreter=interpreter)


def build_interpreter(settings: Settings, retriever: Any, spec: Any) -> Any:
    """The LLM interpreter (offline fallback) when a model is configured, else the offline one."""
    from assistant.drafting.engine import default_interpreter
    from assistant.interpret.llm import LLMInterpreter
    from assistant.llm import make_chat_model

    offline = default_interpreter(retriever, spec)
    model = make_chat_model(settings)
    if model is None:
        return offline
    return LLMInterpreter(
        model,
        offline,  # type: ignore[arg-type]
        method=settings.llm_structured_method,
        timeout_s=settings.llm_timeout_s,
    )
