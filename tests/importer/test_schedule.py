"""The schedule cell parser and the label keys (tolerant of numbering, case, hyphenation; nothing more)."""

from __future__ import annotations

import pytest

from assistant.importer.labels import Labels, dehyphenate, key
from assistant.importer.schedule import parse_schedule
from assistant.template.spec import load_template

LABELS = Labels.build(load_template())


def segments(text: str) -> list[tuple[str, tuple[int, int] | None, str]]:
    return [(s.kind, s.period, s.text) for s in parse_schedule(text, LABELS).segments]


def test_template_layout_with_any_dash() -> None:
    assert segments("2020-2021: Selvitys 2021\n2022–2025: Käyttöönotto\n\nVastuuhenkilö: Tietojohtaja") == [
        ("range", (2020, 2021), "Selvitys 2021"),
        ("range", (2022, 2025), "Käyttöönotto"),
        ("responsible", None, "Tietojohtaja"),
    ]
    assert segments("2020 — 2021 : a") == [("range", (2020, 2021), "a")]


def test_period_words_and_labels_in_other_languages() -> None:
    assert segments(
        "Lyhyt aikaväli 2020–2021: a\nPitkä aikaväli: b\nAnsvarsperson: c\nResponsible person: d"
    ) == [
        ("range", (2020, 2021), "a"),
        ("long", None, "b"),
        ("responsible", None, "c"),
        ("responsible", None, "d"),
    ]


def test_continuation_lines_and_unlabelled_text() -> None:
    parsed = parse_schedule("Syksyllä\n2020-2021: Vaihe 1: selvitys\njatkuu 2021\nVastuuhenkilö:", LABELS)
    assert parsed.unlabelled == "Syksyllä"
    assert [(s.kind, s.text) for s in parsed.segments] == [
        ("range", "Vaihe 1: selvitys\njatkuu 2021"),  # "Vaihe 1:" is not a label
        ("responsible", ""),
    ]


def test_a_year_range_inside_text_is_not_a_label() -> None:
    parsed = parse_schedule("Toteutus 2021-2022: pilotti", LABELS)
    assert parsed.segments == [] and parsed.unlabelled == "Toteutus 2021-2022: pilotti"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3.1 Kuvaus sote-maakunnasta", "Kuvaus sote-maakunnasta"),
        (
            "0. Tietojohtamisen nykytilan arviointi kehittämissuunnitelman pohjaksi",
            "Tietojohtamisen nykytilan arviointi kehittämissuunnitelman pohjaksi",
        ),
        ("a) Sote-maakunta:", "Sote-maakunta"),
        ("Tieto-\njohtamisen strategia ja \ntavoitteet", "Tietojohtamisen strategia ja tavoitteet"),
        ("  KEHITTÄMIS-\nKOHDE ", "Kehittämiskohde"),
    ],
)
def test_keys_ignore_numbering_case_spacing_and_line_end_hyphens(written: str, expected: str) -> None:
    assert key(written) == key(expected)


def test_reworded_labels_do_not_match() -> None:
    assert key("Sote-alue") != key("Sote-maakunta")
    assert LABELS.target("Tietojohtamisen strategia") is None
    assert dehyphenate("sote-\nmaakunta") == "sotemaakunta"  # only for comparing labels, never answers


def test_unknown_target_suggestion() -> None:
    suggestion = LABELS.suggest_target("Tietojohtamisen strategia ja tavoiteet")
    assert suggestion is not None and suggestion.name == "Tietojohtamisen strategia ja tavoitteet"
    assert LABELS.suggest_target("Kahvinkeitin") is None
