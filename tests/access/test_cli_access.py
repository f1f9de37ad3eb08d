"""The command line: `assistant access` checks the access file and resolves a user; `plans --org` lists
one organisation's plans (the CLI is an operator's tool and bypasses roles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.i18n import load_catalog
from assistant.settings import Settings
from assistant.storage import PlanStore
from tests.access.conftest import example_plan

runner = CliRunner()
EN = load_catalog("en")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))


def test_access_without_a_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["access", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert EN.t("access.cli.file", path=tmp_path / "data" / "access.yaml") in result.stdout
    assert EN.t("access.cli.missing", org_claim="organisation", roles_claim="roles") in result.stdout
    nobody = runner.invoke(app, ["access", "--email", "maija@example.fi", "--lang", "en"])
    assert nobody.exit_code == 1
    assert EN.t("access.cli.no_principal", who="maija@example.fi") in nobody.stdout


def test_access_resolves_users_and_domains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.yaml"
    path.write_text(
        "users:\n  maija@example.fi: {organisation: pirkanmaa, roles: [drafter, admin]}\n"
        "domains:\n  example.fi: {organisation: pirkanmaa, roles: [reviewer]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AUTH_ACCESS_FILE", str(path))
    result = runner.invoke(app, ["access", "--email", "Maija@Example.fi", "--lang", "en"])
    assert result.exit_code == 0, result.output
    roles = f"{EN.t('access.roles.drafter')}, {EN.t('access.roles.admin')}"
    expected = EN.t("access.cli.principal", who="Maija@Example.fi", organisation="pirkanmaa", roles=roles)
    assert expected in result.stdout
    assert EN.t("access.cli.users", count=1) in result.stdout

    as_json = runner.invoke(app, ["access", "--email", "matti@example.fi", "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert (data["file"], data["exists"], data["users"], data["domains"]) == (str(path), True, 1, 1)
    assert data["principal"]["organisation"] == "pirkanmaa" and data["principal"]["roles"] == ["reviewer"]


def test_access_names_an_invalid_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "access.yaml"
    path.write_text("users:\n  a@b.fi: {organisation: x, roles: [owner]}\n", encoding="utf-8")
    monkeypatch.setenv("AUTH_ACCESS_FILE", str(path))
    result = runner.invoke(app, ["access", "--lang", "en"])
    assert result.exit_code == 2
    assert str(path) in result.stderr and "roles" in result.stderr


def test_plans_lists_one_organisation(tmp_path: Path) -> None:
    with PlanStore(Settings(_env_file=None, data_dir=tmp_path / "data").effective_database_url) as store:  # type: ignore[call-arg]
        ours = store.create(example_plan(), author="a", organisation="pirkanmaa")
        theirs = store.create(example_plan(), author="b", organisation="lappi")
    listed = runner.invoke(app, ["plans", "--json", "--org", "pirkanmaa"])
    assert listed.exit_code == 0, listed.output
    assert [(p["id"], p["organisation"]) for p in json.loads(listed.stdout)] == [(ours.id, "pirkanmaa")]
    everything = runner.invoke(app, ["plans"])
    assert everything.exit_code == 0
    lines = everything.stdout.splitlines()
    assert len(lines) == 2
    assert any(theirs.id in line and "lappi" in line for line in lines)
