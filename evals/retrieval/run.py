"""Retrieval evaluation: hit@1, hit@5, MRR@10 for dense-only, BM25-only and hybrid, plus the relevance
floor on negatives, index build time, query latency p50/p95 and peak RSS.

    python evals/retrieval/run.py [--questions FILE] [--data-dir DIR] [--out FILE] [--rebuild]

The index is built (or reused) in its own data directory so the figures do not depend on the user's data.
A hit is a retrieved passage that contains one of the question's gold substrings (lower-cased, whitespace
collapsed). Ranking metrics are computed without the relevance floor; the floor is measured separately:
`answered` = share of questions whose floored result is non-empty, `neg_rejected` = share of negatives
whose floored result is empty.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402

MODES = ("dense", "bm25", "hybrid")


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def is_hit(text: str, gold: list[str]) -> bool:
    t = norm(text)
    return any(norm(g) in t for g in gold)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    idx = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[idx]


def evaluate(kb, questions: list[dict], negatives: list[dict]) -> dict:  # type: ignore[no-untyped-def]
    results: dict[str, dict] = {}
    per_question: list[dict] = []
    for mode in MODES:
        h1 = h5 = 0
        rr = 0.0
        answered = 0
        floor_h5 = 0
        by_lang: dict[str, list[int]] = {}
        for q in questions:
            res = kb.retriever.search(q["question"], k=10, mode=mode, apply_floor=False)
            ranks = [i for i, h in enumerate(res.hits) if is_hit(h.text, q["gold"])]
            first = ranks[0] if ranks else None
            h1 += first == 0
            h5 += first is not None and first < 5
            rr += 1.0 / (first + 1) if first is not None else 0.0
            by_lang.setdefault(q["lang"], []).append(int(first is not None and first < 5))
            floored = kb.retriever.search(q["question"], k=5, mode=mode)
            answered += bool(floored.hits)
            floor_h5 += any(is_hit(h.text, q["gold"]) for h in floored.hits)
            if mode == "hybrid":
                per_question.append(
                    {"id": q["id"], "rank": first, "top": res.hits[0].citation if res.hits else None}
                )
        rejected = sum(not kb.retriever.search(n["question"], k=5, mode=mode).hits for n in negatives)
        n = len(questions)
        results[mode] = {
            "hit@1": round(h1 / n, 3),
            "hit@5": round(h5 / n, 3),
            "mrr@10": round(rr / n, 3),
            "hit@5_by_lang": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_lang.items())},
            "answered": round(answered / n, 3),
            "hit@5_with_floor": round(floor_h5 / n, 3),
            "neg_rejected": round(rejected / len(negatives), 3) if negatives else None,
        }
    return {"metrics": results, "per_question": per_question}


def cli_search_figures(data_dir: Path, questions: list[dict]) -> tuple[float, float]:
    """Run the real `assistant search --queries-file` once; its wall time and peak RSS (MB).

    A small launcher process starts it, so the child's peak RSS is not inflated by this process (a fork
    starts with the parent's resident pages)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(q["question"] for q in questions))
    exe = Path(sys.executable).with_name("assistant")
    launcher = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [
            "/usr/bin/env",
            "python3",
            "-c",
            launcher,
            str(exe),
            "search",
            "--queries-file",
            fh.name,
            "-k",
            "5",
            "--json",
        ],
        env={**os.environ, "DATA_DIR": str(data_dir)},
        check=True,
        capture_output=True,
        text=True,
    )
    Path(fh.name).unlink()
    elapsed, rss = out.stdout.split()
    return float(elapsed), float(rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=Path, default=Path(__file__).with_name("questions.yaml"))
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON (e.g. baseline.json)")
    ap.add_argument("--rebuild", action="store_true", help="delete the eval index and build it from scratch")
    args = ap.parse_args()

    data = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    questions, negatives = data["questions"], data.get("negatives", [])

    if args.rebuild and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    settings = Settings(data_dir=args.data_dir)
    t0 = time.perf_counter()
    kb = build_knowledge_base(settings)
    report = kb.indexer.sync()
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    rerun = kb.indexer.sync()
    rerun_s = time.perf_counter() - t1

    kb.retriever.warm_up()
    latencies = []
    for _ in range(3):
        for q in questions:
            t = time.perf_counter()
            kb.retriever.search(q["question"], k=5)
            latencies.append((time.perf_counter() - t) * 1000)

    evaluation = evaluate(kb, questions, negatives)
    cli_s, cli_rss = cli_search_figures(args.data_dir, questions)
    out = {
        "questions": len(questions),
        "negatives": len(negatives),
        "embeddings": kb.embeddings.name,
        "chunks": kb.store.count(),
        "index_build_s": round(build_s, 2),
        "index_build_added": report.added,
        "reingest_unchanged_s": round(rerun_s, 3),
        "reingest_embedded": rerun.added,
        "query_ms_p50": round(statistics.median(latencies), 1),
        "query_ms_p95": round(percentile(latencies, 95), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cli_search_queries_file_s": round(cli_s, 2),
        "cli_search_peak_rss_mb": round(cli_rss, 1),
        "machine": f"{platform.machine()} {platform.python_version()}",
        **evaluation,
    }
    m = out["metrics"]
    print(
        f"questions {out['questions']}, negatives {out['negatives']}, "
        f"chunks {out['chunks']}, {out['embeddings']}"
    )
    print(
        f"{'mode':8} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'answered':>9} "
        f"{'hit@5+floor':>12} {'neg_rej':>8}"
    )
    for mode in MODES:
        r = m[mode]
        print(
            f"{mode:8} {r['hit@1']:6.3f} {r['hit@5']:6.3f} {r['mrr@10']:7.3f} {r['answered']:9.3f}"
            f" {r['hit@5_with_floor']:12.3f} {r['neg_rejected']!s:>8}"
        )
    print("hybrid hit@5 by language:", m["hybrid"]["hit@5_by_lang"])
    print(
        f"index build {out['index_build_s']} s ({out['index_build_added']} chunks embedded); "
        f"re-ingest unchanged {out['reingest_unchanged_s']} s ({out['reingest_embedded']} embedded); "
        f"query p50 {out['query_ms_p50']} ms, p95 {out['query_ms_p95']} ms; peak RSS {out['peak_rss_mb']} MB"
    )
    print(
        f"`assistant search --queries-file` ({len(questions)} queries, one process): "
        f"{out['cli_search_queries_file_s']} s, peak RSS {out['cli_search_peak_rss_mb']} MB"
    )
    misses = [p["id"] for p in evaluation["per_question"] if p["rank"] is None or p["rank"] >= 5]
    print("hybrid misses (not in top 5):", ", ".join(misses) or "none")
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
