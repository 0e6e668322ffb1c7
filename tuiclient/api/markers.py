"""Read positions: https://docs.joinmastodon.org/methods/markers/"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuiclient.api import features
from tuiclient.api.errors import ApiError, translated

if TYPE_CHECKING:
    from mastodon import Mastodon

MARKED_TIMELINES = ("home", "notifications")
"""The only timelines the server keeps a position for."""


class NoMarkers(ApiError):
    """The server has no markers API (404): keep the position locally instead."""


def read_ids(response: Any) -> dict[str, str]:
    """`{timeline: last_read_id}` from a markers response."""
    result: dict[str, str] = {}
    if isinstance(response, dict):
        for name, marker in response.items():
            if isinstance(marker, dict) and marker.get("last_read_id") is not None:
                result[str(name)] = str(marker["last_read_id"])
    return result


@translated
def get(api: Mastodon, timeline: str) -> str | None:
    """The saved position of `timeline`, or None if none was saved.

    https://docs.joinmastodon.org/methods/markers/#get
    """
    if "markers" in features.missing(api):  # asked once: never again this session
        raise NoMarkers("This server keeps no read positions")
    try:
        response = api.markers_get([timeline])
    except Exception as error:
        if features.status_of(error) in features.NOT_THERE:
            features.missing(api).add("markers")
            raise NoMarkers("This server keeps no read positions") from error
        raise
    return read_ids(response).get(timeline)


@translated
def save(api: Mastodon, timeline: str, last_read_id: str) -> None:
    """Save the position of `timeline` on the server.

    https://docs.joinmastodon.org/methods/markers/#create
    """
    if "markers" in features.missing(api):  # asked once: never again this session
        raise NoMarkers("This server keeps no read positions")
    try:
        api.markers_set([timeline], [last_read_id])
    except Exception as error:
        if features.status_of(error) in features.NOT_THERE:
            features.missing(api).add("markers")
            raise NoMarkers("This server keeps no read positions") from error
        raise
