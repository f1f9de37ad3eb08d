"""TXT/Markdown loading: Word-table recognition, headings, de-hyphenation, encodings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.loaders.text import load_text
from assistant.ingest.textnorm import Dehyphenator, strip_markup, vocabulary
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.spec import load_template

TEMPLATE_TXT = KNOWLEDGE_DIR / "corpus" / "template_tietojohtamisen_kehittamissuunnitelma_2020.txt"
MB = 1024 * 1024


def _load(path: Path):  # type: ignore[no-untyped-def]
    return load_document(path, max_bytes=50 * MB, max_pdf_pages=100)


def test_template_tables_become_rows_with_exact_target_names() -> None:
    doc = _load(TEMPLATE_TXT)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    spec = load_template()
    names_3_4 = [t.name for a in spec.areas if a.section == "3.4" for t in a.targets]
    assert [r.cells[0] for r in rows] == names_3_4  # 24 rows, in order, de-hyphenated
    assert "Tiedon käyttö päätöksenteossa" in [r.cells[0] for r in rows]
    header = rows[0].table_header
    assert header == [c.label.fi for c in spec.table.columns]
    first = rows[0]
    assert first.cells[1].startswith("Esim. laadimme ja jalkautamme tietojohtamisen strategian")
    # The example cell spans a blank line inside the cell: both examples are in the same row.
    assert "Laadimme yhteisen vision" in first.cells[1]
    assert first.cells[2].startswith("2020-2021:") and "Vastuuhenkilö" in first.cells[2]


def test_template_headings_and_no_conversion_markers() -> None:
    doc = _load(TEMPLATE_TXT)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Kehittämisen osa-alue: VISIO JA STRATEGIA" in headings
    assert "Tietojohtamisen nykytilan arviointi kehittämissuunnitelman pohjaksi" in headings  # "0. " removed
    text = "\n".join(b.text for b in doc.blocks)
    assert "[bookmark" not in text and "Tieto-\n" not in text
    assert "tieto-johtamisen järjestelmien" not in text  # inline break inside a table cell joined
    assert "sote-maakunnan" in text  # real compounds keep their hyphen


def test_dehyphenator_uses_document_vocabulary() -> None:
    vocab = vocabulary("tietojohtamisen tietojohtamisen sote-maakunta sote-maakunnan päätöksenteossa")
    d = Dehyphenator(vocab)
    assert d.join_lines(["Tieto-", "johtamisen strategia"]) == "Tietojohtamisen strategia"
    assert d.join_lines(["sote-", "maakunta"]) == "sote-maakunta"
    assert d.join_lines(["tunnis-", "taminen"]) == "tunnistaminen"  # unknown either way: a line break
    assert d.fix_inline("Tiedon käyttö päätöksen-teossa") == "Tiedon käyttö päätöksenteossa"
    assert d.fix_inline("ICT-valmistelu ja sote-maakunta") == "ICT-valmistelu ja sote-maakunta"
    assert Dehyphenator(Counter()).fix_inline("asiakas-ohjaus") == "asiakas-ohjaus"  # no evidence: keep


def test_strip_markup() -> None:
    assert strip_markup("[bookmark: _Toc1]Otsikko") == "Otsikko"
    assert strip_markup("**Tärkeä** [linkki](javascript:alert(1)) ![kuva](x.png)") == "Tärkeä linkki kuva"


def test_markdown_headings_tables_and_lists(tmp_path: Path) -> None:
    md = tmp_path / "ohje.md"
    md.write_text(
        "# Ohje\n\nJohdanto, jossa on tarpeeksi tekstiä kappaleeksi.\n\n## Mittarit\n\n"
        "| Mittari | Vastuu |\n| --- | --- |\n| Jonotusaika | Palvelujohtaja |\n\n- ensimmäinen kohta\n",
        encoding="utf-8",
    )
    doc = _load(md)
    kinds = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert ("heading", 1, "Ohje") in kinds and ("heading", 2, "Mittarit") in kinds
    row = next(b for b in doc.blocks if b.kind == "table_row")
    assert (
        row.cells == ["Jonotusaika", "Palvelujohtaja"]
        and row.text == "Mittari: Jonotusaika\nVastuu: Palvelujohtaja"
    )
    assert ("list_item", 0, "ensimmäinen kohta") in kinds
    assert doc.format == "md" and doc.title == "Ohje"


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("Tietosuoja ja henkilötiedot.".encode(), True),
        (b"\xef\xbb\xbf" + "Tietosuoja ja henkilötiedot.".encode(), True),
        ("Tietosuoja ja henkilötiedot.".encode("utf-16"), True),
        ("Tietosuoja ja henkilötiedot.".encode("latin-1"), True),  # legacy 8-bit: detected and read
        ("Tietosuoja ja henkilötiedot.".encode("cp1252"), True),
        ("Tietosuoja ja henkilötiedot. ".encode() + b"\xff\xfe rikki", False),  # broken UTF-8
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, ok: bool) -> None:
    path = tmp_path / "teksti.txt"
    path.write_bytes(data)
    if ok:
        assert "Tietosuoja ja henkilötiedot." in _load(path).blocks[0].text
    else:
        with pytest.raises(IngestError) as err:
            _load(path)
        assert err.value.code == "encoding"
        assert "teksti.txt" in err.value.message("fi") and "UTF-8" in err.value.message("fi")


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        load_text(tmp_path / "x.txt", b"  \n\t\n", "txt", "0")
    assert err.value.code == "empty"
