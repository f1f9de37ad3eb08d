"""Alignment of a plan with the national roadmap's knowledge-management and ICT tasks.

The task list is not typed in anywhere: it is read from the roadmap's indexed chunks. The roadmap is a
hierarchy (preparation group's roadmap > task group "H. Tietohallinnon organisointi" > task "2. ..." >
sub-task "2.3. ..."); the chunks are walked in document order, headings and numbered lines are tracked,
and every sub-task (or a task without sub-tasks) of a task group whose heading matches the configured stems
(`rules.yaml` roadmap.group_stems) becomes a task, cited by the chunk it is in. Task groups that match but
have no numbered lines in the text (their lists were images in the original) are reported as such.

An action matches a task when the cosine similarity of their embeddings (the knowledge base's own model)
reaches the calibrated threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.citations import format_citation
from assistant.embeddings.vector_cache import cached_queries
from assistant.i18n import load_catalog
from assistant.retrieval.models import Hit
from assistant.review.config import RoadmapRules
from assistant.review.models import (
    ActionRef,
    RoadmapAlignment,
    RoadmapMatch,
    RoadmapTask,
    RoadmapTaskAlignment,
)
from assistant.review.task_vectors import task_vectors as roadmap_task_vectors

if TYPE_CHECKING:  # the knowledge base's search (bm25s, scipy, Chroma) loads only when one is given
    from assistant.retrieval.hybrid import HybridRetriever

_GROUP = re.compile(r"^([A-ZÅÄÖ])\.\s+(\S.*)$")
_TASK = re.compile(r"^(?:-\s*)?(\d{1,2})\.\s+(\S.*)$")
_SUBTASK = re.compile(r"^(?:-\s*)?(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_SEP = " > "


@dataclass
class _Group:
    track: str
    heading: str
    selected: bool
    tasks: dict[str, tuple[str, Hit]] = field(default_factory=dict)  # number -> (text, chunk)
    subtasks: dict[str, tuple[str, str, Hit]] = field(
        default_factory=dict
    )  # number -> (parent no, text, chunk)

    @property
    def label(self) -> str:
        return f"{self.track}{_SEP}{self.heading}" if self.track else self.heading


def _selected(track: str, heading: str, stems: list[str]) -> bool:
    text = f"{track} {heading}".lower()
    return any(re.search(r"(?<![0-9a-zåäö])" + re.escape(stem.lower()), text) for stem in stems)


def _clean(line: str) -> str:
    return " ".join(line.replace("**", "").split())


def extract_tasks(chunks: list[Hit], stems: list[str]) -> tuple[list[RoadmapTask], list[str]]:
    """The knowledge-management/ICT tasks in the roadmap's chunks (in document order), and the labels of
    matching task groups that have no task lines in the text."""
    tracks = {c.section.split(_SEP)[0] for c in chunks if c.section}
    groups: list[_Group] = []
    track = ""
    group: _Group | None = None
    parent: str | None = None

    def open_group(heading: str) -> _Group:
        for existing in groups:
            if existing.track == track and existing.heading == heading:
                return existing
        new = _Group(track, heading, _selected(track, heading, stems))
        groups.append(new)
        return new

    for chunk in chunks:
        parts = chunk.section.split(_SEP) if chunk.section else []
        if parts and parts[0] in tracks and parts[0] != track:
            track, group, parent = parts[0], None, None
        for part in parts[1:]:
            if (m := _GROUP.match(part)) and (group is None or group.heading != _clean(part)):
                group, parent = open_group(_clean(part)), None
            elif (m := _TASK.match(part)) and group is not None:
                parent = m.group(1)
        for raw in chunk.text.splitlines():
            line = _clean(raw)
            if not line:
                continue
            if line in tracks:
                if line != track:
                    track, group, parent = line, None, None
                continue
            if m := _GROUP.match(line):
                group, parent = open_group(line), None
            elif group is None:
                continue
            elif m := _SUBTASK.match(line):
                number = f"{m.group(1)}.{m.group(2)}"
                group.subtasks.setdefault(number, (m.group(1), line, chunk))
                parent = m.group(1)
            elif m := _TASK.match(line):
                parent = m.group(1)
                group.tasks.setdefault(parent, (line, chunk))

    tasks: list[RoadmapTask] = []
    without: list[str] = []
    for g in groups:
        if not g.selected:
            continue
        if not g.tasks and not g.subtasks:
            without.append(g.label)
            continue
        parents_with_subtasks = {p for p, _, _ in g.subtasks.values()}
        entries: list[tuple[str, str, str, Hit]] = []  # number, text, parent text, chunk
        for number, (text, chunk) in g.tasks.items():
            if number not in parents_with_subtasks:
                entries.append((number, text, "", chunk))
        for number, (parent_no, text, chunk) in g.subtasks.items():
            parent_text = g.tasks.get(parent_no, ("", chunk))[0]
            entries.append((number, text, parent_text, chunk))
        entries.sort(key=lambda e: tuple(int(x) for x in e[0].split(".")))
        for number, text, parent_text, chunk in entries:
            section = _SEP.join(p for p in (g.track, g.heading, parent_text) if p)
            tasks.append(
                RoadmapTask(
                    chunk_id=chunk.id,
                    doc_id=chunk.doc_id,
                    title=chunk.title,
                    section=section,
                    page=chunk.page,
                    heading=text,
                    snippet=text,
                    citation=format_citation(chunk.title, section, chunk.page),
                    number=number,
                    group=g.heading,
                    parent=parent_text,
                )
            )
    return tasks, without


_NUMBER_PREFIX = re.compile(r"^(?:-\s*)?\d{1,2}(?:\.\d{1,2})?\.?\s+")


def task_text(task: RoadmapTask, context: bool) -> str:
    """What is embedded for a task: its text without the number, optionally after its parent task."""
    own = _NUMBER_PREFIX.sub("", task.heading)
    if context and task.parent:
        return f"{_NUMBER_PREFIX.sub('', task.parent)}: {own}"
    return own


def _same_word(a: str, b: str, min_prefix: int, max_unshared: int, max_length_gap: int) -> bool:
    """Equal stems, or stems of one word in other forms: Finnish inflection and consonant gradation change
    the end (rekisterinpido / rekisterinpitäjyyd, muutoks / muutost), so they may differ in at most
    `max_unshared` final characters of the shorter one and in length by at most `max_length_gap` (a stem that
    is only the beginning of a longer compound, tiedo / tiedontoimitusvelvoitte, is another word)."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return (
        n >= min_prefix and n >= min(len(a), len(b)) - max_unshared and abs(len(a) - len(b)) <= max_length_gap
    )


class _Lexical:
    """IDF-weighted share of a task's stems that an action uses (the knowledge base's BM25 statistics)."""

    def __init__(self, retriever: HybridRetriever, rules: RoadmapRules) -> None:
        self.retriever = retriever
        self.rules = rules
        self._idf: dict[str, float] = {}

    def stems(self, text: str) -> set[str]:
        return set(self.retriever.analyzer.tokens(text))

    def idf(self, stem: str) -> float:
        if stem not in self._idf:
            self._idf[stem] = self.retriever.idf(stem) or self.rules.unknown_idf
        return self._idf[stem]

    def coverage(self, action_stems: set[str], task_stems: set[str]) -> float:
        if not task_stems:
            return 0.0
        r = self.rules
        weights = {s: self.idf(s) for s in task_stems}
        covered = sum(
            w
            for s, w in weights.items()
            if any(_same_word(s, a, r.min_prefix, r.max_unshared, r.max_length_gap) for a in action_stems)
        )
        return covered / sum(weights.values())


def lexical_coverage(retriever: HybridRetriever, action: str, task: str, rules: RoadmapRules) -> float:
    """Share of the task's IDF mass (the knowledge base's BM25 statistics) whose stems the action has."""
    lexical = _Lexical(retriever, rules)
    return lexical.coverage(lexical.stems(action), lexical.stems(task))


@dataclass
class Scores:
    cosine: np.ndarray  # (actions, tasks)
    lexical: np.ndarray
    combined: np.ndarray


def _action_vectors(retriever: HybridRetriever, actions: list[str]) -> np.ndarray:
    """Embeddings are deterministic per model and text: each action text is embedded once and kept
    (in memory and under DATA_DIR/cache/vectors), so a plan seen before, or with a few actions changed,
    embeds only what is new."""
    data_dir = getattr(getattr(retriever, "settings", None), "data_dir", None)
    return cached_queries(retriever.embeddings, actions, data_dir)


def score_matrix(
    retriever: HybridRetriever, actions: list[str], tasks: list[RoadmapTask], rules: RoadmapRules
) -> Scores:
    """Similarity of every action to every task: the cosine of their embeddings (the knowledge base's
    model; actions embedded as queries, tasks as passages, as in retrieval) plus `lexical_weight` times the
    share of the task's own words the action uses."""
    shape = (len(actions), len(tasks))
    if not actions or not tasks:
        empty = np.zeros(shape, dtype=np.float32)
        return Scores(empty, empty, empty)
    # Once per index version, kept beside the index: a second process does not embed the tasks again.
    task_vectors = roadmap_task_vectors(retriever, [task_text(t, rules.context) for t in tasks])
    action_vectors = _action_vectors(retriever, actions)
    cosine = action_vectors @ task_vectors.T
    lexical = _Lexical(retriever, rules)
    task_stems = [lexical.stems(task_text(t, False)) for t in tasks]
    action_stems = [lexical.stems(a) for a in actions]
    coverage = np.array(
        [[lexical.coverage(a, t) for t in task_stems] for a in action_stems], dtype=np.float32
    )
    return Scores(cosine, coverage, cosine + rules.lexical_weight * coverage)


def align(
    actions: list[ActionRef],
    retriever: HybridRetriever | None,
    rules: RoadmapRules,
    language: str,
) -> RoadmapAlignment:
    catalog = load_catalog(language)
    if retriever is None:
        return RoadmapAlignment(available=False, reason=catalog.t("review.roadmap.no_kb"))
    chunks = retriever.find(kind=rules.kind)
    if not chunks:
        return RoadmapAlignment(available=False, reason=catalog.t("review.roadmap.no_document"))
    tasks, without = extract_tasks(chunks, rules.group_stems)
    doc_id, title = chunks[0].doc_id, chunks[0].title
    if not tasks:
        return RoadmapAlignment(
            available=False,
            reason=catalog.t("review.roadmap.no_tasks"),
            doc_id=doc_id,
            title=title,
            groups_without_tasks=without,
        )
    compared = [a for a in actions if a.text.strip()]
    scores = score_matrix(retriever, [a.text for a in compared], tasks, rules).combined
    rows: list[RoadmapTaskAlignment] = []
    for j, task in enumerate(tasks):
        ranked = sorted(range(len(compared)), key=lambda i: (-float(scores[i, j]), compared[i].index))
        best = None
        matches: list[RoadmapMatch] = []
        for rank, i in enumerate(ranked):
            score = round(float(scores[i, j]), 4)
            match = RoadmapMatch(
                action_id=compared[i].id,
                action_path=compared[i].path,
                action_text=compared[i].text,
                score=score,
            )
            if rank == 0:
                best = match
            if score < rules.threshold or len(matches) >= rules.max_matches:
                break
            matches.append(match)
        rows.append(RoadmapTaskAlignment(task=task, matched=bool(matches), best=best, matches=matches))
    return RoadmapAlignment(
        available=True,
        doc_id=doc_id,
        title=title,
        threshold=rules.threshold,
        tasks=rows,
        groups_without_tasks=without,
        actions_compared=len(compared),
    )
