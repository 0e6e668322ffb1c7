"""Live updates: the server-sent events of https://docs.joinmastodon.org/methods/streaming/

One `UserStream` per account follows `/api/v1/streaming/user` with httpx in a
daemon thread: new posts for home, notifications, deletions and edits. It
reconnects with capped exponential backoff; when the server has no streaming
(404, or an address that is not the server's own) it says so once and stops, so
the caller falls back to polling. The token travels in the Authorization header,
never in the URL.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from mastodon.return_types import Notification, Status
from mastodon.types_base import try_cast as _try_cast

from tuiclient.api import ratelimit
from tuiclient.api.client import check_url
from tuiclient.retry import Backoff

try_cast = cast(Callable[[Any, Any], Any], _try_cast)

EventHandler = Callable[[str, Any], None]
"""Receives (event, payload): `update`/`status.update` give a Status, `notification` a
Notification, `delete` the deleted status id."""
StateHandler = Callable[[str], None]
"""Receives the connection state: `connecting`, `live`, `retrying in Ns`, `unavailable: …`."""

READ_TIMEOUT_SECONDS = 75.0
"""Mastodon sends a heartbeat every 15 s or so; this much silence means the line is dead."""
MAX_BACKOFF_SECONDS = 60.0
STABLE_SECONDS = 60.0
"""A stream that drops sooner than this after connecting keeps backing off (a flapping
line is not hammered with reconnections); one that lasted longer starts afresh."""
MAX_ASKED_WAIT_SECONDS = 15 * 60.0


def parse_events(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """(event, data) pairs from the lines of a server-sent event stream.

    Comment lines (heartbeats) are skipped; multi-line data is joined with newlines.
    """
    event = "message"
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)


def decode(event: str, data: str) -> Any:
    """The payload of one event as Mastodon.py entities (None when it cannot be read)."""
    if event == "delete":
        return data.strip()
    try:
        payload = json.loads(data)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    if event in ("update", "status.update"):
        return try_cast(Status, payload)
    if event == "notification":
        return try_cast(Notification, payload)
    return payload


def streaming_base(base_url: str, advertised: str | None) -> str:
    """Where to stream from: the server's advertised streaming URL when it is safe, else itself.

    ws(s):// becomes http(s)://; plain http is accepted only on loopback, and only the
    server's own host or a subdomain of it (e.g. streaming.example.social): no other host
    is ever contacted.
    """
    if not advertised:
        return base_url
    url = advertised.replace("wss://", "https://", 1).replace("ws://", "http://", 1)
    try:
        url = check_url(url)
    except Exception:  # noqa: BLE001 - a strange address falls back to the server itself
        return base_url
    host = (urlsplit(url).hostname or "").lower()
    own = (urlsplit(base_url).hostname or "").lower()
    return url if host == own or host.endswith("." + own) else base_url


class UserStream:
    """The account's live stream, run in its own daemon thread until `stop()`."""

    def __init__(
        self,
        base_url: str,
        token: str,
        on_event: EventHandler,
        on_state: StateHandler,
        *,
        user_agent: str = "tuiclient",
        backoff: Backoff | None = None,
        read_timeout: float = READ_TIMEOUT_SECONDS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._backoff = backoff or Backoff(first=1.0, cap=MAX_BACKOFF_SECONDS)
        self._read_timeout = read_timeout
        self._token = token
        self._on_event = on_event
        self._on_state = on_state
        self._user_agent = user_agent
        self._stop = threading.Event()
        self._response: httpx.Response | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> UserStream:
        """Start following the stream in the background."""
        self._thread = threading.Thread(target=self._run, name="tuiclient-stream", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop, closing the connection so a blocked read ends at once."""
        self._stop.set()
        response = self._response
        if response is not None:
            try:
                response.close()
            except Exception:  # noqa: BLE001 - closing from another thread may race; stopping wins
                pass

    @property
    def running(self) -> bool:
        """Whether the stream thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def _advertised(self, client: httpx.Client) -> str | None:
        for path, keys in (
            ("/api/v2/instance", ("configuration", "urls", "streaming")),
            ("/api/v1/instance", ("urls", "streaming_api")),
        ):
            try:
                data: Any = client.get(self.base_url + path).json()
                for key in keys:
                    data = data[key]
                return str(data)
            except Exception:  # noqa: BLE001 - try the next source, then the server itself
                continue
        return None

    def _run(self) -> None:
        attempt = 0
        headers = {"Authorization": f"Bearer {self._token}", "User-Agent": self._user_agent}
        timeout = httpx.Timeout(10.0, read=self._read_timeout)
        with httpx.Client(headers=headers, timeout=timeout) as client:
            base = streaming_base(self.base_url, self._advertised(client))
            while not self._stop.is_set():
                self._on_state("connecting")
                live_since: float | None = None
                asked_wait: float | None = None
                try:
                    with client.stream("GET", f"{base}/api/v1/streaming/user") as response:
                        self._response = response
                        if response.status_code in (404, 410, 501):
                            self._on_state(
                                f"unavailable: the server has no streaming ({response.status_code})"
                            )
                            return
                        if response.status_code == 401:
                            self._on_state("unavailable: the server rejected the login (401)")
                            return
                        if response.status_code != 200:
                            asked_wait = ratelimit.wait_seconds(response.headers)
                            raise httpx.HTTPStatusError(
                                "stream refused", request=response.request, response=response
                            )
                        self._on_state("live")
                        live_since = time.monotonic()
                        for event, data in parse_events(response.iter_lines()):
                            payload = decode(event, data)
                            if payload is not None:
                                self._on_event(event, payload)
                except Exception:  # noqa: BLE001 - every failure means: wait, then reconnect
                    pass
                finally:
                    self._response = None
                if self._stop.is_set():
                    return
                if live_since is not None and time.monotonic() - live_since > STABLE_SECONDS:
                    attempt = 0  # it had been fine for a while: start the backoff afresh
                wait = self._backoff.delay(attempt)
                if asked_wait is not None:  # a 429 or 503 that said how long to stay away
                    wait = max(wait, min(asked_wait, MAX_ASKED_WAIT_SECONDS))
                self._on_state(f"retrying in {max(1, round(wait))}s")
                self._stop.wait(wait)
                attempt += 1
