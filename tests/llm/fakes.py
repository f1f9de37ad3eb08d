"""Fake chat models shared by the tests of the LLM paths (drafting, review, prompt injection).

    model = ScriptedModel(respond=lambda messages, call: '{"text": "..."}')
    model.calls, model.prompts  # how often it was called, and the text of every prompt it got

`respond` gets the messages and the 1-based number of the call; it returns the answer text (None: an empty
answer) or raises to simulate a failing model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

Respond = Callable[[list[BaseMessage], int], str | None]


def prompt_text(messages: list[BaseMessage]) -> str:
    """The text of a prompt: the contents of its messages, one per line."""
    return "\n".join(str(m.content) for m in messages)


class ScriptedModel(BaseChatModel):
    """A chat model whose answer is computed from the prompt by a function (or raises)."""

    respond: Respond
    calls: int = 0
    prompts: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.calls += 1
        self.prompts.append(prompt_text(messages))
        content = self.respond(messages, self.calls)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=content or ""))])
