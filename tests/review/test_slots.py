"""Filters found in a reviewer question's words: template names in any language and inflection, persons of
the plan by inflected name or role, thresholds with a decimal comma, section numbers, known topics."""

from __future__ import annotations

import pytest

from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import load_facets
from assistant.review.slots import NameResolver, PersonFinder, TextFieldFinder, concept, numbers, sections
from assistant.template.spec import load_template

SPEC = load_template()
ANALYZER = Analyzer()


@pytest.mark.parametrize(
    ("question", "areas", "targets"),
    [
        ("mittarit-osa-alueella toimenpiteitä kpl?", ["mittarit"], []),
        ("Inom området Informationsanvändning, vilka objekt saknar åtgärder?", ["tiedon_kaytto"], []),
        ("Inom organisering och lagring av information?", ["tiedon_organisointi_ja_varastointi"], []),
        ("In the governance structure and organisation area", ["hallintorakenne_ja_organisointi"], []),
        ("Mitä tiedon integraatiossa tehdään?", [], ["tiedon_integraatio"]),
        ("Montako toimenpidettä on yhteensä?", [], []),
    ],
)
def test_names(question: str, areas: list[str], targets: list[str]) -> None:
    assert NameResolver(SPEC, ANALYZER).resolve(question) == (areas, targets)


PEOPLE = ["Riikka Salo, kehittämispäällikkö", "Laura Mäki, tietosuojavastaava", "Kristian Nyman, HR-direktör"]


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Listaa Riikka Salon toimenpiteet", "Riikka Salo"),
        ("Mitä Laura Mäen vastuulla on?", "Laura Mäki"),
        ("Mitä tietosuojavastaavan vastuulle on annettu?", "Laura Mäki"),
        ("Vad ansvarar HR-direktören för?", "Kristian Nyman"),
        ("Mitä määritetään mallipohjassa?", None),  # "mä…" is not Mäki
        ("How many residents live here?", None),
    ],
)
def test_persons(question: str, person: str | None) -> None:
    assert PersonFinder(PEOPLE, ANALYZER).find(question) == person


def test_numbers_sections_and_topics() -> None:
    assert numbers("kypsyys alle 2,5 vuonna 2026") == [2.5]
    assert numbers("satisfaction above 3.25, sections 3.1–3.5") == [3.25]
    assert sections("Mitä kohtaan 3.3 on kirjoitettu?", SPEC) == ["tavoitteet"]
    assert sections("kohdista 3.1–3.5", SPEC) == []
    vocabulary = load_facets()
    assert concept("Tar planen upp personuppgifter?", vocabulary) == "data_protection"
    assert concept("Onko henkilöstön perehdytys mukana?", vocabulary) == "training"
    assert concept("Onko budjetti kunnossa?", vocabulary) is None


def test_an_alias_with_part_of_another_areas_name_is_the_more_specific_area() -> None:
    """An area's alias next to a word that the glossary also puts in another area's name: the area whose
    alias and name parts were both given wins (both were returned, and the filter was dropped)."""
    aliases = load_facets().area_aliases
    resolver = NameResolver(SPEC, ANALYZER, aliases)
    assert resolver.resolve("Vilka åtgärder för organisering och lagring har ingen ansvarig?") == (
        ["tiedon_organisointi_ja_varastointi"],
        [],
    )


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("Onko alueellisen yhteistyon malli kirjoitettu?", [("kuvaus", "alueellisen_yhteistyon_malli")]),
        ("Saknas beskrivningen av nuläget?", [("nykytila", "nykytilan_kuvaus")]),
        ("Is the final intended results part empty?", [("tavoitteet", "tavoiteltavat_tulokset")]),
        ("Onko kuvaus suhteessa nykytilaan tyhjä?", [("tavoitteet", "kuvaus_suhteessa_nykytilaan")]),
        ("Mitä sote-maakunnan kehittämissuunnitelmaan kirjoitetaan?", []),  # a one-word name is no field
    ],
)
def test_text_fields_named_by_their_short_names(question: str, found: list[tuple[str, str]]) -> None:
    assert TextFieldFinder(load_template(), Analyzer()).find(question) == found


def test_a_swedish_alias_starts_a_compound() -> None:
    resolver = NameResolver(load_template(), Analyzer(), load_facets().area_aliases)
    assert resolver.resolve("Hur många mätaråtgärder finns?")[0] == ["mittarit"]
