"""What a post shows, from real and from hostile server data."""

from __future__ import annotations

from datetime import datetime, timezone

from tests.recorded import body, status
from tuiclient import times
from tuiclient.post import Post


def test_a_real_boost_shows_the_original_author_and_the_booster() -> None:
    boost = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0))
    post = Post.from_status(boost)
    assert post.boosted_by
    assert post.author_acct == boost["reblog"]["account"]["acct"]
    assert post.status_id == str(boost["reblog"]["id"]) != post.key


def test_hostile_names_are_plain_text_without_controls() -> None:
    raw = {
        "id": "1",
        "content": "<p>hi</p>",
        "account": {
            "acct": "x\x1b[31m@evil",
            "display_name": "[@click=app.quit]Boss[/]\u202e\x07" + "A" * 500,
        },
    }
    post = Post.from_status(raw)
    assert post.author_name.startswith("[@click=app.quit]Boss[/]")
    assert "\u202e" not in post.author_name and "\x07" not in post.author_name
    assert len(post.author_name) <= 80
    assert "\x1b" not in post.author_acct


def test_a_status_missing_every_field_still_becomes_a_post() -> None:
    post = Post.from_status({"id": "7"})
    assert post.author_acct == "unknown"
    assert post.content.plain == ""
    assert post.created_at is None


def test_ages_read_like_people_say_them() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
    assert times.relative(datetime(2026, 11, 26, 11, 55, tzinfo=timezone.utc), now) == "5m"
    assert times.relative(datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc), now) == "3h"
    assert times.relative(datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc), now) == "6d"
    assert times.relative(datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc), now) == "2026-10-01"
    assert times.relative(None, now) == "?"


def test_a_self_reply_names_its_author_even_when_ids_differ_in_type() -> None:
    raw = {
        "id": "2",
        "in_reply_to_id": "1",
        "in_reply_to_account_id": "5",
        "account": {"id": 5, "acct": "ada"},
    }
    assert Post.from_status(raw).reply_to_acct == "@ada"


def test_a_reply_to_an_unknown_account_is_still_marked() -> None:
    raw = {
        "id": "2",
        "in_reply_to_id": "1",
        "in_reply_to_account_id": "9",
        "account": {"id": 5, "acct": "ada"},
    }
    post = Post.from_status(raw)
    assert post.is_reply and post.reply_to_acct == "…"


def test_a_real_poll_shows_its_options_votes_and_my_choices() -> None:
    from tests.recorded import exchanges

    voted = [e for e in exchanges("polls") if e["method"] == "GET"][-1]["body"]
    status = {"id": "1", "content": "<p>poll</p>", "account": {"acct": "a"}, "poll": voted}
    post = Post.from_status(status)
    assert post.poll is not None
    assert [o.title for o in post.poll.options][:2] == ["four twenty", "sixty-nine"]
    assert post.poll.multiple and post.poll.voted and set(post.poll.own_votes) == {0, 1}
    assert post.poll.votes == 2


def test_a_poll_with_hostile_fields_does_not_break_the_post() -> None:
    status = {
        "id": "1",
        "account": {"acct": "a"},
        "poll": {"options": {"not": "a list"}, "votes_count": "x"},
    }
    post = Post.from_status(status)
    assert post.poll is not None and post.poll.options == () and post.poll.votes == 0


def test_links_of_a_post_include_its_card_and_media() -> None:
    status = {
        "id": "1",
        "account": {"acct": "a"},
        "content": '<p><a href="https://example.org/a">a</a></p>',
        "card": {"url": "https://example.org/card", "title": "Card"},
        "media_attachments": [{"type": "image", "url": "https://files.example.org/1.png"}],
    }
    assert Post.from_status(status).links == (
        "https://example.org/a",
        "https://example.org/card",
        "https://files.example.org/1.png",
    )
