"""Review commands: `assistant review ID [--json]` (coverage report) and `assistant ask ID "QUESTION"`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from assistant.cli.common import LangOption, app, echo_json, fail, get_settings, open_kb, pick_language

NoKbOption = Annotated[
    bool, typer.Option("--no-kb", help="Do not open the knowledge base (no roadmap alignment, no passages).")
]


def _stored_plan(plan_id: str, language: str) -> Any:
    """The stored plan (id, version and the plan)."""
    from assistant.storage import PlanStore, StorageError

    try:
        return PlanStore.from_settings(get_settings()).get(plan_id)
    except StorageError as exc:
        fail(exc.message(language))
        raise  # unreachable: fail exits


@app.command()
def review(
    plan_id: Annotated[str, typer.Argument(help="Plan id (see `assistant plans`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    no_kb: NoKbOption = False,
    lang: LangOption = None,
) -> None:
    """Coverage report of a stored plan: computed from the plan, the template and the roadmap."""
    from assistant.review.cache import CoverageCache
    from assistant.review.coverage import as_plan
    from assistant.review.render import report_lines

    language = pick_language(lang)
    stored = _stored_plan(plan_id, language)
    kb = None if no_kb else open_kb()
    # Computed once per plan version and index version, then read from DATA_DIR/cache/coverage.
    report = CoverageCache.from_settings(get_settings()).report(
        stored.id, stored.version, stored.plan, retriever=kb.retriever if kb else None, language=language
    )
    if as_json:
        echo_json(report.model_dump(mode="json"))
        return
    typer.echo("\n".join(report_lines(report, as_plan(stored.plan))))


@app.command()
def ask(
    plan_id: Annotated[str, typer.Argument(help="Plan id (see `assistant plans`).")],
    question: Annotated[str, typer.Argument(help="A question about the plan or the knowledge base.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    no_kb: NoKbOption = False,
    lang: LangOption = None,
) -> None:
    """Answer a reviewer's question about a stored plan (fi, sv or en)."""
    from assistant.i18n import load_catalog
    from assistant.llm import LLMConfigError, make_chat_model
    from assistant.review import ask as ask_question
    from assistant.review.cache import CoverageCache

    language = pick_language(lang)
    if not question.strip():
        fail(load_catalog(language).t("review.cli.empty_question"))
    stored = _stored_plan(plan_id, language)
    settings = get_settings()
    kb = None if no_kb else open_kb()
    try:
        model = make_chat_model(settings)
    except LLMConfigError as exc:
        fail(str(exc))
        return
    coverage = CoverageCache.from_settings(settings).bind(
        stored.id, stored.version, stored.plan, retriever=kb.retriever if kb else None
    )
    answer = ask_question(
        stored.plan,
        question,
        kb=kb,
        coverage=coverage,
        language=language,
        llm=model,
        llm_method=settings.llm_structured_method,
        llm_timeout_s=settings.llm_timeout_s,
    )
    if as_json:
        echo_json(answer.model_dump(mode="json"))
        return
    catalog = load_catalog(answer.language)
    if answer.notice:
        typer.echo(answer.notice)
    typer.echo(answer.text)
    if answer.generated:
        typer.echo(catalog.t("review.cli.generated"))
