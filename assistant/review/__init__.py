"""Review engine: computed plan coverage (`analyse`) and answers to reviewer questions (`ask`): each question
is interpreted into a typed `ReviewQuery` (offline: e5 facet examples + rules + the template's names; or a
chat model), computed into a `ReviewResult` and written so that the first sentence answers it.

report = analyse(plan, spec=spec, retriever=kb.retriever, language="fi")   # CoverageReport
answer = ask(plan, "Mitkä osa-alueet ovat ilman toimenpiteitä?", kb=kb, spec=spec, language="fi")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.runtime.lazy import lazy_attributes

if TYPE_CHECKING:
    from assistant.review.answer import ask
    from assistant.review.coverage import analyse
    from assistant.review.models import Answer, CoverageReport

__all__ = ["Answer", "CoverageReport", "analyse", "ask"]

# Imported on first use: `assistant review` reads a cached report through `assistant.review.cache`
# without loading the question-answering stack (retrieval, the chat-model layer).
_WHERE = {
    "ask": "assistant.review.answer",
    "analyse": "assistant.review.coverage",
    "Answer": "assistant.review.models",
    "CoverageReport": "assistant.review.models",
}

__getattr__ = lazy_attributes(__name__, _WHERE)
