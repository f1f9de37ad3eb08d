"""Optional LLM assistance for the drafting engine: the `extract` and `propose` chains.

Both return `(result, notice)`: a result the engine uses, or None with a short reason (`notice`) when the
model failed in any way (no answer, invalid JSON after one repair, timeout, rate limit, error) - the
engine then answers with its offline rules and tells the user. Model output is data: it is validated
against pydantic models, a proposal may cite only passages that were retrieved for it, and extraction can
only ever fill the one field that was asked.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field

from assistant.drafting.action_filter import names_other_region
from assistant.drafting.models import Proposal
from assistant.drafting.proposals_county import plan_summary
from assistant.drafting.propose import MAX_PROPOSALS, source_of
from assistant.drafting.steps import FieldStep
from assistant.llm import (
    StructuredResult,
    format_passages,
    invoke_structured,
    language_name,
    load_prompt,
    make_chat_model,
)
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings
from assistant.template.spec import AreaSpec, TargetSpec
from assistant.textutil import period_text

PASSAGES = 6
ModelT = TypeVar("ModelT", bound=BaseModel)


class ExtractedField(BaseModel):
    """What the `extract` chain returns: the value for the asked field only. (The 10,000-character limit
    is checked here, never sent to the model: see `assistant.llm.parsing.wire_schema`.)"""

    value: str = Field(min_length=1, max_length=10_000)


class ProposedAction(BaseModel):
    toimenpide: str = Field(min_length=5, max_length=600)
    lahteet: list[str] = Field(min_length=1, description="Chunk ids of the passages the action is based on.")


class ProposedActions(BaseModel):
    toimenpiteet: list[ProposedAction] = Field(min_length=1, max_length=MAX_PROPOSALS)


class LLMAssist:
    def __init__(self, model: BaseChatModel, retriever: HybridRetriever | None, settings: Settings) -> None:
        self.model = model
        self.retriever = retriever
        self.settings = settings
        self.extract_prompt = load_prompt("extract.v1")
        self.propose_prompt = load_prompt("propose.v1")

    def _invoke(
        self, prompt: ChatPromptTemplate, variables: dict[str, Any], schema: type[ModelT]
    ) -> StructuredResult[ModelT]:
        """Method, max_tokens, retries and the turn's budget from the settings (see `assistant.llm`)."""
        return invoke_structured(self.model, prompt, variables, schema, settings=self.settings)

    # --- extract -------------------------------------------------------------------------------------
    def extract_field(
        self, plan: Any, step: FieldStep, answer: str, language: str
    ) -> tuple[str | None, str | None]:
        if not answer.strip():
            return None, None  # nothing to ask the model about; the offline rules explain
        section = getattr(plan, step.section.key)
        result = self._invoke(
            self.extract_prompt,
            {
                "language": language_name(language),
                "field_label": step.field.label.get("fi"),
                "field_instruction": step.field.instruction.get("fi") if step.field.instruction else "",
                "question": f"{step.group.id} {step.field.label.get('fi')}",
                "answer": answer,
                "current_values": json.dumps(
                    {step.field.key: getattr(section, step.field.key)}, ensure_ascii=False
                ),
            },
            ExtractedField,
        )
        if not result.ok or result.value is None:
            return None, result.failure or "error"
        return result.value.value, None

    # --- propose -------------------------------------------------------------------------------------
    def propose(
        self, plan: Any, area: AreaSpec, target: TargetSpec, language: str, *, exclude: set[str]
    ) -> tuple[list[Proposal] | None, str | None]:
        if self.retriever is None:
            return None, None
        query = f"{target.name}. {' '.join(target.examples)}"
        hits = self.retriever.search(query, k=PASSAGES, refuse_unknown=False).hits
        hits += [
            h
            for h in self.retriever.find(kind="template", target=target.name)
            if h.id not in {x.id for x in hits}
        ]
        if not hits:
            return None, None  # nothing to ground proposals on: the offline engine says so
        by_id = {h.id: h for h in hits}
        short, long = plan.meta.periods.short, plan.meta.periods.long
        result = self._invoke(
            self.propose_prompt,
            {
                "language": language_name(language),
                "region": plan.meta.region or plan.kuvaus.sote_maakunta or "-",
                "periods": f"{period_text(short.start, short.end)}, {period_text(long.start, long.end)}",
                "area": area.name,
                "target": target.name,
                "target_examples": "\n".join(f"- {e}" for e in target.examples) or "-",
                "plan_summary": plan_summary(plan, area.key, exclude),
                "passages": format_passages((h.id, h.citation, h.text) for h in hits),
                "max_actions": MAX_PROPOSALS,
            },
            ProposedActions,
        )
        if not result.ok or result.value is None:
            return None, result.failure or "error"
        proposals: list[Proposal] = []
        for action in result.value.toimenpiteet:
            cited = [by_id[c] for c in action.lahteet if c in by_id]
            if len(cited) != len(action.lahteet) or action.toimenpide in exclude:
                continue  # cites a passage it was not given (or repeats an action): rejected
            if names_other_region(action.toimenpide, plan.meta.region or plan.kuvaus.sote_maakunta):
                continue  # another county's name carried over from a passage
            proposals.append(
                Proposal(
                    id=f"p{len(proposals) + 1}",
                    kehittamiskohde=target.name,
                    toimenpide=action.toimenpide.strip(),
                    origin="llm",
                    lahteet=[source_of(h) for h in cited],
                    kieli=language if language in ("fi", "sv", "en") else "fi",
                )
            )
        if not proposals:
            return None, "invalid"
        return proposals, None


def build_assist(settings: Settings, retriever: HybridRetriever | None) -> LLMAssist | None:
    model = make_chat_model(settings)
    return LLMAssist(model, retriever, settings) if model is not None else None
