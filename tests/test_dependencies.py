"""Dependencies are exact: every distribution that assistant/ and ui/ import is declared in
pyproject.toml, nothing is declared that nothing uses, and constraints.txt pins exactly the installed
closure of the declared dependencies (no pins for packages nothing installs)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Declared for what they provide at run time although no module imports them by name.
LOADED_BY_NAME = {
    "langchain-openai": "init_chat_model's provider for openai: and OpenAI-compatible servers",
    "psycopg": "SQLAlchemy's driver for postgresql+psycopg:// URLs",
}
# Build steps run from a development install (`make facet-model`): their imports are declared in the `dev`
# extra, and nothing at run time imports them (tests/review/test_facet_model.py checks a review's imports).
BUILD_ONLY = {
    "assistant/runtime/linear_fit.py",
    "assistant/review/facet_build.py",
    "assistant/retrieval/refusal_build.py",
}
# The installer's own tools, and the project itself.
NOT_PINNED = {"pip", "setuptools", "tietojohtaminen-assistant"}


def _requirements(group: str | None = None) -> list[Requirement]:
    specs = (
        PYPROJECT["project"]["dependencies"]
        if group is None
        else (PYPROJECT["project"]["optional-dependencies"][group])
    )
    return [Requirement(spec) for spec in specs]


def _sources(folders: tuple[str, ...], build: bool = False) -> list[Path]:
    """The run-time modules of the folders, or (`build`) the build steps."""
    paths = [path for folder in folders for path in (ROOT / folder).rglob("*.py")]
    return [path for path in paths if (path.relative_to(ROOT).as_posix() in BUILD_ONLY) is build]


def _imported_top_level(folders: tuple[str, ...], build: bool = False) -> set[str]:
    names: set[str] = set()
    for path in _sources(folders, build):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("assistant", "ui", "tests")}


def _imported_distributions(folders: tuple[str, ...], build: bool = False) -> dict[str, set[str]]:
    """distribution -> the modules of it that are imported."""
    owners = md.packages_distributions()
    found: dict[str, set[str]] = {}
    for module in _imported_top_level(folders, build):
        assert module in owners, f"{module} is imported but no installed distribution provides it"
        for dist in owners[module]:
            found.setdefault(str(canonicalize_name(dist)), set()).add(module)
    return found


# Imported only by the optional backend behind EMBEDDINGS=sentence-transformers:… (the extra `st`).
OPTIONAL_EXTRA = "st"


def test_every_import_is_declared_and_every_declaration_used() -> None:
    required = {str(canonicalize_name(r.name)) for r in _requirements()}
    optional = {str(canonicalize_name(r.name)) for r in _requirements(OPTIONAL_EXTRA)}
    declared = required | optional
    imported = _imported_distributions(("assistant", "ui"))
    undeclared = {d: m for d, m in imported.items() if d not in declared}
    assert not undeclared, f"imported but not declared in [project] dependencies: {undeclared}"
    unused = required - set(imported) - set(LOADED_BY_NAME)
    assert not unused, f"declared but never imported: {sorted(unused)}"


def test_build_steps_import_only_declared_packages() -> None:
    assert all((ROOT / path).exists() for path in BUILD_ONLY), BUILD_ONLY
    declared = {str(canonicalize_name(r.name)) for r in [*_requirements(), *_requirements("dev")]}
    imported = _imported_distributions(("assistant",), build=True)
    undeclared = {d: m for d, m in imported.items() if d not in declared}
    assert not undeclared, f"imported by a build step but not declared (dependencies or dev): {undeclared}"


def test_every_dependency_is_pinned_exactly() -> None:
    for requirement in [*_requirements(), *_requirements("dev"), *_requirements(OPTIONAL_EXTRA)]:
        assert re.fullmatch(r"==[\w.+]+", str(requirement.specifier)), requirement


def _closure() -> set[str]:
    """The declared dependencies (with dev) and everything they require, as installed."""
    groups = [*_requirements(), *_requirements("dev"), *_requirements(OPTIONAL_EXTRA)]
    todo = [(r, frozenset(r.extras)) for r in groups]
    seen: set[str] = set()
    while todo:
        requirement, extras = todo.pop()
        name = str(canonicalize_name(requirement.name))
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for spec in md.distribution(name).requires or []:
            child = Requirement(spec)
            wanted = child.marker is None or any(
                child.marker.evaluate({"extra": extra}) for extra in (extras or {""})
            )
            if wanted:
                todo.append((child, frozenset(child.extras)))
    return {key.split("[")[0] for key in seen}


def test_constraints_pin_exactly_the_installed_closure() -> None:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[str(canonicalize_name(name))] = version
    closure = _closure() - NOT_PINNED
    assert not set(pins) - closure, f"pinned but nothing installs them: {sorted(set(pins) - closure)}"
    assert not closure - set(pins), f"installed but not pinned: {sorted(closure - set(pins))}"
    for name, version in pins.items():
        installed = md.version(name)
        assert installed.split("+")[0] == version, f"{name}: pinned {version}, installed {installed}"
