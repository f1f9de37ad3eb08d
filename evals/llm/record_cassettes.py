"""Record the real llama.cpp server's answers as vcrpy cassettes for `tests/llm/test_cassettes.py`.

    python evals/llm/record_cassettes.py [--port 8766] [--out tests/llm/cassettes]

Starts (or reuses) the server of `evals/llm/servers.py` and runs each scenario through the real structured
chain with `LLM_STRUCTURED_METHOD=auto` (every method the chain tries, as the server answered it: the HTTP
500 on json_schema, what function calling, JSON mode and the plain prompt give), plus the old layer's
inputs the server could not take (the 10,000-character limit inside a function-calling grammar, JSON mode
without max_tokens). Prints what each scenario ended with. Replaying needs no server.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import vcr  # noqa: E402
from pydantic import BaseModel, Field  # noqa: E402

from assistant.drafting.llm import ExtractedField, ProposedActions  # noqa: E402
from assistant.llm import forget_methods, invoke_structured, load_prompt, make_chat_model  # noqa: E402
from assistant.review.llm import GeneratedAnswer  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from evals.llm.servers import LlamaServer  # noqa: E402

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


def scenarios() -> list[tuple[str, str, dict[str, Any], type[BaseModel], dict[str, Any]]]:
    """(cassette name, prompt, variables, schema, invoke_structured options)."""
    return [
        ("extract_auto", "extract.v1", EXTRACT, ExtractedField, {}),
        ("propose_auto", "propose.v1", PROPOSE, ProposedActions, {}),
        ("answer_auto", "answer.v1", ANSWER, GeneratedAnswer, {}),
        ("extract_json_mode", "extract.v1", EXTRACT, ExtractedField, {"method": "json_mode"}),
        (
            "extract_function_calling_old_schema",
            "extract.v1",
            EXTRACT,
            OldExtractedField,
            {"method": "function_calling"},
        ),
    ]


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
                llm_turn_budget_s=600,
                llm_structured_method=options.get("method", "auto"),
            )
            model = make_chat_model(settings)
            assert model is not None
            with recorder.use_cassette(f"{name}.yaml"):
                result = invoke_structured(model, load_prompt(prompt), variables, schema, settings=settings)
            alive = server.alive()
            print(
                f"{name}: ok={result.ok} failure={result.failure} method={result.method_used} "
                f"calls={result.attempts} server alive after: {alive}\n  {result.detail}"
            )


if __name__ == "__main__":
    main()
