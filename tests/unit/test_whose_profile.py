"""Which profile enter and u lead to from a notification group that names several people."""

from __future__ import annotations

from typing import Any

from mastodon.return_types import GroupedNotificationsResults
from mastodon.types_base import try_cast

from tests.recorded import body
from tuiclient.api.grouped_notifications import read_page
from tuiclient.post import account_label
from tuiclient.thread import account_to_open, accounts_to_choose, status_to_open


def person(number: int, name: str) -> dict[str, Any]:
    return {"id": str(number), "acct": name.lower(), "display_name": name}


KATHERINE, ALAN, KAY = person(2, "Katherine"), person(3, "Alan"), person(4, "Kay")


def follow_group(*accounts: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    return {
        "id": "100",
        "type": "follow",
        "account": accounts[0] if accounts else None,
        "group_key": "follow-100",
        "notifications_count": count or len(accounts),
        "sample_accounts": list(accounts),
    }


def test_a_follow_group_of_three_offers_all_three() -> None:
    group = follow_group(KATHERINE, ALAN, KAY)
    assert accounts_to_choose(group) == [KATHERINE, ALAN, KAY]
    assert status_to_open(group) is None


def test_a_group_of_one_opens_that_profile_without_asking() -> None:
    group = follow_group(KATHERINE)
    assert accounts_to_choose(group) == []
    assert account_to_open(group) == KATHERINE


def test_someone_twice_in_a_group_is_offered_once_and_broken_entries_never() -> None:
    group = follow_group(KATHERINE, ALAN, KATHERINE)
    group["sample_accounts"] += [{"acct": "no-id"}, "x", None]
    assert accounts_to_choose(group) == [KATHERINE, ALAN]
    assert accounts_to_choose(follow_group(KATHERINE, {"acct": "no-id"})) == []


def test_single_notifications_and_posts_never_ask() -> None:
    single = {"id": "1", "type": "follow", "account": ALAN}
    post = {"id": "2", "content": "<p>hi</p>", "account": KAY}
    assert accounts_to_choose(single) == accounts_to_choose(post) == []
    assert accounts_to_choose(None) == accounts_to_choose("x") == []


def test_the_recorded_favourites_group_offers_both_and_still_opens_its_post() -> None:
    # Recorded from Mastodon 4.6.4: one post favourited by two accounts, one group.
    recorded = dict(body("grouped_notifications", "GET", "/api/v2/notifications"))
    document = try_cast(GroupedNotificationsResults, recorded)  # type: ignore[no-untyped-call]
    [group] = read_page(document)
    offered = accounts_to_choose(group)
    assert len(offered) == 2
    assert status_to_open(group) is not None  # enter: the thread, as before
    labels = [account_label(account) for account in offered]
    assert all(label.count(" @") == 1 for label in labels)


def test_labels_are_name_and_acct_as_plain_sanitised_text() -> None:
    hostile = {"id": "9", "acct": "evil\x1b[2J", "display_name": "[@click=app.quit]Kay[/]\u202e"}
    assert account_label(hostile) == "[@click=app.quit]Kay[/] @evil"
    assert account_label({"id": "1", "acct": "alan"}) == "alan @alan"
    assert account_label({}) == "someone @unknown"
