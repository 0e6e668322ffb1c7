"""The notifications view speaks of notifications, and its `m` key says where it leads."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.screens.timeline import TimelineScreen


def shown_view(app: TuiClientApp, name: str) -> TimelineScreen | None:
    """The screen of timeline `name`, once it is on top and has its first page."""
    screen = app.screen
    if isinstance(screen, TimelineScreen) and screen.timeline.name == name:
        if "loaded" in screen.status.detail:
            return screen
    return None


def m_hint(screen: TimelineScreen) -> str:
    """What the key hints say `m` does here."""
    return screen.active_bindings["m"].binding.description


async def test_notifications_are_counted_as_notifications_and_m_names_the_other_view(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    grace.status_post("@ada one mention, so one notification")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: shown_view(app, "home") is not None)
        home = shown_view(app, "home")
        assert home is not None and "m" not in home.active_bindings
        assert f"{len(home.timeline.statuses)} posts loaded" in home.status.detail

        await pilot.press("2")
        await wait_for(pilot, lambda: shown_view(app, "notifications") is not None)
        everything = shown_view(app, "notifications")
        assert everything is not None
        assert everything.status.detail.startswith("1 notification loaded")
        assert m_hint(everything) == "Mentions only"

        await pilot.press("m")
        await wait_for(pilot, lambda: shown_view(app, "notifications:mentions") is not None)
        mentions = shown_view(app, "notifications:mentions")
        assert mentions is not None
        assert mentions.status.detail.startswith("1 notification loaded")
        assert m_hint(mentions) == "All notifications"

        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen is everything)
        assert m_hint(everything) == "Mentions only"
