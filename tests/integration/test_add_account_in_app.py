"""Adding an account from inside the app, against mastodon_mock's real OAuth pages."""

from __future__ import annotations

import asyncio
import webbrowser

import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.test_login import code_shown_to, follow_redirect_to_listener
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.screens.add_account import AddAccountScreen
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView


def header(app: TuiClientApp) -> str:
    """The account bar's text, or "" while another screen (the login form) is on top."""
    bars = app.screen.query(AccountBar)
    return str(bars.first().render()) if bars else ""


async def test_pasting_the_code_adds_the_account_and_switches_to_it(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(TimelineView).item_count > 0)
        app.action_add_account()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddAccountScreen)
        screen.open_browser = False
        await pilot.press(*mastodon_mock_server.base_url, "enter")
        await wait_for(pilot, lambda: screen.authorization is not None)
        about = str(screen.query_one("#about").render())
        assert "speaks the Mastodon API" in about
        assert screen.authorization is not None
        url = screen.authorization.url
        assert url in str(screen.query_one("#url").render())
        code = await asyncio.to_thread(code_shown_to, url, "grace")
        await pilot.press(*code, "enter")
        grace = f"@{acct_of(mastodon_mock_server, 'grace')}"
        await wait_for(pilot, lambda: grace in header(app))
        assert [a.acct for a in app.config.accounts] == [
            acct_of(mastodon_mock_server, "ada"),
            acct_of(mastodon_mock_server, "grace"),
        ]
        token = app.secrets.get_token(acct_of(mastodon_mock_server, "grace"))
        assert token and token not in app.config.to_toml()


async def test_the_browser_redirect_finishes_the_login_by_itself(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No browser can run here: record the URL the app opens, then act as the browser.
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(110, 40)) as pilot:
        app.push_screen(
            AddAccountScreen(app.config, app.secrets, open_browser=True), app._account_added
        )
        await pilot.pause()
        await pilot.press(*mastodon_mock_server.base_url, "enter")
        await wait_for(pilot, lambda: bool(opened))
        # The test plays the browser: allow access as grace, follow the redirect home.
        answer = await asyncio.to_thread(follow_redirect_to_listener, opened[0], "grace")
        assert answer.status_code == 200
        grace = f"@{acct_of(mastodon_mock_server, 'grace')}"
        await wait_for(pilot, lambda: grace in header(app))


async def test_a_server_that_is_not_there_gets_a_clear_message(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(110, 40)) as pilot:
        app.action_add_account()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddAccountScreen)
        await pilot.press(*"http://127.0.0.1:9", "enter")
        await wait_for(pilot, lambda: bool(str(screen.query_one("#problem").render())))
        assert "Traceback" not in str(screen.query_one("#problem").render())
        await pilot.press("escape")
        assert len(app.config.accounts) == 1
