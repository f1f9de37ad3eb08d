"""The Markdown export: the DOCX's structure as GFM, every plan text escaped."""

from __future__ import annotations

import re

from assistant.export.markdown_writer import cell, escape_line
from assistant.template.spec import load_template
from tests.export.conftest import export, uneven_plan
from tests.fixtures.plans import example_plan, full_plan

SPEC = load_template()


def _tables(text: str) -> dict[str, list[list[str]]]:
    """Pipe tables keyed by the heading before them: rows of cells (header and delimiter dropped)."""
    out: dict[str, list[list[str]]] = {}
    heading, rows = "", None
    for line in [*text.splitlines(), ""]:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("| "):
            rows = [] if rows is None else rows
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
        elif rows is not None:
            out[heading] = rows[2:]
            rows = None
    return out


def test_structure_matches_the_template() -> None:
    text = export(uneven_plan(), "md").data.decode()
    headings = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert headings[0].startswith("# Järvilaakson hyvinvointialueen")
    for expected in (
        "## 3 Sote-maakunnan tietojohtamisen kehittämissuunnitelma",
        "### 3.1 Kuvaus sote-maakunnasta",
        "#### 3.1.1 Sote-maakunta ja organisaatiot, joita suunnitelma koskee",
        "##### a) Sote-maakunta",
        "### 3.4 Kehittämistoimenpiteet, vaiheistus ja aikataulu",
        "#### Kehittämisen osa-alue: VISIO JA STRATEGIA",
        "### 3.5 Tavoitteiden ja toimenpiteiden arviointi",
        "#### Kehittämisen osa-alue: HYÖDYT",
        "## Lähteet",
    ):
        assert expected in headings, expected
    sections = [h.split()[1] for h in headings if re.match(r"### 3\.\d ", h)]
    assert sections == ["3.1", "3.2", "3.3", "3.4", "3.5"]


def test_tables_have_the_template_columns_and_a_row_per_action() -> None:
    plan = uneven_plan()
    tables = _tables(export(plan, "md").data.decode())
    text = export(plan, "md").data.decode()
    header = "| " + " | ".join(c.label.fi for c in SPEC.table.columns) + " |"
    assert text.count(header) == 9  # the nine areas of 3.4; HYÖDYT (3.5) has no table in the template
    for area in SPEC.areas:
        if area.section != "3.4":
            continue
        rows = tables[f"Kehittämisen osa-alue: {area.name}"]
        expected = sum(
            max(1, sum(a.kehittamiskohde == t.name for a in plan.toimenpiteet)) for t in area.targets
        )
        assert len(rows) == expected, area.name
        assert all(len(r) == 4 for r in rows)


def test_schedule_cell_and_sources() -> None:
    plan = full_plan(1)
    action = plan.toimenpiteet[0]
    rows = _tables(export(plan, "md").data.decode())["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    assert rows[0][0] == f"**{action.kehittamiskohde}**"
    assert rows[0][1].endswith("\\[1\\] \\[2\\]")
    assert rows[0][2] == (
        f"**2020–2021:** {action.lyhyt_aikavali}<br>**2022–2025:** {action.pitka_aikavali}"
        f"<br>**Vastuuhenkilö:** {action.vastuuhenkilo}"
    )
    text = export(plan, "md").data.decode()
    sources = text.split("## Lähteet", 1)[1]
    assert re.search(r"^1\. Sote-maakunnan tietojohtamisen kehittämissuunnitelma, ", sources, re.M)
    assert all(s.chunk_id not in sources for a in plan.toimenpiteet for s in a.lahteet)  # no internal ids
    action.pitka_aikavali = ""
    rows = _tables(export(plan, "md").data.decode())["Kehittämisen osa-alue: VISIO JA STRATEGIA"]
    assert "2022–2025" not in rows[0][2]  # no label without a value


def test_user_text_is_escaped() -> None:
    plan = full_plan(1)
    plan.kuvaus.sote_maakunta = (
        "# Otsikko\n<script>alert(1)</script> [linkki](http://x) *em* `code`\n1. lista"
    )
    plan.toimenpiteet[0].toimenpide = "A | B\nC"
    plan.toimenpiteet[0].edellytykset = "- ei lista"
    text = export(plan, "md").data.decode()
    assert "\\# Otsikko\\" in text
    assert "\\<script\\>alert(1)\\</script\\> \\[linkki\\](http://x) \\*em\\* \\`code\\`" in text
    assert "\n1\\. lista" in text
    assert "<script>" not in text
    row = _tables(text)["Kehittämisen osa-alue: VISIO JA STRATEGIA"][0]
    assert row[1].startswith("A \\| B<br>C")
    assert row[3] == "\\- ei lista"


def test_escape_helpers() -> None:
    assert escape_line("+ plus") == "\\+ plus"
    assert escape_line("2020. vuosi") == "2020\\. vuosi"
    assert escape_line("a_b & c") == "a\\_b \\& c"
    assert cell("x|y\r\nz") == "x\\|y<br>z"
    assert cell("") == ""


def test_draft_banner_and_findings_appendix() -> None:
    plan = example_plan()
    plan.toimenpiteet[0].vastuuhenkilo = ""
    result = export(plan, "md", draft=True)
    text = result.data.decode()
    assert text.startswith("> **LUONNOS** – ")
    rows = _tables(text)["Liite: tarkistuksen havainnot"]
    assert len(rows) == len(result.report.findings)
    assert rows[0][0] == "Virhe" and rows[0][1].startswith("3.4 › Visio ja strategia › ")
    clean = export(example_plan(), "md").data.decode()
    assert "LUONNOS" not in clean and "Liite:" not in clean


def test_swedish_labels() -> None:
    text = export(full_plan(1, language="sv"), "md").data.decode()
    assert "#### Utvecklingsområde: VISION OCH STRATEGI" in text
    assert "| Utvecklingsobjekt | Åtgärder | Tidsplan och ansvarsperson |" in text
    assert "## Källor" in text
