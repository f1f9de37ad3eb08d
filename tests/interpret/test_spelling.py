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
