"""Lists: https://docs.joinmastodon.org/methods/lists/"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiclient.api.errors import translated
from tuiclient.render import sanitize

if TYPE_CHECKING:
    from mastodon import Mastodon


@translated
def user_lists(api: Mastodon) -> list[tuple[str, str]]:
    """The account's lists as (id, title) pairs, titles made safe to show.

    https://docs.joinmastodon.org/methods/lists/#get
    """
    return [(str(item["id"]), sanitize(str(item.get("title", "")))[:100]) for item in api.lists()]
