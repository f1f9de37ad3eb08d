"""The optional generative model, made from settings with LangChain's `init_chat_model`.

`LLM_MODEL` uses `init_chat_model`'s `provider:model` form (`openai:gpt-4o-mini`, `azure_openai:deployment`,
`ollama:llama3.1`, ...). With `LLM_BASE_URL` the model is served by an OpenAI-compatible server (vLLM,
llama.cpp `llama-server`, Ollama's `/v1`), `LLM_MODEL` is the served model name and the provider is
`openai` (an explicit `ollama:` or `azure_openai:` prefix keeps its provider and gets the URL instead).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr, ValidationError

from assistant.llm.transport import BoundedTransport, Limits, http_client

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

log = logging.getLogger(__name__)

# Providers `init_chat_model` knows by name (its registry is private; this copy is the fallback).
_FALLBACK_PROVIDERS = (
    "anthropic",
    "azure_ai",
    "azure_openai",
    "bedrock",
    "bedrock_converse",
    "cohere",
    "deepseek",
    "fireworks",
    "google_anthropic_vertex",
    "google_genai",
    "google_vertexai",
    "groq",
    "huggingface",
    "ibm",
    "mistralai",
    "nvidia",
    "ollama",
    "openai",
    "perplexity",
    "together",
    "xai",
)
# Keyword argument that takes LLM_BASE_URL, per provider.
_BASE_URL_ARGUMENT = {"openai": "base_url", "azure_openai": "azure_endpoint", "ollama": "base_url"}
# The OpenAI client refuses to start without a key; local OpenAI-compatible servers ignore it.
_PLACEHOLDER_KEY = "not-needed"


class LLMConfigError(RuntimeError):
    """The generative model cannot be created from the settings. The message says what to change and never
    contains the API key. `code` names the problem for the user's message catalogue (`llm.config.<code>`):
    unknown_provider, no_provider, missing_package, missing_key, base_url_provider, unreachable, no_model,
    invalid."""

    def __init__(self, message: str, *, code: str = "invalid", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@functools.lru_cache(maxsize=1)
def known_providers() -> tuple[str, ...]:
    """Provider names `init_chat_model` accepts as the `provider:` prefix: the list its own error message
    gives for an unknown provider (LangChain has no public registry), else a fixed list."""
    from langchain.chat_models import init_chat_model

    try:
        init_chat_model("probe", model_provider="-")
    except ValueError as error:
        listed = re.search(r"Supported model providers are:\s*(.+)", str(error), re.S)
        if listed:
            names = tuple(sorted(n.strip() for n in listed.group(1).split(",") if n.strip()))
            if all(re.fullmatch(r"[a-z0-9_]+", n) for n in names) and "openai" in names:
                return names
    except Exception:  # pragma: no cover - a LangChain that behaves differently
        pass
    return _FALLBACK_PROVIDERS


def parse_model_spec(spec: str, base_url: str | None = None) -> tuple[str | None, str]:
    """Split `LLM_MODEL` into (provider, model name). The provider is None when `init_chat_model` should
    infer it from the name (e.g. `gpt-4o-mini`). Raises LLMConfigError for an unknown `provider:` prefix."""
    spec = spec.strip()
    prefix, sep, rest = spec.partition(":")
    providers = known_providers()
    if sep and prefix.lower().replace("-", "_") in providers:
        if not rest.strip():
            raise LLMConfigError(
                f"LLM_MODEL={spec!r} names a provider but no model, e.g. {prefix}:MODEL.",
                code="no_model_name",
                spec=spec,
            )
        return prefix.lower().replace("-", "_"), rest.strip()
    if base_url:
        # An OpenAI-compatible server: the whole value is the served model name (it may contain ':').
        return "openai", spec
    if sep:
        raise LLMConfigError(
            f"Unknown model provider {prefix!r} in LLM_MODEL={spec!r}. Use provider:model with one of "
            f"{', '.join(providers)} (e.g. openai:gpt-4o-mini or ollama:llama3.1), or set LLM_BASE_URL "
            "for an OpenAI-compatible server (vLLM, llama.cpp) and give the served model name.",
            code="unknown_provider",
            provider=prefix,
            spec=spec,
        )
    return None, spec


def _redact(text: str, secret: SecretStr | None) -> str:
    if secret is not None and secret.get_secret_value():
        text = text.replace(secret.get_secret_value(), "***")
    return re.sub(r"\bsk-[A-Za-z0-9_\-]{6,}", "sk-***", text)


def _describe(error: Exception, secret: SecretStr | None) -> str:
    """One line about a constructor's error; pydantic errors without their input values."""
    if isinstance(error, ValidationError):
        text = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or 'settings'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
        )
    else:
        text = str(error)
    text = " ".join(_redact(text, secret).split())[:400] or type(error).__name__
    if re.search(r"api[_ ]?key|credential", text, re.I):
        text += " (set LLM_API_KEY in .env or the provider's own environment variable)"
    return text


def _missing_package(error: ImportError) -> str:
    match = re.search(r"requires the ([A-Za-z0-9_.\-]+) package", str(error))
    if match:
        return match.group(1)
    name = getattr(error, "name", None) or "the provider's LangChain package"
    return name.split(".")[0].replace("_", "-")


def call_limits(settings: Settings, model: str) -> Limits:
    """The per-call deadline and the concurrency limit of the model's HTTP client."""
    concurrent = settings.llm_max_concurrent or (1 if settings.llm_base_url else None)
    return Limits(settings.llm_timeout_s, concurrent, key=f"{settings.llm_base_url or ''}|{model}")


def chat_model_kwargs(settings: Settings, provider: str | None, model: str) -> dict[str, Any]:
    """Keyword arguments for `init_chat_model`: timeout, retries, temperature, URL and key.

    OpenAI, Azure and Ollama models get an HTTP client whose transport enforces the call's deadline
    and concurrency (`assistant.llm.transport`); the client itself never retries (max_retries=0): the
    structured chain re-sends only calls that never connected or were rate limited."""
    kwargs: dict[str, Any] = {"temperature": settings.llm_temperature}
    limits = call_limits(settings, model)
    if provider == "ollama":
        # ChatOllama has no timeout or retry fields; both go to its HTTP client.
        kwargs["client_kwargs"] = {"timeout": settings.llm_timeout_s, "transport": BoundedTransport(limits)}
    else:
        kwargs["timeout"] = settings.llm_timeout_s
        kwargs["max_retries"] = 0
        if provider in (None, "openai", "azure_openai"):
            kwargs["http_client"] = http_client(limits)
    if provider == "azure_openai":
        # Azure addresses a deployment; LLM_MODEL=azure_openai:<deployment name>.
        kwargs["azure_deployment"] = model
    if settings.llm_base_url:
        argument = _BASE_URL_ARGUMENT.get(provider or "")
        if argument is None:
            raise LLMConfigError(
                f"LLM_BASE_URL works with an OpenAI-compatible server (the default), azure_openai or ollama, "
                f"not with the provider {provider!r}; remove LLM_BASE_URL or the provider prefix.",
                code="base_url_provider",
                provider=str(provider),
            )
        kwargs[argument] = settings.llm_base_url
        if provider == "openai":
            # OpenAI-compatible servers implement Chat Completions, not the Responses API.
            kwargs["use_responses_api"] = False
            # Streamed, so that a call cut at its deadline stops the generation: llama.cpp's server
            # checks for a closed connection after every streamed token, but finishes a non-streamed
            # answer it was sent whatever happens to the client (measured: the next call waited 92 s).
            kwargs["streaming"] = True
    if settings.llm_api_key is not None:
        if provider == "ollama":
            log.warning("LLM_API_KEY is ignored for ollama")
        else:
            kwargs["api_key"] = settings.llm_api_key
    elif settings.llm_base_url and provider == "openai":
        kwargs["api_key"] = SecretStr(_PLACEHOLDER_KEY)
    return kwargs


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model chosen in the settings, or None when `LLM_MODEL` is empty (offline engine).

    Creating the model does not contact the provider. Raises LLMConfigError with a message that says what
    to change (a missing LangChain provider package is named, with the pip command)."""
    spec = (settings.llm_model or "").strip()
    if not spec:
        return None
    provider, model = parse_model_spec(spec, settings.llm_base_url)
    kwargs = chat_model_kwargs(settings, provider, model)
    try:
        from langchain.chat_models import init_chat_model

        chat_model = init_chat_model(model, model_provider=provider, **kwargs)
    except ImportError as error:
        package = _missing_package(error)
        raise LLMConfigError(
            f"LLM_MODEL={spec!r} needs the package {package}: install it with `pip install {package}` "
            "(or empty LLM_MODEL to use the offline engine).",
            code="missing_package",
            package=package,
            spec=spec,
        ) from None
    except Exception as error:  # anything the provider's constructor raises
        if "infer model provider" in str(error):
            raise LLMConfigError(
                f"Cannot tell the provider of LLM_MODEL={spec!r}: write it as provider:model, e.g. "
                f"openai:{spec} or ollama:{spec}, or set LLM_BASE_URL for an OpenAI-compatible server.",
                code="no_provider",
                spec=spec,
            ) from None
        detail = _describe(error, settings.llm_api_key)
        missing_key = bool(re.search(r"api[_ ]?key|credential", detail, re.I))
        raise LLMConfigError(
            f"Cannot create the chat model for LLM_MODEL={spec!r}: {detail}",
            code="missing_key" if missing_key else "invalid",
            spec=spec,
            detail=detail,
        ) from None
    log.info("generative model: %s (provider %s)", model, provider or "inferred")
    return chat_model
