"""PlanStore transcripts on SQLite and on a real PostgreSQL: messages in order, per plan, and kept when a
save fails."""

from __future__ import annotations

import pytest

from assistant.storage import ConflictError, PlanStore
from assistant.template.models import new_plan


def test_transcript_is_ordered_and_survives_a_failed_save(store: PlanStore) -> None:
    created = store.create(new_plan(), author="anna")
    first = store.append_messages(
        created.id,
        [("system", "Tervetuloa", {}), ("user", "Aloitetaan kohdasta 3.1", {"section": "3.1"})],
    )
    assert [m.seq for m in first] == [1, 2]
    store.save(created.id, created.plan, expected_version=1, author="bertta", summary="s", changes=[])

    # Anna's save fails, but what she typed is kept.
    store.append_messages(created.id, [("user", "Tavoitteena on yhtenäinen tietopohja.", {"draft": True})])
    with pytest.raises(ConflictError):
        store.save(created.id, created.plan, expected_version=1, author="anna", summary="s", changes=[])
    store.append_messages(created.id, [("assistant", "Suunnitelmaa on muutettu, lataa se uudelleen.", {})])

    transcript = store.transcript(created.id)
    assert [(m.seq, m.role, m.content) for m in transcript] == [
        (1, "system", "Tervetuloa"),
        (2, "user", "Aloitetaan kohdasta 3.1"),
        (3, "user", "Tavoitteena on yhtenäinen tietopohja."),
        (4, "assistant", "Suunnitelmaa on muutettu, lataa se uudelleen."),
    ]
    assert transcript[1].meta == {"section": "3.1"} and transcript[2].meta == {"draft": True}
    assert all(m.at.tzinfo is not None for m in transcript)
    assert [m.seq for m in store.transcript(created.id, limit=2)] == [3, 4]
    assert store.transcript(created.id, limit=0) == []
    assert len(store.transcript(created.id, limit=100)) == 4
    # Messages do not touch the plan's version.
    assert store.get(created.id).version == 2

    with pytest.raises(ValueError, match="role"):
        store.append_messages(created.id, [("robot", "x", {})])
    assert len(store.transcript(created.id)) == 4


def test_transcripts_are_per_plan(store: PlanStore) -> None:
    a = store.create(new_plan(), author="x")
    b = store.create(new_plan(), author="x")
    store.append_messages(a.id, [("user", "a1", {})])
    store.append_messages(b.id, [("user", "b1", {}), ("user", "b2", {})])
    store.append_messages(a.id, [("user", "a2", {})])
    assert [(m.seq, m.content) for m in store.transcript(a.id)] == [(1, "a1"), (2, "a2")]
    assert [(m.seq, m.content) for m in store.transcript(b.id)] == [(1, "b1"), (2, "b2")]
