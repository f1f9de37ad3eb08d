"""The DOCX rendered by LibreOffice headless and pdftoppm, as a county would print it: the header block
on every page, the table of contents, no word broken inside a table cell, no schedule label without a
value, sources without internal identifiers. The page images are kept in test-artifacts/docx/ for a
person to look at (git-ignored)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.drafting.periods import set_periods
from assistant.export.docx_hyphenate import syllable_points
from evals.export.convert import soffice, to_pdf
from tests.export.conftest import export
from tests.fixtures.plans import full_plan

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "docx"
MISSING = soffice() is None or shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None
REASON = "LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext) are needed to render the DOCX"
# On CI a missing renderer is a failure, not a skip (.ci/run installs them).
needs_renderer = pytest.mark.skipif(MISSING and os.environ.get("CI") != "true", reason=REASON)


def _pages(pdf: Path) -> list[str]:
    count = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout,
        ).group(1)
    )  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def rendered() -> tuple[object, list[str]]:
    if MISSING:
        pytest.fail(REASON)
    plan = full_plan()
    set_periods(plan, (2026, 2027), (2028, 2030))
    for action in plan.toimenpiteet:
        action.lyhyt_aikavali = "työpajat 4/2026, versio valmis 11/2027"
        action.pitka_aikavali = "kytketään talousarvioon 2029"
    plan.toimenpiteet[0].pitka_aikavali = ""  # one action with the short term only
    # The longest target name beside prose with long compounds: no column may break a word.
    long_words = plan.toimenpiteet[0].model_copy(
        update={
            "id": "pitkat-sanat",
            "kehittamiskohde": "Kokonaisarkkitehtuuri",
            "toimenpide": "Varmistamme asiakastietojärjestelmien yhteentoimivuuden",
            "edellytykset": "Järjestelmätoimittajien rajapinnat ja integraatioalusta",
            "lahteet": [],
        }
    )
    plan.toimenpiteet.append(long_words)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    docx = ARTIFACTS / "plan.docx"
    docx.write_bytes(export(plan, "docx", version=7).data)
    pdf = to_pdf(docx, ARTIFACTS)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "page")], check=True, timeout=240
    )
    return plan, _pages(pdf)


@needs_renderer
def test_every_page_has_the_header_block(rendered: tuple[object, list[str]]) -> None:
    plan, pages = rendered
    total = len(pages)
    assert total >= 10
    for n, text in enumerate(pages, 1):
        assert f"sivu {n} ({total})" in text, n
        assert "versio 7" in text and plan.meta.region in text  # type: ignore[attr-defined]
    assert sorted(p.name for p in ARTIFACTS.glob("page-*.png"))  # the images are kept to be looked at


@needs_renderer
def test_contents_page_lists_the_chapters(rendered: tuple[object, list[str]]) -> None:
    _, pages = rendered
    contents = pages[1]
    assert "Sisällys" in contents
    for entry in ("3.1 Kuvaus sote-maakunnasta", "3.4 Kehittämistoimenpiteet", "Lähteet"):
        assert entry in " ".join(contents.split())


@needs_renderer
def test_contents_page_numbers_are_the_pages_of_the_headings(rendered: tuple[object, list[str]]) -> None:
    """Every entry ends in the page number LibreOffice laid its heading out on (a PAGEREF to a bookmark
    on the heading), and that page has the heading."""
    _, pages = rendered
    entries = re.findall(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", pages[1], flags=re.MULTILINE)
    assert len(entries) >= 20, pages[1]
    numbers = [int(n) for _, n in entries]
    assert numbers == sorted(numbers) and numbers[0] == 3 and numbers[-1] == len(pages)
    for text, number in entries:
        page = " ".join(pages[int(number) - 1].split())
        assert " ".join(text.split())[:40] in page, (text, number)


@needs_renderer
def test_no_word_is_broken_inside_a_table_cell(rendered: tuple[object, list[str]]) -> None:
    plan, pages = rendered
    text = "\n".join(pages)
    words = {
        w.strip(".,;:()[]")
        for a in plan.toimenpiteet  # type: ignore[attr-defined]
        for w in re.split(r"[\s/]+", f"{a.kehittamiskohde} {a.toimenpide} {a.edellytykset}")
        if len(w) >= 8 and "-" not in w
    }
    target_names = {a.kehittamiskohde for a in plan.toimenpiteet}  # type: ignore[attr-defined]

    def hyphenated(word: str) -> bool:
        """Broken with a hyphen at a Finnish syllable boundary (a soft hyphen put there by the export)."""
        return any(f"{word[:p]}-" in text and word[p:] in text for p in syllable_points(word)) and not any(
            word in name for name in target_names
        )

    broken = sorted(w for w in words if w not in text and not hyphenated(w))
    assert not broken, broken[:10]
    # the target names (bold, first column) are never broken at all
    assert all(
        " ".join(name.split()) in " ".join(text.split()) or len(name.split()) > 1 for name in target_names
    )
    assert "Kokonaisarkkitehtuuri" in text


@needs_renderer
def test_no_label_without_a_value_and_no_internal_ids(rendered: tuple[object, list[str]]) -> None:
    plan, pages = rendered
    text = "\n".join(pages)
    assert not re.search(r"2028–2030:\s*\n\s*Vastuuhenkilö", text)
    first = plan.toimenpiteet[0]  # type: ignore[attr-defined]
    assert first.id not in text
    assert not any(s.chunk_id in text for a in plan.toimenpiteet for s in a.lahteet if s.chunk_id)  # type: ignore[attr-defined]
    assert "Tunniste" not in text
