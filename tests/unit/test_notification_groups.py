"""Notification groups: the recorded v2 answer as rows, and live notifications joining them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from mastodon.errors import MastodonNotFoundError
from mastodon.return_types import GroupedNotificationsResults, Notification
from mastodon.types_base import try_cast
from textual.app import App, ComposeResult

from tests import hostile
from tests.recorded import body
from tuiclient.api import notifications
from tuiclient.api.errors import ApiError
from tuiclient.api.grouped_notifications import read_page
from tuiclient.config import AccountConfig
from tuiclient.notification_groups import (
    add_live,
    drop_regrouped,
    group_key,
    is_group,
    joined,
)
from tuiclient.post import post_for
from tuiclient.session import LIVE, AccountSession
from tuiclient.timeline import Timeline
from tuiclient.widgets.timeline import TimelineView

RECORDED = body("grouped_notifications", "GET", "/api/v2/notifications")
WHEN = datetime(2026, 8, 1, 12, 0, tzinfo=timezone.utc)
POST = {
    "id": "9000",
    "content": "<p>Notes on the engine</p>",
    "account": {"id": "1", "acct": "ada", "display_name": "Ada"},
    "created_at": WHEN,
}


def person(number: int, name: str) -> dict[str, Any]:
    return {"id": str(number), "acct": name.lower(), "display_name": name}


ALAN, GRACE, KAY, LINUS = (
    person(2, "Alan"),
    person(3, "Grace"),
    person(4, "Kay"),
    person(5, "Linus"),
)


def favourites_group(count: int = 5, newest: str = "100") -> Any:
    """A loaded group row: ada's post favourited `count` times, by Alan most recently."""
    document = {
        "accounts": [ALAN, GRACE],
        "statuses": [POST],
        "notification_groups": [
            {
                "group_key": "favourite-9000-495997",
                "notifications_count": count,
                "type": "favourite",
                "most_recent_notification_id": newest,
                "page_min_id": "90",
                "page_max_id": newest,
                "latest_page_notification_at": WHEN.isoformat(),
                "sample_account_ids": ["2", "3"],
                "status_id": "9000",
            }
        ],
    }
    return read_page(document)[0]


def live(number: int, account: dict[str, Any], key: str | None, kind: str = "favourite") -> Any:
    """A notification as the stream sends it (v1, with the group key where there is one)."""
    payload: dict[str, Any] = {
        "id": str(number),
        "type": kind,
        "created_at": WHEN + timedelta(minutes=number - 100),
        "account": account,
        "status": POST if kind != "follow" else None,
    }
    if key is not None:
        payload["group_key"] = key
    return try_cast(Notification, payload)  # type: ignore[no-untyped-call]


def grouped_timeline(*rows: Any) -> Timeline:
    timeline = Timeline("notifications")
    timeline.add_initial(list(rows) or [favourites_group()])
    return timeline


def contexts(timeline: Timeline) -> list[str]:
    return [post_for(item).context for item in timeline.statuses]


# -- the server's v2 document as rows ----------------------------------------------------


def test_the_recorded_grouped_answer_is_one_row_naming_both_who_favourited() -> None:
    document = try_cast(GroupedNotificationsResults, dict(RECORDED))  # type: ignore[no-untyped-call]
    [row] = read_page(document)
    assert is_group(row) and row["notifications_count"] == 2
    # The newest notification's id, which the server understands as a read position.
    assert row["id"] == "32"
    # One account came in full, the other only partly (no display name): both are named.
    assert [a["acct"] for a in row["sample_accounts"]] == ["mastodonpy_test_2", "admin"]
    post = post_for(row)
    assert post.context == "★ mastodonpy_test_2 and admin favourited your post"
    assert post.content.plain == "Testing grouped notifications!"
    assert post.status_id == "117020579695730951" and post.key == "32"


def test_the_recorded_answer_reads_the_same_without_mastodon_py_types() -> None:
    # Mastodon sent `most_recent_notification_id` as a number and dates as text.
    [row] = read_page(RECORDED)
    assert row["id"] == "32"
    assert row["created_at"] == datetime(2026, 8, 1, 13, 52, 23, 230000, tzinfo=timezone.utc)


def test_a_document_without_groups_is_an_unreadable_answer() -> None:
    documents: list[Any] = [[], {"accounts": []}, {"notification_groups": "many"}, None]
    for document in documents:
        with pytest.raises(ApiError) as raised:
            read_page(document)
        assert raised.value.kind == "unreadable"


def test_rows_keep_the_servers_order_and_cursor() -> None:
    document: Any = try_cast(GroupedNotificationsResults, dict(RECORDED))  # type: ignore[no-untyped-call]
    document._pagination_next = {"max_id": "32"}
    page = read_page(document)
    assert page._pagination_next == {"max_id": "32"}


# -- live notifications join their group ---------------------------------------------------


def test_a_live_favourite_joins_its_group_at_the_top() -> None:
    mention = {**live(101, GRACE, "ungrouped-101", "mention"), "status": POST}
    timeline = grouped_timeline(favourites_group(), joined(None, mention))
    assert contexts(timeline)[0] == "@ Grace mentioned you"

    assert add_live(timeline, live(105, KAY, "favourite-9000-495997"), page_size=LIVE)

    assert [str(i["id"]) for i in timeline.statuses] == ["105", "101"]
    group = timeline.statuses[0]
    assert group["notifications_count"] == 6
    assert [a["acct"] for a in group["sample_accounts"]] == ["kay", "alan", "grace"]
    assert contexts(timeline)[0] == "★ Kay, Alan and 4 others favourited your post"
    # The saved read position would be the new notification's id; the older one is gone.
    assert timeline.index_of("100") is None


def test_a_refreshed_group_replaces_its_older_row() -> None:
    mention = {**live(101, GRACE, "ungrouped-101", "mention"), "status": POST}
    timeline = grouped_timeline(favourites_group(), joined(None, mention))
    newer = [favourites_group(count=7, newest="107")]

    assert drop_regrouped(timeline, newer) == 1
    timeline.add_newer(newer, page_size=40)

    assert [str(i["id"]) for i in timeline.statuses] == ["107", "101"]
    assert timeline.statuses[0]["notifications_count"] == 7
    # The same group again (a repeated page) takes nothing out.
    assert drop_regrouped(timeline, newer) == 0
    assert drop_regrouped(timeline, [joined(None, mention)]) == 0


def test_someone_already_in_the_group_moves_to_the_front_once() -> None:
    timeline = grouped_timeline()
    add_live(timeline, live(105, GRACE, "favourite-9000-495997"), page_size=LIVE)
    [group] = timeline.statuses
    assert [a["acct"] for a in group["sample_accounts"]] == ["grace", "alan"]
    assert group["notifications_count"] == 6


def test_a_notification_the_group_already_counts_changes_nothing() -> None:
    timeline = grouped_timeline()
    for late in (100, 99):
        assert not add_live(timeline, live(late, KAY, "favourite-9000-495997"), page_size=LIVE)
    [group] = timeline.statuses
    assert group["notifications_count"] == 5 and str(group["id"]) == "100"


def test_a_new_group_starts_with_one_and_the_next_joins_it() -> None:
    timeline = grouped_timeline()
    follow_key = "follow-495997"
    assert add_live(timeline, live(110, KAY, follow_key, "follow"), page_size=LIVE)
    assert add_live(timeline, live(111, LINUS, follow_key, "follow"), page_size=LIVE)
    assert contexts(timeline) == [
        "+ Linus and Kay followed you",
        "★ Alan, Grace and 3 others favourited your post",
    ]
    follows = post_for(timeline.statuses[0])
    assert follows.content.plain.splitlines() == ["Linus @linus", "Kay @kay"]


def test_ungrouped_notifications_are_rows_of_their_own() -> None:
    timeline = grouped_timeline()
    assert add_live(timeline, live(120, KAY, "ungrouped-120"), page_size=LIVE)
    assert add_live(timeline, live(121, LINUS, None), page_size=LIVE)
    assert add_live(timeline, live(122, LINUS, ""), page_size=LIVE)
    assert group_key(timeline.statuses[0]) is None
    assert contexts(timeline) == [
        "★ Linus favourited your post",
        "★ Linus favourited your post",
        "★ Kay favourited your post",
        "★ Alan, Grace and 3 others favourited your post",
    ]


def test_a_view_of_single_notifications_keeps_one_row_each() -> None:
    # The server had no grouped notifications: v1 rows, and live ones stay single too.
    timeline = Timeline("notifications")
    timeline.add_initial([live(100, ALAN, "favourite-9000-495997")])
    add_live(timeline, live(101, KAY, "favourite-9000-495997"), page_size=LIVE)
    assert [str(i["id"]) for i in timeline.statuses] == ["101", "100"]
    assert not any(is_group(i) for i in timeline.statuses)


def test_the_session_puts_a_live_notification_in_its_group_and_not_in_mentions() -> None:
    session = AccountSession(AccountConfig("ada@example.social", "https://example.social"), "")
    session.timeline("notifications").add_initial([favourites_group()])
    session.timeline("notifications:mentions").add_initial([live(50, GRACE, None, "mention")])
    changed = session.apply_event("notification", live(105, KAY, "favourite-9000-495997"))
    assert changed == {"notifications"}
    assert len(session.timeline("notifications").statuses) == 1


# -- what cannot be read is shown generically ----------------------------------------------


def test_an_unknown_type_and_odd_fields_render_generically() -> None:
    document: Any = {
        "accounts": [KAY, LINUS, "not an account"],
        "notification_groups": [
            {
                "group_key": "x_anniversary-1",
                "notifications_count": 3,
                "type": "x_anniversary",
                "most_recent_notification_id": 77,
                "sample_account_ids": ["5", "4", "404"],
            },
            {
                "group_key": "odd",
                "notifications_count": "many",
                "type": 12,
                "sample_account_ids": 4,
            },
            "not a group",
        ],
    }
    unknown, odd = read_page(document)
    post = post_for(unknown)
    assert post.context == "• Linus, Kay and 1 other notification: x_anniversary"
    assert post.content.plain.splitlines() == ["Linus @linus", "Kay @kay", "and 1 other"]
    # No id: the timeline leaves it out and counts it, as for any entry without one.
    assert post_for(odd).context == "• someone notification: unknown"
    assert Timeline("notifications").add_initial([unknown, odd]).skipped == 1


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView()


async def test_a_hostile_five_thousand_character_name_is_cut_and_drawn_as_text() -> None:
    markup = "[@click=app.quit]x[/]\x1b]52;c;aGk=\x07"
    name = (markup * 250)[:5000]
    hostile_person = {"id": "66", "acct": "[b]evil[/b]", "display_name": name}
    row: Any = joined(favourites_group(), live(105, hostile_person, "favourite-9000-495997"))
    follows: Any = joined(
        joined(None, live(106, hostile_person, "f", "follow")), live(107, KAY, "f", "follow")
    )
    post = post_for(row)
    assert post.context.startswith("★ [@click=app.quit]x[/]")
    assert len(post.context) < 200 and "\x1b" not in post.context
    app = ViewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items([follows, row])
        await pilot.pause()
        screen = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "[@click=app.quit]x[/]" in screen and "@[b]evil[/b]" in screen
        for y in range(view.size.height):
            assert not hostile.control_in(list(view.render_line(y)))
        assert app.is_running


# -- which API answers ---------------------------------------------------------------------


class ServerWithoutV2:
    """Answers v1 notifications; v2 is missing (404), as on GoToSocial or Akkoma."""

    def __init__(self) -> None:
        self.v2_calls = 0
        self.v1_calls: list[Any] = []

    def grouped_notifications(self, **_: Any) -> Any:
        self.v2_calls += 1
        raise MastodonNotFoundError("Mastodon API returned error", 404, "Not Found", None)

    def notifications(self, **kwargs: Any) -> list[Any]:
        self.v1_calls.append(kwargs.get("types"))
        return [live(100, ALAN, None)]


def test_without_v2_the_view_asks_it_once_then_reads_v1() -> None:
    server = ServerWithoutV2()
    for max_id in (None, "100", None):
        page = notifications.page(server, max_id=max_id)  # type: ignore[arg-type]
        assert [str(n["id"]) for n in page] == ["100"]
    assert server.v2_calls == 1 and server.v1_calls == [None, None, None]
    notifications.page(server, mentions_only=True)  # type: ignore[arg-type]
    assert server.v2_calls == 1 and server.v1_calls[-1] == ["mention"]
