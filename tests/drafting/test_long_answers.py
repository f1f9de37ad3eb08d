"""Long answers keep their full text with a shorter version of the user's own sentences offered; prose is
never split into bullets; the region and title are never cut mid-word."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting import extract
from assistant.drafting.condense import sentences, shorter_version
from assistant.drafting.engine import DraftingEngine
from assistant.storage import PlanStore
from assistant.textutil import shorten_words

LONG = " ".join(
    [
        "Alueella on tehty tietojohtamisen kehittämistyötä vuodesta 2019 ja tietoallas on otettu käyttöön.",
        "Raportointi perustuu pääosin raportointialustan raportteihin, joita ylläpitää analytiikkatiimi.",
        "Tiedon laatu vaihtelee yksiköittäin ja kirjaamiskäytännöt ovat kirjavia.",
        "Johto käyttää raportteja kuukausittain talouden seurannassa.",
        "Henkilöstön osaaminen tiedon hyödyntämisessä vaihtelee paljon.",
        "Tietosuojan vastuut on kuvattu, mutta lokien seuranta on puutteellista.",
    ]
    * 5
)


def test_shorter_version_is_made_of_the_users_own_sentences() -> None:
    shorter = shorter_version(LONG)
    assert shorter is not None and len(shorter) < len(LONG) / 2
    assert all(s in sentences(LONG) for s in sentences(shorter))
    assert shorter_version("Lyhyt vastaus.") is None


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        yield DraftingEngine(store, None)


def test_long_answer_is_kept_in_full_and_the_shorter_one_only_on_acceptance(engine: DraftingEngine) -> None:
    plan_id = engine.start(author="t").plan_id
    engine.handle(plan_id, "mene 3.2.1", author="t")
    turn = engine.handle(plan_id, LONG, author="t")
    assert engine.store.get(plan_id).plan.nykytila.nykytilan_kuvaus == LONG  # full text recorded
    assert "lyhennä" in turn.reply and len(turn.reply) < len(LONG) + 1500  # not echoed in full
    turn = engine.handle(plan_id, "lyhennä", author="t")
    stored = engine.store.get(plan_id)
    assert stored.plan.nykytila.nykytilan_kuvaus == shorter_version(LONG)
    revisions = engine.store.revisions(plan_id)
    assert any(c.new == LONG for r in revisions for c in (r.changes or []))  # full text in history


def test_prose_is_never_split_into_bullets() -> None:
    prose = (
        "Alueella on yksi sairaanhoitopiiri, jonka kanssa tehdään yhteistyötä, "
        "ja HUS-tyyppistä erityisvastuualuetta ei ole."
    )
    assert extract.field_value(prose, kind="list") == prose
    sentence = "Järvilaakson hyvinvointialue ja sen 12 kuntaa; HUS-tyyppistä erityisvastuualuetta ei ole."
    assert extract.field_value(sentence, kind="list") == sentence
    names = "Alfa-alue, Beetan kaupunki ja Gamman kunta"
    assert extract.field_value(names, kind="list") == "- Alfa-alue\n- Beetan kaupunki\n- Gamman kunta"


def test_region_and_titles_are_never_cut_mid_word(engine: DraftingEngine) -> None:
    plan_id = engine.start(author="t").plan_id
    answer = "Pohjanrannikon hyvinvointialue " + "ja sen yhteistoiminta-alueen kunnat " * 10
    engine.handle(plan_id, answer, author="t")
    meta = engine.store.get(plan_id).plan.meta
    assert answer.startswith(meta.region) and answer[len(meta.region)] == " "
    assert shorten_words("Kokonaisarkkitehtuuri ja tiedonhallinta", 20) == "Kokonaisarkkitehtuuri …"
