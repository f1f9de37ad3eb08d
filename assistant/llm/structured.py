"""`invoke_structured`: the structured chain (`assistant.llm.runnable`) as a result object that never
raises for a model failure, for callers that answer offline when the model fails.

    result = invoke_structured(model, prompt, variables, Schema, method="auto", timeout_s=60)
    if result.ok: use result.value
    else: answer offline and say why (result.failure: none | invalid | timeout | rate_limited | error)
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel

from assistant.llm.errors import Failure, StructuredOutputError
from assistant.llm.parsing import extract_json_object, schema_json
from assistant.llm.prompts import PromptError, task_max_tokens
from assistant.llm.runnable import METHODS, StructuredChain
from assistant.settings import Settings

ModelT = TypeVar("ModelT", bound=BaseModel)

__all__ = [
    "METHODS",
    "StructuredResult",
    "extract_json_object",
    "invoke_structured",
    "run_chain",
    "schema_json",
]


class StructuredResult(BaseModel, Generic[ModelT]):
    """The outcome of `invoke_structured`. `ok` is True exactly when `value` holds a validated object.

    `failure` is None on success, else: "none" (the model returned nothing or the schema back, also
    after the retry), "invalid" (its answer did not validate, also after the retry), "timeout",
    "rate_limited" or "error" (anything else: connection refused, authentication, a server error, ...).
    `detail` is one short line, safe to show or log (keys are masked): the methods passed over and why.
    `attempts` counts model calls; `method_used` is the method of the last call."""

    value: ModelT | None = None
    ok: bool
    failure: Failure | None = None
    detail: str = ""
    attempts: int = 0
    method_used: str = ""


def _task_of(prompt: ChatPromptTemplate) -> str:
    return str((prompt.metadata or {}).get("prompt_name") or "default")


def invoke_structured(
    model: BaseChatModel,
    prompt: ChatPromptTemplate,
    variables: dict[str, Any],
    schema: type[ModelT],
    *,
    method: str = "auto",
    timeout_s: float | None = None,
    max_tokens: int | None = None,
    max_retries: int = 1,
    openai_compatible: bool = False,
    settings: Settings | None = None,
) -> StructuredResult[ModelT]:
    """Ask `model` for a `schema` object; never raises for model failures.

    `variables` fill the prompt (`schema` is filled with the small per-task JSON Schema when the prompt
    uses it and the caller did not give it). `timeout_s` bounds all calls of this invocation together (the
    HTTP client cancels a call at it; see `assistant.llm.transport`); an enclosing `turn_budget` that ends
    earlier wins. `max_tokens` defaults to the task's limit (`prompts/tasks.yaml`, by the prompt's name).
    A missing prompt variable or an unknown method is a programming error and raises (KeyError,
    ValueError). With `settings`, the method, budget (LLM_TURN_BUDGET_S), retries, token cap and the
    OpenAI-compatible server's parameters come from them."""
    task = _task_of(prompt)
    try:
        limit = max_tokens or task_max_tokens(task)
    except PromptError:
        limit = task_max_tokens("default")
    if settings is not None:
        method = settings.llm_structured_method
        timeout_s = settings.llm_turn_budget_s
        max_retries = settings.llm_max_retries
        openai_compatible = bool(settings.llm_base_url)
        limit = min(limit, settings.llm_max_tokens or limit)
    chain = StructuredChain(
        model,
        schema,
        prompt,
        task=task,
        method=method,
        max_tokens=limit,
        max_retries=max_retries,
        openai_compatible=openai_compatible,
        budget_s=timeout_s,
    )
    return run_chain(chain, variables)


def run_chain(chain: StructuredChain, variables: dict[str, Any]) -> StructuredResult[Any]:
    """Invoke a structured chain and report it as a `StructuredResult` (never raises for model
    failures): the value with the method used and the notes of its trace, or the failure."""
    try:
        value = chain.invoke(variables)
    except StructuredOutputError as error:
        return StructuredResult(
            ok=False,
            failure=error.failure,
            detail=error.detail,
            attempts=error.attempts,
            method_used=error.method,
        )
    trace = chain.trace()
    notes = [*trace.notes, "repaired on retry"] if trace.repaired else trace.notes
    return StructuredResult(
        value=value, ok=True, detail="; ".join(notes), attempts=trace.calls, method_used=trace.method
    )
