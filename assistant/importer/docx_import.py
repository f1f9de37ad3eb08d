"""DOCX import: safe open, map the template layout back to a plan (`docx_mapper`), validate it."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.importer.docx_mapper import DocxMapper, RawAction, action_id
from assistant.importer.docx_reader import read_docx
from assistant.importer.errors import PlanImportError
from assistant.importer.labels import Labels
from assistant.importer.models import ImportResult, Location
from assistant.ingest.loaders.zipsafe import ZipLimits
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.models import plan_model
from assistant.template.schedule_years import period_of_text
from assistant.template.spec import TemplateSpec, load_assessment_model, load_template
from assistant.template.validator import validate_plan
from assistant.textutil import period_text

MIN_STRUCTURE = 2
"""How many template headings, field labels or action tables a document needs to count as a plan."""


@lru_cache(maxsize=4)
def _labels(knowledge_dir: Path) -> Labels:
    return Labels.build(load_template(knowledge_dir))


_CORE_PERIOD = re.compile(r"\b(short|long)=(\d{4})-(\d{4})\b")


def _core_periods(core: dict[str, Any]) -> Counter[tuple[int, int]]:
    """Periods our export also writes into the core properties (comments "short=2020-2021; long=...")."""
    found = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in _CORE_PERIOD.finditer(str(core.get("comments") or ""))
    }
    return Counter(found.values()) if len(found) == 2 else Counter()


def _periods(mapper: DocxMapper, spec: TemplateSpec, core: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Periods from the schedule labels ("2020–2021:") of the tables: the two most used ranges, the
    earlier is the short term. Without labels, the periods our export writes in the core properties;
    a missing one falls back to the template's default (reported)."""
    counts: Counter[tuple[int, int]] = Counter(r for a in mapper.actions for r in a.schedule.ranges())
    counts.update(mapper.skeleton_ranges)
    if not counts:
        counts = _core_periods(core)
    default = {
        "short": (spec.periods.short.start, spec.periods.short.end),
        "long": (spec.periods.long.start, spec.periods.long.end),
    }
    ranked = [r for r, _ in counts.most_common()]
    if len(ranked) > 2:
        mapper.add(
            "warning",
            "conflicting_periods",
            Location(),
            ranges=", ".join(period_text(a, b) for a, b in ranked),
        )
    chosen = sorted(ranked[:2])
    if len(chosen) == 2:
        short, long = chosen
    elif len(chosen) == 1:
        only = chosen[0]
        if only[0] >= default["long"][0] or only[0] > default["short"][1]:
            short, long = default["short"], only
            which = "short"
        else:
            short, long = only, default["long"]
            which = "long"
        missing = short if which == "short" else long
        label = getattr(spec.periods, which).label.get(mapper.catalog.language)
        mapper.add("info", "period_default", Location(), which=label, range=period_text(*missing))
    else:
        short, long = default["short"], default["long"]
        if mapper.actions:
            mapper.add(
                "info",
                "periods_default",
                Location(),
                short=period_text(*short),
                long=period_text(*long),
            )
    return {"short": {"start": short[0], "end": short[1]}, "long": {"start": long[0], "end": long[1]}}


def _action(
    raw: RawAction, position: int, mapper: DocxMapper, periods: dict[str, dict[str, int]]
) -> dict[str, Any]:
    short = (periods["short"]["start"], periods["short"]["end"])
    long = (periods["long"]["start"], periods["long"]["end"])
    parts: dict[str, list[str]] = {"lyhyt_aikavali": [], "pitka_aikavali": [], "vastuuhenkilo": []}
    column = mapper.column_name("aikataulu_ja_vastuuhenkilo")
    loc = raw.location.model_copy(update={"column": column})
    for segment in raw.schedule.segments:
        if segment.kind == "responsible":
            parts["vastuuhenkilo"].append(segment.text)
        elif segment.kind == "short" or (segment.kind == "range" and segment.period == short):
            parts["lyhyt_aikavali"].append(segment.text)
        elif segment.kind == "long" or (segment.kind == "range" and segment.period == long):
            parts["pitka_aikavali"].append(segment.text)
        elif segment.text:  # a label that is no period of the plan: the text is kept, placed by its years
            text = f"{segment.label}: {segment.text}"
            which = period_of_text(text, short, long) or "short"
            parts["lyhyt_aikavali" if which == "short" else "pitka_aikavali"].append(text)
            mapper.add("warning", "unknown_period", loc, label=segment.label, text=segment.text)
    if raw.schedule.unlabelled:  # schedule text without a label is kept too, in the period of its years
        which = period_of_text(raw.schedule.unlabelled, short, long) or "short"
        parts["lyhyt_aikavali" if which == "short" else "pitka_aikavali"].insert(0, raw.schedule.unlabelled)
    sources = []
    for number in raw.markers:
        entry = mapper.sources.resolve(number)
        if entry is None:
            mapper.add("warning", "unknown_source", raw.location, number=number)
            continue
        if not entry.exact:
            mapper.add("info", "source_without_id", raw.location, number=number)
        if entry.ref not in sources:
            sources.append(entry.ref)
    return {
        "id": action_id(position, raw.target),
        "kehittamiskohde": raw.target,
        "toimenpide": raw.text,
        **{k: "\n".join(t for t in v if t) for k, v in parts.items()},
        "edellytykset": raw.prerequisites,
        "lahteet": [s.model_dump() for s in sources],
        "alkupera": "template_example" if raw.template_example else "import",
    }


def _language(mapper: DocxMapper, core: dict[str, Any]) -> str:
    """The language of the headings and labels found; else the document's declared language; else fi."""
    if mapper.language_votes:
        return mapper.language_votes.most_common(1)[0][0]
    declared = str(core.get("language") or "").lower()[:2]
    return declared if declared in ("fi", "sv", "en") else "fi"


def build_plan_data(mapper: DocxMapper, core: dict[str, Any], spec: TemplateSpec) -> dict[str, Any]:
    periods = _periods(mapper, spec, core)
    sections: dict[str, dict[str, str]] = {}
    for section in spec.sections:
        sections[section.key] = {
            f.key: "\n".join(mapper.answers.get((section.key, f.key), [])) for f in section.fields
        }
    region = mapper.region or str(core.get("subject") or "").strip()
    if not region:
        region = sections.get("kuvaus", {}).get("sote_maakunta", "").split("\n")[0].strip()
        if region:
            mapper.add("info", "region_from_answer", Location(), region=region)
    title = mapper.title or str(core.get("title") or "").strip()
    actions = [_action(raw, n, mapper, periods) for n, raw in enumerate(mapper.actions, start=1)]
    return {
        "schema_version": spec.schema_version,
        "meta": {"title": title, "region": region, "language": _language(mapper, core), "periods": periods},
        **sections,
        "arviointitulokset": mapper.assessment.result(),
        "toimenpiteet": actions,
    }


def import_docx(
    data: bytes,
    *,
    name: str = "",
    language: str = "fi",
    knowledge_dir: Path = KNOWLEDGE_DIR,
    limits: ZipLimits | None = None,
) -> ImportResult:
    """The plan in a DOCX laid out like the template, what could not be mapped, and its validation.

    Raises `PlanImportError` when the file cannot be opened safely (zip bomb, unsafe names, corrupt,
    encrypted) or when no template structure is found in it (`not_a_plan`)."""
    content = read_docx(data, name, limits)
    labels = _labels(knowledge_dir)
    mapper = DocxMapper(labels, language=language, assessment_model=load_assessment_model(knowledge_dir))
    try:
        mapper.run(content)
        if mapper.structure_count() < MIN_STRUCTURE:
            raise PlanImportError("not_a_plan", name)
        plan_data = build_plan_data(mapper, content.core, labels.spec)
    except PlanImportError:
        raise
    except Exception as exc:  # a document shape we did not foresee: an error message, never a traceback
        raise PlanImportError("corrupt", name, f"{type(exc).__name__}: {str(exc)[:160]}") from exc
    try:
        plan = plan_model(knowledge_dir).model_validate(plan_data)
    except ValidationError:  # e.g. a text over its limit or too many actions: named, nothing stored
        refused = validate_plan(plan_data, language=language, knowledge_dir=knowledge_dir)
        return ImportResult(format="docx", plan=None, findings=mapper.findings, validation=refused)
    report = validate_plan(plan, language=language, knowledge_dir=knowledge_dir)
    return ImportResult(format="docx", plan=plan, findings=mapper.findings, validation=report)
