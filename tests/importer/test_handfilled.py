"""DOCX plans filled in by hand in Word following the template (generated here with python-docx)."""

from __future__ import annotations

from typing import Any

import pytest
from docx.table import Table

from assistant.importer import ImportResult, MappingFinding, import_bytes
from assistant.template.spec import load_template
from tests.importer import handfilled as hf
from tests.importer.handfilled import Builder, Row, build_handfilled, visio_rows

SPEC = load_template()
STRATEGY = "Tietojohtamisen strategia ja tavoitteet"


def findings(result: ImportResult, code: str) -> list[MappingFinding]:
    return [f for f in result.findings if f.code == code]


def codes(result: ImportResult) -> set[str]:
    return {f.code for f in result.findings}


def actions(result: ImportResult) -> list[dict[str, Any]]:
    return [a.model_dump(exclude={"id"}) for a in result.plan.toimenpiteet]


def test_template_filled_by_hand_maps_every_field() -> None:
    result = import_bytes(build_handfilled(), name="kuvitemaa.docx")
    plan = result.plan
    assert result.format == "docx"
    assert plan.meta.title == SPEC.template.title.fi  # the template's title page, unchanged
    assert plan.meta.region == hf.REGION  # from 3.1.1 a), reported
    assert findings(result, "region_from_answer")[0].params == {"region": hf.REGION}
    assert plan.meta.language == "fi"
    assert plan.kuvaus.sote_maakunta == hf.REGION  # "a) Sote-maakunta: <answer>" on one line
    assert plan.kuvaus.jarjestamisvastuulliset_organisaatiot == "\n".join(hf.ORGANISATIONS)
    assert plan.kuvaus.valmisteluajan_vastuullinen_toimija == hf.RESPONSIBLE_PARTY  # bold label + answer
    assert plan.kuvaus.alueellisen_yhteistyon_malli == hf.COOPERATION
    assert plan.nykytila.nykytilan_kuvaus == hf.CURRENT_STATE  # the instruction paragraphs are skipped
    assert plan.nykytila.arviointi_toteutettu == hf.ASSESSED
    assert plan.nykytila.arvioinnin_tulokset == hf.RESULTS
    assert plan.nykytila.arvioinnin_suunnitelma == ""
    assert plan.tavoitteet.kuvaus_suhteessa_nykytilaan == hf.RELATIVE
    assert plan.tavoitteet.tavoiteltavat_tulokset == hf.RESULTS_AIMED
    assert plan.arviointi.hyodyt == hf.BENEFITS
    assert plan.arviointi.seuranta_ja_arviointi == hf.FOLLOW_UP
    assert plan.arviointitulokset is None


def test_template_tables_filled_by_hand_become_actions() -> None:
    result = import_bytes(build_handfilled())
    common = {"lahteet": [], "tila": "planned", "alkupera": "import"}
    assert actions(result) == [
        {
            "kehittamiskohde": STRATEGY,  # "Tieto-\njohtamisen strategia ja \ntavoitteet" in the cell
            "toimenpide": hf.ACTION_1,  # the two italic template examples before it are skipped
            "lyhyt_aikavali": "Luonnos 2021",
            "pitka_aikavali": "Päivitys 2023",
            "vastuuhenkilo": "Tietojohtaja",
            "edellytykset": "Ohjausryhmän työaika",  # the hint "Esim. tarvittavat resurssit ..." skipped
            **common,
        },
        {
            "kehittamiskohde": STRATEGY,  # the target cell merged vertically with the row above
            "toimenpide": hf.ACTION_2,
            "lyhyt_aikavali": "",
            "pitka_aikavali": "Strategiatyö 2022",
            "vastuuhenkilo": "Strategiajohtaja",
            "edellytykset": "Valtuuston päätös",
            **common,
        },
        {
            "kehittamiskohde": "Tietojohtamisen laajuus ja merkitys",
            "toimenpide": hf.ACTION_3,
            "lyhyt_aikavali": "Vastuut 2021",
            "pitka_aikavali": "",
            "vastuuhenkilo": "Hallintojohtaja",
            "edellytykset": "Johtoryhmän hyväksyntä",
            **common,
        },
    ]
    # Rows left as the template has them (examples, empty schedule skeleton, hint) give no action.
    assert result.validation.valid, [f.message for f in result.validation.by_severity("error")]


def test_template_material_is_reported_not_imported() -> None:
    result = import_bytes(build_handfilled())
    skipped = findings(result, "example_not_imported")
    assert [(f.location.table, f.location.row, f.severity) for f in skipped] == [
        (1, 2, "info"),
        (1, 2, "info"),
        (2, 2, "info"),
    ]
    assert skipped[0].location.heading == "Kehittämisen osa-alue: VISIO JA STRATEGIA"
    assert skipped[0].location.column == "Toimenpiteet"
    assert skipped[0].params["text"] == hf.EXAMPLE_1
    # "Esim. ..." that is not a template example word for word: not imported, and a warning.
    esim = findings(result, "esim_not_imported")
    assert [(f.severity, f.location.table, f.location.row) for f in esim] == [("warning", 1, 6)]
    assert esim[0].params["text"] == "Esim. nimeämme vastuuhenkilöt"
    assert {"skipped_guidance", "skipped_instruction", "skipped_hint"} <= codes(result)
    assert not findings(result, "text_outside")


def test_bold_label_on_its_own_line() -> None:
    result = import_bytes(build_handfilled(inline_first_label=False))
    assert result.plan.kuvaus.sote_maakunta == hf.REGION


def test_unknown_target_is_reported_with_the_closest_name_and_kept_as_written() -> None:
    rows = visio_rows(target_1="Tietojohtamisen strategia ja tavoiteet")  # a typo
    result = import_bytes(build_handfilled(visio=rows))
    [finding] = findings(result, "unknown_target")
    assert finding.severity == "warning"
    assert finding.params == {"given": "Tietojohtamisen strategia ja tavoiteet", "suggestion": STRATEGY}
    assert (finding.location.table, finding.location.row, finding.location.column) == (
        1,
        2,
        "Kehittämiskohde",
    )
    assert STRATEGY in finding.message
    # Not guessed: both actions of the merged cell keep the name as written; validation refuses them.
    given = [a.kehittamiskohde for a in result.plan.toimenpiteet[:2]]
    assert given == ["Tietojohtamisen strategia ja tavoiteet"] * 2
    errors = [(f.code, f.path) for f in result.validation.by_severity("error")]
    assert ("unknown_target", "/toimenpiteet/0/kehittamiskohde") in errors
    assert ("unknown_target", "/toimenpiteet/1/kehittamiskohde") in errors


def test_target_names_differing_in_case_and_hyphenation_are_mapped() -> None:
    rows = [
        Row(
            "TIETO-JOHTAMISEN  strategia ja\ntavoitteet",
            [hf.ACTION_1],
            "2020-2021: X 2021\nVastuuhenkilö: A",
            "B",
        )
    ]
    result = import_bytes(build_handfilled(visio=rows))
    assert [a.kehittamiskohde for a in result.plan.toimenpiteet] == [STRATEGY]
    assert not findings(result, "unknown_target")


def test_cell_merged_across_columns_is_reported_not_guessed() -> None:
    def merge(table: Table) -> None:
        table.cell(4, 1).merge(table.cell(4, 2))  # row 5 "laajuus ja merkitys": action + schedule

    result = import_bytes(build_handfilled(edit_visio=merge))
    [merged] = findings(result, "merged_cell")
    assert merged.severity == "warning"
    assert (merged.location.table, merged.location.row) == (1, 5)
    assert merged.params["columns"] == "Toimenpiteet + Aikataulu ja vastuuhenkilö"
    assert hf.ACTION_3 in merged.params["text"]
    # The merged text went to no field: the action of that row has only its prerequisites.
    laajuus = [
        a for a in result.plan.toimenpiteet if a.kehittamiskohde == "Tietojohtamisen laajuus ja merkitys"
    ]
    assert [(a.toimenpide, a.vastuuhenkilo, a.edellytykset) for a in laajuus] == [
        ("", "", "Johtoryhmän hyväksyntä")
    ]
    assert "action_missing_text" in {f.code for f in result.validation.by_severity("error")}


def test_full_width_merged_row_is_reported() -> None:
    def merge(table: Table) -> None:
        row = table.rows[3]  # the second action of the strategy target
        for cell in row.cells[1:]:
            cell.text = ""
        row.cells[0].merge(row.cells[3]).text = "Huom: tämä rivi on yhdistetty."

    result = import_bytes(build_handfilled(edit_visio=merge))
    [merged] = findings(result, "merged_row")
    assert (merged.location.table, merged.location.row) == (1, 4)
    assert "Huom: tämä rivi on yhdistetty." in merged.params["text"]
    texts = [value for a in result.plan.toimenpiteet for value in a.model_dump().values()]
    assert not any("yhdistetty" in str(value) for value in texts)


def test_missing_column_is_reported_and_its_field_left_empty() -> None:
    header = hf.HEADER[:3]
    rows = [Row(STRATEGY, [hf.ACTION_1], "2020-2021: Luonnos 2021\nVastuuhenkilö: Tietojohtaja")]
    result = import_bytes(build_handfilled(visio=rows, visio_header=header))
    [missing] = findings(result, "missing_column")
    assert missing.params == {"column": "Edellytykset/vaatimukset toteutumiselle"}
    assert missing.location.table == 1
    [action] = result.plan.toimenpiteet
    assert (action.toimenpide, action.lyhyt_aikavali, action.edellytykset) == (
        hf.ACTION_1,
        "Luonnos 2021",
        "",
    )
    assert "action_missing_prerequisites" in {f.code for f in result.validation.by_severity("error")}


def test_table_without_target_column_is_not_imported() -> None:
    header = hf.HEADER[1:]
    rows = [Row(hf.ACTION_1, ["2020-2021: Luonnos 2021\nVastuuhenkilö: Tietojohtaja"], "Budjetti")]
    result = import_bytes(build_handfilled(visio=rows, visio_header=header))
    assert findings(result, "missing_column")[0].params == {"column": "Kehittämiskohde"}
    assert findings(result, "row_not_imported")
    assert result.plan.toimenpiteet == []


def test_extra_table_and_text_outside_known_fields_are_reported() -> None:
    def extra(b: Builder) -> None:
        b.heading("Muistiinpanoja", 2)
        b.para("Tämä kappale ei kuulu mallipohjaan.")
        table = b.doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Budjetti"
        table.cell(0, 1).text = "2021"
        table.cell(1, 0).text = "Henkilöt"
        table.cell(1, 1).text = "3"

    result = import_bytes(build_handfilled(extra=extra))
    [outside] = findings(result, "text_outside")
    assert outside.location.heading == "Muistiinpanoja"
    assert outside.params["text"] == "Muistiinpanoja\nTämä kappale ei kuulu mallipohjaan."
    [table] = findings(result, "extra_table")
    assert (table.location.heading, table.location.table, table.params["rows"]) == ("Muistiinpanoja", 1, 2)
    assert "Budjetti | 2021" in table.params["text"]
    # The unknown heading closed 3.3's field: the next answers are not polluted.
    assert result.plan.tavoitteet.tavoiteltavat_tulokset == hf.RESULTS_AIMED


def test_row_without_target_takes_the_row_above_and_says_so() -> None:
    rows = [
        Row(STRATEGY, [hf.ACTION_1], "2020-2021: A 2021\nVastuuhenkilö: X", "P"),
        Row("", [hf.ACTION_2], "2022-2025: B 2023\nVastuuhenkilö: Y", "Q"),
    ]
    result = import_bytes(build_handfilled(visio=rows))
    assert [a.kehittamiskohde for a in result.plan.toimenpiteet] == [STRATEGY, STRATEGY]
    [note] = findings(result, "target_from_row_above")
    assert (note.severity, note.location.row, note.params["target"]) == ("info", 3, STRATEGY)


def test_target_in_the_table_of_another_area_is_imported_and_reported() -> None:
    rows = [Row("Resurssit", [hf.ACTION_1], "2020-2021: A 2021\nVastuuhenkilö: X", "P")]
    result = import_bytes(build_handfilled(visio=rows))
    assert [a.kehittamiskohde for a in result.plan.toimenpiteet] == ["Resurssit"]
    [warning] = findings(result, "target_in_other_area")
    assert warning.params["area"] == "HALLINTORAKENNE JA ORGANISOINTI"
    assert warning.params["heading_area"] == "VISIO JA STRATEGIA"


def test_periods_are_read_from_the_schedule_labels() -> None:
    rows = [
        Row(
            STRATEGY,
            [hf.ACTION_1],
            "2024-2025: Selvitys 2025\n2026-2029: Käyttöönotto 2027\nVastuuhenkilö: X",
            "P",
        ),
        Row(None, [hf.ACTION_2], "2024 – 2025: \n2026—2029: Laajennus 2028\nVastuuhenkilö: Y", "Q"),
    ]
    result = import_bytes(build_handfilled(visio=rows))
    periods = result.plan.meta.periods
    assert (periods.short.start, periods.short.end, periods.long.start, periods.long.end) == (
        2024,
        2025,
        2026,
        2029,
    )
    assert [(a.lyhyt_aikavali, a.pitka_aikavali) for a in result.plan.toimenpiteet] == [
        ("Selvitys 2025", "Käyttöönotto 2027"),
        ("", "Laajennus 2028"),
    ]
    # The TIEDON HANKINTA table still has the template's skeleton "2020-2021:" -> a third range.
    assert findings(result, "conflicting_periods")
    assert result.validation.valid


def test_unlabelled_schedule_text_is_reported() -> None:
    rows = [Row(STRATEGY, [hf.ACTION_1], "Syksy 2021\nVastuuhenkilö: X", "P")]
    result = import_bytes(build_handfilled(visio=rows))
    [finding] = findings(result, "schedule_unlabelled")
    assert finding.params["text"] == "Syksy 2021"
    assert finding.location.column == "Aikataulu ja vastuuhenkilö"
    action = result.plan.toimenpiteet[0]
    # nothing typed is lost: the text goes to the period of its year
    assert (action.lyhyt_aikavali, action.pitka_aikavali, action.vastuuhenkilo) == ("Syksy 2021", "", "X")


def test_source_markers_resolve_to_a_hand_written_list() -> None:
    rows = [
        Row(STRATEGY, [hf.ACTION_1 + " [1]"], "2020-2021: A 2021\nVastuuhenkilö: X", "P"),
        Row(None, [hf.ACTION_2 + " [3]"], "2022-2025: B 2023\nVastuuhenkilö: Y", "Q"),
    ]
    sources = ["1. Alueellisen toimeenpanon tiekartta, Tiedolla johtaminen, s. 12", "2. Toinen lähde"]
    result = import_bytes(build_handfilled(visio=rows, sources=sources))
    first, second = result.plan.toimenpiteet[:2]
    assert first.toimenpide == hf.ACTION_1  # the marker is not part of the text
    assert [s.title for s in first.lahteet] == [
        "Alueellisen toimeenpanon tiekartta, Tiedolla johtaminen, s. 12"
    ]
    assert [(f.code, f.params["number"]) for f in findings(result, "source_without_id")] == [
        ("source_without_id", 1)
    ]
    assert second.lahteet == []
    [unknown] = findings(result, "unknown_source")
    assert (unknown.params["number"], unknown.location.row) == (3, 3)


def test_fields_inside_layout_boxes() -> None:
    """A template that keeps its fields in one-cell tables ("boxes") is read like body text."""
    b = Builder()
    b.heading("Kuvaus sote-maakunnasta", 1)
    box = b.doc.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.paragraphs[0].text = "Sote-maakunta ja organisaatiot, joita suunnitelma koskee"
    cell.add_paragraph(hf.label("sote_maakunta"))
    cell.add_paragraph(hf.REGION)
    cell.add_paragraph(hf.label("jarjestamisvastuulliset_organisaatiot") + " " + hf.ORGANISATIONS[0])
    result = import_bytes(b.bytes())
    assert result.plan.kuvaus.sote_maakunta == hf.REGION
    assert result.plan.kuvaus.jarjestamisvastuulliset_organisaatiot == hf.ORGANISATIONS[0]
    assert not findings(result, "extra_table")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_labels_in_swedish_and_english(language: str) -> None:
    section = SPEC.section("kuvaus")
    b = Builder()
    b.heading(section.title.get(language), 1)
    b.heading(section.groups[0].title.get(language), 2)
    b.para(f"a) {section.groups[0].fields[0].label.get(language)}: {hf.REGION}")
    area = SPEC.area("visio_ja_strategia")
    prefix = SPEC.section("arviointi").groups[0].title.get(language).split(":")[0]
    b.heading(f"{prefix}: {area.label.get(language).upper()}", 2)
    header = [c.label.get(language) for c in SPEC.table.columns]
    responsible = SPEC.table.responsible_label.get(language)
    target = area.targets[0]
    b.table(
        [Row(target.label.get(language), [hf.ACTION_1], f"2020–2021: A 2021\n{responsible}: X", "P")],
        header=header,
    )
    result = import_bytes(b.bytes(), language=language)
    assert result.plan.meta.language == language
    assert result.plan.kuvaus.sote_maakunta == hf.REGION
    [action] = result.plan.toimenpiteet
    assert (action.kehittamiskohde, action.vastuuhenkilo) == (target.name, "X")


def test_findings_are_in_the_requested_language() -> None:
    rows = visio_rows(target_1="Tietojohtamisen strategia ja tavoiteet")
    data = build_handfilled(visio=rows)
    fi = findings(import_bytes(data, language="fi"), "unknown_target")[0].message
    en = findings(import_bytes(data, language="en"), "unknown_target")[0].message
    assert "Kehittämiskohdetta" in fi and "development target" in en
