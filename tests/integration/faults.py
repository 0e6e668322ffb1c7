"""Helpers for the fault tests: short delays, request counting, a server on a fixed port."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import httpx
from mastodon_mock.config import MastodonMockConfig
from mastodon_mock.testing.server import FaultHandle, MockServer
from textual.notifications import Notification

from tuiclient.app import TuiClientApp
from tuiclient.retry import Backoff, Patience
from tuiclient.widgets.timeline import TimelineView

FAST = Patience(
    request_timeout=2.0,
    retry=Backoff(first=0.3, cap=1.0, jitter=0),
    stream_retry=Backoff(first=0.3, cap=1.0, jitter=0),
    stream_read_timeout=5.0,
)
"""The app's patience with the delays cut to fractions of a second (same logic)."""

SLOW_RETRIES = Patience(retry=Backoff(first=60.0, cap=60.0, jitter=0))
"""Retries so far off that only a key press can bring them sooner."""


def remaining(server: MockServer, fault: FaultHandle) -> int | None:
    """How many more requests the fault rule will hit (its count minus the hits so far)."""
    for rule in httpx.get(f"{server.base_url}/api/v1/_mock/faults").json():
        if rule["id"] == fault.id:
            value = rule["remaining"]
            return value if isinstance(value, int) else None
    return None


async def impatient_presses_send_nothing(
    pilot: Any, app: TuiClientApp, server: MockServer, fault: FaultHandle
) -> None:
    """While the server asked to wait, `.` pressed again and again says until when and sends
    no request (the hits of `fault` stay as they were)."""
    asked = remaining(server, fault)
    await pilot.press(".", ".", ".")
    assert "The server asked to wait: trying again at" in status_text(app)
    await asyncio.sleep(1)
    assert remaining(server, fault) == asked


def raw_page(server: MockServer, path: str, token: str = "ada_token") -> list[dict[str, Any]]:
    """A page as the server sends it (plain JSON), to be altered and served by a fault."""
    answer = httpx.get(
        f"{server.base_url}{path}",
        params={"limit": 40},
        headers={"Authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    page: list[dict[str, Any]] = answer.json()
    return page


def status_text(app: TuiClientApp) -> str:
    """The status line of the screen on top."""
    return str(app.screen.query_one("#status").render())


def view_text(view: TimelineView) -> str:
    """Every line the timeline widget draws now."""
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def notifications(app: TuiClientApp) -> list[Notification]:
    """The notifications shown (toasts) so far that have not timed out."""
    return list(app._notifications)


def free_port() -> int:
    """A port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class FixedPortServer:
    """mastodon_mock on a port chosen in advance: it can start late, stop and come back.

    `MockServer` always takes a fresh port; a server that is down and then returns (or
    restarts) must keep its address, as a real one does.
    """

    def __init__(self, config: MastodonMockConfig, port: int) -> None:
        self.config = config
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Where the server is (or will be)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FixedPortServer:
        """Start serving; returns once the server answers."""
        import uvicorn
        from mastodon_mock.app import create_app

        config = uvicorn.Config(
            create_app(self.config), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving (open connections are closed)."""
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._server = None

    def as_mock(self) -> MockServer:
        """A `MockServer` look-alike for `make_app` and `client()` (same address)."""
        mock = MockServer(config=self.config)
        mock._port = self.port
        mock._server = self._server
        return mock
