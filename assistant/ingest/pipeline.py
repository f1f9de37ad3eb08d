"""Incremental indexing: the store itself records each document's file hash and chunk ids.

- An unchanged file (same sha256 as stored) is not read, parsed or embedded.
- A changed file is re-chunked; chunk ids are content hashes, so only new chunks are embedded and only
  chunks that no longer exist are deleted. New chunks are written before old ones are removed.
- A file that disappeared from the corpus, the uploads folder or the paths given earlier loses its chunks.
  An upload is removed only by the instance whose uploads folder held it: app instances sharing a Chroma
  server, each with its own data directory, keep each other's uploads.
- A file that fails to load is reported with its reason and leaves its previously indexed chunks, and
  every other file, untouched.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from assistant.datafile import read_yaml
from assistant.embeddings.base import NamedEmbeddings
from assistant.ingest import shipped
from assistant.ingest.assessment_doc import assessment_document, assessment_hash
from assistant.ingest.chunking import Chunker, DocInfo
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import check_path, load_document
from assistant.ingest.models import Chunk, DocKind, LoadedDocument
from assistant.sanitize import display_name, slug
from assistant.settings import Settings
from assistant.template.spec import load_template
from assistant.vectorstore.chroma import ChromaStore

ORIGIN_CORPUS = "corpus"
ORIGIN_UPLOAD = "upload"
ORIGIN_PATH = "path"


@dataclass(frozen=True)
class Source:
    path: Path
    doc_id: str
    kind: DocKind
    title: str
    origin: str


@dataclass
class FileError:
    path: Path
    code: str
    message: str


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0
    updated_docs: list[str] = field(default_factory=list)
    unchanged_docs: list[str] = field(default_factory=list)
    removed_docs: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "embedded": self.embedded,
            "updated_docs": self.updated_docs,
            "removed_docs": self.removed_docs,
            "errors": [
                {"file": display_name(str(e.path), 300), "code": e.code, "message": e.message}
                for e in self.errors
            ],
            "seconds": round(self.seconds, 3),
        }


def _absolute(path: Path) -> Path:
    """`path` resolved; a symlink loop (which `resolve` refuses) stays as given, made absolute."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def doc_id_for(path: Path) -> str:
    """Stable id of an uploaded or given file: its stem (readable ASCII, whatever the name holds) plus a
    hash of its absolute path."""
    digest = hashlib.sha1(str(_absolute(path)).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug(path.stem)}-{digest}"


def corpus_sources(knowledge_dir: Path) -> list[Source]:
    manifest = read_yaml(knowledge_dir / "corpus.yaml")
    return [
        Source(knowledge_dir / d["file"], d["doc_id"], d["kind"], d["title"], ORIGIN_CORPUS)
        for d in manifest["documents"]
    ]


def path_source(path: Path, origin: str = ORIGIN_PATH) -> Source:
    """A file given by path; its title is the name as shown (`display_name`), its path the original."""
    resolved = _absolute(path)
    if not resolved.is_file():  # a link to a device, folder or nothing: keep the name the user gave
        resolved = Path(os.path.abspath(path))
    return Source(resolved, doc_id_for(resolved), "upload", display_name(resolved.name), origin)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class _Indexed:
    file_hash: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    source: str = ""
    origin: str = ""
    title: str = ""
    kind: str = ""


class IndexedDocument(BaseModel):
    doc_id: str
    title: str
    kind: str
    origin: str
    source: str
    chunks: int


@dataclass(frozen=True)
class IngestProgress:
    """Where a sync is: document `doc_index` of `doc_total` (its file name), its chunks embedded so far of
    the ones it needs, and the chunks embedded in this sync in all."""

    document: str
    doc_index: int
    doc_total: int
    chunks_done: int = 0
    chunks_total: int = 0
    embedded: int = 0


Progress = Callable[[IngestProgress], None]

# Chunks embedded per call while indexing, so progress moves within a large document.
EMBED_STEP = 64


class Indexer:
    def __init__(self, settings: Settings, store: ChromaStore, embeddings: NamedEmbeddings) -> None:
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.chunker = Chunker(
            load_template(settings.knowledge_dir),
            max_chars=settings.chunk_chars,
            overlap=settings.chunk_overlap_chars,
        )

    # --- what is indexed now -----------------------------------------------------------------
    def indexed(self) -> dict[str, _Indexed]:
        out: dict[str, _Indexed] = {}
        for rec in self.store.iter_all(include_documents=False):
            meta = rec.metadata
            entry = out.setdefault(str(meta.get("doc_id", "")), _Indexed())
            entry.file_hash.add(str(meta.get("file_hash", "")))
            entry.ids.add(rec.id)
            entry.source = str(meta.get("source", ""))
            entry.origin = str(meta.get("origin", ""))
            entry.title = str(meta.get("title", ""))
            entry.kind = str(meta.get("kind", ""))
        return out

    def documents(self) -> list[IndexedDocument]:
        return sorted(
            (
                IndexedDocument(
                    doc_id=doc_id,
                    title=display_name(e.title),  # as shown; the original path stays in `source`
                    kind=e.kind,
                    origin=e.origin,
                    source=e.source,
                    chunks=len(e.ids),
                )
                for doc_id, e in self.indexed().items()
            ),
            key=lambda d: (d.origin != ORIGIN_CORPUS, d.doc_id),
        )

    def sources(self, extra: Iterable[Path] = ()) -> list[Source]:
        """Corpus + uploads folder + the given paths + paths given in earlier runs that still exist."""
        found: dict[str, Source] = {s.doc_id: s for s in corpus_sources(self.settings.knowledge_dir)}
        uploads = self.settings.uploads_dir
        if uploads.is_dir():
            for p in sorted(uploads.iterdir()):
                if p.is_file() and not p.name.startswith("."):
                    s = path_source(p, ORIGIN_UPLOAD)
                    found[s.doc_id] = s
        for doc_id, entry in self.indexed().items():
            if entry.origin == ORIGIN_PATH and doc_id not in found and Path(entry.source).is_file():
                found[doc_id] = path_source(Path(entry.source))
        for p in extra:
            s = path_source(Path(p))
            found[s.doc_id] = s
        return list(found.values())

    # --- sync ----------------------------------------------------------------------------------
    def _source_hash(self, source: Source) -> str:
        if source.kind == "assessment" and source.path.suffix in (".yaml", ".yml"):
            return assessment_hash(source.path, self.settings.knowledge_dir)
        return _sha256(source.path)

    def load(self, source: Source) -> LoadedDocument:
        if source.path.suffix in (".yaml", ".yml") and source.kind == "assessment":
            return assessment_document(source.path, self.settings.knowledge_dir)
        return load_document(
            source.path,
            max_bytes=self.settings.max_upload_bytes,
            max_pdf_pages=self.settings.max_pdf_pages,
            max_chars=self.settings.max_document_chars,
            max_inflated_bytes=self.settings.max_inflated_bytes,
        )

    def chunks_for(self, source: Source, doc: LoadedDocument) -> list[Chunk]:
        title = source.title if source.origin == ORIGIN_CORPUS else display_name(doc.title or source.title)
        info = DocInfo(source.doc_id, title, source.kind, str(source.path), doc.sha256)
        chunks = self.chunker.chunk(doc, info)
        for c in chunks:
            c.origin = source.origin
        return chunks

    def sync(
        self,
        extra: Iterable[Path] = (),
        progress: Progress | None = None,
        language: str = "fi",
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        indexed = self.indexed()
        sources = self.sources(extra)
        wanted = {s.doc_id for s in sources}
        changed = False

        for n, source in enumerate(sources, 1):
            if progress:
                progress(IngestProgress(source.path.name, n, len(sources), embedded=report.embedded))
            entry = indexed.get(source.doc_id)
            try:
                check_path(source.path)  # a folder, device, FIFO or symlink loop is named as such
            except IngestError as exc:
                report.errors.append(FileError(source.path, exc.code, exc.message(language)))
                continue
            file_hash = self._source_hash(source)
            if entry and entry.file_hash == {file_hash} and entry.origin == source.origin:
                report.unchanged += len(entry.ids)
                report.unchanged_docs.append(source.doc_id)
                continue
            try:
                doc = self.load(source)
            except IngestError as exc:
                report.errors.append(FileError(source.path, exc.code, exc.message(language)))
                continue
            chunks = self.chunks_for(source, doc)
            if budget_error := self._over_budget(source, chunks, language):
                report.errors.append(budget_error)
                continue
            old_ids = entry.ids if entry else set()
            new = [c for c in chunks if c.id not in old_ids]
            stale = old_ids - {c.id for c in chunks}
            # Metadata of kept chunks (file hash, position) may change with the file.
            kept = [c for c in chunks if c.id in old_ids]
            for start in range(0, len(new), EMBED_STEP):
                step = new[start : start + EMBED_STEP]
                self.store.add(
                    step, shipped.embed(self.embeddings, [c.text for c in step], self.settings.knowledge_dir)
                )
                report.embedded += len(step)
                if progress:
                    done = start + len(step)
                    progress(
                        IngestProgress(source.path.name, n, len(sources), done, len(new), report.embedded)
                    )
            if kept:
                self.store.update_metadata(kept)
            if stale:
                self.store.delete(sorted(stale))
            report.added += len(new)
            report.unchanged += len(kept)
            report.removed += len(stale)
            report.updated_docs.append(source.doc_id)
            changed = changed or bool(new or stale or kept)

        for doc_id, entry in indexed.items():
            if doc_id not in wanted and self._owns(entry):
                self.store.delete(sorted(entry.ids))
                report.removed += len(entry.ids)
                report.removed_docs.append(doc_id)
                changed = True
        if changed:
            self.store.bump_version()
        report.seconds = time.perf_counter() - started
        return report

    def _over_budget(self, source: Source, chunks: list[Chunk], language: str) -> FileError | None:
        """A document (other than the shipped corpus) with more chunks than MAX_DOCUMENT_CHUNKS is refused
        before anything is embedded: its embedding would take longer than the stated time limit."""
        limit = self.settings.max_document_chunks
        if source.origin == ORIGIN_CORPUS or len(chunks) <= limit:
            return None
        rate = self.settings.embed_rate_chunks_per_s
        error = IngestError(
            "too_many_chunks",
            source.path,
            chunks=len(chunks),
            limit=limit,
            minutes=_minutes(len(chunks) / rate, language),
            limit_minutes=_minutes(limit / rate, language),
        )
        return FileError(source.path, error.code, error.message(language))

    def _owns(self, entry: _Indexed) -> bool:
        """Whether a document that is no longer among this instance's sources is this instance's to remove.

        An uploaded file is only when it was in THIS instance's uploads folder: with a shared Chroma server,
        another app instance's uploads (in its own data directory) are indexed by it and must not be
        removed here just because this instance cannot see the file."""
        if entry.origin != ORIGIN_UPLOAD:
            return True
        return Path(entry.source).parent == self.settings.uploads_dir.resolve()

    def remove(self, doc_id: str) -> int:
        """Remove one document's chunks (an uploaded file is also deleted from the uploads folder)."""
        entry = self.indexed().get(doc_id)
        if entry is None:
            return 0
        source = Path(entry.source)
        if (
            entry.origin == ORIGIN_UPLOAD
            and source.is_file()
            and source.parent == self.settings.uploads_dir.resolve()
        ):
            source.unlink()
        self.store.delete(sorted(entry.ids))
        self.store.bump_version()
        return len(entry.ids)


def _minutes(seconds: float, language: str) -> str:
    """Minutes with one decimal for messages: 2,5 in Finnish and Swedish, 2.5 in English."""
    text = f"{seconds / 60:.1f}"
    return text if language == "en" else text.replace(".", ",")


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes: the chunk with its document title and section path. (The dense model embeds the
    chunk text alone: measured, the headers blur e5's passage vectors; see evals/retrieval.)"""
    head = " — ".join(x for x in (chunk.title, chunk.section) if x)
    return f"{head}\n{chunk.text}" if head else chunk.text
