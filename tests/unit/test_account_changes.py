"""Changes the user makes that reach every loaded timeline: mutes, blocks, unbookmarks,
and posts changed under notifications (recorded real statuses, lightly altered)."""

from __future__ import annotations

from typing import Any

from mastodon.return_types import Status

from tests.recorded import body, status, statuses
from tuiclient.config import AccountConfig
from tuiclient.session import AccountSession
from tuiclient.timeline import Timeline, by_account, item_key, shows_post

HOME = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))
"""13 real statuses by two accounts, admin and mastodonpy_test."""
ADMIN = "117020565693913441"
TESTER = "117020565966271181"
MENTION: Any = body("notifications", "GET", "/api/v1/notifications")[0]
"""A mention (notification id "20") from admin, as plain JSON."""


def by(account_id: str) -> list[str]:
    return [str(s["id"]) for s in HOME if str(s["account"]["id"]) == account_id]


def boost_of(post: Status, booster: Any, boost_id: str) -> Status:
    """`booster` boosting `post`, as a server sends it."""
    return status({**post, "id": boost_id, "account": booster, "reblog": dict(post)})


def keys(timeline: Timeline) -> list[str]:
    return [item_key(item) for item in timeline.items]


def new_session() -> AccountSession:
    return AccountSession(AccountConfig("ada@example.social", "https://example.social"), "")


def test_a_muted_accounts_posts_and_boosts_leave_and_the_others_stay() -> None:
    admin_post = next(s for s in HOME if str(s["account"]["id"]) == ADMIN)
    tester = next(s for s in HOME if str(s["account"]["id"]) == TESTER)["account"]
    admin = admin_post["account"]
    boosted_by_tester = boost_of(admin_post, tester, "117020600000000001")
    older_tester_post = status({**HOME[0], "id": "117020500000000003"})
    boosted_by_admin = boost_of(older_tester_post, admin, "117020600000000002")
    timeline = Timeline("home")
    timeline.add_initial([boosted_by_admin, boosted_by_tester, *HOME])
    assert "117020600000000001" in keys(timeline)  # admin's post shows as tester's boost
    assert timeline.remove_account(ADMIN)
    assert keys(timeline) == by(TESTER)
    assert not timeline.remove_account(ADMIN)


def test_a_notification_leaves_with_its_sender_a_group_only_when_all_of_it_is_theirs() -> None:
    other = dict(HOME[0]["account"])  # mastodonpy_test
    group_of_two: Any = {**MENTION, "id": "21", "sample_accounts": [MENTION["account"], other]}
    group_of_one: Any = {**MENTION, "id": "22", "sample_accounts": [MENTION["account"]]}
    assert by_account(MENTION, ADMIN)
    assert by_account(group_of_one, ADMIN)
    assert not by_account(group_of_two, ADMIN)
    timeline = Timeline("notifications")
    timeline.add_initial([group_of_one, group_of_two, MENTION])
    assert timeline.remove_account(ADMIN)
    assert keys(timeline) == ["21"]


def test_a_changed_post_replaces_the_copy_a_notification_carries_never_the_notification() -> None:
    post = MENTION["status"]
    same_id_as_notification = status({**HOME[0], "id": str(MENTION["id"])})
    timeline = Timeline("notifications")
    timeline.add_initial([MENTION])
    assert not timeline.replace(same_id_as_notification)
    assert timeline.statuses[0]["type"] == "mention"
    favourited = status({**post, "favourited": True})
    assert timeline.replace(favourited)
    assert timeline.statuses[0]["type"] == "mention"
    assert timeline.statuses[0]["status"]["favourited"] is True
    # A deletion of that post takes the notification about it.
    assert shows_post(timeline.statuses[0], str(post["id"]))
    assert timeline.remove(str(post["id"]))
    assert timeline.items == []


def test_a_post_the_user_unbookmarks_leaves_bookmarks_and_stays_at_home() -> None:
    session = new_session()
    session.timeline("home").add_initial(HOME)
    bookmarked = [status({**s, "bookmarked": True}) for s in HOME[:3]]
    session.timeline("bookmarks").add_initial(bookmarked)
    session.timeline("favourites").add_initial(
        [status({**s, "favourited": True}) for s in HOME[:3]]
    )
    unmarked = status({**HOME[1], "bookmarked": False, "favourited": True})
    assert session.apply_event("status.update", unmarked) == {"home", "bookmarks", "favourites"}
    assert keys(session.timeline("bookmarks")) == [str(HOME[0]["id"]), str(HOME[2]["id"])]
    assert str(HOME[1]["id"]) in keys(session.timeline("home"))
    assert str(HOME[1]["id"]) in keys(session.timeline("favourites"))


def test_a_live_edit_never_takes_a_post_out_of_bookmarks() -> None:
    # The stream's copy of a post does not say what the user did with it.
    session = new_session()
    session.timeline("bookmarks").add_initial([status({**HOME[0], "bookmarked": True})])
    edited = status({**HOME[0], "content": "<p>edited</p>", "bookmarked": False})
    assert session.apply_event("status.update", edited, live=True) == {"bookmarks"}
    assert keys(session.timeline("bookmarks")) == [str(HOME[0]["id"])]


def test_a_muted_account_leaves_every_timeline_but_its_profile_until_unmuted() -> None:
    session = new_session()
    session.timeline("home").add_initial(HOME[4:])
    session.timeline("notifications").add_initial([MENTION])
    session.timeline(f"account:{ADMIN}").add_initial([s for s in HOME if str(s["id"]) in by(ADMIN)])
    session.timeline("local").add_initial([s for s in HOME if str(s["id"]) in by(TESTER)])
    assert session.apply_event("account.hidden", ADMIN) == {"home", "notifications"}
    assert keys(session.timeline("home")) == [k for k in by(TESTER) if k in keys_of(HOME[4:])]
    assert keys(session.timeline(f"account:{ADMIN}")) == by(ADMIN)
    # Pages loaded later (from a server that still sends them) leave them out too...
    assert session.timeline("home").add_newer(HOME[:4], page_size=40).added == len(
        [k for k in by(TESTER) if k in keys_of(HOME[:4])]
    )
    assert session.apply_event("update", HOME[1]) == set()  # admin's
    # ...until the account is neither muted nor blocked: then the next page brings them.
    assert session.apply_event("account.shown", ADMIN) == set()
    assert session.timeline("home").add_older(HOME).added == len(by(ADMIN))
    assert keys(session.timeline("home")) == keys_of(HOME)


def keys_of(page: list[Status]) -> list[str]:
    return [str(s["id"]) for s in page]
