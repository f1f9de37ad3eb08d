"""Fixtures for the hostile-input tests: the generated corpus (once per session), a small knowledge base
(the two-document corpus of tests/conftest.py, built once per module) and helpers to compare an index and
a plans database before and after."""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from assistant.embeddings.base import NamedEmbeddings
from assistant.i18n import load_catalog
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from tests.conftest import make_small_knowledge
from tests.hostile.generate import Case, generate

MAX_UPLOAD_MB = 12.0
"""The hostile tests' size limit: the 10 MB one-line file fits, the oversized file is 13 MB (sparse)."""
MAX_UPLOAD_BYTES = int(MAX_UPLOAD_MB * 1024 * 1024)
FI = load_catalog("fi")


class HashEmbeddings(NamedEmbeddings):
    """A deterministic stand-in for the embedding model: a unit vector from the text's SHA-256.

    These tests are about what reaches the index (and what does not), not about retrieval quality. The
    10 MB one-line file becomes about 8 400 chunks; the real model would spend minutes of CPU on them.
    `test_real_model_embeds_accepted_texts` runs the real model over samples of every accepted file."""

    name = "test-sha256-32"

    @property
    def dim(self) -> int:
        return 32

    def _vector(self, text: str) -> np.ndarray:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        vector = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) - 127.5
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query_vector(self, text: str) -> np.ndarray:
        return self._vector(text)


@pytest.fixture(scope="session")
def hash_embeddings() -> HashEmbeddings:
    return HashEmbeddings()


@pytest.fixture(scope="session")
def hostile_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """The hostile corpus, generated once per session, by file name."""
    cases = generate(tmp_path_factory.mktemp("hostile-corpus"), max_upload_mb=MAX_UPLOAD_MB)
    return {case.name: case for case in cases}


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory, hash_embeddings: HashEmbeddings) -> KnowledgeBase:
    """The two-document corpus, indexed once for the module; each test leaves it as it found it."""
    root = tmp_path_factory.mktemp("hostile-kb")
    settings = Settings(
        data_dir=root / "data",
        knowledge_dir=make_small_knowledge(root / "knowledge"),
        max_upload_mb=MAX_UPLOAD_MB,
    )
    kb = build_knowledge_base(settings, embeddings=hash_embeddings)
    report = kb.indexer.sync()
    assert not report.errors and report.added > 0
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    return kb


@dataclass(frozen=True)
class IndexState:
    ids: frozenset[str]
    count: int
    version: str

    @classmethod
    def of(cls, kb: KnowledgeBase) -> IndexState:
        ids = frozenset(record.id for record in kb.store.iter_all(include_documents=False))
        return cls(ids=ids, count=kb.store.count(), version=kb.store.version())


_FILE, _DETAIL, _ANY = "\ue000", "\ue001", "\ue002"  # private-use characters: never in a catalog text


def _pattern(template: str) -> re.Pattern[str]:
    """A regex of a formatted catalog message whose file and detail were the sentinels above (and any
    other figure it names, e.g. a chunk count and its limit, the third sentinel)."""
    parts = re.split(f"([{_FILE}{_DETAIL}{_ANY}])", template)
    regex = "".join(
        "(?P<file>.*?)"
        if p == _FILE
        else "(?P<detail>.*)"
        if p == _DETAIL
        else ".+?"
        if p == _ANY
        else re.escape(p)
        for p in parts
    )
    return re.compile(regex, re.S)


def _figures(key: str) -> dict[str, str]:
    """The message's other named fields (besides file and detail), each as the third sentinel."""
    text = FI._messages.get(key, "")  # the raw template
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: _ANY for name in names - {"file", "detail"}}


def assert_clear_message(message: str, *, part: str, code: str, file: str, detail: str = "") -> None:
    """`message` is the Finnish catalog text of `<part>.error.<code>` naming `file`, and the specifics it
    gives (its `{detail}`) contain `detail`."""
    key = f"{part}.error.{code}"
    assert key in FI.keys(), f"no Finnish message for {key}"  # noqa: SIM118 - not the fallback
    template = FI.t(key, file=_FILE, detail=_DETAIL, **_figures(key))
    match = _pattern(template).fullmatch(message)
    assert match, f"{message!r} is not the Finnish message {template!r}"
    assert _FILE in template and match.group("file") == file, (message, file)
    if detail and _DETAIL in template:  # (some messages, e.g. `encrypted`, need no specifics)
        assert detail in match.group("detail"), (message, detail)


def store_state(store: PlanStore) -> dict[str, Any]:
    """The plans database as users see it: each plan's version, title and content, by id."""
    return {
        summary.id: (summary.version, summary.title, store.get(summary.id).plan.model_dump(mode="json"))
        for summary in store.list()
    }
