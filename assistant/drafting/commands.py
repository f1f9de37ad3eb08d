"""Recognise the plain-word commands (fi/sv/en) listed in commands.yaml.

The drafting engine reads every message through `assistant.interpret` (one interpretation per message);
this exact parser remains for "back" (the step before) and for checking the commands the UI's cards send."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.datafile import read_yaml

_FILE = Path(__file__).with_name("commands.yaml")


@lru_cache(maxsize=1)
def command_words() -> dict[str, list[str]]:
    """Each command's phrases (commands.yaml)."""
    return read_yaml(_FILE, strings=True)


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str]]:
    data = command_words()
    pairs = [(phrase.lower(), name) for name, phrases in data.items() for phrase in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))  # longest phrase first


@dataclass(frozen=True)
class Command:
    name: str
    argument: str = ""
    numbers: tuple[int, ...] = ()


_NUMS = re.compile(r"\d+")
# What may follow accept/reject: proposal numbers, or "all".
_SELECTION = re.compile(r"^(?:[\d\s,;&+]|ja\b|och\b|and\b|kaikki\b|alla\b|all\b)+$", re.IGNORECASE)


def parse_command(text: str) -> Command | None:
    """`hyväksy 1 3` -> Command("accept", "1 3", (1, 3)); `oma: Laadimme` -> Command("own", "Laadimme").

    A command must start the message; what follows (after an optional ':' or ',') is its argument.
    Long free text that merely begins with a command word is an answer, not a command, unless the
    command takes text (edit, own, goto, periods)."""
    stripped = text.strip()
    lowered = stripped.lower()
    for phrase, name in _phrases():
        if lowered == phrase or lowered.startswith(phrase + " ") or lowered.startswith(phrase + ":"):
            rest = stripped[len(phrase) :].lstrip(" :,.-–").strip()
            if (
                rest
                and name not in ("edit", "own", "goto", "accept", "reject", "periods", "delete_action")
                and len(rest.split()) > 2
            ):
                return None
            if name in ("accept", "reject") and rest and not _SELECTION.match(rest):
                return None  # "Ei ole tehty, mutta ..." is an answer, not "reject"
            numbers = (
                tuple(int(n) for n in _NUMS.findall(rest.split(":")[0]))
                if name in ("accept", "reject", "edit")
                else ()
            )
            return Command(name, rest, numbers)
    return None
