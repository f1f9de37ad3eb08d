"""The shared Typer app of the `assistant` command line and the helpers every command module uses.

Heavy modules are imported inside the commands so `--help` and `schema` start fast.
"""

from __future__ import annotations

import atexit
import gc
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

# The process ends as soon as a command has answered: the interpreter's last garbage collection over the
# loaded libraries (the model clients, the vector store) took 4-8 s after `ask` printed its answer on a
# busy machine (evals/llm/bounds.py); frozen objects are left to the operating system to free.
atexit.register(gc.freeze)

LangOption = Annotated[str | None, typer.Option("--lang", help="Message language: fi, sv or en.")]


def get_settings() -> Settings:
    from assistant.settings import Settings

    return Settings()


def container(language: str | None = None) -> Container:
    """The services of this command, built from the settings (`assistant.container`); a bad
    configuration ends the command with its message. With `language`, a configured language model that
    cannot be used is said once on stderr in that language and the command goes on offline."""
    from assistant.container import ConfigurationError, Container

    settings = get_settings()
    if language is not None:
        settings = usable_llm_settings(settings, language)
    try:
        return Container(settings)
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


def usable_llm_settings(settings: Settings, language: str) -> Settings:
    """The settings, without LLM_MODEL when the configured model cannot be used: the problem (unknown
    provider, missing key or package, unreachable server) is said once on stderr, in words, and the
    offline engine does the work."""
    if not settings.llm_model:
        return settings  # nothing to check: the model layer is not even imported
    from assistant.i18n import load_catalog
    from assistant.llm import check_model

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
