"""Helpers of the PDF/DOCX loader, content sniffing and ZIP safety tests: load a file with the default
budgets, expect an IngestError with its Finnish catalog message, build PDFs and zip bombs in `tmp_path`
(nothing is downloaded), and measure the time and peak memory of a load."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter

from assistant.i18n import load_catalog
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.models import LoadedDocument

MB = 1024 * 1024
MAX_BYTES = 50 * MB
MAX_PAGES = 100


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
