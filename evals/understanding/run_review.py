"""Reviewer questions of the blind set (evals/understanding/review): interpret + answer offline, compare the
typed answer with the expected one.

    python evals/understanding/run_review.py --split dev [--failures]
    python evals/understanding/run_review.py --split test          # figures only: never tune on test
    python evals/understanding/run_review.py --questions evals/understanding/review/team_rev7.yaml --failures

Exactly right means: the facet (mixed = a plan facet plus the knowledge base; unanswerable = said so) and
every expected answer field: yes/no, count, items (as sets of exact names, action texts, field keys or
persons), short/long counts, no assessment; for guidance and mixed questions a gold passage within the first
five cited passages (contained, or cut at a chunk edge). Also printed: a false "not mentioned" count (an
answer saying the plan does not mention a topic that it does mention, or to a question not about a topic), the
clarification rate and the latency per question (knowledge base warm; a noisy shared machine).
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.retrieval.analyzer import Analyzer  # noqa: E402
from assistant.review import ask  # noqa: E402
from assistant.review.answer import offline_interpreter  # noqa: E402
from assistant.review.coverage import as_plan  # noqa: E402
from assistant.review.models import Answer  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.splits import splits  # noqa: E402
from evals.understanding.plans import load_plans  # noqa: E402

HERE = Path(__file__).with_name("review")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def gold_hit(gold: list[dict[str, str]], passages: list[str]) -> bool:
    """A gold text within a cited passage, or cut at a passage's edge (its first or last six words)."""
    for g in gold:
        text = norm(g["text"])
        ws = text.split()
        parts = [text] + ([" ".join(ws[:6]), " ".join(ws[-6:])] if len(ws) > 6 else [])
        if any(p in norm(passage) for passage in passages for p in parts):
            return True
    return False


def got_facet(answer: Answer) -> str:
    q = answer.query
    if answer.kind == "clarify" or q is None:
        return "clarify"
    if answer.kind == "unanswerable":
        return "unanswerable"
    if q.knowledge:
        return "mixed"
    return q.facet


def compare(expected: dict[str, Any], answer: Answer, passages: list[str]) -> list[str]:
    """What differs between the expected answer and the given one ([] = exactly right)."""
    facet = expected["facet"]
    filters = expected.get("filters") or {}
    want = expected.get("answer") or {}
    got = got_facet(answer)
    if got != facet:
        return [f"facet {got} != {facet}"]
    problems: list[str] = []
    plan_facet = filters.get("plan_facet", facet)
    if facet == "mixed" and answer.query is not None and answer.query.facet != plan_facet:
        problems.append(f"plan facet {answer.query.facet} != {plan_facet}")
    result = answer.result
    checks = {
        "count": lambda r: r.count,
        "yes_no": lambda r: r.yes_no,
        "short": lambda r: r.values.get("short"),
        "long": lambda r: r.values.get("long"),
    }
    for key, value in want.items():
        if key == "gold":
            if not gold_hit(value, passages[:5]):
                problems.append("no gold passage in the first five citations")
            continue
        if result is None:
            problems.append(f"no computed result for {key}")
            continue
        if key == "no_assessment":
            if result.available:
                problems.append("assessment reported although the plan has none")
        elif key == "items":
            got_items = sorted(i.value for i in result.items)
            if got_items != sorted(map(str, value)):
                problems.append(f"items {got_items} != {sorted(value)}")
        elif key in checks and checks[key](result) != value:
            problems.append(f"{key} {checks[key](result)} != {value}")
    return problems


def false_not_mentioned(expected: dict[str, Any], answer: Answer) -> bool:
    r = answer.result
    if r is None or r.facet != "topic_mentioned" or not r.available or r.count:
        return False
    facet = expected["facet"]
    plan_facet = (expected.get("filters") or {}).get("plan_facet", facet)
    return not (plan_facet == "topic_mentioned" and (expected.get("answer") or {}).get("yes_no") == "no")


def _burn() -> None:  # pragma: no cover - a background load
    while True:
        pass


def share(rows: list[dict[str, Any]]) -> str:
    n = len(rows)
    ok = sum(r["ok"] for r in rows)
    return f"{ok}/{n} = {ok / n:.1%}" if n else "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=splits(HERE), default="dev")
    ap.add_argument("--questions", type=Path, help="another question file (e.g. a team-written set)")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--failures", action="store_true", help="print each wrong answer (dev only)")
    ap.add_argument("--no-kb", action="store_true", help="no knowledge base (guidance is then unanswerable)")
    ap.add_argument("--cpu-load", type=int, default=0, help="busy background processes during the run")
    args = ap.parse_args()
    if args.failures and args.split.endswith("test"):
        sys.exit("--failures is for the dev split only: the test split is never read item by item")

    source = args.questions or HERE / f"{args.split}.yaml"
    if args.questions and args.questions.stem.endswith("test"):
        sys.exit("--questions is for files that are no test split")
    questions = yaml.safe_load(source.read_text(encoding="utf-8"))["questions"]
    plans = load_plans(HERE / "plans.yaml")
    spec = load_template()
    kb = None
    if not args.no_kb:
        kb = build_knowledge_base(Settings(data_dir=args.data_dir))
        kb.indexer.sync()
        kb.retriever.warm_up()
    ask(plans["plan_a"], "Montako toimenpidettä suunnitelmassa on?", kb=kb, spec=spec)  # warm up

    interpreter = offline_interpreter(spec, kb.retriever.analyzer if kb else Analyzer(), kb)
    models = {pid: as_plan(plan, spec) for pid, plan in plans.items()}
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.cpu_load)]
    for b in burners:
        b.start()
    rows: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    interpret_ms: list[float] = []
    for q in questions:
        start = time.perf_counter()
        interpreter.interpret(q["question"], models[q["plan"]], ui_language="fi")
        interpret_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        answer = ask(plans[q["plan"]], q["question"], kb=kb, spec=spec, language="fi")
        ms = (time.perf_counter() - start) * 1000
        passages = []
        for c in answer.citations:
            if c.chunk_id not in texts:
                hit = kb.retriever.passage(c.chunk_id) if kb else None
                texts[c.chunk_id] = hit.text if hit else c.quote
            passages.append(texts[c.chunk_id])
        problems = compare(q["expected"], answer, passages)
        rows.append(
            {
                "id": q["id"],
                "lang": q["lang"],
                "facet": q["expected"]["facet"],
                "ok": not problems,
                "problems": problems,
                "clarify": answer.kind == "clarify",
                "false_nm": false_not_mentioned(q["expected"], answer),
                "ms": ms,
                "question": q["question"],
                "text": answer.text,
            }
        )

    for b in burners:
        b.terminate()
    name = args.questions or args.split
    print(f"split: {name}  questions: {len(rows)}  background CPU load: {args.cpu_load} process(es)")
    print(f"exactly right: {share(rows)}")
    by_lang: dict[str, list] = defaultdict(list)
    by_facet: dict[str, list] = defaultdict(list)
    for r in rows:
        by_lang[r["lang"]].append(r)
        by_facet[r["facet"]].append(r)
    print("per language: " + "  ".join(f"{k} {share(v)}" for k, v in sorted(by_lang.items())))
    print("per facet:")
    for facet, sub in sorted(by_facet.items()):
        print(f"  {facet:26s} {share(sub)}")
    clarified = sum(r["clarify"] for r in rows)
    print(f'false "not mentioned": {sum(r["false_nm"] for r in rows)}')
    print(f"clarification asked: {clarified}/{len(rows)} = {clarified / len(rows):.1%}")
    ms = sorted(r["ms"] for r in rows)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"latency per question: p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms")
    ims = sorted(interpret_ms)
    ip95 = ims[min(len(ims) - 1, round(0.95 * (len(ims) - 1)))]
    print(f"offline interpretation alone: p50 {statistics.median(ims):.0f} ms, p95 {ip95:.0f} ms")
    if args.failures:
        for r in rows:
            if not r["ok"] or r["false_nm"]:
                print(f"\n{r['id']} [{r['lang']}/{r['facet']}] {r['question']}")
                print("   " + "; ".join(r["problems"]))
                print("   > " + r["text"].split("\n")[0][:300])


if __name__ == "__main__":
    main()
