"""Work the first visit of a page would otherwise do while its user waits, done once per server process in
the background when the app is first opened: the pages' modules and the services behind them (the
knowledge base with its embedding model and lexical index, the reviewer with its facet model, the drafting
interpreter). A person who opens the app and then the reviewer page finds them ready.

Nothing here draws anything or touches a session: the thread only imports and builds shared services, which
the container builds once under its lock (a page that needs one meanwhile waits for the same build)."""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

log = logging.getLogger(__name__)

# what the pages import beyond the app itself (measured with python -X importtime); the app's own modules
# by their names in the `ui` package
UI_MODULES = (
    "review_tabs",
    "review_questions",
    "review_overview",
    "review_components",
    "plan_tables",
    "plan_sections",
    "plan_header",
    "draft_components",
    "draft_plans",
)
MODULES = (
    "pandas",
    *(f"ui.{name}" for name in UI_MODULES),
    "assistant.review.answer",
    "assistant.review.reviewer",
    "assistant.review.roadmap",
    "assistant.drafting.engine",
    "assistant.interpret.offline",
    "assistant.template.validator",
)

_lock = threading.Lock()
_thread: threading.Thread | None = None


def start(services: Any) -> threading.Thread | None:
    """Start the warm-up once per process (None when it was already started)."""
    global _thread
    with _lock:
        if _thread is not None:
            return None
        _thread = threading.Thread(target=_warm, args=(services,), name="prewarm", daemon=True)
        _thread.start()
        return _thread


def _warm(services: Any) -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        services.knowledge_base.retriever.warm_up()  # embedding model and lexical index
        services.reviewer  # noqa: B018 - built now, with its caches
        services.interpreter  # noqa: B018 - the drafting reader and its intent model
        from assistant.review.facet_model import load_model

        load_model()
    except Exception as exc:  # a warm-up never breaks the app: the page builds what it needs itself
        log.warning("warm-up stopped: %s", exc)
