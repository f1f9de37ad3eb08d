"""Coverage analysis of a plan: computed from the plan and the template spec, never generated.

    report = analyse(plan, spec=load_template(), retriever=kb.retriever, language="fi")

Without a retriever (no knowledge base) the roadmap alignment is marked unavailable; everything else is
computed from the plan alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.i18n import load_catalog
from assistant.review.config import ReviewRules, load_rules
from assistant.review.dataprotection import find_mentions
from assistant.review.models import (
    ActionRef,
    AreaCoverage,
    AssessmentCoverage,
    AssessmentPriority,
    Balance,
    CoverageReport,
    DataProtectionCoverage,
    EmptyField,
    TargetCoverage,
    TargetRef,
    action_path,
)
from assistant.review.roadmap import align
from assistant.template.models import plan_model, plan_model_of
from assistant.template.spec import TemplateSpec, load_template

if TYPE_CHECKING:  # the knowledge base's search (bm25s, scipy, Chroma) loads only when one is given
    from assistant.retrieval.hybrid import HybridRetriever


def as_plan(plan: Any, spec: TemplateSpec | None = None) -> BaseModel:
    """A Plan model from a model or its JSON form (dict). Invalid data raises pydantic's ValidationError."""
    model = plan_model_of(spec) if spec is not None else plan_model()
    if isinstance(plan, model):
        return plan
    if isinstance(plan, BaseModel):
        plan = plan.model_dump(mode="json")
    return model.model_validate(plan)


def action_refs(plan: Any, spec: TemplateSpec) -> list[ActionRef]:
    refs: list[ActionRef] = []
    for index, action in enumerate(plan.toimenpiteet):
        area = spec.area_of_target(action.kehittamiskohde)
        refs.append(
            ActionRef(
                id=action.id,
                index=index,
                path=action_path(action.id),
                target=action.kehittamiskohde,
                area_key=area.key if area else None,
                text=action.toimenpide,
            )
        )
    return refs


def _target_key(spec: TemplateSpec, name: str) -> str | None:
    target = spec.target_by_name(name) or spec.closest_target(name)
    return target.key if target else None


def _areas(plan: Any, spec: TemplateSpec, language: str) -> list[AreaCoverage]:
    by_target: dict[str, list[Any]] = {}
    for action in plan.toimenpiteet:
        key = _target_key(spec, action.kehittamiskohde)
        if key is not None:
            by_target.setdefault(key, []).append(action)
    results = {r.alue: r for r in plan.arviointitulokset.alueet} if plan.arviointitulokset else {}
    areas: list[AreaCoverage] = []
    for area in spec.areas:
        targets: list[TargetCoverage] = []
        for target in area.targets:
            actions = by_target.get(target.key, [])
            targets.append(
                TargetCoverage(
                    key=target.key,
                    name=target.name,
                    label=target.display(language),
                    actions=len(actions),
                    action_ids=[a.id for a in actions],
                    missing_schedule=[a.id for a in actions if not (a.lyhyt_aikavali or a.pitka_aikavali)],
                    missing_long_term=[a.id for a in actions if a.lyhyt_aikavali and not a.pitka_aikavali],
                    missing_responsible=[a.id for a in actions if not a.vastuuhenkilo],
                    missing_prerequisites=[a.id for a in actions if not a.edellytykset],
                    short_term=sum(bool(a.lyhyt_aikavali) for a in actions),
                    long_term=sum(bool(a.pitka_aikavali) for a in actions),
                )
            )
        result = results.get(area.key)
        areas.append(
            AreaCoverage(
                key=area.key,
                name=area.name,
                label=area.label.get(language),
                section=area.section,
                actions=sum(t.actions for t in targets),
                targets=targets,
                targets_without_actions=(
                    [t.name for t in targets if not t.actions] if spec.has_action_table(area) else []
                ),
                missing_schedule=sum(len(t.missing_schedule) for t in targets),
                missing_long_term=sum(len(t.missing_long_term) for t in targets),
                missing_responsible=sum(len(t.missing_responsible) for t in targets),
                missing_prerequisites=sum(len(t.missing_prerequisites) for t in targets),
                short_term=sum(t.short_term for t in targets),
                long_term=sum(t.long_term for t in targets),
                maturity=result.kypsyys if result else None,
                satisfaction=result.tyytyvaisyys if result else None,
            )
        )
    return areas


def _targets_without_actions(areas: list[AreaCoverage], spec: TemplateSpec) -> list[TargetRef]:
    """Targets of the 3.4 areas without actions (HYÖDYT, in 3.5, has no action table: never listed)."""
    table = {a.key for a in spec.action_areas}
    out: list[TargetRef] = []
    for area in areas:
        if area.key not in table:
            continue
        for target in area.targets:
            if not target.actions:
                out.append(
                    TargetRef(
                        key=target.key,
                        name=target.name,
                        label=target.label,
                        area_key=area.key,
                        area_name=area.name,
                    )
                )
    return out


def empty_required(plan: Any, spec: TemplateSpec, language: str) -> list[EmptyField]:
    """Required sections, fields and one-of groups of the template left empty (as the validator sees them)."""
    out: list[EmptyField] = []
    for section in spec.sections:
        data = getattr(plan, section.key)
        filled = {f.key: bool(getattr(data, f.key).strip()) for f in section.fields}
        if section.required and not any(filled.values()):
            out.append(
                EmptyField(
                    section_id=section.id,
                    section_key=section.key,
                    label=section.title.get(language),
                    path=f"/{section.key}",
                    kind="section",
                )
            )
            continue
        for group in section.groups:
            for field in group.fields:
                if field.required and not filled[field.key]:
                    out.append(
                        EmptyField(
                            section_id=group.id,
                            section_key=section.key,
                            field_key=field.key,
                            label=field.label.get(language),
                            path=f"/{section.key}/{field.key}",
                        )
                    )
            if group.required_one_of and not any(filled[k] for k in group.required_one_of):
                labels = [
                    f"{f.letter}) {f.label.get(language)}" if f.letter else f.label.get(language)
                    for f in group.fields
                    if f.key in group.required_one_of
                ]
                out.append(
                    EmptyField(
                        section_id=group.id,
                        section_key=section.key,
                        field_key=group.required_one_of[0],
                        label=" / ".join(labels),
                        path=f"/{section.key}/{group.required_one_of[0]}",
                        kind="one_of",
                    )
                )
    return out


def _lowest(values: dict[str, float], n: int) -> set[str]:
    """Keys with the n lowest values, ties with the n-th value included."""
    if not values:
        return set()
    ordered = sorted(values.values())
    cut = ordered[min(n, len(ordered)) - 1]
    return {k for k, v in values.items() if v <= cut}


def assessment(
    plan: Any, areas: list[AreaCoverage], spec: TemplateSpec, rules: ReviewRules
) -> AssessmentCoverage:
    results = plan.arviointitulokset
    rows = (
        [r for r in results.alueet if r.kypsyys is not None or r.tyytyvaisyys is not None] if results else []
    )
    if not rows:
        return AssessmentCoverage(available=False)
    maturity = {r.alue: r.kypsyys for r in rows if r.kypsyys is not None}
    satisfaction = {r.alue: r.tyytyvaisyys for r in rows if r.tyytyvaisyys is not None}
    low_m = _lowest(maturity, rules.priorities.lowest)
    low_s = _lowest(satisfaction, rules.priorities.lowest)
    by_key = {a.key: a for a in areas}
    table_areas = {a.key for a in spec.action_areas}
    priorities: list[AssessmentPriority] = []
    for area in spec.areas:  # template order
        reasons = [
            reason
            for reason, chosen in (("lowest_maturity", low_m), ("lowest_satisfaction", low_s))
            if area.key in chosen
        ]
        if not reasons:
            continue
        coverage = by_key[area.key]
        priorities.append(
            AssessmentPriority(
                area_key=area.key,
                area_name=area.name,
                label=coverage.label,
                maturity=maturity.get(area.key),
                satisfaction=satisfaction.get(area.key),
                reasons=reasons,
                actions=coverage.actions,
                action_ids=[i for t in coverage.targets for i in t.action_ids],
            )
        )
    return AssessmentCoverage(
        available=True,
        scale_min=results.asteikko_min,
        scale_max=results.asteikko_max,
        priorities=priorities,
        # HYÖDYT (3.5) has no action table: a priority there is never "without actions"
        priorities_without_actions=[
            p.area_key for p in priorities if not p.actions and p.area_key in table_areas
        ],
    )


def balance(plan: Any) -> Balance:
    short, long = plan.meta.periods.short, plan.meta.periods.long
    actions = plan.toimenpiteet
    return Balance(
        short_period=f"{short.start}–{short.end}",
        long_period=f"{long.start}–{long.end}",
        short_term=sum(bool(a.lyhyt_aikavali) for a in actions),
        long_term=sum(bool(a.pitka_aikavali) for a in actions),
        both=sum(bool(a.lyhyt_aikavali and a.pitka_aikavali) for a in actions),
        short_only=[a.id for a in actions if a.lyhyt_aikavali and not a.pitka_aikavali],
        long_only=[a.id for a in actions if a.pitka_aikavali and not a.lyhyt_aikavali],
        unscheduled=[a.id for a in actions if not (a.lyhyt_aikavali or a.pitka_aikavali)],
    )


def data_protection(
    plan: Any, spec: TemplateSpec, language: str, rules: ReviewRules
) -> DataProtectionCoverage:
    mentions = find_mentions(plan, spec, spec.rules.data_protection_terms, language, rules.snippet_chars)
    return DataProtectionCoverage(
        addressed=bool(mentions),
        terms=list(spec.rules.data_protection_terms),
        mentions=mentions,
        sections=list(dict.fromkeys(m.path.split("/")[1] for m in mentions if m.action_id is None)),
        action_ids=list(dict.fromkeys(m.action_id for m in mentions if m.action_id is not None)),
    )


def _area_keys_without_actions(areas: list[AreaCoverage], spec: TemplateSpec) -> list[str]:
    table = {a.key for a in spec.action_areas}
    return [a.key for a in areas if not a.actions and a.key in table]


def analyse(
    plan: Any,
    *,
    spec: TemplateSpec | None = None,
    retriever: HybridRetriever | None = None,
    language: str = "fi",
    rules: ReviewRules | None = None,
) -> CoverageReport:
    """The coverage report of a plan (a Plan model or its JSON dict) in the given language."""
    spec = spec or load_template()
    rules = rules or load_rules()
    language = language if language in ("fi", "sv", "en") else "fi"
    load_catalog(language)  # fail early on a broken catalog rather than half-way
    plan = as_plan(plan, spec)
    refs = action_refs(plan, spec)
    areas = _areas(plan, spec, language)

    def missing(attr: str) -> list[ActionRef]:
        return [r for r, a in zip(refs, plan.toimenpiteet, strict=True) if not _has(a, attr)]

    return CoverageReport(
        language=language,
        title=plan.meta.title,
        region=plan.meta.region,
        schema_version=plan.schema_version,
        total_actions=len(refs),
        areas=areas,
        targets_without_actions=_targets_without_actions(areas, spec),
        areas_without_actions=_area_keys_without_actions(areas, spec),
        missing_schedule=missing("schedule"),
        missing_long_term=[
            r
            for r, a in zip(refs, plan.toimenpiteet, strict=True)
            if a.lyhyt_aikavali and not a.pitka_aikavali
        ],
        missing_responsible=missing("vastuuhenkilo"),
        missing_prerequisites=missing("edellytykset"),
        unknown_targets=[r for r in refs if _target_key(spec, r.target) is None],
        empty_required=empty_required(plan, spec, language),
        assessment=assessment(plan, areas, spec, rules),
        data_protection=data_protection(plan, spec, language, rules),
        balance=balance(plan),
        roadmap=align(refs, retriever, rules.roadmap, language),
    )


def _has(action: Any, attr: str) -> bool:
    if attr == "schedule":
        return bool(action.lyhyt_aikavali or action.pitka_aikavali)
    return bool(getattr(action, attr))
