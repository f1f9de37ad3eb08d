"""The XLSX action list: one row per action, filters, frozen header, text that is never a formula."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from assistant.template.spec import load_template
from tests.export.conftest import export, uneven_plan
from tests.fixtures.plans import example_plan, full_plan

SPEC = load_template()


def _book(result):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(result.data))


def test_one_row_per_action_with_filter_and_frozen_header() -> None:
    plan = full_plan()
    wb = _book(export(plan, "xlsx"))
    assert wb.sheetnames == ["Toimenpiteet"]
    ws = wb["Toimenpiteet"]
    assert ws.max_row == 1 + len(plan.toimenpiteet) == 76
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J76"
    assert ws.print_title_rows == "$1:$1"
    header = [c.value for c in ws[1]]
    assert header == [
        "Kehittämisen osa-alue",
        "Kehittämiskohde",
        "Toimenpiteet",
        "Lyhyt aikaväli 2020–2021",
        "Pitkä aikaväli 2022–2025",
        "Vastuuhenkilö",
        "Edellytykset/vaatimukset toteutumiselle",
        "Lähteet",
        "Tila",
        "Tunniste",
    ]
    assert all(ws.column_dimensions[c].width >= 10 for c in "ABCDEFGHIJ")
    assert all(ws.cell(row=2, column=c).alignment.wrap_text for c in range(1, 11))


def test_rows_hold_every_field_of_the_action() -> None:
    plan = full_plan(1)
    ws = _book(export(plan, "xlsx")).active
    by_id = {row[9]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert set(by_id) == {a.id for a in plan.toimenpiteet}
    action = plan.toimenpiteet[0]
    row = by_id[action.id]
    assert row[:7] == (
        "Visio ja strategia",
        action.kehittamiskohde,
        action.toimenpide,
        action.lyhyt_aikavali,
        action.pitka_aikavali,
        action.vastuuhenkilo,
        action.edellytykset,
    )
    assert row[7] == "\n".join(s.citation for s in action.lahteet)
    assert row[8] == "Suunniteltu"
    # template order: the last rows are HYÖDYT's
    last = next(ws.iter_rows(min_row=ws.max_row, values_only=True))
    assert last[0] == "Hyödyt" and last[1] == "Tietojohtamisen vaikutus tuloksellisuuteen"


def test_targets_without_actions_have_no_rows() -> None:
    plan = uneven_plan()
    ws = _book(export(plan, "xlsx")).active
    assert ws.max_row == 1 + len(plan.toimenpiteet)


@pytest.mark.parametrize(
    "text", ["=1+1", '=HYPERLINK("http://evil","x")', "+358 40 123", "-5 %", "@SUM(A1)", "\t=1"]
)
def test_formula_like_text_is_kept_as_text(text: str) -> None:
    plan = full_plan(1)
    plan.toimenpiteet[0].toimenpide = text
    plan.toimenpiteet[0].vastuuhenkilo = text
    result = export(plan, "xlsx")
    ws = _book(result).active
    row = next(r for r in ws.iter_rows(min_row=2) if r[9].value == plan.toimenpiteet[0].id)
    for cell in (row[2], row[5]):
        assert cell.value == plan.toimenpiteet[0].toimenpide  # as stored (the model strips whitespace)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    sheet = zipfile.ZipFile(io.BytesIO(result.data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere


def test_swedish_headers_and_status() -> None:
    plan = full_plan(1, language="sv")
    ws = _book(export(plan, "xlsx", language="sv")).active
    assert ws.title == "Åtgärder"
    assert [c.value for c in ws[1]][:3] == ["Utvecklingsområde", "Utvecklingsobjekt", "Åtgärder"]
    assert ws.cell(row=2, column=9).value in {"Planerad", "Pågår", "Klar", "Inställd"}


def test_draft_sheet_lists_the_findings() -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    result = export(plan, "xlsx", draft=True)
    wb = _book(result)
    assert wb.sheetnames == ["Luonnos", "Toimenpiteet"]
    draft = wb["Luonnos"]
    assert draft["A1"].value == "LUONNOS"
    assert [c.value for c in draft[4]] == ["Vakavuus", "Kohta", "Havainto"]
    rows = list(draft.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(result.report.findings)
    assert rows[0][0] == "Virhe" and rows[0][1].startswith("3.4 › Visio ja strategia › ")
    actions = wb["Toimenpiteet"]
    assert actions.max_row == 1 + len(plan.toimenpiteet)
    assert "LUONNOS" in actions.oddHeader.center.text
    assert "LUONNOS" not in (_book(export(example_plan(), "xlsx")).active.oddHeader.center.text or "")
