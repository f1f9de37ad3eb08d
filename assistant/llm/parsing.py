"""What LangChain does not do for us: read a JSON object out of a plain answer (code fences, prose,
`<think>` blocks), tell a schema echo from an answer, and make the small per-task JSON Schema a model is
sent (no long length limits or patterns that a server would turn into a huge grammar)."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

ERROR_CHARS = 1500
# Length limits above this are left out of the schema a model is sent (the pydantic model still checks
# them): llama.cpp turns `maxLength: 10000` into a grammar that fails to compile and kills its server.
MAX_SENT_LENGTH = 1000
_DROPPED_KEYS = frozenset({"pattern", "format", "examples", "default"})
_SCHEMA_WORDS = frozenset(
    {"properties", "$defs", "definitions", "$schema", "required", "additionalProperties"}
)

_FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)```", re.S)
_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)


def strip_thinking(text: str) -> str:
    return _THINK.sub("", text).strip()


def extract_json_object(text: str) -> Any:
    """The JSON object in a model's text: the whole text, a ```json fenced block, or the outermost
    `{...}` inside prose. Raises ValueError when there is none."""
    text = strip_thinking(text)
    if not text:
        raise ValueError("the answer was empty")
    candidates = [text, *(m.group(1).strip() for m in _FENCE.finditer(text))]
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    for source in candidates:
        for match in re.finditer(r"\{", source):
            try:
                obj, _ = decoder.raw_decode(source, match.start())
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                return obj
    raise ValueError("no JSON object found in the answer")


def describe_validation_error(error: ValidationError) -> str:
    """A compact, model-readable list of what failed: `field.path: message`."""
    parts = []
    for item in error.errors(include_url=False):
        location = ".".join(str(p) for p in item.get("loc", ())) or "(root)"
        parts.append(f"{location}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)[:ERROR_CHARS]


def is_schema_echo(data: Any, schema: type[BaseModel]) -> bool:
    """The model returned (part of) the JSON Schema it was given instead of an answer."""
    if not isinstance(data, dict):
        return False
    fields = set(schema.model_fields)
    keys = set(data)
    if keys & fields:  # an answer that happens to have a field named like a schema keyword
        properties = data.get("properties")
        return isinstance(properties, dict) and fields <= set(properties) and not keys <= fields
    if keys & _SCHEMA_WORDS:
        return True
    return data.get("type") == "object" or (keys <= {"title", "description", "type"} and bool(keys))


def _compact(node: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROPPED_KEYS or (key == "title" and isinstance(value, str)):
                continue
            if key in ("maxLength", "maxItems") and isinstance(value, int) and value > MAX_SENT_LENGTH:
                continue
            out[key] = _compact(value) if key != "properties" else {k: _compact(v) for k, v in value.items()}
        return out
    if isinstance(node, list):
        return [_compact(item) for item in node]
    return node


def wire_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema sent to a model for `schema`: its fields and types, short descriptions, small limits
    only; a top-level `title` (the function or schema name) and `description`."""
    full = schema.model_json_schema()
    small = _compact(full)
    small["title"] = schema.__name__
    small["description"] = (full.get("description") or schema.__name__).strip().splitlines()[0][:200]
    small["additionalProperties"] = False
    return small


def schema_json(schema: type[BaseModel]) -> str:
    """The JSON Schema that prompts receive as `{schema}` (the same small schema the model is sent)."""
    return json.dumps(wire_schema(schema), ensure_ascii=False, indent=2)
