"""Live events applied to an account's loaded timelines (recorded real statuses)."""

from __future__ import annotations

from tests.recorded import body, statuses
from tuiclient.config import AccountConfig
from tuiclient.session import AccountSession

HOME = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))


def session_with_home() -> AccountSession:
    session = AccountSession(AccountConfig("ada@example.social", "https://example.social"), "")
    session.timeline("home").add_initial(HOME[1:])
    return session


def test_a_live_post_joins_the_top_of_home_once() -> None:
    session = session_with_home()
    assert session.apply_event("update", HOME[0]) == {"home"}
    assert session.apply_event("update", HOME[0]) == set()
    assert session.timeline("home").newest_id == str(HOME[0]["id"])


def test_a_live_post_does_not_load_a_timeline_never_opened() -> None:
    session = AccountSession(AccountConfig("ada@example.social", "https://example.social"), "")
    assert session.apply_event("update", HOME[0]) == set()
    assert not session.timeline("home").items


def test_a_deletion_reaches_every_timeline_holding_the_post() -> None:
    session = session_with_home()
    session.timeline("local").add_initial(HOME[1:4])
    assert session.apply_event("delete", str(HOME[2]["id"])) == {"home", "local"}
    assert str(HOME[2]["id"]) not in [str(s["id"]) for s in session.timeline("local").statuses]


def test_an_edit_replaces_the_post_in_place() -> None:
    session = session_with_home()
    edited = type(HOME[3])(**{**HOME[3], "content": "<p>edited</p>"})
    assert session.apply_event("status.update", edited) == {"home"}
    assert session.timeline("home").statuses[2]["content"] == "<p>edited</p>"


def test_a_live_edit_keeps_what_the_user_did_with_the_post() -> None:
    session = session_with_home()
    mine = type(HOME[3])(**{**HOME[3], "favourited": True, "bookmarked": True})
    assert session.apply_event("status.update", mine) == {"home"}
    # The stream's copy does not know the user's flags: they say false.
    streamed = type(HOME[3])(
        **{**HOME[3], "content": "<p>edited</p>", "favourited": False, "bookmarked": False}
    )
    assert session.apply_event("status.update", streamed, live=True) == {"home"}
    shown = session.timeline("home").statuses[2]
    assert shown["content"] == "<p>edited</p>"
    assert shown["favourited"] is True and shown["bookmarked"] is True
    # The user's own action (not live) is believed.
    undone = type(HOME[3])(**{**shown, "favourited": False})
    session.apply_event("status.update", undone)
    assert session.timeline("home").statuses[2]["favourited"] is False


def test_a_live_edit_of_a_poll_keeps_the_users_vote() -> None:
    polled = next(s for s in HOME if s.get("poll"))
    session = AccountSession(AccountConfig("ada@example.social", "https://example.social"), "")
    voted = type(polled)(**{**polled, "poll": {**polled["poll"], "voted": True, "own_votes": [1]}})
    session.timeline("home").add_initial([voted])
    streamed = type(polled)(
        **{**polled, "poll": {**polled["poll"], "voted": False, "own_votes": []}}
    )
    session.apply_event("status.update", streamed, live=True)
    poll = session.timeline("home").statuses[0]["poll"]
    assert poll["voted"] is True and poll["own_votes"] == [1]
