"""A poll says when it closes ("open · closes in 2 h"), and "closed" once it has."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from textual.style import Style

from tests.recorded import body, status
from tuiclient.post import Poll, Post
from tuiclient.widgets.timeline.post_lines import poll_lines, poll_state

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
"""A Thursday."""


def poll_closing(expires_at: datetime | None, *, expired: bool = False) -> Poll:
    return Poll(
        options=(),
        votes=0,
        expired=expired,
        multiple=False,
        voted=False,
        own_votes=(),
        expires_at=expires_at,
    )


@pytest.mark.parametrize(
    ("left", "said"),
    [
        (timedelta(seconds=30), "open · closes in under a minute"),
        (timedelta(minutes=1), "open · closes in 1 min"),
        (timedelta(minutes=4, seconds=59), "open · closes in 5 min"),
        (timedelta(minutes=59, seconds=59), "open · closes in 1 h"),
        (timedelta(hours=2), "open · closes in 2 h"),
        (timedelta(hours=2, minutes=40), "open · closes in 3 h"),
        (timedelta(hours=7, minutes=30), "open · closes 17:30 today"),
        (timedelta(days=1, hours=4, minutes=5), "open · closes 14:05 tomorrow"),
        (timedelta(days=3, hours=4, minutes=5), "open · closes Sun 14:05"),
        (timedelta(days=30), "open · closes 2026-12-26 10:00"),
    ],
)
def test_an_open_poll_says_when_it_closes(left: timedelta, said: str) -> None:
    assert poll_state(poll_closing(NOW + left), NOW) == said


def test_a_poll_is_closed_when_its_time_is_up_even_before_the_server_says_so() -> None:
    assert poll_state(poll_closing(NOW), NOW) == "closed"
    assert poll_state(poll_closing(NOW - timedelta(days=2)), NOW) == "closed"
    assert poll_state(poll_closing(NOW + timedelta(hours=1), expired=True), NOW) == "closed"


def test_a_poll_without_an_end_is_just_open() -> None:
    assert poll_state(poll_closing(None), NOW) == "open"


def test_the_recorded_poll_says_when_it_closes_by_the_views_clock() -> None:
    # Recorded from Mastodon 4.6.4: a poll of 5 minutes, several answers, no votes yet.
    post = Post.from_status(status(body("polls", "POST", "/api/v1/statuses")))
    assert post.poll is not None and post.poll.expires_at is not None
    created = post.created_at
    assert created is not None

    def note(now: datetime) -> str:
        return poll_lines(post, 80, lambda _: Style(), now=now)[-1].plain

    assert note(created + timedelta(minutes=1)) == (
        "  0 votes · open · closes in 4 min · several answers, you voted"
    )
    assert note(created + timedelta(minutes=6)) == (
        "  0 votes · closed · several answers, you voted"
    )
    closed = replace(post, poll=replace(post.poll, expired=True))
    assert "· closed ·" in poll_lines(closed, 80, lambda _: Style(), now=created)[-1].plain
