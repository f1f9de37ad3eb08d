"""make_chat_model: None without a model, real LangChain models from settings, clear errors, no key leaks."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from langchain_openai import AzureChatOpenAI, ChatOpenAI
from pydantic import ValidationError

from assistant.llm import LLMConfigError, make_chat_model, parse_model_spec
from assistant.llm.transport import BoundedTransport
from assistant.settings import Settings

KEY = "sk-proj-Secret0123456789abcdef"
LLM_ENV = ("LLM_MODEL", "LLM_BASE_URL", "LLM_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL")
AZURE_ENV = ("OPENAI_API_VERSION", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LLM_ENV + AZURE_ENV:
        monkeypatch.delenv(name, raising=False)


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_model_means_the_offline_engine(value: str | None) -> None:
    assert make_chat_model(settings(llm_model=value)) is None


def test_empty_values_in_the_environment_are_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_MODEL", "")
    monkeypatch.setenv("LLM_API_KEY", "")
    monkeypatch.setenv("LLM_TIMEOUT_S", "12.5")
    current = settings()
    assert current.llm_model is None and current.llm_api_key is None
    assert current.llm_timeout_s == 12.5
    assert make_chat_model(current) is None


def test_openai_model_gets_timeout_retries_temperature_and_key() -> None:
    model = make_chat_model(
        settings(llm_model="openai:gpt-4o-mini", llm_api_key=KEY, llm_timeout_s=12, llm_max_retries=3)
    )
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4o-mini"
    # The client never re-sends (a timed-out generation would run twice); the chain retries connections.
    assert (model.request_timeout, model.max_retries, model.temperature) == (12, 0, 0.0)
    transport = model.http_client._transport
    assert isinstance(transport, BoundedTransport)
    assert transport.limits.timeout_s == 12 and transport.limits.max_concurrent is None  # a cloud provider
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == KEY
    assert KEY not in repr(model) and KEY not in str(model)


def test_base_url_means_an_openai_compatible_server_and_keeps_colons_in_the_name() -> None:
    model = make_chat_model(settings(llm_model="llama3.1:8b", llm_base_url="http://localhost:8080/v1"))
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "llama3.1:8b"
    assert model.openai_api_base == "http://localhost:8080/v1"
    assert model.use_responses_api is False
    assert model.http_client._transport.limits.max_concurrent == 1  # one call at a time to a local server
    # Local servers need no key; the OpenAI client still wants one.
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == "not-needed"


def test_azure_gets_the_base_url_as_its_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    endpoint = "https://x.openai.azure.com"
    model = make_chat_model(
        settings(llm_model="azure_openai:plans-gpt4o", llm_base_url=endpoint, llm_api_key=KEY)
    )
    assert isinstance(model, AzureChatOpenAI)
    assert model.deployment_name == "plans-gpt4o"
    assert model.azure_endpoint == "https://x.openai.azure.com"


def test_unknown_provider_is_a_clear_error() -> None:
    with pytest.raises(LLMConfigError) as info:
        make_chat_model(settings(llm_model="foo:bar"))
    message = str(info.value)
    assert "Unknown model provider 'foo'" in message
    assert (info.value.code, info.value.params["provider"]) == ("unknown_provider", "foo")
    assert "openai:gpt-4o-mini" in message and "LLM_BASE_URL" in message


def test_a_name_without_provider_that_cannot_be_inferred() -> None:
    with pytest.raises(LLMConfigError, match=r"Cannot tell the provider.*provider:model"):
        make_chat_model(settings(llm_model="mystery-model"))


def test_a_missing_provider_package_is_named_with_the_pip_command() -> None:
    if importlib.util.find_spec("langchain_ollama") or importlib.util.find_spec("langchain_community"):
        pytest.skip("an Ollama integration is installed here")
    with pytest.raises(LLMConfigError) as info:
        make_chat_model(settings(llm_model="ollama:llama3.1"))
    assert "pip install langchain-ollama" in str(info.value)
    assert info.value.__cause__ is None and isinstance(info.value, RuntimeError)


def test_base_url_with_an_unsupported_provider() -> None:
    with pytest.raises(LLMConfigError, match="LLM_BASE_URL works with"):
        make_chat_model(settings(llm_model="anthropic:claude-x", llm_base_url="http://localhost:1/v1"))


def test_missing_key_is_a_config_error_that_says_what_to_set() -> None:
    with pytest.raises(LLMConfigError, match="LLM_API_KEY") as info:
        make_chat_model(settings(llm_model="openai:gpt-4o-mini"))
    assert info.value.code == "missing_key"


def test_provider_errors_never_carry_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import langchain.chat_models

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError(f"invalid api_key {kwargs['api_key'].get_secret_value()} for this endpoint")

    monkeypatch.setattr(langchain.chat_models, "init_chat_model", broken)
    with pytest.raises(LLMConfigError) as info:
        make_chat_model(settings(llm_model="openai:gpt-4o-mini", llm_api_key=KEY))
    assert KEY not in str(info.value) and KEY not in repr(info.value)
    assert "invalid api_key *** for this endpoint" in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is not None  # context is not printed
    assert info.value.__suppress_context__


def test_settings_never_show_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_API_KEY", KEY)
    current = settings(llm_model="openai:gpt-4o-mini")
    assert current.llm_api_key is not None and current.llm_api_key.get_secret_value() == KEY
    for text in (current.model_dump_json(), repr(current), str(current), str(current.model_dump())):
        assert KEY not in text
    assert '"llm_api_key":"**********"' in current.model_dump_json()


def test_structured_method_is_validated() -> None:
    assert settings().llm_structured_method == "auto"
    with pytest.raises(ValidationError):
        settings(llm_structured_method="xml")


@pytest.mark.parametrize(
    ("spec", "base_url", "expected"),
    [
        ("openai:gpt-4o-mini", None, ("openai", "gpt-4o-mini")),
        ("ollama:llama3.1:8b", None, ("ollama", "llama3.1:8b")),
        ("gpt-4o-mini", None, (None, "gpt-4o-mini")),
        ("Qwen/Qwen2.5-7B-Instruct", "http://h/v1", ("openai", "Qwen/Qwen2.5-7B-Instruct")),
        ("openai:served", "http://h/v1", ("openai", "served")),
    ],
)
def test_parse_model_spec(spec: str, base_url: str | None, expected: tuple[str | None, str]) -> None:
    assert parse_model_spec(spec, base_url) == expected


def test_a_local_server_is_streamed_so_that_a_cut_call_stops_its_generation() -> None:
    model = make_chat_model(settings(llm_model="smollm2", llm_base_url="http://127.0.0.1:9/v1"))
    assert isinstance(model, ChatOpenAI) and model.streaming


def test_the_start_up_check_names_the_models_a_server_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.i18n import load_catalog
    from assistant.llm import check_model
    from tests.llm.openai_stub import OpenAIStub, StubReply

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with OpenAIStub([StubReply(content="{}")], models=("smollm2", "qwen2.5:7b")) as stub:
        wrong = check_model(settings(llm_model="smollm", llm_base_url=stub.url))
        right = check_model(settings(llm_model="smollm2", llm_base_url=stub.url))
        tagged = check_model(settings(llm_model="qwen2.5", llm_base_url=stub.url))  # Ollama's name:tag
    with OpenAIStub([StubReply(content="{}")]) as unlisted:  # no /models: nothing is concluded
        unknown = check_model(settings(llm_model="anything", llm_base_url=unlisted.url))
    assert wrong.model is None and wrong.code == "unknown_model"
    message = wrong.message(load_catalog("fi"))
    assert message is not None and "smollm2, qwen2.5:7b" in message and "LLM_MODEL" in message
    assert right.ok and right.model is not None
    assert tagged.ok and unknown.ok and unknown.model is not None
