"""`TimelineScreen`: one timeline of one account, paged and refreshed from the server."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer

from tuiclient import logs, notification_groups, positions
from tuiclient.api import markers, timelines
from tuiclient.api.errors import ApiError
from tuiclient.api.markers import MARKED_TIMELINES
from tuiclient.config import AccountConfig
from tuiclient.retry import DEFAULT_PATIENCE, Patience, RetryPlan, in_words
from tuiclient.screens.link_picker import LinkPicker
from tuiclient.screens.post_actions import TOGGLES, PostActions
from tuiclient.screens.thread import (
    may_ask_again,
    open_profile,
    open_thread,
    reject_login,
)
from tuiclient.session import (
    KEPT_BY_FLAG,
    STREAMED,
    AccountSession,
    SessionUnavailable,
    TimelineSource,
)
from tuiclient.timeline import Gap, MergeResult, Timeline, id_key
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView
from tuiclient.words import listed, plural

if TYPE_CHECKING:
    from mastodon.return_types import Status

log = logs.get_logger("timeline")
POSITION_SAVE_DELAY = 2.0
"""Seconds the selection rests before the read position is saved."""
POSITION_PAGES = 5
"""How many older pages to load to get back to a saved position."""

EMPTY_TEXTS = {
    "bookmarks": "No bookmarks yet.",
    "favourites": "No favourites yet.",
    "notifications": "No notifications yet.",
    "notifications:mentions": "No mentions yet.",
    "direct": "No direct messages yet.",
}


def empty_text(timeline: str) -> str:
    """What a view says when its timeline has nothing at all."""
    return EMPTY_TEXTS.get(timeline, "No posts yet.")


class TimelineScreen(PostActions):
    """A timeline, newest first, with paging down and refreshing up."""

    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows these in this order after the list's own keys, and cuts off what
        # does not fit in 80 columns: `?` (all the keys) first; refreshing by hand is rarely
        # needed with the live stream, so it is left to `?` and the palette.
        Binding("question_mark", "app.toggle_keys", "Keys", id="app.keys"),
        Binding("L", "relogin", "Log in again", id="timeline.relogin"),
        Binding(
            "m",
            "notifications('notifications:mentions')",
            "Mentions only",
            id="notifications.mentions",
        ),
        Binding("m", "notifications('notifications')", "All notifications", id="notifications.all"),
        Binding("o", "open_links", "Links", id="timeline.links"),
        Binding(".,ctrl+r", "refresh", "Refresh", show=False, id="timeline.refresh"),
        Binding("u", "profile", "Profile", show=False, id="timeline.profile"),
    ]

    def __init__(
        self,
        account: AccountConfig,
        source: TimelineSource,
        timeline: Timeline,
        *,
        refresh_seconds: int = 0,
        clock: Callable[[], datetime] | None = None,
        session: AccountSession | None = None,
        patience: Patience = DEFAULT_PATIENCE,
    ) -> None:
        super().__init__()
        self.account = account
        self.session = session if session is not None else AccountSession(account, "")
        """The account's session: its server client, for actions on posts."""
        self.source = source
        self.timeline = timeline
        self.refresh_seconds = refresh_seconds
        self.patience = patience
        """Timeouts and retry delays (tests make them short)."""
        self._busy: set[str] = set()
        """The request in flight (its kind, or its gap's key): never more than one."""
        self._queued: dict[str, tuple[str, Gap | None]] = {}
        """Requests waiting for the one in flight (or for a retry) to finish."""
        self._retry: tuple[str, Gap | None] | None = None
        """The read the pending retry sends again."""
        self.retries = RetryPlan(patience, now=clock)
        """When a failed read is tried again, and what the status line says meanwhile."""
        self._stream_dropped = False
        """The live stream dropped since it was last live: catch up when it is back."""
        self._saved_position: str | None = None
        self._pending_position: tuple[str, int] | None = None
        self._local_positions = False
        self._save_timer: Timer | None = None
        self.unseen = 0
        """Posts that arrived (live or by a refresh) above what the reader is looking at."""
        self._arrivals_said: tuple[str, str] | None = None
        """The status line's "N new posts" message, and what it says once they are seen."""
        self.connection = ""
        self.clock = clock
        self._first_page_wanted = False

    def compose(self) -> ComposeResult:
        """Account bar, the posts, the status line and the key hints."""
        yield AccountBar(self.account, timelines.title(self.timeline.name))
        yield TimelineView(id="timeline")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Show what is loaded (if anything) and fetch the first page."""
        if self.clock is not None:
            self.view.now = self.clock
        self.connection = getattr(self.app, "stream_states", {}).get(self.account.acct, "")
        decider_for = getattr(self.app, "decider_for", None)
        if decider_for is not None:
            self.view.set_decider(decider_for(self.account.acct, self.timeline.name))
        if self.timeline.items:
            self.view.more_below = not self.timeline.reached_end
            self.view.set_items(self.timeline.items)
        else:
            # A line of text, not Textual's loading cover: a covered view is not laid out, so
            # the first page would be wrapped twice (at a guess, then at the real width), and
            # the cover's animation would take the processor from the request's worker.
            self.view.set_footer("Loading the timeline…")
            self.status.say("Loading the timeline…")
            self._first_page_wanted = True  # asked for once the screen is shown (below)
        if self.refresh_seconds > 0:
            self.set_interval(self.refresh_seconds, self._poll)
        self.set_interval(30, self.view.tick_clock)

    # -- fetching (workers: the network never runs on the event loop) -------
    #
    # One request per view at a time: the others wait in `_queued`, each at most once. A
    # read that failed for a reason that may pass (network, timeout, 5xx, an unreadable
    # answer, a rate limit) is retried on its own after a capped, jittered backoff, or
    # after the wait the server asked for (Retry-After, X-RateLimit-Reset); `.` retries at
    # once, except while the server asked to be left alone. A 401 ends the retries: the
    # app offers to log in again. Whatever was loaded stays on screen throughout.

    @staticmethod
    def _key(kind: str, gap: Gap | None) -> str:
        return gap.key if gap is not None else kind

    def _fetch(self, kind: str, gap: Gap | None = None) -> None:
        if kind == "older" and self.timeline.reached_end:
            return
        if self._login_rejected():
            return
        key = self._key(kind, gap)
        if self._busy or self.retries.pending:
            if key not in self._busy:
                self._queued.setdefault(key, (kind, gap))
            return
        self._start(kind, gap)

    def _start(self, kind: str, gap: Gap | None) -> None:
        key = self._key(kind, gap)
        self._queued.pop(key, None)
        self._busy.add(key)
        if kind == "older":
            self.view.set_footer(f"Loading older {listed(self.timeline.name)}s…")
        if gap is not None:
            self.view.set_gap_loading(gap, True)
        self._fetch_page(kind, gap, self.timeline.next_max_id, self.timeline.newest_id)

    def _next(self) -> None:
        """Send the next waiting request, unless one is in flight or a retry is due."""
        while self._queued and not self._busy and not self.retries.pending:
            kind, gap = next(iter(self._queued.values()))
            stale = (kind == "older" and self.timeline.reached_end) or (
                gap is not None and gap not in self.timeline.items
            )
            if stale:
                self._queued.pop(self._key(kind, gap))
                continue
            self._start(kind, gap)

    @work(thread=True, group="timeline", exit_on_error=False)
    def _fetch_page(
        self, kind: str, gap: Gap | None, oldest: str | None, newest: str | None
    ) -> None:
        try:
            if kind == "older":
                page = self.source.fetch(self.timeline.name, max_id=oldest)
            elif kind == "newer":
                page = self.source.fetch(self.timeline.name, since_id=newest)
            elif kind == "gap" and gap is not None:
                page = self.source.fetch(
                    self.timeline.name, max_id=gap.max_id, since_id=gap.since_id
                )
            else:
                page = self.source.fetch(self.timeline.name)
        except SessionUnavailable as error:
            self.app.call_from_thread(self._unavailable, kind, gap, error.message)
        except ApiError as error:
            self.app.call_from_thread(self._failed, kind, gap, error)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed page
            log.exception("loading %s of %s failed", kind, self.timeline.name)
            unexpected = ApiError(f"Unexpected error: {type(error).__name__}")
            self.app.call_from_thread(self._failed, kind, gap, unexpected)
        else:
            self.app.call_from_thread(self._arrived, kind, gap, page)

    def _loaded(self) -> None:
        if self.view.loading:
            self.view.loading = False
            # The loading indicator held the key hints; show the timeline's again.
            self.refresh_bindings()

    def _arrived(self, kind: str, gap: Gap | None, page: list[Status]) -> None:
        self._busy.discard(self._key(kind, gap))
        self.retries.succeeded()
        self._loaded()
        size = self.source.page_size
        if kind in ("older", "initial"):
            self.timeline.older_cursor = timelines.next_cursor(page)
        if kind in ("newer", "gap"):
            # A group of notifications with news comes back under a new id: one row for it.
            notification_groups.drop_regrouped(self.timeline, page)
        result: MergeResult
        if kind == "older":
            result = self.timeline.add_older(page)
        elif kind == "newer":
            result = self.timeline.add_newer(page, page_size=size)
        elif kind == "gap" and gap is not None:
            self.view.set_gap_loading(gap, False)
            result = self.timeline.fill_gap(gap, page, page_size=size)
        else:
            result = self.timeline.add_initial(page)
            if len(page) < size:
                self.timeline.reached_end = True
        # Moves past the last post wait for the next page while there is one to come.
        self.view.more_below = not self.timeline.reached_end
        shown_before = self.view.post_count
        self.view.set_items(self.timeline.items)
        if kind == "newer":
            self._count_unseen(shown_before)
        self.view.set_footer(self._end_text())
        now = (self.clock() if self.clock else datetime.now().astimezone()).strftime("%H:%M")
        self._arrivals_said = None
        skipped = (
            f" · {plural(result.skipped, 'unreadable entry', 'unreadable entries')} skipped"
            if result.skipped
            else ""
        )
        noun = listed(self.timeline.name)
        if kind == "newer":
            message = plural(result.added, f"new {noun}") if result.added else "Up to date"
            if result.gap is not None:
                message += ": more arrived than one page, a gap marks the rest (enter loads it)"
            if result.added and self.is_current:
                # A view not on screen (its timer, a catch-up) only counts them: the toast
                # would be about posts the reader cannot see.
                self.notify(message, timeout=3)
            self.status.say(f"{message} · updated {now}{skipped}")
            if result.added:
                # Said until the reader has seen them (see `_seen_newest`).
                self._arrivals_said = (self.status.message, f"Updated {now}{skipped}")
        elif kind == "older":
            older = f"older {noun}"
            loaded = f"Loaded {plural(result.added, older)}" if page else f"No {older}s."
            self.status.say(loaded + skipped)
        elif not self.timeline.items and self.timeline.reached_end:
            self.status.say(empty_text(self.timeline.name) + skipped)
        else:
            self.status.say(f"Updated {now}{skipped}")
        self._update_detail()
        if kind == "initial" and self._keeps_position():
            self._restore_position()
        shown = getattr(self.app, "first_page_shown", None)
        if shown is not None:
            # The live stream starts after the first page (again after a new login).
            shown(self.account.acct)
        if kind == "older" and self._pending_position is not None:
            self._go_to_position(*self._pending_position)
        if kind != "older" and len(self.timeline) - self.view.selected <= 30:
            self._fetch("older")
        self._next()

    def _unavailable(self, kind: str, gap: Gap | None, message: str) -> None:
        """No token to use (none in the keyring, or no keyring): the app explains."""
        tell = getattr(self.app, "session_unavailable", None)
        if tell is None:
            self._failed(kind, gap, ApiError(message))
            return
        self._busy.discard(self._key(kind, gap))
        self._queued.clear()
        tell(self.account.acct, message)

    def _failed(self, kind: str, gap: Gap | None, error: ApiError) -> None:
        if not self.is_attached:
            return  # closed meanwhile (a profile): nothing to show, nothing to retry
        self._busy.discard(self._key(kind, gap))
        self._loaded()
        if gap is not None:
            self.view.set_gap_loading(gap, False)
        noun = listed(self.timeline.name)
        whats = {"older": f"older {noun}s", "newer": f"new {noun}s", "gap": f"the missing {noun}s"}
        what = whats.get(kind, "the timeline")
        text = f"Could not load {what}: {error.message}"
        log.warning("%s (%s, %s)", text, self.account.acct, self.timeline.name)
        if error.login_rejected and self.source is self.session:
            self._reject_login()
            if not self.timeline.items:
                self.view.set_footer("The server no longer accepts this login: L logs in again.")
            return
        retry = self.retries.failed(error)
        if retry.delay is not None:
            self._retry = (kind, gap)
            self.retries.wait(self.set_timer(retry.delay, self._retry_due))
        self.status.say(retry.status_line(text), error=True)
        if kind == "older":
            self.view.cancel_pending_moves()  # the reader sees why the moves stopped
            self.view.set_footer(f"Could not load older {noun}s: {error.message}.")
        elif not self.timeline.items:
            # An empty view says why it is empty (offline at start, a server that is down).
            self.view.set_footer(f"{text}. tuiclient keeps what it has and {retry.hint}.")
        if retry.news:
            self.notify(text, severity="error", timeout=6)
        self._next()

    def _reject_login(self) -> None:
        """The server rejected the token (401): stop asking, say so, offer a new login."""
        self.retries.cancel()
        self._queued.clear()
        reject_login(self)

    def _retry_due(self) -> None:
        self.retries.due()
        retry, self._retry = self._retry, None
        if retry is None or self._login_rejected():
            return
        kind, gap = retry
        if gap is not None and gap not in self.timeline.items:
            self._next()
            return
        self.status.say("Trying again…")
        self._fetch(kind, gap)

    def retry_now(self, *, reset: bool = False) -> None:
        """Retry a failed read at once (the network is back, or a new login).

        `reset` also forgets the backoff and any wait the server asked for.
        """
        if reset:
            self.retries.reset()
        if self.retries.held():
            return
        if self.retries.cancel():
            self._retry_due()
        elif not self._busy:
            self._fetch("newer" if self.timeline.items else "initial")

    def _login_rejected(self) -> bool:
        return self.session.login_rejected and self.source is self.session

    def action_relogin(self) -> None:
        """L: log in to this account again after the server rejected its token."""
        relogin = getattr(self.app, "relogin", None)
        if relogin is not None:
            relogin(self.account.acct)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The mentions toggle exists only on notifications; logging in again only when the
        server rejected the login."""
        if action == "notifications":
            # Two `m` bindings, one offered at a time: its hint names the view it opens.
            return self.timeline.name.startswith("notifications") and parameters != (
                self.timeline.name,
            )
        if action == "relogin":
            return self._login_rejected()
        return super().check_action(action, parameters)

    def action_notifications(self, view: str) -> None:
        """m on notifications: mentions only, or all of them again."""
        open_view = getattr(self.app, "open_view", None)
        if open_view is not None:
            open_view(view)

    def action_open_links(self) -> None:
        """Pick one of the selected post's links or media to open or copy."""
        item = self.view.selected_item
        if item is None or isinstance(item, Gap):
            return
        urls = self.view.post(str(item["id"])).links
        if not urls:
            self.notify("This post has no links.", timeout=3)
            return
        self.app.push_screen(LinkPicker(urls), self._link_chosen)

    def _link_chosen(self, choice: str | None) -> None:
        if not choice:
            return
        what, _, url = choice.partition(":")
        if what == "copy":
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {url}", timeout=3)
        else:
            self._open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        # webbrowser can block while it starts a browser: keep it off the event loop.
        opened = webbrowser.open(url)
        message = f"Opened {url}" if opened else f"No browser could open {url}"
        self.app.call_from_thread(self.notify, message, timeout=4)

    # -- hooks for actions on posts ---------------------------------------

    def selected_status(self) -> Status | None:
        """The selected status as loaded (a boost's wrapper for a boost), or None on a gap."""
        item = self.view.selected_item
        return None if item is None or isinstance(item, Gap) else item

    def show_session_event(
        self, event: str, payload: Any, changed: set[str], *, live: bool = False
    ) -> None:
        """The view shows the session's timeline itself: redraw it if the event changed it
        (also while it is not on screen, so it never shows an old state when shown again)."""
        if self.timeline.name in changed:
            self.timeline_changed(live=live)

    def on_screen_resume(self) -> None:
        """Bookmarks and favourites change from other views: show them afresh each time."""
        if self._first_page_wanted:
            # Shown for the first time: ask for the first page once this frame is drawn.
            # The request's worker (the keyring, Mastodon.py's import, the request) would
            # otherwise share the processor with drawing it.
            self._first_page_wanted = False
            self.call_after_refresh(self._fetch, "initial")
            return
        self._load_afresh()

    def _load_afresh(self) -> None:
        """Bookmarks and favourites (in the order they were made): load them again."""
        if self.timeline.server_order and not self._busy:
            self.timeline.clear()
            self.view.set_items([])
            self._fetch("initial")

    def _toggle_failed(self, kind: str, status: Status, on: bool, error: ApiError) -> None:
        """A post unbookmarked (unfavourited) left the list at once; the server refused, so
        the list is loaded again, with it."""
        super()._toggle_failed(kind, status, on, error)
        if not on and KEPT_BY_FLAG.get(self.timeline.name) == TOGGLES[kind].flag:
            self._load_afresh()

    # -- reactions -------------------------------------------------------

    # -- live updates ------------------------------------------------------

    def timeline_changed(self, *, live: bool = False) -> None:
        """The timeline changed behind the view (a live post, a deletion, an edit, a mute)."""
        if not self.is_mounted:
            return
        shown_before = self.view.post_count
        self.view.set_items(self.timeline.items)
        if live:
            self._count_unseen(shown_before)
        if self.timeline.reached_end:
            self.view.set_footer(self._end_text())  # "No bookmarks yet." once the last goes
        self._update_detail()

    def _count_unseen(self, shown_before: int) -> None:
        """Posts just shown above the selected one wait there, counted, instead of moving
        what the reader reads (on screen or not)."""
        arrived = self.view.post_count - shown_before
        if arrived > 0 and self.view.selected > 0:
            self.unseen += arrived

    def _end_text(self) -> str:
        """The line below the last post: the end, or what an empty view is empty of."""
        if not self.timeline.reached_end:
            return ""
        return "End of the timeline." if self.timeline.items else empty_text(self.timeline.name)

    def own_post_sent(self, status: Status) -> None:
        """The user's new post joins the home timeline at once and, where this view shows
        it, is selected: they asked for it, so it does not wait behind "1 new"."""
        self.session_event("update", status)
        if self.view.select_key(str(status["id"])):
            self.unseen = 0
            self._update_detail()
        self.action_refresh()

    def connection_changed(self, state: str) -> None:
        """Show the account's live connection in the status line.

        A stream that comes back after a drop means the network is back: a failed read is
        retried at once, and posts the stream missed meanwhile are fetched.
        """
        self.connection = state
        if state.startswith("retrying"):
            self._stream_dropped = True
        if self.is_mounted:
            self._update_detail()
            if state == "live" and self._stream_dropped:
                self._stream_dropped = False
                self.retry_now()

    def on_timeline_view_selection_moved(self, message: TimelineView.SelectionMoved) -> None:
        """Reaching the top clears the "new posts" count; the position is saved soon after."""
        if message.index == 0:
            self._seen_newest()
        if self._keeps_position() and self._pending_position is None:
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)

    # -- read position (the server's markers, else a local file) ----------

    def _keeps_position(self) -> bool:
        # Recorded data (snapshots) has no server to keep a position on.
        return self.timeline.name in MARKED_TIMELINES and self.source is self.session

    @work(thread=True, group="position", exit_on_error=False)
    def _restore_position(self) -> None:
        name = self.timeline.name
        try:
            position = markers.get(self.session.api, name)
        except markers.NoMarkers:
            self._local_positions = True
            position = positions.load(self.account.acct, name)
        except ApiError as error:
            log.warning("could not read the %s position: %s", name, error.message)
            return
        if position:
            self.app.call_from_thread(self._go_to_position, position, 0)

    def _go_to_position(self, position: str, pages_loaded: int) -> None:
        if self.view.selected != 0:
            # The reader moved while the position (or a page towards it) was on its way:
            # where they are now wins over where they stopped last time.
            self._pending_position = None
            return
        self._saved_position = position
        if self.view.select_key(position):
            self._pending_position = None
            self.status.say("Back where you stopped reading.")
            return
        oldest = self.timeline.oldest_id
        if (
            oldest is None
            or id_key(position) > id_key(oldest)
            or self.timeline.reached_end
            or pages_loaded >= POSITION_PAGES
        ):
            self._pending_position = None
            return
        # Older than what is loaded: page down to it, a few pages at most.
        self._pending_position = (position, pages_loaded + 1)
        self._fetch("older")

    def _save_position(self) -> None:
        item = self.selected_status()
        if item is None:
            return
        position = str(item["id"])
        if position != self._saved_position:
            self._saved_position = position
            self._store_position(position)

    @work(thread=True, group="position-save", exit_on_error=False)
    def _store_position(self, position: str) -> None:
        name = self.timeline.name
        if not self._local_positions:
            try:
                markers.save(self.session.api, name, position)
                return
            except markers.NoMarkers:
                self._local_positions = True
            except ApiError as error:
                log.warning("could not save the %s position: %s", name, error.message)
        try:
            positions.save(self.account.acct, name, position)
        except OSError as error:
            log.warning("could not save the %s position locally: %s", name, error)

    def _seen_newest(self) -> None:
        """The reader is at the newest post: nothing above it is new to them any more."""
        if self._arrivals_said is not None:
            said, instead = self._arrivals_said
            self._arrivals_said = None
            if self.status.message == said:
                self.status.say(instead)
        if self.unseen:
            self.unseen = 0
            self._update_detail()

    def _update_detail(self) -> None:
        parts = [f"{plural(len(self.timeline.statuses), listed(self.timeline.name))} loaded"]
        if self.unseen:
            parts.insert(0, f"{self.unseen} new ↑ (g: newest)")
        polling = (
            f"polling every {in_words(self.refresh_seconds)}"
            if self.refresh_seconds > 0
            else ". refreshes"
        )
        if self.connection and self.timeline.name in STREAMED:
            parts.append(
                "live" if self.connection == "live" else f"stream {self.connection} · {polling}"
            )
        elif self.connection and self.refresh_seconds > 0:
            # The stream brings no new entries of this view: only the timer (and `.`) do.
            parts.append(polling)
        self.status.detail = " · ".join(parts)

    def on_timeline_view_need_older(self, _: TimelineView.NeedOlder) -> None:
        """Prefetch older posts before the reader reaches the end."""
        if self.timeline.items:
            self._fetch("older")

    def on_timeline_view_gap_opened(self, message: TimelineView.GapOpened) -> None:
        """Fill the gap the reader opened."""
        self._fetch("gap", message.gap)

    def on_timeline_view_post_opened(self, message: TimelineView.PostOpened) -> None:
        """Enter on a post: its thread (on a notification without a post: who sent it)."""
        index = self.timeline.index_of(message.key)
        if index is not None:
            open_thread(self, self.session, self.timeline.items[index], clock=self.clock)

    def action_profile(self) -> None:
        """u: the profile of the selected post's author (or of who sent a notification)."""
        open_profile(self, self.session, self.view.selected_item, clock=self.clock)

    def action_refresh(self) -> None:
        """Fetch posts newer than the newest loaded (or the first page, if none).

        After a failure it retries the failed read now instead of waiting for the backoff,
        unless the server asked to wait (rate limit): then it says until when.
        """
        if not may_ask_again(self, self.retries, login_rejected=self._login_rejected()):
            return
        self.status.say("Refreshing…")
        if self.retries.pending:
            self.retry_now()
        else:
            self._fetch("newer" if self.timeline.items else "initial")

    def _poll(self) -> None:
        """The refresh timer: only when nothing is in flight, failing or rejected."""
        if not self._busy and not self.retries.pending and not self._login_rejected():
            self._fetch("newer" if self.timeline.items else "initial")
