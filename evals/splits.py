"""The split files of a blind eval set: every `*dev.yaml` / `*test.yaml` beside its runner.

dev, test (the first blind set), holdout_dev, holdout_test (the second), fresh_dev, fresh_test (the third):
a runner offers whichever are present. Names ending in `test` are run for figures only.
"""

from __future__ import annotations

from pathlib import Path


def splits(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem.endswith(("dev", "test")))
