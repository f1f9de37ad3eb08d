"""The DOCX export: the template's layout, styles, tables, draft stamp, sources and properties."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from assistant.export import docx_writer
from assistant.template.spec import load_template
from tests.export.conftest import export, open_docx, uneven_plan
from tests.fixtures.plans import example_plan, full_plan

SPEC = load_template()


def blocks(doc: DocxDocument) -> list[Paragraph | Table]:
    """Body paragraphs and tables in document order."""
    out: list[Paragraph | Table] = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, doc))
        elif child.tag.endswith("}tbl"):
            out.append(Table(child, doc))
    return out


def headings(doc: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def tables_after(doc: DocxDocument) -> dict[str, Table]:
    """Each table keyed by the text of the nearest heading before it."""
    out: dict[str, Table] = {}
    last = ""
    for block in blocks(doc):
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading"):
            last = block.text
        elif isinstance(block, Table):
            out[last] = block
    return out


def cell_lines(table: Table, row: int, col: int) -> list[str]:
    return [p.text for p in table.rows[row].cells[col].paragraphs]


@pytest.fixture(scope="module")
def fi_doc() -> DocxDocument:
    return open_docx(export(uneven_plan(), "docx"))


def test_headings_follow_the_template_numbering(fi_doc: DocxDocument) -> None:
    found = headings(fi_doc)
    texts = [t for _, t in found]
    assert ("Heading 1", "3 Sote-maakunnan tietojohtamisen kehittämissuunnitelma") in found
    assert ("Heading 1", "3.1 Kuvaus sote-maakunnasta") in found
    assert ("Heading 2", "3.1.1 Sote-maakunta ja organisaatiot, joita suunnitelma koskee") in found
    assert ("Heading 3", "a) Sote-maakunta") in found
    # no label without a value: the plan's empty 3.2.2 c) has no heading
    assert (
        "Heading 3",
        "c) Jos tietojohtamisen arviointia ei ole tehty, milloin ja millä tavoin se on suunniteltu "
        "toteutettavan",
    ) not in found
    assert ("Heading 1", "3.4 Kehittämistoimenpiteet, vaiheistus ja aikataulu") in found
    assert ("Heading 2", "Kehittämisen osa-alue: VISIO JA STRATEGIA") in found
    assert ("Heading 2", "Kehittämisen osa-alue: HYÖDYT") in found
    assert ("Heading 2", "Seuranta ja arviointi") in found
    # sections in the template's order, 3.4 between 3.3 and 3.5
    numbers = [t.split(" ")[0] for s, t in found if s == "Heading 1" and re.match(r"3\.\d ", t)]
    assert numbers == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    # every filled text field of the template is a heading (with its letter when it has one)
    plan = uneven_plan()
    for section in SPEC.sections:
        for field in section.fields:
            if not getattr(getattr(plan, section.key), field.key).strip():
                continue
            label = field.label.fi
            assert (f"{field.letter}) {label}" if field.letter else label) in texts
    # 3.3's only group is the section itself: no second heading of the same title
    assert texts.count("3.3 Tietojohtamisen kehittämistavoitteet ja tavoiteltavat tulokset") == 1
    assert "Tietojohtamisen kehittämistavoitteet ja tavoiteltavat tulokset" not in texts


def test_answers_follow_their_field_heading_one_paragraph_per_line(fi_doc: DocxDocument) -> None:
    body = blocks(fi_doc)
    index = next(
        i
        for i, b in enumerate(body)
        if isinstance(b, Paragraph)
        and b.text == "b) Järjestämisvastuulliset organisaatiot, joita suunnitelma koskee"
    )
    answer = full_plan().kuvaus.jarjestamisvastuulliset_organisaatiot.split("\n")
    following = [b.text for b in body[index + 1 : index + 1 + len(answer)]]
    assert following == answer
    assert all(b.style.name == "Normal" for b in body[index + 1 : index + 1 + len(answer)])
    # an empty answer has neither paragraphs nor its label
    assert not any(isinstance(b, Paragraph) and b.text.startswith("c) Jos tietojohtamisen") for b in body)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_one_table_per_area_with_the_template_columns_and_one_row_per_action(language: str) -> None:
    plan = uneven_plan(language)
    doc = open_docx(export(plan, "docx", language=language))
    columns = [c.label.get(language) for c in SPEC.table.columns]
    area_tables = 0
    headings_found = [t for _, t in headings(doc)]
    for area in SPEC.areas:
        assert docx_writer_heading(area, language) in headings_found
        if not SPEC.has_action_table(area):  # HYÖDYT (3.5): the template has no table, nor has the plan
            assert not any(
                len(t.rows) > 1 and cell_lines(t, 1, 0)[0] == area.targets[0].name for t in doc.tables
            )
            continue
        table = table_of_area(doc, area)
        area_tables += 1
        assert [c.text for c in table.rows[0].cells] == columns
        expected_rows = sum(
            max(1, sum(1 for a in plan.toimenpiteet if a.kehittamiskohde == t.name)) for t in area.targets
        )
        assert len(table.rows) == 1 + expected_rows, area.name
        names = Counter(cell_lines(table, r, 0)[0] for r in range(1, len(table.rows)))
        for target in area.targets:
            actions = [a for a in plan.toimenpiteet if a.kehittamiskohde == target.name]
            assert names[target.name] == max(1, len(actions))  # every target present, even when empty
    assert area_tables == 9


def table_of_area(doc: DocxDocument, area: Any) -> Table:
    """The plan table whose first row names the area's first target."""
    return next(t for t in doc.tables if len(t.rows) > 1 and cell_lines(t, 1, 0)[0] == area.targets[0].name)


def docx_writer_heading(area: Any, language: str) -> str:
    prefix = {"fi": "Kehittämisen osa-alue", "sv": "Utvecklingsområde", "en": "Development area"}[language]
    name = area.name if language == "fi" else area.label.get(language).upper()
    return f"{prefix}: {name}"


def test_swedish_headers_and_targets() -> None:
    doc = open_docx(export(full_plan(1, language="sv"), "docx", language="sv"))
    table = tables_after(doc)["Utvecklingsområde: VISION OCH STRATEGI"]
    assert [c.text for c in table.rows[0].cells] == [
        "Utvecklingsobjekt",
        "Åtgärder",
        "Tidsplan och ansvarsperson",
        "Förutsättningar/krav för genomförandet",
    ]
    # the official (Finnish) target name first, our translation after it
    assert cell_lines(table, 1, 0) == [
        "Tietojohtamisen strategia ja tavoitteet",
        "Kunskapsledningens strategi och mål",
    ]
    assert ("Heading 1", "3.1 Beskrivning av social- och hälsovårdslandskapet") in headings(doc)
    # 3.3 has one group (the section itself): no extra heading, even where its title is worded differently
    assert "Utvecklingsmål och eftersträvade resultat" not in [t for _, t in headings(doc)]


def test_empty_target_row_has_empty_cells(fi_doc: DocxDocument) -> None:
    plan = uneven_plan()
    table = tables_after(fi_doc)["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    first_target = SPEC.areas[0].targets[0].name
    assert not [a for a in plan.toimenpiteet if a.kehittamiskohde == first_target]
    assert cell_lines(table, 1, 0) == [first_target]
    assert [table.rows[1].cells[c].text for c in (1, 2, 3)] == ["", "", ""]


def test_action_row_reads_like_the_template() -> None:
    plan = full_plan(1)
    action = plan.toimenpiteet[0]
    doc = open_docx(export(plan, "docx"))
    table = tables_after(doc)["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    row = table.rows[1]
    assert row.cells[0].text == action.kehittamiskohde
    assert row.cells[1].text == f"{action.toimenpide} [1] [2]"
    assert cell_lines(table, 1, 2) == [
        f"2020–2021: {action.lyhyt_aikavali}",
        f"2022–2025: {action.pitka_aikavali}",
        f"Vastuuhenkilö: {action.vastuuhenkilo}",
    ]
    labels = [r.style.name for p in row.cells[2].paragraphs for r in p.runs if r.text.endswith(":")]
    assert labels == [docx_writer.SCHEDULE_LABEL] * 3
    refs = [r for r in row.cells[1].paragraphs[-1].runs if "[1]" in r.text]
    assert refs and refs[0].style.name == docx_writer.SOURCE_REFERENCE
    assert row.cells[3].text == action.edellytykset


def test_schedule_cell_uses_the_plans_own_periods() -> None:
    data = full_plan(1).model_dump(mode="json")
    data["meta"]["periods"] = {"short": {"start": 2024, "end": 2025}, "long": {"start": 2026, "end": 2030}}
    for action in data["toimenpiteet"]:
        action["lyhyt_aikavali"], action["pitka_aikavali"] = "Käynnistys 2024", "Jatko 2027"
    doc = open_docx(export(data, "docx"))
    table = tables_after(doc)["Kehittämisen osa-alue: MITTARIT"]
    assert cell_lines(table, 1, 2)[:2] == ["2024–2025: Käynnistys 2024", "2026–2030: Jatko 2027"]


def test_multiline_texts_become_paragraphs_inside_cells() -> None:
    plan = full_plan(1)
    plan.toimenpiteet[0].toimenpide = "Ensimmäinen rivi\nToinen rivi"
    plan.toimenpiteet[0].edellytykset = "Resurssi A\nResurssi B"
    doc = open_docx(export(plan, "docx"))
    table = tables_after(doc)["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    assert cell_lines(table, 1, 1) == ["Ensimmäinen rivi", "Toinen rivi [1] [2]"]
    assert cell_lines(table, 1, 3) == ["Resurssi A", "Resurssi B"]


def test_sources_appendix_numbers_each_source_once() -> None:
    plan = full_plan(2)
    doc = open_docx(export(plan, "docx"))
    cited = {(s.chunk_id, s.doc_id, s.title, s.section, s.page) for a in plan.toimenpiteet for s in a.lahteet}
    table = tables_after(doc)["Lähteet"]
    # the reader sees titles, sections and pages; no internal identifier is visible
    assert [c.text for c in table.rows[0].cells] == ["Nro", "Asiakirja", "Kohta", "Sivu"]
    assert len(table.rows) - 1 == len(cited)
    numbers = [row.cells[0].text for row in table.rows[1:]]
    assert numbers == [f"[{n}]" for n in range(1, len(cited) + 1)]
    listed = set()
    for row in table.rows[1:]:
        title, hidden = row.cells[1].paragraphs
        assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:vanish")) is not None for r in hidden.runs)
        doc_id, chunk_id = hidden.text.removeprefix("id:").split("#")
        page = int(row.cells[3].text) if row.cells[3].text else None
        listed.add((chunk_id, doc_id, title.text, row.cells[2].text, page))
    assert listed == cited
    # every [n] used in the action cells is listed
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    used = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert used == set(range(1, len(cited) + 1))


def test_plan_without_sources_says_so() -> None:
    plan = full_plan(1)
    for action in plan.toimenpiteet:
        action.lahteet = []
    doc = open_docx(export(plan, "docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "Lähteet" in texts and "Toimenpiteissä ei ole lähdeviitteitä." in texts
    assert "[1]" not in "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_title_page_has_region_date_and_periods() -> None:
    doc = open_docx(export(full_plan(1), "docx"))
    paras = doc.paragraphs
    assert paras[0].style.name == "Title" and paras[0].text == full_plan(1).meta.title
    assert paras[1].style.name == "Subtitle" and paras[1].text == "Järvilaakson hyvinvointialue"
    texts = [p.text for p in paras[:8]]
    assert "Päivämäärä: 16.11.2020" in texts
    assert "Lyhyt aikaväli 2020–2021 · Pitkä aikaväli 2022–2025" in texts
    assert not any("LUONNOS" in t for t in texts)


def _header_texts(doc: DocxDocument) -> list[str]:
    return ["\n".join(p.text for p in section.header.paragraphs) for section in doc.sections]


def test_draft_is_stamped_on_every_page_header_and_title_page() -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    for language, stamp in (("fi", "LUONNOS"), ("sv", "UTKAST"), ("en", "DRAFT")):
        doc = open_docx(export(plan, "docx", draft=True, language=language))
        headers = _header_texts(doc)
        assert headers and all(stamp in h for h in headers), (language, headers)
        for section in doc.sections:
            assert not section.different_first_page_header_footer  # the same header on the title page
        assert doc.paragraphs[0].text == stamp and doc.paragraphs[0].style.name == docx_writer.DRAFT_STAMP
        assert doc.core_properties.content_status == stamp


def test_draft_appendix_lists_every_finding() -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    plan.kuvaus.sote_maakunta = ""
    result = export(plan, "docx", draft=True)
    doc = open_docx(result)
    table = tables_after(doc)["Liite: tarkistuksen havainnot"]
    assert [c.text for c in table.rows[0].cells] == ["Vakavuus", "Kohta", "Havainto"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(result.report.findings)
    places = [r[1] for r in rows if r[0] == "Virhe"]
    assert any(p.startswith("3.4 › Visio ja strategia › ") and "toimenpide" in p for p in places), places
    assert "3.1.1 a) Sote-maakunta" in places
    assert not any("/" in p.split(" › ")[0] for p in places)  # a place in words, never a JSON path
    assert {r[2] for r in rows} == {f.message for f in result.report.findings}
    assert rows[0][0] == "Virhe"  # errors first


def test_valid_export_has_no_stamp_and_no_findings_appendix(plan: Any) -> None:
    doc = open_docx(export(plan, "docx"))
    assert not any("LUONNOS" in h for h in _header_texts(doc))
    texts = [p.text for p in doc.paragraphs]
    assert "LUONNOS" not in texts and "Liite: tarkistuksen havainnot" not in texts
    assert not doc.core_properties.content_status


def test_draft_keeps_actions_of_unknown_targets() -> None:
    plan = example_plan()
    plan.toimenpiteet[1].kehittamiskohde = "Oma kehittämiskohde"
    doc = open_docx(export(plan, "docx", draft=True))
    table = tables_after(doc)["Toimenpiteet, joiden kehittämiskohdetta ei ole mallipohjassa"]
    assert cell_lines(table, 1, 0) == ["Oma kehittämiskohde"]
    assert table.rows[1].cells[1].text == plan.toimenpiteet[1].toimenpide


def test_header_rows_repeat_and_rows_do_not_split(fi_doc: DocxDocument) -> None:
    for table in fi_doc.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(docx_writer.qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(docx_writer.qn("w:cantSplit")) is not None for r in table.rows)
        assert table.style.name == docx_writer.TABLE_STYLE


def test_styles_not_direct_formatting(fi_doc: DocxDocument) -> None:
    names = {s.name for s in fi_doc.styles}
    for name in (
        docx_writer.TABLE_STYLE,
        docx_writer.TABLE_TEXT,
        docx_writer.TABLE_HEADING,
        docx_writer.SCHEDULE_LABEL,
        docx_writer.SOURCE_REFERENCE,
        docx_writer.TARGET_NAME,
    ):
        assert name in names
    runs = [r for p in fi_doc.paragraphs for r in p.runs]
    runs += [
        r for t in fi_doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    # no run carries its own bold/italic/size/colour: formatting comes from the styles
    assert all(r.bold is None and r.italic is None and r.font.size is None for r in runs)
    assert all(r.font.color.rgb is None for r in runs)


def test_page_setup_and_core_properties() -> None:
    plan = full_plan(1)
    doc = open_docx(export(plan, "docx"))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert abs(section.left_margin - Cm(2.0)) < Cm(0.01)
    props = doc.core_properties
    assert props.title == plan.meta.title
    assert props.author == "Järvilaakson hyvinvointialue"
    assert props.language == "fi-FI"
    assert props.created.replace(tzinfo=None) == plan.meta.created_at
    assert props.version == plan.schema_version
    assert props.comments == "short=2020-2021; long=2022-2025"
    total = sum(c.width for c in doc.tables[0].columns)
    assert abs(total - (section.page_width - section.left_margin - section.right_margin)) < Cm(0.05)


def test_assessment_results_follow_3_2_2(fi_doc: DocxDocument) -> None:
    table = tables_after(fi_doc)["Arvioinnin tulokset osa-alueittain"]
    plan = uneven_plan()
    assert [c.text for c in table.rows[0].cells] == [
        "Osa-alue",
        "Kypsyystaso (nykytila)",
        "Tyytyväisyys nykytilaan",
        "Huomio",
    ]
    assert len(table.rows) == 1 + len(plan.arviointitulokset.alueet)
    assert [c.text for c in table.rows[2].cells][:3] == ["Hallintorakenne ja organisointi", "2,15", "3,3"]
    texts = [p.text for p in fi_doc.paragraphs]
    assert "Asteikko 1–5 · Kypsyysprofiili: experimenter" in texts


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    plan = full_plan(1)
    plan.toimenpiteet[0].toimenpide = "Alku\x00\x07 loppu\ufffe"
    plan.kuvaus.sote_maakunta = "Alue\x0b"
    doc = open_docx(export(plan, "docx"))
    table = tables_after(doc)["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    assert cell_lines(table, 1, 1)[0].startswith("Alku loppu")
    assert "Alue" in [p.text for p in doc.paragraphs]


def test_benefits_have_no_action_table_unless_an_action_was_given(fi_doc: DocxDocument) -> None:
    """HYÖDYT (3.5) has no action table in the template: the DOCX shows its target line and its text, no
    empty table; an action a draft filed under its target (invalid: draft export) is printed, not dropped."""
    heading = "Kehittämisen osa-alue: HYÖDYT"
    assert heading not in tables_after(fi_doc)
    with pytest.raises(StopIteration):
        table_of_area(fi_doc, SPEC.area("hyodyt"))
    plan = uneven_plan()
    target = SPEC.area("hyodyt").targets[0].name
    extra = plan.toimenpiteet[0].model_copy(update={"kehittamiskohde": target, "toimenpide": "Hyötymittarit"})
    plan.toimenpiteet.append(extra)
    table = table_of_area(open_docx(export(plan, "docx", draft=True)), SPEC.area("hyodyt"))
    assert any("Hyötymittarit" in cell.text for row in table.rows for cell in row.cells)
