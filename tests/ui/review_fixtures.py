"""Plans with known gaps for the reviewer page and chart tests (built from the shared `full_plan`).

`gap_plan()` has one action per target except the targets of `EMPTY_AREA` (none), and a few actions with
a field removed; `Gaps` records exactly what was removed so that tests compare the page's figures with
the plan itself, not with the analysis under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.template.spec import load_template
from tests.fixtures.plans import full_plan

EMPTY_AREA = "mittarit"  # every target of this area loses its actions
NO_RESPONSIBLE = (0, 5)  # indexes (in the final action list) whose responsible person is removed
NO_SCHEDULE = (1,)  # both periods removed
NO_PREREQUISITES = (2, 5, 7)


@dataclass
class Gaps:
    empty_targets: list[str] = field(default_factory=list)
    no_responsible: list[str] = field(default_factory=list)
    no_schedule: list[str] = field(default_factory=list)
    no_prerequisites: list[str] = field(default_factory=list)

    @property
    def incomplete(self) -> set[str]:
        return {*self.no_responsible, *self.no_schedule, *self.no_prerequisites}


def gap_plan(*, assessment: bool = True) -> tuple[Any, Gaps]:
    spec = load_template()
    plan: Any = full_plan(actions_per_target=1)
    empty = [t.name for t in spec.area(EMPTY_AREA).targets]
    plan.toimenpiteet = [a for a in plan.toimenpiteet if a.kehittamiskohde not in empty]
    gaps = Gaps(empty_targets=empty)
    for index in NO_RESPONSIBLE:
        plan.toimenpiteet[index].vastuuhenkilo = ""
        gaps.no_responsible.append(plan.toimenpiteet[index].id)
    for index in NO_SCHEDULE:
        plan.toimenpiteet[index].lyhyt_aikavali = ""
        plan.toimenpiteet[index].pitka_aikavali = ""
        gaps.no_schedule.append(plan.toimenpiteet[index].id)
    for index in NO_PREREQUISITES:
        plan.toimenpiteet[index].edellytykset = ""
        gaps.no_prerequisites.append(plan.toimenpiteet[index].id)
    if not assessment:
        plan.arviointitulokset = None
    return plan, gaps
