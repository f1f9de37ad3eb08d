"""An uploaded assessment-results file (CSV or XLSX) as rows of cells, for `parse_assessment_table`.

The type is told by content (an XLSX is a zip), the encoding of a CSV by charset-normalizer, its
delimiter by the csv sniffer. Size and row budgets keep a hostile file from costing time or memory.
"""

from __future__ import annotations

import csv
import io
import zipfile

from assistant.drafting.extract import ExtractionError

MAX_BYTES = 1_000_000
MAX_ROWS = 200
MAX_COLUMNS = 20


def _xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionError("assessment_file_unreadable", detail=type(exc).__name__) from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True):
            rows.append(["" if v is None else _cell(v) for v in values])
        return rows
    finally:
        book.close()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


def _csv(data: bytes) -> list[list[str]]:
    from charset_normalizer import from_bytes

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise ExtractionError("assessment_file_unreadable", detail="encoding") from None
        text = str(best)
    if "\x00" in text:
        raise ExtractionError("assessment_file_unreadable", detail="binary")
    lines = text.splitlines()[: MAX_ROWS + 1]
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:5]), delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if ";" in lines[0] else "\t" if "\t" in lines[0] else ","
    return [row[:MAX_COLUMNS] for row in csv.reader(lines, delimiter=delimiter)]


def read_assessment_file(data: bytes) -> list[list[str]]:
    """Rows of cells of a CSV or XLSX file; ExtractionError naming the problem otherwise."""
    if len(data) > MAX_BYTES:
        raise ExtractionError("assessment_file_too_big", size=len(data), limit=MAX_BYTES)
    if not data.strip():
        raise ExtractionError("assessment_file_unreadable", detail="empty")
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data)
    return _csv(data)


def table_as_text(rows: list[list[str]]) -> str:
    """The rows as the tab-separated text a paste from Excel gives (what the chat records and parses)."""
    return "\n".join("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) for row in rows)
