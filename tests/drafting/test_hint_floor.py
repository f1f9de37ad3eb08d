"""The drafting hint under a question is shown only when the passage clears the retriever's hint floor
(Settings.hint_min_dense)."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.drafting.fields import TextFields
from assistant.retrieval.models import Hit, SearchResult
from assistant.template.spec import load_template


@dataclass
class _Retriever:
    hint_floor: float
    cosine: float
    queries: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def search(self, query: str, k: int = 5, *, kinds=None, **_: object) -> SearchResult:  # type: ignore[no-untyped-def]
        self.queries.append((query, tuple(kinds or ())))
        hit = Hit(
            id="c1",
            text="Ohjeen kohta.",
            doc_id="d",
            title="Ohje",
            kind="guidance",
            score=0.1,
            dense_score=self.cosine,
        )
        return SearchResult(query=query, hits=[hit])


def _fields(retriever: _Retriever) -> TextFields:
    return TextFields(load_template(), retriever, None, advance=lambda ctx: None)  # type: ignore[arg-type]


def test_hint_shown_only_above_the_configured_floor() -> None:
    assert _fields(_Retriever(hint_floor=0.80, cosine=0.84)).hint("Nykytilan kuvaus") is not None
    assert _fields(_Retriever(hint_floor=0.90, cosine=0.84)).hint("Nykytilan kuvaus") is None
    retriever = _Retriever(hint_floor=0.5, cosine=0.6)
    _fields(retriever).hint("Nykytilan kuvaus")
    # Guidance and the county's own uploads only: another county's plan is no guidance for a field.
    assert retriever.queries == [("Nykytilan kuvaus", ("guidance", "upload"))]
