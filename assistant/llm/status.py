"""Is the configured language model usable? Checked once when the app, `chat` or `ask` starts.

    status = check_model(settings)     # never raises
    status.model                       # the chat model, or None (no LLM_MODEL, or a problem)
    status.message(catalog)            # the problem in the user's language, or None

A problem (unknown provider, missing key or package, unreachable server, a model name the server does
not serve) is reported once, in words; the
offline engine then does the work.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.i18n.catalog import Catalog
    from assistant.settings import Settings

CONNECT_TIMEOUT_S = 2.0


@dataclass
class ModelStatus:
    model: BaseChatModel | None = None
    code: str | None = None  # None: usable, or no model configured
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""  # for developers' logs (English)

    @property
    def ok(self) -> bool:
        return self.code is None

    def message(self, catalog: Catalog) -> str | None:
        """The problem in words, with what happens now (the offline engine answers); None when none."""
        if self.code is None:
            return None
        problem = catalog.t(f"llm.config.{self.code}", **self.params)
        return catalog.t("llm.config.offline", problem=problem)


def reachable(url: str, timeout_s: float = CONNECT_TIMEOUT_S) -> bool:
    """A TCP connection to the URL's host and port opens within the timeout."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def check_model(settings: Settings, *, probe: bool = True) -> ModelStatus:
    """The model from the settings and whether it can be used; `probe`: also try to reach LLM_BASE_URL."""
    if not (settings.llm_model or "").strip():
        return ModelStatus()  # no model configured: nothing of LangChain or the HTTP client is imported
    from assistant.llm.factory import LLMConfigError, make_chat_model

    try:
        model = make_chat_model(settings)
    except LLMConfigError as error:
        return ModelStatus(code=error.code, params=dict(error.params), detail=str(error))
    if model is None:
        return ModelStatus()
    url = settings.llm_base_url
    if probe and url and not reachable(url):
        return ModelStatus(code="unreachable", params={"url": url}, detail=f"cannot connect to {url}")
    name = str(getattr(model, "model_name", "") or "")
    if probe and url and type(model).__name__ == "ChatOpenAI" and name:
        served = served_models(url, settings)
        if served and not any(n == name or n.startswith(f"{name}:") for n in served):
            listed = ", ".join(served[:10])
            return ModelStatus(
                code="unknown_model",
                params={"spec": name, "url": url, "served": listed},
                detail=f"{url} serves {listed}, not {name}",
            )
    return ModelStatus(model=model)


def served_models(url: str, settings: Settings, timeout_s: float = CONNECT_TIMEOUT_S) -> list[str]:
    """The model names an OpenAI-compatible server lists at `/models`; empty when it lists none or the
    list cannot be read (then nothing is concluded from it)."""
    import httpx

    headers = {}
    if settings.llm_api_key is not None and settings.llm_api_key.get_secret_value():
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    try:
        response = httpx.get(f"{url.rstrip('/')}/models", headers=headers, timeout=timeout_s)
        data = response.json().get("data") if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return []
    if not isinstance(data, list):
        return []
    return [str(item["id"]) for item in data if isinstance(item, dict) and item.get("id")]
