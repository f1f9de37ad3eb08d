"""Drafting evaluation: scripted personas through the offline engine.

    python evals/drafting/run.py [--data-dir DIR]

Reports per persona and overall: turns, the share of proposals that validate (as actions of the plan,
once completed), the share with at least one citation, required fields complete at the end, whether the
final plan validates, and the offline turn latency p50/p95 (goal: p95 <= 300 ms on two cores).
Uses the knowledge base in DATA_DIR (built if missing) and a temporary plans database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.drafting.engine import DraftingEngine  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.storage import PlanStore  # noqa: E402
from assistant.template.models import Action  # noqa: E402
from assistant.template.validator import validate_plan  # noqa: E402
from evals.drafting.driver import load_personas, play  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def proposal_validates(proposal, plan) -> bool:  # type: ignore[no-untyped-def]
    """A proposal, completed with a schedule, a responsible person and prerequisites, is a valid action."""
    data = plan.model_dump(mode="json")
    action = Action(
        kehittamiskohde=proposal.kehittamiskohde,
        toimenpide=proposal.toimenpide,
        lyhyt_aikavali=f"{plan.meta.periods.short.start}",
        vastuuhenkilo="x",
        edellytykset="x",
        lahteet=proposal.lahteet,
    )
    data["toimenpiteet"] = [action.model_dump(mode="json")]
    report = validate_plan(data)
    return not any(f.path.startswith("/toimenpiteet") and f.severity == "error" for f in report.findings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON (e.g. baseline.json)")
    args = ap.parse_args()
    kb = build_knowledge_base(Settings(data_dir=args.data_dir))
    if kb.store.count() == 0:
        kb.indexer.sync()
    kb.retriever.warm_up()
    all_latencies: list[float] = []
    all_proposals = []
    personas_out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = PlanStore(f"sqlite:///{tmp}/plans.sqlite3")
        engine = DraftingEngine(store, kb.retriever)
        header = ("persona", "turns", "valid", "fields", "actions", "p50 ms", "p95 ms")
        print("{:16} {:>5} {:>6} {:>7} {:>8} {:>7} {:>7}".format(*header))
        for persona in load_personas():
            run = play(engine, persona)
            plan = store.get(run.plan_id).plan
            report = validate_plan(plan)
            required = [(s, f) for s in engine.spec.sections for f in s.fields if f.required]
            filled = sum(1 for s, f in required if getattr(getattr(plan, s.key), f.key).strip())
            personas_out.append(
                {
                    "id": persona["id"],
                    "turns": run.turns,
                    "plan_valid": report.valid,
                    "required_fields_filled": f"{filled}/{len(required)}",
                    "actions": len(plan.toimenpiteet),
                }
            )
            all_latencies += run.latencies_ms
            all_proposals += [(p, plan) for p in run.proposals]
            print(
                f"{persona['id']:16} {run.turns:5d} {report.valid!s:>6} {filled:>3}/{len(required):<3}"
                f" {len(plan.toimenpiteet):8d} {statistics.median(run.latencies_ms):7.0f}"
                f" {percentile(run.latencies_ms, 95):7.0f}"
            )
        store.close()
    n = len(all_proposals) or 1
    valid = sum(proposal_validates(p, plan) for p, plan in all_proposals)
    cited = sum(bool(p.lahteet) for p, _ in all_proposals)
    print(
        f"proposals shown {len(all_proposals)}: validate {valid / n:.3f}, with a citation {cited / n:.3f}; "
        f"turn latency p50 {statistics.median(all_latencies):.0f} ms, "
        f"p95 {percentile(all_latencies, 95):.0f} ms ({len(all_latencies)} turns)"
    )
    if args.out:
        _write(
            args.out,
            {
                "personas": personas_out,
                "proposals_shown": len(all_proposals),
                "proposals_validate": round(valid / n, 3),
                "proposals_with_citation": round(cited / n, 3),
                "turn_ms_p50": round(statistics.median(all_latencies), 1),
                "turn_ms_p95": round(percentile(all_latencies, 95), 1),
                "turns": len(all_latencies),
            },
        )


def _write(path: Path, data: dict[str, object]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
