"""Validate a plan against the template: every rule of the template becomes a structured finding.

`validate_plan` accepts raw data (JSON text, bytes or a dict) or a plan model and never raises for bad
input: schema errors (unknown fields, wrong types, malformed JSON) become findings too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.template.models import plan_model
from assistant.template.schedule_years import cell_warning
from assistant.template.spec import TemplateSpec, load_template
from assistant.textutil import shorten_words

Severity = Literal["error", "warning", "info"]


class Finding(BaseModel):
    severity: Severity
    code: str
    path: str = Field(description="JSON Pointer to the offending value ('' = the whole plan).")
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class ValidationReport(BaseModel):
    findings: list[Finding]
    plan: Any | None = Field(default=None, exclude=True)

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def by_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    def counts(self) -> dict[str, int]:
        return {s: len(self.by_severity(s)) for s in ("error", "warning", "info")}

    def to_json_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "findings": [f.model_dump() for f in self.findings]}


class _Collector:
    def __init__(self, language: str) -> None:
        self.catalog = load_catalog(language)
        self.findings: list[Finding] = []

    def add(self, severity: Severity, code: str, path: str, **params: Any) -> None:
        message = self.catalog.t(f"validation.{code}", **params)
        self.findings.append(Finding(severity=severity, code=code, path=path, message=message, params=params))


def _pointer(loc: tuple[Any, ...]) -> str:
    return "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in loc)


_SCHEMA_CODES = {
    "extra_forbidden": "unknown_field",
    "missing": "missing_field",
}


def _schema_findings(error: ValidationError, out: _Collector) -> None:
    for err in error.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        code = _SCHEMA_CODES.get(err["type"], "invalid_value")
        field = str(loc[-1]) if loc else ""
        out.add("error", code, _pointer(loc), field=field, detail=err["msg"])


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are unique (json.loads would silently keep the last of two values)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _parse(data: Any, spec_dir: Path, out: _Collector) -> BaseModel | None:
    model = plan_model(spec_dir)
    if isinstance(data, model):
        return data
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            out.add("error", "invalid_json", "", detail=f"not UTF-8: {exc.reason}")
            return None
    if isinstance(data, str):
        try:
            data = json.loads(data, object_pairs_hook=_unique_keys)
        except _DuplicateKeyError as exc:
            out.add("error", "duplicate_key", "", field=exc.key)
            return None
        except json.JSONDecodeError as exc:
            out.add("error", "invalid_json", "", detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})")
            return None
        except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
            out.add("error", "invalid_json", "", detail=type(exc).__name__)
            return None
    if not isinstance(data, dict):
        out.add("error", "invalid_json", "", detail=f"expected an object, got {type(data).__name__}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _schema_findings(exc, out)
        return None


def _check_periods(plan: Any, out: _Collector) -> bool:
    short, long = plan.meta.periods.short, plan.meta.periods.long
    ok = short.start <= short.end and long.start <= long.end and short.end < long.start
    if not ok:
        out.add(
            "error",
            "invalid_periods",
            "/meta/periods",
            short=f"{short.start}–{short.end}",
            long=f"{long.start}–{long.end}",
        )
    return ok


def _check_sections(plan: Any, spec: TemplateSpec, out: _Collector, language: str) -> None:
    for section in spec.sections:
        data = getattr(plan, section.key)
        filled = {f.key: bool(getattr(data, f.key).strip()) for f in section.fields}
        title = f"{section.id} {section.title.get(language)}"
        if section.required and not any(filled.values()):
            out.add("error", "required_section_empty", f"/{section.key}", section=title)
            continue
        for group in section.groups:
            for field in group.fields:
                if field.required and not filled[field.key]:
                    label = field.label.get(language)
                    out.add(
                        "error",
                        "required_field_empty",
                        f"/{section.key}/{field.key}",
                        section=group.id,
                        field=label,
                    )
            if group.required_one_of and not any(filled[k] for k in group.required_one_of):
                labels = [
                    f"{f.letter}) {f.label.get(language)}"
                    for f in group.fields
                    if f.key in group.required_one_of
                ]
                out.add(
                    "error",
                    "required_one_of",
                    f"/{section.key}/{group.required_one_of[0]}",
                    section=group.id,
                    fields=" / ".join(labels),
                )


def _check_actions(plan: Any, spec: TemplateSpec, out: _Collector, periods_ok: bool) -> None:
    seen: set[str] = set()
    short, long = plan.meta.periods.short, plan.meta.periods.long
    for i, action in enumerate(plan.toimenpiteet):
        base = f"/toimenpiteet/{i}"
        label = shorten_words(action.toimenpide, 60) or out.catalog.t("validation.action_number", n=i + 1)
        if action.id in seen:
            out.add("error", "duplicate_action_id", f"{base}/id", id=action.id)
        seen.add(action.id)

        if spec.target_by_name(action.kehittamiskohde) is None:
            close = spec.closest_target(action.kehittamiskohde)
            if close is not None:
                out.add(
                    "error",
                    "target_name_not_exact",
                    f"{base}/kehittamiskohde",
                    given=action.kehittamiskohde,
                    expected=close.name,
                )
            else:
                out.add("error", "unknown_target", f"{base}/kehittamiskohde", given=action.kehittamiskohde)

        if not action.toimenpide:
            out.add("error", "action_missing_text", f"{base}/toimenpide", action=label)
        if not action.lyhyt_aikavali and not action.pitka_aikavali:
            out.add("error", "action_missing_schedule", f"{base}/lyhyt_aikavali", action=label)
        if not action.vastuuhenkilo:
            out.add("error", "action_missing_responsible", f"{base}/vastuuhenkilo", action=label)
        if not action.edellytykset:
            out.add("error", "action_missing_prerequisites", f"{base}/edellytykset", action=label)

        if periods_ok:  # years are only checked, never an error: the cell is the county's own text
            for key, which, period in (("lyhyt_aikavali", "short", short), ("pitka_aikavali", "long", long)):
                outside = cell_warning(getattr(action, key), period.start, period.end)
                if outside:
                    out.add(
                        "warning",
                        "schedule_outside_period",
                        f"{base}/{key}",
                        action=label,
                        years=", ".join(map(str, outside)),
                        period=f"{period.start}–{period.end}",
                        period_name=getattr(spec.periods, which).label.get(out.catalog.language),
                    )


def _check_areas(plan: Any, spec: TemplateSpec, out: _Collector, language: str) -> None:
    used = {a.key for act in plan.toimenpiteet if (a := spec.area_of_target(act.kehittamiskohde))}
    for area in spec.areas:
        if area.key not in used:
            out.add("info", "area_empty", "", area=area.label.get(language) or area.name, area_key=area.key)


def _plan_text(plan: Any) -> str:
    return json.dumps(
        plan.model_dump(mode="json", exclude={"meta", "schema_version"}), ensure_ascii=False
    ).lower()


def _check_data_protection(plan: Any, spec: TemplateSpec, out: _Collector) -> None:
    text = _plan_text(plan)
    if not any(term in text for term in spec.rules.data_protection_terms):
        out.add("warning", "data_protection_missing", "")


def _check_assessment(plan: Any, spec: TemplateSpec, out: _Collector, language: str) -> None:
    results = plan.arviointitulokset
    if results is None:
        return
    lo, hi = results.asteikko_min, results.asteikko_max
    if lo >= hi:
        out.add("error", "assessment_scale_invalid", "/arviointitulokset", min=f"{lo:g}", max=f"{hi:g}")
        return
    seen: set[str] = set()
    for i, row in enumerate(results.alueet):
        if row.alue in seen:
            out.add(
                "error", "assessment_duplicate_area", f"/arviointitulokset/alueet/{i}/alue", area=row.alue
            )
        seen.add(row.alue)
        for key in ("kypsyys", "tyytyvaisyys"):
            value = getattr(row, key)
            if value is not None and not lo <= value <= hi:
                out.add(
                    "error",
                    "assessment_value_out_of_scale",
                    f"/arviointitulokset/alueet/{i}/{key}",
                    area=spec.area(row.alue).label.get(language),
                    area_key=row.alue,
                    value=f"{value:g}",
                    min=f"{lo:g}",
                    max=f"{hi:g}",
                )


def validate_plan(
    data: Any, *, language: str = "fi", knowledge_dir: Path = KNOWLEDGE_DIR
) -> ValidationReport:
    """Check a plan (raw JSON/dict or model) against every rule of the template."""
    out = _Collector(language)
    spec = load_template(knowledge_dir)
    plan = _parse(data, knowledge_dir, out)
    if plan is None:
        return ValidationReport(findings=out.findings)
    periods_ok = _check_periods(plan, out)
    _check_sections(plan, spec, out, language)
    _check_actions(plan, spec, out, periods_ok)
    _check_assessment(plan, spec, out, language)
    _check_areas(plan, spec, out, language)
    _check_data_protection(plan, spec, out)
    return ValidationReport(findings=out.findings, plan=plan)
