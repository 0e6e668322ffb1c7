"""A draft remembers what it answers, so the composer says it again when it is reopened."""

from __future__ import annotations

import json
from pathlib import Path

from tuiclient.drafts import Draft, DraftStore, reply_draft

GRACE_POST = {
    "id": "77",
    "content": "<p>Ship it</p>",
    "account": {"id": "2", "acct": "grace", "display_name": "Grace"},
}


def test_the_context_line_is_saved_with_the_draft(tmp_path: Path) -> None:
    store = DraftStore("ada@example.org", root=tmp_path)
    draft = reply_draft(GRACE_POST, own_id="1", own_acct="ada@example.org")
    draft.context = "Replying to @grace: Ship it"
    draft.text += "on my way"
    store.save(draft)
    again = store.get(draft.id)
    assert again is not None
    assert again.context == "Replying to @grace: Ship it"
    assert again.in_reply_to_id == "77" and again.reply_to == "@grace"


def test_a_reply_draft_saved_before_the_context_line_existed_still_says_whom_it_answers(
    tmp_path: Path,
) -> None:
    store = DraftStore("ada@example.org", root=tmp_path)
    old = json.loads(
        Draft(text="@grace on my way", in_reply_to_id="77", reply_to="@grace").to_json()
    )
    del old["context"]
    store.folder.mkdir(parents=True)
    (store.folder / f"{old['id']}.json").write_text(json.dumps(old), encoding="utf-8")
    [loaded] = store.list()
    assert loaded.context == ""
    assert loaded.text == "@grace on my way"
    assert loaded.default_context == "Replying to @grace"


def test_what_a_draft_without_its_line_says() -> None:
    assert Draft().default_context == ""
    assert Draft(in_reply_to_id="5").default_context == "Replying to a post"
    assert Draft(quoted_status_id="5").default_context == "Quoting a post"
    assert Draft(edit_id="5", in_reply_to_id="4").default_context == "Editing your post"


def test_a_context_of_the_wrong_type_is_ignored() -> None:
    assert Draft.from_dict({"context": ["not", "text"], "text": "x"}).context == ""
