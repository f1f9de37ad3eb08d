"""The export and import page (`ui/views/export_page.py`) against a SQLite plans database.

Downloads: AppTest keeps a download button's bytes in the media storage of its mock runtime; the fixture
`media` records those storages so a test can open the exact bytes the button would send.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assistant.export import export_plan
from assistant.i18n import LANGUAGES, load_catalog
from assistant.storage import PlanStore, StoredPlan
from assistant.template.models import plan_model
from tests.fixtures.plans import full_plan, full_plan_data
from tests.importer.handfilled import build_handfilled, visio_rows
from tests.ui.catalog_keys import catalog_keys
from tests.ui.helpers import new_session, plan_store, run_ok, texts, unescape

PAGE = Path(__file__).resolve().parents[2] / "ui" / "views" / "export_page.py"
FI = load_catalog("fi")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    yield from plan_store(tmp_path, monkeypatch, unset=("AUTH_REQUIRED",), MAX_UPLOAD_MB="5")


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    storages: list[MemoryMediaFileStorage] = []

    def recording(endpoint: str) -> MemoryMediaFileStorage:
        storage = MemoryMediaFileStorage(endpoint)
        storages.append(storage)
        return storage

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", recording)
    return storages


def download_bytes(at: AppTest, media: list[MemoryMediaFileStorage]) -> bytes:
    [button] = at.get("download_button")
    assert not button.proto.disabled
    name = button.proto.url.rsplit("/", 1)[-1]
    assert name
    return media[-1].get_file(name).content


def page(query_plan: str | None = None, **session: Any) -> AppTest:
    return run_ok(new_session(PAGE, query_plan, **session))


def create(store: PlanStore, plan: Any) -> StoredPlan:
    return store.create(plan, author="alku")


def invalid_plan() -> Any:
    data = full_plan_data(1)
    data["toimenpiteet"][0]["vastuuhenkilo"] = ""
    return plan_model().model_validate(data)


# --- export ------------------------------------------------------------------------------------------------


def test_valid_plan_offers_docx_and_xlsx_downloads(
    store: PlanStore, media: list[MemoryMediaFileStorage]
) -> None:
    stored = create(store, full_plan(1))
    other = create(store, full_plan(1, language="sv"))  # the newest: listed first
    at = page(plan_id=stored.id)  # the session's current plan (not the newest one)
    assert at.selectbox[0].value == stored.id  # the session's current plan is preselected
    assert FI.t("ui.export.valid") in texts(at, "success")

    data = download_bytes(at, media)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "3.4 Kehittämistoimenpiteet, vaiheistus ja aikataulu" in headings
    assert stored.plan.meta.title in [p.text for p in document.paragraphs if p.style.name == "Title"]

    at.radio(key="_export_format").set_value("xlsx")
    run_ok(at)
    workbook = openpyxl.load_workbook(io.BytesIO(download_bytes(at, media)))
    sheet = workbook.active
    assert sheet.max_row == 1 + len(stored.plan.toimenpiteet)

    at.radio(key="_export_format").set_value("json")
    run_ok(at)
    assert json.loads(download_bytes(at, media)) == stored.plan.model_dump(mode="json")

    at.selectbox[0].set_value(other.id)
    run_ok(at)
    assert at.session_state["plan_id"] == other.id
    assert json.loads(download_bytes(at, media))["meta"]["language"] == "sv"


def test_document_language_is_a_choice(store: PlanStore, media: list[MemoryMediaFileStorage]) -> None:
    stored = create(store, full_plan(1))
    at = page(query_plan=stored.id)
    at.radio(key="_export_doc_language").set_value("en")
    run_ok(at)
    document = docx.Document(io.BytesIO(download_bytes(at, media)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "3.4 Development actions, phasing and schedule" in headings


def test_invalid_plan_is_blocked_with_its_errors_and_draft_export_works(
    store: PlanStore, media: list[MemoryMediaFileStorage]
) -> None:
    create(store, full_plan(1))
    stored = create(store, invalid_plan())
    at = page(query_plan=stored.id)
    [button] = at.get("download_button")
    assert button.proto.disabled
    [error] = texts(at, "error")
    assert FI.t("ui.export.errors", count=1) in error
    assert "/toimenpiteet" not in error  # the message names the action in words, no JSON path
    assert any(FI.t("ui.export.blocked", count=1) in c for c in texts(at, "caption"))

    at.checkbox(key="_export_draft").check()
    run_ok(at)
    document = docx.Document(io.BytesIO(download_bytes(at, media)))
    body = [p.text for p in document.paragraphs]
    assert "LUONNOS" in body
    assert FI.t("export.findings.title") in body
    assert FI.t("ui.export.draft_note") in texts(at, "info")


def test_no_plans(store: PlanStore) -> None:
    at = page()
    assert FI.t("ui.export.no_plans") in texts(at, "info")


def test_plans_with_the_same_title_get_distinct_options_and_the_plan_is_in_the_url(store: PlanStore) -> None:
    # The shared chooser (ui.plan_picker): the browser picks an option by its label.
    stored = create(store, full_plan(1))
    twin = create(store, full_plan(1))
    at = page(plan_id=stored.id)
    options = at.selectbox[0].options
    assert len(options) == 2 and len(set(options)) == 2
    assert any(twin.id[:6] in option for option in options)
    assert at.query_params["plan"] == stored.id
    at = page("puuttuva")
    assert FI.t("storage.not_found", plan_id="puuttuva") in texts(at, "warning")


# --- import ------------------------------------------------------------------------------------------------


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="_import_upload").upload(name, data)
    return run_ok(at)


def test_corrupt_upload_shows_an_error_and_stores_nothing(store: PlanStore) -> None:
    create(store, full_plan(1))
    at = page()
    good = export_plan(full_plan(1), "docx").data
    upload(at, "rikki.docx", good[: len(good) // 3])
    assert any("rikki.docx" in e and "vioittunut" in e for e in texts(at, "error"))
    assert FI.t("ui.export.nothing_stored") in texts(at, "caption")
    assert not at.button  # no confirm button
    assert len(store.list()) == 1


def test_json_with_unknown_fields_is_not_a_plan(store: PlanStore) -> None:
    at = page()
    data = full_plan_data(1)
    data["ylimaarainen"] = 1
    upload(at, "vaara.json", json.dumps(data).encode())
    errors = texts(at, "error")
    assert FI.t("ui.export.not_a_plan", file="vaara.json") in errors
    assert any('Tuntematon kenttä "ylimaarainen"' in e for e in errors)  # named in words
    assert store.list() == []


def test_valid_json_import_is_stored_only_when_confirmed(store: PlanStore) -> None:
    plan = full_plan(1)
    at = page()
    upload(at, "suunnitelma.json", plan.model_dump_json().encode())
    assert store.list() == []  # a preview first
    assert any(plan.meta.title in unescape(m.value) for m in at.markdown)
    at.text_input(key="_import_title").set_value("Tuotu JSONista")
    at.button(key="_import_confirm").click()
    run_ok(at)
    [summary] = store.list()
    assert summary.title == "Tuotu JSONista"
    assert at.session_state["plan_id"] == summary.id
    assert FI.t("ui.export.stored", title="Tuotu JSONista") in texts(at, "success")  # its title, not its id
    assert summary.id not in " ".join(texts(at, "success"))
    stored = store.get(summary.id)
    assert stored.plan.toimenpiteet == plan.toimenpiteet
    assert at.selectbox[0].value == summary.id  # the export side now shows the imported plan
    run_ok(at)  # a rerun does not store it twice
    assert len(store.list()) == 1


def test_docx_import_previews_mapping_findings(store: PlanStore) -> None:
    at = page()
    data = build_handfilled(visio=visio_rows(target_1="Tietojohtamisen strategia ja tavoiteet"))
    upload(at, "kasin.docx", data)
    [warning] = [w for w in texts(at, "warning") if FI.t("ui.export.mapping", count=2) in w]
    assert "Tietojohtamisen strategia ja tavoiteet" in warning
    assert "Tietojohtamisen strategia ja tavoitteet" in warning  # the closest template name
    assert not any("/toimenpiteet" in e for e in texts(at, "error"))
    assert store.list() == []
    at.button(key="_import_confirm").click()
    run_ok(at)
    assert len(store.list()) == 1  # stored with its validation errors, as a plan to fix


def test_export_catalog_keys_match_and_cover_the_page() -> None:
    keys = {language: catalog_keys(language, "ui.export") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    used = set(re.findall(r"""["'](ui\.export\.[a-z_.]+[a-z_])["']""", PAGE.read_text(encoding="utf-8")))
    used |= {f"ui.export.formats.{f}" for f in ("docx", "md", "json", "xlsx")}
    for language in LANGUAGES:
        missing = used - load_catalog(language).keys()
        assert not missing, (language, missing)


def test_too_large_upload_is_refused_and_the_limit_is_shown(store: PlanStore) -> None:
    at = page(language="en")
    en = load_catalog("en")
    assert en.t("ui.export.upload", limit="5") == at.file_uploader(key="_import_upload").label
    upload(at, "huge.json", b"{" + b" " * (6 * 1024 * 1024) + b"}")
    assert any("huge.json" in e and "too large" in e for e in texts(at, "error"))
    assert store.list() == []
