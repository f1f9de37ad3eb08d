"""The template's names found in what people type: inflected, compounded, misspelt, translated."""

from __future__ import annotations

import pytest

from assistant.interpret.models import InterpretContext
from assistant.interpret.names import NameResolver
from assistant.interpret.offline import OfflineInterpreter
from assistant.interpret.spelling import repair
from assistant.template.spec import load_template


@pytest.fixture(scope="module")
def names() -> NameResolver:
    return NameResolver(load_template())


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("tietotuotteet", "area", "tietotuotteet_ja_palvelut"),
        ("tietotuotteisiin", "area", "tietotuotteet_ja_palvelut"),
        ("Mittareiden kattavus", "target", "mittareiden_kattavuus"),  # a typo
        ("mittareihin", "area", "mittarit"),
        ("resursseihin", "target", "resurssit"),
        ("ylimmän johdon tukeen", "target", "ylimman_johdon_tuki"),
        ("data integration", "target", "tiedon_integraatio"),
        ("nyttan", "area", "hyodyt"),
        ("3.2.2c", "field", "arvioinnin_suunnitelma"),
        ("3.2.2 c)", "field", "arvioinnin_suunnitelma"),
        ("kohta 3.4", "section", "3.4"),
        ("yhteistyömalli", "field", "alueellisen_yhteistyon_malli"),
        ("dataintegrationen", "target", "tiedon_integraatio"),  # a Swedish compound (aliases.yaml)
        ("mätartäckningen", "target", "mittareiden_kattavuus"),
        ("realtidsdelning", "target", "tiedon_jakamisen_reaaliaikaisuus"),
    ],
)
def test_resolve_finds_the_name(names: NameResolver, text: str, kind: str, key: str) -> None:
    best = names.resolve(text)[0]
    assert (best.kind, best.key) == (kind, key)
    assert 0.0 < best.score <= 1.0 and isinstance(best.score, float)


def test_unknown_names_resolve_to_nothing(names: NameResolver) -> None:
    assert names.resolve("kuuhun") == []
    assert names.resolve("") == []


def test_mentions_inside_a_longer_text(names: NameResolver) -> None:
    text = "Toimenpide parantaa tiedon käyttöä päätöksenteossa ja samalla mittareiden kattavuutta."
    keys = {m.key for m in names.find_mentions(text) if m.kind == "target"}
    assert keys == {"tiedon_kaytto_paatoksenteossa", "mittareiden_kattavuus"}
    assert not [m for m in names.find_mentions("Raportointi tehdään käsin.") if m.kind == "target"]


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("organisaatiolistaan jäi yksi kunta pois", "jarjestamisvastuulliset_organisaatiot"),
        ("järjestämisvastuullisten listassa on virhe", "jarjestamisvastuulliset_organisaatiot"),
        ("tavoitetuloksissa on virhe", "tavoiteltavat_tulokset"),
        ("rättelse i nulägesbeskrivningen", "nykytilan_kuvaus"),
        ("rättelse: beredningen leds av förbundet", "valmisteluajan_vastuullinen_toimija"),
        ("correction: the preparing body is the council", "valmisteluajan_vastuullinen_toimija"),
    ],
)
def test_a_correction_finds_the_field_it_names_in_any_form(message: str, field: str) -> None:
    interpreter = OfflineInterpreter(None)
    assert interpreter.corrected_field(repair(message), InterpretContext(field="hyodyt")) == field
