"""`TuiClientApp`: loads config, themes and the account, then shows its home timeline.

Kept thin: each screen lives in its own module under `screens/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuiclient import __version__, locations, logs
from tuiclient import config as config_module
from tuiclient.api.errors import ApiError
from tuiclient.api.lists import user_lists
from tuiclient.api.streaming import UserStream
from tuiclient.config import Config
from tuiclient.filters import Decision, FilterEngine, FilterRule, rules_from_config, rules_to_config
from tuiclient.screens.about import AboutScreen
from tuiclient.screens.account_switcher import ADD_ACCOUNT, AccountSwitcher
from tuiclient.screens.add_account import AddAccountScreen
from tuiclient.screens.filters import FilterScreen
from tuiclient.screens.pickers import ChoiceScreen, PromptScreen
from tuiclient.screens.post_actions import PostActions
from tuiclient.screens.profile import ProfileScreen
from tuiclient.screens.search import SearchScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.screens.welcome import WelcomeScreen
from tuiclient.secrets import KeyringUnavailable, SecretStore
from tuiclient.session import AccountSession, TimelineSource
from tuiclient.theming import DARK_VARIABLES, load_themes, shipped_themes_dir

VIEW_COMMANDS = [
    ("1", "home", "Home"),
    ("2", "notifications", "Notifications"),
    ("3", "local", "Local"),
    ("4", "federated", "Federated"),
    ("5", "bookmarks", "Bookmarks"),
    ("6", "favourites", "Favourites"),
    ("", "direct", "Direct messages"),
]
"""The views the palette offers, with their keys."""


class TuiClientApp(App[None]):
    """The terminal client."""

    TITLE = "tuiclient"
    SUB_TITLE = __version__
    CSS_PATH = "tuiclient.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("a", "switch_account", "Account", id="app.switch_account"),
        Binding("ctrl+f", "filters", "Filters", show=False, id="app.filters"),
        Binding("i", "about", "About server", show=False, id="app.about"),
        Binding("1", "open_view('home')", "Home", show=False, id="app.view.home"),
        Binding(
            "2",
            "open_view('notifications')",
            "Notifications",
            show=False,
            id="app.view.notifications",
        ),
        Binding("3", "open_view('local')", "Local", show=False, id="app.view.local"),
        Binding("4", "open_view('federated')", "Federated", show=False, id="app.view.federated"),
        Binding("5", "open_view('bookmarks')", "Bookmarks", show=False, id="app.view.bookmarks"),
        Binding("6", "open_view('favourites')", "Favourites", show=False, id="app.view.favourites"),
        Binding("7", "pick_list", "Lists", show=False, id="app.view.lists"),
        Binding("number_sign", "open_hashtag", "Hashtag", show=False, id="app.view.hashtag"),
        Binding("slash", "search", "Search", show=False, id="app.search"),
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
        live: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.secrets = secrets
        self.account_name = account or config.default_account
        self.source_override = source
        self.save_config = save_config
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.sessions: dict[str, AccountSession] = {}
        self._last_view: dict[str, str] = {}
        self._filter_engines: dict[str, FilterEngine] = {}
        self.live = live
        """Follow each account's streaming API (off: refresh and the timer only)."""
        self._streams: dict[str, UserStream] = {}
        self.stream_states: dict[str, str] = {}
        """Each account's live connection: `live`, `retrying in 4s`, `unavailable: …`."""
        self._theme_problems: list[str] = []
        self._load_themes()
        if config.keymap:
            self.set_keymap(config.keymap)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """tuiclient's own colour variables, for themes that do not define them (built-ins)."""
        return {**super().get_theme_variable_defaults(), **DARK_VARIABLES}

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
        self.open_view("home")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette's commands, plus switching accounts."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add account", "Log in to a server in the app", self.action_add_account)
        yield SystemCommand(
            "Filters (ctrl+f)", "Hide or collapse posts by your own rules", self.action_filters
        )
        yield SystemCommand(
            "About this server (i)",
            "Its rules, privacy policy and terms; what tuiclient stores",
            self.action_about,
        )
        if isinstance(screen, PostActions):
            yield from screen.post_commands()
        for key, view, title in VIEW_COMMANDS:
            label = f"{title} ({key})" if key else title
            yield SystemCommand(
                label, f"Open the {title.lower()} view", partial(self.open_view, view)
            )
        yield SystemCommand(
            "Hashtag… (#)", "Open the timeline of a hashtag", self.action_open_hashtag
        )
        yield SystemCommand("Lists… (7)", "Open one of your lists", self.action_pick_list)
        yield SystemCommand("Search… (/)", "Find accounts, hashtags and posts", self.action_search)
        if isinstance(screen, TimelineScreen | ThreadScreen):
            yield SystemCommand(
                "Thread (enter)", "Open the selected post's thread", screen.view.action_open
            )
            yield SystemCommand(
                "Profile (u)",
                "Open the profile of the selected post's author",
                screen.action_profile,
            )
        if isinstance(screen, ProfileScreen):
            yield from screen.relationship_commands()
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
        self.open_view(self._last_view.get(acct, "home"))
        self.notify(f"Now reading and posting as @{acct}", timeout=3)

    # -- views: one installed screen per account and view, kept for the session --

    def open_view(self, view: str) -> None:
        """Show `view` (`home`, `local`, `tag:NAME`, ...) of the active account.

        Each account and view keeps its screen (posts, selection, scroll) for the
        whole session; nothing of one account is ever shown under another.
        """
        session = self._session(self.account_name)
        if isinstance(session, str):
            self._show(WelcomeScreen(session))
            return
        name = f"view:{session.acct}:{view}"
        if not self.is_screen_installed(name):
            self.install_screen(self._make_view(session, view), name)
        self._last_view[session.acct] = view
        self._show(name)

    def _show(self, screen: Screen[Any] | str) -> None:
        # Threads, profiles and searches open above a view; going to a view leaves them.
        while isinstance(self.screen, ThreadScreen | ProfileScreen | SearchScreen):
            self.pop_screen()
        if len(self.screen_stack) <= 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def _session(self, acct: str) -> AccountSession | str:
        """The account's session, or why it cannot be opened."""
        if acct in self.sessions:
            return self.sessions[acct]
        if self.source_override is not None:
            fixed = self.config.account(acct) or self.config.accounts[0]
            return self.sessions.setdefault(fixed.acct, AccountSession(fixed, ""))
        if not self.config.accounts:
            return "No account is set up yet."
        account = self.config.account(acct)
        if account is None:
            return f"There is no account called {acct!r} in the config."
        try:
            token = self.secrets.get_token(account.acct)
        except KeyringUnavailable as error:
            return str(error)
        if not token:
            return f"No login token for {account.acct} in the keyring: log in again."
        logs.REDACTOR.add(token)
        session = self.sessions[account.acct] = AccountSession(account, token)
        if self.live:
            self._start_stream(session, token)
        return session

    # -- live updates ----------------------------------------------------------

    def _start_stream(self, session: AccountSession, token: str) -> None:
        acct = session.acct

        def deliver(event: str, payload: Any) -> None:
            try:
                self.call_from_thread(self._live_event, acct, event, payload)
            except RuntimeError:  # the app is closing: nobody to tell
                pass

        def state(text: str) -> None:
            try:
                self.call_from_thread(self._stream_state, acct, text)
            except RuntimeError:
                pass

        self._streams[acct] = UserStream(
            session.account.server, token, deliver, state, user_agent=f"tuiclient/{__version__}"
        ).start()

    def _views_of(self, acct: str) -> Iterable[TimelineScreen]:
        for name, screen in list(self._installed_screens.items()):
            if name.startswith(f"view:{acct}:") and isinstance(screen, TimelineScreen):
                yield screen

    def _live_event(self, acct: str, event: str, payload: Any) -> None:
        session = self.sessions.get(acct)
        if session is None:
            return
        changed = session.apply_event(event, payload)
        for screen in self._views_of(acct):
            if screen.timeline.name in changed:
                screen.timeline_changed(live=True)

    def _stream_state(self, acct: str, text: str) -> None:
        self.stream_states[acct] = text
        for screen in self._views_of(acct):
            screen.connection_changed(text)

    def on_unmount(self) -> None:
        """Close every live stream."""
        for stream in self._streams.values():
            stream.stop()

    def _make_view(self, session: AccountSession, view: str) -> Screen[Any]:
        return TimelineScreen(
            session.account,
            self.source_override or session,
            session.timeline(view),
            refresh_seconds=self.config.refresh_seconds,
            clock=self.clock,
            session=session,
        )

    # -- local filters -------------------------------------------------------

    def _engine(self, acct: str) -> FilterEngine:
        engine = self._filter_engines.get(acct)
        if engine is None:
            rules, problems = rules_from_config(self.config.filters)
            for problem in problems:
                self.notify(problem, severity="warning", timeout=8)
            engine = self._filter_engines[acct] = FilterEngine(rules, self_acct=acct)
        return engine

    def decider_for(self, acct: str, timeline: str) -> Callable[[Any], Decision]:
        """How the `timeline` view of `acct` filters its posts (rules run on this machine only)."""
        engine = self._engine(acct)
        kind = "notifications" if timeline.startswith("notifications") else timeline
        return lambda item: engine.decide(item, timeline=kind, account=acct)

    def action_about(self) -> None:
        """The active account's server: rules, policies, and what this client keeps on disk."""
        account = self.config.account(self.account_name)
        if account is not None and not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(account))

    def action_filters(self) -> None:
        """Edit the local filter rules; open timelines re-filter at once."""
        rules, _ = rules_from_config(self.config.filters)
        titles = {
            "home": "Home",
            "local": "Local",
            "federated": "Federated",
            "lists": "Lists",
            "tags": "Hashtags",
            "notifications": "Notifications",
        }
        self.push_screen(
            FilterScreen(rules, accounts=[a.acct for a in self.config.accounts], timelines=titles),
            self._filters_changed,
        )

    def _filters_changed(self, rules: list[FilterRule] | None) -> None:
        if rules is None:
            return
        self.config.filters = rules_to_config(rules)
        if self.save_config:
            try:
                config_module.save(self.config)
            except OSError as error:
                self.notify(f"Could not save the filters: {error}", severity="error")
        self._filter_engines.clear()
        for screen in list(self._installed_screens.values()):
            if isinstance(screen, TimelineScreen) and screen.is_mounted:
                screen.view.set_decider(self.decider_for(screen.account.acct, screen.timeline.name))
        self.notify(f"{len(rules)} filter rule(s) in use.", timeout=3)

    def action_open_view(self, view: str) -> None:
        """Key 1-6: a timeline of the active account."""
        self.open_view(view)

    def action_open_hashtag(self) -> None:
        """Ask for a hashtag and show its timeline."""
        self.push_screen(
            PromptScreen("Open a hashtag", "tag (without #)"),
            lambda tag: (
                self.open_view(f"tag:{tag.lstrip('#').strip()}")
                if tag and tag.strip("# ")
                else None
            ),
        )

    def action_search(self) -> None:
        """/: search the active account's server for accounts, hashtags and posts."""
        if isinstance(self.screen, SearchScreen):
            self.screen.focus_query()
            return
        session = self._session(self.account_name)
        if isinstance(session, AccountSession):
            self.push_screen(SearchScreen(session, clock=self.clock))

    def action_pick_list(self) -> None:
        """Key 7: choose one of the account's lists (fetched in a worker)."""
        session = self._session(self.account_name)
        if isinstance(session, AccountSession):
            self._fetch_lists(session)

    @work(thread=True, exclusive=True, group="lists", exit_on_error=False)
    def _fetch_lists(self, session: AccountSession) -> None:
        try:
            lists = user_lists(session.api)
        except ApiError as error:
            self.call_from_thread(
                self.notify, f"Could not load lists: {error.message}", severity="error"
            )
            return
        self.call_from_thread(self._choose_list, lists)

    def _choose_list(self, lists: list[tuple[str, str]]) -> None:
        if not lists:
            self.notify("This account has no lists yet.", timeout=4)
            return
        self.push_screen(
            ChoiceScreen("Open a list", lists),
            lambda list_id: self.open_view(f"list:{list_id}") if list_id else None,
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
