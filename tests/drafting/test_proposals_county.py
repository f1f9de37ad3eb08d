"""Proposals about this county: ranked by its own answers (3.2.1, 3.2.2, 3.3) and assessment results, only
actions, never another region's name, and shown in the user's language where the source allows (offline:
the Finnish quote, marked as one, under the target's name in the user's language; with a model: written in
the plan's language)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import BaseMessage

from assistant.drafting.action_filter import is_action, names_other_region
from assistant.drafting.context import TurnContext
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.llm import LLMAssist
from assistant.drafting.models import ConversationState, Proposal
from assistant.drafting.proposals_county import area_standing, county_context, plan_summary
from assistant.drafting.proposals_display import proposal_line, show_proposal_lines
from assistant.drafting.propose import OfflineProposer
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.models import SourceRef, build_plan_model
from assistant.template.spec import load_template
from tests.llm.fakes import ScriptedModel, prompt_text

SPEC = load_template()
PLAN = build_plan_model(SPEC)
METRICS = "Raportointi on hajanaista, mittarit puuttuvat eikä yhteistä tietovarastoa ole."
METRICS_GOAL = "Yhteinen mittaristo ja tietovarasto ovat käytössä kaikilla johtamisen tasoilla."
SKILLS = "Henkilöstön osaaminen analytiikassa on heikkoa eikä koulutusta ole järjestetty."
SKILLS_GOAL = "Osaamisen kehittäminen: koulutusohjelma kaikille esihenkilöille."


def _plan(state: str, goal: str, region: str = "Tunturialueen hyvinvointialue") -> Any:
    plan = PLAN()
    plan.meta.region = plan.kuvaus.sote_maakunta = region
    plan.nykytila.nykytilan_kuvaus = state
    plan.tavoitteet.tavoiteltavat_tulokset = goal
    return plan


def _targets() -> list[tuple[Any, Any]]:
    return [(a, t) for a in SPEC.areas if a.section == "3.4" for t in a.targets]


@pytest.fixture(scope="module")
def proposer(corpus_kb) -> OfflineProposer:  # type: ignore[no-untyped-def]
    return OfflineProposer(corpus_kb.retriever)


def test_the_county_answers_put_what_they_speak_of_first(proposer: OfflineProposer) -> None:
    metrics, skills = _plan(METRICS, METRICS_GOAL), _plan(SKILLS, SKILLS_GOAL)
    differ = 0
    for area, target in _targets():
        a = proposer.propose(area, target, metrics)
        b = proposer.propose(area, target, skills)
        differ += [p.toimenpide for p in a] != [p.toimenpide for p in b]
        for plan, proposals in ((metrics, a), (skills, b)):
            own = county_context(plan, area.key, proposer.analyzer.tokens)
            for p in proposals:  # the reason shown is the county's own words, as it wrote them
                assert all(w in own.text.lower() for w in p.county_words), (p.county_words, own.text)
            # a proposal the county's words speak of is never ranked below one they do not
            spoken = [bool(p.county_words) for p in proposals]
            assert spoken == sorted(spoken, reverse=True) or proposals[0].county_words, target.name
    assert differ >= 2  # the same template, two counties: different orders
    by_name = {t.name: (a, t) for a, t in _targets()}
    top = proposer.propose(*by_name["Mittareiden kattavuus"], metrics)[0]
    assert "mittarit" in top.county_words
    top = proposer.propose(*by_name["Henkilöstön osaaminen"], skills)[0]
    assert {"osaaminen", "osaamisen"} & set(top.county_words)


def test_only_actions_and_never_another_region(proposer: OfflineProposer) -> None:
    plan = _plan(METRICS, METRICS_GOAL, region="Lapin hyvinvointialue")
    for area, target in _targets():
        proposals = proposer.propose(area, target, plan)
        assert proposals, target.name
        for p in proposals:
            assert is_action(p.toimenpide), p.toimenpide  # no question, no bare noun phrase
            assert not names_other_region(p.toimenpide, "Lapin hyvinvointialue"), p.toimenpide
            assert "soite" not in p.toimenpide.lower() and p.lahteet and p.kieli == "fi"


def _ctx(language: str, plan: Any | None = None) -> TurnContext:
    return TurnContext(plan if plan is not None else PLAN(), ConversationState(language=language), language)


def _proposal(**extra: Any) -> Proposal:
    source = SourceRef(
        chunk_id="c1", doc_id="d", title="Sote-maakunnan tietojohtamisen kehittämissuunnitelma"
    )
    return Proposal(
        id="p1",
        number=1,
        kehittamiskohde="Mittareiden kattavuus",
        toimenpide="Määrittelemme keskeiset mittarit organisaatiomme eri tasoille",
        origin="template_example",
        lahteet=[source],
        **extra,
    )


def test_a_finnish_quote_is_marked_for_a_swedish_or_english_user() -> None:
    proposal = _proposal(county_words=["mittarit"])
    sv = proposal_line(_ctx("sv"), proposal)
    assert "Citat på finska" in sv and "Mätarnas täckning" in sv and "»Määrittelemme keskeiset" in sv
    assert "Hänger ihop med era svar: mittarit" in sv and "Källa:" in sv
    en = proposal_line(_ctx("en"), proposal)
    assert "Quoted in Finnish" in en and "Coverage of metrics" in en
    fi = proposal_line(_ctx("fi"), proposal)
    assert "Lainaus" not in fi and fi.startswith("1. Määrittelemme") and "Liittyy vastauksiinne" in fi
    ctx = _ctx("sv")
    show_proposal_lines(ctx, [proposal])
    assert any("ordagranna citat" in line for line in ctx.lines)
    # written in the user's language by a model: no quote marks
    assert "Citat" not in proposal_line(_ctx("sv"), _proposal(kieli="sv"))


def _with_results(plan: Any) -> Any:
    plan.arviointitulokset = (
        PLAN.model_fields["arviointitulokset"]
        .annotation.__args__[0]
        .model_validate(  # type: ignore[union-attr]
            {
                "alueet": [
                    {"alue": "mittarit", "kypsyys": 1.8, "tyytyvaisyys": 2.2},
                    {"alue": "tietotarpeet", "kypsyys": 1.8, "tyytyvaisyys": 3.0},
                    {
                        "alue": "visio_ja_strategia",
                        "kypsyys": 3.4,
                        "tyytyvaisyys": 3.1,
                        "huomio": "Tietovarasto puuttuu",
                    },
                ]
            }
        )
    )
    return plan


def test_the_area_standing_is_said_in_the_users_number_format() -> None:
    plan = _with_results(_plan(METRICS, METRICS_GOAL))
    standing = area_standing(plan, "mittarit")
    assert standing is not None and (standing.rank, standing.assessed) == (1, 3)
    assert area_standing(plan, "tiedon_kaytto") is None
    ctx = _ctx("fi", plan)
    show_proposal_lines(ctx, [_proposal()])
    assert "osa-alue ”Mittarit” on 1. heikoin 3 arvioidusta (kypsyys 1,8, tyytyväisyys 2,2" in ctx.lines[0]
    ctx = _ctx("en", plan)
    show_proposal_lines(ctx, [_proposal()])
    assert "maturity 1.8, satisfaction 2.2" in ctx.lines[0]
    # the area's own assessment note is one of the county's answers the ranking reads
    assert "tietovarasto" in county_context(plan, "visio_ja_strategia", str.split).text.lower()
    summary = plan_summary(plan, "mittarit", {"Laadimme mittariston"})
    assert METRICS in summary and "1. heikoin 3" in summary and "Laadimme mittariston" in summary


def test_the_model_writes_in_the_plans_language_and_another_region_is_dropped(
    tmp_path: Path, corpus_kb
) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def respond(messages: list[BaseMessage], n: int) -> str:
        text = prompt_text(messages)
        if "Kehittämiskohde:" not in text:
            return json.dumps({"value": "vastaus"})
        seen.append(text)
        ids = [text.split('<katkelma id="', 1)[1].split('"', 1)[0]]
        return json.dumps(
            {
                "toimenpiteet": [
                    {"toimenpide": "Vi definierar gemensamma mätare för alla ledningsnivåer", "lahteet": ids},
                    {"toimenpide": "Vi inför Soites mätarmodell i hela regionen", "lahteet": ids},
                ]
            }
        )

    settings = Settings(llm_model="scripted", llm_structured_method="prompt", llm_timeout_s=5)
    assist = LLMAssist(ScriptedModel(respond=respond), corpus_kb.retriever, settings)
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        engine = DraftingEngine(store, corpus_kb.retriever, assist=assist)
        turn = engine.start(author="t", language="sv")
        stored = store.get(turn.plan_id)
        stored.plan.nykytila.nykytilan_kuvaus = "Rapporteringen är splittrad."
        store.save(
            turn.plan_id, stored.plan, expected_version=stored.version, author="t", summary="t", changes=[]
        )
        turn = engine.handle(turn.plan_id, "mene mittarit", author="t")
    assert seen and "Vastauskieli: ruotsi" in seen[-1] and "Rapporteringen är splittrad." in seen[-1]
    assert [p.toimenpide for p in turn.proposals] == [
        "Vi definierar gemensamma mätare för alla ledningsnivåer"
    ]
    assert turn.proposals[0].kieli == "sv" and "Citat på finska" not in turn.reply
