"""A plan's coverage report, computed once per plan version and reused.

The report (with the roadmap alignment, the costly part: every action embedded and compared with every
roadmap task) depends only on the plan's content, the index, the language and the review rules. So it is
kept by

    plan id + plan version + index version (and model) + language + with/without the knowledge base
    + a fingerprint of the review rules, the template and the message catalogs

in memory (a bounded LRU shared by the sessions of one process) and as JSON under
`DATA_DIR/cache/coverage/` (the next `assistant review` / `ask` process, another app instance on the same
data directory). The reviewer page, `assistant review` and `assistant ask` all go through `CoverageCache`;
`analyse` itself is unchanged. A saved plan gets a new version, a re-index a new index version: a stale
report is never served.

    cache = CoverageCache.from_settings(settings)
    report = cache.report(stored.id, stored.version, stored.plan, retriever=kb.retriever, language="fi")
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.paths import KNOWLEDGE_DIR
from assistant.review.models import CoverageReport
from assistant.template.spec import TemplateSpec

CACHE_SUBDIR = Path("cache") / "coverage"
MEMORY_ENTRIES = 128
DISK_ENTRIES = 512


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """What else a report depends on: the review rules and vocabularies, the template and the catalogs
    (read once per process; a changed file after an upgrade gives new keys)."""
    package = Path(__file__).resolve().parent.parent
    files = [
        *sorted((package / "review").glob("*.yaml")),
        *sorted((package / "i18n" / "locales").glob("*.yaml")),
        KNOWLEDGE_DIR / "template.yaml",
    ]
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:16]


def index_key(retriever: Any | None) -> str:
    """The index's identity for the cache: its model and version stamp ('no-kb' without a retriever)."""
    if retriever is None:
        return "no-kb"
    store = getattr(retriever, "store", None)
    version = store.version() if store is not None and hasattr(store, "version") else "?"
    return f"{retriever.embeddings.name}@{version}"


class CoverageCache:
    def __init__(self, directory: Path | None = None, *, scope: str = "") -> None:
        """`directory`: where reports are kept on disk (None: in memory only). `scope` tells apart plans of
        different databases that share a data directory (e.g. the database URL)."""
        self.directory = directory
        self.scope = scope
        self._memory: OrderedDict[str, CoverageReport] = OrderedDict()
        self._lock = threading.Lock()
        self.computed = 0  # reports computed by `analyse` (not served from the cache): for tests, benches

    @classmethod
    def from_settings(cls, settings: Any) -> CoverageCache:
        return cls(Path(settings.data_dir) / CACHE_SUBDIR, scope=settings.effective_database_url)

    def key(self, plan_id: str, version: int, index: str, language: str) -> str:
        """`index`: the index's identity (`index_key`, or the embedded store's stamp file)."""
        raw = "|".join((self.scope, plan_id, str(version), index, language, rules_fingerprint()))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def peek(self, plan_id: str, version: int, index: str, language: str) -> CoverageReport | None:
        """The cached report for this plan version and index identity, or None (nothing is computed)."""
        key = self.key(plan_id, version, index, language if language in ("fi", "sv", "en") else "fi")
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                return cached.model_copy(deep=True)
        return self._read(key)

    def report(
        self,
        plan_id: str,
        version: int,
        plan: Any,
        *,
        retriever: Any | None = None,
        spec: TemplateSpec | None = None,
        language: str = "fi",
    ) -> CoverageReport:
        """The coverage report of `plan` (stored as `plan_id` at `version`), from the cache when it has it."""
        language = language if language in ("fi", "sv", "en") else "fi"
        key = self.key(plan_id, version, index_key(retriever), language)
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                self._memory.move_to_end(key)
                return cached.model_copy(deep=True)
        report = self._read(key)
        if report is None:
            from assistant.review.coverage import analyse  # the review stack, only when computing

            report = analyse(plan, spec=spec, retriever=retriever, language=language)
            self.computed += 1
            self._write(key, report)
        with self._lock:
            self._memory[key] = report
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)
        return report.model_copy(deep=True)

    def bind(
        self,
        plan_id: str,
        version: int,
        plan: Any,
        *,
        retriever: Any | None,
        spec: TemplateSpec | None = None,
    ) -> Callable[[bool, str], CoverageReport]:
        """A `(with_roadmap, language) -> report` function for one stored plan, for `review.ask`."""

        def coverage(with_roadmap: bool, language: str) -> CoverageReport:
            return self.report(
                plan_id,
                version,
                plan,
                retriever=retriever if with_roadmap else None,
                spec=spec,
                language=language,
            )

        return coverage

    # --- disk ------------------------------------------------------------------------------------------
    def _path(self, key: str) -> Path | None:
        return self.directory / f"{key}.json" if self.directory is not None else None

    def _read(self, key: str) -> CoverageReport | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return CoverageReport.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            path.unlink(missing_ok=True)  # damaged or from an older format: compute again
            return None

    def _write(self, key: str, report: CoverageReport) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(report.model_dump(mode="json"), fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written is only slower
        self._prune(path.parent)

    @staticmethod
    def _prune(directory: Path) -> None:
        files = sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime if p.exists() else 0)
        for old in files[:-DISK_ENTRIES]:
            old.unlink(missing_ok=True)
