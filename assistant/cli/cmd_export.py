"""`assistant export ID --format json -o FILE [--draft]`: a stored plan written out, validation first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import LangOption, app, fail, get_settings, pick_language


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
        fail(f"unsupported format {fmt!r}: only json for now")
    language = pick_language(lang)
    settings = get_settings()
    try:
        stored = PlanStore.from_settings(settings).get(plan_id)
    except StorageError as exc:
        fail(exc.message(language))
        return
    report = validate_plan(stored.plan, language=language)
    if not report.valid and not draft:
        for f in report.by_severity("error"):
            typer.echo(f"ERROR {f.path or '/'}: {f.message}", err=True)
        fail(f"plan {plan_id} has {report.counts()['error']} errors; fix them or use --draft", code=1)
    text = stored.plan.model_dump_json(indent=2)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)
