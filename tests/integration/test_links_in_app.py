"""Opening a post's links from the keyboard: tracking parameters never reach the browser."""

from __future__ import annotations

import webbrowser

import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.screens.link_picker import LinkPicker
from tuiclient.screens.timeline import TimelineScreen


async def test_o_opens_the_link_without_tracking_parameters(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    grace = mastodon_mock_server.client("grace")
    grace.status_post("Read this https://example.org/story?id=7&utm_source=masto&fbclid=abc")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: screen.view.item_count > 0)
        await pilot.press("o")
        assert isinstance(app.screen, LinkPicker)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(opened))
        assert opened == ["https://example.org/story?id=7"]
        # Back on the timeline, which is still there to read (not closed with the picker).
        await wait_for(pilot, lambda: any("Opened" in n.message for n in app._notifications))
        assert app.screen is screen
        assert screen.view.item_count > 0


async def test_a_post_without_links_says_so(mastodon_mock_server: MockServer) -> None:
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: screen.view.item_count > 0)
        await pilot.press("o")
        assert not isinstance(app.screen, LinkPicker)
        assert any("no links" in n.message for n in app._notifications)
