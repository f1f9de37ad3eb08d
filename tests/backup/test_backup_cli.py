"""The backup and restore commands on the command line, and the backup messages in every language (every
error key the code raises has a message)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.i18n import LANGUAGES
from tests.backup.conftest import Source

# --- command line and messages ---------------------------------------------------------------------------


def test_cli_backup_and_restore(source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(source.knowledge_dir))
    monkeypatch.setenv("DATA_DIR", str(source.settings.data_dir))
    path = tmp_path / "cli.zip"
    result = runner.invoke(app, ["backup", str(path), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "Varmuuskopio tallennettiin" in result.output and "Suunnitelmia 2" in result.output

    result = runner.invoke(app, ["backup", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "--force" in result.output

    target = tmp_path / "cli-restored"
    monkeypatch.setenv("DATA_DIR", str(target))
    result = runner.invoke(app, ["restore", str(path), "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["tables"]["plans"] == 2 and counts["uploads"] == 1 and counts["chunks"] > 0

    result = runner.invoke(app, ["restore", str(path), "--lang", "sv"])
    assert result.exit_code == 2
    assert "Måldatabasen innehåller redan data" in result.output

    broken = tmp_path / "rikki.zip"
    broken.write_bytes(path.read_bytes()[:1000])
    result = runner.invoke(app, ["restore", str(broken), "--lang", "fi"])
    assert result.exit_code == 2 and "ei ole varmuuskopio" in result.output


def test_every_backup_message_exists_in_every_language() -> None:
    from assistant.i18n import load_catalog
    from tests.ui.catalog_keys import catalog_keys

    keys = {lang: catalog_keys(lang, "backup") for lang in LANGUAGES}
    assert keys["fi"] and keys["fi"] == keys["sv"] == keys["en"]
    # Every error key the code raises has a message.
    import re

    source_dir = Path(__file__).resolve().parents[2] / "assistant" / "backup"
    raised = {
        match
        for path in source_dir.glob("*.py")
        for match in re.findall(r'BackupError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert len(raised) >= 20
    for key in raised:
        for lang in LANGUAGES:
            assert load_catalog(lang).has(f"backup.error.{key}") and f"backup.error.{key}" in keys[lang]
