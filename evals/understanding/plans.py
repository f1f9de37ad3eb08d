"""Converts the blind set's simple plan form (evals/understanding/review/plans.yaml) to real plan JSON (the
schema of `python -m assistant.cli schema`), validated by the plan model.

    python evals/understanding/plans.py [--out DIR]     # writes <plan id>.json files
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.template.models import plan_model  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402

PLANS_FILE = Path(__file__).with_name("review") / "plans.yaml"


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def convert(simple: dict[str, Any]) -> dict[str, Any]:
    """One plan of the simple form as plan JSON (a dict that validates against the plan model)."""
    spec = load_template()
    area_keys = {a.name: a.key for a in spec.areas}
    sections = simple.get("sections") or {}
    data: dict[str, Any] = {
        "meta": {
            "title": simple.get("title", ""),
            "region": simple.get("region", ""),
            "language": simple.get("language", "fi"),
            "periods": {
                key: {"start": int(simple["periods"][key][0]), "end": int(simple["periods"][key][1])}
                for key in ("short", "long")
            },
        }
    }
    for section in spec.sections:
        data[section.key] = {f.key: _text(sections.get(f.key)) for f in section.fields}
    rows = simple.get("assessment") or []
    if rows:
        data["arviointitulokset"] = {
            "asteikko_min": 1,
            "asteikko_max": 5,
            "alueet": [
                {
                    "alue": area_keys[r["area"]],
                    "kypsyys": r.get("maturity"),
                    "tyytyvaisyys": r.get("satisfaction"),
                }
                for r in rows
            ],
        }
    data["toimenpiteet"] = [
        {
            "id": f"{simple['id']}-{n:02d}",
            "kehittamiskohde": a["target"],
            "toimenpide": _text(a.get("text")),
            "lyhyt_aikavali": _text(a.get("short")),
            "pitka_aikavali": _text(a.get("long")),
            "vastuuhenkilo": _text(a.get("responsible")),
            "edellytykset": _text(a.get("prerequisites")),
        }
        for n, a in enumerate(simple.get("actions") or [], 1)
    ]
    return plan_model().model_validate(data).model_dump(mode="json")


def load_plans(path: Path = PLANS_FILE) -> dict[str, dict[str, Any]]:
    simple = yaml.safe_load(path.read_text(encoding="utf-8"))["plans"]
    return {p["id"]: convert(p) for p in simple}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plans", type=Path, default=PLANS_FILE)
    ap.add_argument("--out", type=Path, default=Path("."))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for plan_id, plan in load_plans(args.plans).items():
        path = args.out / f"{plan_id}.json"
        path.write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
