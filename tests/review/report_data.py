"""Data of the review report tests: a hand-made coverage report over the example plan (figures chosen by
the test), review comments (a hostile one, a resolved one, one on a removed action), an answer with facts
and citations, comments stored in a real PlanStore, and a DOCX's tables as text."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from docx import Document

from assistant.review.models import (
    ActionRef,
    Answer,
    AreaCoverage,
    AssessmentCoverage,
    AssessmentPriority,
    Balance,
    Citation,
    CoverageReport,
    DataProtectionCoverage,
    DataProtectionMention,
    Fact,
    FactItem,
    RoadmapAlignment,
    RoadmapMatch,
    RoadmapTask,
    RoadmapTaskAlignment,
    TargetCoverage,
    TargetRef,
    action_path,
)
from assistant.storage import PlanStore
from assistant.storage.comments import Comment, CommentStore, action_pointer
from assistant.template.spec import load_template

SPEC = load_template()


HOSTILE = "<script>alert(1)</script> [klik](javascript:alert(1)) **lihava** | putki | `koodi` # otsikko"
T0 = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)  # 10.15 in Helsinki


def ref(plan: Any, index: int) -> ActionRef:
    action = plan.toimenpiteet[index]
    area = SPEC.area_of_target(action.kehittamiskohde)
    return ActionRef(
        id=action.id,
        index=index,
        path=action_path(action.id),
        target=action.kehittamiskohde,
        area_key=area.key if area else None,
        text=action.toimenpide,
    )


def coverage(plan: Any, *, roadmap: bool = True, assessment: bool = True) -> CoverageReport:
    """A small hand-made coverage report over the example plan (figures chosen by the test)."""
    areas = []
    for n, area in enumerate(SPEC.areas):
        targets = [
            TargetCoverage(key=t.key, name=t.name, label=t.name, actions=1 if i == 0 else 0)
            for i, t in enumerate(area.targets)
        ]
        areas.append(
            AreaCoverage(
                key=area.key,
                name=area.name,
                label=area.label.get("fi"),
                section=area.section,
                actions=n + 1,
                targets=targets,
                targets_without_actions=[t.name for t in area.targets[1:]],
                missing_schedule=1 if n == 0 else 0,
                missing_responsible=2 if n == 1 else 0,
                missing_prerequisites=0,
                short_term=n,
                long_term=10 - n,
                maturity=2.0 + n / 10 if assessment else None,
                satisfaction=3.0 - n / 10 if assessment else None,
            )
        )
    first = SPEC.areas[0]
    task = RoadmapTask(
        chunk_id="c1",
        doc_id="tiekartta",
        title="Tiekartta",
        section="2 Tehtävät > 2.1 Tietovaranto",
        page=12,
        heading="Tietovarannon rakentaminen",
        snippet="...",
        citation="Tiekartta, 2 Tehtävät, s. 12",
    )
    other = task.model_copy(update={"chunk_id": "c2", "heading": "Master data -hallinta", "page": 13})
    match = RoadmapMatch(
        action_id=plan.toimenpiteet[0].id,
        action_path=action_path(plan.toimenpiteet[0].id),
        action_text=plan.toimenpiteet[0].toimenpide,
        score=0.912,
    )
    weak = match.model_copy(update={"score": 0.801})
    return CoverageReport(
        language="fi",
        title=plan.meta.title,
        region=plan.meta.region,
        total_actions=len(plan.toimenpiteet),
        areas=areas,
        targets_without_actions=[
            TargetRef(key=t.key, name=t.name, label=t.name, area_key=first.key, area_name=first.name)
            for t in first.targets[1:]
        ],
        missing_schedule=[ref(plan, 0)],
        missing_responsible=[ref(plan, 0), ref(plan, 2)],
        missing_prerequisites=[],
        empty_required=[],
        assessment=AssessmentCoverage(
            available=assessment,
            scale_min=1,
            scale_max=5,
            priorities=[
                AssessmentPriority(
                    area_key="mittarit",
                    area_name="MITTARIT",
                    label="Mittarit",
                    maturity=2.0,
                    satisfaction=2.2,
                    reasons=["lowest_maturity"],
                    actions=0,
                )
            ]
            if assessment
            else [],
            priorities_without_actions=["mittarit"] if assessment else [],
        ),
        data_protection=DataProtectionCoverage(
            addressed=True,
            terms=["tietosuoja"],
            mentions=[
                DataProtectionMention(
                    path="/nykytila/nykytilan_kuvaus",
                    label="3.2 a) Nykytilan kuvaus",
                    term="tietosuoja",
                    word="Tietosuojan",
                    snippet="Tietosuojan ja henkilötietojen käsittelyn vastuut",
                )
            ],
        ),
        balance=Balance(
            short_period="2020–2021",
            long_period="2022–2025",
            short_term=7,
            long_term=9,
            both=4,
            unscheduled=[],
        ),
        roadmap=RoadmapAlignment(
            available=roadmap,
            reason=None if roadmap else "tiekarttaa ei ole indeksoitu",
            title="Tiekartta",
            threshold=0.88,
            tasks=[
                RoadmapTaskAlignment(task=task, matched=True, best=match, matches=[match]),
                RoadmapTaskAlignment(task=other, matched=False, best=weak, matches=[]),
            ]
            if roadmap
            else [],
        ),
    )


def comments(plan: Any) -> list[Comment]:
    action = plan.toimenpiteet[1]
    return [
        Comment(
            id=1,
            plan_id="p",
            target="",
            author="Kari Katselmoija",
            text="Kokonaisuus on selkeä.",
            at=T0,
            plan_version=3,
        ),
        Comment(
            id=2,
            plan_id="p",
            target=f"/toimenpiteet/{action.id}",
            author="Liisa",
            text=HOSTILE,
            at=T0 + timedelta(minutes=5),
            plan_version=3,
            resolved_by="Anna",
            resolved_at=T0 + timedelta(days=1),
        ),
        Comment(
            id=3,
            plan_id="p",
            target="/kuvaus",
            author="Kari Katselmoija",
            text="Rivi 1\nRivi 2",
            at=T0 + timedelta(minutes=9),
            plan_version=3,
        ),
        Comment(
            id=4,
            plan_id="p",
            target="/toimenpiteet/poistettu",
            author="Kari",
            text="Vanha",
            at=T0,
            plan_version=1,
        ),
    ]


def answer() -> Answer:
    return Answer(
        question="Mitkä toimenpiteet ovat ilman vastuuhenkilöä?",
        language="fi",
        kind="mixed",
        text="Kaksi toimenpidettä on ilman vastuuhenkilöä.",
        facts=[
            Fact(
                intent="missing_responsible",
                title="Ilman vastuuhenkilöä",
                count=2,
                items=[FactItem(label="Strategia", path="/toimenpiteet/esim-01", detail="VISIO")],
            )
        ],
        citations=[
            Citation(
                chunk_id="c9",
                doc_id="ohje",
                title="Ohje",
                citation="Ohje, 3 Master data, s. 4",
                quote="Master data on organisaation ydintietoa.",
            )
        ],
    )


def docx_tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def stored_comments(tmp_path: Path, plan: Any) -> tuple[str, list[Comment]]:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store:
        stored = store.create(plan, author="alku")
        comments = CommentStore(store.engine)
        first = comments.add(stored.id, target="", author="Kari", text="Yleisesti hyvä.", plan_version=1)
        action = plan.toimenpiteet[0]
        comments.add(
            stored.id, target=action_pointer(action.id), author="Liisa", text=HOSTILE, plan_version=1
        )
        comments.resolve(first.id, by="Anna")
        return stored.id, comments.list(stored.id)
