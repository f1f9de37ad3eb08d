"""The refusal decision measured on the blind dev splits pooled and on the blind training files: for each
way of deciding (the rule checks alone, the answerability model on typed questions only, the model on
every question), the share of unanswerable questions refused, of answerable ones answered, and (dev
splits, which have gold passages) hit@5 after the decision.

    python evals/retrieval/refusal_eval.py [--sets dev,holdout_dev,...,train10|FILE.yaml] [--threshold T]
        [--dump FILE]

The dev splits are `evals/retrieval/blind/*dev.yaml` (never a test split); the training sets are the
training files beside the answerability model (`old` = refusal_training_blind.yaml, `train9`, `train10` =
refusal_training_blind9.yaml, refusal_training_blind10.yaml); a path to a YAML file of questions reads that
file (a new blind file, measured unseen before it is used). The model is trained on the dev splits and the
training files, so its figures here are in-sample; its held-out figures are those of
`python -m assistant.retrieval.refusal_build --folds 5`. `--dump` writes each question's features,
embedding and outcomes as JSON (for choosing a threshold without searching again).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.retrieval.refusal_features import typed_answer  # noqa: E402
from assistant.retrieval.refusal_model import TRAINING_FILES  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.retrieval.run_blind import BLIND, first_hit  # noqa: E402

DEV = ("dev", "holdout_dev", "fresh_dev", "fourth_dev", "fifth_dev", "sixth_dev")


def load(name: str) -> list[dict]:
    """A dev split, a training file by its short name, or any file of questions by its path (e.g. a new
    blind training file read as unseen before it is used)."""
    if name.endswith(".yaml"):
        return yaml.safe_load(Path(name).read_text(encoding="utf-8"))["questions"]
    if name in DEV:
        return yaml.safe_load((BLIND / f"{name}.yaml").read_text(encoding="utf-8"))["questions"]
    path = TRAINING_FILES[name]
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def outcomes(kb, questions: list[dict]) -> list[dict]:  # type: ignore[no-untyped-def]
    """Per question: passes the rules, its features and embedding, the shipped model's probability,
    whether the rules' hits hold the gold."""
    base = kb.retriever.settings
    kb.retriever.settings = base.model_copy(update={"answerability": "rules"})
    rows = []
    for q in questions:
        hits = kb.retriever.search(q["question"], k=5).hits
        features, vector = kb.retriever.answerability_inputs(q["question"])
        rows.append(
            {
                "question": q["question"],
                "lang": q["lang"],
                "answerable": bool(q["answerable"]),
                "rules": bool(hits),
                "hit": bool(q.get("gold")) and first_hit(hits, q["gold"]) is not None,
                "typed": typed_answer(q["question"]),
                "features": features,
                "vector": [] if vector is None else [round(float(v), 6) for v in vector],
                "probability": kb.retriever.answerable_probability(q["question"]),
            }
        )
    kb.retriever.settings = base
    return rows


def decide(row: dict, way: str, probability: float, threshold: float) -> bool:
    """Answered under this way of deciding."""
    if not row["rules"] or way == "rules":
        return row["rules"]
    if way == "typed" and not row["typed"]:
        return True
    return probability >= threshold


def summary(rows: list[dict], answered: list[bool]) -> dict[str, object]:
    ans = [(a, r["hit"]) for r, a in zip(rows, answered, strict=True) if r["answerable"]]
    una = [not a for r, a in zip(rows, answered, strict=True) if not r["answerable"]]
    return {
        "answered": f"{sum(a for a, _ in ans)}/{len(ans)}",
        "hit@5": f"{sum(a and h for a, h in ans)}/{len(ans)}",
        "refused": f"{sum(una)}/{len(una)}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join((*DEV, "old", "train9", "train10")))
    ap.add_argument("--threshold", type=float, default=None, help="default: the setting")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--dump", type=Path, default=None)
    args = ap.parse_args()
    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    kb.indexer.sync()
    kb.retriever.warm_up()
    threshold = args.threshold if args.threshold is not None else kb.settings.answerable_min_probability
    dump: dict[str, list[dict]] = {}
    for name in args.sets.split(","):
        rows = outcomes(kb, load(name))
        dump[name] = rows
    groups = {**dump, "dev pooled": [r for n in DEV if n in dump for r in dump[n]]}
    print(f"threshold {threshold}")
    for name, rows in groups.items():
        if not rows:
            continue
        for way in ("rules", "typed", "model"):
            answered = [
                decide(r, way, r["probability"] if r["probability"] is not None else 1.0, threshold)
                for r in rows
            ]
            line = summary(rows, answered)
            langs = {
                lang: summary(
                    [r for r in rows if r["lang"] == lang],
                    [a for r, a in zip(rows, answered, strict=True) if r["lang"] == lang],
                )
                for lang in ("fi", "sv", "en")
            }
            per_lang = "  ".join(f"{k}: ans {v['hit@5']} ref {v['refused']}" for k, v in langs.items())
            print(f"{name:12} {way:6} {line}  | {per_lang}")
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
