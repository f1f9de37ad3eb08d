"""Training rows of the intent model from `data/training_*.yaml`, the training itself and a held-out check.

    python -m assistant.interpret.training            # or: make intent-model (writes the shipped weights)
    python -m assistant.interpret.training --folds 5  # 5-fold accuracy by written phrasing

Each written phrasing becomes rows at several moments where it may be typed (fields of its kind, with or
without proposals and actions), with its placeholders filled, and a misspelled copy (missing ä/ö, a
dropped or swapped letter): what users type. The rows are made with a fixed seed (the same every run)."""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.datafile import read_yaml
from assistant.interpret.classifier import MODEL_PATH, TRAINING_PATHS, IntentModel, train
from assistant.interpret.models import ACTION_FIELDS, INTENTS, InterpretContext
from assistant.template.spec import load_template

SEED = 20
SHORT = 30  # a written phrasing this short gets a second misspelled copy
MOMENTS = 3  # moments (contexts) each phrasing is placed at
MODEL_INTENTS = tuple(i for i in INTENTS if i not in ("set_periods", "assessment_results"))  # rule-only
PERSONS = [
    "Mikko Laine",
    "Sari Niemi",
    "Anna Ek",
    "Jussi Koski",
    "Leena Mattila",
    "Erik Sand",
    "Tiina Laakso",
]
ROLES = [
    "tietohallintojohtaja",
    "kehittämispäällikkö",
    "analytiikkapäällikkö",
    "talousjohtaja",
    "muutosjohtaja",
]
ROLES_EN = ["CIO", "head of analytics", "finance director", "development manager"]
DETAIL = ("schedule_short", "schedule_long", "responsible", "prerequisites")


@dataclass(frozen=True)
class Row:
    intent: str
    language: str
    text: str
    context: InterpretContext
    phrasing: int  # which written phrasing the row comes from (held-out checks split by phrasing)
    group: str = ""  # the group of phrasings it comes from ("training_blind.yaml#12")


def _fields(at: list[str] | str, text_fields: list[str]) -> list[str]:
    out: list[str] = []
    for name in [at] if isinstance(at, str) else at:  # `at: target` is one place, not its letters
        if name == "any":
            out += [*text_fields, "action_text", *DETAIL]
        elif name == "text":
            out += text_fields
        elif name == "detail":
            out += list(DETAIL)
        elif name == "target":
            out.append("action_text")
        else:
            out.append(name)
    return out


def _default_at(group: dict) -> list[str]:
    """Where a group without `at` is typed: anywhere, but a group typed while proposals are shown at a
    target's question (proposals are shown nowhere else)."""
    return ["target"] if group.get("proposals") == "yes" else ["any"]


def _fill(text: str, rng: random.Random, targets: list[str], areas: list[str]) -> str:
    year = rng.randint(2021, 2029)
    values = {
        "person": rng.choice(PERSONS),
        "person2": rng.choice(PERSONS),
        "role": rng.choice(ROLES),
        "role_en": rng.choice(ROLES_EN),
        "year": str(year),
        "year2": str(year + 1),
        "range": f"{year}{rng.choice(['-', '–', ' - '])}{year + rng.randint(1, 3)}",
        "n": str(rng.randint(1, 3)),
        "m": str(rng.randint(2, 4)),
        "target": rng.choice(targets),
        "area": rng.choice(areas).lower() if rng.random() < 0.5 else rng.choice(areas),
    }
    return text.format(**values)


def misspell(text: str, rng: random.Random) -> str:
    """A copy as typed in a hurry: umlauts left out, or a letter dropped or two swapped."""
    if any(c in text for c in "äöÄÖå") and rng.random() < 0.5:
        return text.replace("ä", "a").replace("ö", "o").replace("Ä", "A").replace("Ö", "O").replace("å", "a")
    spots = [i for i in range(1, len(text) - 2) if text[i].isalpha() and text[i + 1].isalpha()]
    if not spots:
        return text.lower()
    i = rng.choice(spots)
    if rng.random() < 0.5:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def rows(paths: tuple[Path, ...] = TRAINING_PATHS) -> list[Row]:
    """The rows of the training files `paths` (all of the package's by default)."""
    spec = load_template()
    targets = [t.name for a in spec.areas for t in a.targets]
    areas = [a.name for a in spec.areas]
    text_fields = [f.key for s in spec.sections for f in s.fields]
    rng = random.Random(SEED)
    out: list[Row] = []
    phrasing = 0
    for path in paths:
        for number, group in enumerate(read_yaml(path, strings=True)["groups"]):
            name = f"{path.name}#{number}"
            fields = _fields(group.get("at", _default_at(group)), text_fields)
            for lang in ("fi", "sv", "en"):
                for written in group.get(lang) or []:
                    phrasing += 1
                    for k in range(MOMENTS):
                        field = fields[(phrasing + k) % len(fields)] if k else rng.choice(fields)
                        context = _moment(group, field, lang, rng, targets, areas)
                        text = _fill(written, rng, targets, areas)
                        if k == MOMENTS - 1 and (lang == "fi" or rng.random() < 0.5):
                            text = misspell(text, rng)
                        out.append(Row(group["intent"], lang, text, context, phrasing, name))
                    if len(written) < SHORT:  # a short command is often mistyped: one more copy
                        text = misspell(_fill(written, rng, targets, areas), rng)
                        out.append(Row(group["intent"], lang, text, context, phrasing, name))
    return out


def _moment(
    group: dict, field: str, lang: str, rng: random.Random, targets: list[str], areas: list[str]
) -> InterpretContext:
    at_target = field in ACTION_FIELDS
    wants = group.get("proposals", "any")
    shown = field == "action_text" and (wants == "yes" or (wants == "any" and rng.random() < 0.4))
    has = group.get("actions", "any")
    actions = rng.randint(1, 3) if has == "yes" else 0 if has == "no" else rng.choice([0, 0, 1, 2])
    if not at_target and has != "yes":
        actions = 0
    target = rng.choice(targets) if at_target else None
    return InterpretContext(
        field=field,
        target=target,
        area=rng.choice(areas) if at_target else None,
        proposals=[1, 2, 3] if shown else [],
        actions=actions,
        language=lang,
    )


def featurise(data: list[Row]) -> list[list[str]]:
    from assistant.interpret.offline import OfflineInterpreter

    interpreter = OfflineInterpreter(None)
    return [interpreter.features(r.text, r.context) for r in data]


def cross_validate(data: list[Row], features: list[list[str]], folds: int = 5) -> dict[str, float]:
    """Accuracy on phrasings left out of training (every `folds`-th phrasing in turn, with all its rows:
    its moments and misspelled copies), overall and per language."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for fold in range(folds):
        held = [i for i, r in enumerate(data) if r.phrasing % folds == fold]
        kept = [i for i, r in enumerate(data) if r.phrasing % folds != fold]
        model = train([features[i] for i in kept], [data[i].intent for i in kept], MODEL_INTENTS)
        for i in held:
            p = model.probabilities(features[i])
            for key in ("all", data[i].language):
                total[key] += 1
                right[key] += max(p, key=p.__getitem__) == data[i].intent
    return {k: round(right[k] / total[k], 3) for k in total}


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintenance command
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=0, help="k-fold accuracy by phrasing (writes nothing)")
    args = parser.parse_args(argv)
    data = [r for r in rows() if r.intent in MODEL_INTENTS]
    phrasings = len({r.phrasing for r in data})
    print(f"{len(data)} rows from {phrasings} phrasings", dict(Counter(r.language for r in data)))
    features = featurise(data)
    if args.folds:
        print(f"{args.folds}-fold accuracy by phrasing:", cross_validate(data, features, args.folds))
        return 0
    model: IntentModel = train(features, [r.intent for r in data], MODEL_INTENTS)
    model.save(rows=len(data), phrasings=phrasings)
    print("written", MODEL_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
