"""The client talks to the user's server and to nobody else, checked at the socket.

A guard replaces the standard library's ways of opening a network connection
(`socket.socket.connect` / `connect_ex`, `socket.create_connection`) and of looking a name
up (`socket.getaddrinfo`). Every HTTP stack the client uses (requests/urllib3 under
Mastodon.py, httpx/httpcore, asyncio) goes through them. Anything not aimed at the
mastodon_mock server under test is recorded and refused; the test then runs the main
flows of the real app and checks that nothing was refused and that the guard did see the
app's connections to the server (so it cannot pass by watching nothing).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import SEEDED_POSTS, acct_of, make_app
from tests.integration.posting import composer_closed, open_composer, own_statuses
from tests.integration.wait import wait_for
from tuiclient.screens.account_switcher import AccountSwitcher
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView

LOOPBACK_NAMES = frozenset({"127.0.0.1", "::1", "localhost"})


class ForbiddenConnection(ConnectionRefusedError):
    """Raised instead of connecting: the guard refused this address."""


@dataclass
class NetworkGuard:
    """Lets connections reach `allowed` only; records every attempt."""

    allowed: tuple[str, int]
    connections: list[tuple[str, int]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def check(self, address: Any, how: str) -> None:
        if isinstance(address, tuple) and len(address) >= 2:
            target = (str(address[0]), int(address[1]))
            if target == self.allowed:
                self.connections.append(target)
                return
        self.refused.append(f"{how} {address!r}")
        raise ForbiddenConnection(f"network guard: {how} to {address!r} is not allowed")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        guard = self
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_create_connection = socket.create_connection
        real_getaddrinfo = socket.getaddrinfo

        def connect(sock: socket.socket, address: Any) -> None:
            guard.check(address, "connect")
            real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            guard.check(address, "connect_ex")
            return real_connect_ex(sock, address)

        def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
            host, port = address[0], int(address[1])
            if (host, port) != guard.allowed and not (
                host in LOOPBACK_NAMES and port == guard.allowed[1]
            ):
                guard.check(address, "create_connection")  # records and refuses
            return real_create_connection(address, *args, **kwargs)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else str(host)
            if name not in LOOPBACK_NAMES:
                guard.refused.append(f"getaddrinfo {name!r}")
                raise socket.gaierror(socket.EAI_NONAME, f"network guard: no lookup of {name!r}")
            return real_getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket, "create_connection", create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def network_guard(
    mastodon_mock_server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[NetworkGuard]:
    """A guard that lets only the test server's address through, proven to bite first."""
    url = urlsplit(mastodon_mock_server.base_url)
    assert url.hostname and url.port
    guard = NetworkGuard(allowed=(url.hostname, url.port))
    guard.install(monkeypatch)
    # The guard bites: another port on the same machine, an outside address and a
    # name lookup are all refused (and recorded), whichever way they are asked for.
    probes: list[Callable[[], object]] = [
        lambda: socket.create_connection((url.hostname or "", url.port + 1 if url.port else 1)),
        lambda: socket.socket().connect(("192.0.2.1", 443)),
        lambda: socket.socket(socket.AF_INET6).connect_ex(("2001:db8::1", 443)),
        lambda: socket.getaddrinfo("example.com", 443),
    ]
    for probe in probes:
        with pytest.raises(OSError):
            probe()
    assert len(guard.refused) == len(probes), guard.refused
    guard.refused.clear()
    yield guard


def header(app: Any) -> str:
    return str(app.screen.query_one(AccountBar).render())


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items if not isinstance(i, Gap)]


async def test_start_read_page_refresh_post_and_switch_contact_only_the_server(
    mastodon_mock_server: MockServer, network_guard: NetworkGuard
) -> None:
    grace = mastodon_mock_server.client("grace")  # the test's own client, to post with
    app = make_app(mastodon_mock_server, "ada", "grace")
    seen = len(network_guard.connections)
    async with app.run_test(size=(100, 30)) as pilot:
        # Start, and read the first page.
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        await pilot.press("j", "j", "j", "k")
        assert len(network_guard.connections) > seen, "the guard did not see the app connect"

        # Page down to the oldest post.
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        while not screen.timeline.reached_end:
            loaded = view.item_count
            await pilot.press("G")
            await wait_for(
                pilot,
                lambda loaded=loaded: view.item_count > loaded or screen.timeline.reached_end,  # type: ignore[misc]
            )
        assert view.item_count == SEEDED_POSTS
        assert texts(view)[-1] == "Post number 1"

        # Refresh: a new post arrives on top.
        grace.status_post("Posted while the guard watched")
        await pilot.press("g", ".")
        await wait_for(pilot, lambda: texts(view)[0] == "Posted while the guard watched")

        # Post from the keyboard: the composer asks the server's limits and sends the post.
        await pilot.press("g")
        await open_composer(pilot, app)
        await pilot.press(*"Written under the guard https://example.org/?utm_source=x")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)
        ada_posts = own_statuses(mastodon_mock_server)
        assert "Written under the guard" in ada_posts[0]["content"]

        # Switch to grace: her session opens its own connections to the same server.
        seen = len(network_guard.connections)
        await pilot.press("a")
        assert isinstance(app.screen, AccountSwitcher)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: f"@{acct_of(mastodon_mock_server, 'grace')}" in header(app))
        grace_view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: grace_view.item_count > 0)
        assert texts(grace_view)[0] == "Posted while the guard watched"
        assert len(network_guard.connections) > seen, "the guard did not see grace connect"

    assert network_guard.refused == [], "connections to other hosts were attempted"
    assert set(network_guard.connections) == {network_guard.allowed}
