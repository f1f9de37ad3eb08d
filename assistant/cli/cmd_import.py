"""`assistant import FILE`: a plan read back from JSON or DOCX (told by content) and stored as a NEW plan.

Exit codes:
  0  imported (and stored unless --dry-run); the plan passes validation
  1  imported (and stored unless --dry-run), but the plan has validation errors: fix them before export
  2  the file could not be read as a plan (too large, not JSON/DOCX, password-protected, corrupt, zip bomb,
     a DOCX that is not a plan, malformed JSON, wrong types or unknown fields): nothing stored
  3  the plan could not be stored (database error): nothing stored
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.common import LangOption, app, container, echo_json, fail, pick_language

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE, EXIT_STORE = 0, 1, 2, 3


def _print_report(result: Any, t: Any) -> None:
    typer.echo(t("importer.cli.format", format=result.format.upper()))
    if result.findings:
        typer.echo(t("importer.cli.mapping", count=len(result.findings)))
        for f in result.findings:
            severity = t(f"importer.cli.severity.{f.severity}")
            typer.echo("  " + t("importer.cli.finding", severity=severity, message=f.message))
    counts = result.validation.counts()
    typer.echo(
        t("importer.cli.validation", errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
    )
    for f in result.validation.findings:
        line = t(
            "importer.cli.validation_finding",
            severity=f.severity.upper(),
            path=f.path or "/",
            message=f.message,
        )
        typer.echo("  " + line)


@app.command("import")
def import_plan(
    file: Annotated[
        Path, typer.Argument(help="A plan as schema JSON or as a DOCX in the template's layout.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    title: Annotated[str | None, typer.Option(help="Title of the new plan (replaces the file's).")] = None,
    author: Annotated[str, typer.Option(help="Who imports (stored with the plan's first revision).")] = "cli",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and report only; store nothing.")] = False,
    lang: LangOption = None,
) -> None:
    """Import a plan (JSON or DOCX) as a new plan; prints what could not be mapped and the validation.

    Exit 0 valid, 1 stored with validation errors, 2 unreadable (nothing stored), 3 storage error."""
    from assistant.i18n import load_catalog
    from assistant.importer import PlanImportError, import_file, store_import
    from assistant.storage import StorageError

    language = pick_language(lang)
    t = load_catalog(language).t
    services = container()
    settings = services.settings
    try:
        result = import_file(
            file, language=language, max_bytes=settings.max_upload_bytes, knowledge_dir=settings.knowledge_dir
        )
    except PlanImportError as exc:
        if as_json:
            echo_json(
                {
                    "imported": False,
                    "stored": False,
                    "error": {"code": exc.code, "message": exc.message(language)},
                }
            )
            raise typer.Exit(EXIT_UNREADABLE) from None
        fail(exc.message(language), code=EXIT_UNREADABLE)
        return
    if not as_json:
        _print_report(result, t)
    code = EXIT_VALID if result.validation.valid else EXIT_INVALID
    output: dict[str, Any] = {**result.to_json_dict(), "stored": False, "plan_id": None}
    if result.plan is None:
        if as_json:
            echo_json(output)
        else:
            typer.echo(t("importer.cli.not_imported"), err=True)
        raise typer.Exit(EXIT_UNREADABLE)
    if dry_run:
        if as_json:
            echo_json(output)
        else:
            typer.echo(t("importer.cli.dry_run"))
        raise typer.Exit(code)
    try:
        stored = store_import(result, services.plan_store, author=author, title=title)
    except StorageError as exc:
        detail = exc.message(language)
    except Exception as exc:  # database unreachable, disk full ...: say so, nothing was stored
        detail = f"{type(exc).__name__}: {exc}"
    else:
        services.vector_warmer.plan_saved(stored.plan)  # its actions embedded now, not at the first review
        if as_json:
            echo_json({**output, "stored": True, "plan_id": stored.id})
        else:
            typer.echo(t("importer.cli.stored", plan_id=stored.id))
        raise typer.Exit(code)
    if as_json:
        echo_json(
            {
                **output,
                "error": {"code": "store_failed", "message": t("importer.cli.store_failed", detail=detail)},
            }
        )
        raise typer.Exit(EXIT_STORE)
    fail(t("importer.cli.store_failed", detail=detail), code=EXIT_STORE)
