"""One app instance of the Chroma-server test (tests/reliability/test_chroma_server_concurrency.py).

    CHROMA_HOST=... CHROMA_PORT=... CHROMA_COLLECTION=... DATA_DIR=... KNOWLEDGE_DIR=... \\
        python -m tests.reliability.chroma_app_worker NAME TERM OTHER_TERM SECONDS

Settings come from the environment, as for the app. The instance puts its own document (about TERM)
into its own uploads folder and indexes; then, for SECONDS, it loops like a busy app: sync the index
(what the app does after an upload), search for its own TERM, for the OTHER instance's term and for a
fixed corpus question. Every step is one JSON line on stdout; errors are reported, never raised, so the
parent sees all of them.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from typing import Any

from assistant.services import build_knowledge_base
from assistant.settings import Settings

CORPUS_QUERY = "Miksi tietojohtamisen kehittämissuunnitelmamalli laadittiin?"
MIN_ROUNDS = 5


def document(term: str) -> str:
    return (
        f"{term.capitalize()}\n\n{term.capitalize()} on menetelmä, jolla hyvinvointialueen tietoallas "
        f"käydään läpi ennen raportointia. {term.capitalize()} kuuluu tietojohtamisen perustehtäviin.\n"
    )


def emit(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def hit_ids(kb: Any, query: str) -> list[str]:
    return [hit.id for hit in kb.retriever.search(query, k=5).hits]


def main() -> None:
    name, term, other_term, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    settings = Settings()
    kb = build_knowledge_base(settings)
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    (settings.uploads_dir / f"{name}.txt").write_text(document(term), encoding="utf-8")
    report = kb.indexer.sync()
    emit(step="indexed", name=name, errors=[e.message for e in report.errors], added=report.added)

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline or rounds < MIN_ROUNDS:
        rounds += 1
        try:
            report = kb.indexer.sync()
            own = kb.retriever.search(term, k=3).hits
            other = kb.retriever.search(other_term, k=3).hits
            emit(
                step="round",
                round=rounds,
                errors=[e.message for e in report.errors],
                removed_docs=report.removed_docs,
                version=kb.store.version(),
                own=[h.text[:60] for h in own if term in h.text.lower()],
                other=[h.text[:60] for h in other if other_term in h.text.lower()],
                corpus=hit_ids(kb, CORPUS_QUERY),
            )
        except Exception:  # reported to the parent, which fails the test
            emit(step="error", round=rounds, error=traceback.format_exc()[-2000:])
        time.sleep(0.05)
    emit(step="done", rounds=rounds, corpus=hit_ids(kb, CORPUS_QUERY), chunks=kb.store.count())


if __name__ == "__main__":
    main()
