"""The LLM interpreter: the same `Interpretation` through structured output (`prompts/interpret.v1.md`
piped into the model's structured output by `invoke_structured`), validated against the template and the
moment; any failure (no answer, invalid JSON, a name not in the template, a number not shown, a timeout)
falls back to the offline interpreter, and the reading says so in `notice`."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from assistant.interpret.models import (
    ACTION_FIELDS,
    Intent,
    Interpretation,
    InterpretContext,
    Language,
    Reading,
    Slots,
)
from assistant.interpret.offline import OfflineInterpreter
from assistant.llm import invoke_structured, language_name, load_prompt
from assistant.template.spec import TemplateSpec

MAX_MESSAGE_CHARS = 4000


class ModelReading(BaseModel):
    """What the model is asked for (the interpretation without the fields the code sets)."""

    model_config = ConfigDict(extra="ignore")

    intent: Intent
    slots: Slots = Field(default_factory=Slots)
    confidence: float = Field(ge=0.0, le=1.0)
    language: Language = "fi"
    alternatives: list[Reading] = Field(default_factory=list, max_length=2)
    flagged_instruction: bool = False


class LLMInterpreter:
    name = "llm"

    def __init__(
        self,
        model: BaseChatModel,
        fallback: OfflineInterpreter,
        *,
        method: str = "auto",
        timeout_s: float | None = None,
    ) -> None:
        self.model = model
        self.fallback = fallback
        self.spec: TemplateSpec = fallback.spec
        self.method = method
        self.timeout_s = timeout_s
        self.prompt = load_prompt("interpret.v1")

    def interpret(self, text: str, context: InterpretContext) -> Interpretation:
        if not text.strip():
            return self.fallback.interpret(text, context)
        result = invoke_structured(
            self.model,
            self.prompt,
            self._variables(text, context),
            ModelReading,
            method=self.method,
            timeout_s=self.timeout_s,
        )
        if not result.ok or result.value is None:
            return self._offline(text, context, result.failure or "error")
        reading = result.value
        problem = self.invalid(reading.intent, reading.slots, context)
        if problem:
            return self._offline(text, context, "invalid")
        alternatives = [a for a in reading.alternatives if not self.invalid(a.intent, a.slots, context)]
        return Interpretation(
            intent=reading.intent,
            slots=reading.slots,
            confidence=reading.confidence,
            language=reading.language,
            alternatives=alternatives[:2],
            source="llm",
            flagged_instruction=reading.flagged_instruction,
        )

    def _offline(self, text: str, context: InterpretContext, failure: str) -> Interpretation:
        reading = self.fallback.interpret(text, context)
        reading.notice = failure
        return reading

    def _variables(self, text: str, context: InterpretContext) -> dict[str, Any]:
        spec = self.spec
        fields = [f.key for s in spec.sections for f in s.fields] + list(ACTION_FIELDS)
        return {
            "language": language_name(context.language),
            "field": context.field,
            "question": context.assistant_question or "-",
            "target": context.target or "-",
            "proposals": ", ".join(map(str, context.proposals)) or "-",
            "actions": context.actions,
            "areas": "; ".join(a.name for a in spec.areas),
            "targets": "; ".join(t.name for t in spec.targets),
            "fields": ", ".join(fields),
            "message": text[:MAX_MESSAGE_CHARS],
        }

    def invalid(self, intent: str, slots: Slots, context: InterpretContext) -> str | None:
        """Why a model reading cannot be used (a name not in the template, a number not shown), or None."""
        spec = self.spec
        if slots.target is not None and spec.target_by_name(slots.target) is None:
            return "target"
        if slots.area is not None and slots.area not in {a.name for a in spec.areas}:
            return "area"
        known_fields = {f.key for s in spec.sections for f in s.fields} | set(ACTION_FIELDS)
        if slots.field is not None and slots.field not in known_fields:
            return "field"
        if slots.rows and any(r.area not in {a.name for a in spec.areas} for r in slots.rows):
            return "rows"
        if intent in ("accept_proposals", "reject_proposals", "edit_proposal") and not context.proposals:
            return "no proposals"
        if intent == "navigate" and not (slots.field or slots.area or slots.target or slots.section):
            return "navigate"
        if intent == "move_action" and not slots.target:
            return "move"
        return None
