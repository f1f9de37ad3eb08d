"""Offering and accepting the shorter version of a long answer (see `condense`)."""

from __future__ import annotations

from assistant.drafting.condense import LONG_ANSWER_CHARS, offer_key, shorter_version
from assistant.drafting.context import TurnContext
from assistant.markdown import escape_md
from assistant.textutil import format_number


def offer_shorter(ctx: TurnContext, path: str, value: str) -> None:
    """After a long answer is recorded in full: show a shorter version of its own sentences."""
    if len(value) <= LONG_ANSWER_CHARS:
        return
    shorter = shorter_version(value)
    if shorter is None:
        return
    ctx.state.shorter = {"path": path, "text": shorter, "full": offer_key(value)}
    ctx.say(
        "shorter_offer",
        length=format_number(len(value), ctx.language),
        short_length=format_number(len(shorter), ctx.language),
        text=escape_md(shorter),
    )


def accept_shorter(ctx: TurnContext) -> None:
    """The `lyhennä` command: the offered shorter version replaces the long answer (which stays in the
    revision history and the transcript)."""
    offer = ctx.state.shorter
    if not offer:
        ctx.say("shorter_none")
        return
    _, section_key, field_key = offer["path"].split("/")
    section = getattr(ctx.plan, section_key)
    current = getattr(section, field_key)
    if offer_key(current) != offer["full"]:
        ctx.state.shorter = None
        ctx.say("shorter_stale")
        return
    setattr(section, field_key, offer["text"])
    ctx.change(offer["path"], current, offer["text"])
    ctx.state.shorter = None
    ctx.say("shorter_taken", length=format_number(len(offer["text"]), ctx.language))
