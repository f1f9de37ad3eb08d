"""Blind retrieval evaluation (evals/retrieval/blind): hit@1, hit@5, MRR@10 overall, per language and per
question kind; the relevance floor on answerable and unanswerable questions; query latency p50/p95.

    python evals/retrieval/run_blind.py --split dev|test [--mode dense|bm25|hybrid|all]
        [--data-dir DIR] [--rebuild] [--out FILE] [--misses]

Tune on `--split dev` only. `--split test` prints aggregate figures only (no per-question lines), so the
held-out items are never read while tuning.

A hit is a retrieved passage of the gold document that contains one of the question's gold texts, compared
lower-cased with whitespace collapsed (U+00A0 included). Ranking figures are taken without the relevance
floor, over the answerable questions. The floor is measured on the floored result: `answered` = share of
answerable questions with a non-empty result, `refused` = share of unanswerable questions with an empty one.
Latency: one search per question (floored, k=5) with the query-vector cache emptied first, so the
embedding is included; the machine is shared, so latency figures are noisy.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.retrieval.run import norm, percentile  # noqa: E402
from evals.splits import splits  # noqa: E402

MODES = ("dense", "bm25", "hybrid")
BLIND = Path(__file__).with_name("blind")


def first_hit(hits, gold: list[dict]) -> int | None:  # type: ignore[no-untyped-def]
    for rank, h in enumerate(hits):
        text = norm(h.text)
        if any(g["doc"] == h.doc_id and norm(g["text"]) in text for g in gold):
            return rank
    return None


def _ratio(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def evaluate(kb, questions: list[dict], mode: str) -> dict:  # type: ignore[no-untyped-def]
    rows: list[dict] = []
    for q in questions:
        row: dict = {"id": q["id"], "lang": q["lang"], "kind": q["kind"], "answerable": q["answerable"]}
        floored = kb.retriever.search(q["question"], k=5, mode=mode)
        row["answered"] = bool(floored.hits)
        if q["answerable"]:
            res = kb.retriever.search(q["question"], k=10, mode=mode, apply_floor=False)
            row["rank"] = first_hit(res.hits, q["gold"])
            row["top"] = res.hits[0].citation if res.hits else None
            row["floored_hit"] = first_hit(floored.hits, q["gold"]) is not None
        rows.append(row)

    def summary(group: list[dict]) -> dict:
        ans = [r for r in group if r["answerable"]]
        una = [r for r in group if not r["answerable"]]
        ranks = [r["rank"] for r in ans]
        out: dict = {"n": len(group)}
        if ans:
            out |= {
                "hit@1": _ratio([r == 0 for r in ranks]),
                "hit@5": _ratio([r is not None and r < 5 for r in ranks]),
                "mrr@10": _ratio([1 / (r + 1) if r is not None else 0.0 for r in ranks]),
                "answered": _ratio([r["answered"] for r in ans]),
                "hit@5_with_floor": _ratio([r["floored_hit"] for r in ans]),
            }
        if una:
            out["refused"] = _ratio([not r["answered"] for r in una])
        return out

    by_lang = {lang: summary([r for r in rows if r["lang"] == lang]) for lang in ("fi", "sv", "en")}
    kinds = sorted({r["kind"] for r in rows})
    by_kind = {kind: summary([r for r in rows if r["kind"] == kind]) for kind in kinds}
    return {"overall": summary(rows), "by_lang": by_lang, "by_kind": by_kind, "rows": rows}


def latency(kb, questions: list[dict], mode: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Per question, one floored k=5 search with the query-vector cache emptied (embedding included), and
    one with the vector given (the retrieval itself: lexical, Chroma query, fusion, floor)."""
    total, search = [], []
    for q in questions:
        kb.retriever._vectors.clear()  # embedding included: a fresh question, not a cached one
        t = time.perf_counter()
        kb.retriever.search(q["question"], k=5, mode=mode)
        total.append((time.perf_counter() - t) * 1000)
        vector = kb.retriever.query_vector(q["question"])
        t = time.perf_counter()
        kb.retriever.search(q["question"], k=5, mode=mode, query_vector=vector)
        search.append((time.perf_counter() - t) * 1000)
    return {
        "query_ms_p50": round(statistics.median(total), 1),
        "query_ms_p95": round(percentile(total, 95), 1),
        "search_without_embedding_ms_p50": round(statistics.median(search), 1),
        "search_without_embedding_ms_p95": round(percentile(search, 95), 1),
    }


HINT_KINDS = ["guidance", "upload"]  # what TextFields.hint searches (assistant/drafting/fields.py)


def hint_sweep(kb, questions: list[dict], floors: list[float]) -> dict:  # type: ignore[no-untyped-def]
    """The drafting hint as the drafting engine decides it (TextFields.hint: the top guidance or upload
    passage, shown when the search answers, its cosine clears the floor and it shares the query's own
    words), with each blind question as the query. For each floor, over the questions answerable from those
    documents and the unanswerable ones: `right` = share of answerable questions shown a hint that holds
    the answer; `wrong` = share of shown hints that do not hold it (off topic, or on topic without the
    answer); `shown_unanswerable` = share of unanswerable questions shown a hint (noise)."""
    from assistant.drafting.fields import TextFields

    fields = TextFields(None, kb.retriever, None, advance=lambda ctx: None)  # type: ignore[arg-type]
    docs = {
        str(m.get("doc_id", "")) for m in kb.retriever._load_corpus().metas if m.get("kind") in HINT_KINDS
    }
    asked = [q for q in questions if not q["answerable"] or any(g["doc"] in docs for g in q["gold"])]
    base = kb.retriever.settings
    out = {}
    for floor in floors:
        kb.retriever.settings = base.model_copy(update={"hint_min_dense": floor})
        shown = []  # (answerable, holds the answer) per question shown a hint
        for q in asked:
            hit = fields.hint(q["question"])
            if hit is not None:
                shown.append((q["answerable"], q["answerable"] and first_hit([hit], q["gold"]) == 0))
        n_ans = sum(q["answerable"] for q in asked)
        n_una = len(asked) - n_ans
        out[f"{floor:.2f}"] = {
            "right": round(sum(r for _, r in shown) / n_ans, 3) if n_ans else 0.0,
            "wrong": _ratio([not r for _, r in shown]),
            "shown_unanswerable": round(sum(not a for a, _ in shown) / n_una, 3) if n_una else 0.0,
            "shown": len(shown),
        }
    kb.retriever.settings = base
    return out


def refusal_sweep(kb, questions: list[dict], thresholds: list[float]) -> dict:  # type: ignore[no-untyped-def]
    """The answerability model's threshold (Settings.answerable_min_probability): for each, the share of
    answerable questions answered, of unanswerable ones refused, and hit@5 with the decision (a question
    passes the floor and the checks, and then the model)."""
    if kb.retriever.answerable_probability("?") is None:  # no shipped model
        return {}
    base = kb.retriever.settings
    kb.retriever.settings = base.model_copy(update={"answerability": "rules"})
    rows = []  # (answerable, passes the checks, probability, floored hit)
    for q in questions:
        p = kb.retriever.answerable_probability(q["question"])
        hits = kb.retriever.search(q["question"], k=5).hits
        hit = q["answerable"] and first_hit(hits, q["gold"]) is not None
        rows.append((q["answerable"], bool(hits), p, hit))
    kb.retriever.settings = base
    out = {}
    for t in thresholds:
        ans = [(ok and p >= t, hit) for a, ok, p, hit in rows if a]
        una = [not ok or p < t for a, ok, p, _ in rows if not a]
        out[f"{t:.2f}"] = {
            "answered": _ratio([a for a, _ in ans]),
            "hit@5_with_floor": _ratio([a and h for a, h in ans]),
            "refused": _ratio(una),
        }
    return out


def _line(name: str, s: dict) -> str:
    parts = [f"{name:16} n={s['n']:3}"]
    if "hit@5" in s:
        parts.append(
            f"hit@1 {s['hit@1']:.3f}  hit@5 {s['hit@5']:.3f}  MRR@10 {s['mrr@10']:.3f}  "
            f"answered {s['answered']:.3f}  hit@5+floor {s['hit@5_with_floor']:.3f}"
        )
    if "refused" in s:
        parts.append(f"refused {s['refused']:.3f}")
    return "  ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=splits(BLIND), default="dev")
    ap.add_argument("--mode", choices=(*MODES, "all"), default="hybrid")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--rebuild", action="store_true", help="delete the eval index and build it from scratch")
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--hint-sweep", action="store_true", help="measure the drafting hint floor")
    ap.add_argument("--refusal-sweep", action="store_true", help="measure the answerability threshold")
    ap.add_argument("--misses", action="store_true", help="dev only: list the questions missed at 5")
    args = ap.parse_args()

    questions = yaml.safe_load((BLIND / f"{args.split}.yaml").read_text(encoding="utf-8"))["questions"]
    if args.rebuild and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    settings = Settings(data_dir=args.data_dir)
    t0 = time.perf_counter()
    kb = build_knowledge_base(settings)
    kb.indexer.sync()
    build_s = time.perf_counter() - t0
    kb.retriever.warm_up()

    modes = MODES if args.mode == "all" else (args.mode,)
    out: dict = {
        "split": args.split,
        "questions": len(questions),
        "embeddings": kb.embeddings.name,
        "chunks": kb.store.count(),
        "index_sync_s": round(build_s, 2),
        "machine": f"{platform.machine()} {platform.python_version()} (shared machine: latency is noisy)",
        "modes": {},
    }
    print(f"blind {args.split}: {len(questions)} questions, {out['chunks']} chunks, {out['embeddings']}")
    for mode in modes:
        result = evaluate(kb, questions, mode)
        times = latency(kb, questions, mode)
        rows = result.pop("rows")
        result |= times
        if args.split.endswith("dev"):
            result["per_question"] = [{k: r.get(k) for k in ("id", "rank", "answered", "top")} for r in rows]
        out["modes"][mode] = result
        print(
            f"\n== {mode} ==  query p50 {times['query_ms_p50']} ms, p95 {times['query_ms_p95']} ms "
            f"(without the embedding: p50 {times['search_without_embedding_ms_p50']} ms, "
            f"p95 {times['search_without_embedding_ms_p95']} ms)"
        )
        print(_line("overall", result["overall"]))
        for lang, s in result["by_lang"].items():
            print(_line(f"lang {lang}", s))
        for kind, s in result["by_kind"].items():
            print(_line(f"kind {kind}", s))
        if args.misses and args.split.endswith("dev"):
            for r in rows:
                if r["answerable"] and (r["rank"] is None or r["rank"] >= 5):
                    q = next(x for x in questions if x["id"] == r["id"])
                    print(f"  MISS {r['id']} [{r['lang']} {r['kind']}] {q['question']}  -> {r['top']}")
                if not r["answerable"] and r["answered"]:
                    print(f"  ANSWERED-UNANSWERABLE {r['id']} [{r['lang']}]")
    if args.hint_sweep:
        floors = [round(0.78 + 0.01 * i, 2) for i in range(13)]
        out["hint_floor"] = sweep = hint_sweep(kb, questions, floors)
        print(f"\ndrafting hint floor (now {kb.settings.hint_min_dense}):")
        for floor, r in sweep.items():
            print(
                f"  floor {floor}: right {r['right']:.3f}  wrong among shown {r['wrong']:.3f}  "
                f"shown for unanswerable {r['shown_unanswerable']:.3f}  (shown {r['shown']})"
            )
    if args.refusal_sweep:
        thresholds = [round(0.05 * i, 2) for i in range(0, 11)]
        out["refusal_threshold"] = sweep = refusal_sweep(kb, questions, thresholds)
        print(f"\nanswerability threshold (now {kb.settings.answerable_min_probability}):")
        for t, r in sweep.items():
            print(
                f"  {t}: answered {r['answered']:.3f}  hit@5+floor {r['hit@5_with_floor']:.3f}  "
                f"refused {r['refused']:.3f}"
            )
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
