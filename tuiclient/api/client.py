"""Building a Mastodon.py client for one account."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tuiclient import __version__
from tuiclient.api.errors import ApiError

if TYPE_CHECKING:
    from mastodon import Mastodon

REQUEST_TIMEOUT_SECONDS = 20.0


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine (the only place plain http is allowed)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(base_url: str) -> str:
    """Return `base_url` without a trailing slash; refuse http except on loopback."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(f"Not a server address: {base_url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ApiError(f"Refusing plain http for {parts.hostname}: use https")
    return base_url.rstrip("/")


def connect(
    base_url: str, access_token: str | None, *, timeout: float = REQUEST_TIMEOUT_SECONDS
) -> Mastodon:
    """A client for `base_url` that never blocks forever and accepts any server software."""
    # Imported here, in the worker that first needs a client: it is slow to import.
    import requests
    from mastodon import Mastodon

    from tuiclient.api import ratelimit

    session = requests.Session()
    # Notes how long a 429 or 503 asked to wait, for the error that follows (see ratelimit).
    session.hooks["response"].append(ratelimit.remember)
    return Mastodon(
        access_token=access_token,
        api_base_url=check_url(base_url),
        request_timeout=timeout,
        session=session,
        # Raise on rate limits instead of sleeping inside a worker thread.
        ratelimit_method="throw",
        # Pleroma, GoToSocial & co report odd versions; never refuse calls by version.
        version_check_mode="none",
        user_agent=f"tuiclient/{__version__}",
    )
