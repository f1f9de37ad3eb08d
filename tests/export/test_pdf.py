"""The DOCX converts to PDF with LibreOffice headless (skipped, with the reason, when it is missing)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from evals.export.convert import soffice, to_pdf
from tests.export.conftest import export
from tests.fixtures.plans import example_plan, full_plan
from tests.requirements import requires

needs_soffice = requires(
    lambda: soffice() is not None,
    "LibreOffice (soffice) is not installed: DOCX -> PDF conversion not tested",
)


@needs_soffice
def test_full_plan_docx_converts_to_pdf(tmp_path: Path) -> None:
    plan = full_plan()
    path = tmp_path / "plan.docx"
    path.write_bytes(export(plan, "docx").data)
    pdf = to_pdf(path, tmp_path)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 10
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Kehittämisen osa-alue: VISIO JA STRATEGIA" in flat
    assert "Tietojohtamisen vaikutus tuloksellisuuteen" in flat
    assert "LUONNOS" not in flat
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 2.54, 1), round(float(height) / 72 * 2.54, 1)) == (21.0, 29.7)


@needs_soffice
def test_draft_stamp_is_on_every_pdf_page(tmp_path: Path) -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    path = tmp_path / "draft.docx"
    path.write_bytes(export(plan, "docx", draft=True).data)
    reader = PdfReader(str(to_pdf(path, tmp_path)))
    assert len(reader.pages) >= 2
    assert all("LUONNOS" in page.extract_text() for page in reader.pages)
