"""Parameters of the review engine, read from `assistant/review/rules.yaml` (data, not code)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.datafile import read_yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriorityRules(_Frozen):
    lowest: int = Field(ge=1, description="Areas with the N lowest values of a measure (ties included).")


class RoadmapRules(_Frozen):
    kind: str = Field(description="Document kind of the roadmap in the knowledge base.")
    group_stems: list[str] = Field(min_length=1)
    threshold: float = Field(gt=0, description="On the combined score (cosine + weight × lexical).")
    lexical_weight: float = Field(ge=0)
    min_prefix: int = Field(ge=3)
    max_unshared: int = Field(ge=0)
    max_length_gap: int = Field(ge=0)
    unknown_idf: float = Field(gt=0, description="IDF of a stem the knowledge base does not have.")
    max_matches: int = Field(ge=1)
    context: bool = Field(description="Embed a task with its parent task's text.")


class RulePassage(_Frozen):
    cues: list[str] = Field(min_length=1, description="Cue groups of facets.yaml that ask about the rule.")
    instructions: list[str] = Field(default_factory=list, description="Keys of the template's instructions.")
    text: str = Field(default="", description="Or the template's own sentence, to find its passage.")
    facets: list[str] = Field(default_factory=list, description="Plan facets whose mixed questions ask it.")


class ReviewRules(_Frozen):
    priorities: PriorityRules
    roadmap: RoadmapRules
    snippet_chars: int = Field(ge=40)
    instruction_passages: dict[str, list[str]] = Field(
        default_factory=dict, description="Facet → the template's instructions cited first (mixed)."
    )
    rule_passages: dict[str, RulePassage] = Field(
        default_factory=dict, description="The template's rules cited first when a source part asks of them."
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> ReviewRules:
    return ReviewRules.model_validate(read_yaml(path))
