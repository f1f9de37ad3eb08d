"""`assistant export ID --format docx|md|json|xlsx -o FILE [--draft] [--lang fi|sv|en]`.

The stored plan is validated first: a plan with errors is refused (exit 1, every error listed on stderr)
unless `--draft`, which exports it stamped as a draft (LUONNOS / UTKAST / DRAFT) with the findings in an
appendix; JSON has no draft mark (the schema has none), so the draft status is reported on stderr.
Without -o, text formats (json, md) go to stdout; docx and xlsx need a file. `--lang` chooses the
document's labels and the messages (default: the plan's own language for the document).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import LangOption, app, container, fail, pick_language
from assistant.template.places import place


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder: never a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command()
def export(
    plan_id: Annotated[str, typer.Argument(help="Plan id (see `assistant plans`).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, md, json or xlsx.")] = "json",
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write; json and md default to stdout.")
    ] = None,
    draft: Annotated[
        bool, typer.Option(help="Export even if the plan has validation errors, stamped as a draft.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Export a stored plan; a plan with validation errors is refused unless --draft."""
    from assistant.export import BINARY_FORMATS, FORMATS, ExportRefused, UnknownFormat
    from assistant.i18n import LANGUAGES, load_catalog
    from assistant.storage import StorageError

    language = pick_language(lang)
    messages = load_catalog(language)
    if lang is not None and lang not in LANGUAGES:
        fail(messages.t("export.error.unknown_language", language=lang))
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        fail(UnknownFormat(fmt, FORMATS).message(language))
    if out is None and fmt in BINARY_FORMATS:
        fail(messages.t("export.error.needs_output", format=fmt))
    if out is not None and (out.is_dir() or not out.parent.is_dir()):
        detail = messages.t(
            "export.error.is_directory" if out.is_dir() else "export.error.no_folder", path=out.parent
        )
        fail(messages.t("export.error.not_writable", path=out, detail=detail))
    services = container()
    try:
        stored = services.plan_store.get(plan_id)
    except StorageError as exc:
        fail(exc.message(language))
        return
    try:
        result = services.exporter.export(
            stored.plan, fmt, language=lang, draft=draft, version=stored.version
        )
    except ExportRefused as exc:
        for finding in exc.errors:
            line = messages.t(
                "export.cli.finding",
                severity=messages.t("export.findings.error"),
                path=place(finding.path, stored.plan, services.template, lang or "fi"),
                message=finding.message,
            )
            typer.echo(line, err=True)
        fail(exc.message(language), code=1)
        return
    if draft:
        counts = result.report.counts()
        typer.echo(
            messages.t("export.cli.draft_written", errors=counts["error"], warnings=counts["warning"]),
            err=True,
        )
        if fmt == "json":
            typer.echo(messages.t("export.cli.json_draft_note"), err=True)
    if out is None:
        typer.echo(result.data.decode("utf-8"), nl=False)
        return
    try:
        _write_atomic(out, result.data)
    except OSError as exc:
        fail(messages.t("export.error.not_writable", path=out, detail=exc.strerror or exc))
    typer.echo(messages.t("export.cli.wrote", path=out), err=True)
