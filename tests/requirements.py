"""What a test needs from the machine (PostgreSQL, Chromium, LibreOffice, ../shared): on a developer's
machine a missing one skips the test with the reason; under CI=true it fails it, so CI cannot pass by
skipping. `.ci/run` installs them."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

import pytest

F = TypeVar("F", bound=Callable[..., Any])


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing requirement is a failure)", pytrace=False)
    pytest.skip(reason)


def requires(available: Callable[[], Any], reason: str) -> Callable[[F], F]:
    """A decorator: the test runs when `available()` is truthy (checked when it runs); otherwise it is
    skipped, or under CI=true failed, with `reason`."""

    def decorate(test: F) -> F:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> Any:
            if not available():
                unavailable(reason)
            return test(*args, **kwargs)

        return cast(F, run)

    return decorate
