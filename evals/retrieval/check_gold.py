#!/usr/bin/env python3
"""Check the retrieval development set (questions.yaml) against the corpus.

Usage:
    python evals/retrieval/check_gold.py [CORPUS_DIR] [--questions PATH]

CORPUS_DIR defaults to <repo>/knowledge/corpus, falling back to <repo>/../shared/corpus.

For every question it checks that:
  * id is unique (across questions and negatives), lang is fi/sv/en, question is non-empty;
  * doc names an existing <doc>.txt in the corpus directory;
  * gold is a list of 1-3 strings, each 3-12 words, with no newline and no markup ("[bookmark:", "[image:");
  * each gold string occurs, after lowercasing and whitespace-collapsing, inside a single line
    of the named document (the same normalisation the retrieval runner applies).
Negatives must have id, lang and question and no gold.

Prints counts per language and per document, warnings for gold strings that are not distinctive
(found on many lines or in other documents), and exits non-zero listing any failures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_QUESTIONS = Path(__file__).resolve().parent / "questions.yaml"
LANGS = {"fi", "sv", "en"}
MIN_WORDS, MAX_WORDS = 3, 12
MAX_GOLD = 3
FORBIDDEN_MARKUP = ("[bookmark:", "[image:", "**")
# A gold string found on more lines than this (in its own doc) is reported as not distinctive.
MAX_LINES_WARN = 3


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def default_corpus_dir() -> Path:
    primary = REPO_ROOT / "knowledge" / "corpus"
    if primary.is_dir():
        return primary
    return (REPO_ROOT.parent / "shared" / "corpus").resolve()


def load_corpus(corpus_dir: Path) -> dict[str, list[str]]:
    docs: dict[str, list[str]] = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        docs[path.stem] = [norm(line) for line in lines]
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus_dir", nargs="?", type=Path, default=None)
    ap.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    args = ap.parse_args(argv)

    corpus_dir = args.corpus_dir or default_corpus_dir()
    if not corpus_dir.is_dir():
        print(f"FAIL: corpus directory not found: {corpus_dir}", file=sys.stderr)
        return 2
    docs = load_corpus(corpus_dir)
    if not docs:
        print(f"FAIL: no .txt files in {corpus_dir}", file=sys.stderr)
        return 2

    data = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    failures: list[str] = []
    warnings: list[str] = []

    if not isinstance(data, dict):
        print("FAIL: top level of questions file must be a mapping", file=sys.stderr)
        return 2
    if data.get("version") != 1:
        failures.append(f"version: expected 1, got {data.get('version')!r}")
    questions = data.get("questions") or []
    negatives = data.get("negatives") or []
    if not isinstance(questions, list) or not isinstance(negatives, list):
        print("FAIL: 'questions' and 'negatives' must be lists", file=sys.stderr)
        return 2

    ids: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    by_doc: Counter[str] = Counter()
    neg_by_lang: Counter[str] = Counter()

    def common(q: object, where: str, counter: Counter[str]) -> str | None:
        """Checks shared by questions and negatives; the id, or None when the entry is unusable."""
        qid = str(q.get("id", where)) if isinstance(q, dict) else where
        if not isinstance(q, dict):
            failures.append(f"{qid}: entry is not a mapping")
            return None
        ids[qid] += 1
        lang = q.get("lang")
        if lang not in LANGS:
            failures.append(f"{qid}: lang {lang!r} not in {sorted(LANGS)}")
        else:
            counter[lang] += 1
        if not str(q.get("question") or "").strip():
            failures.append(f"{qid}: empty question")
        return qid

    for i, q in enumerate(questions):
        qid = common(q, f"<questions[{i}]>", by_lang)
        if qid is None:
            continue
        doc = q.get("doc")
        if doc not in docs:
            failures.append(f"{qid}: doc {doc!r} not found in {corpus_dir}")
            continue
        by_doc[doc] += 1
        gold = q.get("gold")
        if not isinstance(gold, list) or not (1 <= len(gold) <= MAX_GOLD):
            failures.append(f"{qid}: gold must be a list of 1-{MAX_GOLD} strings")
            continue
        for g in gold:
            if not isinstance(g, str) or not g.strip():
                failures.append(f"{qid}: gold entry {g!r} is not a non-empty string")
                continue
            if "\n" in g or "\r" in g:
                failures.append(f"{qid}: gold {g!r} contains a newline")
                continue
            n_words = len(g.split())
            if not (MIN_WORDS <= n_words <= MAX_WORDS):
                failures.append(f"{qid}: gold {g!r} has {n_words} words (want {MIN_WORDS}-{MAX_WORDS})")
            for mark in FORBIDDEN_MARKUP:
                if mark in g:
                    failures.append(f"{qid}: gold {g!r} contains markup {mark!r}")
            if g.rstrip().endswith("-"):
                failures.append(f"{qid}: gold {g!r} ends with a hyphen (line-end word break?)")
            ng = norm(g)
            hits = [n for n, line in enumerate(docs[doc], 1) if ng in line]
            if not hits:
                failures.append(f"{qid}: gold {g!r} not found within a single line of {doc}.txt")
                continue
            if len(hits) > MAX_LINES_WARN:
                warnings.append(f"{qid}: gold {g!r} occurs on {len(hits)} lines of {doc} (not distinctive)")
            elsewhere = [d for d, lines in docs.items() if d != doc and any(ng in line for line in lines)]
            if elsewhere:
                warnings.append(f"{qid}: gold {g!r} also occurs in {', '.join(elsewhere)}")

    for i, q in enumerate(negatives):
        qid = common(q, f"<negatives[{i}]>", neg_by_lang)
        if qid is None:
            continue
        if q.get("gold"):
            failures.append(f"{qid}: negatives must not have gold")

    for qid, n in ids.items():
        if n > 1:
            failures.append(f"{qid}: id used {n} times")

    print(f"questions file: {args.questions}")
    print(f"corpus dir:     {corpus_dir}")
    print(f"questions: {sum(by_lang.values())}  negatives: {sum(neg_by_lang.values())}")
    print("per language:  " + ", ".join(f"{k}={by_lang[k]}" for k in sorted(LANGS)))
    print("negatives:     " + ", ".join(f"{k}={neg_by_lang[k]}" for k in sorted(LANGS)))
    print("per document:")
    for d in sorted(docs):
        print(f"  {by_doc[d]:3d}  {d}")
    missing = [d for d in docs if by_doc[d] == 0]
    if missing:
        warnings.append("documents without questions: " + ", ".join(missing))

    for w in warnings:
        print(f"WARN: {w}")
    if failures:
        print(f"\n{len(failures)} failure(s):", file=sys.stderr)
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
