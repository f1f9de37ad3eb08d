"""A corpus of hostile input files, generated (never downloaded), each with its expected outcome.

    .venv/bin/python -m tests.hostile.generate /tmp/hostile          # write the files for manual use
    .venv/bin/python -m tests.hostile.generate /tmp/hostile --list   # and print every case

`generate(folder)` writes every file into `folder` and returns the cases. A case says what each way into
the product must make of its file:

- `ingest`: `Indexer.sync` / `load_document` (content sniffing, ZIP checks, PDF and text loaders);
- `upload`: the knowledge-base page's upload (`handle_uploads`), which additionally only accepts the
  extensions pdf, docx, txt and md (defaults to `ingest`);
- `plan_import`: plan import (`assistant.importer`: JSON or DOCX told by content), which must refuse
  everything that is not a plan with an error code, or read the file and refuse the plan by validation.

An expectation is either a clean success (`OK`, optionally with the format the content must be detected
as) or an error code (`err("zip_bomb")`), optionally with a piece of text the error's detail must contain.
Large files are written sparsely or streamed, so the corpus costs little disk and is quick to build.

This module is the corpus's command and the names the tests and evals/reliability import. The parts live
beside it: `cases` (what a case expects), `corpus` (every case and `generate`), `paths` (`generate_paths`:
paths that are not regular files), and the builders per file kind (`pdf_builders`, `zip_builders`,
`text_builders`, `plan_builders`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.hostile.cases import Case, Expect
from tests.hostile.corpus import case_names, generate
from tests.hostile.paths import generate_paths
from tests.hostile.plan_builders import EXAMPLE_PLAN, example_plan_data
from tests.hostile.zip_builders import docx_bytes

__all__ = [
    "EXAMPLE_PLAN",
    "Case",
    "Expect",
    "case_names",
    "docx_bytes",
    "example_plan_data",
    "generate",
    "generate_paths",
    "main",
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max-upload-mb", type=float, default=50.0)
    parser.add_argument("--list", action="store_true", help="print every case and its expected outcomes")
    args = parser.parse_args(argv)
    cases = generate(args.folder, max_upload_mb=args.max_upload_mb)
    if args.list:
        for case in cases:
            outcomes = f"ingest: {case.ingest!s:38} upload: {case.upload!s:38} import: {case.plan_import!s}"
            print(f"{case.name:26} {outcomes}")
            print(f"{'':26} {case.what}")
    print(f"{len(cases)} files in {args.folder}")


if __name__ == "__main__":
    main()
