#!/usr/bin/env python3
"""Verify the blind retrieval eval set (dev.yaml + test.yaml).

Every gold text must be an exact substring of <corpus>/<doc>.txt that lies on ONE line of
the file, is 4-15 whitespace-separated words long, and does not start or end inside a word
that the text conversion split by hyphenation across lines. The corpus is read from
/work/shared/corpus/, falling back to /work/main/knowledge/corpus/ when the shared copy is absent.
Also checks ids, languages, kinds, the answerable flag and that dev/test are disjoint.
Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS_DIRS = [Path("/work/shared/corpus"), Path("/work/main/knowledge/corpus")]
LANGS = {"fi", "sv", "en"}
KINDS = {
    "fact",
    "howto",
    "list",
    "target_examples",
    "roadmap_task",
    "existing_plan",
    "guidance",
    "unanswerable",
}

_cache: dict[str, str] = {}


def corpus_text(doc: str) -> str | None:
    if doc not in _cache:
        for d in CORPUS_DIRS:
            p = d / f"{doc}.txt"
            if p.is_file():
                _cache[doc] = p.read_text(encoding="utf-8")
                break
        else:
            return None
    return _cache[doc]


def check_gold(doc: str, text: str) -> list[str]:
    errs = []
    full = corpus_text(doc)
    if full is None:
        return [f"corpus file for doc '{doc}' not found"]
    if "\n" in text or "\r" in text:
        errs.append("gold text contains a line break")
    if text not in full:
        return [*errs, "not an exact substring of the corpus file"]
    n = len(text.split())
    if not 4 <= n <= 15:
        errs.append(f"{n} words (must be 4-15)")
    lines = full.split("\n")
    hits = [i for i, line in enumerate(lines) if text in line]
    if not hits:
        errs.append("not contained within a single line")
    else:
        # hyphenation: the text must not begin with the tail of a word that the previous
        # line left hanging with '-', nor end with a word that continues on the next line.
        ok_any = False
        for i in hits:
            line = lines[i]
            start = line.find(text)
            while start != -1:
                end = start + len(text)
                bad = False
                if (
                    start == 0
                    and i > 0
                    and lines[i - 1].rstrip().endswith("-")
                    and line[:start].strip() == ""
                ):
                    bad = True
                if line[end:].strip() == "" and text.rstrip().endswith("-"):
                    bad = True
                if not bad:
                    ok_any = True
                    break
                start = line.find(text, start + 1)
            if ok_any:
                break
        if not ok_any:
            errs.append("touches a word split by hyphenation across lines")
    return errs


def main() -> int:
    problems: list[str] = []
    counts: dict[str, collections.Counter] = {}
    seen: dict[str, str] = {}
    n_gold = 0
    for split in ("dev", "test"):
        path = HERE / f"{split}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        qs = data["questions"]
        c: collections.Counter = collections.Counter()
        for q in qs:
            qid = q.get("id")
            if qid in seen:
                problems.append(f"{qid}: duplicate id (also in {seen[qid]})")
            seen[qid] = split
            for key in ("id", "lang", "kind", "question", "answerable", "gold"):
                if key not in q:
                    problems.append(f"{qid}: missing field {key}")
            if q.get("lang") not in LANGS:
                problems.append(f"{qid}: bad lang {q.get('lang')}")
            if q.get("kind") not in KINDS:
                problems.append(f"{qid}: bad kind {q.get('kind')}")
            gold = q.get("gold") or []
            if q.get("kind") == "unanswerable" or q.get("answerable") is False:
                if q.get("answerable") is not False or q.get("kind") != "unanswerable":
                    problems.append(f"{qid}: unanswerable kind/flag mismatch")
                if gold:
                    problems.append(f"{qid}: unanswerable item has gold")
            else:
                if q.get("answerable") is not True:
                    problems.append(f"{qid}: answerable flag must be true")
                if not 1 <= len(gold) <= 3:
                    problems.append(f"{qid}: needs 1-3 gold entries, has {len(gold)}")
            for g in gold:
                n_gold += 1
                for e in check_gold(g["doc"], g["text"]):
                    problems.append(f"{qid}: [{g['doc']}] {g['text']!r}: {e}")
            c[("lang", q.get("lang"))] += 1
            c[("kind", q.get("kind"))] += 1
            c[("all", "questions")] += 1
            for d in sorted({g["doc"] for g in gold}):
                c[("doc", d)] += 1
        counts[split] = c

    for split, c in counts.items():
        print(f"== {split}: {c[('all', 'questions')]} questions")
        for group in ("lang", "kind", "doc"):
            items = sorted((k[1], v) for k, v in c.items() if k[0] == group)
            print(f"  {group}: " + ", ".join(f"{k}={v}" for k, v in items))
    total = sum(c[("all", "questions")] for c in counts.values())
    print(f"== total: {total} questions, {n_gold} gold texts checked")
    if problems:
        print(f"FAIL: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        return 1
    print("OK: every gold text is an exact single-line substring of its corpus file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
