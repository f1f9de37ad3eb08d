"""Assessment results read from a message: rows of area scores (maturity and satisfaction) in the forms
people type them —

- one area per line or segment, labels before the numbers or none: "Mittarit 2,0 2,4", "TIEDON KÄYTTÖ:
  kypsyys 2.4, tyytyväisyys 2.0", "tietotuotteet ja palvelut 3, tiedon jakaminen 2";
- labels after the numbers: "Mätarna fick 2,5 i mognad och 1,9 i nöjdhet";
- one block per label: "Kypsyys: mittarit 2.1, tiedon käyttö 2.4; tyytyväisyys: mittarit 1.7, …".

An area name (any language, inflected, with typos) must be followed by a score."""

from __future__ import annotations

import re

from assistant.interpret.models import AssessmentRow
from assistant.interpret.names import NameMatch, NameResolver, fold
from assistant.interpret.rules import RULE_CHARS, pattern, rules

KINDS = ("maturity", "satisfaction")
AREA_MIN = 0.75  # how well a segment's name must match an area's
CONTINUATION_WORDS = 3  # "… men bara 2,1 i nöjdhet": a labelled score this close after a row belongs to it
_PREPOSITION = r"(?:i|in|på|för|for|on|of|as)"


def _label_words() -> str:
    labels = rules()["assessment_labels"]
    return re.sub(r"\((?!\?)", "(?:", f"{labels['maturity']}|{labels['satisfaction']}")


def _kind(label: str) -> str | None:
    labels = rules()["assessment_labels"]
    for kind in KINDS:
        if pattern(labels[kind]).match(label):
            return kind
    return None


def _labels_follow(folded: str, label_words: str) -> str:
    """Labels written after their numbers ("3,2 i mognad") moved before them ("mognad 3,2"), when the
    text's first label comes after its first number."""
    first_label = re.search(label_words, folded)
    first_number = re.search(r"\d", folded)
    if first_label is None or first_number is None or first_label.start() < first_number.start():
        return folded
    number = r"(\d(?:[.,]\d{1,2})?)(?!\d)"
    after = re.compile(rf"{number}\s*(?:{_PREPOSITION}\s+)?({label_words})", re.IGNORECASE)
    return after.sub(lambda m: f"{m.group(2)} {m.group(1)}", folded)


def _blocks(folded: str, label_words: str) -> list[tuple[str | None, str]]:
    """The text cut into blocks that open with a label and a colon before names ("Kypsyys: mittarit 2.1,
    …; tyytyväisyys: …"), each with its kind; one block without a kind when there are none of both kinds."""
    heads = list(re.finditer(rf"({label_words})\s*:\s*(?=[^\d\s])", folded, re.IGNORECASE))
    kinds = {_kind(h.group(1)) for h in heads}
    if len(heads) < 2 or kinds != set(KINDS):
        return [(None, folded)]
    blocks: list[tuple[str | None, str]] = [(None, folded[: heads[0].start()])]
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(folded)
        blocks.append((_kind(head.group(1)), folded[head.end() : end]))
    return blocks


def assessment_rows(text: str, resolver: NameResolver) -> list[AssessmentRow]:
    """The rows given, in the order given (an area given in two blocks is one row)."""
    folded = fold(text[:RULE_CHARS])
    if not re.search(r"\d", folded):
        return []
    labels = rules()["assessment_labels"]
    only_satisfaction = bool(pattern(labels["satisfaction"]).search(folded)) and not pattern(
        labels["maturity"]
    ).search(folded)
    label_words = _label_words()
    folded = _labels_follow(folded, label_words)
    rows: list[tuple[str, dict[str, float | None]]] = []
    for kind, block in _blocks(folded, label_words):
        order = [kind] if kind else ["satisfaction"] if only_satisfaction else list(KINDS)
        _read_block(block, resolver, label_words, order, rows, merge=kind is not None)
    return [AssessmentRow(area=area, **values) for area, values in rows]


def _read_block(
    block: str,
    resolver: NameResolver,
    label_words: str,
    order: list[str],
    rows: list[tuple[str, dict[str, float | None]]],
    *,
    merge: bool,
) -> None:
    """Rows of one block appended to `rows` (`merge`: an area already given gets this block's values)."""
    # A segment: a name (no digits) then its scores with optional labels.
    segment = re.compile(
        rf"(?P<name>[^\d\n;:]{{1,80}}?)\s*[:=–-]?\s*(?P<scores>(?:(?:{label_words})?\s*[:=]?\s*\d(?:[.,]\d{{1,2}})?(?!\d)\s*(?:[,/]|\b(?:ja|och|and)\b)?\s*)+)",
        re.IGNORECASE,
    )
    last: dict[str, float | None] | None = None
    for m in segment.finditer(block):
        name = re.sub(label_words, " ", m.group("name"), flags=re.IGNORECASE)
        name = re.sub(r"^.*?:", "", name).strip(" .,:;-–")
        values, unlabelled = _scores(m.group("scores"), label_words)
        matches = _area(name, resolver)
        if not matches:
            if last is not None and len(name.split()) <= CONTINUATION_WORDS:
                for key, value in values.items():  # "… men bara 2,1 i nöjdhet": the row goes on
                    if value is not None and last[key] is None:
                        last[key] = value
            continue
        for key in order:
            if values[key] is None and unlabelled:
                values[key] = unlabelled.pop(0)
        if values["maturity"] is None and values["satisfaction"] is None:
            continue
        area = resolver.spec.area(matches[0].key).name
        given = [row for name, row in rows if name == area] if merge else []
        if given:
            last = given[0]
            for key, value in values.items():
                if value is not None and last[key] is None:
                    last[key] = value
        else:
            last = values
            rows.append((area, values))


def _area(name: str, resolver: NameResolver) -> list[NameMatch]:
    """The areas a segment's name matches; when the whole does not, its opening words ("Mätarna fick":
    the name, then what it got)."""
    words = name.split()
    for n in range(len(words), 0, -1):
        found = resolver.resolve(" ".join(words[:n]), limit=3)
        matches = [x for x in found if x.kind == "area" and x.score >= AREA_MIN]
        if matches:
            return matches
    return []


def _scores(scores: str, label_words: str) -> tuple[dict[str, float | None], list[float]]:
    """The labelled scores of a segment, and the unlabelled ones in order."""
    values: dict[str, float | None] = dict.fromkeys(KINDS)
    unlabelled: list[float] = []
    parts = re.findall(rf"({label_words})?\s*[:=]?\s*(\d(?:[.,]\d{{1,2}})?)(?!\d)", scores, re.IGNORECASE)
    for label, number in parts:
        value = float(number.replace(",", "."))
        kind = _kind(label) if label else None
        if kind is not None:
            values[kind] = value
        else:
            unlabelled.append(value)
    return values, unlabelled
