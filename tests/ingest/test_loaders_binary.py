"""Tests for the PDF/DOCX loaders, content sniffing and ZIP safety checks.

Every input file is generated inside the test in `tmp_path`; nothing is downloaded.
"""

from __future__ import annotations

import io
import random
import sys
import time
import tracemalloc
import types
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import docx
import pytest
from pypdf import PdfWriter

from assistant.i18n import load_catalog
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.loaders.pdf import heading_level, join_lines
from assistant.ingest.loaders.sniff import OLE2_MAGIC
from assistant.ingest.loaders.zipsafe import check_zip
from assistant.ingest.models import Block, LoadedDocument
from tests.fixtures.pdf import build_pdf

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_PAGES = 100


# --------------------------------------------------------------------------- helpers


def load(path: Path, *, max_bytes: int = MAX_BYTES, max_pdf_pages: int = MAX_PAGES) -> LoadedDocument:
    return load_document(path, max_bytes=max_bytes, max_pdf_pages=max_pdf_pages)


def expect_error(path: Path, code: str, **kwargs: int) -> IngestError:
    """Load `path`, assert it fails with `code`, and check the localized message."""
    with pytest.raises(IngestError) as excinfo:
        load(path, **kwargs)
    return check_error(excinfo.value, path, code)


def check_error(err: IngestError, path: Path, code: str | set[str]) -> IngestError:
    codes = {code} if isinstance(code, str) else code
    assert err.code in codes, f"expected {codes}, got {err.code} ({err.detail})"
    assert str(err.path.name) == path.name
    key = f"ingest.error.{err.code}"
    catalog = load_catalog("fi")
    assert catalog.has(key)
    message = err.message("fi")
    assert message != key
    assert path.name in message
    assert message == catalog.t(key, file=path.name, detail=err.detail)
    assert "Tiedosto" in message  # Finnish catalog text, not the English one
    return err


PAGES = [
    [
        "1 Johdanto",
        "Tämä suunnitelma koskee organisaation tieto-",
        "johtamisen kehittämistä.",  # short line ending a sentence -> paragraph break
        "Toinen kappale kertoo yöllä tehdystä työstä.",
    ],
    ["1.1 Nykytila", "Tiedon hallinta on hajautunut useaan järjestelmään."],
    ["2 Tavoitteet", "Päätöksenteko perustuu ajantasaiseen tietoon."],
]


def encrypt_pdf(data: bytes, *, user_password: str, owner_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def make_zeros_bomb(path: Path, size: int = 300 * MB) -> Path:
    """A .docx-looking zip with a huge member of zeros, written in chunks (low memory)."""
    chunk = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/zeros.bin", "w") as member:
            for _ in range(size // MB):
                member.write(chunk)
    return path


def patch_declared_size(path: Path, member: str, new_size: int) -> None:
    """Make the zip lie about `member`'s uncompressed size (central directory and local header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = 0
    patched = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            data[pos + 24 : pos + 28] = new_size.to_bytes(4, "little")
            local = int.from_bytes(data[pos + 42 : pos + 46], "little")
            data[local + 22 : local + 26] = new_size.to_bytes(4, "little")
            patched += 1
        pos += 4
    assert patched == 1
    path.write_bytes(bytes(data))


def measure(fn: Callable[[], object]) -> tuple[object, float, int]:
    """Run `fn`, returning (result or raised exception, seconds, tracemalloc peak bytes)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result: object = fn()
    except Exception as exc:
        result = exc
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak


# --------------------------------------------------------------------------- PDF


def test_pdf_multi_page_blocks(tmp_path: Path) -> None:
    path = write(tmp_path, "suunnitelma.pdf", build_pdf(PAGES))
    doc = load(path)

    assert doc.format == "pdf"
    assert len(doc.sha256) == 64
    assert doc.title == "1 Johdanto"  # no metadata title -> first heading
    assert [(b.kind, b.level, b.page, b.text) for b in doc.blocks] == [
        ("heading", 1, 1, "1 Johdanto"),
        ("paragraph", 0, 1, "Tämä suunnitelma koskee organisaation tietojohtamisen kehittämistä."),
        ("paragraph", 0, 1, "Toinen kappale kertoo yöllä tehdystä työstä."),
        ("heading", 2, 2, "1.1 Nykytila"),
        ("paragraph", 0, 2, "Tiedon hallinta on hajautunut useaan järjestelmään."),
        ("heading", 1, 3, "2 Tavoitteet"),
        ("paragraph", 0, 3, "Päätöksenteko perustuu ajantasaiseen tietoon."),
    ]


def test_pdf_metadata_title_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "a.pdf", build_pdf(PAGES[:1], title="Tietojohtamisen kehittämissuunnitelma"))
    assert load(path).title == "Tietojohtamisen kehittämissuunnitelma"


def test_pdf_title_falls_back_to_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "raportti.pdf", build_pdf([["vain pieniä kirjaimia tässä rivissä."]]))
    doc = load(path)
    assert doc.title == "raportti"
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_pdf_user_password_is_encrypted(tmp_path: Path) -> None:
    data = encrypt_pdf(build_pdf(PAGES), user_password="secret", owner_password="owner")
    expect_error(write(tmp_path, "salainen.pdf", data), "encrypted")


def test_pdf_owner_password_only_loads(tmp_path: Path) -> None:
    data = encrypt_pdf(build_pdf(PAGES), user_password="", owner_password="owner")
    doc = load(write(tmp_path, "rajoitettu.pdf", data))
    assert doc.blocks[0].text == "1 Johdanto"
    assert {b.page for b in doc.blocks} == {1, 2, 3}


def test_pdf_truncated_is_corrupt(tmp_path: Path) -> None:
    # Documented behaviour: a truncated PDF (no %%EOF marker) is reported as `corrupt` instead of
    # silently loading whatever text pypdf could recover from the first part.
    data = build_pdf(PAGES)
    err = expect_error(write(tmp_path, "katkennut.pdf", data[: int(len(data) * 0.6)]), "corrupt")
    assert "EOF" in err.detail


def test_pdf_random_bytes(tmp_path: Path) -> None:
    data = random.Random(1234).randbytes(4096)
    path = write(tmp_path, "satunnainen.pdf", data)
    with pytest.raises(IngestError) as excinfo:
        load(path)
    check_error(excinfo.value, path, {"unsupported_type", "corrupt"})


@pytest.mark.parametrize("with_eof", [False, True])
def test_pdf_header_then_garbage_is_corrupt(tmp_path: Path, with_eof: bool) -> None:
    rng = random.Random(5)
    garbage = bytes(rng.choice(b"abcdefgh ()<>/[]0123456789\n") for _ in range(5000))
    data = b"%PDF-1.7\n" + garbage + (b"\n%%EOF\n" if with_eof else b"")
    expect_error(write(tmp_path, "roska.pdf", data), "corrupt")


def test_pdf_too_many_pages(tmp_path: Path) -> None:
    err = expect_error(write(tmp_path, "pitka.pdf", build_pdf(PAGES)), "too_many_pages", max_pdf_pages=2)
    assert err.detail == "3 > 2"


def test_pdf_without_text(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "skannattu.pdf", build_pdf([[], []])), "no_text")


def test_pdf_heading_heuristics() -> None:
    assert heading_level("3.4 Mittarit") == 2
    assert heading_level("2.1.1. Tiedon laatu") == 3
    assert heading_level("TIETOJOHTAMISEN NYKYTILA") == 1
    assert heading_level("Tietojohtamisen Kehittämissuunnitelma") == 1
    assert heading_level("Tämä on tavallinen virke.") is None
    assert heading_level("12 345 euroa vuodessa") is None
    assert heading_level("x" * 100) is None
    assert heading_level("Sivu 3 / 10") is None
    assert heading_level("1 Johdanto .......... 3") is None
    assert heading_level("Tieto- & Viestintä") == 1
    assert join_lines(["tieto-", "johtamisen"]) == "tietojohtamisen"
    assert join_lines(["tieto-", "ja viestintätekniikka"]) == "tieto- ja viestintätekniikka"
    assert join_lines(["EU-", "hanke"]) == "EU- hanke"  # uppercase before the hyphen: kept


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


@pytest.mark.parametrize("name", ["raportti.docx", "arkisto.zip"])
def test_zip_path_traversal_is_unsafe(tmp_path: Path, name: str) -> None:
    path = make_zip(
        tmp_path / name,
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "../evil.txt": b"x"},
    )
    err = expect_error(path, "unsafe_archive")
    assert "../evil.txt" in err.detail


@pytest.mark.parametrize("member", ["/etc/passwd", "word/..\\..\\evil.txt", "C:/evil.txt", "a/../../b"])
def test_check_zip_rejects_unsafe_names(tmp_path: Path, member: str) -> None:
    path = make_zip(tmp_path / "x.docx", {"word/document.xml": b"<w:document/>", member: b"x"})
    with pytest.raises(IngestError) as excinfo:
        check_zip(path)
    check_error(excinfo.value, path, "unsafe_archive")


def test_check_zip_limits(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.docx", {f"word/part{i}.xml": b"a" * 1000 for i in range(5)})
    check_zip(path)  # fine with defaults
    with pytest.raises(IngestError) as excinfo:
        check_zip(path, max_members=3)
    check_error(excinfo.value, path, "zip_bomb")
    with pytest.raises(IngestError) as excinfo:
        check_zip(path, max_total_uncompressed=2500)
    check_error(excinfo.value, path, "zip_bomb")
    with pytest.raises(IngestError) as excinfo:
        check_zip(path.read_bytes(), max_member_uncompressed=999, path=path)
    check_error(excinfo.value, path, "zip_bomb")


def test_check_zip_crc_error_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "crc.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", b"<w:document>hello</w:document>")
    data = path.read_bytes().replace(b"hello", b"jello")
    path.write_bytes(data)
    with pytest.raises(IngestError) as excinfo:
        check_zip(path)
    check_error(excinfo.value, path, "corrupt")


def test_xlsx_like_zip_is_unsupported(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "taulukko.docx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
    )
    err = expect_error(path, "unsupported_type")
    assert err.detail == "XLSX"


def test_plain_zip_is_unsupported(tmp_path: Path) -> None:
    expect_error(make_zip(tmp_path / "paketti.docx", {"readme.txt": b"hei"}), "unsupported_type")


def test_broken_zip_is_corrupt(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "rikki.docx", b"PK\x03\x04" + bytes(range(200))), "corrupt")


# --------------------------------------------------------------------------- sniffing & limits


def test_ole2_named_docx_is_encrypted(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "salattu.docx", OLE2_MAGIC + bytes(1024)), "encrypted")


def test_ole2_doc_is_legacy_office_with_the_way_forward(tmp_path: Path) -> None:
    word97 = OLE2_MAGIC + bytes(512) + "WordDocument".encode("utf-16-le") + bytes(512)
    err = expect_error(write(tmp_path, "vanha.doc", word97), "legacy_office")
    assert err.detail == "Office 97-2003 .doc" and "DOCX" in err.message("fi")
    # Even named .docx: the WordDocument stream says legacy Word, not password protection.
    assert expect_error(write(tmp_path, "vanha.docx", word97), "legacy_office")
    assert expect_error(write(tmp_path, "vanha2.doc", OLE2_MAGIC + bytes(1024)), "legacy_office")


def test_too_large_does_not_read_file(tmp_path: Path) -> None:
    path = tmp_path / "iso.txt"
    with path.open("wb") as fh:
        fh.truncate(10 * MB)  # sparse: no disk space used
    result, _, peak = measure(lambda: load(path, max_bytes=1 * MB))
    assert isinstance(result, IngestError)
    check_error(result, path, "too_large")
    assert result.detail == "10.0 MB > 1.0 MB"
    assert peak < 1 * MB


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    expect_error(write(tmp_path, "tyhja.txt", content), "empty")


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "puuttuu.pdf", "not_found")


def test_png_named_txt_is_unsupported(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
    err = expect_error(write(tmp_path, "kuva.txt", png), "unsupported_type")
    assert err.detail == "PNG"


def test_binary_with_nul_is_unsupported(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "data.md", b"abc\x00def" * 10), "unsupported_type")


@pytest.fixture
def fake_text_loader(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Replace `assistant.ingest.loaders.text` (written separately) with a recording stub."""
    calls: list[tuple[str, str]] = []

    def load_text(
        path: Path, data: bytes, fmt: Literal["txt", "md"], sha256: str, **budgets: object
    ) -> LoadedDocument:
        calls.append((path.name, fmt))
        return LoadedDocument(path=path, format=fmt, sha256=sha256, blocks=[])

    module = types.ModuleType("assistant.ingest.loaders.text")
    module.load_text = load_text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assistant.ingest.loaders.text", module)
    return calls


def test_text_files_dispatch_by_extension(tmp_path: Path, fake_text_loader: list[tuple[str, str]]) -> None:
    load(write(tmp_path, "ohje.md", "# Otsikko\n\nTekstiä.".encode()))
    load(write(tmp_path, "muistio.markdown", b"teksti"))
    load(write(tmp_path, "muistio.txt", "Hyvää päivää".encode()))
    load(write(tmp_path, "oikeasti_teksti.pdf", b"ei ole PDF vaan tekstia"))
    load(write(tmp_path, "utf16.txt", "Hei maailma".encode("utf-16")))  # BOM + NUL bytes: still text
    assert fake_text_loader == [
        ("ohje.md", "md"),
        ("muistio.markdown", "md"),
        ("muistio.txt", "txt"),
        ("oikeasti_teksti.pdf", "txt"),
        ("utf16.txt", "txt"),
    ]
