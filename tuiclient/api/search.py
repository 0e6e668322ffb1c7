"""Search: accounts, hashtags and posts.

https://docs.joinmastodon.org/methods/search/#v2
"""

from __future__ import annotations

import re
from typing import Any, cast

from mastodon import Mastodon
from mastodon.return_types import SearchV2

from tuiclient.api.errors import ApiError, translated

LIMIT = 20
"""Results of each kind; Mastodon's default and a screenful."""

_REMOTE = re.compile(r"^@?[^@\s]+@[^@\s]+\.[^@\s]+$|^https://\S+$")
"""`user@host` or an https address: something the server may have to fetch first."""


def wants_resolve(query: str) -> bool:
    """Whether to let the server look the query up on another server (webfinger).

    Only for a full `user@host` or an https address: a plain word never makes the
    user's server contact others on the user's behalf.
    """
    return bool(_REMOTE.match(query.strip()))


@translated
def search(api: Mastodon, query: str, *, limit: int = LIMIT) -> SearchV2:
    """Accounts, hashtags and posts matching `query`.

    https://docs.joinmastodon.org/methods/search/#v2
    """
    result: Any = api.search_v2(query.strip(), resolve=wants_resolve(query), limit=limit)
    if not isinstance(result, dict):
        raise ApiError("The server answered the search with something that is not a result")
    return cast(SearchV2, result)
