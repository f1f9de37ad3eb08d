"""Export evaluation: time every format on a complete plan and look at the DOCX as pages.

    python evals/export/run.py [--actions 3] [--runs 7] [--lang fi] [--out test-artifacts/export]

Builds `full_plan` (all 25 targets, N actions each), times `export_plan` per format (median and min of
several runs, after one warm-up), writes each file, converts the DOCX (and the draft DOCX) to PDF with
LibreOffice headless and to PNG pages with pdftoppm into the output directory (git-ignored), and prints
the page counts. If the DOCX importer exists, times importing the exported DOCX back, too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from assistant.export import FORMATS, export_plan  # noqa: E402
from evals.export.convert import ConversionError, pdf_pages, soffice, to_pdf, to_png  # noqa: E402
from tests.fixtures.plans import full_plan  # noqa: E402

TODAY = date(2020, 11, 16)


def timed(fn, runs: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    fn()  # warm-up: imports, template and catalog caches
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), result


def time_import(path: Path, plan, lang: str, runs: int) -> None:  # type: ignore[no-untyped-def]
    """Time reading the exported DOCX back (engineer B's importer) and check it equals the plan."""
    try:
        from assistant.importer import import_bytes
    except ImportError:
        print("import docx: assistant.importer is not available")
        return
    data = path.read_bytes()
    median, best, result = timed(lambda: import_bytes(data, name=path.name, language=lang), runs)
    same = result.plan is not None and _content(result.plan) == _content(plan)
    print(
        f"import docx: median {median * 1000:7.1f} ms, min {best * 1000:7.1f} ms, "
        f"{len(result.findings)} mapping findings, content equal to the exported plan: {same} "
        f"(not compared, a DOCX has no place for them: {', '.join(NOT_IN_DOCX)})"
    )


# Plan values the template's layout has no place for (so a hand-filled document has none either).
NOT_IN_DOCX = ("meta.created_at", "meta.updated_at", "action id", "tila", "alkupera")


def _content(plan) -> dict:  # type: ignore[no-untyped-def]
    data = plan.model_dump(mode="json")
    data["meta"].pop("created_at", None)
    data["meta"].pop("updated_at", None)
    for action in data["toimenpiteet"]:
        for key in ("id", "tila", "alkupera"):
            action.pop(key, None)
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--actions", type=int, default=3, help="actions per target")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--lang", default="fi", choices=("fi", "sv", "en"))
    ap.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "export")
    ap.add_argument("--no-render", action="store_true", help="skip the PDF/PNG conversion")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    plan = full_plan(actions_per_target=args.actions, language=args.lang)
    print(
        f"plan: {len(plan.toimenpiteet)} actions in 25 targets, language {args.lang}, {args.runs} runs each"
    )
    files: dict[str, Path] = {}
    for fmt in FORMATS:
        median, best, result = timed(
            lambda fmt=fmt: export_plan(plan, fmt, language=args.lang, today=TODAY), args.runs
        )
        path = out / f"full-plan-{args.lang}.{fmt}"
        path.write_bytes(result.data)  # type: ignore[attr-defined]
        files[fmt] = path
        size = len(result.data)  # type: ignore[attr-defined]
        figures = f"median {median * 1000:7.1f} ms, min {best * 1000:7.1f} ms"
        print(f"export {fmt:4}: {figures}, {size / 1024:6.1f} KiB")
    draft = export_plan(plan, "docx", language=args.lang, draft=True, today=TODAY)
    files["draft"] = out / f"full-plan-{args.lang}-draft.docx"
    files["draft"].write_bytes(draft.data)

    time_import(files["docx"], plan, args.lang, args.runs)

    if args.no_render:
        return
    if soffice() is None:
        print("render: LibreOffice (soffice) not installed, no PDF/PNG")
        return
    for key in ("docx", "draft"):
        start = time.perf_counter()
        try:
            pdf = to_pdf(files[key], out)
            pngs = to_png(pdf, out / pdf.stem)
        except ConversionError as exc:
            print(f"render {key}: {exc}")
            continue
        took = time.perf_counter() - start
        print(
            f"render {key}: {pdf.name}, {pdf_pages(pdf)} pages, {len(pngs)} PNG files in {out} ({took:.1f} s)"
        )


if __name__ == "__main__":
    main()
