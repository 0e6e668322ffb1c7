"""The real `TuiClientApp` on fixed data, for snapshots and the README's screenshots.

The posts are responses a real Mastodon 4.6.4 server sent (copied into
tests/fixtures/mastodon-real, see PROVENANCE.md there), turned into Mastodon.py
entities exactly as the api layer gets them. The clock is fixed a few minutes after
the newest post, so every age ("5m") and date on screen is the same on every run.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from mastodon.return_types import Status
from mastodon.types_base import try_cast
from textual.pilot import Pilot

from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig, Config
from tuiclient.secrets import MemoryKeyring, SecretStore
from tuiclient.session import TimelineSource
from tuiclient.timeline import id_key
from tuiclient.widgets.timeline import TimelineView

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mastodon-real"
"""Recorded real server responses (copied into tests/fixtures, so the tests stand alone)."""

SIZE = (120, 40)
"""Terminal size of every snapshot and screenshot."""

ACCOUNT = AccountConfig(
    acct="ada@mastodon.example",
    server="https://mastodon.example",
    display_name="Ada Lovelace",
    label="snapshot",
)

CW_POST_INDEX = 2
"""Position of the post with a content warning (j twice from the top reaches it)."""


def _exchanges(name: str) -> list[dict[str, Any]]:
    exchanges: list[dict[str, Any]] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return exchanges


def _body(name: str, method: str, path: str) -> Any:
    """The body of the first recorded exchange `method path` in fixture file `name`."""
    for exchange in _exchanges(name):
        if exchange["method"] == method and exchange["path"] == path and exchange["status"] == 200:
            return exchange["body"]
    raise LookupError(f"{name} has no successful {method} {path}")


def _home_page(ids: set[str]) -> list[dict[str, Any]]:
    page: list[dict[str, Any]] = _body("home_tl.json", "GET", "/api/v1/timelines/home")
    return [status for status in page if status["id"] in ids]


def recorded_statuses() -> list[dict[str, Any]]:
    """The sample timeline as server JSON, newest first.

    A mix a reader meets every day: a hashtag, a boost, a content warning, a reply
    with a mention, plain posts, and a post with two images, one described (alt
    text) and one not.
    """
    hashtag = _body("hashtag_tl.json", "GET", "/api/v1/timelines/tag/hoot")[0]
    reblog = _body(
        "status_reblog_unreblog.json", "POST", "/api/v1/statuses/117020586019094258/reblog"
    )
    content_warning = _body("status_post_cw_public.json", "POST", "/api/v1/statuses")
    reply_exchanges = [e for e in _exchanges("status_reply.json") if e["method"] == "POST"]
    original, reply = (e["body"] for e in reply_exchanges[:2])
    with_media = copy.deepcopy(_body("status.json", "GET", "/api/v1/statuses/117020583223442465"))
    # No recorded status carries attachments; the one image the server returned from
    # POST /api/v2/media is attached here as it is when its id is passed in media_ids,
    # once with the description a careful poster gives it and once as uploaded (none).
    upload = _body("media_post_file.json", "POST", "/api/v2/media")
    described = {**upload, "description": "A 600 by 600 pixel test image."}
    with_media["media_attachments"] = [described, upload]
    home = _home_page(
        {
            "117020585762235614",  # bwooh! secret
            "117020585724931720",  # bwooh!
            "117020583000712307",  # do not @ me
            "117020582721532745",  # nice
            "117020574694606796",  # I have never stolen a ham in my life.
        }
    )
    statuses = [hashtag, reblog, content_warning, original, reply, with_media, *home]
    return sorted(statuses, key=lambda status: id_key(str(status["id"])), reverse=True)


class FixtureSource:
    """A `TimelineSource` serving recorded statuses as the server would: newest first, paged."""

    def __init__(self, statuses: list[Status], page_size: int = 40) -> None:
        self.page_size = page_size
        self._statuses = sorted(
            statuses, key=lambda status: id_key(str(status["id"])), reverse=True
        )

    @classmethod
    def recorded(cls, page_size: int = 40) -> FixtureSource:
        """The sample timeline, as Mastodon.py `Status` entities."""
        statuses = [try_cast(Status, data) for data in recorded_statuses()]  # type: ignore[no-untyped-call]
        return cls(statuses, page_size)

    @property
    def newest(self) -> datetime:
        """When the newest post was written."""
        created: datetime = self._statuses[0]["created_at"]
        return created

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """One page of posts older than `max_id` and newer than `since_id`, newest first."""
        if timeline != "home":
            raise ValueError(f"Unknown timeline {timeline!r}")
        page = [
            status
            for status in self._statuses
            if (max_id is None or id_key(str(status["id"])) < id_key(max_id))
            and (since_id is None or id_key(str(status["id"])) > id_key(since_id))
        ]
        return page[: self.page_size]


def make_app(
    source: TimelineSource,
    clock: Callable[[], datetime],
    *,
    theme: str = "tuiclient-dark",
    account: AccountConfig = ACCOUNT,
) -> TuiClientApp:
    """The real app on `source`, with a fixed clock, no refresh timer and no saved config."""
    config = Config(
        theme=theme,
        default_account=account.acct,
        refresh_seconds=0,
        accounts=[account],
    )
    return TuiClientApp(
        config,
        SecretStore(MemoryKeyring()),
        source=source,
        save_config=False,
        clock=clock,
    )


def minutes_after(moment: datetime, minutes: int) -> datetime:
    """`moment` rounded up to a whole minute, plus `minutes`: the newest post reads "5m"."""
    whole = moment.replace(second=0, microsecond=0)
    if whole < moment:
        whole += timedelta(minutes=1)
    return whole + timedelta(minutes=minutes)


def sample_moment() -> datetime:
    """The fixed "now" of the sample app: five minutes after the newest recorded post."""
    return minutes_after(FixtureSource.recorded().newest, 5)


def make_sample_app(theme: str = "tuiclient-dark") -> TuiClientApp:
    """The real app showing the recorded sample timeline at a fixed time."""
    source = FixtureSource.recorded()
    moment = minutes_after(source.newest, 5)
    return make_app(source, lambda: moment, theme=theme)


@contextmanager
def frozen_wall_clock(moment: datetime) -> Iterator[None]:
    """Make the status line's "Updated HH:MM" read `moment`.

    The timeline screen takes that time from `datetime.now()` rather than from the
    app's clock, so it is pinned here for images that must not change between runs.
    """
    import tuiclient.screens.timeline as timeline_screen

    if not hasattr(timeline_screen, "datetime"):
        yield
        return

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> FrozenDatetime:
            return cls.fromtimestamp(moment.timestamp(), tz or timezone.utc)

    with mock.patch.object(timeline_screen, "datetime", FrozenDatetime):
        yield


async def wait_until_loaded(pilot: Pilot[None], timeout: float = 15) -> None:
    """Let the app run until the timeline shows its first page and settles."""
    deadline = time.monotonic() + timeout
    while True:
        screen = pilot.app.screen
        views = screen.query(TimelineView)
        if views and views.first().item_count > 0 and not screen.workers:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the timeline did not load")
        await pilot.pause(0.05)
    await pilot.pause()
