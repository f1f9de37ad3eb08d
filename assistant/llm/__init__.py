"""The optional generative model: made from settings, prompts from files, structured output with
validation, one repair and an explicit failure the caller turns into an offline answer.

    model = make_chat_model(settings)            # None: no LLM_MODEL, use the offline engine
    prompt = load_prompt("extract.v1")
    result = invoke_structured(model, prompt, variables, Schema,
                               method=settings.llm_structured_method, timeout_s=settings.llm_timeout_s)
    if result.ok: use result.value
    else: answer offline and say why (result.failure: none | invalid | timeout | rate_limited | error)
"""

from assistant.llm.factory import LLMConfigError, make_chat_model, parse_model_spec
from assistant.llm.prompts import PromptError, format_passages, language_name, load_prompt
from assistant.llm.structured import (
    Failure,
    StructuredResult,
    extract_json_object,
    invoke_structured,
    schema_json,
)

__all__ = [
    "Failure",
    "LLMConfigError",
    "PromptError",
    "StructuredResult",
    "extract_json_object",
    "format_passages",
    "invoke_structured",
    "language_name",
    "load_prompt",
    "make_chat_model",
    "parse_model_spec",
    "schema_json",
]
