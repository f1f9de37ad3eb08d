"""ZIP safety checks (`check_zip` and the loaders): unsafe member names, member-count and size limits, CRC
errors, and packages that are not DOCX (XLSX, plain ZIP, broken ZIP)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.zipsafe import check_zip
from tests.fixtures.zips import make_zip
from tests.ingest.binary_files import check_error, expect_error, write


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
