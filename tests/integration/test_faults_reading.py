"""Reading through a failing server: faults injected into mastodon_mock under the running app.

Each test says what the reader sees, and checks that nothing already shown is lost.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import SEEDED_POSTS, make_app
from tests.integration.faults import (
    FAST,
    SLOW_RETRIES,
    impatient_presses_send_nothing,
    notifications,
    remaining,
    status_text,
    view_text,
)
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap
from tuiclient.widgets.timeline import TimelineView

HOME = "/api/v1/timelines/home"


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items if not isinstance(i, Gap)]


def ids(view: TimelineView) -> list[str]:
    return [str(i["id"]) for i in view._items if not isinstance(i, Gap)]


async def home_loaded(app: TuiClientApp, pilot: object) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    await wait_for(pilot, lambda: screen.view.item_count >= 40)  # type: ignore[arg-type]
    return screen


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_on_refresh_keeps_the_posts_and_retries_by_itself(
    mastodon_mock_server: MockServer, status: int
) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        before = ids(screen.view)
        grace.status_post("Written during the outage")
        with mastodon_mock_server.fault(path=HOME, status=status, count=2):
            await pilot.press(".")
            await wait_for(pilot, lambda: f"Server error {status}" in status_text(app))
            # What was loaded stays; the reader is told what failed and what happens next.
            assert ids(screen.view) == before
            assert "Could not load new posts" in status_text(app)
            assert "trying again at" in status_text(app)
            assert any(f"{status}" in n.message for n in notifications(app))
            # Two failures, then the server is back: the retries alone bring the post.
            await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Written during the outage"])
        assert ids(screen.view)[1:] == before
        assert "new post" in status_text(app)


async def test_dot_retries_now_instead_of_waiting_for_the_backoff(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, live=False, patience=SLOW_RETRIES)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        grace.status_post("Worth the key press")
        with mastodon_mock_server.fault(path=HOME, status=503, count=1):
            await pilot.press(".")
            await wait_for(pilot, lambda: "trying again at" in status_text(app))
        assert "(60s; . tries now)" in status_text(app)
        await pilot.press(".")
        await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Worth the key press"])


async def test_a_first_page_that_fails_says_so_in_the_empty_view_and_comes_by_itself(
    mastodon_mock_server: MockServer,
) -> None:
    with mastodon_mock_server.fault(path=HOME, status=502, count=2):
        app = make_app(mastodon_mock_server, live=False, patience=FAST)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: "Server error 502" in view_text(screen.view))
            assert "Could not load the timeline" in view_text(screen.view)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            assert texts(screen.view)[0] == f"Post number {SEEDED_POSTS}"
            assert "Server error" not in view_text(screen.view)


async def test_a_rate_limit_is_waited_out_as_the_server_asks_and_never_hammered(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        grace.status_post("After the rate limit")
        # Retry-After says 6 s (X-RateLimit-Reset, 5 minutes away, is only the fallback).
        limit = mastodon_mock_server.fault(
            path=HOME, type="ratelimit", headers={"Retry-After": "6"}, count=1000
        )
        try:
            await pilot.press(".")
            await wait_for(pilot, lambda: "rate limit" in status_text(app))
            assert "trying again at" in status_text(app)
            assert "(6s; the server asked to wait)" in status_text(app)
            await impatient_presses_send_nothing(pilot, app, mastodon_mock_server, limit)
        finally:
            limit.delete()
        await wait_for(pilot, lambda: texts(screen.view)[:1] == ["After the rate limit"])


async def test_one_request_at_a_time_per_view_however_fast_the_keys(
    mastodon_mock_server: MockServer,
) -> None:
    # A timeout far above the delay: under a loaded CI machine the slow answer must not
    # time out (a timeout would rightly retry, and the count below would be off by one).
    patient = dataclasses.replace(FAST, request_timeout=30.0)
    app = make_app(mastodon_mock_server, live=False, patience=patient)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        # Each answer takes 4 s: far longer than the presses below take even on a loaded
        # machine, so the first answer cannot arrive (and rightly let the next request go)
        # before the in-flight count is read.
        with mastodon_mock_server.fault(
            path=HOME, type="latency", delay_ms=4000, count=1000
        ) as slow:
            await pilot.press("G")  # near the end: older posts are wanted
            await pilot.press(*"jkjkjk", ".", ".", "G", ".")
            await asyncio.sleep(0.5)
            assert remaining(mastodon_mock_server, slow) == 999  # one request in flight
            assert len(screen._busy) == 1
            await wait_for(pilot, lambda: screen.view.item_count >= 80)
            # The waiting refresh went once, after the page; nothing else was sent twice.
            await wait_for(pilot, lambda: not screen._busy and not screen._queued)
            assert remaining(mastodon_mock_server, slow) == 998
        assert len(set(ids(screen.view))) == len(ids(screen.view))


async def test_a_hung_request_times_out_while_the_keys_keep_working(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    # Long enough that the presses below surely come while the request still hangs.
    patience = dataclasses.replace(FAST, request_timeout=5.0)
    app = make_app(mastodon_mock_server, live=False, patience=patience)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        grace.status_post("Behind the hung request")
        with mastodon_mock_server.fault(path=HOME, type="timeout", count=1):
            await pilot.press(".")
            await asyncio.sleep(0.2)
            # The request hangs; the app does not: the selection moves at once.
            await pilot.press("j", "j", "j")
            assert screen.view.selected == 3
            assert screen._busy == {"newer"}
            await wait_for(pilot, lambda: "did not answer in time" in status_text(app))
            await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Behind the hung request"])
        assert str(screen.view.selected_item["id"]) == ids(screen.view)[4]  # type: ignore[index]


async def test_malformed_json_is_reported_and_retried(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await home_loaded(app, pilot)
        before = ids(screen.view)
        grace.status_post("Whole again")
        with mastodon_mock_server.fault(path=HOME, type="malformed", count=1):
            await pilot.press(".")
            await wait_for(pilot, lambda: "could not be read" in status_text(app))
            assert ids(screen.view) == before
        await wait_for(pilot, lambda: texts(screen.view)[:1] == ["Whole again"])
