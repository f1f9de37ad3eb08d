"""The `assistant` command line. Output contracts (used by other tools and checks):

- `assistant ingest [PATH ...]`: index the default corpus plus the given files; prints counts and time.
- `assistant search "QUERY" -k 5 --json`: a JSON array of hits (text, title, section, page, score, ...).
- `assistant search --queries-file FILE -k 5 --json`: one JSON object per line: {"query", "hits"}.
- `assistant validate PLAN.json [--json]`: exit 0 without errors, 1 with errors.
- `assistant schema`: the plan's JSON Schema.

Heavy modules are imported inside the commands so `--help` and `schema` start fast.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Tietojohtamisen kehittämissuunnitelman avustaja: knowledge base, retrieval and plan validation.",
)

LangOption = Annotated[str | None, typer.Option("--lang", help="Message language: fi, sv or en.")]


def _settings():  # type: ignore[no-untyped-def]
    from assistant.settings import Settings

    return Settings()


def _language(lang: str | None) -> str:
    return lang if lang in ("fi", "sv", "en") else _settings().app_language


def _open_kb():  # type: ignore[no-untyped-def]
    """The knowledge base from settings; store or model problems end the command with their message."""
    from assistant.embeddings import EmbeddingError
    from assistant.services import build_knowledge_base
    from assistant.vectorstore.chroma import StoreError

    try:
        return build_knowledge_base(_settings())
    except (StoreError, EmbeddingError) as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Extra files to index (PDF, DOCX, TXT, MD).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the index and embed everything again.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """Index the default corpus and the given files. Unchanged files are not embedded again."""
    from assistant.embeddings import EmbeddingError
    from assistant.services import build_knowledge_base
    from assistant.vectorstore.chroma import StoreError

    language = _language(lang)
    settings = _settings()
    started = time.perf_counter()
    try:
        kb = build_knowledge_base(settings, rebuild=rebuild)
        progress = _progress_printer() if sys.stderr.isatty() and not as_json else None
        report = kb.indexer.sync(paths or [], progress=progress, language=language)
    except (StoreError, EmbeddingError) as exc:
        _fail(str(exc))
        return
    report.seconds = time.perf_counter() - started
    if as_json:
        _echo_json({**report.as_dict(), "chunks": kb.store.count()})
    else:
        typer.echo(
            f"added {report.added}, unchanged {report.unchanged}, removed {report.removed} "
            f"({kb.store.count()} chunks, {report.seconds:.2f} s)"
        )
        for err in report.errors:
            typer.echo(f"ERROR {err.path}: {err.message}", err=True)
    if report.errors:
        raise typer.Exit(1)


def _progress_printer():  # type: ignore[no-untyped-def]
    def show(name: str, n: int, total: int) -> None:
        width = 30
        done = int(width * n / total) if total else width
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total} {name[:40]:40}")
        if n == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


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
        _fail("give either QUERY or --queries-file")
    if mode not in ("hybrid", "dense", "bm25"):
        _fail(f"unknown mode {mode!r}")
    language = _language(lang)
    kb = _open_kb()

    def run(q: str):  # type: ignore[no-untyped-def]
        return kb.retriever.search(q, k=k, kinds=kind, doc_ids=doc, mode=mode, language=language)  # type: ignore[arg-type]

    if queries_file is not None:
        try:
            lines = queries_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"cannot read {queries_file}: {exc}")
            return
        for line in lines:
            if line.strip():
                result = run(line.strip())
                out = {"query": line.strip(), "hits": [h.to_public() for h in result.hits]}
                if result.reason:
                    out["reason"] = result.reason
                _echo_json(out)
        return

    result = run(query or "")
    if as_json:
        _echo_json([h.to_public() for h in result.hits])
        if result.reason:
            typer.echo(result.reason, err=True)
        return
    if not result.hits:
        typer.echo(result.reason or "")
        return
    for n, hit in enumerate(result.hits, 1):
        typer.echo(f"{n}. [{hit.score:.4f}] {hit.citation}")
        typer.echo("   " + hit.text.replace("\n", "\n   ")[:600])


@app.command()
def validate(
    plan: Annotated[Path, typer.Argument(help="Plan as JSON.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print {valid, findings} as JSON.")] = False,
    lang: LangOption = None,
) -> None:
    """Validate a plan against the template. Exit 0 without errors, 1 with errors."""
    from assistant.template.validator import validate_plan

    try:
        data = plan.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {plan}: {exc.strerror}")
        return
    report = validate_plan(data, language=_language(lang))
    if as_json:
        _echo_json(report.to_json_dict())
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

    typer.echo(json.dumps(plan_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def docs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the indexed documents with their kind and chunk count."""
    kb = _open_kb()
    listing = kb.indexer.documents()
    if as_json:
        _echo_json([d.model_dump(mode="json") for d in listing])
        return
    for d in listing:
        typer.echo(f"{d.doc_id:60} {d.kind:10} {d.chunks:5}  {d.title}")


@app.command()
def remove(
    doc_id: Annotated[str, typer.Argument(help="doc_id of an indexed document (see `assistant docs`).")],
) -> None:
    """Remove a document's chunks from the index (an uploaded file is deleted too)."""
    removed = _open_kb().indexer.remove(doc_id)
    if not removed:
        _fail(f"no indexed document {doc_id!r}", code=1)
    typer.echo(f"removed {removed} chunks of {doc_id}")


def _plain(markdown: str) -> str:
    """Terminal rendering of a reply: Markdown escapes and emphasis markers removed."""
    import re

    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"(?<!\\)_(.+?)_", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text).replace("  \n", "\n")


@app.command()
def chat(
    plan: Annotated[
        str | None, typer.Option("--plan", help="Continue this plan (id); default: a new plan.")
    ] = None,
    author: Annotated[str, typer.Option(help="Who is typing (stored with every change).")] = "cli",
    title: Annotated[str, typer.Option(help="Title of a new plan.")] = "",
    lang: LangOption = None,
) -> None:
    """Draft a plan by chatting in the terminal. Without a terminal, reads one message per line."""
    from assistant.drafting.factory import build_engine
    from assistant.storage import StorageError

    language = _language(lang)
    settings = _settings()
    kb = _open_kb()
    engine = build_engine(settings, kb)
    try:
        turn = (
            engine.resume(plan, language)
            if plan
            else engine.start(author=author, language=language, title=title)
        )
    except StorageError as exc:
        _fail(exc.message(language))
        return
    interactive = sys.stdin.isatty()
    typer.echo(_plain(turn.reply))
    while True:
        if interactive:
            try:
                line = input("\n> ")
            except (EOFError, KeyboardInterrupt):
                break
        else:
            line = sys.stdin.readline()
            if not line:
                break
            line = line.rstrip("\n")
            typer.echo(f"\n> {line}")
        if not line.strip():
            continue
        if line.strip().lower() in ("/quit", "/exit", "lopeta", "avsluta", "quit", "exit"):
            break
        turn = engine.handle(turn.plan_id, line, author=author, language=language)
        typer.echo(_plain(turn.reply))
    typer.echo(f"\nplan id: {turn.plan_id}")


@app.command()
def export(
    plan_id: Annotated[str, typer.Argument(help="Plan id (see `assistant plans`).")],
    fmt: Annotated[
        str, typer.Option("--format", help="json (docx, md and xlsx come with the export issue).")
    ] = "json",
    out: Annotated[Path | None, typer.Option("-o", "--output", help="File to write; default stdout.")] = None,
    draft: Annotated[bool, typer.Option(help="Export even if the plan has validation errors.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a stored plan as schema JSON. A plan with validation errors is refused unless --draft."""
    from assistant.storage import PlanStore, StorageError
    from assistant.template.validator import validate_plan

    if fmt != "json":
        _fail(f"unsupported format {fmt!r}: only json for now")
    language = _language(lang)
    settings = _settings()
    try:
        stored = PlanStore.from_settings(settings).get(plan_id)
    except StorageError as exc:
        _fail(exc.message(language))
        return
    report = validate_plan(stored.plan, language=language)
    if not report.valid and not draft:
        for f in report.by_severity("error"):
            typer.echo(f"ERROR {f.path or '/'}: {f.message}", err=True)
        _fail(f"plan {plan_id} has {report.counts()['error']} errors; fix them or use --draft", code=1)
    text = stored.plan.model_dump_json(indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)


@app.command()
def plans(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List stored plans, newest first."""
    from assistant.storage import PlanStore

    listing = PlanStore.from_settings(_settings()).list()
    if as_json:
        _echo_json([p.model_dump(mode="json") for p in listing])
        return
    for p in listing:
        typer.echo(f"{p.id}  v{p.version:<4} {p.updated_at:%Y-%m-%d %H:%M}  {p.region or '-'}  {p.title}")


if __name__ == "__main__":  # pragma: no cover
    app()
