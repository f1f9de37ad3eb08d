"""The review report's formats: Markdown (user text escaped, tables render as tables) and DOCX (opens,
built-in styles, tables with the coverage figures and the comments, page and table layout, control
characters), and the report's file name."""

from __future__ import annotations

import io

import pytest
from docx import Document
from markdown_it import MarkdownIt

from assistant.review.report import build_review_report, report_filename, to_docx, to_markdown
from tests.fixtures.plans import example_plan
from tests.review.report_data import HOSTILE, SPEC, T0, answer, comments, coverage, docx_tables

# --- Markdown ------------------------------------------------------------------------------------------


def test_markdown_escapes_user_text() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    text = to_markdown(report)
    assert text.startswith("# Katselmointiraportti\n")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<a " not in html  # no HTML, no links
    assert "<a " not in html and "<strong>lihava</strong>" not in html and "<code>" not in html
    # The hostile comment stays in one table cell: the pipes are escaped, not cell separators.
    row = next(line for line in text.splitlines() if "alert" in line)
    assert row.count(" | ") == 5  # six columns of the resolved-comments table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Line breaks inside a cell do not break the table.
    assert "Rivi 1 Rivi 2" in text


def test_markdown_tables_render_as_tables() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    html = MarkdownIt("commonmark").enable("table").render(to_markdown(report))
    assert html.count("<table>") == len(report.tables())
    assert "<th>Kohde</th>" in html and "<td>Koko suunnitelma</td>" in html


# --- DOCX ----------------------------------------------------------------------------------------------


def test_docx_opens_with_styles_tables_and_comments() -> None:
    plan = example_plan()
    report = build_review_report(
        plan,
        coverage(plan),
        comments(plan),
        spec=SPEC,
        language="fi",
        plan_version=3,
        answers=[answer()],
        created=T0,
    )
    data = to_docx(report)
    document = Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]  # type: ignore[union-attr]
    assert paragraphs[0] == ("Title", "Katselmointiraportti")
    assert paragraphs[1] == ("Subtitle", plan.meta.title)  # type: ignore[attr-defined]
    assert ("Heading 1", "Kattavuuden yhteenveto") in paragraphs
    assert ("Heading 1", "Katselmointikommentit") in paragraphs
    assert ("Heading 2", "Avoimet kommentit (3)") in paragraphs
    assert ("List Bullet", "Ilman vastuuhenkilöä (2): Strategia (VISIO)") in paragraphs
    assert document.core_properties.title.startswith("Katselmointiraportti")
    assert document.core_properties.language == "fi"

    tables = docx_tables(data)
    assert len(tables) == len(report.tables())
    # the plan export's table style
    assert all(t.style.name == "Plan Table" for t in document.tables)  # type: ignore[union-attr]
    figures = dict((r[0], r[1]) for r in tables[0][1:])
    assert figures["Toimenpiteitä"] == "12" and figures["Tietosuoja huomioitu"] == "Kyllä"
    comment_tables = [t for t in tables if t[0][:2] == ["Kohde", "Kommentti"]]
    assert [r[1] for r in comment_tables[0][1:]] == ["Kokonaisuus on selkeä.", "Vanha", "Rivi 1\nRivi 2"]
    assert comment_tables[1][1][1] == HOSTILE  # plain text in Word, verbatim
    assert comment_tables[1][1][4] == "Anna"
    # Header cells are styled with the Strong character style, not direct formatting.
    header_run = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.style.name == "Strong" and header_run.bold is None


def test_docx_survives_control_characters() -> None:
    plan = example_plan()
    bad = comments(plan)[:1]
    bad[0] = bad[0].model_copy(update={"text": "nolla\x00 ja \x07 kello"})
    data = to_docx(build_review_report(plan, coverage(plan), bad, spec=SPEC, language="fi", created=T0))
    assert any("nolla ja  kello" in cell for t in docx_tables(data) for row in t for cell in row)


def test_report_filename_is_ascii() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), [], spec=SPEC, language="fi", created=T0)
    name = report_filename(report, "docx")
    assert name.startswith("katselmointiraportti-tietojohtamisen-kehittamissuunnitelma-esimerkkimaan")
    assert name.endswith("-2026-03-02.docx") and name.isascii()


def test_docx_page_and_table_layout() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    document = Document(io.BytesIO(to_docx(report)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # type: ignore[union-attr]
    usable = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    for table, block in zip(document.tables, report.tables(), strict=True):
        widths = [cell.width for cell in table.rows[0].cells]
        assert abs(sum(widths) - usable) <= 635 * len(widths)  # fills the text width (cells round to twips)
        if block.widths:
            ratios = [w / widths[0] for w in widths]
            assert ratios == pytest.approx([w / block.widths[0] for w in block.widths], rel=1e-3)
        cell_styles = {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs}
        assert cell_styles == {"Table Text"}
    style = document.styles["Table Text"]
    assert style.base_style.name == "Normal" and style.font.size.pt == 9
