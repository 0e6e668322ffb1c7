"""Timelines: https://docs.joinmastodon.org/methods/timelines/

Every function returns one page, newest first, as Mastodon.py's paginated list
(its `_pagination_next` holds the server's cursor for the next older page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuiclient.api import notifications
from tuiclient.api.errors import ApiError, translated, unreadable
from tuiclient.api.pages import Page

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Status

PAGE_SIZE = 40
"""Mastodon's largest page for timelines."""

TIMELINE_TITLES = {
    "home": "Home",
    "local": "Local",
    "federated": "Federated",
    "bookmarks": "Bookmarks",
    "favourites": "Favourites",
    "direct": "Direct messages",
    "notifications": "Notifications",
    "notifications:mentions": "Notifications: mentions only",
}

SERVER_ORDERED = frozenset({"bookmarks", "favourites"})
"""Timelines ordered by when the user acted, not by status id."""


def title(timeline: str) -> str:
    """What a timeline is called on screen: `Home`, `#tag`, `List 42`..."""
    if timeline in TIMELINE_TITLES:
        return TIMELINE_TITLES[timeline]
    kind, _, value = timeline.partition(":")
    return {"tag": f"#{value}", "list": f"List {value}", "account": "Posts"}.get(kind, timeline)


def _page(result: Any) -> list[Status]:
    if not isinstance(result, list):  # an error document or garbage answered with 200
        raise unreadable()
    # Keep Mastodon.py's list type: its pagination attributes travel with it.
    return result


@translated
def fetch(
    api: Mastodon,
    timeline: str,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = PAGE_SIZE,
) -> list[Status]:
    """One page of `timeline`: `home`, `local`, `federated`, `tag:NAME`, `list:ID`,
    `account:ID`, `bookmarks`, `favourites`, `direct`, `notifications` or
    `notifications:mentions`.

    `max_id` pages to older posts; `since_id` asks for the newest posts above it
    (a full page then means there may be more between: a gap).
    https://docs.joinmastodon.org/methods/timelines/ ,
    https://docs.joinmastodon.org/methods/bookmarks/ ,
    https://docs.joinmastodon.org/methods/favourites/ ,
    https://docs.joinmastodon.org/methods/accounts/#statuses ,
    https://docs.joinmastodon.org/methods/conversations/ ,
    https://docs.joinmastodon.org/methods/grouped_notifications/
    """
    paging: dict[str, Any] = {"max_id": max_id, "since_id": since_id, "limit": limit}
    kind, _, value = timeline.partition(":")
    if timeline == "home":
        return _page(api.timeline_home(**paging))
    if timeline == "local":
        return _page(api.timeline_local(**paging))
    if timeline == "federated":
        return _page(api.timeline_public(**paging))
    if timeline == "bookmarks":
        return _page(api.bookmarks(**paging))
    if timeline == "favourites":
        return _page(api.favourites(**paging))
    if kind == "notifications":
        # Groups of notifications (API v2) where the server has them: see notifications.page.
        return _page(notifications.page(api, mentions_only=value == "mentions", **paging))
    if timeline == "direct":
        conversations = _page(api.conversations(**paging))
        page = Page(
            c["last_status"]
            for c in conversations
            if isinstance(c, dict) and isinstance(c.get("last_status"), dict)
        )
        # Conversations page by their own ids: keep the server's cursor with the posts.
        page._pagination_next = getattr(conversations, "_pagination_next", None)
        return page
    if kind == "tag" and value:
        return _page(api.timeline_hashtag(value, **paging))
    if kind == "list" and value:
        return _page(api.timeline_list(value, **paging))
    if kind == "account" and value:
        return _page(api.account_statuses(value, **paging))
    raise ApiError(f"Unknown timeline {timeline!r}")


def home(
    api: Mastodon,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = PAGE_SIZE,
) -> list[Status]:
    """One page of the home timeline. https://docs.joinmastodon.org/methods/timelines/#home"""
    return fetch(api, "home", max_id=max_id, since_id=since_id, limit=limit)


def next_cursor(page: Any) -> str | None:
    """The `max_id` of the next older page, from the server's Link header, if it sent one."""
    info = getattr(page, "_pagination_next", None)
    if isinstance(info, dict) and info.get("max_id") is not None:
        return str(info["max_id"])
    return None
