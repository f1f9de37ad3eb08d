"""The composition root: profiles, every service built from the settings, KNOWLEDGE_DIR honoured by every
service, implementations satisfying their protocols, one user's scoped view, and no import cycles."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import interfaces
from assistant.access import Principal, ScopedCommentStore, ScopedPlanStore
from assistant.container import ConfigurationError, Container, resolve_profile
from assistant.drafting.propose import OfflineProposer
from assistant.paths import KNOWLEDGE_DIR, PACKAGE_DIR
from assistant.settings import Settings
from tests.conftest import make_small_knowledge


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", **values)  # type: ignore[call-arg]


def test_profiles_follow_the_configuration(tmp_path: Path) -> None:
    assert resolve_profile(settings(tmp_path)) == "offline"
    assert resolve_profile(settings(tmp_path, llm_model="openai:gpt-4o-mini")) == "llm"
    shared = settings(tmp_path, database_url="postgresql+psycopg://u@db/plans", chroma_host="chroma")
    assert resolve_profile(shared) == "shared"
    assert resolve_profile(settings(tmp_path, llm_model="openai:x"), "offline") == "offline"
    with pytest.raises(ConfigurationError, match="LLM_MODEL"):
        resolve_profile(settings(tmp_path), "llm")
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        resolve_profile(settings(tmp_path, chroma_host="chroma"), "shared")
    with pytest.raises(ConfigurationError, match="test"):
        Container(settings(tmp_path), "offline", chat_model=FakeListChatModel(responses=["x"]))


def test_offline_profile_has_no_model_even_when_one_is_configured(tmp_path: Path) -> None:
    services = Container(settings(tmp_path, llm_model="openai:gpt-4o-mini"), "offline")
    assert services.chat_model is None and services.assist is None


def test_services_are_built_once_and_satisfy_their_protocols(small_settings: Settings) -> None:
    services = Container(small_settings, "test")
    assert services.plan_store is services.plan_store
    assert isinstance(services.plan_store, interfaces.PlanStore)
    assert isinstance(services.comment_store, interfaces.CommentStore)
    assert isinstance(services.embedder, interfaces.Embedder)
    assert isinstance(services.retriever, interfaces.Retriever)
    assert isinstance(services.proposer, interfaces.Proposer)
    assert isinstance(services.proposer, OfflineProposer)
    engine = services.engine
    assert engine.store is services.plan_store and engine.retriever is services.retriever
    assert engine.proposer is services.proposer and engine.spec is services.template
    services.close()


def test_scoped_view_enforces_the_principal_without_copying_services(small_settings: Settings) -> None:
    services = Container(small_settings, "test")
    principal = Principal(user_id="d", name="Drafter", organisation="north", roles=frozenset({"drafter"}))
    scope = services.scoped(principal)
    assert isinstance(scope.plan_store, ScopedPlanStore) and isinstance(
        scope.plan_store, interfaces.PlanStore
    )
    assert isinstance(scope.comment_store, ScopedCommentStore)
    assert isinstance(scope.comment_store, interfaces.CommentStore)
    turn = scope.engine.start(author="Drafter", language="fi", title="Pohjoinen")
    assert scope.engine.retriever is services.retriever and scope.engine.store is scope.plan_store
    assert services.plan_store.get(turn.plan_id).organisation == "north"
    other = services.scoped(
        Principal(user_id="o", name="Other", organisation="south", roles=frozenset({"drafter"}))
    )
    assert [p.id for p in other.plan_store.list()] == []
    services.close()


def test_knowledge_dir_is_honoured_by_every_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KNOWLEDGE_DIR pointing at another folder: its template shapes new plans, validation, review and
    export; nothing falls back to the default knowledge/."""
    knowledge = make_small_knowledge(tmp_path / "other-knowledge")
    template = yaml.safe_load((knowledge / "template.yaml").read_text(encoding="utf-8"))
    template["periods"]["short"].update(start=2031, end=2032)
    template["periods"]["long"].update(start=2033, end=2036)
    section = template["sections"][0]
    section["title"]["fi"] = "Kuvaus alueesta (toinen malli)"
    section["required"] = False
    for group in section["groups"]:
        for field in group["fields"]:
            field["required"] = False  # fewer errors for an empty plan
    (knowledge / "template.yaml").write_text(yaml.safe_dump(template, allow_unicode=True), encoding="utf-8")
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    services = Container(Settings(), "test")
    assert services.template.sections[0].title.fi == "Kuvaus alueesta (toinen malli)"
    turn = services.engine.start(author="A", language="fi", title="Toinen")
    stored = services.plan_store.get(turn.plan_id)
    assert stored.plan.meta.periods.short.start == 2031  # type: ignore[attr-defined]
    assert type(stored.plan) is type(services.engine.store.get(turn.plan_id).plan)

    # Validation of plain JSON follows the configured template, not the default one.
    empty = json.dumps(stored.plan.model_dump(mode="json")).encode()
    default = Container(settings(tmp_path, knowledge_dir=KNOWLEDGE_DIR), "test")
    default_errors = default.exporter.validate(empty).counts()["error"]
    assert services.exporter.validate(empty).counts()["error"] < default_errors
    assert services.exporter.validate(stored.plan).counts()["error"] < default_errors
    markdown = services.exporter.export(stored.plan, "md", language="fi", draft=True).data.decode("utf-8")
    assert "Kuvaus alueesta (toinen malli)" in markdown
    coverage = services.reviewer.coverage(stored.plan, language="fi")
    assert coverage.title == "Toinen"
    services.close()


# --- import structure -------------------------------------------------------------------------------------


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of the package that `path` imports, at module level or inside functions (imports only
    for type checking excluded); `from pkg import submodule` counts as importing the submodule."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                subs = {f"{child.module}.{a.name}" for a in child.names} & modules
                found.update(subs or {child.module})
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found & modules


def test_no_import_cycles() -> None:
    files = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {name: _imports(path, set(files)) - {name} for name, path in files.items()}

    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def walk(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append([*trail[trail.index(dep) :], dep])
            elif dep not in state:
                walk(dep, [*trail, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert not cycles, cycles
