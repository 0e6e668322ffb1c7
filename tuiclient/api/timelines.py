"""Timelines: https://docs.joinmastodon.org/methods/timelines/"""

from __future__ import annotations

from mastodon import Mastodon
from mastodon.return_types import Status

from tuiclient.api.errors import translated

PAGE_SIZE = 40
"""Mastodon's largest page for timelines."""


@translated
def home(
    api: Mastodon,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = PAGE_SIZE,
) -> list[Status]:
    """One page of the home timeline, newest first.

    `max_id` pages to older posts; `since_id` asks for the newest posts above it
    (a full page then means there may be more between: a gap).
    https://docs.joinmastodon.org/methods/timelines/#home
    """
    return list(api.timeline_home(max_id=max_id, since_id=since_id, limit=limit))
