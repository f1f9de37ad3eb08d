"""Prompt templates kept as files in `prompts/` (format: `prompts/README.md`).

A prompt is loaded by its versioned name, e.g. `load_prompt("extract.v1")` reads `prompts/extract.v1.md`,
and becomes a LangChain `ChatPromptTemplate` (f-string variables). A new wording gets a new version, so a
result can always be traced to the exact prompt that produced it (the name and version are in the
template's `metadata`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.datafile import parse_yaml, read_yaml
from assistant.paths import PROMPTS_DIR

PROMPT_NAME = re.compile(r"^(?P<base>[a-z][a-z0-9_\-]*)\.v(?P<version>[1-9][0-9]*)$")
SECTION_LINE = re.compile(r"^--- (system|human|ai) ---[ \t]*$", re.M)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*\n", re.S)

# Language names as the Finnish prompts use them: "Vastaa kielellä: {language}".
LANGUAGE_NAMES = {"fi": "suomi", "sv": "ruotsi (svenska)", "en": "englanti (English)"}


class PromptError(ValueError):
    """A prompt file is missing or malformed."""


class PromptMeta(BaseModel):
    """The YAML front matter of a prompt file."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = Field(ge=1)
    description: str
    input_variables: list[str]

    @property
    def full_name(self) -> str:
        return f"{self.name}.v{self.version}"


def language_name(code: str) -> str:
    """The value for a prompt's `{language}`: `fi` -> `suomi`; unknown codes are passed through."""
    return LANGUAGE_NAMES.get(code, code)


def prompt_path(name: str, prompts_dir: Path = PROMPTS_DIR) -> Path:
    if not PROMPT_NAME.match(name):
        raise PromptError(f"Prompt name {name!r} must look like 'extract.v1' (lower-case name, .v, version).")
    return prompts_dir / f"{name}.md"


def parse_prompt(text: str, name: str) -> tuple[PromptMeta, list[tuple[str, str]]]:
    """Front matter and (role, template) messages of a prompt file's text."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise PromptError(f"{name}: the file must start with YAML front matter between '---' lines.")
    try:
        meta = PromptMeta.model_validate(parse_yaml(match.group("yaml")) or {})
    except (yaml.YAMLError, ValidationError) as error:
        raise PromptError(f"{name}: invalid front matter: {error}") from error
    if meta.full_name != name:
        raise PromptError(f"{name}: the front matter says {meta.full_name!r}; name and version must match.")

    body = text.replace("\r\n", "\n")[match.end() :]
    markers = list(SECTION_LINE.finditer(body))
    if not markers:
        raise PromptError(f"{name}: no '--- system ---' / '--- human ---' section lines.")
    if body[: markers[0].start()].strip():
        raise PromptError(f"{name}: text before the first section line.")
    messages: list[tuple[str, str]] = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(body)
        content = body[marker.end() : end].strip("\n")
        if not content.strip():
            raise PromptError(f"{name}: the {marker.group(1)} section is empty.")
        messages.append((marker.group(1), content))
    if not any(role == "human" for role, _ in messages):
        raise PromptError(f"{name}: a prompt needs a '--- human ---' section.")
    if [role for role, _ in messages].count("system") > 1 or (
        any(role == "system" for role, _ in messages) and messages[0][0] != "system"
    ):
        raise PromptError(f"{name}: at most one system section, and it must come first.")
    return meta, messages


def load_prompt(name: str, prompts_dir: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The chat prompt `prompts/<name>.md`; `name` includes the version, e.g. `extract.v1`.

    Raises PromptError when the file is missing, malformed, or its declared `input_variables` differ
    from the variables its text uses."""
    path = prompt_path(name, prompts_dir)
    if not path.is_file():
        raise PromptError(f"No prompt {name!r}: {path} does not exist.")
    meta, messages = parse_prompt(path.read_text(encoding="utf-8"), name)
    try:
        template = ChatPromptTemplate.from_messages(messages, template_format="f-string")
    except (ValueError, KeyError) as error:  # e.g. an unbalanced brace
        hint = "write a literal brace as '{{' or '}}'"
        raise PromptError(f"{name}: invalid template: {error} ({hint})") from error
    used = set(template.input_variables)
    declared = set(meta.input_variables)
    if used != declared or len(meta.input_variables) != len(declared):
        raise PromptError(
            f"{name}: input_variables {sorted(declared)} do not match the variables used {sorted(used)}"
            f" (missing from the declaration: {sorted(used - declared)}, declared but unused: "
            f"{sorted(declared - used)}, or declared twice)."
        )
    template.metadata = {
        "prompt": meta.full_name,
        "prompt_name": meta.name,
        "prompt_version": meta.version,
        "description": meta.description,
    }
    return template


def available_prompts(prompts_dir: Path = PROMPTS_DIR) -> list[str]:
    """Versioned names of the prompt files in the folder, sorted."""
    return sorted(p.stem for p in prompts_dir.glob("*.md") if PROMPT_NAME.match(p.stem))


def format_passages(passages: Iterable[tuple[str, str, str]]) -> str:
    """The `{passages}` value of a prompt: (chunk id, citation, text) triples, each in its own delimited
    block so that the model can cite the chunk id and cannot mistake passage text for instructions."""
    blocks = []
    for chunk_id, citation, text in passages:
        body = re.sub(r"</?\s*katkelma", "katkelma", text, flags=re.I).strip()
        source = citation.replace('"', "'")
        blocks.append(f'<katkelma id="{chunk_id}" lähde="{source}">\n{body}\n</katkelma>')
    return "\n\n".join(blocks)


def task_max_tokens(task: str, prompts_dir: Path = PROMPTS_DIR) -> int:
    """The `max_tokens` of a structured-output task from `prompts/tasks.yaml` (its `default` for a task
    the file does not name)."""
    path = prompts_dir / "tasks.yaml"
    try:
        tasks = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as error:
        raise PromptError(f"{path}: cannot read the task limits: {error}") from error
    entry = tasks.get(task) or tasks.get("default") or {}
    value = entry.get("max_tokens") if isinstance(entry, dict) else None
    if not isinstance(value, int) or value < 1:
        raise PromptError(f"{path}: task {task!r} needs a positive integer max_tokens (or a default).")
    return value
