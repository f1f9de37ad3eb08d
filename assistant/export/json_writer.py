"""JSON export: the plan exactly as the schema (`assistant schema`) describes it.

A draft is exported unchanged too: the schema has no draft flag, so the draft status and the findings
are reported to the caller (CLI stderr, the app), never written into the file.
"""

from __future__ import annotations

from assistant.export.layout import ExportContext

EXTENSION = "json"
MIME = "application/json"


def render(ctx: ExportContext) -> bytes:
    return (ctx.plan.model_dump_json(indent=2) + "\n").encode("utf-8")
