"""`ThreadScreen`: a post in its conversation, as an indented tree.

Also the two ways out of any list of posts: `open_thread` (enter) and
`open_profile` (u), so every screen that lists posts leads to the same places,
and what those screens do when a read fails (`read_failed`, `reject_login`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuiclient import logs
from tuiclient.api import threads
from tuiclient.api.errors import ApiError
from tuiclient.post import account_label
from tuiclient.retry import DEFAULT_PATIENCE, Patience, RetryPlan
from tuiclient.screens.post_actions import PostActions
from tuiclient.session import AccountSession
from tuiclient.thread import (
    PAGE,
    MoreInThread,
    Thread,
    account_to_open,
    accounts_to_choose,
    status_to_open,
)
from tuiclient.timeline import Gap
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from mastodon.return_types import Account, Context, Status

log = logs.get_logger("thread")

Clock = Callable[[], datetime]


def open_thread(
    screen: Screen[Any], session: AccountSession, item: Any, *, clock: Clock | None = None
) -> None:
    """Show the thread of the post behind `item` (a notification without one: who sent it)."""
    status = status_to_open(item)
    if status is not None:
        screen.app.push_screen(
            ThreadScreen(session, status, clock=clock, patience=patience_of(screen))
        )
    elif accounts_to_choose(item) or account_to_open(item) is not None:
        open_profile(screen, session, item, clock=clock)


def open_profile(
    screen: Screen[Any], session: AccountSession, item: Any, *, clock: Clock | None = None
) -> None:
    """Show the profile `item` leads to: an account, a post's author, a notification's sender.

    A group of notifications that names several accounts asks whose profile to show.
    """
    if _is_account(item):
        show_profile(screen, session, item, clock=clock)
        return
    several = accounts_to_choose(item)
    if several:
        choose_profile(screen, session, several, clock=clock)
        return
    account = account_to_open(item)
    if account is None:
        screen.notify("Select a post first.", timeout=2)
        return
    show_profile(screen, session, account, clock=clock)


def choose_profile(
    screen: Screen[Any],
    session: AccountSession,
    accounts: list[Account],
    *,
    clock: Clock | None = None,
) -> None:
    """Ask which of `accounts` to show ("Name @acct" each), then show that profile."""
    from tuiclient.screens.pickers import ChoiceScreen

    # ChoiceScreen's list shows its labels as plain text (a name may read "[@click=…]").
    choices = [(str(index), account_label(a)) for index, a in enumerate(accounts)]

    def chosen(key: str | None) -> None:
        if key is not None and key.isdigit() and int(key) < len(accounts):
            show_profile(screen, session, accounts[int(key)], clock=clock)

    screen.app.push_screen(
        ChoiceScreen(f"Whose profile? ({len(accounts)} people; enter opens it)", choices), chosen
    )


def show_profile(
    screen: Screen[Any], session: AccountSession, account: Account, *, clock: Clock | None = None
) -> None:
    """Open the profile of `account` (unless `screen` is that profile already)."""
    # Imported here: the profile screen lists posts, and so opens threads itself.
    from tuiclient.screens.profile import ProfileScreen

    if isinstance(screen, ProfileScreen) and str(account["id"]) == screen.profile_id:
        screen.notify("This is the profile you are reading.", timeout=2)
        return
    screen.app.push_screen(
        ProfileScreen(session, account, clock=clock, patience=patience_of(screen))
    )


def _is_account(item: Any) -> bool:
    return isinstance(item, dict) and "acct" in item and "content" not in item


def patience_of(screen: Screen[Any]) -> Patience:
    """The app's patience with servers (tests give the app a short one), else the default."""
    patience = getattr(screen.app, "patience", None)
    return patience if isinstance(patience, Patience) else DEFAULT_PATIENCE


def read_failed(
    screen: PostActions,
    retries: RetryPlan,
    text: str,
    error: ApiError,
    again: Callable[[], object],
) -> None:
    """Report a failed read on `screen`, and call `again` when the plan says to retry.

    `text` says what failed. A 401 stops all asking; a failure that may pass is tried again
    after the plan's delay (unless the screen is closed or the login rejected by then);
    others wait for `.`. A failure the screen already reported is not notified again.
    """
    log.warning("%s (%s)", text, screen.session.acct)
    if error.login_rejected:
        retries.cancel()
        reject_login(screen)
        return
    retry = retries.failed(error)
    if retry.delay is not None:

        def due() -> None:
            retries.due()
            if screen.is_attached and not screen.session.login_rejected:
                screen.status.say("Trying again…")
                again()

        retries.wait(screen.set_timer(retry.delay, due))
    screen.status.say(retry.status_line(text), error=True)
    if retry.news:
        screen.notify(text, severity="error", timeout=6)


def reject_login(screen: PostActions) -> None:
    """The server rejected the account's token (401): mark it, so that nothing asks again.

    The app says so once and offers a new login (L); `screen` says it in its status line.
    """
    screen.session.login_rejected = True
    tell = getattr(screen.app, "login_rejected", None)
    if tell is not None:
        tell(screen.session.acct)
    say_login_rejected(screen)


def say_login_rejected(screen: PostActions) -> None:
    """Say in `screen`'s status line that the server no longer accepts the login."""
    screen.status.say(
        f"The server no longer accepts the login of @{screen.session.acct} (401): "
        "press L to log in again. Your drafts are kept.",
        error=True,
    )
    screen.refresh_bindings()


def may_ask_again(screen: PostActions, retries: RetryPlan, *, login_rejected: bool) -> bool:
    """Whether `.` may send a read now. Not after a 401, nor while the server asked to wait:
    `screen`'s status line then says why (and until when)."""
    if login_rejected:
        say_login_rejected(screen)
        return False
    held = retries.held_hint()
    if held:
        screen.status.say(held, error=True)
        return False
    return True


class ThreadScreen(PostActions):
    """The posts a status answers, the status (selected), and its replies indented below."""

    AUTO_FOCUS = "#thread"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.toggle_keys", "Keys", id="app.keys"),
        Binding("escape", "back", "Back", id="thread.back"),
        Binding("u", "profile", "Profile", id="thread.profile"),
        Binding(".,ctrl+r", "refresh", "Refresh", show=False, id="thread.refresh"),
        Binding("L", "relogin", "Log in again", id="thread.relogin"),
    ]

    def __init__(
        self,
        session: AccountSession,
        status: Status,
        *,
        clock: Clock | None = None,
        patience: Patience = DEFAULT_PATIENCE,
    ) -> None:
        super().__init__()
        self.session = session
        self.account = session.account
        self.thread = Thread(status)
        self.clock = clock
        self.retries = RetryPlan(patience, now=clock)
        """When a failed load of the thread is tried again (as a timeline does)."""
        self.loaded = False
        """Whether the server's context has arrived (until then only the post is shown)."""
        self._earlier = PAGE
        self._replies = PAGE

    def compose(self) -> ComposeResult:
        """Account bar, the thread, the status line and the key hints."""
        yield AccountBar(self.account, "Thread")
        yield TimelineView(id="thread")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Show the post at once, then fetch what surrounds it."""
        if self.clock is not None:
            self.view.now = self.clock
        self._show(select_focus=True)
        self.action_refresh()

    def _show(self, *, select_focus: bool = False) -> None:
        page = self.thread.page(earlier=self._earlier, replies=self._replies)
        self.view.set_items(page.items, page.indents)
        if select_focus:
            self.view.selected = page.focus_index

    # -- fetching -------------------------------------------------------------
    #
    # A load that failed for a reason that may pass is tried again on its own, as a
    # timeline's page is (see `RetryPlan`); `.` tries at once unless the server asked to
    # wait. A 401 stops it; esc stops it too (the screen's timer goes with the screen).
    # The post, and whatever of the thread arrived before, stay on screen.

    def action_refresh(self) -> None:
        """Fetch the thread around the post again (after a failure: now, not later)."""
        if not may_ask_again(self, self.retries, login_rejected=self.session.login_rejected):
            return
        self.retries.cancel()
        self.status.say("Loading the thread…")
        self._load(self.thread.focus_key)

    @work(thread=True, exclusive=True, group="thread", exit_on_error=False)
    def _load(self, status_id: str) -> None:
        try:
            context = threads.context(self.session.api, status_id)
        except ApiError as error:
            self.app.call_from_thread(self._failed, error)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed load
            log.exception("loading the thread of %s failed", status_id)
            unexpected = ApiError(f"Unexpected error: {type(error).__name__}")
            self.app.call_from_thread(self._failed, unexpected)
        else:
            self.app.call_from_thread(self._arrived, context)

    def _arrived(self, context: Context) -> None:
        if not self.is_attached:
            return  # closed meanwhile
        self.retries.succeeded()
        self.retries.cancel()
        first = not self.loaded
        self.loaded = True
        self.thread = Thread.from_context(self.thread.focus, context)
        self._show(select_focus=first)
        above, below = len(self.thread.ancestors), len(self.thread.replies)
        self.status.say(
            f"{above} post{'s' if above != 1 else ''} above · "
            f"{below} repl{'ies' if below != 1 else 'y'}"
        )

    def _failed(self, error: ApiError) -> None:
        if not self.is_attached:
            return  # closed meanwhile: nothing to show, nothing to retry
        text = f"Could not load the thread: {error.message}"
        read_failed(self, self.retries, text, error, lambda: self._load(self.thread.focus_key))

    def on_unmount(self) -> None:
        """Closed: a pending retry is not sent."""
        self.retries.cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Logging in again only when the server rejected the login."""
        if action == "relogin":
            return self.session.login_rejected
        return super().check_action(action, parameters)

    def action_relogin(self) -> None:
        """L: log in to this account again after the server rejected its token."""
        relogin = getattr(self.app, "relogin", None)
        if relogin is not None:
            relogin(self.account.acct)

    # -- reactions ------------------------------------------------------------

    def on_timeline_view_gap_opened(self, message: TimelineView.GapOpened) -> None:
        """Show the next page of a long thread."""
        message.stop()
        gap = message.gap
        if isinstance(gap, MoreInThread):
            if gap.earlier:
                self._earlier += PAGE
            else:
                self._replies += PAGE
            self._show()

    def on_timeline_view_post_opened(self, message: TimelineView.PostOpened) -> None:
        """Enter on another post of the thread: its own thread."""
        message.stop()
        if message.key == self.thread.focus_key:
            self.notify("This is the post the thread is about.", timeout=2)
            return
        post = next((p for p in self.thread.posts if str(p.status["id"]) == message.key), None)
        if post is not None:
            open_thread(self, self.session, post.status, clock=self.clock)

    def action_profile(self) -> None:
        """The profile of the selected post's author."""
        open_profile(self, self.session, self.view.selected_item, clock=self.clock)

    def action_back(self) -> None:
        """Back to where the thread was opened."""
        self.dismiss(None)

    # -- hooks for actions on posts -------------------------------------------

    def selected_status(self) -> Status | None:
        """The selected post, or None on a "more" marker."""
        item = self.view.selected_item
        return None if item is None or isinstance(item, Gap) else item

    def replace_status(self, status: Status) -> None:
        """Show a newer copy of a post of the thread (after an action, or an edit)."""
        if self.thread.replace(status):
            self._show()

    def remove_status(self, status_id: str) -> None:
        """Take a deleted post out of the thread."""
        if status_id == self.thread.focus_key:
            self.status.say("This post was deleted.", error=True)
        elif self.thread.remove(status_id):
            self._show()
