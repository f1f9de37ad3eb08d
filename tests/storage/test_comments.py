"""CommentStore on SQLite and on a real PostgreSQL: add/list/get/resolve, targets that must resolve in the
plan, rejected input that stores nothing, messages in every language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from assistant.i18n import LANGUAGES, load_catalog
from assistant.storage import PlanNotFoundError, PlanStore, StorageError
from assistant.storage.comments import (
    MAX_COMMENT_CHARS,
    AlreadyResolvedError,
    CommentNotFoundError,
    CommentStore,
    CommentTooLongError,
    EmptyCommentError,
    InvalidAuthorError,
    UnknownTargetError,
    action_pointer,
    target_exists,
)
from assistant.storage.tables import CommentRow
from tests.fixtures.plans import example_plan
from tests.ui.catalog_keys import catalog_keys


def stored_count(store: CommentStore) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(CommentRow)).scalar_one())


def test_add_list_get_round_trip(store: PlanStore, comments: CommentStore) -> None:
    stored = store.create(example_plan(), author="anna")
    first_action = stored.plan.toimenpiteet[0].id  # type: ignore[attr-defined]
    before = datetime.now(UTC)

    whole = comments.add(stored.id, target="", author="Kari", text="Hyvä kokonaisuus.", plan_version=1)
    section = comments.add(
        stored.id, target="/kuvaus", author="Kari", text="  Täsmennä alue.  ", plan_version=1
    )
    action = comments.add(
        stored.id,
        target=action_pointer(first_action),
        author="Liisa",
        text="Vastuuhenkilö puuttuu?\nTarkista.",
        plan_version=stored.version,
    )

    assert whole.id != section.id != action.id
    assert section.text == "Täsmennä alue."  # surrounding whitespace dropped
    assert action.text == "Vastuuhenkilö puuttuu?\nTarkista."  # inner line breaks kept
    assert action.target == f"/toimenpiteet/{first_action}" and action.action_id == first_action
    assert section.action_id is None and whole.action_id is None
    assert whole.at.tzinfo is not None and whole.at >= before.replace(microsecond=0)
    assert not whole.resolved and whole.resolved_by is None

    listed = comments.list(stored.id)
    assert [c.id for c in listed] == [whole.id, section.id, action.id]  # oldest first
    assert listed[2] == action
    assert comments.get(section.id) == section
    # Comments do not change the plan or its version.
    assert store.get(stored.id).version == 1


def test_comments_are_per_plan(store: PlanStore, comments: CommentStore) -> None:
    one = store.create(example_plan(), author="anna")
    two = store.create(example_plan(), author="anna")
    comments.add(one.id, target="", author="a", text="one", plan_version=1)
    comments.add(two.id, target="", author="b", text="two", plan_version=1)
    assert [c.text for c in comments.list(one.id)] == ["one"]
    assert [c.text for c in comments.list(two.id)] == ["two"]


def test_resolve_records_who_and_when_and_filters(store: PlanStore, comments: CommentStore) -> None:
    stored = store.create(example_plan(), author="anna")
    open_one = comments.add(stored.id, target="/kuvaus", author="Kari", text="a", plan_version=1)
    closed = comments.add(stored.id, target="", author="Kari", text="b", plan_version=1)

    resolved = comments.resolve(closed.id, by="Anna")
    assert resolved.resolved and resolved.resolved_by == "Anna"
    assert resolved.resolved_at is not None and resolved.resolved_at >= closed.at
    assert comments.get(closed.id) == resolved

    assert [c.id for c in comments.list(stored.id)] == [open_one.id, closed.id]
    assert [c.id for c in comments.list(stored.id, include_resolved=False)] == [open_one.id]

    with pytest.raises(AlreadyResolvedError) as info:
        comments.resolve(closed.id, by="Someone else")
    assert "Anna" in info.value.message("en")
    assert comments.get(closed.id).resolved_by == "Anna"  # the first resolution is kept


def test_unknown_plan_is_rejected(store: PlanStore, comments: CommentStore) -> None:
    with pytest.raises(PlanNotFoundError):
        comments.add("0" * 32, target="", author="Kari", text="x", plan_version=1)
    with pytest.raises(PlanNotFoundError):
        comments.list("0" * 32)
    assert stored_count(comments) == 0


@pytest.mark.parametrize(
    "target",
    ["/toimenpiteet/no-such-action", "/ei_osiota", "kuvaus", "/kuvaus/ei_kenttaa", "/toimenpiteet/0/x"],
)
def test_unknown_target_is_rejected(store: PlanStore, comments: CommentStore, target: str) -> None:
    stored = store.create(example_plan(), author="anna")
    with pytest.raises(UnknownTargetError) as info:
        comments.add(stored.id, target=target, author="Kari", text="x", plan_version=1)
    assert target in info.value.message("fi")
    assert stored_count(comments) == 0


def test_bad_text_and_author_are_rejected_and_nothing_stored(
    store: PlanStore, comments: CommentStore
) -> None:
    stored = store.create(example_plan(), author="anna")
    for text in ("", "   \n\t ", "\x00"):
        with pytest.raises(EmptyCommentError):
            comments.add(stored.id, target="", author="Kari", text=text, plan_version=1)
    with pytest.raises(CommentTooLongError) as info:
        comments.add(stored.id, target="", author="Kari", text="x" * (MAX_COMMENT_CHARS + 1), plan_version=1)
    assert str(MAX_COMMENT_CHARS) in info.value.message("sv")
    with pytest.raises(InvalidAuthorError):
        comments.add(stored.id, target="", author="  ", text="ok", plan_version=1)
    with pytest.raises(ValueError):
        comments.add(stored.id, target="", author="Kari", text="ok", plan_version=0)
    assert stored_count(comments) == 0
    # Exactly at the limit is accepted.
    exact = comments.add(stored.id, target="", author="Kari", text="y" * MAX_COMMENT_CHARS, plan_version=1)
    assert len(exact.text) == MAX_COMMENT_CHARS


def test_errors_are_storage_errors_with_messages_in_every_language(
    store: PlanStore, comments: CommentStore
) -> None:
    with pytest.raises(CommentNotFoundError) as missing:
        comments.get(424242)
    with pytest.raises(CommentNotFoundError):
        comments.resolve(424242, by="x")
    errors: list[StorageError] = [
        EmptyCommentError(),
        CommentTooLongError(6000),
        InvalidAuthorError("empty"),
        UnknownTargetError("p", "/x"),
        missing.value,
        AlreadyResolvedError(1, "Anna"),
    ]
    for error in errors:
        assert isinstance(error, StorageError)
        texts = {language: error.message(language) for language in LANGUAGES}
        assert len(set(texts.values())) == 3, texts
        assert not any(t.startswith("comments.") for t in texts.values()), texts


def test_comment_text_is_stored_verbatim(store: PlanStore, comments: CommentStore) -> None:
    stored = store.create(example_plan(), author="anna")
    hostile = "<script>alert(1)</script> [link](javascript:x) **bold** 'quote\" ; DROP TABLE comments;--"
    added = comments.add(stored.id, target="", author="<b>Eve</b>", text=hostile, plan_version=1)
    assert comments.get(added.id).text == hostile
    assert comments.get(added.id).author == "<b>Eve</b>"


def test_deleting_the_plan_deletes_its_comments(store: PlanStore, comments: CommentStore) -> None:
    stored = store.create(example_plan(), author="anna")
    comments.add(stored.id, target="", author="Kari", text="x", plan_version=1)
    # PlanStore.delete removes messages and revisions itself; comments go by the foreign key's cascade.
    store.delete(stored.id)
    assert stored_count(comments) == 0


def test_target_exists_resolves_actions_by_id() -> None:
    data = {
        "kuvaus": {"alue": "x"},
        "toimenpiteet": [{"id": "a/1"}, {"id": "b"}],
        "tavoitteet": {"lista": ["p", "q"]},
    }
    assert target_exists(data, "")
    assert target_exists(data, "/kuvaus") and target_exists(data, "/kuvaus/alue")
    assert target_exists(data, action_pointer("a/1")) and action_pointer("a/1") == "/toimenpiteet/a~11"
    assert target_exists(data, "/toimenpiteet/b")
    assert not target_exists(data, "/toimenpiteet/0")  # actions by id, not by index
    assert target_exists(data, "/tavoitteet/lista/1")
    assert not target_exists(data, "/tavoitteet/lista/2")
    assert not target_exists(data, "/tavoitteet/lista/01")
    assert not target_exists(data, "/kuvaus/alue/x")


def test_comment_catalog_keys_in_all_languages() -> None:
    keys = {language: catalog_keys(language, "comments") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    assert {f"comments.errors.{e.key}" for e in (EmptyCommentError, CommentTooLongError)} <= keys["fi"]
    assert load_catalog("sv").t("comments.errors.empty") != load_catalog("fi").t("comments.errors.empty")
