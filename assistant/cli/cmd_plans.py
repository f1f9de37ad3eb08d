"""Plan commands: `chat` (draft in the terminal) and `plans` (list stored plans).

The command line is an operator's tool with direct access to the plans database: it does not log anyone
in and bypasses roles. New plans go to the organisation "default" (the app's local user) unless `--org`
names another; `plans --org` lists one organisation's plans.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli.common import LangOption, app, container, echo_json, fail, open_kb, pick_language
from assistant.sanitize import decode_bytes_lenient, display_name, repair_text


def _plain(markdown: str) -> str:
    """Terminal rendering of a reply: Markdown escapes and emphasis markers removed."""
    import re

    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"(?<!\\)_(.+?)_", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\\(.)", r"\1", text).replace("  \n", "\n")


@app.command()
def chat(
    plan: Annotated[
        str | None, typer.Option("--plan", help="Continue this plan (id); default: a new plan.")
    ] = None,
    author: Annotated[str, typer.Option(help="Who is typing (stored with every change).")] = "cli",
    title: Annotated[str, typer.Option(help="Title of a new plan.")] = "",
    org: Annotated[
        str, typer.Option("--org", help="Organisation of a new plan (the app's users see their own).")
    ] = "default",
    periods: Annotated[
        str | None,
        typer.Option(help='Periods of a new plan, e.g. "2026–2027 ja 2028–2030" (default: the template\'s).'),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Draft a plan by chatting in the terminal. Without a terminal, reads one message per line."""
    from assistant.drafting.extract import ExtractionError
    from assistant.drafting.periods import check_periods, parse_periods
    from assistant.i18n import load_catalog
    from assistant.llm import turn_budget
    from assistant.storage import StorageError

    language = pick_language(lang)
    chosen = None
    if periods:
        try:
            chosen = parse_periods(periods)
            check_periods(*chosen)
        except ExtractionError as exc:
            fail(
                load_catalog(language).t(f"drafting.{exc.code}", **{"short": "?", "long": "?", **exc.params})
            )
            return
    services = container(language)  # an unusable language model is said once; the chat goes on offline
    settings = services.settings
    open_kb(services)  # a store or model problem ends the command with its message
    try:
        engine = services.engine
        # A plan continued without --lang keeps its own language (the conversation's).
        continued = lang if lang else None
        turn = (
            engine.resume(plan, continued)
            if plan
            else engine.start(
                author=author,
                language=language,
                title=title,
                organisation=org.strip() or "default",
                periods=chosen,
            )
        )
    except StorageError as exc:
        fail(exc.message(language))
        return
    interactive = sys.stdin.isatty()
    if not plan:  # the id to continue with (`assistant chat --plan ID`); the chat itself never shows ids
        typer.echo(f"plan id: {turn.plan_id}")
    typer.echo(_plain(turn.reply))
    while True:
        if interactive:
            try:
                line = input("\n> ")
            except (EOFError, KeyboardInterrupt):
                break
        else:
            raw = sys.stdin.buffer.readline()
            if not raw:
                break
            # A pipe may carry any encoding (e.g. cp1252 from Windows): decoded here, never a traceback.
            line = repair_text(decode_bytes_lenient(raw.rstrip(b"\r\n")))
            typer.echo(f"\n> {display_name(line, 200)}")
        if not line.strip():
            continue
        if line.strip().lower() in ("/quit", "/exit", "lopeta", "avsluta", "quit", "exit"):
            break
        with turn_budget(settings.llm_turn_budget_s if settings.llm_model else None):
            turn = engine.handle(turn.plan_id, line, author=author, language=continued if plan else language)
        typer.echo(_plain(turn.reply))
    typer.echo(f"\nplan id: {turn.plan_id}")


@app.command()
def plans(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    org: Annotated[str | None, typer.Option("--org", help="Only this organisation's plans.")] = None,
    lang: LangOption = None,
) -> None:
    """List stored plans (all organisations, or one with --org), newest first."""
    from assistant.storage import StorageError

    try:
        listing = container().plan_store.list(org)
    except StorageError as exc:
        fail(exc.message(pick_language(lang)))
        return
    if as_json:
        echo_json([p.model_dump(mode="json") for p in listing])
        return
    for p in listing:
        when = f"{p.updated_at:%Y-%m-%d %H:%M}"
        org, region = display_name(p.organisation, 40), display_name(p.region or "-", 40)
        typer.echo(f"{p.id}  v{p.version:<4} {when}  {org}  {region}  {display_name(p.title)}")
