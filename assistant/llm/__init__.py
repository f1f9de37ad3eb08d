"""The optional generative model: made from settings, prompts from files, structured output as LangChain
runnables that adapt to the server, bounded calls, and an explicit failure the caller turns into an
offline answer.

    status = check_model(settings)                # at start-up: the model, or a problem in words
    chain = structured_runnable(settings, Schema, "extract.v1", task="extract")
    value = chain.invoke(variables)               # validated, or raises StructuredOutputError
    result = invoke_structured(model, prompt, variables, Schema, settings=settings)  # never raises
"""

from assistant.llm.errors import Failure, StructuredOutputError
from assistant.llm.factory import LLMConfigError, make_chat_model, parse_model_spec
from assistant.llm.parsing import extract_json_object, schema_json, wire_schema
from assistant.llm.prompts import PromptError, format_passages, language_name, load_prompt
from assistant.llm.runnable import forget_methods, remembered_method, structured_chain, structured_runnable
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
