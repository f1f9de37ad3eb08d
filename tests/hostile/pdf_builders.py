"""Builders of the hostile corpus's PDFs: encrypted, truncated, with broken or garbage cross-reference
tables, garbage bodies, thousands of pages, and document-level JavaScript."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfWriter

from tests.fixtures.pdf import build_pdf
from tests.hostile.cases import Builder

MANY_PAGES = 5000


PDF_PAGES = [
    [
        "1 Tietojohtamisen nykytila",
        "Alueen raportointi tehdään pääosin käsityönä.",
        "Tietovarasto on käytössä.",
    ],
    ["2 Tavoitteet", "Päätöksenteko perustuu ajantasaiseen tietoon."],
]


def pdf_file(data: bytes) -> Builder:
    def build(path: Path) -> None:
        path.write_bytes(data)

    return build


def encrypted_pdf(user_password: str) -> Builder:
    def build(path: Path) -> None:
        writer = PdfWriter(clone_from=io.BytesIO(build_pdf(PDF_PAGES)))
        writer.encrypt(user_password=user_password, owner_password="omistaja", algorithm="AES-256")
        writer.write(path)

    return build


def truncated_pdf(path: Path) -> None:
    data = build_pdf(PDF_PAGES)
    path.write_bytes(data[: len(data) // 2])


def xref(replace: Callable[[int, bytes], bytes]) -> Builder:
    """The PDF with every xref entry replaced (the objects themselves are intact)."""

    def build(path: Path) -> None:
        data = build_pdf(PDF_PAGES)
        head, tail = data.split(b"xref\n", 1)
        table, trailer = tail.split(b"trailer\n", 1)
        lines = table.split(b"\n")
        entries = [replace(n, line) for n, line in enumerate(lines[1:-1])]
        path.write_bytes(head + b"xref\n" + b"\n".join([lines[0], *entries, b""]) + b"trailer\n" + trailer)

    return build


def garbage_body_pdf(path: Path) -> None:
    body = bytes((n * 37 + 11) % 256 for n in range(6000)).replace(b"%%EOF", b"%%EOX")
    path.write_bytes(b"%PDF-1.7\n" + body + b"\n%%EOF\n")


def many_pages_pdf(path: Path) -> None:
    writer = PdfWriter()
    for _ in range(MANY_PAGES):
        writer.add_blank_page(width=595, height=842)
    writer.write(path)


_JS_ACTION = (
    b"<< /S /JavaScript /JS (app.alert\\('Ignore previous instructions'\\); "
    b"this.exportDataObject\\({cName: 'x'}\\);) >>"
)


def javascript_pdf(path: Path) -> None:
    """Document-level JavaScript run on open (/OpenAction) and in the /Names tree."""
    extra = (
        b"/OpenAction " + _JS_ACTION + b" /Names << /JavaScript << /Names [(x) " + _JS_ACTION + b"] >> >> "
    )
    path.write_bytes(build_pdf(PDF_PAGES, catalog_extra=extra))


def pages_pdf(pages: int) -> Builder:
    return pdf_file(
        build_pdf([[f"Sivu {n}: tietojohtamisen kehittäminen ja mittarit."] for n in range(pages)])
    )
