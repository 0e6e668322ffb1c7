"""Drafts on disk: private, atomic, per account, and each with one idempotency key."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tuiclient.drafts import (
    Draft,
    DraftStore,
    MediaDraft,
    PollDraft,
    account_folder_name,
    edit_draft,
    most_private,
    redraft,
    reply_draft,
    reply_mentions,
)

ACCT = "ada@127.0.0.1:4000"


def test_a_saved_draft_comes_back_whole(tuiclient_home: Path) -> None:
    store = DraftStore(ACCT)
    draft = Draft(
        text="Hello ✨",
        spoiler_text="cw",
        visibility="unlisted",
        language="en",
        sensitive=True,
        in_reply_to_id="123",
        reply_to="@grace",
        poll=PollDraft(options=["yes", "no", ""], expires_in=3600, multiple=True),
        media=[MediaDraft(path="/tmp/cat.png", description="A cat", media_id="9")],
    )
    store.save(draft)

    again = store.get(draft.id)

    assert again == draft
    assert store.list() == [draft]


def test_drafts_live_in_the_data_folder_per_account_and_only_the_user_can_read_them(
    tuiclient_home: Path,
) -> None:
    store = DraftStore(ACCT)
    draft = Draft(text="secret plans")
    store.save(draft)

    path = store.path(draft.id)
    assert path.is_relative_to(tuiclient_home / "data" / "drafts")
    assert path.parent.name == account_folder_name(ACCT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert DraftStore("grace@127.0.0.1:4000").list() == []


def test_a_draft_keeps_its_idempotency_key_across_saves(tuiclient_home: Path) -> None:
    store = DraftStore(ACCT)
    draft = Draft(text="one")
    key = draft.idempotency_key
    store.save(draft)
    draft.text = "one, two"
    store.save(draft)

    assert store.get(draft.id) is not None
    assert store.get(draft.id).idempotency_key == key  # type: ignore[union-attr]
    assert Draft().idempotency_key != key


def test_saving_replaces_the_file_atomically_and_leaves_no_temporary_file(
    tuiclient_home: Path,
) -> None:
    store = DraftStore(ACCT)
    draft = Draft(text="first")
    store.save(draft)
    draft.text = "second"
    store.save(draft)

    assert sorted(p.name for p in store.folder.iterdir()) == [f"{draft.id}.json"]
    assert json.loads(store.path(draft.id).read_text())["text"] == "second"


def test_deleting_a_draft_removes_its_file(tuiclient_home: Path) -> None:
    store = DraftStore(ACCT)
    draft = Draft(text="gone soon")
    store.save(draft)
    store.delete(draft.id)
    store.delete(draft.id)  # twice is fine

    assert store.list() == []


def test_the_list_is_newest_first_and_skips_broken_files(tuiclient_home: Path) -> None:
    store = DraftStore(ACCT)
    older, newer = Draft(text="older"), Draft(text="newer")
    store.save(older)
    store.save(newer)
    newer.updated_at, older.updated_at = "2030-01-02T00:00:00+00:00", "2030-01-01T00:00:00+00:00"
    store.path(newer.id).write_text(newer.to_json())
    store.path(older.id).write_text(older.to_json())
    (store.folder / ("f" * 32 + ".json")).write_text("{not json")
    (store.folder / "notes.txt").write_text("not a draft")

    assert [d.text for d in store.list()] == ["newer", "older"]


def test_a_file_with_wrong_types_still_gives_a_draft_that_has_a_key(tuiclient_home: Path) -> None:
    store = DraftStore(ACCT)
    draft_id = "a" * 32
    store.folder.mkdir(parents=True)
    store.path(draft_id).write_text(
        json.dumps({"text": 5, "idempotency_key": "", "poll": {"options": "x"}, "media": [3]})
    )

    draft = store.get(draft_id)

    assert draft is not None and draft.text == "" and len(draft.idempotency_key) == 32
    assert draft.poll is not None and draft.poll.options == ["", ""]
    assert draft.media == []


def test_a_draft_id_cannot_name_another_file(tuiclient_home: Path) -> None:
    with pytest.raises(ValueError):
        DraftStore(ACCT).path("../../config")


def test_an_empty_draft_is_empty_and_anything_typed_is_not() -> None:
    assert Draft().is_empty
    assert Draft(poll=PollDraft(options=["", " "])).is_empty
    assert not Draft(text="x").is_empty
    assert not Draft(spoiler_text="cw").is_empty
    assert not Draft(media=[MediaDraft(path="a.png")]).is_empty


def test_the_fingerprint_changes_with_what_would_be_sent() -> None:
    draft = Draft(text="hello")
    before = draft.fingerprint()
    draft.visibility = "private"  # not part of the content
    assert draft.fingerprint() == before
    draft.text = "hello!"
    assert draft.fingerprint() != before


def test_most_private_picks_the_least_public_visibility() -> None:
    assert most_private("public", "private") == "private"
    assert most_private("direct", "unlisted") == "direct"
    assert most_private("unlisted", "nonsense") == "unlisted"
    assert most_private() == "public"


def _status(**fields: object) -> dict[str, object]:
    status: dict[str, object] = {
        "id": "10",
        "account": {"id": "2", "acct": "grace"},
        "mentions": [],
        "spoiler_text": "",
        "visibility": "public",
    }
    status.update(fields)
    return status


def test_a_reply_mentions_the_author_and_keeps_the_content_warning() -> None:
    draft = reply_draft(_status(spoiler_text="food"), own_id="1", own_acct=ACCT)

    assert draft.text == "@grace "
    assert draft.spoiler_text == "food"
    assert draft.in_reply_to_id == "10"
    assert draft.reply_to == "@grace"


def test_reply_all_mentions_everyone_but_yourself_once_each() -> None:
    status = _status(
        mentions=[
            {"id": "1", "acct": "ada"},
            {"id": "3", "acct": "alan@other.example"},
            {"id": "2", "acct": "grace"},
        ]
    )

    assert reply_mentions(status, own_id="1", own_acct=ACCT, everyone=True) == [
        "grace",
        "alan@other.example",
    ]
    assert reply_mentions(status, own_id="1", own_acct=ACCT) == ["grace"]


def test_replying_to_yourself_mentions_nobody_even_without_knowing_your_id() -> None:
    own = _status(account={"id": "1", "acct": "ada"})
    assert reply_mentions(own, own_id="", own_acct=ACCT) == []


def test_a_hostile_acct_is_never_typed_into_a_reply() -> None:
    status = _status(account={"id": "2", "acct": "[@click=app.quit]x\x1b[2J"})
    assert reply_mentions(status, own_id="1", own_acct=ACCT) == []


def test_an_edit_draft_has_the_source_text_and_the_attachments() -> None:
    status = _status(
        sensitive=True,
        media_attachments=[{"id": "7", "description": "A cat", "type": "image"}],
    )
    draft = edit_draft(status, {"text": "plain text", "spoiler_text": "cw"})

    assert (draft.edit_id, draft.text, draft.spoiler_text, draft.sensitive) == (
        "10",
        "plain text",
        "cw",
        True,
    )
    assert draft.media == [
        MediaDraft(media_id="7", description="A cat", uploaded_description="A cat", kind="image")
    ]


def test_a_redraft_keeps_the_poll_the_reply_and_the_language() -> None:
    status = _status(
        in_reply_to_id="5",
        language="de",
        visibility="unlisted",
        poll={"options": [{"title": "ja"}, {"title": "nein"}], "multiple": True},
    )
    draft = redraft(status, {"text": "Frage?", "spoiler_text": ""})

    assert (draft.text, draft.in_reply_to_id, draft.language, draft.visibility) == (
        "Frage?",
        "5",
        "de",
        "unlisted",
    )
    assert draft.poll == PollDraft(options=["ja", "nein"], multiple=True)
    assert not draft.edit_id


def test_account_folder_names_are_safe_for_any_acct() -> None:
    assert account_folder_name("ada@example.social") == "ada@example.social"
    assert "/" not in account_folder_name("a/b@c:1")
    assert account_folder_name("a/b@c:1") != account_folder_name("a_b@c_1")
