"""`ThreadScreen`: a post in its conversation, as an indented tree.

Also the two ways out of any list of posts: `open_thread` (enter) and
`open_profile` (u), so every screen that lists posts leads to the same places.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from tuiclient import logs
from tuiclient.api import threads
from tuiclient.api.errors import ApiError
from tuiclient.screens.post_actions import PostActions
from tuiclient.session import AccountSession
from tuiclient.thread import PAGE, MoreInThread, Thread, account_to_open, status_to_open
from tuiclient.timeline import Gap
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from mastodon.return_types import Context, Status

log = logs.get_logger("thread")

Clock = Callable[[], datetime]


def open_thread(
    screen: Screen[Any], session: AccountSession, item: Any, *, clock: Clock | None = None
) -> None:
    """Show the thread of the post behind `item` (a notification without one: who sent it)."""
    status = status_to_open(item)
    if status is not None:
        screen.app.push_screen(ThreadScreen(session, status, clock=clock))
    elif account_to_open(item) is not None:
        open_profile(screen, session, item, clock=clock)


def open_profile(
    screen: Screen[Any], session: AccountSession, item: Any, *, clock: Clock | None = None
) -> None:
    """Show the profile `item` leads to: an account, a post's author, a notification's sender."""
    # Imported here: the profile screen lists posts, and so opens threads itself.
    from tuiclient.screens.profile import ProfileScreen

    account = item if _is_account(item) else account_to_open(item)
    if account is None:
        screen.notify("Select a post first.", timeout=2)
        return
    if isinstance(screen, ProfileScreen) and str(account["id"]) == screen.profile_id:
        screen.notify("This is the profile you are reading.", timeout=2)
        return
    screen.app.push_screen(ProfileScreen(session, account, clock=clock))


def _is_account(item: Any) -> bool:
    return isinstance(item, dict) and "acct" in item and "content" not in item


class ThreadScreen(PostActions):
    """The posts a status answers, the status (selected), and its replies indented below."""

    AUTO_FOCUS = "#thread"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="thread.back"),
        Binding("u", "profile", "Profile", id="thread.profile"),
        Binding(".,ctrl+r", "refresh", "Refresh", show=False, id="thread.refresh"),
        Binding("question_mark", "app.toggle_keys", "Keys", id="app.keys"),
    ]

    def __init__(
        self, session: AccountSession, status: Status, *, clock: Clock | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.account = session.account
        self.thread = Thread(status)
        self.clock = clock
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

    def action_refresh(self) -> None:
        """Fetch the thread around the post again."""
        self.status.say("Loading the thread…")
        self._load(self.thread.focus_key)

    @work(thread=True, exclusive=True, group="thread", exit_on_error=False)
    def _load(self, status_id: str) -> None:
        try:
            context = threads.context(self.session.api, status_id)
        except ApiError as error:
            self.app.call_from_thread(self._failed, error.message)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed load
            log.exception("loading the thread of %s failed", status_id)
            self.app.call_from_thread(self._failed, f"Unexpected error: {type(error).__name__}")
        else:
            self.app.call_from_thread(self._arrived, context)

    def _arrived(self, context: Context) -> None:
        if not self.is_mounted:
            return
        first = not self.loaded
        self.loaded = True
        self.thread = Thread.from_context(self.thread.focus, context)
        self._show(select_focus=first)
        above, below = len(self.thread.ancestors), len(self.thread.replies)
        self.status.say(
            f"{above} post{'s' if above != 1 else ''} above · "
            f"{below} repl{'ies' if below != 1 else 'y'}"
        )

    def _failed(self, message: str) -> None:
        if not self.is_mounted:
            return
        text = f"Could not load the thread: {message}"
        log.warning("%s (%s)", text, self.account.acct)
        self.status.say(text + " (press . to retry)", error=True)
        self.notify(text, severity="error", timeout=6)

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
