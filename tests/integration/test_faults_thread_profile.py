"""A thread or a profile opened while the server fails: it is retried as a timeline is.

Faults are injected into mastodon_mock under the running app; each test says what the reader
sees, and counts what reaches the server where "nothing more is sent" is the point.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot

from tests.integration.conftest import make_app
from tests.integration.faults import (
    FAST,
    SLOW_RETRIES,
    impatient_presses_send_nothing,
    notifications,
    remaining,
    status_text,
)
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.retry import Backoff
from tuiclient.screens.profile import ProfileHeader, ProfileScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap
from tuiclient.widgets.timeline import TimelineView

CONTEXT = r"^/api/v1/statuses/\d+/context$"
ACCOUNTS = r"^/api/v1/accounts/"
"""The account, how you stand with it, and its posts: everything a profile reads."""

LATE_RETRIES = dataclasses.replace(FAST, retry=Backoff(first=3.0, cap=3.0, jitter=0))
"""A retry 3 s after a failure: far longer than pressing esc takes on a loaded machine."""


def shown_ids(app: TuiClientApp) -> list[str]:
    view = app.screen.query_one(TimelineView)
    return [str(i["id"]) for i in view._items if not isinstance(i, Gap)]


def header(screen: ProfileScreen) -> str:
    return str(screen.query_one(ProfileHeader).render())


def told(app: TuiClientApp, text: str) -> int:
    """How many notifications shown so far hold `text`."""
    return sum(text in n.message for n in notifications(app))


async def home_loaded(app: TuiClientApp, pilot: Pilot[Any]) -> None:
    await wait_for(
        pilot, lambda: isinstance(app.screen, TimelineScreen) and len(shown_ids(app)) >= 5
    )


async def open_thread(app: TuiClientApp, pilot: Pilot[Any]) -> ThreadScreen:
    """Enter on the newest post of the home timeline."""
    await home_loaded(app, pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
    screen = app.screen
    assert isinstance(screen, ThreadScreen)
    return screen


async def open_profile(app: TuiClientApp, pilot: Pilot[Any]) -> ProfileScreen:
    """u on the newest post of the home timeline (grace's)."""
    await home_loaded(app, pilot)
    await pilot.press("u")
    await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
    screen = app.screen
    assert isinstance(screen, ProfileScreen)
    return screen


def reply_to_grace(server: MockServer) -> tuple[str, str]:
    """grace posts, ada answers: the ids of the post and of the answer (the newest post)."""
    root = server.client("grace").status_post("Does anyone have the compiler manual?")
    reply = server.client("ada").status_post("@grace On my desk", in_reply_to_id=root)
    return str(root["id"]), str(reply["id"])


async def test_a_thread_that_fails_to_load_comes_by_itself_once_the_server_is_back(
    mastodon_mock_server: MockServer,
) -> None:
    root, reply = reply_to_grace(mastodon_mock_server)
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        with mastodon_mock_server.fault(path_regex=CONTEXT, status=503, count=1000) as down:
            thread = await open_thread(app, pilot)
            await wait_for(pilot, lambda: "Could not load the thread" in status_text(app))
            await wait_for(pilot, lambda: "trying again at" in status_text(app))
            assert "Server error 503" in status_text(app)
            assert ". tries now" in status_text(app)
            # Tried again and again on its own; the post stays, the reader is told once.
            await wait_for(pilot, lambda: (remaining(mastodon_mock_server, down) or 1000) <= 997)
            assert shown_ids(app) == [reply]
            assert told(app, "Could not load the thread") == 1
            assert not thread.loaded
        # The server is back: the thread arrives without a key press.
        await wait_for(pilot, lambda: thread.loaded)
        assert shown_ids(app) == [root, reply]
        assert "1 post above" in status_text(app)


@pytest.mark.parametrize("failing", ["account", "relationships"])
async def test_a_profile_that_fails_to_load_comes_by_itself_once_the_server_is_back(
    mastodon_mock_server: MockServer, failing: str
) -> None:
    ada = mastodon_mock_server.client("ada")
    grace_id = ada.account_lookup("grace")["id"]
    path = (
        f"/api/v1/accounts/{grace_id}" if failing == "account" else "/api/v1/accounts/relationships"
    )
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 40)) as pilot:
        with mastodon_mock_server.fault(path=path, status=502, count=1000):
            profile = await open_profile(app, pilot)
            await wait_for(pilot, lambda: "Could not load the profile" in status_text(app))
            await wait_for(pilot, lambda: "trying again at" in status_text(app))
            assert "Server error 502" in status_text(app)
            # What the post said of grace stays; her posts below are not held up.
            assert "@grace" in header(profile)
            assert profile.relationship is None
            await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        await wait_for(pilot, lambda: profile.relationship is not None)
        assert "You follow them" in header(profile)


async def test_the_posts_of_a_profile_are_retried_too(mastodon_mock_server: MockServer) -> None:
    grace_id = mastodon_mock_server.client("ada").account_lookup("grace")["id"]
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 40)) as pilot:
        with mastodon_mock_server.fault(
            path=f"/api/v1/accounts/{grace_id}/statuses", status=503, count=1000
        ) as down:
            profile = await open_profile(app, pilot)
            await wait_for(pilot, lambda: (remaining(mastodon_mock_server, down) or 1000) <= 998)
            assert not shown_ids(app)
        await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        assert profile.relationship is not None


@pytest.mark.parametrize("where", ["thread", "profile"])
async def test_a_401_is_said_and_never_retried_in_a_loop(
    mastodon_mock_server: MockServer, where: str
) -> None:
    reply_to_grace(mastodon_mock_server)
    grace_id = mastodon_mock_server.client("ada").account_lookup("grace")["id"]
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(110, 40)) as pilot:
        await home_loaded(app, pilot)
        if where == "profile":
            await pilot.press("j")  # grace's post, below ada's answer
        path_regex = CONTEXT if where == "thread" else f"^/api/v1/accounts/{grace_id}$"
        with mastodon_mock_server.fault(path_regex=path_regex, status=401, count=1000) as rejected:
            screen = await (open_thread if where == "thread" else open_profile)(app, pilot)
            await wait_for(pilot, lambda: "no longer accepts the login" in status_text(app))
            assert "press L to log in again" in status_text(app)
            assert screen.check_action("relogin", ())
            hits = remaining(mastodon_mock_server, rejected)
            assert hits == 999
            await asyncio.sleep(2)  # many backoff periods of FAST: no retry comes
            await pilot.press(".", ".")
            await asyncio.sleep(0.5)
            assert remaining(mastodon_mock_server, rejected) == hits
            assert [n.title for n in notifications(app)].count("Login rejected") == 1
            # What was shown stays: the post, or what the post said of its author.
            assert app.screen is screen
            if isinstance(screen, ProfileScreen):
                assert "@grace" in header(screen)
            else:
                assert shown_ids(app)


@pytest.mark.parametrize("where", ["thread", "profile"])
async def test_esc_during_a_pending_retry_sends_nothing_more(
    mastodon_mock_server: MockServer, where: str
) -> None:
    app = make_app(mastodon_mock_server, live=False, patience=LATE_RETRIES)
    async with app.run_test(size=(100, 40)) as pilot:
        path_regex = CONTEXT if where == "thread" else ACCOUNTS
        with mastodon_mock_server.fault(path_regex=path_regex, status=503, count=1000) as down:
            screen = await (open_thread if where == "thread" else open_profile)(app, pilot)
            # The thread reads once; the profile reads the account and its posts.
            reads = 1 if where == "thread" else 2
            await wait_for(pilot, lambda: remaining(mastodon_mock_server, down) == 1000 - reads)
            await wait_for(pilot, lambda: "trying again at" in status_text(app))
            if isinstance(screen, ProfileScreen):
                await wait_for(pilot, lambda: screen.retries.pending)
                await wait_for(pilot, lambda: screen.profile_retries.pending)
            await pilot.press("escape")
            assert isinstance(app.screen, TimelineScreen)
            await asyncio.sleep(4)  # past the retry that was due
            assert remaining(mastodon_mock_server, down) == 1000 - reads


async def test_dot_retries_a_failed_thread_at_once(mastodon_mock_server: MockServer) -> None:
    root, reply = reply_to_grace(mastodon_mock_server)
    app = make_app(mastodon_mock_server, live=False, patience=SLOW_RETRIES)
    async with app.run_test(size=(100, 30)) as pilot:
        with mastodon_mock_server.fault(path_regex=CONTEXT, status=503, count=1):
            thread = await open_thread(app, pilot)
            await wait_for(pilot, lambda: "trying again at" in status_text(app))
        assert "(60s; . tries now)" in status_text(app)
        await pilot.press(".")
        await wait_for(pilot, lambda: thread.loaded)
        assert shown_ids(app) == [root, reply]


async def test_dot_retries_a_failed_profile_at_once(mastodon_mock_server: MockServer) -> None:
    grace_id = mastodon_mock_server.client("ada").account_lookup("grace")["id"]
    app = make_app(mastodon_mock_server, live=False, patience=SLOW_RETRIES)
    async with app.run_test(size=(100, 40)) as pilot:
        with mastodon_mock_server.fault(path=f"/api/v1/accounts/{grace_id}", status=503, count=1):
            profile = await open_profile(app, pilot)
            await wait_for(pilot, lambda: told(app, "Could not load the profile") == 1)
        await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        assert profile.relationship is None  # the next try is a minute away
        await pilot.press(".")
        await wait_for(pilot, lambda: profile.relationship is not None)
        assert "You follow them" in header(profile)


@pytest.mark.parametrize("status", [404, 422])
async def test_a_thread_the_server_refuses_is_reported_once_and_not_retried(
    mastodon_mock_server: MockServer, status: int
) -> None:
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        with mastodon_mock_server.fault(path_regex=CONTEXT, status=status, count=1000) as gone:
            await open_thread(app, pilot)
            await wait_for(pilot, lambda: "Could not load the thread" in status_text(app))
            assert f"Server error {status}" in status_text(app)
            assert "(press . to retry)" in status_text(app)
            await asyncio.sleep(2)  # many backoff periods of FAST: no retry comes
            assert remaining(mastodon_mock_server, gone) == 999
            assert told(app, "Could not load the thread") == 1
            assert shown_ids(app)  # the post stays


async def test_a_thread_waits_as_long_as_the_server_asks(mastodon_mock_server: MockServer) -> None:
    root, reply = reply_to_grace(mastodon_mock_server)
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(100, 30)) as pilot:
        limit = mastodon_mock_server.fault(
            path_regex=CONTEXT, type="ratelimit", headers={"Retry-After": "6"}, count=1000
        )
        try:
            thread = await open_thread(app, pilot)
            await wait_for(pilot, lambda: "rate limit" in status_text(app))
            assert "(6s; the server asked to wait)" in status_text(app)
            await impatient_presses_send_nothing(pilot, app, mastodon_mock_server, limit)
        finally:
            limit.delete()
        await wait_for(pilot, lambda: thread.loaded)
        assert shown_ids(app) == [root, reply]
