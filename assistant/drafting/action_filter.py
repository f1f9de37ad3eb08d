"""What may be proposed as an action: a sentence that does something (a finite verb), not a question
and not a bare noun phrase; and never a sentence naming another region (an existing plan's county)."""

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


def has_finite_verb(text: str) -> bool:
    """Finnish 1st person plural ("Laadimme", "kartoitamme"), passive ("otetaan", "selvitetään") or an
    action stem of the vocabulary; Swedish and English present tense ("vi kartlägger", "we define")."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    if any(w.endswith("mme") and len(w) > 5 for w in words):
        return True
    if any(re.search(r"(?:taan|tään)$", w) and len(w) > 6 for w in words):
        return True
    if re.search(r"\b(?:vi|we)\s+\w+", lowered):
        return True
    nominal = ("minen", "misen", "mista", "mistä", "miseen", "miseksi", "minta", "mintä", "mus", "mukse")
    stems = vocabulary()["action_stems"]
    return any(w.startswith(stem) and not w.endswith(nominal) for w in words for stem in stems)


def is_action(text: str) -> bool:
    return not is_question(text) and has_finite_verb(text)


def names_other_region(text: str, region: str) -> bool:
    """The text names a county or joint authority other than the plan's own region."""
    lowered, own = text.lower(), region.lower()
    for name in vocabulary()["region_names"]:
        if re.search(rf"\b{re.escape(name)}", lowered) and name not in own:
            return True
    return False
