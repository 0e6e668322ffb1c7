"""When a server asks to be left alone: `Retry-After` and `X-RateLimit-Reset`.

https://docs.joinmastodon.org/api/rate-limits/

Mastodon.py (with `ratelimit_method="throw"`) raises a bare "Hit rate limit." that
carries no headers. A response hook on the client's HTTP session (see `connect`)
notes how long the server asked to wait, per thread, so that the error raised for
that very response in that very worker thread can say when to try again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

_last = threading.local()


def wait_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """How many seconds the server asked the client to wait, if it said.

    `Retry-After` (seconds or an HTTP date) wins; else `X-RateLimit-Reset`, an ISO 8601
    time (Mastodon) or Unix seconds (GoToSocial, Akkoma), read against the server's own
    `Date` header when there is one, so a wrong clock on either side does not matter.
    """
    now = time.time() if now is None else now
    retry_after = _header(headers, "Retry-After")
    if retry_after:
        if retry_after.isdigit():
            return float(retry_after)
        when = _http_date(retry_after)
        if when is not None:
            return max(0.0, when - _server_now(headers, now))
    reset = _header(headers, "X-RateLimit-Reset")
    if reset:
        when = _any_time(reset)
        if when is not None:
            return max(0.0, when - _server_now(headers, now))
    return None


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:  # a plain dict in tests is not case-insensitive
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value.strip() if isinstance(value, str) else ""


def _http_date(text: str) -> float | None:
    try:
        return parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _any_time(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return _http_date(text)


def _server_now(headers: Mapping[str, str], now: float) -> float:
    server = _http_date(_header(headers, "Date"))
    return server if server is not None else now


def remember(response: Any, *args: Any, **kwargs: Any) -> Any:
    """A `requests` response hook: note the wait a 429 or 503 asked for (None otherwise)."""
    wait = None
    if getattr(response, "status_code", None) in (429, 503):
        wait = wait_seconds(getattr(response, "headers", {}) or {})
    _last.wait = wait
    return response


def take() -> float | None:
    """The wait noted for the last response this thread received (then forgotten)."""
    wait: float | None = getattr(_last, "wait", None)
    _last.wait = None
    return wait
