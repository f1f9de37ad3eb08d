"""The shared Typer app of the `assistant` command line and the helpers every command module uses.

Heavy modules are imported inside the commands so `--help` and `schema` start fast.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Tietojohtamisen kehittämissuunnitelman avustaja: knowledge base, retrieval and plan validation.",
)

LangOption = Annotated[str | None, typer.Option("--lang", help="Message language: fi, sv or en.")]


def get_settings():  # type: ignore[no-untyped-def]
    from assistant.settings import Settings

    return Settings()


def pick_language(lang: str | None) -> str:
    return lang if lang in ("fi", "sv", "en") else get_settings().app_language


def open_kb():  # type: ignore[no-untyped-def]
    """The knowledge base from settings; store or model problems end the command with their message."""
    from assistant.embeddings import EmbeddingError
    from assistant.services import build_knowledge_base
    from assistant.vectorstore.chroma import StoreError

    try:
        return build_knowledge_base(get_settings())
    except (StoreError, EmbeddingError) as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def usable_llm_settings(settings, language: str):  # type: ignore[no-untyped-def]
    """The settings, without LLM_MODEL when the configured model cannot be used: the problem (unknown
    provider, missing key or package, unreachable server) is said once on stderr, in words, and the
    offline engine does the work."""
    from assistant.i18n import load_catalog
    from assistant.llm import check_model

    if not settings.llm_model:
        return settings
    status = check_model(settings)
    message = status.message(load_catalog(language))
    if message is None:
        return settings
    typer.echo(message, err=True)
    return settings.model_copy(update={"llm_model": None})


def echo_json(data: object) -> None:
    """JSON on stdout; bidi and C1 control characters escaped (`\\u202e`) so a terminal shows, not obeys,
    them (the data is unchanged: ESC and other C0 controls are escaped by json itself)."""
    from assistant.sanitize import escape_json_output

    typer.echo(escape_json_output(json.dumps(data, ensure_ascii=False)))


def fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)
