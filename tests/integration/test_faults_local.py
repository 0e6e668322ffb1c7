"""Faults on this machine: a keyring that locks, a config file that is garbage, a full disk,
and an error nothing else caught."""

from __future__ import annotations

import errno
import logging
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import TextArea

from tests.integration.conftest import acct_of, make_app
from tests.integration.faults import FAST, notifications, status_text
from tests.integration.posting import composer_closed, drafts, open_composer, timeline_loaded
from tests.integration.wait import wait_for
from tuiclient import config as config_module
from tuiclient import locations, logs
from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig, Config
from tuiclient.screens.compose import ComposeScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.screens.welcome import WelcomeScreen
from tuiclient.secrets import MemoryKeyring, SecretStore
from tuiclient.widgets.timeline import TimelineView


class LockingKeyring(MemoryKeyring):
    """A keyring the test can lock, as a desktop session does when the screen locks."""

    locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")
        return super().get_password(service, username)


async def test_a_keyring_locked_mid_session_is_explained_and_the_open_account_keeps_working(
    mastodon_mock_server: MockServer,
) -> None:
    backend = LockingKeyring()
    secrets = SecretStore(backend)
    accounts = []
    for username in ("ada", "grace"):
        acct = acct_of(mastodon_mock_server, username)
        secrets.set_token(acct, f"{username}_token")
        accounts.append(
            AccountConfig(acct=acct, server=mastodon_mock_server.base_url, display_name=username)
        )
    config = Config(default_account=accounts[0].acct, refresh_seconds=0, accounts=accounts)
    app = TuiClientApp(config, secrets, save_config=False, live=False, patience=FAST)
    async with app.run_test(size=(110, 30)) as pilot:
        ada_screen = app.screen
        assert isinstance(ada_screen, TimelineScreen)
        await wait_for(pilot, lambda: ada_screen.view.item_count >= 40)
        backend.locked = True
        await pilot.press("a", "down", "enter")  # grace's token has not been read yet
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, WelcomeScreen) and bool(app.screen.query("Static")),
        )
        said = str(app.screen.query_one("Static").render())
        assert "keyring is locked" in said and "No usable keyring" in said
        await pilot.press("a", "up", "enter")  # ada's token is in memory: she reads on
        await wait_for(pilot, lambda: app.screen is ada_screen)
        mastodon_mock_server.client("grace").status_post("Read with the keyring locked")
        await pilot.press(".")
        await wait_for(
            pilot,
            lambda: (
                ada_screen.view.post(str(ada_screen.view._items[0]["id"])).content.plain
                == "Read with the keyring locked"
            ),
        )


@pytest.mark.parametrize(
    ("garbage", "said"),
    [
        (b'theme = "unterminated\n[[accounts]\n', "is not valid TOML"),
        (b"\xff\xfe\x00binary\x00garbage\x80", "is not text"),
    ],
)
async def test_a_corrupt_config_is_kept_aside_and_the_app_says_so(
    garbage: bytes, said: str
) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage)
    config = config_module.load()
    app = TuiClientApp(config, SecretStore(MemoryKeyring()), save_config=True)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        [message] = [n.message for n in notifications(app) if said in n.message]
        assert "config.toml.broken" in message and "using the defaults" in message
    assert path.with_name("config.toml.broken").read_bytes() == garbage


async def test_a_full_disk_when_saving_a_draft_is_said_loudly_and_loses_nothing(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = locations.write_private_file
    disk_full = True

    def write(path: Path, text: str, *args: Any, **kwargs: Any) -> Any:
        if disk_full:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, text, *args, **kwargs)

    monkeypatch.setattr(locations, "write_private_file", write)
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(110, 30)) as pilot:
        await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app)
        await pilot.press(*"Words the disk has no room for")
        await pilot.press("escape")
        await pilot.pause()
        # Not closed: closing would lose the text. Said in the composer and as a toast.
        assert app.screen is composer
        assert "No space left on device" in status_text(app)
        assert any(
            n.title == "Draft NOT saved" and n.severity == "error" for n in notifications(app)
        )
        assert composer.query_one("#text", TextArea).text == "Words the disk has no room for"
        disk_full = False  # the user frees some space
        await pilot.press("escape")
        await composer_closed(pilot, app)
        assert not isinstance(app.screen, ComposeScreen)
    assert [d.text for d in drafts(mastodon_mock_server)] == ["Words the disk has no room for"]


async def test_an_unexpected_error_is_logged_redacted_and_shown_as_a_short_note(
    mastodon_mock_server: MockServer, capfd: pytest.CaptureFixture[str]
) -> None:
    log_file = logs.setup()
    logs.REDACTOR.add("ada_token")
    app = make_app(mastodon_mock_server, live=False, patience=FAST)

    def broken() -> None:
        raise RuntimeError("the token ada_token leaked into an error")

    try:
        with pytest.raises(RuntimeError):  # Pilot raises it again: bugs stay visible in tests
            async with app.run_test(size=(100, 30)) as pilot:
                await wait_for(pilot, lambda: app.screen.query_one(TimelineView).item_count > 0)
                app.call_later(broken)
                await pilot.pause()
    finally:
        logging.getLogger(logs.LOGGER_NAME).handlers.clear()
    logged = log_file.read_text()
    assert "unexpected error, tuiclient closes: RuntimeError" in logged
    assert "Traceback" in logged and "ada_token" not in logged and "***" in logged
    # What the terminal shows after the app closed: one short note, no traceback.
    shown = " ".join(capfd.readouterr().err.split())
    assert "tuiclient stopped after an unexpected error (RuntimeError)" in shown
    assert "Your drafts are kept" in shown and "tuiclient.log" in shown
    assert "Traceback" not in shown and "ada_token" not in shown
