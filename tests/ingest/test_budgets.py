"""The document budgets (Settings: max_document_chars, max_pdf_pages, max_inflated_mb), each just under and
just over its limit, checked before the work it bounds; paths that are not files named as such; stray NUL
bytes removed; hostile names shown safely."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.loaders.docx import count_text
from assistant.ingest.pipeline import doc_id_for
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from tests.fixtures.pdf import build_pdf
from tests.hostile.conftest import HashEmbeddings

MB = 1024 * 1024


def load(path: Path, **budgets: int) -> object:
    return load_document(path, max_bytes=50 * MB, max_pdf_pages=budgets.pop("pages", 100), **budgets)


def refused(path: Path, code: str, **budgets: int) -> IngestError:
    with pytest.raises(IngestError) as err:
        load(path, **budgets)
    assert err.value.code == code, err.value.message("en")
    return err.value


def test_text_chars_just_under_and_over(tmp_path: Path) -> None:
    path = tmp_path / "teksti.txt"
    path.write_text("Tietojohtaminen " * 100, encoding="utf-8")  # 1600 characters
    assert load(path, max_chars=1600)
    err = refused(path, "too_much_text", max_chars=1599)
    message = err.message("fi")
    assert "1 600 > 1 599 merkkiä" in message and "teksti.txt" in message and "Jaa" in message


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_chars_counted_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "muistio.docx"
    path.write_bytes(_docx("x" * 5000))
    assert count_text(path, path.read_bytes(), 5000) == 5000
    assert load(path, max_chars=5000)
    assert refused(path, "too_much_text", max_chars=4999).detail == "> 4\u00a0999"


def test_pdf_chars_stop_extraction_at_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "sivut.pdf"
    path.write_bytes(build_pdf([["Tietojohtamisen kehittaminen"]] * 3))
    total = sum(len(b.text) for b in load(path).blocks)  # type: ignore[attr-defined]
    assert load(path, max_chars=total + 3)
    err = refused(path, "too_much_text", max_chars=total // 2)
    assert "(2/3)" in err.detail  # stopped on the second page of three


def test_pdf_pages_just_under_and_over(tmp_path: Path) -> None:
    path = tmp_path / "sivut.pdf"
    path.write_bytes(build_pdf([[f"Sivu {n}"] for n in range(5)]))
    assert load(path, pages=5)
    err = refused(path, "too_many_pages", pages=4)
    assert err.detail == "5 > 4" and "Jaa se pienempiin" in err.message("fi")


def test_inflated_size_just_under_and_over(tmp_path: Path) -> None:
    path = tmp_path / "kuvat.docx"
    data = _docx("Liitteenä kuva.")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        out.writestr("word/media/kuva.bin", os.urandom(2 * MB))  # incompressible, like an image
    path.write_bytes(buffer.getvalue())
    inflated = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert load(path, max_inflated_bytes=inflated)
    assert refused(path, "zip_bomb", max_inflated_bytes=inflated - 1)


def test_paths_that_are_not_files_are_named(tmp_path: Path) -> None:
    loop = tmp_path / "silmukka.txt"
    loop.symlink_to(loop.name)
    zero = tmp_path / "nolla.txt"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "kansio"
    folder.mkdir()
    fifo = tmp_path / "putki.txt"
    os.mkfifo(fifo)
    assert "kehässä" in refused(loop, "symlink_loop").message("fi")
    assert refused(zero, "special_file").detail == "character device: /dev/zero"
    assert "kansio" in refused(folder, "directory").message("fi")
    assert refused(fifo, "special_file").detail == "FIFO"  # never opened: reading would block


def test_ingest_names_special_paths_without_a_traceback(small_settings: Settings, tmp_path: Path) -> None:
    kb = build_knowledge_base(small_settings, embeddings=HashEmbeddings())
    loop = tmp_path / "silmukka.txt"
    loop.symlink_to(loop.name)
    zero = tmp_path / "nolla.txt"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "kansio.md"
    folder.mkdir()
    report = kb.indexer.sync([loop, zero, folder])
    assert {e.path.name: e.code for e in report.errors} == {
        "silmukka.txt": "symlink_loop",
        "nolla.txt": "special_file",
        "kansio.md": "directory",
    }


def test_stray_nul_bytes_are_removed_but_binary_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "nul.txt"
    text.write_bytes(b"Tietojohtaminen\x00 ja mittarit " * 200 + b"\x00\n")
    doc = load(text)
    assert "\x00" not in doc.blocks[0].text and "Tietojohtaminen ja mittarit" in doc.blocks[0].text  # type: ignore[attr-defined]
    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    assert refused(binary, "unsupported_type").detail == "binary"


def test_hostile_names_are_titled_safely_and_get_readable_ids(
    small_settings: Settings, tmp_path: Path
) -> None:
    kb = build_knowledge_base(small_settings, embeddings=HashEmbeddings())
    names = ["ohje\x1b[2J\x1b[31mpunainen.txt", "lasku\u202etxt.exe.md", "ä" * 125 + "a.md"]
    paths = []
    for n, name in enumerate(names):
        path = tmp_path / name
        path.write_text(f"Muistio {n}: tietojohtamisen mittarit ja raportointi.\n", encoding="utf-8")
        paths.append(path)
    report = kb.indexer.sync(paths)
    assert not report.errors
    docs = {d.doc_id: d for d in kb.indexer.documents() if d.kind == "upload"}
    assert len(docs) == 3
    for d in docs.values():
        assert "\x1b" not in d.title and "\u202e" not in d.title and len(d.title) <= 80
        assert Path(d.source).name in names  # the original name is kept for the operator
    long_id = doc_id_for(paths[2])
    assert long_id.startswith("aaaaaaaaaa") and len(long_id) <= 69
