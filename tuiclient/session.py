"""One logged-in account for the length of a run: its client and its timelines.

Each account has its own session, so nothing loaded for one account can ever be
shown under another.
"""

from __future__ import annotations

from typing import Protocol

from mastodon import Mastodon
from mastodon.return_types import Status

from tuiclient.api import timelines
from tuiclient.api.client import connect
from tuiclient.config import AccountConfig
from tuiclient.timeline import Timeline


class TimelineSource(Protocol):
    """Where pages of a timeline come from (the server, or recorded data in snapshots)."""

    page_size: int

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """One page of `timeline`, newest first. Blocks: call it from a worker."""
        ...


class AccountSession:
    """A logged-in account: its server client (made on first use) and its timelines."""

    page_size = timelines.PAGE_SIZE

    def __init__(self, account: AccountConfig, token: str) -> None:
        self.account = account
        self._token = token
        self._api: Mastodon | None = None
        self.timelines: dict[str, Timeline] = {}

    @property
    def acct(self) -> str:
        """`user@host`."""
        return self.account.acct

    @property
    def api(self) -> Mastodon:
        """The Mastodon.py client (built lazily: no import cost or request at start)."""
        if self._api is None:
            self._api = connect(self.account.server, self._token)
        return self._api

    def timeline(self, name: str) -> Timeline:
        """The session's timeline called `name`, created empty on first use."""
        if name not in self.timelines:
            self.timelines[name] = Timeline(name, server_order=name in timelines.SERVER_ORDERED)
        return self.timelines[name]

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """One page of `timeline` from the server."""
        return timelines.fetch(
            self.api, timeline, max_id=max_id, since_id=since_id, limit=self.page_size
        )
