"""Review engine: computed plan coverage (`analyse`) and answers to reviewer questions (`ask`): each question
is interpreted into a typed `ReviewQuery` (offline: e5 facet examples + rules + the template's names; or a
chat model), computed into a `ReviewResult` and written so that the first sentence answers it.

report = analyse(plan, spec=spec, retriever=kb.retriever, language="fi")   # CoverageReport
answer = ask(plan, "Mitkä osa-alueet ovat ilman toimenpiteitä?", kb=kb, spec=spec, language="fi")
"""

from assistant.review.answer import ask
from assistant.review.coverage import analyse
from assistant.review.models import Answer, CoverageReport

__all__ = ["Answer", "CoverageReport", "analyse", "ask"]
