"""The command line never lets a name or a pipe attack the terminal: `chat` reads any encoding from a pipe,
`plans`, `docs` and `ingest` show names safely (plain and --json), special paths are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.storage import PlanStore
from assistant.template.models import plan_model

runner = CliRunner()
HOSTILE = "Otsikko \x1b[2J\x1b[31mpunainen\x07 \u202etxt.exe\nERROR vaarennettu"


@pytest.fixture
def env(corpus_kb_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("DATA_DIR", str(corpus_kb_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("APP_LANGUAGE", "fi")
    return url


def test_chat_reads_cp1252_from_a_pipe(env: str) -> None:
    script = "Etelä-Savon hyvinvointialue\n".encode("cp1252")
    result = runner.invoke(app, ["chat"], input=script)
    assert result.exit_code == 0, result.output
    assert "> Etelä-Savon hyvinvointialue" in result.stdout
    plan_id = result.stdout.strip().splitlines()[-1].split(": ")[1]
    with PlanStore(env) as store:
        assert store.get(plan_id).plan.kuvaus.sote_maakunta == "Etelä-Savon hyvinvointialue"  # type: ignore[attr-defined]


def test_plans_shows_hostile_titles_safely(env: str) -> None:
    with PlanStore(env) as store:
        plan = plan_model()()
        plan.meta.title = HOSTILE
        plan.meta.region = "Alue\u202e"
        stored = store.create(plan, author="t")
        assert "\u202e" in store.get(stored.id).plan.meta.title  # the original is kept (C0 controls removed)
    plain = runner.invoke(app, ["plans"])
    assert plain.exit_code == 0
    (line,) = [x for x in plain.stdout.splitlines() if stored.id in x]
    assert not any(ch in plain.stdout for ch in "\x1b\x07\u202e") and "ERROR vaarennettu" in line
    as_json = runner.invoke(app, ["plans", "--json"])
    assert "\u202e" not in as_json.stdout and "\\u202e" in as_json.stdout
    titles = {p["id"]: p["title"] for p in json.loads(as_json.stdout)}
    assert "\u202e" in titles[stored.id]  # the data is exact; only its printing is escaped


def test_ingest_names_special_paths_and_hostile_names(env: str, tmp_path: Path) -> None:
    loop = tmp_path / "silmukka.txt"
    loop.symlink_to(loop.name)
    zero = tmp_path / "nolla.txt"
    zero.symlink_to("/dev/zero")
    forged = tmp_path / "x\nERROR vaarennettu\x1b[2J.txt"
    forged.write_bytes(b"\x00\x01\x02\x03" * 100)  # binary: refused, and its name must not forge a line
    result = runner.invoke(app, ["ingest", str(loop), str(zero), str(forged)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = result.stderr.splitlines()
    assert any("silmukka.txt" in e and "kehässä" in e for e in errors)
    assert any("nolla.txt" in e and "/dev/zero" in e for e in errors)
    assert all(e.startswith("ERROR ") for e in errors) and len(errors) == 3  # one line per file
    assert "\x1b" not in result.stderr
