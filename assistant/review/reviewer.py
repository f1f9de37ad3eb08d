"""The review service: reviewers' questions about a plan, with the template, the knowledge base and the
optional chat model bound once by the composition root (`assistant.container`)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.review.cache import CoverageCache
    from assistant.review.models import Answer, CoverageReport
    from assistant.settings import Settings
    from assistant.template.spec import TemplateSpec


class Reviewer:
    def __init__(
        self,
        *,
        spec: TemplateSpec,
        knowledge_base: Callable[[], Any] | None,
        chat_model: Callable[[], BaseChatModel | None],
        settings: Settings,
        coverage_cache: CoverageCache | None = None,
    ) -> None:
        """`knowledge_base` opens the knowledge base when a question needs it (None: no knowledge
        questions, no roadmap alignment); `chat_model` gives the model (or None) that only rewords
        checked answers, made on the first question that uses it."""
        self.spec = spec
        self._knowledge_base = knowledge_base
        self._chat_model = chat_model
        self.settings = settings
        # A stored plan's coverage is computed once per plan version and index version.
        self.coverage_cache = coverage_cache

    def knowledge_base(self) -> Any:
        return self._knowledge_base() if self._knowledge_base is not None else None

    def ask(
        self,
        plan: Any,
        question: str,
        *,
        language: str = "fi",
        knowledge: bool = True,
        model: bool = True,
        stored: Any | None = None,
        facet: str | None = None,
    ) -> Answer:
        """Answer a question about `plan`: computed from the plan, or grounded in cited passages
        (`knowledge=False`: from the plan only; `model=False`: no rewording by the chat model).
        `stored`: the StoredPlan it came from (its coverage is then cached per version); `facet`: the
        reading the reviewer chose when asked back."""
        from assistant.review.answer import ask

        kb = self.knowledge_base() if knowledge else None
        coverage = None
        if self.coverage_cache is not None and stored is not None:
            retriever = kb.retriever if kb is not None else None
            coverage = self.coverage_cache.bind(
                stored.id, stored.version, plan, retriever=retriever, spec=self.spec
            )
        llm = self._chat_model() if model else None
        budget = self.settings.llm_turn_budget_s if llm is not None else None
        if llm is not None:  # the model layer (and its HTTP client) only with a model
            from assistant.llm.transport import turn_budget
        else:
            turn_budget = nullcontext  # type: ignore[assignment]
        with turn_budget(budget):  # every model call of this answer shares one stated budget
            return ask(
                plan,
                question,
                kb=kb,
                spec=self.spec,
                language=language,
                llm=llm,
                llm_method=self.settings.llm_structured_method,
                llm_timeout_s=budget,
                facet=facet,
                coverage=coverage,
            )

    def cached_coverage(self, stored: Any, *, language: str = "fi") -> CoverageReport | None:
        """The stored plan's coverage with the roadmap, if it is cached for the current index, found
        without opening the knowledge base (the embedded store's stamp file); None otherwise."""
        if self.coverage_cache is None or self.settings.chroma_host:
            return None
        from assistant.vectorstore import stamp

        index = stamp.read(stamp.stamp_path(self.settings.data_dir), self.settings.chroma_collection)
        if index is None:
            return None
        return self.coverage_cache.peek(stored.id, stored.version, index, language)

    def coverage(
        self, plan: Any, *, language: str = "fi", roadmap: bool = False, stored: Any | None = None
    ) -> CoverageReport:
        """What the plan covers of the template and the assessment model (with `roadmap`: also how its
        actions relate to the roadmap's knowledge-management tasks, which needs the knowledge base).
        `stored`: the StoredPlan it came from: the report is then computed once per plan version."""
        from assistant.review.coverage import analyse

        kb = self.knowledge_base() if roadmap else None
        retriever = kb.retriever if kb is not None else None
        if self.coverage_cache is not None and stored is not None:
            return self.coverage_cache.report(
                stored.id, stored.version, plan, retriever=retriever, spec=self.spec, language=language
            )
        return analyse(plan, spec=self.spec, retriever=retriever, language=language)
