"""Latency of the offline interpretation of a reviewer question (question → `ReviewQuery`), quiet and under a
background CPU load the script starts itself (figures, not a test; issue 11 goal: p95 <= 50 ms).

    python evals/review_latency.py [--split dev] [--rounds 3] [--load-procs 2] [--stages]

The questions are the blind review set's (`evals/understanding/review/<split>.yaml`, dev by default: only
the question texts are used, never the expected answers) over its fictional plans. The interpreter is built
and warmed once (the e5 model and the facet example vectors load before timing: a server process has them);
each question is then interpreted `--rounds` times. `--stages` also times the parts of one interpretation
(question embedding, template names, persons, the rest). Beside each figure the 1-minute load average before
the measurement: on a shared machine "quiet" is only as quiet as the other workers let it be.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.retrieval.analyzer import Analyzer  # noqa: E402
from assistant.review.answer import offline_interpreter  # noqa: E402
from assistant.review.coverage import as_plan  # noqa: E402
from assistant.review.slots import PersonFinder  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.understanding.plans import load_plans  # noqa: E402

HERE = ROOT / "evals" / "understanding" / "review"


def _burn() -> None:  # pragma: no cover - a background load
    while True:
        pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def figures(ms: list[float]) -> str:
    return (
        f"p50 {statistics.median(ms):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  max {max(ms):6.1f} ms"
        f"  (n={len(ms)})"
    )


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def measure(
    interpreter: Any, items: list[tuple[str, Any]], rounds: int, stages: bool
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for question, plan in items:
            out["interpret"].append(timed(lambda q=question, p=plan: interpreter.interpret(q, p)))
            if not stages:
                continue
            if interpreter.classifier is not None:
                out["  embed question"].append(
                    timed(lambda q=question: interpreter.classifier.embeddings.embed_query_vector(q))
                )
            out["  template names"].append(timed(lambda q=question: interpreter.names.resolve(q)))
            people = [a.vastuuhenkilo for a in plan.toimenpiteet if a.vastuuhenkilo]
            out["  persons"].append(
                timed(lambda q=question, r=people: PersonFinder(r, interpreter.analyzer).find(q))
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "holdout_dev"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--load-procs", type=int, default=2, help="busy processes for the 'load' measurement")
    ap.add_argument("--stages", action="store_true", help="also time the parts of an interpretation")
    args = ap.parse_args()

    questions = yaml.safe_load((HERE / f"{args.split}.yaml").read_text(encoding="utf-8"))["questions"]
    plans = load_plans(HERE / "plans.yaml")
    spec = load_template()
    models = {pid: as_plan(plan, spec) for pid, plan in plans.items()}
    items = [(q["question"], models[q["plan"]]) for q in questions]
    start = time.perf_counter()
    interpreter = offline_interpreter(spec, Analyzer())
    for question, plan in items[:3]:  # model, example vectors, analyzer caches
        interpreter.interpret(question, plan)
    print(f"cold start (interpreter built, first three questions): {(time.perf_counter() - start):.1f} s")

    for mode in ("quiet", "load"):
        burners = []
        load = os.getloadavg()[0]
        if mode == "load":
            burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.load_procs)]
            for b in burners:
                b.start()
            time.sleep(1.0)
        try:
            results = measure(interpreter, items, args.rounds, args.stages)
        finally:
            for b in burners:
                b.terminate()
        extra = f", {args.load_procs} busy processes" if mode == "load" else ""
        print(f"\n{mode} (load average {load:.2f} before{extra}):")
        for name, ms in results.items():
            print(f"  {name:18s} {figures(ms)}")


if __name__ == "__main__":
    main()
