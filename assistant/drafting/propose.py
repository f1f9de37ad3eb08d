"""Offline action proposals: retrieval-grounded candidates, never text without a source.

Candidates for a development target come from
1. the template's own example actions for the target (cited to the template's row for that target),
2. tasks of the national roadmap that match the target,
3. action sentences of indexed existing plans (Soite's and any uploaded plan),
retrieved with the target, its area and the county's own answers (3.2.1 current state, 3.2.2 assessment
results, 3.3 goals) as the query; then deduplicated and ranked: by how well a candidate fits the target and
how much of it the county's own answers speak of (the words shown as the reason). The text of a candidate is
quoted from its source as is (Finnish: the corpus is Finnish); for a Swedish or English user it is marked
as a quote and shown under the target's name in their language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.drafting.action_filter import is_action, names_other_region
from assistant.drafting.extract import vocabulary
from assistant.drafting.models import Proposal
from assistant.drafting.proposals_county import COUNTY_WEIGHT, CountyContext, county_context, query_context
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.models import Hit
from assistant.template.models import SourceRef
from assistant.template.spec import AreaSpec, TargetSpec

MAX_PROPOSALS = 4
_TASK_LINE = re.compile(r"^(?:-\s*)?(?:\d+(?:\.\d+)*\.?\s+)(\S.{10,200})$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
# A line that ends without sentence punctuation and is followed by a capitalised line is a heading (or a
# form label): it is not glued onto the sentence that follows it.
_LINE_END = re.compile(r"[.!?:;,)\]-]$")
_HEADING_MAX = 100


def text_runs(text: str) -> list[str]:
    """The text's lines joined into runs of prose: wrapped lines are joined, headings stand alone."""
    runs: list[str] = []
    current: list[str] = []
    lines = [line.strip() for line in text.splitlines()]
    for n, line in enumerate(lines):
        if not line:
            if current:
                runs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        following = next((x for x in lines[n + 1 :] if x), "")
        heading = len(line) <= _HEADING_MAX and not _LINE_END.search(line)
        if heading and following[:1].isupper():
            runs.append(" ".join(current))
            current = []
    if current:
        runs.append(" ".join(current))
    return runs


def source_of(hit: Hit) -> SourceRef:
    return SourceRef(chunk_id=hit.id, doc_id=hit.doc_id, title=hit.title, section=hit.section, page=hit.page)


_SOTE_MAAKUNTA = re.compile(r"\bsote-maakunna(n|lle|ssa|lla)\b|\bsote-maakunta\b", re.IGNORECASE)


def adapt_to_region(text: str, region: str) -> str:
    """The 2020 template speaks of "sote-maakunta"; name the region instead when its name inflects
    regularly (`… hyvinvointialue` -> `… hyvinvointialueen`). Other names leave the text as quoted."""
    region = region.strip()
    if not region.lower().endswith("alue") or len(region) > 80:
        return text
    endings = {"n": "en", "lle": "elle", "ssa": "ella", "lla": "ella"}

    def repl(m: re.Match[str]) -> str:
        return region + endings[m.group(1).lower()] if m.group(1) else region

    return _SOTE_MAAKUNTA.sub(repl, text)


@dataclass
class _Candidate:
    text: str
    origin: str
    hit: Hit
    score: float
    county_words: list[str] | None = None


class OfflineProposer:
    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever
        self.analyzer = retriever.analyzer

    def _stems(self, text: str) -> set[str]:
        return set(self.analyzer.tokens(text))

    def propose(
        self, area: AreaSpec, target: TargetSpec, plan: Any, *, exclude: set[str] | None = None
    ) -> list[Proposal]:
        exclude_keys = {self._key(t) for t in (exclude or set())}
        topic = self._stems(" ".join([target.name, *target.examples]))
        county = county_context(plan, area.key, self.analyzer.tokens)
        candidates = self._template_examples(target) + self._retrieved(target, county, topic)
        for cand in candidates:  # the county's own answers move what they speak of up
            stems = self._stems(cand.text)
            cand.score += COUNTY_WEIGHT * county.fit(stems, self.retriever.idf)
            cand.county_words = county.shared_words(stems, self.retriever.idf)
        chosen: list[_Candidate] = []
        region = getattr(plan.meta, "region", "")
        for cand in sorted(candidates, key=lambda c: -c.score):
            if not is_action(cand.text) or names_other_region(cand.text, region):
                continue  # a question or a noun phrase is no action; another county's sentence is not ours
            key = self._key(cand.text)
            if key in exclude_keys or any(self._similar(cand.text, c.text) for c in chosen):
                continue
            chosen.append(cand)
            if len(chosen) == MAX_PROPOSALS:
                break
        return [
            Proposal(
                id=f"p{n}",
                kehittamiskohde=target.name,
                toimenpide=adapt_to_region(c.text, region),
                origin=c.origin,
                lahteet=[source_of(c.hit)],
                score=round(c.score, 4),
                kieli="fi",
                county_words=c.county_words or [],
            )
            for n, c in enumerate(chosen, 1)
        ]

    # --- sources -------------------------------------------------------------------------------
    def _template_row(self, target: TargetSpec) -> Hit | None:
        """The template's own table row for the target (found by metadata, not by search)."""
        rows = self.retriever.find(kind="template", target=target.name)
        return rows[0] if rows else None

    def _template_examples(self, target: TargetSpec) -> list[_Candidate]:
        row = self._template_row(target)
        if row is None:  # the template is not indexed: examples cannot be cited, so none are proposed
            return []
        # Up to three examples; earlier ones (the template's order) rank a little higher. The base is that of
        # a retrieved sentence that fits the target well, so the county's answers decide between them.
        return [
            _Candidate(text=example, origin="template_example", hit=row, score=1.6 - 0.05 * n)
            for n, example in enumerate(target.examples[:3])
        ]

    @staticmethod
    def _query(target: TargetSpec, county: CountyContext) -> str:
        return f"{target.name}. {' '.join(target.examples)[:300]} {query_context(county)}".strip()

    def _retrieved(self, target: TargetSpec, county: CountyContext, topic: set[str]) -> list[_Candidate]:
        """Roadmap task lines and plan sentences that are about the target: they must match most of the
        target name's (IDF-weighted) stems, and the passage must be semantically close to the query."""
        query = self._query(target, county)
        idf = self.retriever.idf
        name = self._stems(target.name)
        name_mass = sum(idf(t) for t in name) or 1.0
        out: list[_Candidate] = []
        vector = self.retriever.query_vector(query)
        for kinds, origin in ((["roadmap"], "roadmap"), (["plan", "upload"], None)):
            for hit in self.retriever.search(
                query, k=4, kinds=kinds, query_vector=vector, refuse_unknown=False
            ).hits:
                pieces = self._task_lines(hit) if origin == "roadmap" else self._action_sentences(hit)
                for piece in pieces:
                    stems = self._stems(piece)
                    name_cov = sum(idf(t) for t in stems & name) / name_mass
                    if name_cov < 0.5 or len(stems & topic) < 2:
                        continue
                    score = name_cov + 0.5 * len(stems & topic) / len(topic) + (hit.dense_score or 0.0)
                    out.append(
                        _Candidate(
                            piece, origin or ("upload" if hit.kind == "upload" else "plan"), hit, score
                        )
                    )
        return out

    @staticmethod
    def _task_lines(hit: Hit) -> list[str]:
        lines = []
        for line in hit.text.split("\n"):
            m = _TASK_LINE.match(line.strip())
            if m and m.group(0).count(".") >= 2:  # numbered sub-tasks like "2.3. ..." are the actionable ones
                lines.append(m.group(1).strip())
        return lines

    @staticmethod
    def _action_sentences(hit: Hit) -> list[str]:
        stems = vocabulary()["action_stems"]
        sentences = []
        for sentence in (part for run in text_runs(hit.text) for part in _SENTENCE.split(run)):
            s = sentence.strip()
            if 40 <= len(s) <= 300 and any(stem in s.lower() for stem in stems):
                sentences.append(s)
        return sentences

    # --- deduplication -----------------------------------------------------------------------------
    def _key(self, text: str) -> str:
        return " ".join(sorted(self._stems(text)))

    def _similar(self, a: str, b: str) -> bool:
        sa, sb = self._stems(a), self._stems(b)
        return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.6
