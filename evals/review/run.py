"""Review evaluation: reviewer questions (fi, sv, en) over fictional fixture plans, answered by
`assistant.review.ask` offline with the default knowledge base.

    python evals/review/run.py [--questions FILE] [--data-dir DIR] [--out FILE]

Reports, per question type:
  router accuracy   the answer's kind (plan / knowledge / mixed / unanswerable) and, for plan and mixed
                    questions, its intents equal the expected ones; also the answer language;
  plan exact match  the computed fact's items (ids, exact template names or JSON Pointers, as sets) and
                    figures equal the expected ones (roadmap: expected ⊆ matched ⊆ expected ∪ allowed);
  knowledge hit@5   a cited passage (at most 5) contains a gold string (lower-cased, whitespace collapsed;
                    the gold strings are checked to lie within one line of their document first);
  unanswerable      the answer says so.
The index is built (or reused) in its own data directory, as in evals/retrieval/run.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review import ask  # noqa: E402
from assistant.review.models import Answer, Fact  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.retrieval.check_gold import default_corpus_dir, load_corpus, norm  # noqa: E402

PLANS_DIR = Path(__file__).with_name("plans")


def check_gold(questions: list[dict[str, Any]]) -> list[str]:
    docs = load_corpus(default_corpus_dir())
    problems = []
    for q in questions:
        for gold in q.get("gold", []):
            if q.get("doc") not in docs:
                problems.append(f"{q['id']}: unknown doc {q.get('doc')!r}")
            elif not any(norm(gold) in line for line in docs[q["doc"]]):
                problems.append(f"{q['id']}: gold {gold!r} is not within one line of {q['doc']}")
    return problems


def fact_for(answer: Answer, intent: str) -> Fact | None:
    return next((f for f in answer.facts if f.intent == intent), None)


def plan_match(q: dict[str, Any], answer: Answer) -> tuple[bool, str]:
    """Whether the fact of the expected intent has exactly the expected items and figures."""
    fact = fact_for(answer, q["intent"])
    if fact is None:
        return False, f"no {q['intent']} fact"
    if q["intent"] == "roadmap_alignment":
        matched = {i.label for i in fact.items}
        wanted, allowed = set(q["labels"]), set(q.get("allow", []))
        ok = wanted <= matched <= wanted | allowed
        return ok, "" if ok else f"matched {sorted(matched)}"
    problems = []
    for key, attr in (("ids", "id"), ("labels", "label"), ("paths", "path")):
        if key in q:
            got = sorted(str(getattr(i, attr)) for i in fact.items)
            if got != sorted(q[key]) or len(fact.items) != len(q[key]):
                problems.append(f"{key}: got {got}")
    for key, value in (q.get("values") or {}).items():
        if fact.values.get(key) != value:
            problems.append(f"{key}: got {fact.values.get(key)!r}")
    for item_id, detail in (q.get("details") or {}).items():
        got = next((i.detail for i in fact.items if i.id == item_id), None)
        if got != detail:
            problems.append(f"{item_id}: got {got!r}")
    return not problems, "; ".join(problems)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=Path, default=Path(__file__).with_name("questions.yaml"))
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON (e.g. baseline.json)")
    args = ap.parse_args()

    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))["questions"]
    problems = check_gold(questions)
    if problems:
        sys.exit("gold problems:\n" + "\n".join(problems))
    plans = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(PLANS_DIR.glob("*.json"))}
    spec = load_template()
    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    kb.indexer.sync()
    kb.retriever.warm_up()
    passages = {}

    rows: list[dict[str, Any]] = []
    latencies: list[float] = []
    for q in questions:
        t = time.perf_counter()
        answer = ask(plans[q["plan"]], q["question"], kb=kb, spec=spec, language="fi")
        latencies.append((time.perf_counter() - t) * 1000)
        for c in answer.citations:  # full passage texts for the gold check
            if c.chunk_id not in passages:
                hit = kb.retriever.passage(c.chunk_id)
                passages[c.chunk_id] = hit.text if hit else ""
        expected_intents = [q["intent"]] if q["kind"] in ("plan", "mixed") else []
        row: dict[str, Any] = {
            "id": q["id"],
            "lang": q["lang"],
            "kind": q["kind"],
            "got_kind": answer.kind,
            "routed": answer.kind == q["kind"] and answer.intents == expected_intents,
            "language_ok": answer.language == q["lang"],
        }
        if q["kind"] in ("plan", "mixed"):
            row["plan_ok"], row["plan_detail"] = plan_match(q, answer)
        if "gold" in q:
            row["hit@5"] = any(
                norm(g) in norm(passages[c.chunk_id]) for c in answer.citations[:5] for g in q["gold"]
            )
        rows.append(row)

    def share(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    by_type: dict[str, dict[str, Any]] = {}
    for kind in ("plan", "knowledge", "mixed", "unanswerable"):
        sub = [r for r in rows if r["kind"] == kind]
        by_type[kind] = {
            "questions": len(sub),
            "router_accuracy": share([r["routed"] for r in sub]),
            "plan_exact_match": share([r["plan_ok"] for r in sub if "plan_ok" in r]),
            "knowledge_hit@5": share([r["hit@5"] for r in sub if "hit@5" in r]),
        }
    out = {
        "questions": len(rows),
        "plans": sorted(plans),
        "by_language": {lang: sum(r["lang"] == lang for r in rows) for lang in ("fi", "sv", "en")},
        "router_accuracy": share([r["routed"] for r in rows]),
        "language_accuracy": share([r["language_ok"] for r in rows]),
        "plan_exact_match": share([r["plan_ok"] for r in rows if "plan_ok" in r]),
        "knowledge_hit@5": share([r["hit@5"] for r in rows if "hit@5" in r]),
        "unanswerable_accuracy": by_type["unanswerable"]["router_accuracy"],
        "by_type": by_type,
        "answer_ms_p50": round(statistics.median(latencies), 1),
        "answer_ms_max": round(max(latencies), 1),
        "embeddings": kb.embeddings.name,
        "per_question": rows,
    }
    print(f"{out['questions']} questions over {len(plans)} plans; languages {out['by_language']}")
    print(f"{'type':13} {'n':>3} {'router':>7} {'plan EM':>8} {'hit@5':>6}")
    for kind, r in by_type.items():
        fmt = [
            f"{v:.3f}" if isinstance(v, float) else "   -"
            for v in (r["router_accuracy"], r["plan_exact_match"], r["knowledge_hit@5"])
        ]
        print(f"{kind:13} {r['questions']:3d} {fmt[0]:>7} {fmt[1]:>8} {fmt[2]:>6}")
    print(
        f"all: router {out['router_accuracy']}, language {out['language_accuracy']}, plan exact match "
        f"{out['plan_exact_match']}, knowledge hit@5 {out['knowledge_hit@5']}; answer time p50 "
        f"{out['answer_ms_p50']} ms, max {out['answer_ms_max']} ms"
    )
    for r in rows:
        if not r["routed"] or not r.get("plan_ok", True) or not r.get("hit@5", True) or not r["language_ok"]:
            print(f"MISS {r['id']}: kind {r['got_kind']}, {r.get('plan_detail', '')} hit {r.get('hit@5')}")
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
