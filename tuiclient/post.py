"""What the timeline shows of one status, read defensively from server data.

Every string here has been through `render.sanitize`; a status with missing or
mistyped fields still gives a `Post` (with placeholders), never an exception.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tuiclient import logs
from tuiclient.render import RichText, html_to_rich_text, sanitize, unescape_attribute

log = logs.get_logger("post")

MAX_NAME_CHARS = 80
"""Display names longer than this are cut: a name is a label, not a post."""


def _text(value: Any, limit: int = 2000) -> str:
    if not isinstance(value, str):
        return ""
    return sanitize(value[: limit * 2])[:limit].replace("\n", " ")


@dataclass(frozen=True, slots=True)
class Media:
    """One attachment: its type and the description people rely on."""

    kind: str
    description: str
    url: str


@dataclass(frozen=True, slots=True)
class PollOption:
    """One answer of a poll and how many chose it (None while results are hidden)."""

    title: str
    votes: int | None


@dataclass(frozen=True, slots=True)
class Poll:
    """A poll as the reader sees it."""

    options: tuple[PollOption, ...]
    votes: int
    expired: bool
    multiple: bool
    voted: bool
    own_votes: tuple[int, ...]
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class Card:
    """A link preview the server made (the client never fetches one itself)."""

    title: str
    url: str


QUOTE_NOTES = {
    "pending": "quote not yet approved by the quoted author",
    "rejected": "the quoted author declined this quote",
    "revoked": "the quoted author withdrew this quote",
    "deleted": "the quoted post was deleted",
    "unauthorized": "the quoted post is not visible to you",
    "blocked_account": "quoted post hidden: you blocked its author",
    "blocked_domain": "quoted post hidden: you blocked its server",
    "muted_account": "quoted post hidden: you muted its author",
}
"""What a quote says instead of the quoted post when its state is not "accepted".

States after https://docs.joinmastodon.org/entities/Quote/ (Mastodon 4.5); an unknown
state is read as "unauthorized", as the docs ask.
"""


@dataclass(frozen=True, slots=True)
class Quote:
    """A post quoted by another (Mastodon 4.5+): the quoted post, or why it is not shown."""

    state: str
    post: Post | None
    """The quoted post, only when the quote is accepted and the server sent it."""
    note: str
    """One line shown instead of the post when `post` is None."""


@dataclass(frozen=True, slots=True)
class Post:
    """A status made ready for display."""

    key: str
    """Id of the timeline item (the boost's own id for a boost)."""
    status_id: str
    """Id of the post shown (the boosted post for a boost)."""
    author_name: str
    author_acct: str
    created_at: datetime | None
    content: RichText
    spoiler: str
    media: tuple[Media, ...]
    boosted_by: str
    """Display name of the booster, empty if not a boost."""
    reply_to_acct: str
    """`@acct` the post replies to, `…` when unknown, empty if not a reply."""
    sensitive: bool
    favourited: bool = False
    """The logged-in account has favourited it."""
    reblogged: bool = False
    """The logged-in account has boosted it."""
    bookmarked: bool = False
    visibility: str = "public"
    edited: bool = False
    poll: Poll | None = None
    card: Card | None = None
    language: str = ""
    context: str = ""
    """A line above the post saying why it is here (a notification: "★ Ada favourited")."""
    quote: Quote | None = None
    """The post this one quotes, drawn under it."""

    @property
    def is_reply(self) -> bool:
        """Whether the post answers another."""
        return bool(self.reply_to_acct)

    @classmethod
    def from_status(cls, status: Any, *, read_quote: bool = True) -> Post:
        """Build a `Post` from a Mastodon.py `Status` (or any dict shaped like one).

        `read_quote` False (for a quoted post) only names the post it quotes in turn: a
        chain of quotes, however long the server makes it, is never followed.
        """
        wrapper: dict[str, Any] = status if isinstance(status, dict) else {}
        reblog = wrapper.get("reblog")
        shown: dict[str, Any] = reblog if isinstance(reblog, dict) else wrapper
        account = _mapping(shown.get("account"))
        booster = _mapping(wrapper.get("account"))
        acct = _text(account.get("acct"), 200) or "unknown"
        name = _text(account.get("display_name"), MAX_NAME_CHARS) or _text(
            account.get("username"), MAX_NAME_CHARS
        )
        boosted_by = ""
        if isinstance(reblog, dict):
            boosted_by = _text(booster.get("display_name"), MAX_NAME_CHARS) or _text(
                booster.get("acct"), 200
            )
        created = shown.get("created_at")
        content = html_to_rich_text(
            shown.get("content") if isinstance(shown.get("content"), str) else ""
        )
        return cls(
            key=str(wrapper.get("id", "")),
            status_id=str(shown.get("id", "")),
            author_name=name or acct,
            author_acct=acct,
            created_at=created if isinstance(created, datetime) else None,
            content=content,
            spoiler=_text(shown.get("spoiler_text"), 500),
            media=tuple(
                _media(m) for m in _list(shown.get("media_attachments")) if isinstance(m, dict)
            ),
            boosted_by=boosted_by,
            reply_to_acct=_reply_target(shown),
            sensitive=bool(shown.get("sensitive")),
            favourited=shown.get("favourited") is True,
            reblogged=shown.get("reblogged") is True,
            bookmarked=shown.get("bookmarked") is True,
            visibility=_text(shown.get("visibility"), 20) or "public",
            edited=bool(shown.get("edited_at")),
            poll=_poll(shown.get("poll")),
            card=_card(shown.get("card"), content.links),
            language=_text(shown.get("language"), 12),
            quote=_quote(shown.get("quote"), read=read_quote),
        )

    @property
    def links(self) -> tuple[str, ...]:
        """Every address in the post: its links, the card, its media, then the quoted post's."""
        found = list(self.content.links)
        if self.card is not None and self.card.url:
            found.append(self.card.url)
        found.extend(m.url for m in self.media if m.url)
        if self.quote is not None and self.quote.post is not None:
            found.extend(self.quote.post.links)
        return tuple(dict.fromkeys(found))


NOTIFICATION_VERBS = {
    "mention": ("@", "mentioned you"),
    "status": ("✎", "posted"),
    "reblog": ("↻", "boosted your post"),
    "favourite": ("★", "favourited your post"),
    "follow": ("+", "followed you"),
    "follow_request": ("?", "asked to follow you"),
    "poll": ("▤", "a poll ended"),
    "update": ("✎", "edited a post you interacted with"),
    "quote": ("❝", "quoted your post"),
    "quoted_update": ("✎", "edited a post that quotes yours"),
    "admin.sign_up": ("!", "signed up"),
    "admin.report": ("!", "filed a report"),
    "severed_relationships": ("!", "some of your follows were severed by a moderator"),
    "moderation_warning": ("!", "you received a moderation warning"),
}
"""What each notification type says; unknown types are shown by their name."""


def is_notification(item: Any) -> bool:
    """Whether a timeline item is a notification rather than a status."""
    return isinstance(item, dict) and "type" in item and "content" not in item


def notification_post(notification: Any) -> Post:
    """A notification as a post: its status (if any) under a line naming who did what.

    A group of notifications (API v2, see `tuiclient.api.grouped_notifications`) names
    its most recent accounts and counts the rest ("★ Ada, Grace and 3 others favourited
    your post"); a group without a post (a follow group) lists who is in it.
    """
    data = _mapping(notification)
    actors = _actors(data)
    count = data.get("notifications_count")
    count = max(count if isinstance(count, int) else 1, len(actors), 1)
    kind = _text(data.get("type"), 40) or "unknown"
    icon, verb = NOTIFICATION_VERBS.get(kind, ("•", f"notification: {kind}"))
    context = f"{icon} {_who(actors, count)} {verb}"
    status = data.get("status")
    if isinstance(status, dict):
        post = Post.from_status(status)
        return replace(post, key=str(data.get("id", "")), boosted_by="", context=context)
    actor = actors[0] if actors else {}
    created = data.get("created_at")
    return Post(
        key=str(data.get("id", "")),
        status_id="",
        author_name=_actor_name(actor),
        author_acct=_text(actor.get("acct"), 200) or "unknown",
        created_at=created if isinstance(created, datetime) else None,
        content=_account_list(actors, count) if count > 1 else html_to_rich_text(""),
        spoiler="",
        media=(),
        boosted_by="",
        reply_to_acct="",
        sensitive=False,
        context=context,
    )


NAMED_IN_GROUP = 2
"""How many accounts a group's line names before "and N others"."""


def _actors(notification: dict[str, Any]) -> list[dict[str, Any]]:
    # A group's sample accounts, most recent first; a single notification's account.
    sample = notification.get("sample_accounts")
    if isinstance(sample, list):
        return [account for account in sample if isinstance(account, dict)]
    account = notification.get("account")
    return [account] if isinstance(account, dict) else []


def _actor_name(account: dict[str, Any]) -> str:
    return (
        _text(account.get("display_name"), MAX_NAME_CHARS)
        or _text(account.get("acct"), 200)
        or "someone"
    )


def _who(actors: list[dict[str, Any]], count: int) -> str:
    """Who did it: "Ada", "Ada and Grace", "Ada, Grace and 3 others"."""
    names = [_actor_name(account) for account in actors[:NAMED_IN_GROUP]] or ["someone"]
    if count <= len(names):
        return " and ".join(names)
    return f"{', '.join(names)} and {_others(count - len(names))}"


def account_label(account: Any) -> str:
    """How a list of people names one of them: "Name @acct", sanitised."""
    data = _mapping(account)
    return f"{_actor_name(data)} @{_text(data.get('acct'), 200) or 'unknown'}"


def _account_list(actors: list[dict[str, Any]], count: int) -> RichText:
    """Everyone a group names, one per line (through the HTML renderer: names are text)."""
    lines = [html.escape(account_label(account)) for account in actors]
    if count > len(actors):
        lines.append(f"and {_others(count - len(actors))}")
    return html_to_rich_text("<p>" + "<br>".join(lines) + "</p>")


def _others(number: int) -> str:
    return f"{number} other{'' if number == 1 else 's'}"


def post_for(item: Any) -> Post:
    """The display form of a timeline item: a status or a notification.

    Never raises: an item that cannot be read becomes an "unreadable post" naming its id,
    and the rest of the page shows as usual.
    """
    try:
        if is_notification(item):
            return notification_post(item)
        if not _readable_status(item):
            return unreadable_post(item)
        return Post.from_status(item)
    except Exception:  # noqa: BLE001 - one bad post must not take the timeline with it
        log.warning("could not read the post %r", unreadable_post(item).status_id, exc_info=True)
        return unreadable_post(item)


UNREADABLE = "unreadable post"


def unreadable_post(item: Any) -> Post:
    """A stand-in for a post the server sent in a form that cannot be shown."""
    raw = item.get("id") if isinstance(item, dict) else None
    item_id = _text(raw if isinstance(raw, str) else str(raw) if raw is not None else "", 200)
    return Post(
        key=item_id,
        status_id="",
        author_name=UNREADABLE,
        author_acct=f"id {item_id}" if item_id else "no id",
        created_at=None,
        content=html_to_rich_text(
            "<p>The server sent this post in a form tuiclient cannot read"
            + (f" (id {html.escape(item_id)})" if item_id else "")
            + ".</p>"
        ),
        spoiler="",
        media=(),
        boosted_by="",
        reply_to_acct="",
        sensitive=False,
    )


def _readable_status(item: Any) -> bool:
    # A post needs at least an author and a body; everything else has placeholders.
    if not isinstance(item, dict):
        return False
    reblog = item.get("reblog")
    shown = reblog if isinstance(reblog, dict) else item
    return isinstance(shown.get("account"), dict) and isinstance(shown.get("content"), str)


def _poll(value: Any) -> Poll | None:
    if not isinstance(value, dict):
        return None
    options = []
    raw_options = value.get("options")
    for option in raw_options[:50] if isinstance(raw_options, list) else ():
        if isinstance(option, dict):
            votes = option.get("votes_count")
            options.append(
                PollOption(
                    _text(option.get("title"), 300), votes if isinstance(votes, int) else None
                )
            )
    own = _list(value.get("own_votes"))
    expires = value.get("expires_at")
    total = value.get("votes_count")
    return Poll(
        options=tuple(options[:50]),
        votes=total if isinstance(total, int) else 0,
        expired=value.get("expired") is True,
        multiple=value.get("multiple") is True,
        voted=value.get("voted") is True,
        own_votes=tuple(v for v in own if isinstance(v, int)),
        expires_at=expires if isinstance(expires, datetime) else None,
    )


def _card(value: Any, links: tuple[str, ...]) -> Card | None:
    if not isinstance(value, dict) or not isinstance(value.get("url"), str):
        return None
    url = _text(value.get("url"), 2000)
    # A card previews one of the post's links. Mastodon sends its address as plain JSON,
    # but a server that copies it out of the post's HTML (mastodon_mock does) leaves it
    # entity-encoded: "?utm_medium=x&amp;id=3", which would be a second, broken link.
    # Decoded as the HTML's own links are, it is that link; anything else stays as sent.
    decoded = unescape_attribute(url)
    if decoded != url and decoded in links:
        url = decoded
    return Card(title=_text(value.get("title"), 200), url=url)


def _quote(value: Any, *, read: bool) -> Quote | None:
    """The quote of a status: `Quote` (with the post) or `ShallowQuote` (its id only)."""
    if not isinstance(value, dict):
        return None
    state = _text(value.get("state"), 40) or "unauthorized"
    if state != "accepted":
        return Quote(state, None, QUOTE_NOTES.get(state, QUOTE_NOTES["unauthorized"]))
    if not read:
        return Quote(state, None, "quotes another post")
    quoted = value.get("quoted_status")
    if quoted is None:
        # A shallow quote names the post by id only; the server did not send it.
        return Quote(state, None, "quotes a post the server did not send along")
    if not _readable_status(quoted):
        return Quote(state, None, "the quoted post could not be read")
    return Quote(state, Post.from_status(quoted, read_quote=False), "")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any] | tuple[Any, ...]:
    return value if isinstance(value, list | tuple) else ()


def _media(attachment: dict[str, Any]) -> Media:
    return Media(
        kind=_text(attachment.get("type"), 20) or "unknown",
        description=_text(attachment.get("description"), 1500),
        url=_text(attachment.get("url"), 2000),
    )


def _reply_target(status: dict[str, Any]) -> str:
    if not status.get("in_reply_to_id"):
        return ""
    # Ids are opaque strings, but some servers (and Mastodon.py) hand out ints.
    target_id = str(status.get("in_reply_to_account_id"))
    for mention in _list(status.get("mentions")):
        if isinstance(mention, dict) and str(mention.get("id")) == target_id:
            return "@" + _text(mention.get("acct"), 200)
    account = status.get("account")
    if isinstance(account, dict) and str(account.get("id")) == target_id:
        return "@" + _text(account.get("acct"), 200)
    return "…"
