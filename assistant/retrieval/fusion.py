"""How much the lexical lists may say in fusion: the share of the query's units the corpus knows.

BM25 over a Finnish corpus can only rank by the query words it finds. A Finnish question finds nearly all
of its words; an English or Swedish one finds only its glossary terms and stray tokens (a name, a number,
an English word that happens to be a Finnish stem), and BM25 then ranks by those alone, which is noise
the dense list does not have. So each lexical list's RRF weight is scaled by the share of the query's
units of meaning (a word, or a glossary term translated to Finnish) that occur anywhere in the index:
a question whose words the corpus knows keeps full lexical weight, one with few known words leans on the
multilingual dense model. Finnish questions keep full lexical weight: their unknown words are typos or
words the corpus does not use, and BM25 over Finnish morphology is their strongest signal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def matched_share(units: Iterable[frozenset[str]], idf: Callable[[str], float]) -> float:
    """Share of the units with at least one analysed form in the index (1.0 for no units: nothing to
    judge, the lexical lists are then empty anyway)."""
    units = list(units)
    if not units:
        return 1.0
    known = sum(1 for forms in units if any(idf(t) > 0 for t in forms))
    return known / len(units)


def lexical_scale(share: float, exponent: float) -> float:
    """The factor for the lexical lists' RRF weights: share ** exponent (exponent 0: always 1)."""
    return 1.0 if exponent <= 0 else max(0.0, min(1.0, share)) ** exponent
