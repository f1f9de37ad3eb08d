"""The review report end to end: from the real analysis of a plan with known gaps and comments stored in a
PlanStore, and its DOCX opened by LibreOffice."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from assistant.review import analyse
from assistant.review.report import build_review_report, to_docx
from evals.export.convert import soffice, to_pdf
from tests.requirements import requires
from tests.review.report_data import HOSTILE, SPEC, stored_comments
from tests.ui.review_fixtures import EMPTY_AREA, gap_plan

EMPTY_AREA_NAME = SPEC.area(EMPTY_AREA).name


# --- end to end: the real analysis, stored comments, LibreOffice ------------------------------------------


def test_report_from_the_real_analysis_and_stored_comments(tmp_path: Path) -> None:
    plan, gaps = gap_plan()
    _, stored = stored_comments(tmp_path, plan)
    report = build_review_report(
        plan, analyse(plan, spec=SPEC, language="fi"), stored, spec=SPEC, language="fi", plan_version=1
    )
    figures = dict(tuple(row) for row in report.tables()[0].rows)  # type: ignore[arg-type, var-annotated]
    assert figures["Toimenpiteitä"] == str(len(plan.toimenpiteet))
    assert figures["Kehittämiskohteita ilman toimenpiteitä"] == f"{len(gaps.empty_targets)} / 25"
    assert figures["Toimenpiteitä ilman vastuuhenkilöä"] == str(len(gaps.no_responsible))
    assert figures["Toimenpiteitä ilman edellytyksiä"] == str(len(gaps.no_prerequisites))
    assert figures["Tiekartan tehtäviä, joita vastaa toimenpide"] == "ei käytettävissä"  # no retriever
    targets = next(
        b for b in report.blocks if b.kind == "bullets" and any(EMPTY_AREA_NAME in i for i in b.items)
    )
    assert [i.split(": ", 1)[1] for i in targets.items] == gaps.empty_targets
    incomplete = next(t for t in report.tables() if t.columns == ["Toimenpide", "Kehittämiskohde", "Puuttuu"])
    by_id = {a.id: a for a in plan.toimenpiteet}
    assert [r[0] for r in incomplete.rows] == [
        by_id[i].toimenpide for i in sorted(gaps.incomplete, key=[a.id for a in plan.toimenpiteet].index)
    ]
    open_table, resolved_table = [t for t in report.tables() if t.columns[:2] == ["Kohde", "Kommentti"]]
    assert [r[1] for r in open_table.rows] == [HOSTILE]
    assert open_table.rows[0][0].startswith(f"Toimenpide: {plan.toimenpiteet[0].kehittamiskohde} – ")
    assert [(r[1], r[4]) for r in resolved_table.rows] == [("Yleisesti hyvä.", "Anna")]


@requires(lambda: soffice() is not None, "LibreOffice (soffice) is not installed: DOCX -> PDF not tested")
def test_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    plan, _ = gap_plan()
    _, stored = stored_comments(tmp_path, plan)
    report = build_review_report(
        plan, analyse(plan, spec=SPEC, language="sv"), stored, spec=SPEC, language="sv"
    )
    path = tmp_path / "granskning.docx"
    path.write_bytes(to_docx(report))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(str(to_pdf(path, tmp_path))).pages).split()
    )
    assert "Granskningsrapport" in text
    assert "Sammanfattning av täckningen" in text
    assert "Yleisesti hyvä." in text
    assert "<script>alert(1)</script>" in "".join(text.split())  # verbatim (a table cell may wrap it)
