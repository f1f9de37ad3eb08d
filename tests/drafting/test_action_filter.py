"""Only actions are proposed: no questions, no noun phrases, no other region's sentences."""

from __future__ import annotations

import pytest

from assistant.drafting.action_filter import is_action, names_other_region
from assistant.template.spec import load_template


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Laadimme tietojohtamisen strategian", True),
        ("Otetaan käyttöön yhteinen tietoallas", True),
        ("Ylin johto linjaa ja johtaa tietojohtamisen kehittämistä", True),
        ("Muodostamme kokonaisvaltaisen ymmärryksen organisaatiomme tietotarpeista, miten?", True),
        ("Vi kartlägger informationsbehoven", True),
        ("We define the metrics", True),
        ("Tietojohtamista yhdistävä alusta tai järjestelmä", False),  # a noun phrase
        ("Kansallisen tietopohjan kehittäminen", False),  # a nominalised task
        ("Miten varmistamme mittaritiedon laadun ja luotettavuuden", False),  # a question
        ("Hur säkerställer vi kvaliteten?", False),
        # a possibility, not an action; a possibility after the action verb does not change that
        ("Pitkällä aikavälillä sen avulla voidaan edistää palvelujen integraatiota", False),
        ("Vi kan på sikt införa en gemensam datamodell", False),
        ("Rakenteita selvitetään ja vertaillaan niin, että voidaan löytää sopivin malli", True),
    ],
)
def test_is_action(text: str, action: bool) -> None:
    assert is_action(text) is action


def test_most_template_examples_are_actions() -> None:
    examples = [e for t in load_template().targets for e in t.examples]
    assert sum(is_action(e) for e in examples) >= len(examples) - 8


def test_another_regions_name_is_never_carried_over() -> None:
    assert names_other_region("Soitessa otetaan käyttöön TKIO-toimintamalli", "Järvilaakson hyvinvointialue")
    assert names_other_region("Keski-Pohjanmaan kunnat osallistuvat", "Järvilaakson hyvinvointialue")
    assert not names_other_region("Pohjanmaan hyvinvointialue kehittää", "Pohjanmaan hyvinvointialue")
    assert not names_other_region("Laadimme strategian", "")
