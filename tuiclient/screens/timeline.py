"""`TimelineScreen`: one timeline of one account, paged and refreshed from the server."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from mastodon.return_types import Status
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Footer

from tuiclient import logs, positions
from tuiclient.api import markers, timelines
from tuiclient.api.errors import ApiError
from tuiclient.api.markers import MARKED_TIMELINES
from tuiclient.config import AccountConfig
from tuiclient.screens.link_picker import LinkPicker
from tuiclient.screens.post_actions import PostActions
from tuiclient.screens.thread import open_profile, open_thread
from tuiclient.session import AccountSession, TimelineSource
from tuiclient.timeline import Gap, MergeResult, Timeline, id_key
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView

log = logs.get_logger("timeline")
POSITION_SAVE_DELAY = 2.0
"""Seconds the selection rests before the read position is saved."""
POSITION_PAGES = 5
"""How many older pages to load to get back to a saved position."""


class TimelineScreen(PostActions):
    """A timeline, newest first, with paging down and refreshing up."""

    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(".,ctrl+r", "refresh", "Refresh", id="timeline.refresh"),
        Binding("question_mark", "app.show_help_panel", "Keys", id="app.keys"),
        Binding("m", "toggle_mentions", "Mentions only", id="notifications.mentions"),
        Binding("o", "open_links", "Links", id="timeline.links"),
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
    ) -> None:
        super().__init__()
        self.account = account
        self.session = session if session is not None else AccountSession(account, "")
        """The account's session: its server client, for actions on posts."""
        self.source = source
        self.timeline = timeline
        self.refresh_seconds = refresh_seconds
        self._busy: set[str] = set()
        self._saved_position: str | None = None
        self._pending_position: tuple[str, int] | None = None
        self._local_positions = False
        self._save_timer: Timer | None = None
        self.unseen = 0
        """Posts that arrived live above what the reader is looking at."""
        self.connection = ""
        self.clock = clock

    def compose(self) -> ComposeResult:
        """Account bar, the posts, the status line and the key hints."""
        yield AccountBar(self.account, timelines.title(self.timeline.name))
        yield TimelineView(id="timeline")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def view(self) -> TimelineView:
        """The timeline widget."""
        return self.query_one(TimelineView)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        """Show what is loaded (if anything) and fetch the first page."""
        if self.clock is not None:
            self.view.now = self.clock
        self.connection = getattr(self.app, "stream_states", {}).get(self.account.acct, "")
        decider_for = getattr(self.app, "decider_for", None)
        if decider_for is not None:
            self.view.set_decider(decider_for(self.account.acct, self.timeline.name))
        if self.timeline.items:
            self.view.set_items(self.timeline.items)
        else:
            self.view.loading = True
            self.status.say("Loading the timeline…")
            self._fetch("initial")
        if self.refresh_seconds > 0:
            self.set_interval(self.refresh_seconds, self.action_refresh)
        self.set_interval(30, self.view.tick_clock)

    # -- fetching (workers: the network never runs on the event loop) -------

    def _fetch(self, kind: str, gap: Gap | None = None) -> None:
        if kind in self._busy:
            return
        if kind == "older" and self.timeline.reached_end:
            return
        self._busy.add(kind)
        if kind == "older":
            self.view.set_footer("Loading older posts…")
        if gap is not None:
            self.view.set_gap_loading(gap, True)
        self._fetch_page(kind, gap, self.timeline.next_max_id, self.timeline.newest_id)

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
        except ApiError as error:
            self.app.call_from_thread(self._failed, kind, gap, error.message)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed page
            log.exception("loading %s of %s failed", kind, self.timeline.name)
            self.app.call_from_thread(
                self._failed, kind, gap, f"Unexpected error: {type(error).__name__}"
            )
        else:
            self.app.call_from_thread(self._arrived, kind, gap, page)

    def _loaded(self) -> None:
        if self.view.loading:
            self.view.loading = False
            # The loading indicator held the key hints; show the timeline's again.
            self.refresh_bindings()

    def _arrived(self, kind: str, gap: Gap | None, page: list[Status]) -> None:
        self._busy.discard(kind)
        self._loaded()
        size = self.source.page_size
        if kind in ("older", "initial"):
            self.timeline.older_cursor = timelines.next_cursor(page)
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
        self.view.set_items(self.timeline.items)
        self.view.set_footer("End of the timeline." if self.timeline.reached_end else "")
        now = (self.clock() if self.clock else datetime.now().astimezone()).strftime("%H:%M")
        if kind == "newer":
            message = f"{result.added} new post(s)" if result.added else "Up to date"
            if result.gap is not None:
                message += ": more arrived than one page, a gap marks the rest (enter loads it)"
            if result.added:
                self.notify(message, timeout=3)
            self.status.say(f"{message} · updated {now}")
        elif kind == "older":
            self.status.say(
                "No older posts." if not page else f"Loaded {result.added} older post(s)"
            )
        else:
            self.status.say(f"Updated {now}")
        self._update_detail()
        if kind == "initial" and self._keeps_position():
            self._restore_position()
        if kind == "older" and self._pending_position is not None:
            self._go_to_position(*self._pending_position)
        if kind != "older" and len(self.timeline) - self.view.selected <= 30:
            self._fetch("older")

    def _failed(self, kind: str, gap: Gap | None, message: str) -> None:
        self._busy.discard(kind)
        self._loaded()
        if gap is not None:
            self.view.set_gap_loading(gap, False)
        what = {"older": "older posts", "newer": "new posts", "gap": "the missing posts"}.get(
            kind, "the timeline"
        )
        text = f"Could not load {what}: {message}"
        log.warning("%s (%s, %s)", text, self.account.acct, self.timeline.name)
        self.status.say(text + " (press . to retry)", error=True)
        if kind == "older":
            self.view.set_footer(f"Could not load older posts: {message}. Move down to retry.")
        self.notify(text, severity="error", timeout=6)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The mentions toggle exists only on notifications."""
        if action == "toggle_mentions":
            return self.timeline.name.startswith("notifications")
        return super().check_action(action, parameters)

    def action_toggle_mentions(self) -> None:
        """Notifications: all of them, or mentions only."""
        other = (
            "notifications"
            if self.timeline.name == "notifications:mentions"
            else "notifications:mentions"
        )
        open_view = getattr(self.app, "open_view", None)
        if open_view is not None:
            open_view(other)

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

    def replace_status(self, status: Status) -> None:
        """Show a newer copy of a status (after an action, or an edit) where it is loaded."""
        if self.timeline.replace(status):
            self.view.set_items(self.timeline.items)

    def remove_status(self, status_id: str) -> None:
        """Take a deleted status off the timeline."""
        if self.timeline.remove(status_id):
            self.view.set_items(self.timeline.items)

    # -- reactions -------------------------------------------------------

    # -- live updates ------------------------------------------------------

    def timeline_changed(self, *, live: bool = False) -> None:
        """The timeline changed behind the view (a live post, a deletion, an edit)."""
        if not self.is_mounted:
            return
        before = self.view.item_count
        top_before = self.view.scroll_y
        self.view.set_items(self.timeline.items)
        arrived = self.view.item_count - before
        if live and arrived > 0 and (top_before > 0 or self.view.selected > 0):
            # The reader is not at the top: say so instead of moving what they read.
            self.unseen += arrived
        self._update_detail()

    def connection_changed(self, state: str) -> None:
        """Show the account's live connection in the status line."""
        self.connection = state
        if self.is_mounted:
            self._update_detail()

    def on_timeline_view_selection_moved(self, message: TimelineView.SelectionMoved) -> None:
        """Reaching the top clears the "new posts" count; the position is saved soon after."""
        if message.index == 0 and self.unseen:
            self.unseen = 0
            self._update_detail()
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

    def _update_detail(self) -> None:
        parts = [f"{len(self.timeline.statuses)} posts loaded"]
        if self.unseen:
            parts.insert(0, f"{self.unseen} new ↑ (g: newest)")
        if self.connection:
            parts.append(
                "live" if self.connection == "live" else f"stream {self.connection}, polling"
            )
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
        """Fetch posts newer than the newest loaded (or the first page, if none)."""
        self.status.say("Refreshing…")
        self._fetch("newer" if self.timeline.items else "initial")
