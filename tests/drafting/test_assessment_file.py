"""Uploaded assessment results: CSV (any encoding and delimiter) and XLSX, with size budgets."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from assistant.drafting.assessment_file import MAX_BYTES, read_assessment_file, table_as_text
from assistant.drafting.assessment_input import parse_assessment_table, parse_assessment_text
from assistant.drafting.extract import ExtractionError
from assistant.template.spec import load_template

SPEC = load_template()


def test_csv_in_windows_encoding_with_semicolons() -> None:
    data = "Osa-alue;Kypsyys;Tyytyväisyys\nTiedon käyttö;2,5;3\nMittarit;2;2\n".encode("cp1252")
    rows = read_assessment_file(data)
    parsed = parse_assessment_table(rows, SPEC)
    assert [(r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        ("tiedon_kaytto", 2.5, 3.0),
        ("mittarit", 2.0, 2.0),
    ]
    # the chat receives the same rows as a tab-separated paste
    again = parse_assessment_text(table_as_text(rows), SPEC)
    assert [r.area for r in again.rows] == ["tiedon_kaytto", "mittarit"]


def test_xlsx_with_columns_in_another_order() -> None:
    book = Workbook()
    sheet = book.active
    for row in (["Område", "Nöjdhet", "Mognad"], ["Informationsinsamling", 2.5, 3], ["Mätare", 2, 1.5]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_assessment_table(read_assessment_file(buffer.getvalue()), SPEC)
    assert [(r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        ("tiedon_hankinta", 3.0, 2.5),
        ("mittarit", 1.5, 2.0),
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"PK\x03\x04not really a zip", "assessment_file_unreadable"),
        (b"   ", "assessment_file_unreadable"),
        (b"x" * (MAX_BYTES + 1), "assessment_file_too_big"),
    ],
)
def test_bad_files_are_named(data: bytes, code: str) -> None:
    with pytest.raises(ExtractionError) as err:
        read_assessment_file(data)
    assert err.value.code == code
