"""Reading a reviewer question's clauses (`interpret.py`): source cues that name no source, a source's
statement beside a plan question (a mixed question), and a Finnish fragment without a verb."""

from __future__ import annotations

from assistant.retrieval.analyzer import Analyzer
from assistant.review.cues import CueMatcher, words
from assistant.review.readings import CLAUSE, beside_assessment, readings_of


def loose_sources(analyzer: Analyzer, ws: list[str], hits: dict[str, list[int]]) -> None:
    """Drop source cues that name no source: a word asking whether something is said ("Sanotaanko …?"),
    and a postposition of a source ("ohjeen mukaan", according to) with no genitive before it ("laskea
    mukaan": to include in a count)."""
    if "mention" in hits and "source" in hits:
        kept = [i for i in hits["source"] if i not in hits["mention"]]
        hits.update({"source": kept}) if kept else hits.pop("source")
    loose: set[int] = set()
    morphology = analyzer.morphology
    for i in hits.get("postposition", []):
        before = ws[i - 1] if i else ""
        cases = (
            {r.get("SIJAMUOTO") for r in readings_of(morphology, before)} if morphology and before else set()
        )
        if not (("omanto" in cases) if cases else before.endswith("n")):
            loose.add(i)
    for group in ("source", "claim"):
        kept = [i for i in hits.get(group, []) if i not in loose]
        hits.update({group: kept}) if kept else hits.pop(group, None)


def source_claim(cues: CueMatcher, analyzer: Analyzer, ws: list[str]) -> bool:
    """A source other than the plan's own assessment, and what it says ("ohjeen mukaan", "mallipohja
    edellyttää"), in these words."""
    hits = {g: cues.positions(g, ws) for g in ("source", "claim", "mention", "postposition")}
    kept = {g: p for g, p in hits.items() if p}
    loose_sources(analyzer, ws, kept)
    own = beside_assessment(cues.positions("assessment_ref", ws))
    return "claim" in kept and any(i not in own for i in kept.get("source", []))


def verbless(analyzer: Analyzer, ws: list[str]) -> bool:
    """A Finnish fragment with no verb by any Voikko reading ("Entä X suunnitelmassa?"): it names a topic
    but not what is asked of it (False without Voikko)."""
    morphology = analyzer.morphology
    if morphology is None:
        return False
    return not any("teonsana" in {r.get("CLASS") for r in readings_of(morphology, w)} for w in ws)


def source_statement(cues: CueMatcher, analyzer: Analyzer, question: str, facet: str) -> str | None:
    """What a plan question says a source says, to be searched in the sources too: a statement before
    the question ("Ohjeen mukaan … . Mitkä …?"), or the claim inside it ("…, vaikka mallipohja edellyttää
    sitä?"; not in a roadmap question, which compares with the roadmap anyway)."""
    clauses = [c for c in CLAUSE.split(question) if c.strip()]
    for clause in clauses[:-1]:
        if source_claim(cues, analyzer, words(clause)) and not clause.rstrip().endswith("?"):
            return clause
    if facet != "roadmap_alignment" and source_claim(cues, analyzer, words(question)):
        return question
    return None
