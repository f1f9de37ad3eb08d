"""Review commands: `assistant review ID [--json]` (coverage report) and `assistant ask ID "QUESTION"`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import LangOption, app, container, echo_json, fail, open_kb, pick_language

if TYPE_CHECKING:
    from assistant.container import Container
    from assistant.storage.repository import StoredPlan

NoKbOption = Annotated[
    bool, typer.Option("--no-kb", help="Do not open the knowledge base (no roadmap alignment, no passages).")
]


def _stored_plan(services: Container, plan_id: str, language: str) -> StoredPlan:
    """The stored plan (id, version and the plan)."""
    from assistant.storage import StorageError

    try:
        return services.plan_store.get(plan_id)
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
    language = pick_language(lang)
    services = container()
    stored = _stored_plan(services, plan_id, language)
    # Computed once per plan version and index version, then read from DATA_DIR/cache/coverage (without
    # opening the knowledge base when the report for the current index is there).
    report = None if no_kb else services.reviewer.cached_coverage(stored, language=language)
    if report is None:
        if not no_kb:
            open_kb(services)  # a store or model problem ends the command with its message
        report = services.reviewer.coverage(stored.plan, language=language, roadmap=not no_kb, stored=stored)
    if as_json:
        echo_json(report.model_dump(mode="json"))
        return
    from assistant.review.coverage import as_plan
    from assistant.review.render import report_lines

    plan = as_plan(stored.plan, services.template)
    typer.echo("\n".join(report_lines(report, plan, spec=services.template)))


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
    stored = _stored_plan(services, plan_id, language)
    if not no_kb:
        open_kb(services)  # a store or model problem ends the command with its message
    answer = services.reviewer.ask(
        stored.plan, question, language=language, knowledge=not no_kb, stored=stored
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
