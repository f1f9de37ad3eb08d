"""Tokenising and stemming for BM25: Snowball Finnish stems, stop words removed, cross-lingual glossary.

The glossary (knowledge/glossary.yaml, our own translations) maps Swedish and English domain terms to
Finnish ones, so a Swedish or English question also finds Finnish passages lexically; the dense model is
multilingual by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import Stemmer
import yaml

from assistant.paths import KNOWLEDGE_DIR

_TOKEN = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
_STOPWORDS_FILE = Path(__file__).with_name("stopwords.yaml")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    data = yaml.safe_load(_STOPWORDS_FILE.read_text(encoding="utf-8"))
    return frozenset(w for words in data.values() for w in words)


class Analyzer:
    def __init__(self, knowledge_dir: Path = KNOWLEDGE_DIR) -> None:
        self._stem = Stemmer.Stemmer("finnish")
        self._cache: dict[str, str] = {}
        self.stopwords = _stopwords()
        self.glossary = _load_glossary(knowledge_dir, self)

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._stem.stemWord(word)
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def words(self, text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.lower()) if w not in self.stopwords and len(w) > 1]

    def tokens(self, text: str) -> list[str]:
        return [self.stem(w) for w in self.words(text)]

    def query_tokens(self, text: str) -> list[str]:
        """Stems of the query, where Swedish/English glossary terms are replaced by their Finnish stems."""
        words = self.words(text)
        consumed = [False] * len(words)
        extra: list[str] = []
        for phrase, finnish in self.glossary:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if all(words[i + j].startswith(phrase[j]) for j in range(n)):
                    consumed[i : i + n] = [True] * n
                    extra.extend(finnish)
        tokens = [self.stem(w) for w, used in zip(words, consumed, strict=True) if not used]
        return tokens + [t for t in dict.fromkeys(extra) if t not in tokens]


def _load_glossary(knowledge_dir: Path, analyzer: Analyzer) -> list[tuple[list[str], list[str]]]:
    path = knowledge_dir / "glossary.yaml"
    if not path.exists():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")).get("terms", [])
    out: list[tuple[list[str], list[str]]] = []
    for entry in entries:
        finnish = [t for term in entry.get("fi", []) for t in analyzer.tokens(term)]
        for lang in ("sv", "en"):
            for term in entry.get(lang, []):
                # Match inflected forms: compare on a prefix (utvärdering ~ utvärdera, ansvar ~ ansvarar).
                words = [w[: max(4, len(w) - 3)] if len(w) > 5 else w for w in analyzer.words(term)]
                if words:
                    out.append((words, finnish))
    # Longer phrases first, so "data protection" wins over "data".
    out.sort(key=lambda entry: -len(entry[0]))
    return out
