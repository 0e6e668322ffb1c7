"""No network at start, a server that goes away and comes back, a stream that drops or is absent."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mastodon_mock.config import DatabaseConfig, MastodonMockConfig
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import SEEDED_POSTS, acct_of, make_app
from tests.integration.faults import (
    FAST,
    FixedPortServer,
    free_port,
    remaining,
    status_text,
    view_text,
)
from tests.integration.wait import wait_for
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.widgets.timeline import TimelineView

STREAM = "/api/v1/streaming/user"


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items]


async def test_offline_at_start_the_app_opens_says_so_and_connects_when_the_network_returns(
    mastodon_mock_config: MastodonMockConfig,
) -> None:
    server = FixedPortServer(mastodon_mock_config, free_port())  # not started: nobody there
    app = make_app(server.as_mock(), patience=FAST)
    acct = acct_of(server.as_mock(), "ada")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: "Cannot reach the server" in view_text(screen.view))
        assert "offline" in view_text(screen.view)
        assert "trying again at" in status_text(app)
        await pilot.press("j", "k", "question_mark")  # the app answers keys while offline
        assert app.is_running
        server.start()
        try:
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            assert texts(screen.view)[0] == f"Post number {SEEDED_POSTS}"
            assert "Cannot reach" not in view_text(screen.view)
            await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
        finally:
            server.stop()


async def test_a_server_restart_drops_the_stream_which_comes_back_and_catches_up(
    mastodon_mock_config: MastodonMockConfig, tmp_path: Path
) -> None:
    # The database is a file, so the server comes back with everything it had.
    config = mastodon_mock_config.model_copy(
        update={"database": DatabaseConfig(path=str(tmp_path / "mock.sqlite"))}
    )
    server = FixedPortServer(config, free_port()).start()
    mock = server.as_mock()
    acct = acct_of(mock, "ada")
    app = make_app(mock, patience=FAST)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
            assert "live" in status_text(app)
            shown = texts(screen.view)

            await asyncio.to_thread(server.stop)
            await wait_for(pilot, lambda: "stream retrying in" in status_text(app))
            assert ". refreshes" in status_text(app)  # no polling timer: the key refreshes
            assert texts(screen.view) == shown

            await asyncio.to_thread(server.start)
            # Written before the stream is back: only the catch-up fetch can bring it.
            mock = server.as_mock()
            mock.client("grace").status_post("Posted while the stream was down")
            await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
            await wait_for(
                pilot, lambda: texts(screen.view)[:1] == ["Posted while the stream was down"]
            )
            mock.client("grace").status_post("Live again")
            await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Live again"])
            assert texts(screen.view)[2:] == shown
    finally:
        server.stop()


async def test_a_server_without_streaming_is_asked_once_and_polled(
    mastodon_mock_server: MockServer,
) -> None:
    acct = acct_of(mastodon_mock_server, "ada")
    with mastodon_mock_server.fault(path=STREAM, status=404, count=1000) as absent:
        app = make_app(mastodon_mock_server, patience=FAST)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: app.stream_states.get(acct, "").startswith("unavail"))
            assert "the server has no streaming (404)" in status_text(app)
            await asyncio.sleep(2)  # many backoff periods of FAST
            assert remaining(mastodon_mock_server, absent) == 999
            grace = mastodon_mock_server.client("grace")
            grace.status_post("Seen by refreshing")
            await pilot.press(".")
            await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Seen by refreshing"])


async def test_a_stream_that_fails_to_connect_retries_with_backoff_and_goes_live(
    mastodon_mock_server: MockServer,
) -> None:
    acct = acct_of(mastodon_mock_server, "ada")
    states: list[str] = []
    with mastodon_mock_server.fault(path=STREAM, status=503, count=3):
        app = make_app(mastodon_mock_server, patience=FAST)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            original = screen.connection_changed

            def record(state: str) -> None:
                states.append(state)
                original(state)

            screen.connection_changed = record  # type: ignore[method-assign]
            await wait_for(pilot, lambda: app.stream_states.get(acct) == "live")
    retries = [s for s in states if s.startswith("retrying in")]
    assert len(retries) == 3
    assert states[-1] == "live"
