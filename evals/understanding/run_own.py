"""The reviewer helper's own generalisation questions (`review/own.yaml`, written from the facet definitions,
never from an eval split): facet and filters as read by the whole offline pipeline (`ask`, knowledge base
warm), scored separately for the "tune" half (even positions) and the "check" half (odd positions, never
tuned on).

    python evals/understanding/run_own.py [--part tune|check|all] [--failures] [--no-kb]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review import ask  # noqa: E402
from assistant.review.models import Answer  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.understanding.plans import load_plans  # noqa: E402
from evals.understanding.run_review import got_facet  # noqa: E402

HERE = Path(__file__).with_name("review")


def load_own(part: str = "all") -> list[dict[str, Any]]:
    rows = yaml.safe_load((HERE / "own.yaml").read_text(encoding="utf-8"))["questions"]
    out = []
    for i, (plan, lang, facet, question, filters) in enumerate(rows):
        half = "tune" if i % 2 == 0 else "check"
        if part in ("all", half):
            out.append(
                {"i": i, "part": half, "plan": plan, "lang": lang, "facet": facet, "question": question}
                | {"filters": filters or {}}
            )
    return out


def problems_of(row: dict[str, Any], answer: Answer) -> list[str]:
    got = got_facet(answer)
    if got != row["facet"]:
        return [f"facet {got} != {row['facet']}"]
    q = answer.query
    out: list[str] = []
    for key, want in row["filters"].items():
        if q is None:
            out.append(f"no query for {key}")
        elif key == "yes_no":
            if q.yes_no != want:
                out.append(f"yes_no {q.yes_no} != {want}")
        elif key == "plan_facet":
            if q.facet != want:
                out.append(f"plan facet {q.facet} != {want}")
        elif key == "person":
            if not (q.filters.person or "").startswith(want):
                out.append(f"person {q.filters.person} != {want}")
        else:
            value = getattr(q.filters, key)
            if value != want:
                out.append(f"{key} {value} != {want}")
    r = answer.result
    about_topic = "topic_mentioned" in (row["facet"], row["filters"].get("plan_facet"))
    if r is not None and r.facet == "topic_mentioned" and r.available and not r.count and not about_topic:
        out.append('false "not mentioned"')
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("tune", "check", "all"), default="tune")
    ap.add_argument("--failures", action="store_true")
    ap.add_argument("--no-kb", action="store_true")
    args = ap.parse_args()
    plans = load_plans(HERE / "plans.yaml")
    spec = load_template()
    kb = None
    if not args.no_kb:
        kb = build_knowledge_base(Settings(data_dir=ROOT / "data" / "eval-retrieval"))
        kb.indexer.sync()
    rows = load_own(args.part)
    by: dict[str, list[bool]] = defaultdict(list)
    failures = []
    for row in rows:
        answer = ask(plans[row["plan"]], row["question"], kb=kb, spec=spec, language="fi")
        problems = problems_of(row, answer)
        for key in (row["part"], row["lang"], row["facet"], "all"):
            by[key].append(not problems)
        if problems:
            failures.append((row, problems, answer.text.split("\n")[0][:200]))
    for key in sorted(by):
        ok = by[key]
        print(f"  {key:26s} {sum(ok)}/{len(ok)} = {sum(ok) / len(ok):.1%}")
    if args.failures:
        for row, problems, text in failures:
            print(f"\n#{row['i']} [{row['part']}/{row['lang']}/{row['facet']}] {row['question']}")
            print("   " + "; ".join(problems))
            print("   > " + text)


if __name__ == "__main__":
    main()
