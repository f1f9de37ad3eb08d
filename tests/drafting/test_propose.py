"""Offline proposals: how indexed text is cut into candidate action sentences."""

from __future__ import annotations

from assistant.drafting.propose import OfflineProposer, text_runs
from assistant.retrieval.models import Hit

MEMO_CHUNK = (
    "Mittariston kehittämismuistio\n"
    "Mittareiden kattavuus\n"
    "Kehitämme mittareiden kattavuutta ja määrittelemme mittarit kaikille\n"
    "johtamisen tasoille vuoden 2021 aikana. Toinen lause ilman toimenpidettä.\n"
)


def test_headings_stand_alone_and_wrapped_lines_are_joined() -> None:
    assert text_runs(MEMO_CHUNK) == [
        "Mittariston kehittämismuistio",
        "Mittareiden kattavuus",
        "Kehitämme mittareiden kattavuutta ja määrittelemme mittarit kaikille johtamisen tasoille vuoden "
        "2021 aikana. Toinen lause ilman toimenpidettä.",
    ]
    # A wrapped line continuing in lower case is prose, not a heading; blank lines end a run.
    assert text_runs("Tiedon hallinta\non tärkeää.\n\nUusi kappale.") == [
        "Tiedon hallinta on tärkeää.",
        "Uusi kappale.",
    ]


def test_action_sentences_do_not_start_with_the_chunk_headings() -> None:
    hit = Hit.model_construct(text=MEMO_CHUNK)
    sentences = OfflineProposer._action_sentences(hit)
    assert sentences == [
        "Kehitämme mittareiden kattavuutta ja määrittelemme mittarit kaikille johtamisen tasoille vuoden "
        "2021 aikana."
    ]
