"""`assistant export ID --format docx|md|json|xlsx -o FILE [--draft] [--lang]`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import Settings
from assistant.storage import PlanStore
from tests.fixtures.plans import example_plan, full_plan


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlanStore:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/plans.sqlite3")
    monkeypatch.setenv("APP_LANGUAGE", "fi")
    return PlanStore.from_settings(Settings())


@pytest.fixture
def valid_id(store: PlanStore) -> str:
    return store.create(full_plan(1), author="test").id


@pytest.fixture
def invalid_id(store: PlanStore) -> str:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    return store.create(plan, author="test").id


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["export", *args])


@pytest.mark.parametrize("fmt", ["docx", "md", "json", "xlsx"])
def test_every_format_writes_its_file(valid_id: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"plan.{fmt}"
    result = run(valid_id, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Kirjoitettu {out}" in result.stderr
    data = out.read_bytes()
    if fmt == "docx":
        assert len(Document(io.BytesIO(data)).tables) >= 10
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).active.max_row == 26
    elif fmt == "json":
        assert json.loads(data)["meta"]["region"] == "Järvilaakson hyvinvointialue"
    else:
        assert "## 3 Sote-maakunnan tietojohtamisen kehittämissuunnitelma" in data.decode()
    assert not list(tmp_path.glob(".plan.*.tmp"))  # no temporary files left


def test_text_formats_go_to_stdout_binary_need_a_file(valid_id: str) -> None:
    md = run(valid_id, "--format", "md")
    assert md.exit_code == 0 and md.stdout.startswith("# Järvilaakson")
    as_json = run(valid_id)  # json is the default, as before
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)["schema_version"]
    docx = run(valid_id, "--format", "docx")
    assert docx.exit_code == 2 and "-o" in docx.stderr and not docx.stdout


def test_invalid_plan_is_refused_listing_errors(invalid_id: str, tmp_path: Path) -> None:
    out = tmp_path / "p.docx"
    result = run(invalid_id, "--format", "docx", "-o", str(out))
    assert result.exit_code == 1
    assert "Virhe 3.4 › Visio ja strategia › " in result.stderr and "/toimenpiteet" not in result.stderr
    assert "virheitä (1)" in result.stderr
    assert not out.exists()
    sv = run(invalid_id, "--format", "docx", "-o", str(out), "--lang", "sv")
    assert sv.exit_code == 1 and "Fel 3.4 › Vision och strategi › " in sv.stderr


def test_draft_export(invalid_id: str, tmp_path: Path) -> None:
    out = tmp_path / "p.docx"
    result = run(invalid_id, "--format", "docx", "-o", str(out), "--draft", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Draft exported: 1 errors" in result.stderr
    doc = Document(str(out))
    assert "DRAFT" in doc.sections[0].header.paragraphs[-1].text
    as_json = run(invalid_id, "--format", "json", "--draft")
    assert as_json.exit_code == 0
    assert "JSON-tiedostossa ei ole luonnosmerkintää" in as_json.stderr
    assert json.loads(as_json.stdout)["toimenpiteet"][0]["vastuuhenkilo"] == ""


def test_unknown_plan_format_language_and_unwritable_path(valid_id: str, tmp_path: Path) -> None:
    missing = run("no-such-plan", "--format", "md")
    assert missing.exit_code == 2 and "no-such-plan" in missing.stderr
    fmt = run(valid_id, "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert fmt.exit_code == 2 and 'Tuntematon vientimuoto "pdf"' in fmt.stderr
    lang = run(valid_id, "--format", "md", "--lang", "de")
    assert lang.exit_code == 2 and '"de"' in lang.stderr
    no_dir = run(valid_id, "--format", "xlsx", "-o", str(tmp_path / "nope" / "x.xlsx"))
    assert no_dir.exit_code == 2 and "ei voi kirjoittaa" in no_dir.stderr and "nope" in no_dir.stderr
    is_dir = run(valid_id, "--format", "xlsx", "-o", str(tmp_path))
    assert is_dir.exit_code == 2 and "kansio" in is_dir.stderr


def test_existing_file_is_replaced_whole(valid_id: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("old content " * 1000, encoding="utf-8")
    assert run(valid_id, "--format", "md", "-o", str(out)).exit_code == 0
    assert "old content" not in out.read_text(encoding="utf-8")
