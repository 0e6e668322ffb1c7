"""`TuiClientApp`: loads config, themes and the account, then shows its home timeline.

Kept thin: each screen lives in its own module under `screens/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuiclient import __version__, locations, logs
from tuiclient import config as config_module
from tuiclient.config import Config
from tuiclient.screens.account_switcher import ADD_ACCOUNT, AccountSwitcher
from tuiclient.screens.add_account import AddAccountScreen
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
        Binding("a", "switch_account", "Account", id="app.switch_account"),
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
        self._screens: dict[str, TimelineScreen] = {}
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
        screen = self._first_screen()
        if isinstance(screen, TimelineScreen):
            self.install_screen(screen, f"account:{self.account_name}")
        self.push_screen(screen)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands, plus switching accounts."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add account", "Log in to a server in the app", self.action_add_account)
        if len(self.config.accounts) > 1:
            yield SystemCommand(
                "Switch account", "Read and post as another account", self.action_switch_account
            )

    def action_switch_account(self) -> None:
        """Ask which account to use, then show its home timeline as it was left."""
        if not self.config.accounts:
            self.action_add_account()
            return
        if isinstance(self.screen, AccountSwitcher):
            return
        self.push_screen(AccountSwitcher(self.config.accounts, self.account_name), self._switch_to)

    def action_add_account(self) -> None:
        """Log in to another account, then switch to it."""
        if not isinstance(self.screen, AddAccountScreen):
            self.push_screen(AddAccountScreen(self.config, self.secrets), self._account_added)

    def _account_added(self, acct: str | None) -> None:
        if acct is None:
            return
        if self.save_config:
            try:
                config_module.save(self.config)
            except OSError as error:
                self.notify(f"Could not save the config: {error}", severity="error")
        self.notify(f"Added @{acct}", timeout=3)
        self._switch_to(acct)

    def _switch_to(self, acct: str | None) -> None:
        if acct == ADD_ACCOUNT:
            self.action_add_account()
            return
        if acct is None or acct == self.account_name:
            return
        self.account_name = acct
        screen = self._first_screen()
        if isinstance(screen, TimelineScreen):
            name = f"account:{acct}"
            if not self.is_screen_installed(name):
                # Installed screens survive being switched away from.
                self.install_screen(screen, name)
            self.switch_screen(name)
        else:
            self.switch_screen(screen)
        self.notify(f"Now reading and posting as @{acct}", timeout=3)

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
        if token:
            logs.REDACTOR.add(token)
        else:
            return WelcomeScreen(f"No login token for {account.acct} in the keyring: log in again.")
        if account.acct in self._screens:
            # Each account keeps its timelines, selection and scroll for the session.
            return self._screens[account.acct]
        session = self.sessions.setdefault(account.acct, AccountSession(account, token))
        screen = self._screens[account.acct] = self._timeline_screen(session, session)
        return screen

    def _timeline_screen(self, session: AccountSession, source: TimelineSource) -> TimelineScreen:
        return TimelineScreen(
            session.account,
            source,
            session.timeline("home"),
            refresh_seconds=self.config.refresh_seconds,
            clock=self.clock,
            session=session,
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
