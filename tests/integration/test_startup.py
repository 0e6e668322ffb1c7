"""Starting: the timeline is drawn at once, the keyring is read in a worker, and an account
without a token is explained instead of shown."""

from __future__ import annotations

import threading

from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.integration.conftest import acct_of, make_app
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig, Config
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.screens.welcome import WelcomeScreen
from tuiclient.secrets import MemoryKeyring, SecretStore


class ThreadNotingKeyring(MemoryKeyring):
    """Remembers whether each read ran on the main (event-loop) thread."""

    def __init__(self) -> None:
        super().__init__()
        self.reads_on_main_thread: list[bool] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.reads_on_main_thread.append(threading.current_thread() is threading.main_thread())
        return super().get_password(service, username)


async def test_the_token_is_read_off_the_event_loop(mastodon_mock_server: MockServer) -> None:
    keyring = ThreadNotingKeyring()
    app = make_app(mastodon_mock_server)
    acct = acct_of(mastodon_mock_server, "ada")
    keyring.set_password("tuiclient", f"token:{acct}", "ada_token")
    app._secrets = SecretStore(keyring)
    async with app.run_test(size=(100, 30)) as pilot:
        # The timeline screen is up before the token is known; its first page follows.
        assert isinstance(app.screen, TimelineScreen)
        await wait_for(pilot, lambda: app.screen.view.item_count >= 40)
        assert keyring.reads_on_main_thread == [False]


async def test_an_account_without_a_token_is_explained(mastodon_mock_server: MockServer) -> None:
    acct = acct_of(mastodon_mock_server, "ada")
    config = Config(
        default_account=acct,
        refresh_seconds=0,
        accounts=[AccountConfig(acct=acct, server=mastodon_mock_server.base_url)],
    )
    app = TuiClientApp(config, SecretStore(MemoryKeyring()), save_config=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, WelcomeScreen) and bool(app.screen.query(Static))
        )
        text = str(app.screen.query_one(Static).render())
        assert f"No login token for {acct}" in text
        assert acct not in app.sessions
        await pilot.pause()
        assert not app.is_screen_installed(f"view:{acct}:home")
