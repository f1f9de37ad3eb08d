"""Word-level readings of a reviewer question used by the offline interpreter (`interpret.py`): its
language, the plan's periods named by their years, Finnish superlatives and function words (Voikko), a
second question joined by a conjunction, an outside source named, whether the plan is named at all, a
choice between two things ("short or long?", not a yes/no question) and the source words of a statement
before the question."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal, get_args

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.morphology import Morphology
from assistant.review.cues import CueMatcher, words
from assistant.review.query import Filters, Metric

Order = Literal["lowest", "highest"]
# a second question joined by a conjunction: ", ja mitä …", " and what …", ", och får man …"
JOINED = re.compile(
    r",\s*(?:ja|sekä|entä|och|samt|and)\s+|\s+(?:ja|sekä|entä|och|samt|and)\s+(?=(?:mitä|mikä|mitkä|miten|mistä|mihin|vad|hur|"
    r"vilka|vilken|varför|får|what|how|why|which|does|do)\b|\w+k[oö]\b)",
    re.IGNORECASE,
)
# sentences and dash-separated parts of a question
CLAUSE = re.compile(r"(?<=[.!?;:])\s+|\s+[–—]\s+")
# "X vai Y", "X eller Y", "X or Y": an alternative
ALTERNATIVE = frozenset({"vai", "eller", "or"})
_NEGATIONS = frozenset({"ei", "eikö", "inte", "not", "no"})
_SOURCE_GROUPS = frozenset({"source", "claim", "modal"})
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LANG_HINTS = {
    "sv": {
        "och",
        "vilka",
        "vilket",
        "som",
        "har",
        "finns",
        "inom",
        "för",
        "planen",
        "saknar",
        "är",
        "hur",
        "vad",
        "i",
        "det",
        "ett",
        "av",
        "till",
        "med",
        "om",
        "inte",
        "alla",
        "någon",
        "några",
        "nämns",
        "vem",
        "flest",
        "eller",
        "mellan",
        "tar",
        "upp",
    },
    "en": {"the", "which", "what", "does", "is", "are", "how", "many", "of", "plan", "have", "any", "and"},
}


# Voikko word classes that never name a topic: pronoun, adverb, conjunction, postposition, interjection
FUNCTION_CLASSES = {"asemosana", "seikkasana", "sidesana", "suhdesana", "huudahdussana"}


NOUN_CLASSES = {"nimisana", "nimisana_laatusana", "lyhenne"}
NOUN_GROUPS = ("action_noun", "area_noun", "target_noun", "section_noun")


def no_nouns(analyzer: Analyzer, ws: list[str], positions: list[int]) -> set[int]:
    """The positions whose word Voikko knows only as something else than a noun ("toimii", a verb, is no
    "toimia", actions): a noun cue of a Finnish question is not matched there (nothing without Voikko)."""
    morphology = analyzer.morphology
    if morphology is None:
        return set()
    out = set()
    for i in positions:
        classes = {r.get("CLASS") for r in _readings(morphology, ws[i])}
        if classes and not classes & NOUN_CLASSES:
            out.add(i)
    return out


def period_years(ws: list[str], plan: Any) -> dict[str, list[int]]:
    """The plan's periods named by their years: {"short" | "long": word positions}. A word whose years all
    fall within one of the plan's periods names it ("2022–2025-aikataulua", "2027"); a range across both
    names neither."""
    periods = getattr(getattr(plan, "meta", None), "periods", None)
    if periods is None:
        return {}
    spans = {
        "short": (periods.short.start, periods.short.end),
        "long": (periods.long.start, periods.long.end),
    }
    out: dict[str, list[int]] = {}
    for i, w in enumerate(ws):
        years = [int(y) for y in _YEAR.findall(w)]
        if not years:
            continue
        for name, (start, end) in spans.items():
            if all(start <= y <= end for y in years):
                out.setdefault(name, []).append(i)
    return out


# cue groups that name something of the plan: a question with none of them is not about the plan
PLAN_WORDS = {
    "plan_ref",
    "action_noun",
    "area_noun",
    "target_noun",
    "section_noun",
    "responsible",
    "responsibility",
    "prerequisites",
    "schedule",
    "short",
    "long",
    "maturity",
    "satisfaction",
    "count",
    "most",
    "empty",
    "mention",  # "Mainitaanko Webropol?": asked of the plan unless a source is named
}


def detect_language(question: str, analyzer: Analyzer, fallback: str) -> str:
    ws = set(words(question))
    lowered = question.lower()
    scores = {lang: len(ws & hints) for lang, hints in _LANG_HINTS.items()}
    if "å" in lowered:
        scores["sv"] += 2
    # ä and ö in a name ("Sjöberg", "Järvilaakso's") say nothing of the question's language
    tokens = question.split()
    own = " ".join(t for i, t in enumerate(tokens) if i == 0 or not t[:1].isupper()).lower()
    if any(ch in own for ch in "äö") and not scores["sv"]:
        return "fi"
    detected = analyzer.detect_language(question)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 2:
        return best
    if detected != "fi":
        return detected
    return "fi" if any(ch in lowered for ch in "äöy") or ws else (fallback or "fi")


def superlative_metric(analyzer: Analyzer, cues: CueMatcher, question: str) -> tuple[Metric, Order] | None:
    """A Finnish superlative of the measure's own adjective ("kypsin", "tyytyväisimpiä": the highest;
    a caritive "tyytymättömimmät": the lowest), by Voikko: the adjective's base form begins like one
    of the measure's cue words."""
    morphology = analyzer.morphology
    if morphology is None:
        return None
    for word in words(question):
        for reading in morphology.analyze(word):
            if reading.get("COMPARISON") != "superlative":
                continue
            base = (reading.get("BASEFORM") or "").lower()
            for metric in get_args(Metric):
                stems = [c[:4] for (c, *_) in cues.groups.get(metric, []) if len(c) >= 5]
                if len(base) >= 4 and base[:4] in stems:
                    return metric, "lowest" if base.endswith(("tön", "ton")) else "highest"
    return None


# Swedish / English interrogatives: a question opening with anything else that is a verb asks yes or no
INTERROGATIVES = {
    "sv": {
        "vilka",
        "vilken",
        "vilket",
        "vad",
        "hur",
        "var",
        "när",
        "vem",
        "vems",
        "varför",
        "vart",
        "vilkas",
    },
    "en": {"which", "what", "how", "where", "when", "who", "whom", "whose", "why"},
}
# words that follow a fronted Swedish verb ("Saknar någon åtgärd …?", "Täcker planen …?")
_SV_SUBJECT = {
    "någon",
    "något",
    "några",
    "alla",
    "varje",
    "samtliga",
    "det",
    "den",
    "de",
    "man",
    "planen",
    "planens",
    "åtgärderna",
    "åtgärden",
    "regionen",
    "välfärdsområdet",
    "området",
    "områdena",
}


def verb_first_sv(ws: list[str], original: list[str]) -> bool:
    """A Swedish yes/no question: a fronted finite verb (not an interrogative) followed by its subject — a
    pronoun or determiner, a definite noun, or a name (capitalised in the question)."""
    if len(ws) < 2 or ws[0] in INTERROGATIVES["sv"] or not ws[0].endswith(("r", "s")):
        return False
    second = ws[1]
    named = len(original) > 1 and original[1][:1].isupper()
    return second in _SV_SUBJECT or (second.endswith(("en", "et", "na")) and len(second) > 4) or named


@lru_cache(maxsize=100_000)
def _readings(morphology: Morphology, word: str) -> tuple[dict[str, str], ...]:
    return tuple(morphology.analyze(word))


readings_of = _readings  # a word's Voikko readings, cached (for clauses.py)


def base_forms(analyzer: Analyzer) -> Callable[[str], frozenset[str]] | None:
    """A word's Voikko base forms (lower case; empty for a word Voikko does not know), or None without
    Voikko. An uninflected word class (adverb, postposition, …) keeps the word itself: "mukana" is not
    "mukaan"."""
    morphology = analyzer.morphology
    if morphology is None:
        return None

    def lemmas(word: str) -> frozenset[str]:
        return frozenset(
            word if r.get("CLASS") in FUNCTION_CLASSES else (r.get("BASEFORM") or word).lower()
            for r in _readings(morphology, word)
        )

    return lemmas


def morphology_cues(analyzer: Analyzer, ws: list[str]) -> dict[str, list[int]]:
    """Cues read from Finnish word forms (Voikko), for words no cue list can enumerate: "without" for the
    abessive case ("toimenpiteittä", "kirjoittamatta", "aikatauluttamatta") and the negation participle
    ("täyttämättömiä", "nimeämätön"); "question" for the -ko/-kö clitic on any word ("kaikillako"); an
    active participle ("toimenpiteitä sisältävistä", "… saaneista": having them)."""
    morphology = analyzer.morphology
    out: dict[str, list[int]] = {}
    if morphology is None:
        return out
    for i, w in enumerate(ws):
        if len(w) < 3 or not w.isalpha():
            continue
        readings = _readings(morphology, w)
        if not readings:
            continue
        if all(r.get("SIJAMUOTO") == "vajanto" or r.get("PARTICIPLE") == "negation" for r in readings):
            out.setdefault("without", []).append(i)
        if all(r.get("KYSYMYSLIITE") == "true" for r in readings):
            out.setdefault("question", []).append(i)
        if all(r.get("PARTICIPLE") in ("present_active", "past_active") for r in readings):
            out.setdefault("active_participle", []).append(i)  # "sisältävistä", "saaneista"
    return out


def about_plan(question: str, hits: dict[str, list[int]], f: Filters, plan: Any) -> bool:
    """The question names something of the plan: a word of its vocabulary, a person, area, target or
    known topic, or the plan's region ("Järvilaaksolla": the region's name, inflected)."""
    if hits.keys() & PLAN_WORDS or f.person or f.area or f.target or f.concept or f.section or f.text_field:
        return True
    region = [w for w in words(getattr(getattr(plan, "meta", None), "region", "") or "") if len(w) >= 5]
    return any(w.startswith(r[:5]) for r in region for w in words(question))


def beside_assessment(positions: list[int]) -> set[int]:
    """The positions of an assessment word and of a source word beside it that names the plan's own
    results ("kyselyn mukaan", "enligt bedömningen")."""
    return {j for i in positions for j in (i - 1, i, i + 1)}


def _keep(hits: dict[str, list[int]], group: str, dropped: set[int]) -> None:
    kept = [i for i in hits.get(group, []) if i not in dropped]
    if kept:
        hits[group] = kept
    else:
        hits.pop(group, None)


def not_norms_or_sources(hits: dict[str, list[int]]) -> None:
    """Cue hits that the words around them undo (in place): a modal verb with a particle after it is a
    phrasal verb ("Tuleeko X esiin …?": whether X comes up, no norm asked); "according to" next to an
    assessment word names the plan's own results ("enligt bedömningen", "kyselyn mukaan"), no source
    (a verb next to it still names one: "ohje edellyttää arviota")."""
    if "particle" in hits:
        _keep(hits, "modal", {i for i in hits.get("modal", []) if any(j > i for j in hits["particle"])})
    own = beside_assessment(hits.get("assessment_ref", [])) & set(hits.get("according", []))
    for group in ("source", "claim"):
        _keep(hits, group, own)


def external_source(cues: CueMatcher, ws: list[str]) -> bool:
    """A source cue that is not the plan's own assessment ("arvioinnin mukaan": the results in the
    plan, next to the cue word, are no source to search)."""
    own = beside_assessment(cues.positions("assessment_ref", ws))
    own |= set(cues.positions("mention", ws))  # "Sanotaanko …?" asks whether it is said: no source
    return any(i not in own for i in cues.positions("source", ws))


def having_actions(hits: dict[str, list[int]]) -> bool:
    """An action noun next to an active participle ("toimenpiteitä sisältävistä osa-alueista",
    "toimenpiteitä saaneista"), with no "without" in the question: only the areas that have actions."""
    participles = set(hits.get("active_participle", []))
    nouns = hits.get("action_noun", [])
    return "without" not in hits and any(i + 1 in participles or i - 1 in participles for i in nouns)


def function_word(analyzer: Analyzer, word: str) -> bool:
    """A Finnish pronoun, adverb, conjunction or postposition by every Voikko reading ("joistain",
    "missään", "myös"): never a topic (without Voikko, only the stop words are left out)."""
    morphology = analyzer.morphology
    if morphology is None:
        return False
    classes = {a.get("CLASS") for a in morphology.analyze(word)}
    return bool(classes) and classes <= FUNCTION_CLASSES


def asked_sources(question: str, hits: dict[str, list[int]]) -> dict[str, list[int]]:
    """The cue hits without the source words of a statement before the question ("Ohjeen mukaan osio
    3.5 pitää täyttää. Onko se täytetty?") or of a clause after it saying what a source requires ("…,
    niin kuin ohjeessa vaaditaan?"): the source's claim makes a mixed question, the question says what is
    asked of the plan."""
    if "as_per" in hits and hits.keys() & _SOURCE_GROUPS:  # "…, så som anvisningen kräver?"
        start = min(hits["as_per"])
        said = {g: [i for i in pos if i < start] if g in _SOURCE_GROUPS else pos for g, pos in hits.items()}
        if any(i > start for g in _SOURCE_GROUPS for i in hits.get(g, [])) and start > 2:
            hits = {g: pos for g, pos in said.items() if pos}
    clauses = [c for c in CLAUSE.split(question) if c.strip()]
    if len(clauses) < 2 or not clauses[-1].rstrip().endswith("?"):
        return hits
    if any(c.rstrip().endswith("?") for c in clauses[:-1]):
        return hits
    start = len(words(" ".join(clauses[:-1])))
    out = {g: [i for i in pos if i >= start] if g in _SOURCE_GROUPS else pos for g, pos in hits.items()}
    return {g: pos for g, pos in out.items() if pos}


def choice_question(cues: CueMatcher, ws: list[str], yn: str) -> bool:
    """An alternative between two things ("lyhyelle vai pitkälle", "short or long"), not a second
    yes/no question ("vai onko …", "… vai ei?")."""
    for i, w in enumerate(ws[1:-1], 1):
        nxt = ws[i + 1]
        if w not in ALTERNATIVE or nxt in _NEGATIONS or cues.positions(yn, [nxt]):
            continue
        if not nxt.endswith(("ko", "kö")):  # "vai puuttuuko": the clitic asks yes or no again
            return True
    return False


_DOTLESS = re.compile(r"[^\W\d_]+")
_MAX_DOTTABLE = 5  # a/o letters tried per word (2**5 spellings at most)


def restore_dots(analyzer: Analyzer, question: str) -> str:
    """A Finnish question typed without the dots of ä and ö ("mitka toimenpiteet on tiedon kaytossa"):
    each word the dictionary (Voikko) does not know is replaced by the first spelling with ä for a and ö
    for o that it knows, fewest changes first ("kaytossa" -> "käytössä"). Known words stay as typed."""
    morphology = analyzer.morphology
    if morphology is None:
        return question

    def known(word: str) -> bool:
        return bool(morphology.analyze(word))

    def dotted(match: re.Match[str]) -> str:
        word = match.group(0)
        spots = [i for i, ch in enumerate(word.lower()) if ch in "ao"]
        if len(word) < 3 or not spots or len(spots) > _MAX_DOTTABLE or known(word):
            return word
        options = sorted(range(1, 1 << len(spots)), key=lambda m: bin(m).count("1"))
        for mask in options:
            letters = list(word)
            for bit, i in enumerate(spots):
                if mask >> bit & 1:
                    letters[i] = {"a": "ä", "o": "ö", "A": "Ä", "O": "Ö"}[letters[i]]
            if known(candidate := "".join(letters)):
                return candidate
        return word

    return _DOTLESS.sub(dotted, question)
