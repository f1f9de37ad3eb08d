"""Reviewer questions of a blind-written facet file (the format of assistant/review/facet_training_*.yaml:
top-level keys are facets; `# fi` / `# sv` / `# en` comments give a group's language and a `# mixed` comment
before it marks a mixed group, listed under its plan part's facet): how the offline reader reads them.

    python evals/understanding/run_blind_facets.py FILE [--failures] [--no-kb]

Per facet: the plan facet read right (a mixed question's plan part), mixed told apart (a mixed question read
as mixed, another one not), both right, and clarifications asked. With the knowledge base (default), an
unanswerable question counts as right when the answer says neither source answers it; guidance when the
knowledge base is searched. Only for files that are no evaluation split (a training file, before it is
trained on: an honest before figure).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.review import ask  # noqa: E402
from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.template.spec import load_template  # noqa: E402
from evals.understanding.plans import load_plans  # noqa: E402
from evals.understanding.run_review import HERE, got_facet  # noqa: E402

PLAN_OF = {"fi": "plan_a", "sv": "plan_c", "en": "plan_b"}  # any plan: the reading is what is measured
_ITEM = re.compile(r"^\s+-\s+(.*)$")
_FACET = re.compile(r"^([a-z_]+):\s*$")
_QUOTED_NOTE = re.compile(r"""^(?P<text>(["']).*\2)\s+#(?P<note>.*)$""")
_NOTE = re.compile(r"^(?P<text>.*?)\s+#(?P<note>.*)$")
_MIXED_NOTE = re.compile(r"^mixed\b")


def read_items(path: Path) -> list[dict[str, Any]]:
    """(facet, lang, mixed, question) of every item, from the file's comments and keys."""
    out: list[dict[str, Any]] = []
    facet, lang, mixed, in_comments = "", "fi", False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if m := _FACET.match(line):
            facet, mixed, in_comments = m.group(1), False, False
        elif stripped.startswith("#"):
            if not in_comments:  # a new group's comments: its marks start afresh
                mixed, in_comments = False, True
            word = stripped.lstrip("#").strip().lower()
            if word in ("fi", "sv", "en"):
                lang = word
            elif word == "mixed":
                mixed = True
        elif m := _ITEM.match(line):
            in_comments = False
            text = m.group(1).strip()
            note = ""
            if not (len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'"):
                # an end-of-line comment ("…?  # mixed") is no part of the question, and may mark it mixed
                found = _QUOTED_NOTE.match(text) or _NOTE.match(text)
                if found:
                    text, note = found["text"].strip(), found["note"]
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
                text = text[1:-1]
            marked = mixed or _MIXED_NOTE.match(note.strip().lower()) is not None
            out.append({"facet": facet, "lang": lang, "mixed": marked, "question": text})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data" / "eval-retrieval")
    ap.add_argument("--failures", action="store_true")
    ap.add_argument("--no-kb", action="store_true")
    ap.add_argument(
        "--set", action="append", default=[], help="a facets.yaml setting tried (model_sure=0.35)"
    )
    args = ap.parse_args()
    if "test" in args.file.stem:
        sys.exit("not for a test split")
    items = read_items(args.file)
    plans = load_plans(HERE / "plans.yaml")
    spec = load_template()
    kb = None
    if not args.no_kb:
        kb = build_knowledge_base(Settings(data_dir=args.data_dir))
        kb.indexer.sync()
        kb.retriever.warm_up()
    tried = {k: float(v) for k, v in (s.split("=", 1) for s in args.set)}
    if tried:
        from assistant.retrieval.analyzer import Analyzer
        from assistant.review.answer import offline_interpreter

        reader = offline_interpreter(spec, kb.retriever.analyzer if kb else Analyzer(), kb)
        reader.vocabulary = reader.vocabulary.model_copy(update=tried)
    rows = []
    for item in items:
        answer = ask(plans[PLAN_OF[item["lang"]]], item["question"], kb=kb, spec=spec, language="fi")
        got = got_facet(answer)
        plan_facet = answer.query.facet if answer.query is not None and got != "clarify" else got
        if got == "unanswerable":
            plan_facet = "unanswerable"
        facet_ok = plan_facet == item["facet"]
        mixed_ok = (got == "mixed") == item["mixed"]
        rows.append(
            {**item, "got": got, "plan_facet": plan_facet, "facet_ok": facet_ok, "mixed_ok": mixed_ok}
        )

    def share(sub: list[dict[str, Any]], key: str) -> str:
        return f"{sum(r[key] for r in sub)}/{len(sub)}"

    for r in rows:
        r["both"] = r["facet_ok"] and r["mixed_ok"]
        r["clarify"] = r["got"] == "clarify"
    print(f"file: {args.file}  questions: {len(rows)}  (mixed: {sum(r['mixed'] for r in rows)})")
    print(f"plan facet right {share(rows, 'facet_ok')}, mixed told apart {share(rows, 'mixed_ok')}, ", end="")
    print(f"both {share(rows, 'both')}, clarification asked {share(rows, 'clarify')}")
    mixed = [r for r in rows if r["mixed"]]
    print(f"mixed questions read as mixed: {sum(r['got'] == 'mixed' for r in mixed)}/{len(mixed)}")
    by: dict[str, list] = defaultdict(list)
    for r in rows:
        by[r["facet"]].append(r)
    print(f"  {'facet':26s} {'facet':>7s} {'mixed':>7s} {'both':>7s}")
    for facet, sub in sorted(by.items()):
        cells = " ".join(f"{share(sub, key):>7s}" for key in ("facet_ok", "mixed_ok", "both"))
        print(f"  {facet:26s} {cells}")
    langs: dict[str, list] = defaultdict(list)
    for r in rows:
        langs[r["lang"]].append(r)
    print("per language (both): " + "  ".join(f"{k} {share(v, 'both')}" for k, v in sorted(langs.items())))
    if args.failures:
        for r in rows:
            if not r["both"]:
                mark = " [mixed]" if r["mixed"] else ""
                print(f"- {r['facet']}{mark} [{r['lang']}] {r['question']}")
                print(f"    got {r['got']} / {r['plan_facet']}")


if __name__ == "__main__":
    main()
