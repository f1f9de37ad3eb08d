"""Knowledge-base and template commands. Output contracts (used by other tools and checks):

- `assistant ingest [PATH ...]`: index the default corpus plus the given files; prints counts and time.
- `assistant search "QUERY" -k 5 --json`: a JSON array of hits (text, title, section, page, score, ...).
- `assistant search --queries-file FILE -k 5 --json`: one JSON object per line: {"query", "hits"}.
- `assistant validate PLAN.json [--json]`: exit 0 without errors, 1 with errors.
- `assistant schema`: the plan's JSON Schema.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import (
    LangOption,
    app,
    container,
    echo_json,
    fail,
    get_settings,
    open_kb,
    pick_language,
)
from assistant.sanitize import display_name


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Extra files to index (PDF, DOCX, TXT, MD).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the index and embed everything again.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    lang: LangOption = None,
) -> None:
    """Index the default corpus and the given files. Unchanged files are not embedded again.

    Progress goes to stderr: a bar on a terminal, one line per embedded step otherwise."""
    from assistant.cli.progress import IngestProgressPrinter
    from assistant.container import build_knowledge_base
    from assistant.embeddings import EmbeddingError
    from assistant.vectorstore.chroma import StoreError

    language = pick_language(lang)
    services = container()
    started = time.perf_counter()
    try:
        kb = build_knowledge_base(services.settings, rebuild=True) if rebuild else services.knowledge_base
        progress = None if quiet else IngestProgressPrinter(sys.stderr)
        try:
            report = kb.indexer.sync(paths or [], progress=progress, language=language)
        finally:
            if progress is not None:
                progress.finish()
        kb.store.prepare_reads()  # the embedded store's vector mirror: the next search needs no Chroma
    except (StoreError, EmbeddingError) as exc:
        fail(str(exc))
        return
    report.seconds = time.perf_counter() - started
    if as_json:
        echo_json({**report.as_dict(), "chunks": kb.store.count()})
    else:
        typer.echo(
            f"added {report.added}, unchanged {report.unchanged}, removed {report.removed} "
            f"({kb.store.count()} chunks, {report.seconds:.2f} s)"
        )
        for err in report.errors:  # names shown safely: a file name cannot forge or colour a line
            typer.echo(f"ERROR {display_name(str(err.path), 300)}: {err.message}", err=True)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="The question or search words.")] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=50, help="Number of hits.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    queries_file: Annotated[
        Path | None, typer.Option("--queries-file", help="One query per line; prints JSON lines.")
    ] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only these doc_ids (repeatable).")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or bm25.")] = "hybrid",
    lang: LangOption = None,
) -> None:
    """Search the knowledge base (hybrid dense + BM25) and print hits with citations."""
    if (query is None) == (queries_file is None):
        fail("give either QUERY or --queries-file")
    if mode not in ("hybrid", "dense", "bm25"):
        fail(f"unknown mode {mode!r}")
    language = pick_language(lang)
    kb = open_kb()

    def run(q: str):
        return kb.retriever.search(q, k=k, kinds=kind, doc_ids=doc, mode=mode, language=language)  # type: ignore[arg-type]

    if queries_file is not None:
        try:
            lines = queries_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {queries_file}: {exc}")
            return
        for line in lines:
            if line.strip():
                result = run(line.strip())
                out = {"query": line.strip(), "hits": [h.to_public() for h in result.hits]}
                if result.reason:
                    out["reason"] = result.reason
                echo_json(out)
        return

    result = run(query or "")
    if as_json:
        echo_json([h.to_public() for h in result.hits])
        if result.reason:
            typer.echo(result.reason, err=True)
        return
    if not result.hits:
        typer.echo(result.reason or "")
        return
    for n, hit in enumerate(result.hits, 1):
        typer.echo(f"{n}. [{hit.score:.4f}] {display_name(hit.citation, 200)}")
        typer.echo("   " + hit.text.replace("\n", "\n   ")[:600])


@app.command()
def validate(
    plan: Annotated[Path, typer.Argument(help="Plan as JSON.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print {valid, findings} as JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """Validate a plan against the template. Exit 0 without errors, 1 with errors."""
    try:
        data = plan.read_bytes()
    except OSError as exc:
        fail(f"cannot read {plan}: {exc.strerror}")
        return
    report = container().exporter.validate(data, language=pick_language(lang))
    if as_json:
        echo_json(report.to_json_dict())
    else:
        for f in report.findings:
            typer.echo(f"{f.severity.upper():7} {f.code:30} {f.path or '/'}  {f.message}")
        counts = report.counts()
        typer.echo(
            f"{'OK' if report.valid else 'INVALID'}: {counts['error']} errors, {counts['warning']} warnings"
        )
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def schema() -> None:
    """Print the plan's JSON Schema (generated from knowledge/template.yaml)."""
    from assistant.template.models import plan_json_schema

    typer.echo(json.dumps(plan_json_schema(get_settings().knowledge_dir), ensure_ascii=False, indent=2))


@app.command()
def docs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the indexed documents with their kind and chunk count."""
    kb = open_kb()
    listing = kb.indexer.documents()
    if as_json:
        echo_json([d.model_dump(mode="json") for d in listing])
        return
    for d in listing:
        typer.echo(f"{display_name(d.doc_id):60} {d.kind:10} {d.chunks:5}  {display_name(d.title)}")


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="doc_id of an indexed document (see `assistant docs`).")],
) -> None:
    """Remove a document's chunks from the index (an uploaded file is deleted too)."""
    removed = open_kb().indexer.remove(doc_id)
    if not removed:
        fail(f"no indexed document {doc_id!r}", code=1)
    typer.echo(f"removed {removed} chunks of {doc_id}")
