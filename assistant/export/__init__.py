"""Export a plan: DOCX laid out like the official template, Markdown, schema JSON and an XLSX action list.

Public API (used by the CLI `assistant export` and the app's export page):

    from assistant.export import ExportRefused, ExportError, export_plan, FORMATS

    try:
        result = export_plan(plan, "docx", language="fi", draft=False)
    except ExportRefused as exc:       # the plan has validation errors (and draft=False), or is no plan
        exc.message(lang)              # localized summary ("... 3 virhettä ...")
        exc.errors                     # list[Finding] (severity "error"); exc.report = the ValidationReport
    result.data, result.filename, result.mime   # bytes, e.g. "jarvilaakson-hyvinvointialue-2024-05-02.docx"
    result.report                      # the ValidationReport (warnings/infos of a valid plan, all of a draft)

`plan` is a plan model (or its dict / JSON form). `fmt` is one of FORMATS ("docx", "md", "json", "xlsx");
an unknown one raises `UnknownFormat` (an ExportError with `.message(lang)`). `language` (fi, sv, en)
chooses the labels (another value raises `UnknownLanguage`); None means the plan's own `meta.language`.
`draft=True` exports a plan with errors and stamps DOCX/MD/XLSX as a draft (LUONNOS / UTKAST / DRAFT)
with the findings in an appendix; JSON stays exactly the schema (it has no draft flag), so
`result.draft` tells the caller to say so.
`today` fixes the date printed on the title page and in the file name (default: today).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from assistant.export.gate import (
    Checked,
    ExportError,
    ExportRefused,
    UnknownFormat,
    UnknownLanguage,
    check_plan,
)
from assistant.export.layout import ExportContext
from assistant.i18n import LANGUAGES, load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.spec import load_assessment_model, load_template
from assistant.template.validator import ValidationReport

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportRefused",
    "ExportResult",
    "UnknownFormat",
    "UnknownLanguage",
    "export_plan",
    "render",
]

# format -> writer module (each has EXTENSION, MIME and render(ctx) -> bytes)
_WRITERS = {
    "docx": "assistant.export.docx_writer",
    "md": "assistant.export.markdown_writer",
    "json": "assistant.export.json_writer",
    "xlsx": "assistant.export.xlsx_writer",
}
FORMATS: tuple[str, ...] = tuple(_WRITERS)
BINARY_FORMATS: tuple[str, ...] = ("docx", "xlsx")


@dataclass(frozen=True)
class ExportResult:
    data: bytes
    filename: str
    mime: str
    format: str
    language: str
    draft: bool
    report: ValidationReport


def _writer(fmt: str) -> Any:
    if fmt not in _WRITERS:
        raise UnknownFormat(fmt, FORMATS)
    return import_module(_WRITERS[fmt])


def _plan_language(plan: Any) -> str:
    meta = plan.get("meta") if isinstance(plan, dict) else getattr(plan, "meta", None)
    lang = meta.get("language") if isinstance(meta, dict) else getattr(meta, "language", None)
    return lang if lang in LANGUAGES else "fi"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def file_name(ctx: ExportContext, extension: str) -> str:
    """`<region or title>-<date>[-<draft>].<ext>`, ASCII only."""
    parts = [_slug(ctx.region or ctx.title) or "plan", ctx.today.isoformat()]
    if ctx.draft:
        parts.append(_slug(ctx.t("draft.filename")))
    return "-".join(p for p in parts if p) + "." + extension


def render(
    checked: Checked,
    fmt: str,
    *,
    language: str,
    today: date | None = None,
    knowledge_dir: Path = KNOWLEDGE_DIR,
    version: int | None = None,
) -> ExportResult:
    """Write an already checked plan in `fmt` (the gate has run: see `export_plan`)."""
    writer = _writer(fmt)
    ctx = ExportContext(
        spec=load_template(knowledge_dir),
        catalog=load_catalog(language),
        plan=checked.plan,
        report=checked.report,
        language=language,
        draft=checked.draft,
        today=today or date.today(),
        assessment_model=load_assessment_model(knowledge_dir),
        version=version,
    )
    return ExportResult(
        data=writer.render(ctx),
        filename=file_name(ctx, writer.EXTENSION),
        mime=writer.MIME,
        format=fmt,
        language=language,
        draft=checked.draft,
        report=checked.report,
    )


def export_plan(
    plan: Any,
    fmt: str,
    *,
    language: str | None = None,
    draft: bool = False,
    today: date | None = None,
    knowledge_dir: Path = KNOWLEDGE_DIR,
    version: int | None = None,
) -> ExportResult:
    """Validate `plan` and write it in `fmt`; refuses (ExportRefused) a plan with errors unless `draft`."""
    _writer(fmt)  # unknown format or language first: no point validating for nothing
    if language is not None and language not in LANGUAGES:
        raise UnknownLanguage(language)
    lang = language or _plan_language(plan)
    checked = check_plan(plan, language=lang, draft=draft, knowledge_dir=knowledge_dir)
    return render(checked, fmt, language=lang, today=today, knowledge_dir=knowledge_dir, version=version)
