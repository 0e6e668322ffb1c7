"""`TuiClientApp`: loads config, themes and the account, then shows its home timeline.

Kept thin: each screen lives in its own module under `screens/`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuiclient import __version__, locations, logs
from tuiclient import config as config_module
from tuiclient.api.errors import ApiError
from tuiclient.config import Config
from tuiclient.filters import Decision, FilterEngine, FilterRule, rules_from_config, rules_to_config
from tuiclient.retry import DEFAULT_PATIENCE, Patience
from tuiclient.screens.post_actions import PostActions
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.session import AccountSession, SessionUnavailable, TimelineSource
from tuiclient.theming import DARK_VARIABLES, load_themes, shipped_themes_dir
from tuiclient.words import plural

# Only the first screen's modules are imported before the first frame. The other screens,
# the keyring, Mastodon.py and httpx are imported where they are first used (the network
# ones in workers), so the timeline paints sooner.
if TYPE_CHECKING:
    from tuiclient.api.streaming import UserStream
    from tuiclient.headstart import HeadStart
    from tuiclient.secrets import SecretStore

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


def _is_a(screen: object, module: str, name: str) -> bool:
    """Whether `screen` is a `module.name`, without importing that module.

    Screens are imported when first opened: a class not imported yet has no instance.
    """
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(screen, cls)


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
        secrets: SecretStore | None = None,
        *,
        account: str | None = None,
        source: TimelineSource | None = None,
        save_config: bool = True,
        clock: Callable[[], datetime] | None = None,
        live: bool = True,
        patience: Patience = DEFAULT_PATIENCE,
        head_start: HeadStart | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self._head_start = head_start
        """The token and first page, fetched while the app started (see `headstart`)."""
        self.patience = patience
        """Request timeouts and retry delays (tests make them short)."""
        self._secrets = secrets
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
        self._streams_asked: set[str] = set()
        self._rejected: set[str] = set()
        """Accounts whose token the server rejected (401) this session."""
        self.stream_states: dict[str, str] = {}
        """Each account's live connection: `live`, `retrying in 4s`, `unavailable: …`."""
        self._theme_problems: list[str] = []
        self._load_themes()
        if config.keymap:
            self.set_keymap(config.keymap)

    @property
    def secrets(self) -> SecretStore:
        """The keyring: the store given, else the OS keyring, made on first use.

        That is in the worker of the first request, so neither importing keyring nor finding
        its backend delays the first frame.
        """
        if self._secrets is None:
            from tuiclient.secrets import SecretStore

            self._secrets = SecretStore()
        return self._secrets

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
        if _is_a(screen, "tuiclient.screens.compose", "ComposeScreen"):
            return  # nothing may switch account or view under a post being written
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
        if _is_a(screen, "tuiclient.screens.profile", "ProfileScreen"):
            yield from cast(Any, screen).relationship_commands()
        if len(self.config.accounts) > 1:
            yield SystemCommand(
                "Switch account", "Read and post as another account", self.action_switch_account
            )

    def action_toggle_keys(self) -> None:
        """`?`: the keys of the current view, in a list j/k scroll (`?` or esc closes it)."""
        from tuiclient.screens.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen.active_bindings.values()))

    def action_switch_account(self) -> None:
        """Ask which account to use, then show its home timeline as it was left."""
        if not self.config.accounts:
            self.action_add_account()
            return
        from tuiclient.screens.account_switcher import AccountSwitcher

        if isinstance(self.screen, AccountSwitcher):
            return
        self.push_screen(AccountSwitcher(self.config.accounts, self.account_name), self._switch_to)

    def action_add_account(self) -> None:
        """Log in to another account, then switch to it."""
        from tuiclient.screens.add_account import AddAccountScreen

        if not isinstance(self.screen, AddAccountScreen):
            self.push_screen(AddAccountScreen(self.config, self.secrets), self._account_added)

    def _account_added(self, acct: str | None) -> None:
        if acct is None:
            return
        self._renew(acct)
        if self.save_config:
            try:
                config_module.save(self.config)
            except OSError as error:
                self.notify(f"Could not save the config: {error}", severity="error")
        self.notify(f"Added @{acct}", timeout=3)
        self._switch_to(acct)

    def _switch_to(self, acct: str | None) -> None:
        from tuiclient.screens.account_switcher import ADD_ACCOUNT

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
            from tuiclient.screens.welcome import WelcomeScreen

            self._show(WelcomeScreen(session))
            return
        name = f"view:{session.acct}:{view}"
        if not self.is_screen_installed(name):
            self.install_screen(self._make_view(session, view), name)
        self._last_view[session.acct] = view
        self._show(name)

    def _show(self, screen: Screen[Any] | str) -> None:
        # Threads, profiles, searches and the hashtags opened from a search open above a
        # view; going to a view leaves them.
        while (
            isinstance(self.screen, ThreadScreen)
            or _is_a(self.screen, "tuiclient.screens.profile", "ProfileScreen")
            or _is_a(self.screen, "tuiclient.screens.search", "SearchScreen")
            or _is_a(self.screen, "tuiclient.screens.search", "HashtagScreen")
        ):
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
        # The token is read by the first request's worker (see `_read_token`).
        head_start = self._head_start
        session = self.sessions[account.acct] = AccountSession(
            account,
            None,
            read_token=partial(self._read_token, account.acct),
            timeout=self.patience.request_timeout,
            head_start=head_start if head_start and head_start.acct == account.acct else None,
        )
        return session

    def _read_token(self, acct: str) -> str:
        """The account's token from the keyring; runs in a worker thread."""
        from tuiclient.secrets import KeyringUnavailable

        token: str | None = None
        head_start = self._head_start
        if head_start is not None and head_start.acct == acct:
            self._head_start = None  # its token only once: a new login is read afresh
            token = head_start.token(acct)
        try:
            token = token or self.secrets.get_token(acct)
        except KeyringUnavailable as error:
            raise SessionUnavailable(str(error)) from None
        if not token:
            raise SessionUnavailable(f"No login token for {acct} in the keyring: log in again.")
        logs.REDACTOR.add(token)
        return token

    def session_unavailable(self, acct: str, message: str) -> None:
        """The account's token could not be read: say why and how to log in.

        Its session and views are forgotten, so opening it again reads the keyring again.
        """
        if self.sessions.pop(acct, None) is None:
            return  # another view of the account told already
        if acct == self.account_name:
            from tuiclient.screens.welcome import WelcomeScreen

            self._show(WelcomeScreen(message))
        self.call_later(self._forget_views, acct)

    def _forget_views(self, acct: str) -> None:
        for name in [n for n in self._installed_screens if n.startswith(f"view:{acct}:")]:
            try:
                self.uninstall_screen(name)
            except ScreenStackError:  # still on the stack: it goes when it is left
                pass

    # -- live updates ----------------------------------------------------------

    def first_page_shown(self, acct: str) -> None:
        """A view of `acct` has its first page: now follow the account's stream.

        Not sooner: the first page has the connection and the processor to itself.
        """
        session = self.sessions.get(acct)
        if not self.live or session is None or not session.token or acct in self._streams_asked:
            return
        self._streams_asked.add(acct)
        self._start_stream(session, session.token)

    @work(thread=True, group="live", exit_on_error=False)
    def _start_stream(self, session: AccountSession, token: str) -> None:
        # Imported in this worker: httpx is slow to import and the first frame has no use for it.
        from tuiclient.api.streaming import UserStream

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

        stream = UserStream(
            session.account.server,
            token,
            deliver,
            state,
            user_agent=f"tuiclient/{__version__}",
            backoff=self.patience.stream_retry,
            read_timeout=self.patience.stream_read_timeout,
        )
        try:
            self.call_from_thread(self._stream_ready, acct, stream)
        except RuntimeError:  # the app closed meanwhile: never start it
            pass

    def _stream_ready(self, acct: str, stream: UserStream) -> None:
        self._streams[acct] = stream.start()

    def _views_of(self, acct: str) -> Iterable[TimelineScreen]:
        for name, screen in list(self._installed_screens.items()):
            if name.startswith(f"view:{acct}:") and isinstance(screen, TimelineScreen):
                yield screen

    def _live_event(self, acct: str, event: str, payload: Any) -> None:
        self.apply_session_event(acct, event, payload, live=True)

    def _screens_of(self, acct: str) -> Iterable[PostActions]:
        """Every screen of `acct` that shows posts: its views (on screen or not) and the
        threads, profiles and hashtags open above them."""
        seen: set[int] = set()
        for screen in [*self._views_of(acct), *self.screen_stack]:
            if (
                isinstance(screen, PostActions)
                and screen.session.acct == acct
                and id(screen) not in seen
            ):
                seen.add(id(screen))
                yield screen

    def apply_session_event(
        self, acct: str, event: str, payload: Any, *, live: bool = False
    ) -> None:
        """Apply a change to every loaded timeline of `acct` and redraw the screens showing
        them: its views, on screen or not, and the threads and profiles open above them."""
        session = self.sessions.get(acct)
        if session is None:
            return
        changed = session.apply_event(event, payload, live=live)
        for screen in list(self._screens_of(acct)):
            screen.show_session_event(event, payload, changed, live=live)

    def _stream_state(self, acct: str, text: str) -> None:
        self.stream_states[acct] = text
        for screen in self._views_of(acct):
            screen.connection_changed(text)
        if "(401)" in text:
            self.login_rejected(acct)

    # -- a login the server no longer accepts (401) ---------------------------

    def login_rejected(self, acct: str) -> None:
        """The server rejected the account's token: say so once and offer a new login.

        The account's live stream stops; its views keep what they show and stop asking.
        Other accounts are not touched, and neither are drafts.
        """
        session = self.sessions.get(acct)
        if session is None or acct in self._rejected:
            return
        self._rejected.add(acct)
        session.login_rejected = True
        stream = self._streams.pop(acct, None)
        if stream is not None:
            stream.stop()
        self._streams_asked.discard(acct)
        logs.get_logger("app").warning("the server rejected the login of %s (401)", acct)
        self.notify(
            f"The server no longer accepts the login of @{acct} (revoked or expired). "
            "Press L in its timeline to log in again; your drafts are kept.",
            title="Login rejected",
            severity="error",
            timeout=15,
        )

    def relogin(self, acct: str) -> None:
        """Log in to `acct` again (its server filled in); its views then carry on."""
        from tuiclient.screens.add_account import AddAccountScreen

        account = self.config.account(acct)
        if account is not None and not isinstance(self.screen, AddAccountScreen):
            self.push_screen(
                AddAccountScreen(self.config, self.secrets, server=account.server),
                self._account_added,
            )

    def _renew(self, acct: str) -> None:
        """A new token for an open account: its views retry with it, the stream restarts."""
        session = self.sessions.get(acct)
        if session is None:
            return
        self._rejected.discard(acct)
        session.renew()
        for screen in self._views_of(acct):
            if screen.is_mounted:
                screen.retry_now(reset=True)

    # -- the last resort -------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing else caught: log it (secrets redacted), then let Textual close.

        Textual stops the app on such an error (the widget it happened in no longer works)
        and, under Pilot, raises it again at the end of the test: bugs stay visible there.
        """
        logs.get_logger("app").error(
            "unexpected error, tuiclient closes: %s", type(error).__name__, exc_info=error
        )
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """A short note instead of Textual's traceback.

        That traceback shows local variables, which can hold tokens and post text; the log
        file has the details (redacted). `textual run --dev` still gets the traceback.
        """
        if "debug" in self.features:
            super()._fatal_error()
            return
        from rich.text import Text

        error = self._exception
        what = type(error).__name__ if error is not None else "an error"
        self.bell()
        self._exit_renderables.append(
            Text(
                f"tuiclient stopped after an unexpected error ({what}). Your drafts are kept. "
                f"The details are in {locations.log_dir() / 'tuiclient.log'}."
            )
        )
        self._close_messages_no_wait()

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
            patience=self.patience,
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
        from tuiclient.screens.about import AboutScreen

        account = self.config.account(self.account_name)
        if account is not None and not isinstance(self.screen, AboutScreen):
            self.push_screen(AboutScreen(account))

    def action_filters(self) -> None:
        """Edit the local filter rules; open timelines re-filter at once."""
        from tuiclient.screens.filters import FilterScreen

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
        self.notify(f"{plural(len(rules), 'filter rule')} in use.", timeout=3)

    def action_open_view(self, view: str) -> None:
        """Key 1-6: a timeline of the active account."""
        self.open_view(view)

    def action_open_hashtag(self) -> None:
        """Ask for a hashtag and show its timeline."""
        from tuiclient.screens.pickers import PromptScreen

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
        from tuiclient.screens.search import SearchScreen

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
        from tuiclient.api.lists import user_lists

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
        from tuiclient.screens.pickers import ChoiceScreen

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
