"""An own action typed with its details in one message: the text and the details are told apart."""

from __future__ import annotations

from assistant.drafting.inline_details import split_inline


def test_trailing_detail_clauses_are_split_off() -> None:
    read = split_inline("Yhtenäistämme mittarit, vastuu controller Sari Mäkelä, aikataulu 2026-2027")
    assert read.text == "Yhtenäistämme mittarit"
    assert read.details == {"vastuuhenkilo": "controller Sari Mäkelä", "schedule": "2026-2027"}
    read = split_inline("Otamme käyttöön mittariston; edellytykset: rahoitus ja kaksi analyytikkoa")
    assert read.details == {"edellytykset": "rahoitus ja kaksi analyytikkoa"}
    read = split_inline("Vi inför en mätarkatalog, ansvarig controller Jonas Berg, tidtabell hösten 2027")
    assert read.text == "Vi inför en mätarkatalog" and read.details["schedule"] == "hösten 2027"
    read = split_inline("Publish the metric catalogue. Owner: CDO")
    assert read.text == "Publish the metric catalogue" and read.details == {"vastuuhenkilo": "CDO"}


def test_clauses_that_give_no_value_stay_in_the_text() -> None:
    for text in (
        "Kuvaamme prosessit, vastuu ja aikataulu päätetään myöhemmin",
        "Kuvaamme prosessit, vastuu päätetään myöhemmin",
        "Yhtenäistämme mittarit, raportit ja tietovaraston",
        "Vastuu, aikataulu 2026",  # too little would be left of the action
    ):
        read = split_inline(text)
        assert read.text == text and read.details == {}
