"""The optional generative model: made from settings, prompts from files, structured output as LangChain
runnables that adapt to the server, bounded calls, and an explicit failure the caller turns into an
offline answer.

    status = check_model(settings)                # at start-up: the model, or a problem in words
    chain = structured_runnable(settings, Schema, "extract.v1", task="extract")
    value = chain.invoke(variables)               # validated, or raises StructuredOutputError
    result = invoke_structured(model, prompt, variables, Schema, settings=settings)  # never raises
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.runtime.lazy import lazy_attributes

if TYPE_CHECKING:
    from assistant.llm.errors import Failure, StructuredOutputError
    from assistant.llm.factory import LLMConfigError, make_chat_model, parse_model_spec
    from assistant.llm.parsing import extract_json_object, schema_json, wire_schema
    from assistant.llm.prompts import PromptError, format_passages, language_name, load_prompt
    from assistant.llm.runnable import (
        forget_methods,
        remembered_method,
        structured_chain,
        structured_runnable,
    )
    from assistant.llm.status import ModelStatus, check_model
    from assistant.llm.structured import StructuredResult, invoke_structured
    from assistant.llm.transport import turn_budget

__all__ = [
    "Failure",
    "LLMConfigError",
    "ModelStatus",
    "PromptError",
    "StructuredOutputError",
    "StructuredResult",
    "check_model",
    "extract_json_object",
    "forget_methods",
    "format_passages",
    "invoke_structured",
    "language_name",
    "load_prompt",
    "make_chat_model",
    "parse_model_spec",
    "remembered_method",
    "schema_json",
    "structured_chain",
    "structured_runnable",
    "turn_budget",
    "wire_schema",
]

# Each name is imported from its module on first use: a command that only needs the turn budget or the
# error types does not load LangChain's prompt and runnable stack (about a second of imports).
_WHERE = {
    "Failure": "assistant.llm.errors",
    "LLMConfigError": "assistant.llm.factory",
    "ModelStatus": "assistant.llm.status",
    "PromptError": "assistant.llm.prompts",
    "StructuredOutputError": "assistant.llm.errors",
    "StructuredResult": "assistant.llm.structured",
    "check_model": "assistant.llm.status",
    "extract_json_object": "assistant.llm.parsing",
    "forget_methods": "assistant.llm.runnable",
    "format_passages": "assistant.llm.prompts",
    "invoke_structured": "assistant.llm.structured",
    "language_name": "assistant.llm.prompts",
    "load_prompt": "assistant.llm.prompts",
    "make_chat_model": "assistant.llm.factory",
    "parse_model_spec": "assistant.llm.factory",
    "remembered_method": "assistant.llm.runnable",
    "schema_json": "assistant.llm.parsing",
    "structured_chain": "assistant.llm.runnable",
    "structured_runnable": "assistant.llm.runnable",
    "turn_budget": "assistant.llm.transport",
    "wire_schema": "assistant.llm.parsing",
}

__getattr__ = lazy_attributes(__name__, _WHERE)
