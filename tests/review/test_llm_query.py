"""The LLM reading of reviewer questions (fake chat models): a valid reading is used with its names checked
against the template and the plan; unknown names are dropped; garbage or a failing model gives the offline
reading with a notice."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.i18n import load_catalog
from assistant.review import ask
from assistant.review.embedder import shared_embeddings
from assistant.review.interpret import OfflineInterpreter
from assistant.review.llm_query import LLMInterpreter
from assistant.template.spec import load_template
from tests.llm.fakes import ScriptedModel
from tests.review.plans import action, make_plan

QUESTION = "Vilka utvecklingsobjekt inom MITTARIT saknar åtgärder?"


@pytest.fixture(scope="module")
def offline() -> OfflineInterpreter:
    return OfflineInterpreter(load_template(), embeddings=shared_embeddings())


def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action("a1", "Mittareiden kattavuus", responsible="Laura Mäki, tietosuojavastaava"),
            action("a2", "Resurssit", responsible="Mikael Holm, dataarkitekt"),
        ]
    )


def reading(**kw: Any) -> ScriptedModel:
    return ScriptedModel(respond=lambda messages, n: json.dumps(kw, ensure_ascii=False))


def test_a_valid_reading_is_used_and_its_names_checked(offline) -> None:  # type: ignore[no-untyped-def]
    model = reading(facet="targets_without_actions", area="MITTARIT", person="Keksitty Henkilö")
    query = LLMInterpreter(model, offline, method="prompt").interpret(QUESTION, plan())
    assert (query.source, query.facet, query.filters.area, query.filters.person) == (
        "llm",
        "targets_without_actions",
        "mittarit",
        None,  # not a person of the plan
    )
    assert query.language == "sv" and model.calls == 1 and QUESTION in model.prompts[0]
    assert "Laura Mäki, tietosuojavastaava" in model.prompts[0]


def test_the_reading_answers_like_the_offline_one(offline) -> None:  # type: ignore[no-untyped-def]
    model = reading(facet="actions_by_person", person="Laura Mäki")
    interpreter = LLMInterpreter(model, offline, method="prompt")
    answer = ask(plan(), "Mitä tietosuojavastaavan vastuulla on?", interpreter=interpreter)
    assert answer.query is not None and answer.query.source == "llm"
    assert [i.id for i in answer.facts[0].items] == ["a1"]
    assert answer.text.startswith("Henkilö Laura Mäki vastaa 1 toimenpiteestä.")


@pytest.mark.parametrize(
    "respond",
    [
        lambda m, n: "ei JSONia",
        lambda m, n: json.dumps({"facet": "keksitty"}),
        lambda m, n: (_ for _ in ()).throw(ConnectionError("refused")),
    ],
    ids=["garbage", "unknown-facet", "exception"],
)
def test_failures_fall_back_to_the_offline_reading(offline, respond) -> None:  # type: ignore[no-untyped-def]
    model = ScriptedModel(respond=respond)
    query = LLMInterpreter(model, offline, method="prompt", timeout_s=10).interpret(QUESTION, plan())
    assert query.source == "offline" and query.facet == "targets_without_actions"
    assert query.filters.area == "mittarit"
    prefix = load_catalog("sv").t("review.reply.llm_failed", reason="X").split("(")[0]
    assert query.notice and query.notice.startswith(prefix)
