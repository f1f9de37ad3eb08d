"""Review commands: `assistant review ID [--json]` (coverage report) and `assistant ask ID "QUESTION"`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import LangOption, app, container, echo_json, fail, open_kb, pick_language

if TYPE_CHECKING:
    from assistant.container import Container

NoKbOption = Annotated[
    bool, typer.Option("--no-kb", help="Do not open the knowledge base (no roadmap alignment, no passages).")
]


def _stored_plan(services: Container, plan_id: str, language: str) -> Any:
    from assistant.storage import StorageError

    try:
        return services.plan_store.get(plan_id).plan
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
    from assistant.review.coverage import as_plan
    from assistant.review.render import report_lines

    language = pick_language(lang)
    services = container()
    plan = _stored_plan(services, plan_id, language)
    if not no_kb:
        open_kb(services)  # a store or model problem ends the command with its message
    report = services.reviewer.coverage(plan, language=language, roadmap=not no_kb)
    if as_json:
        echo_json(report.model_dump(mode="json"))
        return
    typer.echo("\n".join(report_lines(report, as_plan(plan, services.template), spec=services.template)))


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

    language = pick_language(lang)
    if not question.strip():
        fail(load_catalog(language).t("review.cli.empty_question"))
    services = container(language)  # an unusable language model is said once; the answer is offline
    plan = _stored_plan(services, plan_id, language)
    if not no_kb:
        open_kb(services)  # a store or model problem ends the command with its message
    answer = services.reviewer.ask(plan, question, language=language, knowledge=not no_kb)
    if as_json:
        echo_json(answer.model_dump(mode="json"))
        return
    catalog = load_catalog(answer.language)
    if answer.notice:
        typer.echo(answer.notice)
    typer.echo(answer.text)
    if answer.generated:
        typer.echo(catalog.t("review.cli.generated"))
