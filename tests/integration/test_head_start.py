"""The head start: the first page fetched without Mastodon.py while the app starts.

Real HTTP against mastodon_mock; the page must read exactly as Mastodon.py's would.
"""

from __future__ import annotations

import socket

import pytest
from mastodon import Mastodon
from mastodon_mock.testing.server import MockServer

from tuiclient.api import first_page, timelines
from tuiclient.api.errors import ApiError
from tuiclient.config import AccountConfig
from tuiclient.headstart import HeadStart
from tuiclient.post import Post
from tuiclient.screens.timeline import TimelineScreen

from .conftest import acct_of, make_app
from .faults import remaining
from .wait import wait_for

HOME = "/api/v1/timelines/home"


def account(server: MockServer, username: str = "ada") -> AccountConfig:
    return AccountConfig(acct=acct_of(server, username), server=server.base_url)


def test_the_page_reads_as_mastodon_py_reads_it(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    poll = grace.make_poll(["Tea", "Coffee"], expires_in=3600)
    grace.status_post("<b>Which</b> one? #drinks", poll=poll, spoiler_text="a poll")
    edited = grace.status_post("First words")
    grace.status_update(edited["id"], "Second thoughts")
    regular = Mastodon(access_token="ada_token", api_base_url=mastodon_mock_server.base_url)

    url = mastodon_mock_server.base_url
    ours = first_page.fetch(url, "ada_token", "home", limit=40, timeout=10)
    theirs = timelines.home(regular)

    assert [Post.from_status(s) for s in ours] == [Post.from_status(s) for s in theirs]
    assert ours[0]["edited_at"] == theirs[0]["edited_at"] is not None
    assert ours[1]["poll"]["expires_at"] == theirs[1]["poll"]["expires_at"] is not None
    assert timelines.next_cursor(ours) == timelines.next_cursor(theirs) is not None


def test_what_is_not_a_page_is_left_to_the_regular_client(
    mastodon_mock_server: MockServer,
) -> None:
    url = mastodon_mock_server.base_url
    with mastodon_mock_server.fault(path=HOME, status=503, count=1):
        with pytest.raises(first_page.NotAPage, match="503"):
            first_page.fetch(url, "ada_token", "home", limit=40, timeout=10)
    with mastodon_mock_server.fault(path=HOME, type="malformed", count=1):
        with pytest.raises(first_page.NotAPage):
            first_page.fetch(url, "ada_token", "home", limit=40, timeout=10)
    with pytest.raises(first_page.NotAPage, match="401"):
        first_page.fetch(url, "wrong_token", "home", limit=40, timeout=10)


def test_no_network_is_an_api_error_said_once(mastodon_mock_server: MockServer) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(ApiError, match="Cannot reach the server") as refused:
        first_page.fetch(f"http://127.0.0.1:{port}", "t", "home", limit=40, timeout=5)
    assert refused.value.kind == "network"
    with mastodon_mock_server.fault(path=HOME, type="timeout", count=1):
        with pytest.raises(ApiError, match="did not answer in time"):
            first_page.fetch(
                mastodon_mock_server.base_url, "ada_token", "home", limit=40, timeout=0.5
            )


def test_plain_http_is_refused_off_this_machine() -> None:
    with pytest.raises(ApiError, match="use https"):
        first_page.fetch("http://example.social", "t", "home", limit=40, timeout=5)


def test_a_head_start_hands_its_page_over_once_and_only_to_its_account(
    mastodon_mock_server: MockServer,
) -> None:
    ada = account(mastodon_mock_server)
    head = HeadStart(ada, read_token=lambda acct: "ada_token").start()
    assert head.take("someone@else", "home") is None
    assert head.take(ada.acct, "local") is None
    page = head.take(ada.acct, "home")
    assert page is not None and page[0]["content"] == "<p>Post number 95</p>"
    assert head.take(ada.acct, "home") is None
    assert head.token(ada.acct) == "ada_token"
    assert head.token("someone@else") is None


def test_a_head_start_without_a_token_or_a_page_leaves_the_work_to_the_app(
    mastodon_mock_server: MockServer,
) -> None:
    ada = account(mastodon_mock_server)

    def locked(acct: str) -> str:
        raise RuntimeError("the keyring is locked")

    assert HeadStart(ada, read_token=locked).start().take(ada.acct, "home") is None
    assert HeadStart(ada, read_token=lambda acct: None).start().take(ada.acct, "home") is None
    rejected = HeadStart(ada, read_token=lambda acct: "revoked").start()
    assert rejected.take(ada.acct, "home") is None
    assert rejected.token(ada.acct) == "revoked"


async def test_the_app_shows_the_head_start_page_without_asking_again_and_goes_live(
    mastodon_mock_server: MockServer,
) -> None:
    ada = account(mastodon_mock_server)
    with mastodon_mock_server.fault(path=HOME, type="latency", delay_ms=0, count=1000) as counted:
        head = HeadStart(ada, read_token=lambda acct: "ada_token").start()
        assert head.token(ada.acct) == "ada_token"
        assert remaining(mastodon_mock_server, counted) == 999
        app = make_app(mastodon_mock_server, head_start=head)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            assert remaining(mastodon_mock_server, counted) == 999  # asked once, at the start
            # The token came with the page: the live stream starts as after a regular page.
            await wait_for(pilot, lambda: app.stream_states.get(ada.acct) == "live")
            mastodon_mock_server.client("grace").status_post("Live after a head start")
            await wait_for(pilot, lambda: screen.unseen == 1)
            # Older pages come the regular way, from the head start's cursor.
            await pilot.press("G")
            await wait_for(pilot, lambda: screen.view.item_count >= 80)
            assert remaining(mastodon_mock_server, counted) == 998
