"""Helpers for tests that write posts in the real app against mastodon_mock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from mastodon import Mastodon
from mastodon_mock.testing.server import MockServer
from requests.adapters import HTTPAdapter
from textual.pilot import Pilot

from tests.integration.conftest import acct_of
from tests.integration.wait import wait_for
from tuiclient.api.client import connect
from tuiclient.app import TuiClientApp
from tuiclient.drafts import Draft, DraftStore
from tuiclient.screens.compose import ComposeScreen
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.timeline import TimelineView

STATUSES = "/api/v1/statuses"


async def timeline_loaded(pilot: Pilot[Any], app: TuiClientApp) -> TimelineView:
    """Wait for the first page of the home timeline; its view."""
    view = app.screen.query_one(TimelineView)
    await wait_for(pilot, lambda: view.item_count >= 1)
    return view


async def open_composer(pilot: Pilot[Any], app: TuiClientApp, key: str = "n") -> ComposeScreen:
    """Press `key` on the timeline and wait for the composer."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    await pilot.pause()
    assert isinstance(app.screen, ComposeScreen)
    return app.screen


async def composer_closed(pilot: Pilot[Any], app: TuiClientApp) -> None:
    """Wait until the composer is gone (the server took the post, or esc)."""
    await wait_for(pilot, lambda: not isinstance(app.screen, ComposeScreen))


def status_line(screen: Any) -> str:
    """The text of a screen's status line."""
    return str(screen.query_one(StatusLine).render())


def own_statuses(server: MockServer, username: str = "ada") -> list[Any]:
    """`username`'s posts on the server, newest first."""
    client = server.client(username)
    me = client.account_verify_credentials()
    return list(client.account_statuses(me["id"], limit=40))


def drafts(server: MockServer, username: str = "ada") -> list[Draft]:
    """The drafts the app keeps on disk for `username`."""
    return DraftStore(acct_of(server, username)).list()


class Recorder(HTTPAdapter):
    """Every request the app's client makes; can lose the answer to the first post.

    With `lose_first_post`, the first POST /api/v1/statuses reaches the server and is
    processed, but the app sees a read timeout instead of the answer: the request
    landed, the client cannot know.
    """

    def __init__(self, *, lose_first_post: bool = False, post_timeout: float | None = None) -> None:
        super().__init__()
        self.lose_first_post = lose_first_post
        self.post_timeout = post_timeout
        """Seconds a post may take before the client gives up (others keep the default)."""
        self.post_keys: list[str | None] = []

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        is_post = request.method == "POST" and urlsplit(request.url).path == STATUSES
        if is_post:
            self.post_keys.append(request.headers.get("Idempotency-Key"))
            if self.post_timeout is not None:
                kwargs["timeout"] = self.post_timeout
        response = super().send(request, *args, **kwargs)
        if is_post and self.lose_first_post and len(self.post_keys) == 1:
            raise requests.exceptions.ReadTimeout("the answer was lost on the way back")
        return response


@contextmanager
def client_patched(monkeypatch: pytest.MonkeyPatch, recorder: Recorder) -> Iterator[Recorder]:
    """Make the app's clients send their requests through `recorder`."""

    def patched(base_url: str, token: str | None, **kwargs: Any) -> Mastodon:
        api = connect(base_url, token, **kwargs)
        api.session.mount("http://", recorder)
        return api

    monkeypatch.setattr("tuiclient.session.connect", patched)
    yield recorder


def count(items: list[Any], condition: Callable[[Any], bool]) -> int:
    """How many of `items` meet `condition`."""
    return sum(1 for item in items if condition(item))
