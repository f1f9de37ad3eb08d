"""Content sniffing and file limits of `load_document`: OLE2 (encrypted and legacy Office), too large,
empty, missing and binary files, and text files dispatched to the text loader by extension."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Literal

import pytest

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.sniff import OLE2_MAGIC
from assistant.ingest.models import LoadedDocument
from tests.ingest.binary_files import MB, check_error, expect_error, load, measure, write

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
