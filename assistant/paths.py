"""Locations of the project's data folders, resolved from the package itself."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
PROMPTS_DIR = PROJECT_ROOT / "prompts"
