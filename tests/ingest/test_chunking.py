"""Structure-aware chunking of the corpus: citations, table rows, stable ids, sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.chunking import Chunker, DocInfo, sentences, split_sentences
from assistant.ingest.loaders import load_document
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.spec import load_template

CORPUS = KNOWLEDGE_DIR / "corpus"


def _chunks(name: str, max_chars: int = 1200, kind: str = "template"):  # type: ignore[no-untyped-def]
    path = CORPUS / name
    doc = load_document(path, max_bytes=10**8, max_pdf_pages=100)
    info = DocInfo(doc_id=path.stem, title="T", kind=kind, source=str(path), file_hash=doc.sha256)  # type: ignore[arg-type]
    return Chunker(load_template(), max_chars=max_chars, overlap=200).chunk(doc, info)


def test_template_rows_carry_target_area_and_numbered_section() -> None:
    chunks = _chunks("template_tietojohtamisen_kehittamissuunnitelma_2020.txt")
    rows = [c for c in chunks if c.target]
    assert len(rows) == 24
    row = next(c for c in rows if c.target == "Tiedon käyttö päätöksenteossa")
    assert row.area == "tiedon_kaytto"
    assert row.section == (
        "3 Sote-maakunnan tietojohtamisen kehittämissuunnitelma > 3.4 Kehittämistoimenpiteet, vaiheistus ja "
        "aikataulu > Kehittämisen osa-alue: TIEDON KÄYTTÖ > Tiedon käyttö päätöksenteossa"
    )
    assert row.text.startswith("Kehittämiskohde: Tiedon käyttö päätöksenteossa\nToimenpiteet: Esim.")
    sections = {c.section for c in chunks}
    assert any(
        s.startswith("2 Ohjeistus tietojohtamisen kehittämissuunnitelman valmisteluun") for s in sections
    )
    assert any(
        s.endswith("3.2.2 Tietojohtamisen nykytilan arviointi kehittämissuunnitelman pohjaksi")
        for s in sections
    )
    hyodyt = [c for c in chunks if c.area == "hyodyt"]
    assert hyodyt and all(c.section.startswith("3 ") for c in hyodyt)


def test_ids_are_stable_unique_and_content_based() -> None:
    a = _chunks("plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020.txt")
    b = _chunks("plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020.txt")
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)
    smaller = _chunks("plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020.txt", max_chars=600)
    assert {c.id for c in smaller} != {c.id for c in a}  # ids follow the content


@pytest.mark.parametrize("max_chars", [600, 1200])
def test_chunk_sizes_are_bounded_and_nothing_is_lost(max_chars: int) -> None:
    path = CORPUS / "plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020.txt"
    chunks = _chunks(path.name, max_chars)
    assert max(len(c.text) for c in chunks) <= max_chars * 1.25
    joined = " ".join(c.text for c in chunks)
    for sentence in (
        "Elokuussa 2019 Soiten ylimmälle johdolle teetettiin suppea 40 kysymyksen versio",
        "Aliprojektin puitteissa halutaan ratkaista organisaation master-datan hallinta.",
    ):
        assert sentence in joined


def test_split_sentences_overlaps_and_respects_limit() -> None:
    text = " ".join(f"Lause numero {i} kertoo tietojohtamisesta jotakin olennaista." for i in range(40))
    pieces = split_sentences(text, 300, 80)
    assert len(pieces) > 5 and all(len(p) <= 300 for p in pieces)
    assert pieces[1].split(". ")[0] in pieces[0]  # the next piece starts with the previous one's tail
    assert split_sentences("x" * 1000, 300, 50)[0] == "x" * 300  # no sentence end: hard cut


def test_chunk_metadata_is_complete(tmp_path: Path) -> None:
    for name in (
        "news_kehittamissuunnitelmamalli_2020-06-05.txt",
        "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30.txt",
    ):
        for c in _chunks(name):
            assert c.doc_id and c.title and c.kind and c.file_hash and c.text.strip()
    roadmap = _chunks("roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30.txt")
    omavalvonta = next(c for c in roadmap if "Omavalvontasuunnitelman laatiminen" in c.text)
    assert "H. Tietohallinnon organisointi" in omavalvonta.section


def test_roadmap_tasks_are_units_of_their_own() -> None:
    chunks = _chunks("roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30.txt", kind="roadmap")
    task = next(c for c in chunks if "2. Tietohallinnon toteutus organisoitumisen" in c.text)
    # The task with its sub-tasks, not the task group headings or the previous task around it.
    assert task.text.startswith("2. Tietohallinnon toteutus")
    assert "2.7. Omavalvontasuunnitelman laatiminen" in task.text
    assert "1.1. ICT muutossuunnitelman" not in task.text and "H. Tietohallinnon" not in task.text
    assert task.section.startswith("Hallinnon, talouden ja tukipalveluiden tiekartta")
    assert task.section.endswith("> 2. Tietohallinnon toteutus organisoitumisen ja jatkuvuuden näkökulmasta")
    # The next task group's heading is not part of the last task.
    last = next(c for c in chunks if "2.7. Omavalvontasuunnitelman" in c.text)
    assert "Johtamisen ja osaamisen tiekartta" not in last.text
    # A numbered list of phases (no sub-tasks) is not cut into units.
    phases = next(c for c in chunks if "1. Vapaaehtoinen valmistelu" in c.text)
    assert "2. Toimeenpanon valmistelu, HE eduskuntaan 12/2020" in phases.text
    # The same file as any other kind keeps packing headings together.
    other = _chunks("roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30.txt", kind="guidance")
    assert not any(c.text.startswith("2. Tietohallinnon") and "2.7. Omavalvonta" in c.text for c in other)


def test_sentences_split_lines_and_sentence_ends() -> None:
    text = "Ensimmäinen lause on tässä. Toinen lause seuraa.\n- Luettelon kohta omalla rivillään\nok"
    assert sentences(text) == [
        "Ensimmäinen lause on tässä.",
        "Toinen lause seuraa.",
        "- Luettelon kohta omalla rivillään",
    ]
