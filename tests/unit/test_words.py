"""Counts read as words: "1 post", "2 posts", never "1 post(s)"."""

from __future__ import annotations

from tuiclient.words import listed, plural


def test_one_of_a_thing_is_singular_and_any_other_count_plural() -> None:
    assert plural(1, "post") == "1 post"
    assert [plural(n, "post") for n in (0, 2, 40)] == ["0 posts", "2 posts", "40 posts"]


def test_a_phrase_takes_the_plural_on_its_last_word() -> None:
    assert plural(1, "older notification") == "1 older notification"
    assert plural(3, "new post") == "3 new posts"


def test_a_word_with_its_own_plural_uses_it() -> None:
    assert plural(1, "unreadable entry", "unreadable entries") == "1 unreadable entry"
    assert plural(2, "unreadable entry", "unreadable entries") == "2 unreadable entries"


def test_notification_views_list_notifications_and_every_other_view_posts() -> None:
    assert listed("notifications") == listed("notifications:mentions") == "notification"
    assert {listed(v) for v in ("home", "local", "tag:notifications", "list:7")} == {"post"}
