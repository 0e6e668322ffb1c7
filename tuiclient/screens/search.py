"""`SearchScreen`: find accounts, hashtags and posts on the account's server, and open them."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from mastodon.return_types import Account, SearchV2, Status
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tuiclient import logs
from tuiclient.api import search
from tuiclient.api.errors import ApiError
from tuiclient.screens.profile import one_line
from tuiclient.screens.thread import Clock, open_profile, open_thread
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.session import AccountSession
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.lists import PickList
from tuiclient.widgets.timeline import TimelineView
from tuiclient.words import plural

log = logs.get_logger("search")


_TAG_JUNK = re.compile(r"[^\w·]")
"""What a hashtag name cannot hold (Mastodon allows letters, digits, `_` and `·`): a
name from the server goes into a request path, so nothing else may pass."""


def _has_id(entity: Any) -> bool:
    return isinstance(entity, dict) and "id" in entity


class HashtagScreen(TimelineScreen):
    """A hashtag's timeline opened from the search results: esc goes back to them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to search", id="search.hashtag.back"),
    ]

    def on_mount(self) -> None:
        """Opened before in this session: the posts are there, fetch what is new."""
        if self.timeline.items:
            self.action_refresh()

    def action_back(self) -> None:
        """Back to the search results."""
        self.dismiss(None)


class SearchScreen(Screen[None]):
    """A search box; accounts and hashtags in one list, posts in a list of posts below.

    The title of the part that has the focus is marked (and coloured), so `tab` visibly
    moves between the box, the accounts and hashtags, and the posts.
    """

    AUTO_FOCUS = "#query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("question_mark", "app.toggle_keys", "Keys", id="app.keys"),
        # The app's own `/` key, named here: from the results it leads back to the box.
        Binding("slash", "focus_query", "New search", id="app.search"),
        Binding("u", "profile", "Profile", id="search.profile"),
    ]
    DEFAULT_CSS = """
    SearchScreen #query {
        margin: 0 1;
        border-title-color: $text-muted;
        border-title-style: bold;
    }
    SearchScreen #query:focus {
        border-title-color: $text-accent;
    }
    SearchScreen #found {
        height: auto;
        max-height: 40%;
        margin: 0 1;
    }
    SearchScreen .heading {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-style: bold;
    }
    SearchScreen .heading.-focused {
        color: $text-accent;
    }
    """
    _HEADINGS: ClassVar[dict[str, str]] = {
        "found": "Accounts and hashtags",
        "posts": "Posts",
    }

    def __init__(self, session: AccountSession, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.session = session
        self.account = session.account
        self.clock = clock
        self.query_text = ""
        """The search whose results are shown (or on their way)."""
        self.accounts: list[Account] = []
        self.hashtags: list[str] = []
        self.statuses: list[Status] = []

    def compose(self) -> ComposeResult:
        """Account bar, the search box, the results and the key hints."""
        yield AccountBar(self.account, "Search")
        yield Input(placeholder="accounts, #hashtags and posts; enter searches", id="query")
        yield Static(classes="heading", id="found-heading", markup=False)
        yield PickList(id="found")
        yield Static(classes="heading", id="posts-heading", markup=False)
        yield TimelineView(id="posts")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def found(self) -> OptionList:
        """Accounts and hashtags."""
        return self.query_one("#found", OptionList)

    @property
    def posts(self) -> TimelineView:
        """The posts found."""
        return self.query_one("#posts", TimelineView)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        """Say what the box is for."""
        if self.clock is not None:
            self.posts.now = self.clock
        self._mark_focus()
        self.status.say(f"Searching on {self.account.server} as @{self.account.acct}")

    def on_descendant_focus(self, _: events.DescendantFocus) -> None:
        """Mark the heading of the list that now has the focus."""
        self._mark_focus()

    def _mark_focus(self) -> None:
        query = self.query_one("#query", Input)
        query.border_title = "▸ Search" if query.has_focus else "  Search"
        for list_id, heading in self._HEADINGS.items():
            focused = self.focused is not None and self.focused.id == list_id
            marker = self.query_one(f"#{list_id}-heading", Static)
            marker.set_class(focused, "-focused")
            marker.update(f"▸ {heading}" if focused else f"  {heading}")

    def focus_query(self) -> None:
        """Put the cursor in the search box (the `/` key, pressed here), its text selected:
        typing starts a new search, enter repeats the last one."""
        query = self.query_one("#query", Input)
        query.focus()
        query.select_all()

    def action_focus_query(self) -> None:
        """`/` on the results: back to the search box."""
        self.focus_query()

    # -- searching ------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box searches."""
        query = event.value.strip()
        if not query:
            return
        self.query_text = query
        self.status.say(f"Searching for “{one_line(query, 100)}”…")
        self._search(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        try:
            result = search.search(self.session.api, query)
        except ApiError as error:
            self.app.call_from_thread(self._failed, query, error.message)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed search
            log.exception("search failed")
            self.app.call_from_thread(
                self._failed, query, f"Unexpected error: {type(error).__name__}"
            )
        else:
            self.app.call_from_thread(self._arrived, query, result)

    def _arrived(self, query: str, result: SearchV2) -> None:
        if not self.is_mounted or query != self.query_text:
            return  # an older search, overtaken by a newer one
        self.accounts = [a for a in result.get("accounts") or () if _has_id(a)]
        self.hashtags = [
            name
            for name in (
                _TAG_JUNK.sub("", one_line(tag.get("name"), 100))
                for tag in result.get("hashtags") or ()
                if isinstance(tag, dict)
            )
            if name
        ]
        self.statuses = [s for s in result.get("statuses") or () if _has_id(s)]
        self._show_found()
        self.posts.set_items(self.statuses)
        self.posts.selected = 0
        self.posts.set_footer("" if self.statuses else "No posts found.")
        self.status.say(
            f"{plural(len(self.accounts), 'account')} · "
            f"{plural(len(self.hashtags), 'hashtag')} · "
            f"{plural(len(self.statuses), 'post')} for “{one_line(query, 100)}”"
        )
        if self.accounts or self.hashtags:
            self.found.focus()
            self.found.highlighted = self._first_enabled()
        elif self.statuses:
            self.posts.focus()

    def _show_found(self) -> None:
        options: list[Option] = []
        if self.accounts:
            options.append(Option(Content.styled("Accounts", "bold $text-muted"), disabled=True))
        for index, account in enumerate(self.accounts):
            acct = one_line(account.get("acct"), 200) or "unknown"
            name = one_line(account.get("display_name"), 80) or one_line(
                account.get("username"), 80
            )
            prompt = Content.assemble(
                "  ", (name or acct, "bold"), "  ", (f"@{acct}", "$text-muted")
            )
            options.append(Option(prompt, id=f"account:{index}"))
        if self.hashtags:
            options.append(Option(Content.styled("Hashtags", "bold $text-muted"), disabled=True))
        for index, name in enumerate(self.hashtags):
            options.append(Option(Content("  #" + name), id=f"tag:{index}"))
        if not options:
            options.append(Option(Content("No accounts or hashtags found."), disabled=True))
        self.found.clear_options()
        self.found.add_options(options)

    def _first_enabled(self) -> int | None:
        for index in range(self.found.option_count):
            if not self.found.get_option_at_index(index).disabled:
                return index
        return None

    def _failed(self, query: str, message: str) -> None:
        if not self.is_mounted or query != self.query_text:
            return
        text = f"Search failed: {message}"
        log.warning("%s (%s)", text, self.account.acct)
        self.status.say(text, error=True)
        self.notify(text, severity="error", timeout=6)

    # -- opening results ------------------------------------------------------

    def _chosen_account(self) -> Account | None:
        option_index = self.found.highlighted
        if option_index is None:
            return None
        kind, _, index = (self.found.get_option_at_index(option_index).id or "").partition(":")
        return self.accounts[int(index)] if kind == "account" else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an account opens its profile; on a hashtag, its timeline. Both open
        above the results, so esc comes back to them."""
        kind, _, index = (event.option.id or "").partition(":")
        if kind == "account":
            open_profile(self, self.session, self.accounts[int(index)], clock=self.clock)
        elif kind == "tag":
            timeline = self.session.timeline(f"tag:{self.hashtags[int(index)]}")
            self.app.push_screen(
                HashtagScreen(
                    self.account, self.session, timeline, clock=self.clock, session=self.session
                )
            )

    def on_timeline_view_post_opened(self, message: TimelineView.PostOpened) -> None:
        """Enter on a post opens its thread."""
        message.stop()
        status = next((s for s in self.statuses if str(s["id"]) == message.key), None)
        if status is not None:
            open_thread(self, self.session, status, clock=self.clock)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`u` works on a post or an account, not while typing; `/` leads back to the box
        (in it, `/` is typed)."""
        if action == "profile":
            return isinstance(self.focused, TimelineView | OptionList)
        if action == "focus_query":
            return not isinstance(self.focused, Input)
        return True

    def action_profile(self) -> None:
        """The profile of the selected account, or of the selected post's author."""
        if isinstance(self.focused, OptionList):
            account = self._chosen_account()
            if account is not None:
                open_profile(self, self.session, account, clock=self.clock)
        else:
            open_profile(self, self.session, self.posts.selected_item, clock=self.clock)

    def action_back(self) -> None:
        """Back to where the search was opened."""
        self.dismiss(None)
