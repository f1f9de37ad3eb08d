"""The reading copy of a message: a slip in a short command or greeting is read as the word meant, and a
word that no command is one slip from (a name, a place) is left as typed."""

from __future__ import annotations

import pytest

from assistant.interpret.spelling import repair


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ohtia", "ohita"),  # two letters swapped
        ("apvua", "apua"),  # one letter too many
        ("hjlp", "help"),  # one slip from both "help" and "hjälp": both ask for help
        ("kitos!", "kiitos!"),  # one letter left out
        ("hopap över", "hoppa över"),
    ],
)
def test_a_slip_in_a_short_command_is_read_as_the_command(typed: str, read: str) -> None:
    assert repair(typed) == read


@pytest.mark.parametrize("typed", ["Pasi Virtanen", "Soite", "Eloisa", "Kela", "that one"])
def test_names_and_other_words_are_left_as_typed(typed: str) -> None:
    assert repair(typed) == typed.lower()


def test_a_longer_message_is_not_read_as_commands() -> None:
    assert "ohtia" in repair("ohtia on kylän nimi ja se kuuluu alueeseen myös jatkossa")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("forutsattningarna finns", "förutsättningarna finns"),  # inflected: known by its stem
        ("vem ar ansvarig for atgarden?", "vem är ansvarig för åtgärden?"),
        ("vi kan inte besluta an", "vi kan inte besluta än"),
        ("atgarder", "åtgärder"),  # a longer word, also outside a message known to be Swedish
    ],
)
def test_swedish_typed_without_its_letters_is_read_with_them(typed: str, read: str) -> None:
    assert repair(typed) == read


@pytest.mark.parametrize("typed", ["add an action for the data warehouse", "kirjaamme tavoitteet"])
def test_english_and_finnish_are_not_read_as_swedish(typed: str) -> None:
    assert repair(typed) == typed


def test_a_spoken_conditional_stays_unumlauted() -> None:
    assert repair("olis hyvä") == "olisi hyvä"
