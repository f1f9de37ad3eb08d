"""What a case of the hostile corpus is: its file and the expected outcome of each way into the product
(`Expect`: a clean success, optionally with the detected format, an error code with a piece of its detail,
or a plan refused by validation), and the `Spec` that builds its file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Expect:
    """`code`: the error code expected, with `detail` in the error's detail; `finding`: (plan import) the
    file is read but the plan is refused by validation with that finding; neither: a clean success (the
    content detected as `fmt` when given)."""

    code: str | None = None
    detail: str = ""
    fmt: str | None = None
    finding: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None and self.finding is None

    def __str__(self) -> str:
        if self.finding:
            return f"refused: {self.finding}"
        if self.ok:
            return f"ok ({self.fmt})" if self.fmt else "ok"
        return f"{self.code} [{self.detail}]" if self.detail else str(self.code)


OK = Expect()


def ok(fmt: str) -> Expect:
    return Expect(fmt=fmt)


def err(code: str, detail: str = "") -> Expect:
    return Expect(code=code, detail=detail)


def invalid(finding: str) -> Expect:
    """Plan import: the file is read, but the plan is refused by validation with this finding code."""
    return Expect(finding=finding)


@dataclass(frozen=True)
class Case:
    name: str  # the file's name (its extension matters to the upload's type check)
    what: str
    path: Path
    ingest: Expect
    upload: Expect
    plan_import: Expect

    @property
    def size(self) -> int:
        return self.path.stat().st_size


Builder = Callable[[Path], None]


@dataclass(frozen=True)
class Spec:
    name: str
    what: str
    build: Builder
    ingest: Expect
    upload: Expect | None  # None: as ingest
    plan_import: Expect
