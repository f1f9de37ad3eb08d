"""Every file of the hostile corpus through plan import: `assistant.importer.import_file` and
`store_import` into a plans database, and the app's import upload (export/import page). A refused file
gives its error code and the Finnish catalog message naming the file and the problem, or is read and
refused by validation; either way the plans database (plans, versions, contents) stays exactly as it was.
A valid plan is imported with its texts stored exactly as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import importer
from assistant.storage import PlanStore
from assistant.template.models import plan_model
from tests.hostile.app_pages import APP, TIMEOUT, run_page, unescape
from tests.hostile.conftest import FI, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, assert_clear_message, store_state
from tests.hostile.generate import EXAMPLE_PLAN, Case, case_names

NAMES = case_names()


AUTHOR = "vihamielinen testi"


# --- (b) plan import --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanStore]:
    """A plans database that already holds work: the example plan, edited once."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile-plans') / 'plans.sqlite3'}"
    with PlanStore(url) as store:
        plan = plan_model().model_validate_json(EXAMPLE_PLAN.read_text(encoding="utf-8"))
        stored = store.create(plan, author="alku")
        edited = stored.plan.model_copy(deep=True)
        edited.kuvaus.sote_maakunta = "Esimerkkimaan hyvinvointialue"  # type: ignore[attr-defined]
        store.save(stored.id, edited, expected_version=1, author="alku", summary="muokkaus", changes=[])
        yield store


@pytest.mark.parametrize("name", NAMES)
def test_plan_import(name: str, hostile_cases: dict[str, Case], plan_store: PlanStore) -> None:
    case = hostile_cases[name]
    expect = case.plan_import
    before = store_state(plan_store)
    try:
        result = importer.import_file(case.path, language="fi", max_bytes=MAX_UPLOAD_BYTES)
    except importer.PlanImportError as exc:
        assert expect.code == exc.code, f"expected {expect}, got {exc.code}: {exc.detail}"
        assert_clear_message(
            exc.message("fi"), part="importer", code=exc.code, file=case.name, detail=expect.detail
        )
        assert store_state(plan_store) == before
        return
    assert expect.code is None, f"expected the error {expect.code}; the file was read as {result.format}"

    if expect.finding is not None:
        errors = result.validation.by_severity("error")
        assert result.plan is None and not result.ok
        assert expect.finding in {f.code for f in errors}, [f.code for f in errors]
        assert all(f.message.strip() and f.message != f"validation.{f.code}" for f in errors)
        with pytest.raises(ValueError):
            importer.store_import(result, plan_store, author=AUTHOR)  # nothing half-stored
        assert store_state(plan_store) == before
        return

    assert result.ok and result.validation.valid, result.validation.counts()
    stored = importer.store_import(result, plan_store, author=AUTHOR)
    after = store_state(plan_store)
    assert set(after) == set(before) | {stored.id} and stored.id not in before
    assert {k: v for k, v in after.items() if k != stored.id} == before
    assert after[stored.id][0] == 1
    # texts stored exactly as they were (data, not markup)
    assert plan_store.get(stored.id).plan.model_dump(mode="json") == result.plan.model_dump(mode="json")  # type: ignore[union-attr]


# --- (d) the app's plan import upload (export/import page) --------------------------------------------------


def test_app_import_upload_of_the_corpus(
    hostile_cases: dict[str, Case], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file the import uploader takes (json, docx), one after another in one session: a refused file
    shows its reason and "nothing stored"; a readable non-plan shows the validation; a plan is previewed
    and waits for confirmation. The plans database is untouched throughout."""
    import ui.state
    from ui.views import export_page

    url = f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    with PlanStore(url) as store:
        store.create(
            plan_model().model_validate_json(EXAMPLE_PLAN.read_text(encoding="utf-8")), author="alku"
        )
        before = store_state(store)
    for key, value in {
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": url,
        "MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "APP_LANGUAGE": "fi",
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("CHROMA_HOST", "AUTH_REQUIRED", "KNOWLEDGE_DIR"):
        monkeypatch.delenv(key, raising=False)
    ui.state.get_settings.clear()
    at = AppTest.from_file(str(APP.parent / "views" / "export_page.py"), default_timeout=TIMEOUT)
    run_page(at)
    nothing_stored = FI.t("ui.export.nothing_stored")

    cases = [c for c in hostile_cases.values() if c.path.suffix.lstrip(".") in export_page.UPLOAD_TYPES]
    assert len(cases) >= 25
    for case in cases:
        at.file_uploader(key=export_page.UPLOAD_KEY).set_value([(case.name, case.path.read_bytes(), "x")])
        run_page(at)
        errors = [unescape(e.value) for e in at.error]
        captions = [unescape(c.value) for c in at.caption]
        expect = case.plan_import
        if expect.code is not None:
            assert len(errors) == 1, (case.name, errors)
            assert_clear_message(
                errors[0], part="importer", code=expect.code, file=case.name, detail=expect.detail
            )
            assert nothing_stored in captions, case.name
        elif expect.finding is not None:
            assert errors[0] == FI.t("ui.export.not_a_plan", file=case.name), (case.name, errors)
            (result,) = at.session_state[export_page.IMPORTS_KEY].values()
            assert expect.finding in {f.code for f in result.validation.findings}, case.name
            assert nothing_stored in captions, case.name
        else:
            assert not errors, (case.name, errors)
            assert at.button(key=export_page.CONFIRM_KEY).label == FI.t("ui.export.confirm")
        with PlanStore(url) as store:
            assert store_state(store) == before, case.name  # nothing stored without the confirmation
    ui.state.get_settings.clear()
