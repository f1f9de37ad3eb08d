"""Split a blind hold-out set into holdout_dev.yaml / holdout_test.yaml, once, before anything uses it.

    python evals/split_holdout.py SRC.yaml DEST_DIR --key questions|items --strata lang,facet --seed N
                                  [--name holdout|fresh] [--alternate]

Stratified by the given item fields (dotted paths allowed, e.g. expected.facet), about 50/50: groups visited
in sorted key order, ids sorted then shuffled with one `random.Random(seed)`, the first half (rounded up)
to dev; with `--alternate` the extra item of an odd group goes to dev and test in turn (first to dev), so
that many small groups do not tilt the split towards dev. Writes NAME_dev.yaml and NAME_test.yaml; the
source file's header comment is kept in both outputs.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml


def _field(item: dict[str, Any], path: str) -> str:
    value: Any = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return str(value)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--key", required=True)
    ap.add_argument("--strata", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--name", default="holdout")
    ap.add_argument("--alternate", action="store_true")
    args = ap.parse_args()
    text = args.src.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    items = yaml.safe_load(text)[args.key]
    strata = args.strata.split(",")
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(tuple(_field(item, s) for s in strata), []).append(item)
    rng = random.Random(args.seed)
    dev_ids: set[str] = set()
    extra_to_dev = True
    for key in sorted(groups):
        ids = sorted(i["id"] for i in groups[key])
        rng.shuffle(ids)
        half = len(ids) // 2
        if len(ids) % 2:
            half += 1 if extra_to_dev or not args.alternate else 0
            extra_to_dev = not extra_to_dev
        dev_ids.update(ids[:half])
    for name, chosen in ((f"{args.name}_dev", True), (f"{args.name}_test", False)):
        part = [i for i in items if (i["id"] in dev_ids) == chosen]
        flags = " --alternate" if args.alternate else ""
        note = f"# {name}: split by evals/split_holdout.py --strata {args.strata} --seed {args.seed}{flags}\n"
        body = yaml.safe_dump({args.key: part}, allow_unicode=True, sort_keys=False, width=120)
        (args.dest / f"{name}.yaml").write_text(header + note + body, encoding="utf-8")
        print(f"{name}: {len(part)}")


if __name__ == "__main__":
    main()
