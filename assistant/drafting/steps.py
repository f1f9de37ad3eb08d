"""The order of the conversation, derived from the template: 3.1 → 3.2 → assessment results → 3.3 →
3.4 (areas by priority, targets in template order) → 3.5 → done.

Step ids: `field:<section>.<field>`, `assessment`, `target:<target key>`, `done`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.template.spec import FieldSpec, GroupSpec, SectionSpec, TargetSpec, TemplateSpec

ASSESSMENT = "assessment"
DONE = "done"


@dataclass(frozen=True)
class FieldStep:
    id: str
    section: SectionSpec
    group: GroupSpec
    field: FieldSpec


@dataclass(frozen=True)
class TargetStep:
    id: str
    area_key: str
    target: TargetSpec


def field_step_id(section_key: str, field_key: str) -> str:
    return f"field:{section_key}.{field_key}"


def area_priority(spec: TemplateSpec, plan: Any) -> list[str]:
    """3.4 area keys: lowest maturity (then satisfaction) first when results exist, else template order."""
    keys = [a.key for a in spec.areas if a.section == "3.4"]
    results = plan.arviointitulokset
    if results is None or not results.alueet:
        return keys
    by_area = {r.alue: r for r in results.alueet}
    big = float("inf")

    def rank(key: str) -> tuple[float, float, int]:
        r = by_area.get(key)
        maturity = r.kypsyys if r and r.kypsyys is not None else big
        satisfaction = r.tyytyvaisyys if r and r.tyytyvaisyys is not None else big
        return (maturity, satisfaction, keys.index(key))

    return sorted(keys, key=rank)


def build_steps(spec: TemplateSpec, plan: Any) -> list[FieldStep | TargetStep | str]:
    steps: list[FieldStep | TargetStep | str] = []

    def fields_of(section_id: str) -> None:
        section = spec.section(section_id)
        for group in section.groups:
            for field in group.fields:
                steps.append(FieldStep(field_step_id(section.key, field.key), section, group, field))

    fields_of("3.1")
    fields_of("3.2")
    steps.append(ASSESSMENT)
    fields_of("3.3")
    for area_key in area_priority(spec, plan):
        for target in spec.area(area_key).targets:
            steps.append(TargetStep(f"target:{target.key}", area_key, target))
    fields_of("3.5")
    steps.append(DONE)
    return steps


def step_id(step: FieldStep | TargetStep | str) -> str:
    return step if isinstance(step, str) else step.id
