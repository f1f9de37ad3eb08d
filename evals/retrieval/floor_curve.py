"""The answerability trade-off on a blind split: for a grid of relevance-floor settings, the share of
answerable questions still answered and of unanswerable ones refused (evals/retrieval/blind).

    python evals/retrieval/floor_curve.py --split dev [--grid NAME=v1,v2 ...]

Each grid point runs the floored search (k=5) over every question with those settings; query vectors are
cached after the first point, so a point costs the retrieval only. Choose on dev; the chosen point is
reported on test by run_blind.py.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402

BLIND = Path(__file__).with_name("blind")
DEFAULT_GRID = [
    "min_dense_score=0.80,0.81,0.82,0.83,0.85,0.87,1.0",
    "min_dense_score_crosslingual=0.76,0.78,0.80,0.82,1.0",
    "min_bm25_coverage=0.5,0.6,0.7,0.8,1.01",
]


def _value(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def curve(kb, questions: list[dict], grid: dict[str, list]) -> list[dict]:  # type: ignore[no-untyped-def]
    base = kb.retriever.settings
    ans = [q for q in questions if q["answerable"]]
    una = [q for q in questions if not q["answerable"]]
    points = []
    for values in itertools.product(*grid.values()):
        update = dict(zip(grid, values, strict=True))
        kb.retriever.settings = base.model_copy(update=update)
        answered = sum(bool(kb.retriever.search(q["question"], k=5).hits) for q in ans)
        refused = sum(not kb.retriever.search(q["question"], k=5).hits for q in una)
        points.append(
            {**update, "answered": round(answered / len(ans), 3), "refused": round(refused / len(una), 3)}
        )
    kb.retriever.settings = base
    return points


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--grid", nargs="*", default=DEFAULT_GRID, help="NAME=v1,v2 (Settings fields)")
    args = ap.parse_args()
    if args.split.endswith("test"):
        sys.exit("choose floors on a dev split only; run_blind.py reports the chosen floor on test")
    questions = yaml.safe_load((BLIND / f"{args.split}.yaml").read_text(encoding="utf-8"))["questions"]
    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    kb.indexer.sync()
    grid = {}
    for spec in args.grid:
        name, values = spec.split("=", 1)
        grid[name] = [_value(v) for v in values.split(",")]
    points = curve(kb, questions, grid)
    # The Pareto front: no other point answers and refuses at least as many, one of them more.
    front = [
        p
        for p in points
        if not any(
            o["answered"] >= p["answered"]
            and o["refused"] >= p["refused"]
            and o != p
            and (o["answered"], o["refused"]) != (p["answered"], p["refused"])
            for o in points
        )
    ]
    print(f"{args.split}: {len(points)} points; the front (answered when answerable, refused when not):")
    seen = set()
    for p in sorted(front, key=lambda p: (-p["answered"], p["refused"])):
        key = (p["answered"], p["refused"])
        if key in seen:
            continue
        seen.add(key)
        settings = "  ".join(f"{k}={v}" for k, v in p.items() if k not in ("answered", "refused"))
        print(f"  answered {p['answered']:.3f}  refused {p['refused']:.3f}   {settings}")


if __name__ == "__main__":
    main()
