"""Threads: the posts around a status.

https://docs.joinmastodon.org/methods/statuses/#context
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from tuiclient.api.errors import ApiError, translated

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Context, Status


@translated
def context(api: Mastodon, status_id: str) -> Context:
    """The ancestors (oldest first) and descendants of a status.

    https://docs.joinmastodon.org/methods/statuses/#context
    """
    result: Any = api.status_context(status_id)
    if not isinstance(result, dict):
        raise ApiError("The server answered with something that is not a thread")
    return cast("Context", result)


@translated
def status(api: Mastodon, status_id: str) -> Status:
    """One status, as the server has it now.

    https://docs.joinmastodon.org/methods/statuses/#get
    """
    result: Any = api.status(status_id)
    if not isinstance(result, dict) or "id" not in result:
        raise ApiError("The server answered with something that is not a post")
    return cast("Status", result)
