"""Optional LLM wording of a reviewer answer (prompt `prompts/answer.v1.md`).

The model sees only the computed facts and the retrieved passages. Its answer is accepted only when every
figure in it occurs in those facts, passages or the question, it states the count of every fact that found
something, and every chunk id it cites was retrieved;
otherwise (or when the model fails) the offline answer is kept and the notice says why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.i18n import load_catalog
from assistant.llm import format_passages, invoke_structured, language_name, load_prompt
from assistant.review.models import Answer

PROMPT = "answer.v1"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARKER = re.compile(r"^(\s*)\d{1,2}[.)](?=\s)", re.M)


class GeneratedAnswer(BaseModel):
    """What the `answer` prompt returns."""

    text: str = Field(min_length=1, max_length=6000)
    lahteet: list[str] = Field(default_factory=list, description="Chunk ids of the passages used.")


def _normalise(token: str) -> str:
    """2,0 / 2.0 / 2 -> 2; 02 -> 2; 30 000 stays two numbers (30 and 000 -> 0)."""
    token = token.replace(",", ".")
    try:
        value = float(token) if token.count(".") <= 1 else None
    except ValueError:
        value = None
    return f"{value:g}" if value is not None else token


def numbers_in(text: str) -> set[str]:
    return {_normalise(m) for m in _NUMBER.findall(text)}


def unsupported_numbers(answer: str, sources: Iterable[str]) -> list[str]:
    """Figures of `answer` (list markers like "1." at a line start excepted) found in none of `sources`."""
    allowed: set[str] = set()
    for source in sources:
        allowed |= numbers_in(source)
    text = _LIST_MARKER.sub(r"\1", answer)
    return sorted(n for n in numbers_in(text) if n not in allowed)


def missing_figures(answer: str, counts: Iterable[int | None]) -> list[str]:
    """The computed counts (of facts that found something) that `answer` does not state. An answer without
    them can claim anything, e.g. what an instruction planted in the plan's own text asks for."""
    stated = numbers_in(_LIST_MARKER.sub(r"\1", answer))
    return sorted({_normalise(str(count)) for count in counts if count} - stated)


def word_answer(
    model: BaseChatModel,
    answer: Answer,
    passages: list[tuple[str, str, str]],
    *,
    method: str = "auto",
    timeout_s: float | None = 30.0,
) -> Answer:
    """The answer with LLM-written text, or the offline answer with a notice. `passages` are
    (chunk id, citation, text) of the retrieved passages the answer may cite."""
    catalog = load_catalog(answer.language)
    facts_json = json.dumps([f.model_dump(mode="json") for f in answer.facts], ensure_ascii=False, indent=1)
    result = invoke_structured(
        model,
        load_prompt(PROMPT),
        {
            "language": language_name(answer.language),
            "question": answer.question,
            "facts": facts_json,
            "passages": format_passages(passages) or "-",
        },
        GeneratedAnswer,
        method=method,
        timeout_s=timeout_s,
    )
    if not result.ok or result.value is None:
        reason = result.failure or "error"
        return answer.model_copy(update={"notice": catalog.t("review.llm.failed", reason=reason)})
    generated = result.value
    retrieved = {chunk_id for chunk_id, _, _ in passages} | {c.chunk_id for c in answer.citations}
    unknown = [c for c in generated.lahteet if c not in retrieved]
    if unknown:
        notice = catalog.t("review.llm.rejected_citations", ids=", ".join(unknown))
        return answer.model_copy(update={"notice": notice})
    sources = [
        facts_json,
        answer.question,
        *(text for _, _, text in passages),
        *(c.quote for c in answer.citations),
    ]
    invented = unsupported_numbers(generated.text, sources)
    if invented:
        notice = catalog.t("review.llm.rejected_numbers", numbers=", ".join(invented))
        return answer.model_copy(update={"notice": notice})
    missing = missing_figures(generated.text, (f.count for f in answer.facts))
    if missing:
        notice = catalog.t("review.llm.rejected_missing", numbers=", ".join(missing))
        return answer.model_copy(update={"notice": notice})
    cited = [c for c in answer.citations if c.chunk_id in set(generated.lahteet)]
    return answer.model_copy(
        update={"text": generated.text.strip(), "generated": True, "citations": cited or answer.citations}
    )
