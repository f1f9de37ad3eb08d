"""Calibrate the roadmap alignment (assistant/review/rules.yaml roadmap.threshold and lexical_weight).

    python evals/review/calibrate_roadmap.py [--data-dir DIR] [--pairs FILE]

Labelled action texts (roadmap_pairs.yaml) are scored against the roadmap tasks the engine extracts from
the index. A positive is right when its labelled task scores at or above the threshold; a negative (and
every example action of the template) is right when no task does. For each lexical weight the script finds
the threshold range with the best balanced accuracy and proposes its middle; it also prints how the
configured values do, with the worst-scoring cases.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review.config import load_rules  # noqa: E402
from assistant.review.roadmap import extract_tasks, score_matrix  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402

WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)


def load_items(path: Path) -> list[tuple[str, str | None]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [(p["text"], p["task"]) for p in data["positives"]]
    items += [(n["text"], None) for n in data["negatives"]]
    items += [(e, None) for t in load_template().targets for e in t.examples]
    return items


def evaluate(scores: np.ndarray, labels: list[int | None], threshold: float) -> tuple[float, float]:
    """(recall on positives, share of negatives with no match)."""
    pos = [i for i, j in enumerate(labels) if j is not None]
    neg = [i for i, j in enumerate(labels) if j is None]
    recall = sum(scores[i, labels[i]] >= threshold for i in pos) / len(pos)  # type: ignore[index]
    clean = sum(scores[i].max() < threshold for i in neg) / len(neg)
    return recall, clean


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--pairs", type=Path, default=Path(__file__).with_name("roadmap_pairs.yaml"))
    args = ap.parse_args()

    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    kb.indexer.sync()
    rules = load_rules().roadmap
    tasks, _ = extract_tasks(kb.retriever.find(kind=rules.kind), rules.group_stems)
    index = {f"{t.group[:1]} {t.number}": j for j, t in enumerate(tasks)}
    items = load_items(args.pairs)
    unknown = [task for _, task in items if task is not None and task not in index]
    if unknown:
        sys.exit(f"labelled tasks not found among the extracted tasks: {unknown}")
    labels = [index[task] if task is not None else None for _, task in items]
    raw = score_matrix(
        kb.retriever, [text for text, _ in items], tasks, rules.model_copy(update={"lexical_weight": 0})
    )
    n_pos = sum(label is not None for label in labels)
    print(f"{len(tasks)} tasks, {n_pos} positives, {len(items) - n_pos} negatives")
    print(f"{'weight':>6} {'threshold':>9} {'range':>15} {'recall':>6} {'clean':>6}")
    for weight in WEIGHTS:
        scores = raw.cosine + weight * raw.lexical
        candidates = sorted({round(float(v), 4) for v in scores.ravel()})
        results = [(t, *evaluate(scores, labels, t)) for t in candidates]
        best = max((r + c) / 2 for _, r, c in results)
        good = [t for t, r, c in results if (r + c) / 2 == best]
        # the threshold range: from the lowest good candidate up to (not incl.) the next candidate
        upper = min((t for t in candidates if t > good[-1]), default=good[-1])
        middle = round((good[0] + upper) / 2, 3)
        recall, clean = evaluate(scores, labels, middle)
        print(f"{weight:6.2f} {middle:9.3f} {good[0]:7.3f}–{upper:.3f} {recall:6.3f} {clean:6.3f}")

    scores = raw.cosine + rules.lexical_weight * raw.lexical
    recall, clean = evaluate(scores, labels, rules.threshold)
    print(
        f"\nconfigured: lexical_weight {rules.lexical_weight}, threshold {rules.threshold}: "
        f"recall {recall:.3f}, negatives without a match {clean:.3f}"
    )
    pos = sorted((float(scores[i, j]), items[i][0]) for i, j in enumerate(labels) if j is not None)
    neg = sorted(
        ((float(scores[i].max()), items[i][0]) for i, j in enumerate(labels) if j is None), reverse=True
    )
    print("lowest positives:", *(f"  {s:.3f} {t[:70]}" for s, t in pos[:3]), sep="\n")
    print("highest negatives:", *(f"  {s:.3f} {t[:70]}" for s, t in neg[:3]), sep="\n")


if __name__ == "__main__":
    main()
