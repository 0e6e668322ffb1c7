"""One logged-in account for the length of a run: its client and its timelines.

Each account has its own session, so nothing loaded for one account can ever be
shown under another.
"""

from __future__ import annotations

from typing import Any, Protocol

from mastodon import Mastodon
from mastodon.return_types import Status

from tuiclient.api import timelines
from tuiclient.api.client import connect
from tuiclient.config import AccountConfig
from tuiclient.timeline import Timeline

LIVE = 1_000_000_000
"""Page size for one live entry: never "a full page", so a live post never opens a gap."""


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

    def apply_event(self, event: str, payload: Any) -> set[str]:
        """Apply one live event to the loaded timelines; the names of those that changed.

        Only timelines already loaded take new entries (a page fetched later brings
        them anyway); deletions and edits reach every timeline holding the post.
        """
        changed: set[str] = set()
        if event == "update":
            home = self.timelines.get("home")
            if home is not None and home.items and home.add_newer([payload], page_size=LIVE).added:
                changed.add("home")
        elif event == "notification":
            for name in ("notifications", "notifications:mentions"):
                timeline = self.timelines.get(name)
                if timeline is None or not timeline.items:
                    continue
                if name.endswith(":mentions") and payload.get("type") != "mention":
                    continue
                if timeline.add_newer([payload], page_size=LIVE).added:
                    changed.add(name)
        elif event == "delete":
            changed = {name for name, t in self.timelines.items() if t.remove(str(payload))}
        elif event == "status.update":
            changed = {name for name, t in self.timelines.items() if t.replace(payload)}
        return changed
