"""The export messages exist in fi, sv and en, and every key the code uses is in each catalog."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.i18n import LANGUAGES, load_catalog
from tests.ui.catalog_keys import catalog_keys

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "assistant" / "export"
CLI = ROOT / "assistant" / "cli" / "cmd_export.py"


def _used_keys() -> set[str]:
    used: set[str] = set()
    for path in [*EXPORT.glob("*.py"), CLI]:
        text = path.read_text(encoding="utf-8")
        used |= {f"export.{k}" for k in re.findall(r"""\bt\(\s*["']([a-z_.]+[a-z_])["']""", text)}
        used |= set(re.findall(r"""["'](export\.[a-z_.]+[a-z_])["']""", text))
    used = {k.replace("export.export.", "export.") for k in used}
    # built at run time: f"export.error.{key}", f"status.{tila}", f"findings.{severity}", ...
    used |= {f"export.error.{k}" for k in ("failed", "refused", "unreadable", "unknown_format")}
    used |= {f"export.status.{s}" for s in ("planned", "in_progress", "done", "cancelled")}
    used |= {f"export.findings.{s}" for s in ("error", "warning", "info", "severity", "path", "message")}
    used |= {f"export.sources.{s}" for s in ("number", "document", "section", "page", "id")}
    return used


def test_export_keys_are_the_same_in_every_language() -> None:
    keys = {language: catalog_keys(language, "export") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    assert len(keys["fi"]) > 50


def test_every_key_the_code_uses_exists() -> None:
    used = _used_keys()
    assert "export.area_heading" in used and "export.cli.wrote" in used  # the scan finds keys
    for language in LANGUAGES:
        missing = used - load_catalog(language).keys()
        assert not missing, (language, sorted(missing))


def test_draft_stamps() -> None:
    stamps = {language: load_catalog(language).t("export.draft.stamp") for language in LANGUAGES}
    assert stamps == {"fi": "LUONNOS", "sv": "UTKAST", "en": "DRAFT"}
