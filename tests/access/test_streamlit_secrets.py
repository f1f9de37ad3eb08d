"""The login configuration: `.streamlit/secrets.toml.example` holds placeholders only and is a complete
`[auth]` section for st.login; the real `.streamlit/secrets.toml` is ignored by git."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest
from pydantic import ValidationError

from assistant.paths import PROJECT_ROOT
from assistant.settings import Settings
from tests.requirements import unavailable

EXAMPLE = PROJECT_ROOT / ".streamlit" / "secrets.toml.example"
SECRET_KEYS = ("cookie_secret", "client_id", "client_secret")


def test_example_is_a_complete_auth_section_of_placeholders() -> None:
    auth = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["auth"]
    assert {"redirect_uri", "server_metadata_url", *SECRET_KEYS} <= set(auth)
    assert auth["redirect_uri"].endswith("/oauth2callback")
    for key in SECRET_KEYS:
        assert auth[key].startswith("REPLACE-WITH-"), key
    assert auth["server_metadata_url"].startswith("https://")


def test_real_secrets_file_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        unavailable("not a git checkout (or no git)")
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=PROJECT_ROOT, check=False, timeout=30
    )
    assert ignored.returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", ".streamlit/secrets.toml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert tracked.stdout.strip() == ""


def test_provider_name_must_be_usable_by_streamlit() -> None:
    assert Settings(_env_file=None, auth_provider="entra").auth_provider == "entra"  # type: ignore[call-arg]
    assert Settings(_env_file=None, auth_provider=" ").auth_provider is None  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="auth_provider"):
        Settings(_env_file=None, auth_provider="my_idp")  # type: ignore[call-arg]
