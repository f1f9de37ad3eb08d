"""The manifest of a backup archive (`manifest.json`): what is in it and how to check it.

Every other member of the archive is listed with its size and sha256; a restore refuses an archive that
has a member the manifest does not list, lacks one it lists, or whose content does not match.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "tietojohtaminen-assistant-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"

# Member names the format knows; anything else in an archive is refused.
DB_MEMBER = re.compile(r"^db/([a-z_][a-z0-9_]{0,62})\.jsonl$")
UPLOAD_PREFIX = "uploads/"
INDEX_COLLECTION = "index/collection.json"
INDEX_RECORDS = "index/records.jsonl"
INDEX_EMBEDDINGS = "index/embeddings.npy"


class MemberInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class TableInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: int = Field(ge=0)
    columns: list[str]


class IndexInfo(BaseModel):
    """The exported Chroma collection."""

    model_config = ConfigDict(extra="forbid")

    collection: str
    embedding_model: str
    dim: int = Field(ge=1)
    chunks: int = Field(ge=0)
    version: str = Field(description="The collection's version stamp when it was exported.")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    created_at: datetime
    app_version: str
    schema_version: int = Field(description="Schema version of the plans database (assistant.storage).")
    database_backend: str = Field(description="Where the plans came from: sqlite or postgresql.")
    tables: dict[str, TableInfo]
    index: IndexInfo | None = None
    uploads: list[str] = Field(default_factory=list, description="File names in the uploads folder.")
    members: dict[str, MemberInfo]

    def counts(self) -> dict[str, Any]:
        return {
            "tables": {name: info.rows for name, info in self.tables.items()},
            "chunks": self.index.chunks if self.index else 0,
            "uploads": len(self.uploads),
        }
