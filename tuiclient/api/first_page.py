"""The first page of a timeline over the standard library's HTTP client.

Used once, at start, while Textual is still starting (see `tuiclient.headstart`): it needs
neither Mastodon.py nor httpx, whose imports would otherwise sit between the first frame
and the first post. Every later request goes through Mastodon.py.

The page looks as Mastodon.py would return it where the app reads it: date fields are
`datetime`s (or None when unreadable) and the list carries `_pagination_next`, the
server's cursor to the next older page (from the `Link` header).
"""

from __future__ import annotations

import http.client
import json
import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tuiclient import __version__
from tuiclient.api.client import check_url
from tuiclient.api.errors import ApiError
from tuiclient.api.pages import Page

PATHS = {"home": "/api/v1/timelines/home"}
"""The timelines this module can fetch: only the one the app opens on."""

_LINK_NEXT = re.compile(r'<([^>]*)>\s*;\s*rel="?next"?')


class NotAPage(Exception):
    """The server answered, but not with a page (an error status, or a document that is
    not a list of statuses). The regular client asks again and says what went wrong."""


def fetch(base_url: str, token: str, timeline: str, *, limit: int, timeout: float) -> Page:
    """The newest page of `timeline` (a key of `PATHS`).

    Raises `ApiError` (kind `network`) when the server cannot be reached or does not answer
    in time, and `NotAPage` for any answer other than a page.
    """
    parts = urlsplit(check_url(base_url))
    host = parts.hostname or ""
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, parts.port, timeout=timeout)
    path = f"{parts.path}{PATHS[timeline]}?{urlencode({'limit': limit})}"
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "User-Agent": f"tuiclient/{__version__}",
            },
        )
        response = connection.getresponse()
        body = response.read()
        link = response.getheader("Link") or ""
    except TimeoutError:
        raise ApiError("The server did not answer in time", kind="network") from None
    except (OSError, http.client.HTTPException):
        raise ApiError(
            "Cannot reach the server (offline, or the server is down)", kind="network"
        ) from None
    finally:
        connection.close()
    if response.status != 200:
        raise NotAPage(f"HTTP {response.status}")
    try:
        items = json.loads(body)
    except ValueError:
        raise NotAPage("not JSON") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise NotAPage("not a list of statuses")
    page = Page(with_dates(item) for item in items)
    page._pagination_next = next_cursor(link)
    return page


def with_dates(value: Any) -> Any:
    """`value` with every `…_at` string turned into a `datetime` (None if unreadable), as
    Mastodon.py reads them."""
    if isinstance(value, dict):
        return {
            key: _date(item) if key.endswith("_at") else with_dates(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [with_dates(item) for item in value]
    return value


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def next_cursor(link: str) -> dict[str, str] | None:
    """The `max_id` of the `rel="next"` address in a `Link` header, as Mastodon.py keeps it."""
    found = _LINK_NEXT.search(link)
    if found is None:
        return None
    values = parse_qs(urlsplit(found.group(1)).query).get("max_id")
    return {"max_id": values[0]} if values else None
