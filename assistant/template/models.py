"""Pydantic v2 models of a whole plan, built from the template spec (knowledge/template.yaml).

Static parts (metadata, actions, sources, assessment results) are ordinary classes; the text sections
3.1, 3.2, 3.3 and 3.5 are generated from the YAML so that adding or renaming a field there changes the
schema, the validator, the UI forms and the exports together.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
)
from pydantic_core import PydanticCustomError

from assistant.citations import format_citation
from assistant.paths import KNOWLEDGE_DIR
from assistant.sanitize import repair_text
from assistant.template.spec import SectionSpec, TemplateSpec, load_template

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)

# Size limits from knowledge/template.yaml (`limits`). The fixed parts of the plan use the default template's;
# the generated text sections use their own spec's.
LIMITS = load_template().limits


def _repaired(value: Any) -> Any:
    """Every text is repaired before it is validated (and so before it is stored): lone surrogates, NUL
    and other control characters never reach the database (see assistant.sanitize.repair_text)."""
    return repair_text(value) if isinstance(value, str) else value


# Validation context of a plan read back from the database (`PlanStore`): a text stored before its limit
# existed (or before a limit was lowered) is read and kept, never refused as "corrupt" and never cut; the
# validator reports it as an error (export is blocked) until the user shortens it. Everywhere else (chat,
# editors, import, assignment) the limits hold.
STORED = "stored_plan"


def stored_context() -> dict[str, bool]:
    """The `context=` for `model_validate` of a plan read from storage (see STORED)."""
    return {STORED: True}


def _within(max_chars: int) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        if len(value) > max_chars and not (info.context or {}).get(STORED):
            raise PydanticCustomError(
                "string_too_long",
                "String should have at most {max_length} characters",
                {"max_length": max_chars, "actual_length": len(value)},
            )
        return value

    return AfterValidator(check)


def _limited(max_chars: int) -> tuple[Any, ...]:
    """Repaired, then at most `max_chars` characters (JSON Schema maxLength; see STORED)."""
    return (BeforeValidator(_repaired), _within(max_chars), Field(json_schema_extra={"maxLength": max_chars}))


def text_type(max_chars: int) -> Any:
    """A string field type: repaired, at most `max_chars` characters (JSON Schema maxLength)."""
    return Annotated[str, *_limited(max_chars)]


# The texts of the fixed parts of the plan, each with its limit (type aliases, so a type checker reads them).
TitleText = Annotated[str, *_limited(LIMITS.title_chars)]
RegionText = Annotated[str, *_limited(LIMITS.region_chars)]
SourceText = Annotated[str, *_limited(LIMITS.source_chars)]
IdText = Annotated[str, *_limited(100)]
ShortText = Annotated[str, *_limited(LIMITS.action_short_chars)]
ActionText = Annotated[str, *_limited(LIMITS.action_text_chars)]
NoteText = Annotated[str, *_limited(LIMITS.note_chars)]

ActionStatus = Literal["planned", "in_progress", "done", "cancelled"]
ActionOrigin = Literal["user", "template_example", "proposal", "import"]


class Period(BaseModel):
    model_config = STRICT

    start: int = Field(ge=1990, le=2100)
    end: int = Field(ge=1990, le=2100)


class Periods(BaseModel):
    model_config = STRICT

    short: Period = Field(description="Lyhyt aikaväli (template default 2020–2021).")
    long: Period = Field(description="Pitkä aikaväli (template default 2022–2025).")


class PlanMeta(BaseModel):
    model_config = STRICT

    title: TitleText = ""
    region: RegionText = Field(default="", description="Hyvinvointialue / sote-maakunta.")
    language: Literal["fi", "sv", "en"] = "fi"
    periods: Periods
    created_at: datetime | None = None
    updated_at: datetime | None = None


class SourceRef(BaseModel):
    """Where a proposal or recorded text came from (a chunk of the knowledge base)."""

    model_config = STRICT

    chunk_id: SourceText
    doc_id: SourceText
    title: SourceText = ""
    section: SourceText = ""
    page: int | None = None

    @property
    def citation(self) -> str:
        return format_citation(self.title, self.section, self.page)


class Action(BaseModel):
    """One development action (a row of a 3.4 table, or of the HYÖDYT target in 3.5)."""

    model_config = STRICT

    id: IdText = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    kehittamiskohde: ShortText = Field(description="Development target, exactly as named in the template.")
    toimenpide: ActionText = Field(default="", description="Toimenpiteet: what will be done.")
    lyhyt_aikavali: ShortText = Field(default="", description="Schedule in the short-term period.")
    pitka_aikavali: ShortText = Field(default="", description="Schedule in the long-term period.")
    vastuuhenkilo: ShortText = Field(default="", description="Vastuuhenkilö: responsible person.")
    edellytykset: ActionText = Field(default="", description="Edellytykset/vaatimukset toteutumiselle.")
    lahteet: list[SourceRef] = Field(
        default_factory=list,
        max_length=LIMITS.sources_per_action,
        description="Sources the action is based on.",
    )
    tila: ActionStatus = "planned"
    alkupera: ActionOrigin = "user"


class AreaResult(BaseModel):
    """A region's own assessment result for one area (maturity and satisfaction on its own scale)."""

    model_config = STRICT

    alue: str = Field(description="Area key from the template (e.g. visio_ja_strategia).")
    kypsyys: float | None = Field(
        default=None, allow_inf_nan=False, description="Maturity of the current state."
    )
    tyytyvaisyys: float | None = Field(
        default=None, allow_inf_nan=False, description="Satisfaction with the current state."
    )
    huomio: NoteText = ""


class AssessmentResults(BaseModel):
    model_config = STRICT

    asteikko_min: float = Field(default=1.0, allow_inf_nan=False)
    asteikko_max: float = Field(default=5.0, allow_inf_nan=False)
    profiili: Literal["novice", "experimenter", "facilitator", "advanced_exploiter"] | None = None
    alueet: list[AreaResult] = Field(default_factory=list, max_length=100)


def _section_model(section: SectionSpec, max_chars: int) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for group in section.groups:
        for spec in group.fields:
            letter = f"{spec.letter}) " if spec.letter else ""
            fields[spec.key] = (
                text_type(max_chars),
                Field(
                    default="",
                    title=f"{group.id} {letter}{spec.label.get('fi')}",
                    description=spec.instruction.get("fi") if spec.instruction else None,
                ),
            )
    model = create_model(
        f"Section_{section.id.replace('.', '_')}",
        __config__=STRICT,
        __doc__=f"{section.id} {section.title.get('fi')}",
        **fields,
    )
    return model


def build_plan_model(spec: TemplateSpec) -> type[BaseModel]:
    """Create the Plan model for a template spec."""
    default_periods = {
        "short": {"start": spec.periods.short.start, "end": spec.periods.short.end},
        "long": {"start": spec.periods.long.start, "end": spec.periods.long.end},
    }
    area_keys = tuple(a.key for a in spec.areas)
    area_result = create_model(
        "AreaResult",
        __base__=AreaResult,
        # A Literal of the template's area keys, known only at run time.
        alue=(Literal[area_keys], Field(description="Area key from the template.")),  # type: ignore[arg-type]
    )
    assessment = create_model(
        "AssessmentResults",
        __base__=AssessmentResults,
        alueet=(list[area_result], Field(default_factory=list, max_length=100)),
    )

    fields: dict[str, Any] = {
        "schema_version": (str, Field(default=spec.schema_version)),
        "meta": (
            PlanMeta,
            Field(default_factory=lambda: PlanMeta(periods=Periods.model_validate(default_periods))),
        ),
    }
    extra: dict[str, tuple[str, tuple[Any, Any]]] = {
        # The optional assessment results follow 3.2 (they summarise 3.2.2); the actions are 3.4.
        "3.2": ("arviointitulokset", (assessment | None, Field(default=None))),
        "3.3": (
            "toimenpiteet",
            (
                list[Action],
                Field(
                    default_factory=list,
                    max_length=spec.limits.actions,
                    title=f"{spec.table.id} {spec.table.title.fi}",
                ),
            ),
        ),
    }
    for section in sorted(spec.sections, key=lambda s: s.id):
        model = _section_model(section, spec.limits.field_chars)
        fields[section.key] = (model, Field(default_factory=model, title=f"{section.id} {section.title.fi}"))
        if section.id in extra:
            name, definition = extra[section.id]
            fields[name] = definition

    plan: type[BaseModel] = create_model(
        "Plan", __config__=STRICT, __doc__=spec.template.title.get("fi"), **fields
    )
    plan.__template_spec__ = spec  # type: ignore[attr-defined]  # read by template_of()
    return plan


def template_of(plan: Any) -> TemplateSpec | None:
    """The template a plan model instance (or class) was built from, if it was built from one."""
    cls = plan if isinstance(plan, type) else type(plan)
    spec = getattr(cls, "__template_spec__", None)
    return spec if isinstance(spec, TemplateSpec) else None


def plan_model_of(spec: TemplateSpec) -> type[BaseModel]:
    """The plan model of a template spec, built once per spec (so its plans are all of one class)."""
    derived = spec._derived
    if derived.plan_model is None:
        derived.plan_model = build_plan_model(spec)
    return derived.plan_model


def plan_model(knowledge_dir: Path = KNOWLEDGE_DIR) -> type[BaseModel]:
    """The plan model of the template in `knowledge_dir` (`plan_model_of(load_template(dir))`)."""
    return plan_model_of(load_template(knowledge_dir))


def new_plan(spec: TemplateSpec | None = None, **meta: Any) -> BaseModel:
    """An empty plan with the template's default periods and the given metadata."""
    model = plan_model_of(spec) if spec is not None else plan_model()
    plan = model()
    for key, value in meta.items():
        setattr(plan.meta, key, value)  # type: ignore[attr-defined]  # fields built from the template
    return plan


def plan_json_schema(knowledge_dir: Path = KNOWLEDGE_DIR) -> dict[str, Any]:
    schema = plan_model(knowledge_dir).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
