"""How the reviewer reads phrasings its facet model never saw: each blind-written training file
(`assistant/review/facet_training_blind*.yaml`, written from PRODUCT.md, the corpus and the facet names only)
held out of the facet model's training in turn, and read by the whole reviewer (`ask`: e5 similarity, rules,
the model trained on everything else, the knowledge base) as `run_blind_facets.py` reads a file. Dev splits
are saturated (they rest on phrasings written after reading them); this figure is not.

    python -m evals.understanding.review_heldout [--data-dir DIR] [--only blind9] [--failures]

Printed per held-out file: plan facet right, mixed told apart, both, clarification asked (as in
run_blind_facets.py), and the total over the files. A file without mixed marks (the first one lists mixed
questions under their plan part's facet unmarked) counts as right what has the plan facet right.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review import ask  # noqa: E402
from assistant.review.answer import offline_interpreter  # noqa: E402
from assistant.review.facet_build import train  # noqa: E402
from assistant.review.facet_model import TRAINING_FILES, training_rows  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.understanding.plans import load_plans  # noqa: E402
from evals.understanding.run_blind_facets import PLAN_OF, read_items  # noqa: E402
from evals.understanding.run_review import HERE, got_facet  # noqa: E402

BLIND = [p for p in TRAINING_FILES if "blind" in p.stem]


def read(item: dict[str, Any], answer: Any) -> dict[str, Any]:
    got = got_facet(answer)
    plan_facet = answer.query.facet if answer.query is not None and got != "clarify" else got
    if got == "unanswerable":
        plan_facet = "unanswerable"
    facet_ok = plan_facet == item["facet"]
    mixed_ok = (got == "mixed") == item["mixed"]
    return {
        **item,
        "got": got,
        "plan_facet": plan_facet,
        "both": facet_ok and mixed_ok,
        "facet_ok": facet_ok,
        "mixed_ok": mixed_ok,
        "clarify": got == "clarify",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--only", help="a part of one blind file's name (e.g. blind9)")
    ap.add_argument("--failures", action="store_true")
    ap.add_argument(
        "--set", action="append", default=[], help="a facets.yaml setting tried (model_weight=0.3)"
    )
    args = ap.parse_args()
    plans = load_plans(HERE / "plans.yaml")
    spec = load_template()
    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    kb.indexer.sync()
    kb.retriever.warm_up()
    reader = offline_interpreter(spec, kb.retriever.analyzer, kb)
    tried = {k: float(v) for k, v in (s.split("=", 1) for s in args.set)}
    if tried:
        reader.vocabulary = reader.vocabulary.model_copy(update=tried)
    total: list[dict[str, Any]] = []
    for held in BLIND:
        if args.only and args.only not in held.stem:
            continue
        kept = tuple(p for p in TRAINING_FILES if p != held)
        reader.model._model = train(reader, training_rows(reader.vocabulary, kept))
        rows = []
        for item in read_items(held):
            answer = ask(plans[PLAN_OF[item["lang"]]], item["question"], kb=kb, spec=spec, language="fi")
            rows.append(read(item, answer))
        if not any(r["mixed"] for r in rows):  # an older file with no mixed marks: the plan facet is judged
            for r in rows:
                r["both"] = r["facet_ok"]
        total += rows
        n = len(rows)
        print(
            f"{held.stem:28s} n={n:4d}  facet {sum(r['facet_ok'] for r in rows)}  mixed "
            f"{sum(r['mixed_ok'] for r in rows)}  both {sum(r['both'] for r in rows)} "
            f"({sum(r['both'] for r in rows) / n:.1%})  clarify {sum(r['clarify'] for r in rows)}"
        )
        if args.failures:
            for r in rows:
                if not r["both"]:
                    mark = " [mixed]" if r["mixed"] else ""
                    got = f"{r['got']}/{r['plan_facet']}"
                    print(f"  - {r['facet']}{mark} [{r['lang']}] {r['question']}  -> {got}")
    reader.model._model = None
    n = len(total)
    if n:
        print(
            f"total: both {sum(r['both'] for r in total)}/{n} = {sum(r['both'] for r in total) / n:.1%}, "
            f"clarify {sum(r['clarify'] for r in total)}"
        )


if __name__ == "__main__":
    main()
