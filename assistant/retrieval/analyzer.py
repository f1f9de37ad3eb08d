"""Tokenising and stemming for BM25: Snowball Finnish stems, stop words removed, cross-lingual glossary.

With Voikko (optional: Debian `libvoikko1` + `voikko-fi`, PyPI `libvoikko`), a Finnish word also yields the
Snowball stems of its lemma and of its compound parts, so `suunnitelmapohjan` meets `pohja` and `ylimmän`
meets `ylin` (see `assistant/retrieval/morphology.py`); without it, Snowball alone.

The glossary (knowledge/glossary.yaml, our own translations) maps Swedish and English domain terms to
Finnish ones, so a Swedish or English question also finds Finnish passages lexically; the dense model is
multilingual by itself.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import Stemmer

from assistant.datafile import read_yaml
from assistant.paths import KNOWLEDGE_DIR
from assistant.retrieval import compounds
from assistant.retrieval.labels import LABEL_MIN_WORDS, Label
from assistant.retrieval.morphology import Morphology, load_morphology

# (language, stemmed phrase, Finnish stems, Finnish terms, Finnish stems expanded like index_tokens)
GlossaryEntry = tuple[str, list[str], list[str], list[str], list[str]]
_TOKEN = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
_PHRASE_SPLIT = re.compile(r"[\s\-–]+")
_NOUN_CLASSES = frozenset({"nimisana", "nimi", "etunimi", "sukunimi", "paikannimi", "nimisana_laatusana"})
_STOPWORDS_FILE = Path(__file__).with_name("stopwords.yaml")
_SV_STEMMER = Stemmer.Stemmer("swedish")
_FUNCTION_WORDS_FILE = Path(__file__).with_name("foreign_function_words.yaml")


@lru_cache(maxsize=1)
def _stopword_lists() -> dict[str, frozenset[str]]:
    # BaseLoader keeps every word a string (YAML 1.1 would read "on" and "no" as booleans).
    data = read_yaml(_STOPWORDS_FILE, strings=True)
    return {lang: frozenset(words) for lang, words in data.items()}


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Swedish and English words with no topic of their own, left out of such a question's lexical query."""
    data = read_yaml(_FUNCTION_WORDS_FILE, strings=True)
    return {lang: frozenset(words) for lang, words in data.items()}


def _stopwords() -> frozenset[str]:
    return frozenset(w for words in _stopword_lists().values() for w in words)


class Analyzer:
    def __init__(self, knowledge_dir: Path = KNOWLEDGE_DIR, morphology: str = "auto") -> None:
        """`morphology`: "auto" (Voikko when installed), "voikko" (required) or "snowball"."""
        self._stem = Stemmer.Stemmer("finnish")
        self._foreign = {"sv": Stemmer.Stemmer("swedish"), "en": Stemmer.Stemmer("english")}
        self._cache: dict[str, str] = {}
        self._expand_cache: dict[str, tuple[str, ...]] = {}
        self._translation_cache: dict[str, tuple[str, ...]] = {}
        self.morphology: Morphology | None = load_morphology(morphology)
        self.stopwords = _stopwords()
        self.glossary = _load_glossary(knowledge_dir, self)
        self._parts = compounds.part_table(_swedish_words(knowledge_dir, self.glossary))
        # Glossary entries by (language, first phrase stem): a query looks at the entries its words can
        # start, in the glossary's order, instead of walking the whole glossary at every word.
        self._glossary_index: dict[tuple[str, str], list[int]] = {}
        for n, entry in enumerate(self.glossary):
            self._glossary_index.setdefault((entry[0], entry[1][0]), []).append(n)
        self.labels = _load_labels(knowledge_dir, self)

    @property
    def signature(self) -> str:
        """What a persisted lexical index depends on besides the chunks (see retrieval/lexical.py): the
        morphology and its settings, and the stop words."""
        morph = self.morphology.signature if self.morphology is not None else "snowball"
        digest = hashlib.sha256(_STOPWORDS_FILE.read_bytes()).hexdigest()[:8]
        return f"{morph}-{digest}"

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._stem.stemWord(word)
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def words(self, text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.lower()) if w not in self.stopwords and len(w) > 1]

    def expand(self, word: str) -> tuple[str, ...]:
        """The word's Snowball stem, then (with Voikko) the stems of its lemma and compound parts."""
        cached = self._expand_cache.get(word)
        if cached is not None:
            return cached
        stem = self.stem(word)
        out = [stem]
        if self.morphology is not None:
            for extra in self.morphology.forms(word):
                s = self.stem(extra)
                if len(s) > 2 and s not in out and s not in self.stopwords:
                    out.append(s)
        result = tuple(out)
        if len(self._expand_cache) < 200_000:
            self._expand_cache[word] = result
        return result

    def whole_word_stems(self, word: str) -> tuple[str, ...]:
        """The word's Snowball stem and (with Voikko) its lemma's stem: never a compound part."""
        stem = self.stem(word)
        lemma = self.morphology.lemma(word) if self.morphology is not None else None
        return (stem,) if not lemma else tuple(dict.fromkeys((stem, self.stem(lemma))))

    def is_verb(self, word: str) -> bool:
        """The word is a verb form in every reading Voikko gives (False without Voikko, or when unknown)."""
        if self.morphology is None:
            return False
        analyses = self.morphology.analyses(word)
        return bool(analyses) and all(a.get("CLASS") == "teonsana" for a in analyses)

    def is_noun(self, word: str) -> bool:
        """The word can be a noun or a name (any Voikko reading), or Voikko does not know it (a name, a
        term, a foreign word); True for every word without Voikko."""
        if self.morphology is None:
            return True
        analyses = self.morphology.analyses(word)
        return not analyses or any(a.get("CLASS") in _NOUN_CLASSES for a in analyses)

    def translations(self, word: str) -> list[str]:
        """The Finnish stems (expanded like `index_tokens`) of the one-word glossary terms that this
        Swedish or English word is ("HR" -> henkilöstö): how a foreign name is found in Finnish text."""
        word = word.lower()
        cached = self._translation_cache.get(word)
        if cached is not None:
            return list(cached)
        out: list[str] = []
        for language, phrase, _, _, expanded in self.glossary:
            if len(phrase) == 1 and _same(word, self.foreign_stems([word], language)[0], phrase[0]):
                out.extend(expanded)
        found = tuple(dict.fromkeys(out))
        if len(self._translation_cache) < 200_000:
            self._translation_cache[word] = found
        return list(found)

    def tokens(self, text: str) -> list[str]:
        """Snowball stems of the words (one per word): what the review and drafting matchers compare."""
        return [self.stem(w) for w in self.words(text)]

    def index_tokens(self, text: str) -> list[str]:
        """What the lexical index holds: each word's stem, then (with Voikko) its lemma and compound parts."""
        return [t for w in self.words(text) for t in self.expand(w)]

    def detect_language(self, text: str) -> str:
        """fi, sv or en by function words (questions nearly always have some); Finnish when unsure."""
        words = _TOKEN.findall(text.lower())
        counts = {lang: sum(w in stop for w in words) for lang, stop in _stopword_lists().items()}
        if any(ch in text.lower() for ch in "å") and counts["sv"] >= counts["fi"]:
            return "sv"
        best = max(counts, key=lambda lang: (counts[lang], lang == "fi"))
        return best if counts[best] > 0 else "fi"

    def foreign_stems(self, words: list[str], language: str) -> list[str]:
        return self._foreign[language].stemWords(words)

    def query_tokens(self, text: str) -> list[str]:
        """Stems of the query, where Swedish/English glossary terms are replaced by their Finnish stems.

        Glossary phrases are compared on Swedish and English Snowball stems, so inflected forms match
        (utvärdering ~ utvärdera, åtgärderna ~ åtgärd, plans ~ plan)."""
        return self._query_tokens(text, expand=False)

    def search_tokens(self, text: str) -> list[str]:
        """`query_tokens` with each Finnish word expanded like `index_tokens` (the retriever's query)."""
        return self._query_tokens(text, expand=True)

    def _query_tokens(self, text: str, *, expand: bool) -> list[str]:
        words, consumed, matched = self._translate(text, compounds=expand)
        extra = [t for entry in matched for t in (entry[4] if expand else entry[2])]
        labels = self._labels_named(words, matched if expand else None)
        extra += [t for label in labels for t in (label.expanded if expand else label.fi_stems)]
        forms = self.expand if expand else (lambda w: (self.stem(w),))
        tokens = [t for w, used in zip(words, consumed, strict=True) if not used for t in forms(w)]
        if self.detect_language(text) != "fi":  # a name's Swedish or English genitive: "Soites" -> soite
            genitives = [w[:-1] for w, used in zip(words, consumed, strict=True) if not used and _genitive(w)]
            extra += [t for w in genitives for t in forms(w)]
        return tokens + [t for t in dict.fromkeys(extra) if t not in tokens]

    def embedding_text(self, text: str) -> str:
        """What the dense model embeds for a question: a Swedish or English one gets the Finnish term of
        each glossary term it says, and the Finnish name of each template area or target it names,
        appended in brackets, so the multilingual model also meets the corpus's own words (blind dev
        splits: higher MRR for Swedish and English); a Finnish one as it is."""
        if self.detect_language(text) == "fi":
            return text
        words, _, matched = self._translate(text, compounds=True)
        finnish = list(dict.fromkeys(entry[3][0] for entry in matched if entry[3]))
        said = {term.lower() for term in finnish}
        names = dict.fromkeys(label.finnish for label in self._labels_named(words, matched))
        finnish += [name for name in names if name.lower() not in said]
        return f"{text} ({', '.join(finnish)})" if finnish else text

    def query_units(
        self, text: str, *, nouns_only: bool = False
    ) -> list[tuple[frozenset[str], frozenset[str]]]:
        """The query as units of meaning: a Finnish word, a Swedish or English glossary term (by its Finnish
        terms), a template name said in Swedish or English. Each unit is (every analysed form that matches
        it, like `index_tokens`: stem, lemma, compound parts; its whole-word forms only: stem and lemma).
        Sentence-level checks weigh these."""
        words, consumed, matched = self._translate(text)
        units = [
            (frozenset(self.expand(w)), frozenset(self.whole_word_stems(w)))
            for w, used in zip(words, consumed, strict=True)
            if not used and (not nouns_only or self.is_noun(w))
        ]
        units += [(frozenset(entry[4]), frozenset(entry[2])) for entry in matched]
        units += [
            (frozenset(label.expanded), frozenset(label.fi_stems))
            for label in self._labels_named(words, matched)
        ]
        return list(dict.fromkeys(u for u in units if u[0]))

    def _labels_named(self, words: list[str], matched: list[GlossaryEntry] | None = None) -> list[Label]:
        """The template area and target names that the words say in Swedish or English: most of the
        name's content words (retrieval/labels.py), in any order and inflection. With the question's
        glossary terms (`matched`), loosely too: a word with one slip, or a glossary term for its words."""
        if not self.labels:
            return []
        stems = {lang: set(self.foreign_stems(words, lang)) for lang in self._foreign}
        finnish = None if matched is None else {frozenset(entry[2]) for entry in matched}
        return [label for label in self.labels if label.said(stems[label.language], finnish)]

    def _translate(
        self, text: str, *, compounds: bool = False
    ) -> tuple[list[str], list[bool], list[GlossaryEntry]]:
        """The query's words, which of them a glossary term (or a function word) consumed, and the terms.
        `compounds`: a Swedish question's compounds are read as their glossary parts (the retriever's
        query; the review matchers compare whole words)."""
        words = self.words(text)
        consumed = [False] * len(words)
        matched: list[GlossaryEntry] = []
        swedish = compounds and self.detect_language(text) == "sv"
        for start, entry in self._glossary_spans(words, swedish):
            consumed[start : start + len(entry[1])] = [True] * len(entry[1])
            matched.append(entry)
        language = self.detect_language(text)
        if language != "fi":  # untranslated words of no topic: they match nothing in Finnish text
            function_words = _function_words().get(language, frozenset())
            consumed = [used or w in function_words for w, used in zip(words, consumed, strict=True)]
        return words, consumed, matched

    def _glossary_spans(self, words: list[str], swedish: bool = False) -> list[tuple[int, GlossaryEntry]]:
        """The glossary terms the words say, as (first word's position, entry): with `swedish`, first the
        parts of the compounds (retrieval/compounds.py); then longest terms first, each word in one term
        at most."""
        stems = {lang: self.foreign_stems(words, lang) for lang in self._foreign}
        consumed = [False] * len(words)
        spans: list[tuple[int, GlossaryEntry]] = []
        for i, word in enumerate(words if swedish else ()):
            parts = compounds.split(word, self._parts)
            if parts:
                consumed[i] = True
                spans += [(i, entry) for entry in parts]
        index = self._glossary_index
        candidates: set[int] = set()
        for lang, seq in stems.items():  # entries whose first word `_same` can match at some position
            for word, stem in zip(words, seq, strict=True):
                candidates.update(index.get((lang, stem), ()))
                for k in range(5, len(word) + 1):
                    candidates.update(index.get((lang, word[:k]), ()))
        for entry in (self.glossary[n] for n in sorted(candidates)):
            language, phrase = entry[0], entry[1]
            seq, n = stems[language], len(phrase)
            for i in range(len(words) - n + 1):
                if not any(consumed[i : i + n]) and all(
                    _same(words[i + j], seq[i + j], phrase[j]) for j in range(n)
                ):
                    consumed[i : i + n] = [True] * n
                    spans.append((i, entry))
        return spans


def _load_labels(knowledge_dir: Path, analyzer: Analyzer) -> list[Label]:
    """The Swedish and English names of the template's areas and development targets (template.yaml),
    as content-word stems, with the Finnish name's stems and the glossary terms among their words: a
    question naming a target in Swedish or English then finds the Finnish target's passages."""
    path = knowledge_dir / "template.yaml"
    if not path.exists():
        return []
    data = read_yaml(path) or {}
    out: list[Label] = []
    for area in data.get("areas") or []:
        for item in [area, *(area.get("targets") or [])]:
            finnish = str(item.get("name") or (item.get("label") or {}).get("fi") or "")
            for lang in ("sv", "en"):
                words = analyzer.words(str((item.get("label") or {}).get(lang) or ""))
                if len(words) >= LABEL_MIN_WORDS and finnish:
                    stems = analyzer.foreign_stems(words, lang)
                    glossed = tuple(
                        (frozenset(stems[i : i + len(entry[1])]), frozenset(entry[2]))
                        for i, entry in analyzer._glossary_spans(words)
                        if entry[0] == lang
                    )
                    out.append(
                        Label(
                            lang,
                            frozenset(stems),
                            finnish.capitalize() if finnish.isupper() else finnish,
                            tuple(analyzer.tokens(finnish)),
                            tuple(analyzer.index_tokens(finnish)),
                            glossed,
                        )
                    )
    return out


def _swedish_words(knowledge_dir: Path, glossary: list[GlossaryEntry]) -> list[tuple[str, GlossaryEntry]]:
    """(Swedish one-word glossary term as written, its entry): the parts compounds are read as."""
    path = knowledge_dir / "glossary.yaml"
    if not path.exists():
        return []
    by_stems = {(e[0], tuple(e[1]), tuple(e[3])): e for e in glossary}
    out: list[tuple[str, GlossaryEntry]] = []
    for entry in read_yaml(path).get("terms", []):
        for term in entry.get("sv", []):
            key = ("sv", tuple(_SV_STEMMER.stemWords([term.lower()])), tuple(entry.get("fi", [])))
            if " " not in term.strip() and "-" not in term and key in by_stems:
                out.append((term.strip(), by_stems[key]))
    return out


def _genitive(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss")


def _same(word: str, stem: str, phrase_stem: str) -> bool:
    """A query word matches a glossary word: same Snowball stem, or (stemmers leave some inflections,
    e.g. Swedish `dataskyddet`) the word starts with a glossary stem of at least five letters."""
    return stem == phrase_stem or (len(phrase_stem) >= 5 and word.startswith(phrase_stem))


def _load_glossary(knowledge_dir: Path, analyzer: Analyzer) -> list[GlossaryEntry]:
    """(language, stemmed phrase, Finnish stems, Finnish terms), longest phrases first."""
    path = knowledge_dir / "glossary.yaml"
    if not path.exists():
        return []
    entries = read_yaml(path).get("terms", [])
    out: list[GlossaryEntry] = []
    for entry in entries:
        finnish = [t for term in entry.get("fi", []) for t in analyzer.tokens(term)]
        expanded = [t for term in entry.get("fi", []) for t in analyzer.index_tokens(term)]
        for lang in ("sv", "en"):
            for term in entry.get(lang, []):
                words = analyzer.words(term)
                # skip phrases with stop words ("it management"); "sub-task" is two words
                if words and len(words) == len(_PHRASE_SPLIT.split(term.strip())):
                    out.append(
                        (
                            lang,
                            analyzer.foreign_stems(words, lang),
                            finnish,
                            list(entry.get("fi", [])),
                            expanded,
                        )
                    )
    out.sort(key=lambda entry: -len(entry[1]))
    return out
