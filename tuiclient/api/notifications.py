"""Notifications: https://docs.joinmastodon.org/methods/notifications/"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuiclient.api.errors import translated

if TYPE_CHECKING:
    from mastodon import Mastodon


@translated
def fetch(
    api: Mastodon,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = 40,
    mentions_only: bool = False,
) -> Any:
    """One page of notifications, newest first (every type the server sends).

    https://docs.joinmastodon.org/methods/notifications/#get
    """
    types = ["mention"] if mentions_only else None
    return api.notifications(max_id=max_id, since_id=since_id, limit=limit, types=types)
