"""Assessment results in any reasonable layout, every problem of every row at once, echoed for
confirmation before they are stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.area_match import match_area
from assistant.drafting.assessment_input import parse_assessment_text
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.steps import ASSESSMENT
from assistant.storage import PlanStore
from assistant.template.spec import load_template

SPEC = load_template()


def rows(text: str) -> list[tuple[str, float | None, float | None]]:
    parsed = parse_assessment_text(text, SPEC)
    assert not parsed.problems, parsed.problems
    return [(r.area, r.maturity, r.satisfaction) for r in parsed.rows]


@pytest.mark.parametrize(
    "text",
    [
        "Visio ja strategia 3 2,5\nMittarit 2 2",  # lines
        "Visio ja strategia 3,0 2,5\nMittarit 2,0 2,0",  # decimal commas on every line (not CSV)
        "Visio ja strategia,3,2.5\nMittarit,2,2",  # CSV without a header
        "Visio ja strategia 3 2,5; Mittarit 2 2",  # semicolons on one line
        "Visio ja strategia | 3 | 2,5\nMittarit | 2 | 2",  # pipes
        "alue\tkypsyys\ttyytyväisyys\nVisio ja strategia\t3\t2,5\nMittarit\t2\t2",  # pasted from Excel
        "| Osa-alue | Tyytyväisyys | Kypsyys |\n|---|---|---|\n"
        "| Visio ja strategia | 2,5 | 3 |\n| Mittarit | 2 | 2 |",
        "3 2,5 Visiossa ja strategiassa\n2 2 Mittareissa",  # numbers first, inflected names
        # labels, any order
        "visio ja strategia: tyytyväisyys 2.5, kypsyys 3\nmittarit: kypsyys 2, tyytyväisyys 2",
        "Vision and strategy 3 2.5\nMätare 2 2",  # English and Swedish names
        "Visio ja stratgia 3 2,5\nMitarit 2 2",  # typos
        '[{"alue": "visio_ja_strategia", "kypsyys": 3, "tyytyvaisyys": 2.5},'
        ' {"area": "Metrics", "maturity": 2, "satisfaction": 2}]',
    ],
)
def test_any_reasonable_layout(text: str) -> None:
    assert rows(text) == [("visio_ja_strategia", 3.0, 2.5), ("mittarit", 2.0, 2.0)]


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("Informationsinsamling", "tiedon_hankinta"),
        ("Tiedon jakamisessa", "tiedon_jakaminen"),
        ("tietoturva", None),
    ],
)
def test_area_names(name: str, area: str | None) -> None:
    assert match_area(name, SPEC).area == area


def test_every_bad_row_is_reported_at_once_by_row_and_column() -> None:
    parsed = parse_assessment_text(
        "Mittarit 2 2\nTietoturva 3 3\nMittarit 3 3\nTiedon käyttö kolme 2\nHyödyt", SPEC
    )
    found = [(p.row, p.column, p.code) for p in parsed.problems]
    assert found == [
        (2, "area", "unknown_area"),
        (3, "area", "duplicate_area"),
        (4, "maturity", "not_a_number"),
        (5, "row", "no_values"),
    ]


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        yield DraftingEngine(store, None)


def _at_assessment(engine: DraftingEngine) -> str:
    plan_id = engine.start(author="t").plan_id
    assert engine.handle(plan_id, "mene arviointi", author="t").step == ASSESSMENT
    return plan_id


def test_rows_are_echoed_and_stored_only_on_confirmation(engine: DraftingEngine) -> None:
    plan_id = _at_assessment(engine)
    turn = engine.handle(
        plan_id, "Visiossa ja strategiassa 3 2,5; Hallintorakenne ja organisointi 3 2", author="t"
    )
    assert "1. Visio ja strategia: kypsyys 3, tyytyväisyys 2,5" in turn.reply
    assert 'kirjoitit: "Visiossa ja strategiassa"' in turn.reply
    assert "2. Hallintorakenne ja organisointi: kypsyys 3, tyytyväisyys 2" in turn.reply
    assert engine.store.get(plan_id).plan.arviointitulokset is None  # not yet
    # a terminal sends each line as a message: rows add up until confirmed
    turn = engine.handle(plan_id, "Mittarit 1,5 2", author="t")
    assert "3. Mittarit" in turn.reply
    turn = engine.handle(plan_id, "kyllä", author="t")
    results = engine.store.get(plan_id).plan.arviointitulokset
    assert [(r.alue, r.kypsyys) for r in results.alueet] == [
        ("visio_ja_strategia", 3.0),
        ("hallintorakenne_ja_organisointi", 3.0),
        ("mittarit", 1.5),
    ]
    assert turn.step != ASSESSMENT and "Mittarit" in turn.reply.split("järjestyksessä:")[1][:20]


def test_problems_are_all_reported_and_nothing_is_taken(engine: DraftingEngine) -> None:
    plan_id = _at_assessment(engine)
    turn = engine.handle(plan_id, "Mittarit 2 2\nTietoturva 3 3\nMittarit 3 3\nTiedon käyttö 7 2", author="t")
    assert turn.step == ASSESSMENT
    assert 'Rivi 2, sarake osa-alue: "Tietoturva"' in turn.reply
    assert "Rivi 3, sarake osa-alue: Mittarit on jo rivillä 1" in turn.reply
    assert "Rivi 4, sarake kypsyys: 7 on asteikon 1–5 ulkopuolella" in turn.reply
    assert engine.store.get(plan_id).state["pending_assessment"] is None
    turn = engine.handle(plan_id, "asteikko 1-7\nMittarit 2 2\nTiedon käyttö 7 2", author="t")
    assert "asteikko 1–7" in turn.reply
    engine.handle(plan_id, "kyllä", author="t")
    results = engine.store.get(plan_id).plan.arviointitulokset
    assert results.asteikko_max == 7.0 and len(results.alueet) == 2


def test_no_discards_the_pending_rows(engine: DraftingEngine) -> None:
    plan_id = _at_assessment(engine)
    engine.handle(plan_id, "Mittarit 2 2", author="t")
    turn = engine.handle(plan_id, "ei", author="t")
    assert "hylättiin" in turn.reply and turn.step == ASSESSMENT
    assert engine.store.get(plan_id).state["pending_assessment"] is None


def test_an_opening_line_and_list_numbers_are_no_rows() -> None:
    text = (
        "Kyselyn tulokset (asteikko 1–5, ensin kypsyys ja sitten tyytyväisyys):\n"
        "1. Visio ja strategia: kypsyys 3,4; tyytyväisyys 3,1\n"
        "2) Tiedon käyttö: kypsyys 2,6; tyytyväisyys 2,2\n"
        "3. Mittarit: kypsyys 2,1; tyytyväisyys 1,9"
    )
    parsed = parse_assessment_text(text, SPEC)
    assert not parsed.problems
    assert [(r.area, r.typed, r.maturity) for r in parsed.rows] == [
        ("visio_ja_strategia", "Visio ja strategia", 3.4),
        ("tiedon_kaytto", "Tiedon käyttö", 2.6),
        ("mittarit", "Mittarit", 2.1),
    ]


def test_an_opening_line_without_numbers_may_give_the_order_of_the_numbers() -> None:
    rows = "Visio ja strategia 3,4 / 3,2\nTiedon käyttö 2,8 / 2,6\nMittarit 2,2 / 2,4"
    plain = parse_assessment_text("eka luku kypsyys, toka tyytyväisyys\n" + rows, SPEC)
    assert not plain.problems and (plain.rows[0].maturity, plain.rows[0].satisfaction) == (3.4, 3.2)
    swapped = parse_assessment_text("ensin tyytyväisyys, sitten kypsyys\n" + rows, SPEC)
    assert not swapped.problems and (swapped.rows[0].maturity, swapped.rows[0].satisfaction) == (3.2, 3.4)


def test_a_pasted_report_table_keeps_its_rows_and_sets_the_rest_aside() -> None:
    """Remarks above and below the rows, column names aligned with spaces and an earlier survey's figures
    in parentheses: the rows are read, the remarks named, the bracketed figures left out."""
    parsed = parse_assessment_text(
        "Tässä kyselyn tulokset (lokakuu 2025, n=57), asteikko 1–5, suluissa edellinen kierros.\n"
        "Osa-alue      Kypsyys     Tyytyväisyys\n"
        "Visio ja strategia        3,1 (2,8)    2,6\n"
        "Mittarit                  2,2 (–)      1,9\n"
        "Huomio: mittareita ei kysytty edellisellä kierroksella.",
        SPEC,
    )
    assert not parsed.problems, parsed.problems
    assert [(r.row, r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        (3, "visio_ja_strategia", 3.1, 2.6),
        (4, "mittarit", 2.2, 1.9),
    ]
    assert [n for n, _ in parsed.set_aside] == [1, 5] and parsed.parenthesised == 2


def test_a_line_naming_the_columns_in_the_other_order_swaps_the_values() -> None:
    parsed = parse_assessment_text(
        "tulokset: tyytyväisyys / kypsyys\nMittarit 2,0 / 3,0\nTiedon käyttö 1 / 2", SPEC
    )
    assert [(r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        ("mittarit", 3.0, 2.0),
        ("tiedon_kaytto", 2.0, 1.0),
    ]


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("org. ja varastointi", "tiedon_organisointi_ja_varastointi"),  # a word shortened
        ("visio & strat", "visio_ja_strategia"),
        ("Organisering och lagring", "tiedon_organisointi_ja_varastointi"),  # the name's first words
        ("Ledningsstruktur och organisering", "hallintorakenne_ja_organisointi"),
        ("tiedon", None),  # shared by four areas: none
        ("Tietoturva ja organisointi", None),  # one word of a name is not the name
    ],
)
def test_shortened_and_partial_area_names(name: str, area: str | None) -> None:
    assert match_area(name, SPEC).area == area


def test_a_swedish_header_typed_without_diacritics_sets_the_columns() -> None:
    parsed = parse_assessment_text("Omrade;Nojdhet;Mognad\nMatare;2,5;3\nVision och strategi;2;3,5", SPEC)
    assert [(r.area, r.maturity, r.satisfaction) for r in parsed.rows] == [
        ("mittarit", 3.0, 2.5),
        ("visio_ja_strategia", 3.5, 2.0),
    ]


def test_remarks_left_out_are_named_in_the_reply(engine: DraftingEngine) -> None:
    plan_id = _at_assessment(engine)
    turn = engine.handle(
        plan_id,
        "Kopioin tulokset raportista alle:\nMittarit 2 (1,5) 2\nTiedon käyttö 3 3\nLähde: oma kysely",
        author="t",
    )
    assert "1. Mittarit" in turn.reply and "2. Tiedon käyttö" in turn.reply
    assert 'rivi 1 ("Kopioin tulokset raportista alle' in turn.reply  # (":" escaped for Markdown)
    assert 'rivi 4 ("Lähde' in turn.reply
    assert "Sulkeissa olleet luvut (1" in turn.reply
