"""The DOCX loader: blocks in order (headings, lists, tables, merged cells), the title, empty and corrupt
documents, and zip bombs refused quickly with little memory. Every input file is generated inside the test."""

from __future__ import annotations

from pathlib import Path

import docx

from assistant.ingest.errors import IngestError
from assistant.ingest.models import Block
from tests.fixtures.zips import make_zip, patch_declared_size
from tests.ingest.binary_files import MB, check_error, expect_error, load, make_zeros_bomb, measure

# --------------------------------------------------------------------------- DOCX


def build_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Tietojohtamisen kehittämissuunnitelma", level=1)
    document.add_paragraph("Tämä on johdantokappale.")
    document.add_heading("Nykytila", level=2)
    document.add_paragraph("Ensimmäinen kohta", style="List Bullet")
    document.add_paragraph("Toinen kohta", style="List Number")
    document.add_paragraph("")  # empty paragraphs are skipped
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["Osa-alue", "Nykytila", "Tavoite", "Vastuu"],
        ["Tiedon laatu", "2", "4", "Tietohallinto"],
        ["Analytiikka", "1", "", "Talous"],
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Taulukon jälkeinen kappale.")
    merged = document.add_table(rows=2, cols=3)
    for cell, value in zip(merged.rows[0].cells, ["A", "B", "C"], strict=True):
        cell.text = value
    span = merged.cell(1, 0).merge(merged.cell(1, 1))
    span.text = "yhdistetty"
    merged.cell(1, 2).text = "c"
    document.save(str(path))
    return path


def test_docx_blocks_in_order(tmp_path: Path) -> None:
    doc = load(build_docx(tmp_path / "suunnitelma.docx"))
    assert doc.format == "docx"
    assert doc.title == "Tietojohtamisen kehittämissuunnitelma"
    header = ["Osa-alue", "Nykytila", "Tavoite", "Vastuu"]
    assert doc.blocks == [
        Block(kind="heading", text="Tietojohtamisen kehittämissuunnitelma", level=1),
        Block(kind="paragraph", text="Tämä on johdantokappale."),
        Block(kind="heading", text="Nykytila", level=2),
        Block(kind="list_item", text="Ensimmäinen kohta"),
        Block(kind="list_item", text="Toinen kohta"),
        Block(
            kind="table_row",
            text="Osa-alue: Tiedon laatu; Nykytila: 2; Tavoite: 4; Vastuu: Tietohallinto",
            cells=["Tiedon laatu", "2", "4", "Tietohallinto"],
            table_header=header,
        ),
        Block(
            kind="table_row",
            text="Osa-alue: Analytiikka; Nykytila: 1; Vastuu: Talous",
            cells=["Analytiikka", "1", "", "Talous"],
            table_header=header,
        ),
        Block(kind="paragraph", text="Taulukon jälkeinen kappale."),
        Block(
            kind="table_row",
            text="A: yhdistetty; C: c",
            cells=["yhdistetty", "c"],
            table_header=["A", "B", "C"],
        ),
    ]


def test_docx_core_title(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "t.docx")
    document = docx.Document(str(path))
    document.core_properties.title = "Virallinen otsikko"
    document.save(str(path))
    assert load(path).title == "Virallinen otsikko"


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "tyhja.docx"
    docx.Document().save(str(path))
    expect_error(path, "empty")


def test_docx_corrupt_xml(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "rikki.docx",
        {"[Content_Types].xml": b"<Types", "word/document.xml": b"<<not xml"},
    )
    expect_error(path, "corrupt")


def test_docx_zip_bomb_is_rejected_quickly(tmp_path: Path) -> None:
    path = make_zeros_bomb(tmp_path / "pommi.docx")
    assert path.stat().st_size < 5 * MB
    result, elapsed, peak = measure(lambda: load(path))
    assert isinstance(result, IngestError)
    check_error(result, path, "zip_bomb")
    assert elapsed < 5
    assert peak < 50 * MB


def test_docx_zip_with_lying_sizes_is_not_inflated(tmp_path: Path) -> None:
    # The central directory claims 1 KB; the member really inflates to 300 MB. The streaming
    # check reads in bounded chunks and stops at the declared size (CRC mismatch -> corrupt).
    path = make_zeros_bomb(tmp_path / "valehtelija.docx")
    patch_declared_size(path, "word/zeros.bin", 1024)
    result, elapsed, peak = measure(lambda: load(path))
    assert isinstance(result, IngestError)
    check_error(result, path, {"zip_bomb", "corrupt"})
    assert elapsed < 5
    assert peak < 50 * MB
