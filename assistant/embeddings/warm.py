"""Texts embedded ahead of need, on one background thread: a plan's actions are embedded when they are
written (a drafting turn that saves, an import), so that the reviewer's first look at the plan (`review`,
`ask`, the reviewer page: the roadmap alignment compares every action) finds their vectors in the cache
(`vector_cache.py`) instead of embedding them all while the reviewer waits. A failure only costs that
time later: it is logged, never raised to the writer."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from assistant.embeddings.base import NamedEmbeddings
from assistant.embeddings.vector_cache import cached_queries

log = logging.getLogger(__name__)


class VectorWarmer:
    """`warm(texts)` queues the texts' query vectors into the cache; `plan_saved(plan)` its actions."""

    def __init__(self, embeddings: NamedEmbeddings, data_dir: Path | None) -> None:
        self.embeddings = embeddings
        self.data_dir = data_dir
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def warm(self, texts: list[str]) -> Future[None] | None:
        wanted = [t for t in dict.fromkeys(texts) if t.strip()]
        if not wanted:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vector-warmer")
            return self._pool.submit(self._embed, wanted)

    def plan_saved(self, plan: Any) -> Future[None] | None:
        return self.warm([a.toimenpide for a in getattr(plan, "toimenpiteet", [])])

    def _embed(self, texts: list[str]) -> None:
        try:
            cached_queries(self.embeddings, texts, self.data_dir)
        except Exception:  # only a later wait depends on it: logged, never raised to the writer
            log.warning("embedding %d action texts ahead of review failed", len(texts), exc_info=True)
