"""The PDF loader: blocks with headings and pages, the title, encrypted, truncated, garbage, too long and
text-less PDFs, and the heading heuristics. Every input file is generated inside the test."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders.pdf import heading_level, join_lines
from tests.fixtures.pdf import build_pdf
from tests.ingest.binary_files import PAGES, check_error, encrypt_pdf, expect_error, load, write

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
