"""`assistant import FILE`: exit codes, output, and the plan store unchanged on every error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app
from assistant.export import export_plan
from assistant.settings import Settings
from assistant.storage import PlanStore
from tests.fixtures.plans import full_plan, full_plan_data
from tests.importer.comparison import docx_comparable
from tests.importer.handfilled import build_handfilled, visio_rows
from tests.importer.test_bad_input import ole_file

runner = CliRunner()
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("APP_LANGUAGE", "fi")
    return tmp_path / "data"


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def plan_ids() -> list[str]:
    with PlanStore.from_settings(Settings()) as store:
        return [p.id for p in store.list()]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_docx_is_stored_as_a_new_plan(tmp_path: Path) -> None:
    plan = full_plan(1)
    # The extension says nothing: the content is a DOCX.
    path = write(tmp_path, "suunnitelma.bin", export_plan(plan, "docx").data)
    result = invoke("import", str(path), "--author", "tuoja")
    assert result.exit_code == 0, result.output
    [plan_id] = plan_ids()
    assert f"Suunnitelma tallennettu uutena suunnitelmana: {plan_id}" in result.stdout
    assert "Muoto: DOCX" in result.stdout
    assert "Tarkistus: virheitä 0" in result.stdout
    with PlanStore.from_settings(Settings()) as store:
        stored = store.get(plan_id)
        assert store.revisions(plan_id)[0].author == "tuoja"
    assert docx_comparable(stored.plan) == docx_comparable(plan)


def test_json_import_with_title_and_json_output(tmp_path: Path) -> None:
    plan = full_plan(1, language="sv")
    path = write(tmp_path, "plan.json", plan.model_dump_json().encode())
    result = invoke("import", str(path), "--json", "--title", "Ny titel")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["format"], out["imported"], out["stored"]) == ("json", True, True)
    assert out["validation"]["valid"] is True
    assert plan_ids() == [out["plan_id"]]
    with PlanStore.from_settings(Settings()) as store:
        stored = store.get(out["plan_id"])
    assert stored.plan.meta.title == "Ny titel"
    assert stored.plan.toimenpiteet == plan.toimenpiteet  # JSON keeps ids, status, origin


def test_dry_run_stores_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.docx", export_plan(full_plan(1), "docx").data)
    result = invoke("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Koeajo" in result.stdout
    assert plan_ids() == []


def test_plan_with_validation_errors_is_stored_and_exit_code_is_1(tmp_path: Path) -> None:
    data = build_handfilled(visio=visio_rows(target_1="Tietojohtamisen strategia ja tavoiteet"))
    path = write(tmp_path, "kasin.docx", data)
    result = invoke("import", str(path), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert 'WARNING: The development target "Tietojohtamisen strategia ja tavoiteet"' in result.stdout
    assert "ERROR /toimenpiteet/0/kehittamiskohde" in result.stdout
    assert len(plan_ids()) == 1


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("suojattu.docx", ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage"), "salasanasuojattu"),
        ("rikki.docx", b"PK\x03\x04" + b"\x00" * 100, "vioittunut"),
        ("muistio.txt", b"Ei suunnitelma.", "ei ole suunnitelma JSON- tai DOCX-muodossa"),
    ],
)
def test_unreadable_files_exit_2_and_store_nothing(
    tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    path = write(tmp_path, name, data)
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert name in result.stderr
    assert plan_ids() == []


def test_json_with_wrong_types_exits_2_with_the_findings(tmp_path: Path) -> None:
    data = full_plan_data(1)
    data["toimenpiteet"][0]["tila"] = "ehkä"
    data["tuntematon"] = 1
    path = write(tmp_path, "vaara.json", json.dumps(data).encode())
    result = invoke("import", str(path), "--json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert (out["imported"], out["stored"], out["plan_id"]) == (False, False, None)
    codes = {(f["code"], f["path"]) for f in out["validation"]["findings"]}
    assert codes == {("invalid_value", "/toimenpiteet/0/tila"), ("unknown_field", "/tuntematon")}
    assert plan_ids() == []


def test_too_large_file_exits_2_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_UPLOAD_MB", "1")
    big = tmp_path / "iso.json"
    with big.open("wb") as fh:
        fh.truncate(100 * MB)
    result = invoke("import", str(big), "--json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert out["error"]["code"] == "too_large"
    assert plan_ids() == []


def test_storage_failure_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.storage import repository

    def broken(self, plan, **kwargs):  # type: ignore[no-untyped-def]
        raise repository.CorruptPlanError("x", "disk full")

    monkeypatch.setattr(repository.PlanStore, "create", broken)
    path = write(tmp_path, "plan.docx", export_plan(full_plan(1), "docx").data)
    result = invoke("import", str(path))
    assert result.exit_code == 3
    assert "Suunnitelmaa ei voitu tallentaa" in result.stderr
    assert plan_ids() == []
