"""`assistant review ID [--json]` and `assistant ask ID "QUESTION" [--json]` through typer's CliRunner, on
plans stored in a temporary database (settings from the environment, no `.env`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.i18n import load_catalog
from assistant.review import analyse
from assistant.settings import Settings
from assistant.storage import PlanStore
from tests.fixtures.plans import example_plan

runner = CliRunner()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def plan_id(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/plans.sqlite3")
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        return store.create(example_plan(), author="test").id


def test_review_json_is_the_report(plan_id: str) -> None:
    result = runner.invoke(app, ["review", plan_id, "--json", "--no-kb", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == analyse(example_plan(), language="en").model_dump(mode="json")
    assert data["areas_without_actions"] == ["tiedon_kaytto"] and data["roadmap"]["available"] is False


def test_review_text(plan_id: str) -> None:
    result = runner.invoke(app, ["review", plan_id, "--no-kb"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Kattavuusraportti: Tietojohtamisen kehittämissuunnitelma")
    assert (
        "- Tiedon käyttö: toimenpiteitä 0, ilman aikataulua 0, ilman vastuuhenkilöä 0, ilman edellytyksiä 0"
        in lines
    )
    assert "Kehittämiskohteet ilman toimenpiteitä (13/25):" in lines
    assert "- Tiedon integraatio: Tiedon organisointi ja varastointi" in lines  # all listed, none elided
    assert load_catalog("fi").t("review.roadmap.no_kb") in result.stdout


def test_ask_json_and_text(plan_id: str) -> None:
    result = runner.invoke(
        app, ["ask", plan_id, "Mitkä osa-alueet ovat ilman toimenpiteitä?", "--json", "--no-kb"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["kind"] == "plan" and [i["id"] for i in answer["facts"][0]["items"]] == ["tiedon_kaytto"]
    text = runner.invoke(app, ["ask", plan_id, "Vilka områden saknar åtgärder?", "--no-kb"])
    assert text.exit_code == 0 and text.stdout.splitlines() == [
        "1 av 9 områden saknar åtgärder: Användning av information.",
    ]


def test_unknown_plan_and_empty_question(plan_id: str) -> None:
    missing = runner.invoke(app, ["review", "no-such-plan", "--no-kb", "--lang", "en"])
    assert missing.exit_code == 2 and "no-such-plan" in missing.stderr and missing.stdout == ""
    empty = runner.invoke(app, ["ask", plan_id, "  ", "--lang", "sv"])
    assert empty.exit_code == 2 and empty.stderr.strip() == load_catalog("sv").t("review.cli.empty_question")


def test_review_with_the_corpus_index(
    monkeypatch: pytest.MonkeyPatch, corpus_kb_dir: Path, plan_id: str
) -> None:
    monkeypatch.setenv("DATA_DIR", str(corpus_kb_dir))
    result = runner.invoke(app, ["review", plan_id, "--json"])
    assert result.exit_code == 0, result.output
    roadmap = json.loads(result.stdout)["roadmap"]
    assert roadmap["available"] is True and len(roadmap["tasks"]) > 30
