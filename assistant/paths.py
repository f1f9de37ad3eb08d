"""Where the project's data folders are: `knowledge/` (template, assessment model, corpus) and `prompts/`.

In a source checkout they sit beside the package (the customer's layout); an installed wheel ships them
inside it as `assistant/knowledge` and `assistant/prompts` (see setup.py and pyproject.toml). The checkout's
folders win when they exist, so each git worktree of one editable install reads its own data. Settings'
KNOWLEDGE_DIR overrides the knowledge folder at run time; code gets it from `Settings.knowledge_dir`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The source checkout holding the package (for an installed package: site-packages, not a checkout).
PROJECT_ROOT = PACKAGE_DIR.parent
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file()


class DataFolderMissing(RuntimeError):
    """The package was installed without its data (a broken wheel or a zipped install)."""


def data_dir(name: str) -> Path:
    """The data folder `name` ("knowledge" or "prompts"): the checkout's, else the installed package's."""
    if IN_CHECKOUT and (PROJECT_ROOT / name).is_dir():
        return PROJECT_ROOT / name
    packaged = files("assistant").joinpath(name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    raise DataFolderMissing(
        f"The data folder {name!r} is missing from the installed package {PACKAGE_DIR}: reinstall it "
        "from a wheel built with its package data (pip install tietojohtaminen-assistant)."
    )


def package_file(package: str, name: str) -> Path:
    """A data file shipped inside a subpackage (vocabularies, rules, locales), as a filesystem path."""
    path = files(package).joinpath(name)
    if not isinstance(path, Path):
        raise DataFolderMissing(f"{package}/{name} is not on the file system (zipped install?)")
    return path


# The defaults, resolved once at import (paths only: nothing is read or cached here).
KNOWLEDGE_DIR = data_dir("knowledge")
PROMPTS_DIR = data_dir("prompts")
