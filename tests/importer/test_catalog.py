"""Every importer message exists in fi, sv and en, and every code the importer emits has a message."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from assistant.i18n import LANGUAGES, load_catalog
from assistant.importer.errors import ImportErrorCode
from tests.ui.catalog_keys import catalog_keys

PACKAGE = Path(__file__).resolve().parents[2] / "assistant" / "importer"


def test_importer_catalog_keys_are_the_same_in_every_language() -> None:
    keys = {language: catalog_keys(language, "importer") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]


def test_every_error_code_and_finding_code_has_a_message() -> None:
    used = {f"importer.error.{code}" for code in typing.get_args(ImportErrorCode)}
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    findings = set(re.findall(r"""["'](?:warning|info)["'],\s*["']([a-z_]+)["']""", source))
    for pair in re.findall(r"""["']([a-z_]+)["'] if known else ["']([a-z_]+)["']""", source):
        findings |= set(pair)
    findings -= {"info", "warning"}  # severities, not codes
    assert {"example_not_imported", "esim_not_imported"} <= findings
    assert {"unknown_target", "merged_cell", "missing_column", "extra_table", "text_outside"} <= findings
    used |= {f"importer.finding.{code}" for code in findings}
    skipped = set(re.findall(r"""skipped\[["']([a-z_]+)["']\]""", source))
    used |= {f"importer.finding.skipped_{reason}" for reason in skipped}
    for language in LANGUAGES:
        missing = used - load_catalog(language).keys()
        assert not missing, (language, missing)
