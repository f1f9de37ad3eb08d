"""The validation gate: a plan with errors is never exported silently."""

from __future__ import annotations

import pytest

from assistant.export import FORMATS, ExportRefused, UnknownFormat, UnknownLanguage, export_plan
from assistant.export.gate import check_plan
from tests.export.conftest import export
from tests.fixtures.plans import example_plan, full_plan


def _broken():  # type: ignore[no-untyped-def]
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    plan.kuvaus.sote_maakunta = ""
    return plan


@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_plan_is_refused_with_its_errors(fmt: str) -> None:
    with pytest.raises(ExportRefused) as info:
        export(_broken(), fmt)
    paths = {f.path for f in info.value.errors}
    assert paths == {"/toimenpiteet/0/vastuuhenkilo", "/kuvaus/sote_maakunta"}
    assert all(f.severity == "error" for f in info.value.errors)
    assert info.value.report.counts()["error"] == 2


def test_refusal_message_is_localized() -> None:
    with pytest.raises(ExportRefused) as info:
        export(_broken(), "docx")
    exc = info.value
    assert "virheitä (2)" in exc.message("fi")
    assert "fel (2)" in exc.message("sv")
    assert "errors (2)" in exc.message("en")


@pytest.mark.parametrize("fmt", FORMATS)
def test_draft_exports_a_plan_with_errors(fmt: str) -> None:
    result = export(_broken(), fmt, draft=True)
    assert result.draft and result.data
    assert result.report.counts()["error"] == 2
    assert "luonnos" in result.filename


def test_data_that_is_no_plan_is_refused_even_as_draft() -> None:
    with pytest.raises(ExportRefused) as info:
        export_plan({"meta": {"periods": "soon"}, "extra": 1}, "json", draft=True)
    assert info.value.unreadable
    assert {f.code for f in info.value.errors} >= {"unknown_field", "invalid_value"}
    assert "mallipohjan mukainen" in info.value.message("fi")


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormat) as info:
        export_plan(full_plan(1), "pdf")
    assert "docx, md, json, xlsx" in info.value.message("fi")


def test_unknown_language() -> None:
    with pytest.raises(UnknownLanguage) as info:
        export_plan(full_plan(1), "md", language="de")
    assert '"de"' in info.value.message("fi") and "fi, sv tai en" in info.value.message("fi")


def test_valid_plan_passes_with_its_report() -> None:
    checked = check_plan(full_plan(1))
    assert checked.report.valid and not checked.draft
    assert checked.plan.meta.region == "Järvilaakson hyvinvointialue"


def test_language_defaults_to_the_plan_language() -> None:
    result = export(full_plan(1, language="sv"), "md")
    assert result.language == "sv"
    assert "Utvecklingsområde: VISION OCH STRATEGI" in result.data.decode()
    assert export(full_plan(1, language="sv"), "md", language="en").language == "en"
