"""`PostActions`: the keys that write posts and act on the selected one.

A screen of posts inherits it and provides `session` and `selected_status()`. A
change to a post (a toggle, an edit, a vote, a deletion) goes to the account's
session as an event, and every screen of the account that shows the post redraws
(`show_session_event`); a screen that holds its own copy of posts (a thread) keeps it
in step through `replace_status(status)` and `remove_status(id)`. Toggles (boost,
favourite, bookmark) show at once and roll back with a message if the server refuses;
every request runs in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tuiclient import logs
from tuiclient.api import polls, statuses
from tuiclient.api.errors import ApiError
from tuiclient.api.server_limits import PostingInfo, posting_info
from tuiclient.config import Config
from tuiclient.drafts import Draft, DraftStore, edit_draft, redraft, reply_draft
from tuiclient.post import Post
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.session import AccountSession
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from mastodon.return_types import Status

log = logs.get_logger("post_actions")

ApiCall = Callable[[Any, str], "Status"]


class Toggle:
    """One of the on/off actions on a post: what it flips, and how to ask the server."""

    def __init__(
        self, flag: str, count: str, do: ApiCall, undo: ApiCall, done: str, undone: str, verb: str
    ) -> None:
        self.flag = flag
        self.count = count
        self.do = do
        self.undo = undo
        self.done = done
        self.undone = undone
        self.verb = verb


TOGGLES = {
    "boost": Toggle(
        "reblogged",
        "reblogs_count",
        statuses.reblog,
        statuses.unreblog,
        "Boosted",
        "Boost undone",
        "boost",
    ),
    "favourite": Toggle(
        "favourited",
        "favourites_count",
        statuses.favourite,
        statuses.unfavourite,
        "Favourited",
        "Favourite undone",
        "favourite",
    ),
    "bookmark": Toggle(
        "bookmarked",
        "",
        statuses.bookmark,
        statuses.unbookmark,
        "Bookmarked",
        "Bookmark removed",
        "bookmark",
    ),
}


def _flipped(status: Status, toggle: Toggle, on: bool) -> Status:
    """A copy of `status` as it will be once the server agrees (counts included)."""
    changes: dict[str, Any] = {toggle.flag: on}
    count = status.get(toggle.count) if toggle.count else None
    if isinstance(count, int):
        changes[toggle.count] = max(0, count + (1 if on else -1))
    return type(status)(**{**status, **changes})


def _original(status: Status) -> Status:
    reblog = status.get("reblog")
    return reblog if isinstance(reblog, dict) else status  # type: ignore[return-value]


def _excerpt(status: Status, width: int = 100) -> str:
    text = " ".join(Post.from_status(status).content.plain.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class PostActions(Screen[None]):
    """Writing, replying, boosting, favouriting, bookmarking, editing, deleting, voting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_post", "New post", show=False, id="post.new"),
        Binding("r", "reply", "Reply", show=False, id="post.reply"),
        Binding("R", "reply_all", "Reply to all", show=False, id="post.reply_all"),
        Binding("b", "boost", "Boost", show=False, id="post.boost"),
        Binding("f", "favourite", "Favourite", show=False, id="post.favourite"),
        Binding("B", "bookmark", "Bookmark", show=False, id="post.bookmark"),
        Binding("e", "edit", "Edit own post", show=False, id="post.edit"),
        Binding("D", "delete", "Delete own post", show=False, id="post.delete"),
        Binding("v", "vote", "Vote in poll", show=False, id="post.vote"),
        Binding("q", "quote", "Quote", show=False, id="post.quote"),
        Binding("d", "drafts", "Drafts", show=False, id="post.drafts"),
        Binding("H", "history", "Edit history", show=False, id="post.history"),
    ]

    session: AccountSession

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting_info: PostingInfo | None = None
        """What the server allows and the account's defaults, once asked."""
        self._in_flight: set[tuple[str, str]] = set()

    @property
    def toggles_pending(self) -> bool:
        """Whether a boost, favourite or bookmark is waiting for the server."""
        return bool(self._in_flight)

    # -- the parts every post-list screen has ------------------------------

    @property
    def view(self) -> TimelineView:
        """The list of posts."""
        return self.query_one(TimelineView)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    # -- hooks the screen provides ---------------------------------------

    def selected_status(self) -> Status | None:
        """The selected status (a boost's wrapper for a boost)."""
        return None

    def replace_status(self, status: Status) -> None:
        """Show a newer copy of `status` in this screen's own copy of posts, if it has one."""

    def remove_status(self, status_id: str) -> None:
        """Take a deleted status out of this screen's own copy of posts, if it has one."""

    def show_session_event(
        self, event: str, payload: Any, changed: set[str], *, live: bool = False
    ) -> None:
        """Redraw what an event changed; `changed` names the session's timelines it changed.

        This screen's own copy of posts (a thread's) follows edits and deletions.
        """
        if event == "status.update":
            self.replace_status(payload)
        elif event == "delete":
            self.remove_status(str(payload))

    # -- changes every screen of the account shows ---------------------------

    def session_event(self, event: str, payload: Any) -> None:
        """Apply a change to the account's loaded timelines; every screen of the account
        that shows what changed redraws, on screen or not (this one included)."""
        apply = getattr(self.app, "apply_session_event", None)
        if apply is not None:
            apply(self.session.acct, event, payload)
        else:
            self.show_session_event(event, payload, self.session.apply_event(event, payload))

    def status_changed(self, status: Status) -> None:
        """A newer copy of `status` (after an action, or an edit) replaces every old one."""
        self.session_event("status.update", status)

    def status_deleted(self, status_id: str) -> None:
        """A deleted status leaves every view of the account."""
        self.session_event("delete", status_id)

    # -- helpers ---------------------------------------------------------

    @property
    def draft_store(self) -> DraftStore:
        """The drafts of this screen's account."""
        return DraftStore(self.session.acct)

    def _asks_first(self, action: str) -> bool:
        config = getattr(self.app, "config", None)
        return action in (config.confirm if isinstance(config, Config) else ["delete"])

    def _target(self) -> Status | None:
        status = self.selected_status()
        if status is None:
            self.notify("Select a post first.", severity="warning", timeout=3)
            return None
        if "type" in status and "content" not in status:
            # A notification: act on the post it is about, if any.
            inner = status.get("status")
            if not isinstance(inner, dict):
                self.notify("This notification is not about a post.", timeout=3)
                return None
            status = inner  # type: ignore[assignment]
        return _original(status)

    def is_own(self, status: Status) -> bool:
        """Whether `status` was written by this screen's account."""
        account = status.get("account")
        if not isinstance(account, dict):
            return False
        own_id = self.posting_info.account_id if self.posting_info else ""
        if own_id:
            return str(account.get("id")) == own_id
        return account.get("acct") in (self.session.acct, self.session.acct.split("@", 1)[0])

    def _with_info(self, then: Callable[[], None]) -> None:
        """Run `then` once the posting info is known (asking the server the first time)."""
        if self.posting_info is not None:
            then()
        else:
            self._fetch_posting_info(then)

    @work(thread=True, group="post-info", exit_on_error=False)
    def _fetch_posting_info(self, then: Callable[[], None]) -> None:
        info = posting_info(self.session.api)
        self.app.call_from_thread(self._posting_info_arrived, info, then)

    def _posting_info_arrived(self, info: PostingInfo, then: Callable[[], None]) -> None:
        if info.limits.known:
            self.remember_info(info)
        then()

    def remember_info(self, info: PostingInfo) -> None:
        """Keep what the server said for the next composer (and the quote action)."""
        self.posting_info = info
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Quoting is there only where the server supports it."""
        if action == "quote" and self.posting_info is not None:
            return self.posting_info.limits.supports_quotes
        return True

    # -- writing ---------------------------------------------------------

    def open_composer(
        self,
        draft: Draft,
        *,
        visibility_cap: str = "",
        context: str = "",
        from_store: bool = False,
    ) -> None:
        """Open the composer on `draft`, for this screen's account."""
        # Imported on first use: the composer is not needed to show the first timeline.
        from tuiclient.screens.compose import ComposeScreen

        self.app.push_screen(
            ComposeScreen(
                self.session,
                draft,
                store=self.draft_store,
                info=self.posting_info,
                on_info=self.remember_info,
                visibility_cap=visibility_cap,
                context=context,
                from_store=from_store,
            ),
            self._composer_closed,
        )

    def _composer_closed(self, status: Status | None) -> None:
        if status is None:
            return
        self.status_changed(status)
        if not status.get("edited_at"):
            self.own_post_sent(status)

    def own_post_sent(self, status: Status) -> None:
        """A new post of the user's is on the server: fetch what is new (their post with it)."""
        refresh = getattr(self, "action_refresh", None)
        if callable(refresh):
            refresh()

    def _reopen(self, matches: Callable[[Draft], bool]) -> bool:
        """Reopen an unsent draft that `matches`, if there is one."""
        try:
            draft = next((d for d in self.draft_store.list() if matches(d)), None)
        except OSError:
            draft = None
        if draft is None:
            return False
        self.notify("Reopened your unsent draft of this", timeout=3)
        self.open_composer(draft, from_store=True)
        return True

    def action_new_post(self) -> None:
        """Write a new post."""
        self.open_composer(Draft())

    def action_reply(self) -> None:
        """Reply to the author of the selected post."""
        self._reply(everyone=False)

    def action_reply_all(self) -> None:
        """Reply to the author and everyone the post mentions (but yourself)."""
        self._reply(everyone=True)

    def _reply(self, *, everyone: bool) -> None:
        status = self._target()
        if status is None:
            return
        status_id = str(status["id"])
        if self._reopen(lambda d: d.in_reply_to_id == status_id and not d.edit_id):
            return
        draft = reply_draft(
            status,
            own_id=self.posting_info.account_id if self.posting_info else "",
            own_acct=self.session.acct,
            everyone=everyone,
        )
        self.open_composer(
            draft,
            visibility_cap=str(status.get("visibility") or ""),
            context=f"Replying to {draft.reply_to}: {_excerpt(status)}",
        )

    def action_quote(self) -> None:
        """Quote the selected post in a new one (servers with quote posts only)."""
        status = self._target()
        if status is not None:
            self._with_info(lambda: self._quote(status))

    def _quote(self, status: Status) -> None:
        if self.posting_info is not None and not self.posting_info.limits.supports_quotes:
            self._tell("This server does not support quote posts.")
            return
        account = status.get("account") or {}
        self.open_composer(
            Draft(quoted_status_id=str(status["id"])),
            context=f"Quoting @{account.get('acct', '?')}: {_excerpt(status)}",
        )

    def action_drafts(self) -> None:
        """List the unsent drafts; enter reopens one."""

        def opened(draft: Draft | None) -> None:
            if draft is not None:
                self.open_composer(draft, from_store=True)

        from tuiclient.screens.drafts import DraftsScreen  # not needed for the first frame

        self.app.push_screen(DraftsScreen(self.draft_store), opened)

    # -- editing and deleting one's own posts ------------------------------

    def action_edit(self) -> None:
        """Edit the selected post (your own): text, content warning, alt text."""
        status = self._target()
        if status is not None:
            self._with_info(lambda: self._start_edit(status))

    def _start_edit(self, status: Status) -> None:
        if not self.is_own(status):
            self._tell("Only your own posts can be edited.")
            return
        status_id = str(status["id"])
        if self._reopen(lambda d: d.edit_id == status_id):
            return
        self.notify("Loading the post's text…", timeout=2)
        self._load_source(status)

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _load_source(self, status: Status) -> None:
        try:
            source = statuses.source(self.session.api, str(status["id"]))
        except ApiError as error:
            self.app.call_from_thread(self._action_failed, "load the post for editing", error)
        else:
            self.app.call_from_thread(self._open_edit, status, source)

    def _open_edit(self, status: Status, source: Any) -> None:
        self.open_composer(
            edit_draft(status, source), context=f"Editing your post: {_excerpt(status)}"
        )

    def action_delete(self) -> None:
        """Delete the selected post (your own), after asking if the config says so."""
        status = self._target()
        if status is not None:
            self._with_info(lambda: self._confirm_delete(status))

    def _confirm_delete(self, status: Status) -> None:
        if not self.is_own(status):
            self._tell("Only your own posts can be deleted.")
            return
        if not self._asks_first("delete"):
            self._delete_in_thread(status)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete_in_thread(status)

        self.app.push_screen(
            ConfirmScreen(f"Delete this post?\n\n{_excerpt(status, 300)}", yes="Delete"), answered
        )

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _delete_in_thread(self, status: Status) -> None:
        try:
            statuses.delete(self.session.api, str(status["id"]))
        except ApiError as error:
            self.app.call_from_thread(self._action_failed, "delete the post", error)
        else:
            self.app.call_from_thread(self._deleted, str(status["id"]), "Deleted")

    def _deleted(self, status_id: str, message: str) -> None:
        self.status_deleted(status_id)
        self.notify(message, timeout=3)

    def action_redraft(self) -> None:
        """Delete the selected post (your own) and open its text in the composer."""
        status = self._target()
        if status is not None:
            self._with_info(lambda: self._ask_redraft(status))

    def _ask_redraft(self, status: Status) -> None:
        if not self.is_own(status):
            self._tell("Only your own posts can be redrafted.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._redraft_in_thread(status)

        self.app.push_screen(
            ConfirmScreen(
                "Delete this post and open its text in the composer? "
                "Its boosts, favourites and replies do not come back.\n\n" + _excerpt(status, 300),
                yes="Delete and redraft",
            ),
            answered,
        )

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _redraft_in_thread(self, status: Status) -> None:
        api = self.session.api
        call = self.app.call_from_thread
        try:
            draft = redraft(status, statuses.source(api, str(status["id"])))
        except ApiError as error:
            call(self._action_failed, "load the post to redraft it", error)
            return
        # The text is on disk before the post is gone from the server.
        saved = call(self._save_quietly, draft)
        try:
            statuses.delete(api, str(status["id"]))
        except ApiError as error:
            if saved:
                call(self.draft_store.delete, draft.id)
            call(self._action_failed, "delete the post", error)
            return
        call(self._deleted, str(status["id"]), "Deleted; its text is in the composer")
        call(self.open_composer, draft, from_store=saved)

    def _save_quietly(self, draft: Draft) -> bool:
        try:
            self.draft_store.save(draft)
        except OSError as error:
            log.warning("could not save redraft: %s", error)
            return False
        return True

    def action_history(self) -> None:
        """Show every version of the selected (edited) post."""
        status = self._target()
        if status is None:
            return
        if not status.get("edited_at"):
            self._tell("This post has not been edited.")
            return
        self._history_in_thread(status)

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _history_in_thread(self, status: Status) -> None:
        try:
            versions = statuses.history(self.session.api, str(status["id"]))
        except ApiError as error:
            self.app.call_from_thread(self._action_failed, "load the edit history", error)
        else:
            from tuiclient.screens.history import HistoryScreen

            self.app.call_from_thread(self.app.push_screen, HistoryScreen(versions))

    # -- toggles -----------------------------------------------------------

    def action_boost(self) -> None:
        """Boost the selected post, or undo your boost."""
        self._toggle("boost")

    def action_favourite(self) -> None:
        """Favourite the selected post, or undo it."""
        self._toggle("favourite")

    def action_bookmark(self) -> None:
        """Bookmark the selected post, or remove the bookmark."""
        self._toggle("bookmark")

    def _toggle(self, kind: str) -> None:
        status = self._target()
        if status is None:
            return
        toggle = TOGGLES[kind]
        key = (kind, str(status["id"]))
        if key in self._in_flight:
            self.notify(f"Still waiting for the server to {toggle.verb}…", timeout=2)
            return
        on = status.get(toggle.flag) is not True
        if kind == "boost" and on:
            if status.get("visibility") in ("private", "direct") and not self.is_own(status):
                self._tell("Followers-only and direct posts cannot be boosted.")
                return
            if self._asks_first("boost"):

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._apply_toggle(kind, status, on)

                self.app.push_screen(
                    ConfirmScreen(
                        f"Boost this post to your followers?\n\n{_excerpt(status, 300)}",
                        yes="Boost",
                    ),
                    answered,
                )
                return
        self._apply_toggle(kind, status, on)

    def _apply_toggle(self, kind: str, status: Status, on: bool) -> None:
        self._in_flight.add((kind, str(status["id"])))
        self.status_changed(_flipped(status, TOGGLES[kind], on))
        self._toggle_in_thread(kind, status, on)

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _toggle_in_thread(self, kind: str, status: Status, on: bool) -> None:
        toggle = TOGGLES[kind]
        request = toggle.do if on else toggle.undo
        try:
            answer = request(self.session.api, str(status["id"]))
        except ApiError as error:
            self.app.call_from_thread(self._toggle_failed, kind, status, on, error)
        else:
            self.app.call_from_thread(self._toggled, kind, status, on, answer)

    def _toggled(self, kind: str, status: Status, on: bool, answer: Status) -> None:
        toggle = TOGGLES[kind]
        self._in_flight.discard((kind, str(status["id"])))
        if str(answer.get("id")) == str(status["id"]):
            # Servers can be slow to count; keep the flag the user asked for.
            self.status_changed(type(answer)(**{**answer, toggle.flag: on}))
        self.notify(toggle.done if on else toggle.undone, timeout=2)

    def _toggle_failed(self, kind: str, status: Status, on: bool, error: ApiError) -> None:
        toggle = TOGGLES[kind]
        self._in_flight.discard((kind, str(status["id"])))
        self.status_changed(status)  # back to what the server has
        what = toggle.verb if on else f"undo the {toggle.verb}"
        self._action_failed(what, error)

    # -- polls -------------------------------------------------------------

    def action_vote(self) -> None:
        """Vote in the selected post's poll."""
        status = self._target()
        if status is None:
            return
        poll = status.get("poll")
        if not isinstance(poll, dict):
            self.notify("This post has no poll.", timeout=3)
            return
        if poll.get("expired") is True:
            self.notify("This poll has ended.", timeout=3)
            return
        if poll.get("voted") is True:
            self.notify("You have voted in this poll already.", timeout=3)
            return

        def chosen(choices: list[int] | None) -> None:
            if choices:
                self._vote_in_thread(status, str(poll["id"]), choices)

        from tuiclient.screens.vote import VoteScreen

        self.app.push_screen(VoteScreen(poll), chosen)

    @work(thread=True, group="post-actions", exit_on_error=False)
    def _vote_in_thread(self, status: Status, poll_id: str, choices: list[int]) -> None:
        try:
            poll = polls.vote(self.session.api, poll_id, choices)
        except ApiError as error:
            self.app.call_from_thread(self._action_failed, "vote", error)
        else:
            self.app.call_from_thread(self._voted, status, poll)

    def _voted(self, status: Status, poll: Any) -> None:
        self.status_changed(type(status)(**{**status, "poll": poll}))
        self.notify("Voted", timeout=2)

    # -- shared ------------------------------------------------------------

    def _action_failed(self, what: str, error: ApiError) -> None:
        log.warning("could not %s (%s): %s", what, self.session.acct, error.message)
        self._tell(f"Could not {what}: {error.message}", error=True)

    def _tell(self, message: str, *, error: bool = False) -> None:
        """Say `message` in a notification and on the status line (if the screen has one)."""
        self.notify(message, severity="error" if error else "warning", timeout=6 if error else 4)
        lines = self.query(StatusLine)
        if lines:
            lines.first().say(message, error=error)

    def post_commands(self) -> Iterable[SystemCommand]:
        """The palette's commands for posts (the app adds them on this screen)."""
        yield SystemCommand("New post", "Write a post (n)", self.action_new_post)
        yield SystemCommand("Reply", "Reply to the selected post (r)", self.action_reply)
        yield SystemCommand(
            "Reply to all", "Reply to the author and everyone mentioned (R)", self.action_reply_all
        )
        yield SystemCommand("Boost", "Boost the selected post, or undo (b)", self.action_boost)
        yield SystemCommand(
            "Favourite", "Favourite the selected post, or undo (f)", self.action_favourite
        )
        yield SystemCommand(
            "Bookmark", "Bookmark the selected post, or remove it (B)", self.action_bookmark
        )
        yield SystemCommand("Edit post", "Edit your selected post (e)", self.action_edit)
        yield SystemCommand("Delete post", "Delete your selected post (D)", self.action_delete)
        yield SystemCommand(
            "Delete and redraft",
            "Delete your selected post and open its text in the composer",
            self.action_redraft,
        )
        yield SystemCommand("Vote", "Vote in the selected post's poll (v)", self.action_vote)
        yield SystemCommand(
            "Edit history", "Every version of the selected edited post (H)", self.action_history
        )
        yield SystemCommand("Drafts", "Your unsent drafts (d)", self.action_drafts)
        if self.posting_info is None or self.posting_info.limits.supports_quotes:
            yield SystemCommand("Quote", "Quote the selected post (q)", self.action_quote)
