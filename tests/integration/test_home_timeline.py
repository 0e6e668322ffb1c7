"""The home timeline in the real app, against mastodon_mock over real HTTP."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import SEEDED_POSTS, make_app
from tests.integration.wait import wait_for
from tuiclient.timeline import Gap, id_key
from tuiclient.widgets.timeline import TimelineView


def post_texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items if not isinstance(i, Gap)]


async def test_home_timeline_shows_the_servers_posts_newest_first(
    mastodon_mock_server: MockServer,
) -> None:
    server_page = mastodon_mock_server.client("ada").timeline_home(limit=40)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        shown = [str(i["id"]) for i in view._items[:40]]
        assert shown == [str(s["id"]) for s in server_page]
        assert post_texts(view)[0] == f"Post number {SEEDED_POSTS}"
        assert "Post number" in view.render_line(0).text + view.render_line(1).text


async def test_moving_down_loads_every_older_post_once_in_order(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        for _ in range(SEEDED_POSTS + 5):
            await pilot.press("j")
        await wait_for(pilot, lambda: app.screen.timeline.reached_end)
        ids = [str(i["id"]) for i in view._items]
        assert len(ids) == SEEDED_POSTS == len(set(ids))
        assert ids == sorted(ids, key=id_key, reverse=True)
        assert post_texts(view)[-1] == "Post number 1"
        # The selection follows the keys to the oldest post, and the screen shows it.
        await wait_for(pilot, lambda: view.selected == SEEDED_POSTS - 1)
        await pilot.press("j")
        await pilot.pause()
        screen_text = "".join(view.render_line(y).text for y in range(view.size.height))
        assert "Post number 1" in screen_text
        assert "End of the timeline." in screen_text


async def test_refresh_puts_new_posts_on_top_without_moving_the_reader(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        await pilot.press("j", "j", "j")
        selected_before = str(view.selected_item["id"])  # type: ignore[index]
        grace.status_post("Fresh off the press")
        await pilot.press(".")
        await wait_for(pilot, lambda: post_texts(view)[0] == "Fresh off the press")
        assert str(view.selected_item["id"]) == selected_before  # type: ignore[index]


async def test_more_than_a_page_of_new_posts_leaves_a_gap_that_enter_fills(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    # Without live updates (a dropped stream, a server without one) posts pile up unseen.
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        for n in range(45):
            grace.status_post(f"Burst {n}")
        await pilot.press(".")
        await wait_for(pilot, lambda: any(isinstance(i, Gap) for i in view._items))
        gap_index = next(n for n, i in enumerate(view._items) if isinstance(i, Gap))
        # The 40 newest burst posts are above the gap; burst 0-4 are missing.
        assert post_texts(view)[:40] == [f"Burst {n}" for n in range(44, 4, -1)]
        await pilot.press("g")
        for _ in range(gap_index):
            await pilot.press("j")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not any(isinstance(i, Gap) for i in view._items))
        texts = post_texts(view)
        assert texts[:45] == [f"Burst {n}" for n in range(44, -1, -1)]
        assert texts[45] == f"Post number {SEEDED_POSTS}"


async def test_a_failing_server_is_reported_and_the_app_keeps_working(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    with mastodon_mock_server.fault(path="/api/v1/timelines/home", status=503, count=1):
        async with app.run_test(size=(100, 30)) as pilot:
            status = app.screen.query_one("#status")
            await wait_for(pilot, lambda: "Could not load" in str(status.render()))
            assert "503" in str(status.render())
            await pilot.press(".")
            view = app.screen.query_one(TimelineView)
            await wait_for(pilot, lambda: view.item_count >= 40)
