"""Review commands: `assistant review ID [--json]` (coverage report) and `assistant ask ID "QUESTION"`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from assistant.cli.common import (
    LangOption,
    app,
    echo_json,
    fail,
    get_settings,
    open_kb,
    pick_language,
    usable_llm_settings,
)

NoKbOption = Annotated[
    bool, typer.Option("--no-kb", help="Do not open the knowledge base (no roadmap alignment, no passages).")
]


def _stored_plan(plan_id: str, language: str) -> Any:
    from assistant.storage import PlanStore, StorageError

    try:
        return PlanStore.from_settings(get_settings()).get(plan_id).plan
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
    from assistant.review import analyse
    from assistant.review.coverage import as_plan
    from assistant.review.render import report_lines

    language = pick_language(lang)
    plan = _stored_plan(plan_id, language)
    kb = None if no_kb else open_kb()
    report = analyse(plan, retriever=kb.retriever if kb else None, language=language)
    if as_json:
        echo_json(report.model_dump(mode="json"))
        return
    typer.echo("\n".join(report_lines(report, as_plan(plan))))


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
    from assistant.llm import make_chat_model, turn_budget
    from assistant.review import ask as ask_question

    language = pick_language(lang)
    if not question.strip():
        fail(load_catalog(language).t("review.cli.empty_question"))
    plan = _stored_plan(plan_id, language)
    settings = usable_llm_settings(get_settings(), language)
    kb = None if no_kb else open_kb()
    model = make_chat_model(settings)  # checked above: None or a usable model
    with turn_budget(settings.llm_turn_budget_s if model is not None else None):
        answer = ask_question(
            plan,
            question,
            kb=kb,
            language=language,
            llm=model,
            llm_method=settings.llm_structured_method,
            llm_timeout_s=settings.llm_turn_budget_s,
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
