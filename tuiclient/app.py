"""`TuiClientApp`: loads config, themes and the account, then shows its home timeline.

Kept thin: each screen lives in its own module under `screens/`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tuiclient import __version__, locations
from tuiclient import config as config_module
from tuiclient.config import Config
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.screens.welcome import WelcomeScreen
from tuiclient.secrets import KeyringUnavailable, SecretStore
from tuiclient.session import AccountSession, TimelineSource
from tuiclient.theming import load_themes, shipped_themes_dir


class TuiClientApp(App[None]):
    """The terminal client."""

    TITLE = "tuiclient"
    SUB_TITLE = __version__
    CSS_PATH = "tuiclient.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        config: Config,
        secrets: SecretStore,
        *,
        account: str | None = None,
        source: TimelineSource | None = None,
        save_config: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.secrets = secrets
        self.account_name = account or config.default_account
        self.source_override = source
        self.save_config = save_config
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.sessions: dict[str, AccountSession] = {}
        self._theme_problems: list[str] = []
        self._load_themes()
        if config.keymap:
            self.set_keymap(config.keymap)

    def _load_themes(self) -> None:
        loaded = load_themes(shipped_themes_dir(), locations.user_themes_dir())
        for theme in loaded.themes:
            self.register_theme(theme)
        self._theme_problems = loaded.problems
        wanted = self.config.theme
        self.theme = wanted if wanted in self.available_themes else config_module.DEFAULT_THEME

    def on_mount(self) -> None:
        """Open the chosen account's home timeline, or explain what is missing."""
        for problem in self._theme_problems:
            self.notify(f"Theme skipped: {problem}", severity="warning", timeout=8)
        if self.config.load_error:
            self.notify(self.config.load_error, severity="warning", timeout=10)
        if self.config.theme not in self.available_themes:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using the default.", severity="warning"
            )
        self.push_screen(self._first_screen())

    def _first_screen(self) -> TimelineScreen | WelcomeScreen:
        if self.source_override is not None:
            fixed = self.config.account(self.account_name) or self.config.accounts[0]
            return self._timeline_screen(AccountSession(fixed, ""), self.source_override)
        if not self.config.accounts:
            return WelcomeScreen("No account is set up yet.")
        account = self.config.account(self.account_name)
        if account is None:
            return WelcomeScreen(f"There is no account called {self.account_name!r} in the config.")
        try:
            token = self.secrets.get_token(account.acct)
        except KeyringUnavailable as error:
            return WelcomeScreen(str(error))
        if not token:
            return WelcomeScreen(f"No login token for {account.acct} in the keyring: log in again.")
        session = self.sessions.setdefault(account.acct, AccountSession(account, token))
        return self._timeline_screen(session, session)

    def _timeline_screen(self, session: AccountSession, source: TimelineSource) -> TimelineScreen:
        return TimelineScreen(
            session.account,
            source,
            session.timeline("home"),
            refresh_seconds=self.config.refresh_seconds,
            clock=self.clock,
        )

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme in the config file."""
        if theme != self.config.theme and theme in self.available_themes:
            self.config.theme = theme
            if self.save_config:
                try:
                    config_module.save(self.config)
                except OSError as error:
                    self.notify(f"Could not save the config: {error}", severity="error")
