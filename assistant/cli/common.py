"""The shared Typer app of the `assistant` command line and the helpers every command module uses.

Heavy modules are imported inside the commands so `--help` and `schema` start fast.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from assistant.container import Container, KnowledgeBase
    from assistant.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Tietojohtamisen kehittämissuunnitelman avustaja: knowledge base, retrieval and plan validation.",
)

LangOption = Annotated[str | None, typer.Option("--lang", help="Message language: fi, sv or en.")]


def get_settings() -> Settings:
    from assistant.settings import Settings

    return Settings()


def container() -> Container:
    """The services of this command, built from the settings (`assistant.container`); a bad
    configuration ends the command with its message."""
    from assistant.container import ConfigurationError, Container

    try:
        return Container(get_settings())
    except ConfigurationError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def pick_language(lang: str | None) -> str:
    return lang if lang in ("fi", "sv", "en") else get_settings().app_language


def open_kb(services: Container | None = None) -> KnowledgeBase:
    """The knowledge base from settings; store or model problems end the command with their message."""
    from assistant.embeddings import EmbeddingError
    from assistant.vectorstore.chroma import StoreError

    try:
        return (services or container()).knowledge_base
    except (StoreError, EmbeddingError) as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


def echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


def fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)
