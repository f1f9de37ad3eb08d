"""The `assistant` command line.

Commands live in the `cmd_*` modules of this package, one module per job; each registers its commands on
the shared `app` of `assistant.cli.common`. Every `cmd_*` module is imported here, so a new module needs no
registration elsewhere.
"""

from __future__ import annotations

import importlib
import pkgutil

from assistant.cli.common import app

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("cmd_")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["app"]
