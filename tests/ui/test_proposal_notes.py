"""A proposal card marks a quote in another language (the target named in the user's language) and shows
the county's own words that ranked it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _card(language: str, kieli: str, words: list[str]) -> list[str]:
    def script(language: str, kieli: str, words: list[str]) -> None:
        from assistant.drafting.models import Proposal
        from assistant.i18n import load_catalog
        from assistant.template.models import SourceRef
        from ui.proposal_notes import proposal_notes

        proposal = Proposal(
            id="p1",
            kehittamiskohde="Mittareiden kattavuus",
            toimenpide="Karsimme ns. turhat mittarit",
            origin="template_example",
            lahteet=[SourceRef(chunk_id="c", doc_id="d")],
            kieli=kieli,  # type: ignore[arg-type]
            county_words=words,
        )
        proposal_notes(proposal, load_catalog(language))

    at = AppTest.from_function(script, args=(language, kieli, words)).run()
    assert not at.exception
    return [c.value.replace("\\", "") for c in at.caption]


def test_a_finnish_quote_is_marked_for_a_swedish_user_with_the_swedish_target_name() -> None:
    captions = _card("sv", "fi", ["mittarit"])
    assert captions[0].startswith("Citat på finska") and "Mätarnas täckning" in captions[0]
    assert captions[1] == "Hänger ihop med era svar: mittarit"


def test_nothing_is_added_for_a_text_in_the_users_language() -> None:
    assert _card("fi", "fi", []) == []
    assert _card("sv", "sv", []) == []
