"""Comment text is repaired before storage like every other user text: bytes that arrived as lone
surrogates are decoded, other lone surrogates replaced, NUL and control characters removed."""

from __future__ import annotations

from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from tests.fixtures.plans import example_plan


def test_comment_with_surrogates_and_controls_is_stored(store: PlanStore, comments: CommentStore) -> None:
    stored = store.create(example_plan(), author="a")
    added = comments.add(
        stored.id, target="", author="Kari", text="Hyv\udce4 \x00kommentti\x1b", plan_version=1
    )
    assert comments.get(added.id).text == "Hyvä kommentti"
    other = comments.add(stored.id, target="", author="Kari", text="a\ud800b", plan_version=1)
    assert comments.get(other.id).text == "a\ufffdb"
