"""JSON import: schema JSON bytes -> plan, through the validator (which never raises)."""

from __future__ import annotations

from pathlib import Path

from assistant.importer.models import ImportResult
from assistant.importer.sniff import decode_json_text
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.validator import validate_plan


def import_json(
    data: bytes, *, name: str = "", language: str = "fi", knowledge_dir: Path = KNOWLEDGE_DIR
) -> ImportResult:
    """The plan in `data` (UTF-8 JSON, BOM allowed) and its validation report.

    Malformed JSON, wrong types and unknown fields are validation errors and give `plan=None`: such a
    file is never stored, not even in part. Raises `PlanImportError("encoding")` for text that is not
    UTF-8.
    """
    text = decode_json_text(data, name)
    report = validate_plan(text, language=language, knowledge_dir=knowledge_dir)
    return ImportResult(format="json", plan=report.plan, validation=report)
