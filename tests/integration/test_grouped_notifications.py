"""Grouped notifications (API v2) against mastodon_mock: one row per group, v1 where v2 is missing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mastodon_mock.config import (
    MastodonMockConfig,
)
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, community, make_app
from tests.integration.faults import remaining, view_text
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.post import Post
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap

FANS = [
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
    ("kay", "Kay McNulty"),
    ("linus", "Linus Pauling"),
]
"""The accounts that favourite ada's post, in this order (so linus is the most recent)."""


@pytest.fixture
def mastodon_mock_config() -> MastodonMockConfig:
    """ada and four other people who can favourite her posts."""
    return community([("ada", "Ada Lovelace"), *FANS])


def notifications_screen(app: TuiClientApp) -> TimelineScreen | None:
    screen = app.screen
    if isinstance(screen, TimelineScreen) and screen.timeline.name.startswith("notifications"):
        return screen
    return None


async def open_view(app: TuiClientApp, pilot: Any, key: str, name: str) -> TimelineScreen:
    """Press `key` and wait until the view `name` shows its first page."""
    await pilot.press(key)
    await wait_for(
        pilot,
        lambda: (
            (screen := notifications_screen(app)) is not None
            and screen.timeline.name == name
            and bool(screen.timeline.items)
            and "Updated" in str(screen.status.render())
        ),
    )
    screen = notifications_screen(app)
    assert screen is not None
    return screen


async def mentions_shown(app: TuiClientApp, pilot: Any) -> TimelineScreen:
    """Wait until the mentions-only view shows its first page (after `m`)."""
    await wait_for(
        pilot,
        lambda: (
            (mentions := notifications_screen(app)) is not None
            and mentions.timeline.name == "notifications:mentions"
            and bool(mentions.timeline.items)
        ),
    )
    mentions = notifications_screen(app)
    assert mentions is not None
    return mentions


def rows(screen: TimelineScreen) -> list[Post]:
    """What the view shows, top to bottom, one `Post` per row."""
    return [
        screen.view.post(str(item["id"]))
        for item in screen.view._items
        if not isinstance(item, Gap)
    ]


def favourited_by_everyone(server: MockServer) -> tuple[Any, Any]:
    """ada's post, favourited by each of FANS in turn, and a mention of ada by grace."""
    ada = server.client("ada")
    post = ada.status_post("The analytical engine weaves algebraic patterns")
    for name, _ in FANS:
        server.client(name).status_favourite(post)
    mention = server.client("grace").status_post("@ada are the cards punched yet?")
    return post, mention


async def test_favourites_of_one_post_by_several_people_are_one_row_naming_them(
    mastodon_mock_server: MockServer,
) -> None:
    post, mention = favourited_by_everyone(mastodon_mock_server)
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        shown = rows(screen)
        assert [row.status_id for row in shown] == [str(mention["id"]), str(post["id"])]
        group = shown[1]
        assert group.context == "★ Linus Pauling, Kay McNulty and 2 others favourited your post"
        assert group.content.plain == "The analytical engine weaves algebraic patterns"
        assert shown[0].context == "@ Grace Hopper mentioned you"
        # The row's id is the newest favourite's notification id: one the server knows.
        newest = mastodon_mock_server.client("ada").notifications(types=["favourite"])[0]
        assert group.key == str(newest["id"])
        assert "and 2 others favourited your post" in view_text(screen.view)

        # Mentions only still works, and back again.
        await pilot.press("m")
        mentions = await mentions_shown(app, pilot)
        assert [row.status_id for row in rows(mentions)] == [str(mention["id"])]
        await pilot.press("m")
        await wait_for(
            pilot,
            lambda: (
                (s := notifications_screen(app)) is not None and s.timeline.name == "notifications"
            ),
        )
        assert len(rows(screen)) == 2


async def test_a_follow_group_lists_who_followed(mastodon_mock_server: MockServer) -> None:
    for name, _ in FANS[1:]:
        ada_id = mastodon_mock_server.client(name).account_lookup("ada")["id"]
        mastodon_mock_server.client(name).account_follow(ada_id)
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        [follows] = rows(screen)
        assert follows.context == "+ Linus Pauling, Kay McNulty and 1 other followed you"
        assert follows.content.plain.splitlines() == [
            "Linus Pauling @linus",
            "Kay McNulty @kay",
            "Alan Turing @alan",
        ]


async def test_a_server_without_grouped_notifications_is_asked_once_then_v1_is_used(
    mastodon_mock_server: MockServer,
) -> None:
    post, mention = favourited_by_everyone(mastodon_mock_server)
    missing = mastodon_mock_server.fault(path="/api/v2/notifications", status=404, count=1000)
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        expected = [str(n["id"]) for n in mastodon_mock_server.client("ada").notifications()]
        assert [str(item["id"]) for item in screen.timeline.statuses] == expected
        assert [row.context for row in rows(screen)][:3] == [
            "@ Grace Hopper mentioned you",
            "★ Linus Pauling favourited your post",
            "★ Kay McNulty favourited your post",
        ]
        assert [row.status_id for row in rows(screen)].count(str(post["id"])) == len(FANS)
        assert remaining(mastodon_mock_server, missing) == 999

        # Refreshing, and the mentions view and back, never ask v2 again.
        await pilot.press(".")
        await wait_for(pilot, lambda: "Up to date" in str(screen.status.render()))
        await pilot.press("m")
        mentions = await mentions_shown(app, pilot)
        assert [row.status_id for row in rows(mentions)] == [str(mention["id"])]
        assert remaining(mastodon_mock_server, missing) == 999


async def test_a_live_notification_the_server_did_not_group_is_a_row_of_its_own(
    mastodon_mock_server: MockServer,
) -> None:
    post, _ = favourited_by_everyone(mastodon_mock_server)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        await wait_for(
            pilot,
            lambda: app.stream_states.get(acct_of(mastodon_mock_server, "ada")) == "live",
        )
        reply = mastodon_mock_server.client("kay").status_post(
            "@ada the engine needs more cards", in_reply_to_id=post["id"]
        )
        # mastodon_mock streams every notification with an "ungrouped-…" key.
        await wait_for(pilot, lambda: rows(screen)[0].status_id == str(reply["id"]))
        shown = rows(screen)
        assert shown[0].context == "@ Kay McNulty mentioned you"
        assert [row.status_id for row in shown].count(str(post["id"])) == 1
        assert any("and 2 others favourited your post" in row.context for row in shown)


async def test_the_read_position_on_a_group_is_a_notification_id_and_is_found_again(
    mastodon_mock_server: MockServer,
) -> None:
    favourited_by_everyone(mastodon_mock_server)
    ada = mastodon_mock_server.client("ada")
    newest_favourite = str(ada.notifications(types=["favourite"])[0]["id"])

    def saved() -> Any:
        return ada.markers_get(["notifications"]).get("notifications", {}).get("last_read_id")

    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        await pilot.press("j")
        assert str(screen.view.selected_item["id"]) == newest_favourite  # type: ignore[index]
        await wait_for(pilot, lambda: saved() == newest_favourite)

    again = make_app(mastodon_mock_server, live=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await wait_for(
            pilot,
            lambda: (
                (screen := notifications_screen(again)) is not None
                and screen.view.selected_item is not None
                and str(screen.view.selected_item["id"]) == newest_favourite  # type: ignore[index]
            ),
        )


async def test_groups_that_cannot_be_read_do_not_hide_the_others(
    mastodon_mock_server: MockServer,
) -> None:
    favourited_by_everyone(mastodon_mock_server)
    answer = httpx.get(
        f"{mastodon_mock_server.base_url}/api/v2/notifications",
        headers={"Authorization": "Bearer ada_token"},
    )
    document = answer.json()
    groups = document["notification_groups"]
    assert [g["type"] for g in groups] == ["mention", "favourite"]
    groups[0]["type"] = None
    groups[1]["status_id"] = "no-such-post"
    groups[1]["sample_account_ids"].append({"not": "an id"})
    groups.append({"group_key": "favourite-0", "type": "favourite"})  # no id: skipped
    for account in document["accounts"]:
        if account["username"] == "linus":
            account["display_name"] = "[@click=app.quit]Linus[/]\x1b]0;pwned\x07"
    served = mastodon_mock_server.fault(
        path="/api/v2/notifications", status=200, body=document, count=1
    )
    with served:
        app = make_app(mastodon_mock_server, live=False)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_view(app, pilot, "2", "notifications")
            assert "1 unreadable entry skipped" in str(screen.status.render())
            shown = rows(screen)
            assert [row.context for row in shown] == [
                "• Grace Hopper notification: unknown",
                "★ [@click=app.quit]Linus[/], Kay McNulty and 2 others favourited your post",
            ]
            assert "[@click=app.quit]Linus[/]" in view_text(screen.view)
            await pilot.press("j", "j", "enter")
            assert app.is_running


async def test_a_refresh_brings_a_group_with_news_once_at_the_top(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    post = ada.status_post("The analytical engine weaves algebraic patterns")
    mention = mastodon_mock_server.client("grace").status_post("@ada are the cards punched yet?")
    for name, _ in FANS[:2]:
        mastodon_mock_server.client(name).status_favourite(post)
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_view(app, pilot, "2", "notifications")
        assert [row.status_id for row in rows(screen)] == [str(post["id"]), str(mention["id"])]
        mastodon_mock_server.client("kay").status_favourite(post)
        await pilot.press(".")
        await wait_for(pilot, lambda: "1 new notification" in str(screen.status.render()))
        shown = rows(screen)
        assert [row.status_id for row in shown] == [str(post["id"]), str(mention["id"])]
        assert shown[0].context.startswith("★ Kay McNulty")
        newest = ada.notifications(types=["favourite"])[0]
        assert shown[0].key == str(newest["id"])
