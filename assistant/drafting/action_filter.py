"""What may be proposed as an action: a sentence that does something (a finite verb), not a question,
not a bare noun phrase and not a possibility ("sen avulla voidaan edistää …"); and never a sentence naming
another region (an existing plan's county)."""

from __future__ import annotations

import re

from assistant.drafting.extract import vocabulary

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def is_question(text: str) -> bool:
    """Starts with a question word, or ends with "?" without a verb of ours ("Muodostamme …, miten?" is an
    action with a note)."""
    words = _WORD.findall(text.lower())
    if words and words[0] in vocabulary()["question_words"]:
        return True
    return text.rstrip().endswith("?") and not any(w.endswith("mme") for w in words)


_NOMINAL = ("minen", "misen", "mista", "mistä", "miseen", "miseksi", "minta", "mintä", "mus", "mukse")


def _is_action_word(word: str) -> bool:
    """Finnish 1st person plural ("laadimme"), passive ("otetaan", "selvitetään") or an action stem."""
    if word.endswith("mme") and len(word) > 5:
        return True
    if re.search(r"(?:taan|tään)$", word) and len(word) > 6:
        return True
    return any(word.startswith(stem) and not word.endswith(_NOMINAL) for stem in vocabulary()["action_stems"])


def has_finite_verb(text: str) -> bool:
    """Finnish 1st person plural ("Laadimme", "kartoitamme"), passive ("otetaan", "selvitetään") or an
    action stem of the vocabulary; Swedish and English present tense ("vi kartlägger", "we define")."""
    lowered = text.lower()
    if re.search(r"\b(?:vi|we)\s+\w+", lowered):
        return True
    return any(_is_action_word(w) for w in _WORD.findall(lowered))


def is_possibility(text: str) -> bool:
    """A verb of possibility ("voidaan", "kan", "could") comes before any action verb: the sentence says
    what could be done, not what is done ("Järjestelmää selvitetään, jotta voidaan …" is still an action)."""
    words = _WORD.findall(text.lower())
    possible = set(vocabulary()["possibility_verbs"])
    for word in words:
        if word in possible:
            return True
        if _is_action_word(word):
            return False
    return False


def is_action(text: str) -> bool:
    return not is_question(text) and not is_possibility(text) and has_finite_verb(text)


def names_other_region(text: str, region: str) -> bool:
    """The text names a county or joint authority other than the plan's own region."""
    lowered, own = text.lower(), region.lower()
    for name in vocabulary()["region_names"]:
        if re.search(rf"\b{re.escape(name)}", lowered) and name not in own:
            return True
    return False
