"""`ProfileScreen`: who an account is, how you stand with it, and its posts.

The header is drawn from server data that is hostile until rendered: names and
field values are sanitised text, the bio goes through `render.html_to_rich_text`,
and every piece becomes `Content` from plain strings, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, ClassVar

from mastodon.return_types import Account, Relationship
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.widgets import Static

from tuiclient import logs
from tuiclient.api import profiles
from tuiclient.api.errors import ApiError
from tuiclient.render import RichText, html_to_rich_text, sanitize
from tuiclient.retry import DEFAULT_PATIENCE, Patience, RetryPlan
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.thread import Clock, read_failed
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.session import AccountSession
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView

log = logs.get_logger("profile")

BIO_CHARS = 1_000
"""A bio longer than this is cut: the header must leave room for the posts."""
MAX_FIELDS = 8
"""Profile fields shown (Mastodon allows 4, other servers more)."""

_SPAN_STYLES = {
    "link": "underline $post-link",
    "mention": "$primary",
    "hashtag": "$post-tag",
    "code": "$accent",
    "quote": "italic $post-muted",
    "bold": "bold",
    "italic": "italic",
}

CHANGES: dict[str, tuple[str, str, Callable[[Any, str], Relationship]]] = {
    "follow": ("Follow", "followed", profiles.follow),
    "unfollow": ("Unfollow", "unfollowed", profiles.unfollow),
    "mute": ("Mute", "muted", profiles.mute),
    "unmute": ("Unmute", "unmuted", profiles.unmute),
    "block": ("Block", "blocked", profiles.block),
    "unblock": ("Unblock", "unblocked", profiles.unblock),
}
"""What each relationship key does: its label, what it did, and the api call."""


def one_line(value: Any, limit: int) -> str:
    """A server string as one safe line of at most `limit` characters ("" if not a string)."""
    if not isinstance(value, str):
        return ""
    return " ".join(sanitize(value[: limit * 2]).split())[:limit]


def _count(value: Any, one: str, many: str) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"? {many}"
    return f"{value:,} {one if value == 1 else many}"


def rich_text_content(text: RichText) -> Content:
    """Rendered server HTML as `Content`, its lines joined, links and tags styled."""
    lines: list[Content] = []
    for line in text.lines:
        spans: list[Span] = []
        offset = 0
        for span in line:
            style = _SPAN_STYLES.get(span.kind)
            if style is not None:
                spans.append(Span(offset, offset + len(span.text), style))
            offset += len(span.text)
        lines.append(Content("".join(span.text for span in line), spans))
    if text.truncated_chars:
        lines.append(Content.styled("… (cut)", "$post-muted"))
    return Content("\n").join(lines)


def relationship_words(relationship: Mapping[str, Any] | None, *, is_self: bool) -> list[str]:
    """How the logged-in account stands with a profile, in a few words."""
    if is_self:
        return ["This is you"]
    if relationship is None:
        return ["…"]
    words = []
    if relationship.get("following"):
        words.append("You follow them")
    elif relationship.get("requested"):
        words.append("Follow requested")
    if relationship.get("followed_by"):
        words.append("Follows you")
    if not words:
        words.append("You do not follow each other")
    for key, word in (
        ("muting", "Muted"),
        ("blocking", "Blocked"),
        ("blocked_by", "Blocks you"),
        ("domain_blocking", "Server blocked"),
    ):
        if relationship.get(key):
            words.append(word)
    return words


def profile_content(
    account: Mapping[str, Any], relationship: Mapping[str, Any] | None, *, is_self: bool
) -> Content:
    """The profile header: name and @acct, bio, fields, counts and relationship."""
    acct = one_line(account.get("acct"), 200) or "unknown"
    name = (
        one_line(account.get("display_name"), 80) or one_line(account.get("username"), 80) or acct
    )
    marks = [
        mark
        for mark, on in (
            ("locked: approves followers", account.get("locked")),
            ("bot", account.get("bot")),
        )
        if on is True
    ]
    title = Content.assemble((name, "bold $post-author"), "  ", (f"@{acct}", "$post-muted"))
    if marks:
        title += Content.styled("  · " + " · ".join(marks), "$warning")
    lines = [title]
    note = account.get("note")
    bio = html_to_rich_text(note if isinstance(note, str) else "", max_chars=BIO_CHARS)
    if bio.plain.strip():
        lines.append(rich_text_content(bio))
    fields = account.get("fields")
    if isinstance(fields, Sequence) and not isinstance(fields, str):
        for field in list(fields)[:MAX_FIELDS]:
            if not isinstance(field, Mapping):
                continue
            value = html_to_rich_text(
                field.get("value") if isinstance(field.get("value"), str) else "", max_chars=300
            )
            lines.append(
                Content.assemble(
                    (one_line(field.get("name"), 100) + ":", "bold $post-muted"),
                    " ",
                    " ".join(value.plain.split()),
                    (" ✓", "$success") if field.get("verified_at") else "",
                )
            )
    lines.append(
        Content(
            f"{_count(account.get('statuses_count'), 'post', 'posts')} · "
            f"{_count(account.get('following_count'), 'following', 'following')} · "
            f"{_count(account.get('followers_count'), 'follower', 'followers')}"
        )
    )
    lines.append(
        Content.styled(" · ".join(relationship_words(relationship, is_self=is_self)), "$accent")
    )
    return Content("\n").join(lines)


class ProfileHeader(Static):
    """Name, bio, fields, counts and relationship, above the account's posts."""

    DEFAULT_CSS = """
    ProfileHeader {
        height: auto;
        max-height: 50%;
        padding: 0 1;
        background: $panel;
        border-bottom: solid $primary;
    }
    """


class ProfileScreen(TimelineScreen):
    """An account's profile over its posts, with follow, mute and block."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Follow, mute and block need the footer's room: esc and the links key stay in `?`.
        Binding("escape", "back", "Back", show=False, id="profile.back"),
        Binding("o", "open_links", "Links", show=False, id="timeline.links"),
        Binding("F", "change('follow')", "Follow", id="profile.follow"),
        Binding("F", "change('unfollow')", "Unfollow", id="profile.unfollow"),
        Binding("M", "change('mute')", "Mute", id="profile.mute"),
        Binding("M", "change('unmute')", "Unmute", id="profile.unmute"),
        Binding("X", "change('block')", "Block", id="profile.block"),
        Binding("X", "change('unblock')", "Unblock", id="profile.unblock"),
    ]

    def __init__(
        self,
        session: AccountSession,
        account: Account,
        *,
        clock: Clock | None = None,
        patience: Patience = DEFAULT_PATIENCE,
    ) -> None:
        super().__init__(
            session.account,
            session,
            session.timeline(f"account:{account['id']}"),
            clock=clock,
            session=session,
            patience=patience,
        )
        self.profile = account
        self.profile_id = str(account["id"])
        self.relationship: Relationship | None = None
        self.profile_retries = RetryPlan(patience, now=clock)
        """When a failed load of the account (the header) is tried again; the posts below
        retry on their own, as a timeline's do."""

    @property
    def profile_acct(self) -> str:
        """The account's `@acct` as shown."""
        return one_line(self.profile.get("acct"), 200) or "unknown"

    @property
    def is_self(self) -> bool:
        """Whether this is the logged-in account's own profile."""
        mine = self.session.acct
        acct = one_line(self.profile.get("acct"), 200)
        return acct == mine or f"{acct}@{mine.partition('@')[2]}" == mine

    def compose(self) -> ComposeResult:
        """The timeline screen, with the profile header above the posts."""
        for widget in super().compose():
            if isinstance(widget, TimelineView):
                yield ProfileHeader(id="profile")
            yield widget

    def on_mount(self) -> None:
        """Show what is known at once; fetch the profile and how you stand with it."""
        bar = self.query_one(AccountBar)
        bar.view_title = f"Profile of @{self.profile_acct}"
        bar.show()
        self._show_header()
        if self.timeline.items:
            # Opened before in this session: the posts are there, fetch what is new.
            super().action_refresh()
        self._load_profile(self.profile_id)

    def _show_header(self) -> None:
        self.query_one(ProfileHeader).update(
            profile_content(self.profile, self.relationship, is_self=self.is_self)
        )

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def _load_profile(self, account_id: str) -> None:
        try:
            account = profiles.account(self.session.api, account_id)
            relationship = (
                None if self.is_self else profiles.relationship(self.session.api, account_id)
            )
        except ApiError as error:
            self.app.call_from_thread(self._profile_failed, error)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed load
            log.exception("loading the profile %s failed", account_id)
            unexpected = ApiError(f"Unexpected error: {type(error).__name__}")
            self.app.call_from_thread(self._profile_failed, unexpected)
        else:
            self.app.call_from_thread(self._profile_arrived, account, relationship)

    def _profile_arrived(self, account: Account, relationship: Relationship | None) -> None:
        if not self.is_attached:
            return  # closed meanwhile
        self.profile_retries.succeeded()
        self.profile_retries.cancel()
        self.profile = account
        self.relationship = relationship
        self._show_header()
        self.refresh_bindings()

    def _profile_failed(self, error: ApiError) -> None:
        if not self.is_attached:
            return  # closed meanwhile: nothing to show, nothing to retry
        text = f"Could not load the profile: {error.message}"
        read_failed(
            self, self.profile_retries, text, error, lambda: self._load_profile(self.profile_id)
        )

    def action_refresh(self) -> None:
        """The posts as a timeline refreshes them, and the account afresh (after a failure:
        now, unless the server asked to wait)."""
        if not self.session.login_rejected and not self.profile_retries.held():
            self.profile_retries.cancel()
            self._load_profile(self.profile_id)
        super().action_refresh()

    def on_unmount(self) -> None:
        """Closed: no pending retry is sent."""
        self.profile_retries.cancel()
        self.retries.cancel()

    # -- follow, mute, block ------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the change that applies: follow or unfollow, mute or unmute..."""
        if action == "change":
            return bool(parameters) and parameters[0] in self._changes_offered()
        return super().check_action(action, parameters)

    def _changes_offered(self) -> set[str]:
        relationship = self.relationship
        if self.is_self or relationship is None:
            return set()
        following = relationship.get("following") or relationship.get("requested")
        return {
            "unfollow" if following else "follow",
            "unmute" if relationship.get("muting") else "mute",
            "unblock" if relationship.get("blocking") else "block",
        }

    def relationship_commands(self) -> Iterable[SystemCommand]:
        """The palette's follow, mute and block commands that apply now."""
        keys = {"follow": "F", "unfollow": "F", "mute": "M", "unmute": "M"}
        for change in sorted(self._changes_offered()):
            label = CHANGES[change][0]
            yield SystemCommand(
                f"{label} @{self.profile_acct} ({keys.get(change, 'X')})",
                f"{label} this account, after a question",
                partial(self.action_change, change),
            )

    def action_change(self, change: str) -> None:
        """Ask, then follow, unfollow, mute, unmute, block or unblock the account."""
        if change not in CHANGES or change not in self._changes_offered():
            return
        label = CHANGES[change][0]
        question = f"{label} @{self.profile_acct}?\n\nYou act as @{self.account.acct}."
        self.app.push_screen(
            ConfirmScreen(question, yes=label, no="Cancel"),
            partial(self._answered, change),
        )

    def _answered(self, change: str, yes: bool | None) -> None:
        if yes:
            self._change(change)

    @work(thread=True, exclusive=True, group="relationship", exit_on_error=False)
    def _change(self, change: str) -> None:
        label, done, call = CHANGES[change]
        self.app.call_from_thread(self.status.say, f"{label} @{self.profile_acct}…")
        try:
            relationship = call(self.session.api, self.profile_id)
        except ApiError as error:
            message = f"Could not {label.lower()} @{self.profile_acct}: {error.message}"
            self.app.call_from_thread(self._change_failed, message)
        except Exception as error:  # noqa: BLE001 - anything else is still only a failed change
            log.exception("%s of %s failed", change, self.profile_id)
            message = f"Could not {label.lower()} @{self.profile_acct}: {type(error).__name__}"
            self.app.call_from_thread(self._change_failed, message)
        else:
            self.app.call_from_thread(self._changed, relationship, done)

    def _changed(self, relationship: Relationship, done: str) -> None:
        # After a mute or block its posts, boosts and notifications leave every loaded
        # timeline of the account at once (this profile's own list stays), also if the
        # profile was closed meanwhile; pages loaded later leave them out until it is
        # neither muted nor blocked.
        if done in ("muted", "blocked"):
            self.session_event("account.hidden", self.profile_id)
        elif done in ("unmuted", "unblocked") and not (
            relationship.get("muting") or relationship.get("blocking")
        ):
            self.session_event("account.shown", self.profile_id)
        if not self.is_mounted:
            return
        self.relationship = relationship
        self._show_header()
        self.refresh_bindings()
        if done == "followed" and relationship.get("requested"):
            message = f"Asked to follow @{self.profile_acct}"
        else:
            message = f"You {done} @{self.profile_acct}"
        self.status.say(message)
        self.notify(message, timeout=3)
        self._load_profile(self.profile_id)  # the counts change too

    def _change_failed(self, message: str) -> None:
        if not self.is_mounted:
            return
        log.warning("%s (%s)", message, self.account.acct)
        self.status.say(message, error=True)
        self.notify(message, severity="error", timeout=6)

    def action_back(self) -> None:
        """Back to where the profile was opened."""
        self.dismiss(None)
