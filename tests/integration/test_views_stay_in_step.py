"""An action in one view shows in every other view of the account, never an old state."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.screens.timeline import TimelineScreen


def current(app: object) -> TimelineScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TimelineScreen)
    return screen


async def test_a_bookmark_made_at_home_shows_in_bookmarks_and_its_removal_back_home(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        home = current(app)
        await wait_for(pilot, lambda: home.view.item_count > 0)
        first = str(home.view.selected_item["id"])  # type: ignore[index]
        await pilot.press("5")
        await wait_for(pilot, lambda: current(app).timeline.name == "bookmarks")
        await pilot.press("1")
        await wait_for(pilot, lambda: current(app) is home)
        await pilot.press("B")
        await wait_for(pilot, lambda: [str(s["id"]) for s in ada.bookmarks()] == [first])
        # The bookmarks view, opened before, shows the new bookmark when shown again.
        await pilot.press("5")
        bookmarks = current(app)
        await wait_for(
            pilot, lambda: bookmarks.timeline.name == "bookmarks" and bookmarks.view.item_count == 1
        )
        await pilot.press("B")
        await wait_for(pilot, lambda: list(ada.bookmarks()) == [])
        await pilot.press("1")
        await wait_for(pilot, lambda: current(app) is home)
        await wait_for(pilot, lambda: not home.view.post(first).bookmarked)
        # So B at home bookmarks again, instead of "removing" a bookmark that is gone.
        await pilot.press("B")
        await wait_for(pilot, lambda: [str(s["id"]) for s in ada.bookmarks()] == [first])
