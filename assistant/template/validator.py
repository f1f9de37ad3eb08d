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
from assistant.sanitize import json_depth_exceeds
from assistant.template.models import plan_model_of, template_of
from assistant.template.schedule_years import cell_warning
from assistant.template.spec import TemplateSpec, load_template
from assistant.textutil import period_text, shorten_words

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays/objects read from JSON (a plan needs 6); deeper is refused in words."""
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
        self.language = language
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


def _field_name(loc: tuple[Any, ...], spec: TemplateSpec | None, language: str) -> str:
    """What a person calls the field at `loc`: the template's label where it has one, else its key."""
    keys = [p for p in loc if isinstance(p, str)]
    if spec is not None and keys:
        for section in spec.sections:
            if keys[0] == section.key and len(keys) > 1:
                for group in section.groups:
                    for f in group.fields:
                        if f.key == keys[1]:
                            letter = f"{f.letter}) " if f.letter else ""
                            return f"{group.id} {letter}{f.label.get(language)}"
        if keys[0] == "toimenpiteet":
            columns = {c.key: c.label for c in spec.table.columns}
            labels = {
                "kehittamiskohde": columns.get("kehittamiskohde"),
                "toimenpide": columns.get("toimenpiteet"),
                "lyhyt_aikavali": spec.periods.short.label,
                "pitka_aikavali": spec.periods.long.label,
                "vastuuhenkilo": spec.table.responsible_label,
                "edellytykset": columns.get("edellytykset"),
            }
            label = labels.get(keys[-1])
            if label is not None:
                number = next((p + 1 for p in loc if isinstance(p, int)), None)
                name = label.get(language)
                return (
                    f"{spec.table.id} {name} ({number})" if number is not None else f"{spec.table.id} {name}"
                )
            return f"{spec.table.id} {spec.table.title.get(language)}"
        if keys == ["meta", "title"] or keys == ["meta", "region"]:
            return load_catalog(language).t(f"validation.meta_{keys[1]}")
    return keys[-1] if keys else ""


def schema_findings(
    error: ValidationError,
    *,
    language: str = "fi",
    knowledge_dir: Path = KNOWLEDGE_DIR,
    prefix: tuple[Any, ...] = (),
) -> list[Finding]:
    """Findings (in `language`) of a pydantic error raised by a part of the plan at `prefix`, e.g. a text
    over its limit when the chat or an editor assigns it: the same codes and messages as `validate_plan`."""
    out = _Collector(language)
    _schema_findings(error, out, load_template(knowledge_dir), language, prefix)
    return out.findings


def _schema_findings(
    error: ValidationError,
    out: _Collector,
    spec: TemplateSpec | None = None,
    language: str = "fi",
    prefix: tuple[Any, ...] = (),
) -> None:
    for err in error.errors(include_url=False):
        loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        field = _field_name(loc, spec, language) if spec is not None else (str(loc[-1]) if loc else "")
        ctx = err.get("ctx") or {}
        if err["type"] in ("string_too_long", "too_long") and "max_length" in ctx:
            value = err.get("input")
            length = ctx.get("actual_length") or (len(value) if isinstance(value, str | list) else "?")
            code = "too_many_items" if isinstance(value, list) else "too_long"
            out.add("error", code, _pointer(loc), field=field, length=length, limit=ctx["max_length"])
            continue
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


def _check_limits(plan: BaseModel, spec: TemplateSpec, out: _Collector) -> None:
    """A plan read from storage may hold a text stored before its limit existed (template.models.STORED):
    each such text is an error here (export is blocked), named with its length and limit."""
    try:
        type(plan).model_validate(plan.model_dump(mode="json"))
    except ValidationError as exc:
        _schema_findings(exc, out, spec, out.language)


def _parse(data: Any, spec: TemplateSpec, out: _Collector) -> BaseModel | None:
    model = plan_model_of(spec)
    if isinstance(data, model):
        _check_limits(data, spec, out)
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
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            out.add("error", "nested_too_deeply", "", limit=MAX_JSON_DEPTH)
            return None
        try:
            data = json.loads(data, object_pairs_hook=_unique_keys)
        except _DuplicateKeyError as exc:
            out.add("error", "duplicate_key", "", field=exc.key)
            return None
        except json.JSONDecodeError as exc:
            out.add("error", "invalid_json", "", detail=f"{exc.msg} (line {exc.lineno}, column {exc.colno})")
            return None
        except RecursionError:
            out.add("error", "nested_too_deeply", "", limit=MAX_JSON_DEPTH)
            return None
        except ValueError as exc:  # e.g. an integer of thousands of digits
            out.add("error", "invalid_json", "", detail=str(exc).split(";")[0][:200])
            return None
    if not isinstance(data, dict):
        out.add("error", "invalid_json", "", detail=f"expected an object, got {type(data).__name__}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _schema_findings(exc, out, spec, out.catalog.language)
        return None


def _check_periods(plan: Any, out: _Collector) -> bool:
    short, long = plan.meta.periods.short, plan.meta.periods.long
    ok = short.start <= short.end and long.start <= long.end and short.end < long.start
    if not ok:
        out.add(
            "error",
            "invalid_periods",
            "/meta/periods",
            short=period_text(short.start, short.end),
            long=period_text(long.start, long.end),
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
        elif not action.pitka_aikavali:
            out.add("warning", "action_missing_long_term", f"{base}/pitka_aikavali", action=label)
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
                        period=period_text(period.start, period.end),
                        period_name=getattr(spec.periods, which).label.get(out.catalog.language),
                    )


def _check_areas(plan: Any, spec: TemplateSpec, out: _Collector, language: str) -> None:
    used = {a.key for act in plan.toimenpiteet if (a := spec.area_of_target(act.kehittamiskohde))}
    for area in spec.action_areas:
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
    data: Any,
    *,
    language: str = "fi",
    knowledge_dir: Path | None = None,
    spec: TemplateSpec | None = None,
) -> ValidationReport:
    """Check a plan (raw JSON/dict or model) against every rule of the template: `spec`, else the one in
    `knowledge_dir`, else the template the plan model was built from, else the default template."""
    out = _Collector(language)
    if spec is None:
        template = template_of(data) if knowledge_dir is None else None
        spec = template or load_template(knowledge_dir or KNOWLEDGE_DIR)
    plan = _parse(data, spec, out)
    if plan is None:
        return ValidationReport(findings=out.findings)
    periods_ok = _check_periods(plan, out)
    _check_sections(plan, spec, out, language)
    _check_actions(plan, spec, out, periods_ok)
    _check_assessment(plan, spec, out, language)
    _check_areas(plan, spec, out, language)
    _check_data_protection(plan, spec, out)
    return ValidationReport(findings=out.findings, plan=plan)
