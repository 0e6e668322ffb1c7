"""Notifications: https://docs.joinmastodon.org/methods/notifications/"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuiclient.api import grouped_notifications
from tuiclient.api.errors import translated
from tuiclient.api.features import Unsupported

if TYPE_CHECKING:
    from mastodon import Mastodon


@translated
def page(
    api: Mastodon,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = 40,
    mentions_only: bool = False,
) -> Any:
    """One page of the notifications view, newest first (every type the server sends).

    All notifications: one row per group where the server groups them (API v2, see
    `grouped_notifications`), else one row per notification (v1). A server without API v2
    answers 404 once; from then on this client asks v1 only.

    Mentions only: v1 with `types=[mention]` on every server. Mastodon never groups
    mentions, so v2 would give the same rows, on fewer servers.
    https://docs.joinmastodon.org/methods/notifications/#get
    """
    if not mentions_only:
        try:
            return grouped_notifications.fetch(api, max_id=max_id, since_id=since_id, limit=limit)
        except Unsupported:
            pass  # remembered for this client: the next page goes straight to v1
    types = ["mention"] if mentions_only else None
    return api.notifications(max_id=max_id, since_id=since_id, limit=limit, types=types)
