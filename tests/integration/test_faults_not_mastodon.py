"""Servers that are not quite Mastodon: a missing endpoint is asked about once, then done without.

The 404s are injected with mastodon_mock's faults; each test counts how often the server was
asked (the rule's remaining budget), so "never retried in a loop" is measured, not assumed.
"""

from __future__ import annotations

import asyncio

import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.faults import FAST, notifications, remaining, status_text
from tests.integration.wait import wait_for
from tuiclient import positions
from tuiclient.api import server_limits
from tuiclient.api.client import connect
from tuiclient.api.features import Unsupported
from tuiclient.api.statuses import history
from tuiclient.screens.timeline import TimelineScreen


async def test_without_markers_the_read_position_is_kept_locally_after_one_question(
    mastodon_mock_server: MockServer,
) -> None:
    with mastodon_mock_server.fault(path="/api/v1/markers", status=404, count=1000) as markers:
        app = make_app(mastodon_mock_server, live=False, patience=FAST)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            await pilot.press("j", "j", "j")
            reading = str(screen.view.selected_item["id"])  # type: ignore[index]
            acct = acct_of(mastodon_mock_server, "ada")
            await wait_for(pilot, lambda: positions.load(acct, "home") == reading, timeout=10)
            await pilot.press("2")  # notifications keep a position too: not asked again
            await wait_for(pilot, lambda: app.screen is not screen)
            await asyncio.sleep(1)
            assert remaining(mastodon_mock_server, markers) == 999


async def test_without_edit_history_the_key_says_so_and_asks_the_server_once(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    post = grace.status_post("First words")
    grace.status_update(post["id"], "Second thoughts")
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    with mastodon_mock_server.fault(
        path_regex=r"^/api/v1/statuses/[^/]+/history$", status=404, count=1000
    ) as missing:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            for _ in range(3):
                await pilot.press("H")
                await wait_for(pilot, lambda: "does not offer edit history" in status_text(app))
                await pilot.press("k")  # the status line says something else in between
            assert remaining(mastodon_mock_server, missing) == 999
            assert any("does not offer edit history" in n.message for n in notifications(app))
            assert app.is_running


def test_without_instance_v2_the_limits_come_from_v1_which_is_asked_from_then_on(
    mastodon_mock_server: MockServer,
) -> None:
    api = connect(mastodon_mock_server.base_url, "ada_token")
    with mastodon_mock_server.fault(
        path_regex=r"^/api/v2/instance/?$", status=404, count=1000
    ) as v2:
        first = server_limits.limits(api)
        second = server_limits.limits(api)
        assert remaining(mastodon_mock_server, v2) == 999
    assert first.known and first == second


def test_a_deleted_post_is_not_mistaken_for_a_missing_feature(
    mastodon_mock_server: MockServer,
) -> None:
    api = connect(mastodon_mock_server.base_url, "ada_token")
    grace = mastodon_mock_server.client("grace")
    post = grace.status_post("Soon gone")
    grace.status_update(post["id"], "Edited, then gone")
    grace.status_delete(post["id"])
    with pytest.raises(Exception) as gone:  # noqa: B017 - only its kind matters here
        history(api, str(post["id"]))
    assert not isinstance(gone.value, Unsupported)
    kept = grace.status_post("Still here")
    grace.status_update(kept["id"], "Still here, edited")
    assert len(history(api, str(kept["id"]))) == 2
