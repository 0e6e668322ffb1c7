"""A change made in one view shows in every other view of the account, on screen or not."""

from __future__ import annotations

from typing import Any

import pytest
from mastodon_mock.config import (
    MastodonMockConfig,
    SeedStatus,
)
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot

from tests.integration.conftest import acct_of, community, make_app
from tests.integration.faults import notifications, status_text, view_text
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.filters import FilterRule
from tuiclient.screens.profile import ProfileScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap, by_account
from tuiclient.widgets.timeline import TimelineView

GRACE_POSTS = 20
"""One page holds them all (and alan's), so Home is loaded to its end."""


@pytest.fixture
def mastodon_mock_config() -> MastodonMockConfig:
    """ada follows grace and alan; kay posts only to Local. Alan's posts are the oldest."""
    return community(
        [
            ("ada", "Ada Lovelace"),
            ("grace", "Grace Hopper"),
            ("alan", "Alan Turing"),
            ("kay", "Kay McNulty"),
        ],
        follows=[("ada", "grace"), ("ada", "alan")],
        statuses=[SeedStatus(account="alan", text=f"Alan on engines {n}") for n in (1, 2, 3)]
        + [SeedStatus(account="grace", text=f"Post number {n}") for n in range(1, GRACE_POSTS + 1)],
    )


def current(app: TuiClientApp) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items if not isinstance(i, Gap)]


async def open_view(pilot: Pilot[Any], app: TuiClientApp, key: str, name: str) -> TimelineScreen:
    """Press `key` and wait until the view `name` is on screen with its first page."""
    await pilot.press(key)
    await wait_for(pilot, lambda: current(app).timeline.name == name)
    screen = current(app)
    await wait_for(pilot, lambda: not screen._busy and screen.timeline.reached_end)
    return screen


async def select_text(pilot: Pilot[Any], view: TimelineView, text: str) -> None:
    """Move the selection down to the post that says `text`, as a reader would."""
    await pilot.press("g", *["j"] * texts(view).index(text))
    assert view.post(str(view.selected_item["id"])).content.plain == text  # type: ignore[index]


async def test_a_favourite_made_in_a_thread_shows_at_home(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await open_view(pilot, app, "1", "home")
        first = str(home.view.selected_item["id"])  # type: ignore[index]
        assert "★" not in view_text(home.view)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.loaded)
        thread = app.screen
        assert isinstance(thread, ThreadScreen)
        await pilot.press("f")
        await wait_for(pilot, lambda: not thread.toggles_pending)
        assert ada.status(first)["favourited"] is True
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is home)
        await pilot.pause()
        # The session's copy, the view's copy and what is drawn all show the favourite.
        assert home.session.timeline("home").statuses[0]["favourited"] is True
        assert home.view.post(first).favourited
        assert "★" in view_text(home.view)
        assert "★" in app.export_screenshot()
        # Undone in another view while Home is not shown: Home is drawn without it.
        local = await open_view(pilot, app, "3", "local")
        assert str(local.view.selected_item["id"]) == first  # type: ignore[index]
        await pilot.press("f")
        await wait_for(pilot, lambda: not local.toggles_pending)
        await pilot.press("1")
        await wait_for(pilot, lambda: app.screen is home)
        await pilot.pause()
        assert home.session.timeline("home").statuses[0]["favourited"] is False
        assert "★" not in view_text(home.view)
        assert "★" not in app.export_screenshot()


async def test_a_favourite_made_in_a_profile_shows_there_at_once(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await open_view(pilot, app, "1", "home")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        profile = current(app)
        await wait_for(pilot, lambda: profile.view.item_count > 0 and not profile._busy)
        await pilot.press("f")
        key = str(profile.view.selected_item["id"])  # type: ignore[index]
        assert profile.view.post(key).favourited
        await wait_for(pilot, lambda: not profile.toggles_pending)
        await pilot.pause()
        assert "★" in view_text(profile.view)
        assert home.view.post(key).favourited


@pytest.mark.parametrize(
    ("key", "name", "toggle", "mark", "empty"),
    [
        ("5", "bookmarks", "B", "status_bookmark", "No bookmarks yet."),
        ("6", "favourites", "f", "status_favourite", "No favourites yet."),
    ],
)
async def test_a_post_unmarked_in_its_list_leaves_the_list_at_once(
    mastodon_mock_server: MockServer, key: str, name: str, toggle: str, mark: str, empty: str
) -> None:
    ada = mastodon_mock_server.client("ada")
    older, newer = ada.timeline_home(limit=2)[::-1]
    for status in (older, newer):
        getattr(ada, mark)(status["id"])
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_view(pilot, app, "1", "home")
        marked = await open_view(pilot, app, key, name)
        assert marked.view.item_count == 2
        gone = str(marked.view.selected_item["id"])  # type: ignore[index]
        await pilot.press(toggle)
        # Gone at once (before the server answers), from the view and the session alike.
        assert marked.view.item_count == 1
        assert gone not in [str(s["id"]) for s in marked.session.timeline(name).statuses]
        await wait_for(pilot, lambda: not marked.toggles_pending)
        await pilot.press(".")
        await wait_for(pilot, lambda: "Up to date" in status_text(app))
        assert marked.view.item_count == 1
        # The last one goes too: the view says what it is empty of.
        await pilot.press(toggle)
        await wait_for(pilot, lambda: not marked.toggles_pending)
        assert marked.view.item_count == 0
        await pilot.pause()
        assert empty in view_text(marked.view)
        assert "End of the timeline." not in view_text(marked.view)


async def test_a_refused_unbookmark_puts_the_post_back_in_bookmarks(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    kept = ada.timeline_home(limit=1)[0]
    ada.status_bookmark(kept["id"])
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        bookmarks = await open_view(pilot, app, "5", "bookmarks")
        assert bookmarks.view.item_count == 1
        with mastodon_mock_server.fault(
            path=f"/api/v1/statuses/{kept['id']}/unbookmark", methods=["POST"], status=500, count=1
        ):
            await pilot.press("B")
            await wait_for(
                pilot,
                lambda: any("Could not undo the bookmark" in n.message for n in notifications(app)),
            )
        # Taken out at once, it is back as soon as the list is loaded again.
        await wait_for(pilot, lambda: bookmarks.view.item_count == 1)
        assert bookmarks.view.post(str(kept["id"])).bookmarked
        assert [str(s["id"]) for s in ada.bookmarks()] == [str(kept["id"])]


async def test_empty_bookmarks_and_favourites_say_so_and_do_not_claim_to_be_live(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        acct = acct_of(mastodon_mock_server, "ada")
        await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
        assert "live" in status_text(app)
        for key, name, empty in (
            ("5", "bookmarks", "No bookmarks yet."),
            ("6", "favourites", "No favourites yet."),
        ):
            view = (await open_view(pilot, app, key, name)).view
            await pilot.pause()
            assert empty in view_text(view)
            assert "End of the timeline." not in view_text(view)
            assert empty in status_text(app)
            assert "live" not in status_text(app)


async def test_muting_an_account_from_its_profile_takes_its_posts_out_of_home(
    mastodon_mock_server: MockServer,
) -> None:
    alan = mastodon_mock_server.client("alan")
    alan.status_post("@ada have you seen the engine?")
    grace = mastodon_mock_server.client("grace")
    boosted = next(s for s in alan.account_statuses(alan.me()["id"]) if "engines 2" in s.content)
    grace.status_reblog(boosted["id"])
    alan_id = str(alan.me()["id"])
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_view(pilot, app, "2", "notifications")
        home = await open_view(pilot, app, "1", "home")
        session = home.session
        assert any(by_account(i, alan_id) for i in session.timeline("notifications").items)
        assert sum(by_account(i, alan_id) for i in session.timeline("home").items) == 4
        await select_text(pilot, home.view, "Alan on engines 3")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        profile = app.screen
        assert isinstance(profile, ProfileScreen)
        await wait_for(pilot, lambda: profile.relationship is not None)
        await pilot.press("M")
        await pilot.press("y")
        await wait_for(pilot, lambda: "You muted" in status_text(app))
        for name in ("home", "notifications"):
            assert not any(by_account(i, alan_id) for i in session.timeline(name).items), name
        # Grace's boost of his post went with it; grace's own posts stay.
        assert len(session.timeline("home").statuses) == GRACE_POSTS
        # His profile still lists his posts.
        assert profile.view.item_count > 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is home)
        assert not any("Alan" in text or "engine" in text for text in texts(home.view))
        # The selection was on his newest post: none of his posts below it stays, so it is
        # on the nearest post above.
        assert texts(home.view)[home.view.selected] == "Post number 1"
        await pilot.press(".")
        await wait_for(pilot, lambda: "Up to date" in status_text(app))
        # mastodon_mock (like some servers) still sends them: they stay out all the same.
        assert not any("Alan" in text or "engine" in text for text in texts(home.view))


async def test_a_filter_hiding_the_selected_post_selects_the_next_one_below(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await open_view(pilot, app, "1", "home")
        await select_text(pilot, home.view, "Post number 15")
        app._filters_changed(
            [
                FilterRule(
                    id=f"r{n}", name=f"no {n}", kind="keyword", value=f"number {n}", action="hide"
                )
                for n in (17, 15)
            ]
        )
        await pilot.pause()
        assert "Post number 15" not in texts(home.view)
        assert "Post number 17" not in texts(home.view)
        selected = home.view.selected_item
        assert home.view.post(str(selected["id"])).content.plain == "Post number 14"  # type: ignore[index]


async def test_a_view_not_on_screen_counts_new_posts_without_a_toast(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_view(pilot, app, "1", "home")
        local = await open_view(pilot, app, "3", "local")
        home = await open_view(pilot, app, "1", "home")
        mastodon_mock_server.client("kay").status_post("Only on Local")
        local._poll()  # its refresh timer, while Home is on screen
        await wait_for(pilot, lambda: local.unseen == 1)
        assert texts(local.view)[0] == "Only on Local"
        assert not any("new post" in n.message for n in notifications(app))
        assert "Only on Local" not in texts(home.view)
        # Shown again, it says what is new until the reader has seen it.
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen is local)
        assert "1 new" in status_text(app)
        await pilot.press("k")
        assert local.view.selected == 0
        assert "new" not in status_text(app)
        # On screen, a refresh that brings posts says so in a toast.
        mastodon_mock_server.client("kay").status_post("Second on Local")
        await pilot.press(".")
        await wait_for(pilot, lambda: any("1 new post" in n.message for n in notifications(app)))
