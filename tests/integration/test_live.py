"""Live updates: posts made elsewhere appear without a key press, and never move the reader."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.wait import wait_for
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.widgets.timeline import TimelineView


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items]


async def test_a_post_by_a_followed_account_arrives_live(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.view
        await wait_for(pilot, lambda: view.item_count >= 40)
        acct = acct_of(mastodon_mock_server, "ada")
        await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
        assert "live" in str(screen.status.render())
        grace.status_post("Live from the mill")
        await wait_for(pilot, lambda: texts(view)[0] == "Live from the mill")


async def test_live_posts_wait_above_a_reader_who_scrolled_down(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.view
        await wait_for(pilot, lambda: view.item_count >= 40)
        await wait_for(
            pilot, lambda: app.stream_states.get(acct_of(mastodon_mock_server, "ada")) == "live"
        )
        await pilot.press(*"jjjjjjjj")
        reading = str(view.selected_item["id"])  # type: ignore[index]
        screen_before = [view.render_line(y).text for y in range(view.size.height)]
        grace.status_post("First live one")
        grace.status_post("Second live one")
        await wait_for(pilot, lambda: texts(view)[:2] == ["Second live one", "First live one"])
        await pilot.pause()
        assert str(view.selected_item["id"]) == reading  # type: ignore[index]
        assert [view.render_line(y).text for y in range(view.size.height)] == screen_before
        assert "2 new" in str(screen.status.render())
        await pilot.press("g")
        assert "new ↑" not in str(screen.status.render())


async def test_a_deleted_post_disappears_live(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    doomed = grace.status_post("About to be deleted")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: texts(screen.view)[:1] == ["About to be deleted"])
        await wait_for(
            pilot, lambda: app.stream_states.get(acct_of(mastodon_mock_server, "ada")) == "live"
        )
        grace.status_delete(doomed)
        await wait_for(pilot, lambda: "About to be deleted" not in texts(screen.view))
