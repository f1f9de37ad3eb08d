"""Record the real llama.cpp server's answers as vcrpy cassettes for `tests/llm/test_cassettes.py`.

    python evals/llm/record_cassettes.py [--port 8766] [--out tests/llm/cassettes]

Starts (or reuses) the server of `evals/llm/servers.py` and runs each scenario through the real structured
chain with `LLM_STRUCTURED_METHOD=auto` (every method the chain tries, as the server answered it: the HTTP
500 on json_schema, what function calling, JSON mode and the plain prompt give), plus the old layer's
inputs the server could not take (the 10,000-character limit inside a function-calling grammar, which
crashes the server: recorded with the exceptions the client saw, `*.errors.yaml`). Calls are streamed, as
the factory makes them for a server at LLM_BASE_URL. Prints what each scenario ended with. Replaying needs
no server.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import vcr  # noqa: E402
import yaml  # noqa: E402
from pydantic import BaseModel, Field  # noqa: E402

from assistant.drafting.llm import ExtractedField, ProposedActions  # noqa: E402
from assistant.llm import forget_methods, invoke_structured, load_prompt, make_chat_model  # noqa: E402
from assistant.llm.prompts import task_max_tokens  # noqa: E402
from assistant.llm.runnable import StructuredChain  # noqa: E402
from assistant.llm.structured import StructuredResult, run_chain  # noqa: E402
from assistant.review.llm import GeneratedAnswer  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.llm.servers import PACKAGES, LlamaServer, request_kind  # noqa: E402

SERVER = f"{' + '.join(PACKAGES)}, --n_threads 1, streamed"

EXTRACT = {
    "language": "suomi",
    "field_label": "Alueen nimi",
    "field_instruction": "Hyvinvointialueen nimi.",
    "question": "1.1 Alueen nimi",
    "answer": "Pohjanrannikon hyvinvointialue",
    "current_values": '{"sote_maakunta": ""}',
}
PASSAGES = (
    '<katkelma id="opas-12" lähde="Opas, luku 3, s. 12">\nMittaristo kootaan yhdessä palvelualueiden kanssa '
    "ja sen tiedot päivitetään kuukausittain.\n</katkelma>"
)
PROPOSE = {
    "language": "suomi",
    "region": "Pohjanrannikon hyvinvointialue",
    "periods": "2020–2021, 2022–2025",
    "area": "Tiedolla johtamisen välineet",
    "target": "Mittarit",
    "target_examples": "- Laaditaan mittaristo",
    "plan_summary": "-",
    "passages": PASSAGES,
    "max_actions": 3,
}
ANSWER = {
    "language": "suomi",
    "question": "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?",
    "facts": json.dumps([{"kind": "actions_without_responsible", "count": 2, "items": ["A", "B"]}]),
    "passages": "-",
}


class OldExtractedField(BaseModel):
    """The schema main's layer sent: a 10,000-character limit inside the grammar."""

    value: str = Field(min_length=1, max_length=10_000)


class OwnerYear(BaseModel):
    """A responsible party and a year (the smoke test's schema): a check SmolLM2-135M does not pass."""

    owner: str = Field(description="Vastuuhenkilö tai -taho")
    year: int = Field(ge=2020, le=2040)


OWNER = {
    "language": "suomi",
    "field_label": "Vastuutaho",
    "field_instruction": "Kuka vastaa toimenpiteestä ja milloin se valmistuu.",
    "question": "Kuka vastaa toimenpiteestä?",
    "answer": "Tietohallintojohtaja, valmis 2025.",
    "current_values": "{}",
}
# Scenarios whose server drops the connection: vcrpy cannot store that, so they are recorded as
# `<name>.errors.yaml` (each request's kind and body, and the response or the exception the client saw).
DROPPING = frozenset({"extract_function_calling_old_schema"})


def scenarios() -> list[tuple[str, str, dict[str, Any], type[BaseModel], dict[str, Any]]]:
    """(cassette name, prompt, variables, schema, invoke_structured options)."""
    return [
        ("extract_auto", "extract.v1", EXTRACT, ExtractedField, {}),
        ("propose_auto", "propose.v1", PROPOSE, ProposedActions, {}),
        ("answer_auto", "answer.v1", ANSWER, GeneratedAnswer, {}),
        ("extract_json_mode", "extract.v1", EXTRACT, ExtractedField, {"method": "json_mode"}),
        ("owner_auto", "extract.v1", OWNER, OwnerYear, {}),
        (
            "extract_function_calling_old_schema",
            "extract.v1",
            EXTRACT,
            OldExtractedField,
            {"method": "function_calling", "unbounded_wire_schema": True},
        ),
    ]


def invoke_scenario(
    model: Any,
    settings: Settings,
    prompt: str,
    variables: dict[str, Any],
    schema: type[BaseModel],
    **options: Any,
) -> StructuredResult[Any]:
    """The scenario through the structured chain (`invoke_structured`). `unbounded_wire_schema`: the
    model is sent the schema's full JSON Schema, as main's layer sent it before the small per-task
    schemas (its 10,000-character limit becomes part of llama.cpp's grammar)."""
    if not options.get("unbounded_wire_schema"):
        return invoke_structured(model, load_prompt(prompt), variables, schema, settings=settings)
    chain = StructuredChain(
        model,
        schema,
        load_prompt(prompt),
        task="extract",
        method=settings.llm_structured_method,
        max_tokens=task_max_tokens("extract"),
        openai_compatible=True,
        budget_s=settings.llm_turn_budget_s,
    )
    chain.wire = {**schema.model_json_schema(), "title": schema.__name__}
    return run_chain(chain, variables)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "llm" / "cassettes")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    recorder = vcr.VCR(
        cassette_library_dir=str(args.out),
        record_mode="all",
        match_on=["method", "path"],
        filter_headers=["authorization", "x-stainless-os", "x-stainless-arch", "user-agent"],
        decode_compressed_response=True,
    )
    with LlamaServer(port=args.port) as server:
        for name, prompt, variables, schema, options in scenarios():
            if args.only and name not in args.only.split(","):
                continue
            forget_methods()
            server.restart_if_dead()
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                llm_model=server.model_name,
                llm_base_url=server.url,
                llm_timeout_s=300,
                llm_turn_budget_s=900,
                llm_structured_method=options.get("method", "auto"),
            )
            model = make_chat_model(settings)
            assert model is not None
            started = time.monotonic()
            recording = (
                ErrorRecorder(args.out / f"{name}.errors.yaml")
                if name in DROPPING
                else recorder.use_cassette(f"{name}.yaml")
            )
            with recording:
                result = invoke_scenario(model, settings, prompt, variables, schema, **options)
            alive = server.alive()
            print(
                f"{name}: ok={result.ok} failure={result.failure} method={result.method_used} "
                f"calls={result.attempts} {time.monotonic() - started:.0f} s; server alive after: {alive}"
                f"\n  {result.detail}",
                flush=True,
            )


class ErrorRecorder:
    """Records every HTTP exchange under the model's transport, including the exceptions the client saw
    (a dropped connection, a refused one), as YAML: [{request: {kind, body}, response | error}]."""

    def __init__(self, path: Path) -> None:
        self.path, self.items = path, []  # type: ignore[var-annotated]
        self.real = httpx.HTTPTransport.handle_request

    def __enter__(self) -> ErrorRecorder:
        recorder = self

        def handle(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            body = json.loads(request.read() or b"{}")
            item: dict[str, Any] = {"request": {"kind": request_kind(body), "body": body}}
            recorder.items.append(item)
            try:
                response = recorder.real(transport, request)
                content = b"".join(response.stream)  # type: ignore[union-attr]
            except Exception as error:
                item["error"] = {"type": type(error).__name__, "message": str(error)}
                raise
            item["response"] = {"status": response.status_code, "body": content.decode("utf-8", "replace")}
            headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
            return httpx.Response(response.status_code, headers=headers, content=content, request=request)

        httpx.HTTPTransport.handle_request = handle  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        httpx.HTTPTransport.handle_request = self.real  # type: ignore[method-assign]
        data = {"recorded_from": SERVER, "interactions": self.items}
        self.path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
