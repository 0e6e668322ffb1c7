"""One logged-in account for the length of a run: its client and its timelines.

Each account has its own session, so nothing loaded for one account can ever be
shown under another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from tuiclient import notification_groups
from tuiclient.api import timelines
from tuiclient.api.client import REQUEST_TIMEOUT_SECONDS, connect
from tuiclient.api.errors import ApiError
from tuiclient.config import AccountConfig
from tuiclient.timeline import Item, Timeline, by_account, status_id

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Status

    from tuiclient.headstart import HeadStart

LIVE = 1_000_000_000
"""Page size for one live entry: never "a full page", so a live post never opens a gap."""

STREAMED = frozenset({"home", "notifications", "notifications:mentions"})
"""The timelines whose new entries the live stream brings (the others wait for a refresh)."""

KEPT_BY_FLAG = {"bookmarks": "bookmarked", "favourites": "favourited"}
"""Timelines that list only posts with a flag set: a post whose flag the user cleared leaves."""


class TimelineSource(Protocol):
    """Where pages of a timeline come from (the server, or recorded data in snapshots)."""

    page_size: int

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """One page of `timeline`, newest first. Blocks: call it from a worker."""
        ...


class SessionUnavailable(ApiError):
    """The account cannot be used: no token for it in the keyring, or no usable keyring."""


class AccountSession:
    """A logged-in account: its server client (made on first use) and its timelines."""

    page_size = timelines.PAGE_SIZE

    def __init__(
        self,
        account: AccountConfig,
        token: str | None,
        *,
        read_token: Callable[[], str] | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
        head_start: HeadStart | None = None,
    ) -> None:
        """`token` None: `read_token` is called for it when the client is first needed.

        That is in a worker thread: the keyring read (tens of milliseconds with the Secret
        Service) then runs while the first frame is drawn. `read_token` raises
        `SessionUnavailable` when there is no token to use. `head_start` may hold the first
        page, fetched while the app started.
        """
        self.account = account
        self._token = token
        self._read_token = read_token
        self._api: Mastodon | None = None
        self._api_lock = threading.Lock()
        self._timeout = timeout
        self._head_start = head_start
        self.timelines: dict[str, Timeline] = {}
        self.hidden_accounts: set[str] = set()
        """Ids of the accounts muted or blocked during this run: their entries stay out of
        pages loaded later too (except on their own profile)."""
        self.login_rejected = False
        """The server answered 401: the token is revoked or expired; log in again."""

    @property
    def acct(self) -> str:
        """`user@host`."""
        return self.account.acct

    @property
    def token(self) -> str | None:
        """The access token once it is known (read by the first request), else None."""
        return self._token

    @property
    def api(self) -> Mastodon:
        """The Mastodon.py client, built on first use (in a worker: no import cost, keyring
        read or request before the first frame). May raise `SessionUnavailable`."""
        with self._api_lock:  # workers of several screens may ask at once
            if self._api is None:
                self._api = connect(self.account.server, self._known_token(), timeout=self._timeout)
            return self._api

    def _known_token(self) -> str:
        # Called with the lock held.
        if self._token is None:
            if self._read_token is None:
                raise SessionUnavailable(f"No login token for {self.acct}")
            self._token = self._read_token()
        return self._token

    def renew(self) -> None:
        """Forget the client (and a token that can be read again): after a new login, the
        next request reads the new token. Everything loaded stays."""
        with self._api_lock:
            if self._read_token is not None:
                self._token = None
            self._api = None
            self.login_rejected = False

    def timeline(self, name: str) -> Timeline:
        """The session's timeline called `name`, created empty on first use."""
        if name not in self.timelines:
            self.timelines[name] = Timeline(
                name,
                server_order=name in timelines.SERVER_ORDERED,
                hidden=lambda item: self._hidden(name, item),
            )
        return self.timelines[name]

    def _hidden(self, timeline: str, item: Item) -> bool:
        if not self.hidden_accounts:
            return False
        return any(
            by_account(item, account_id)
            for account_id in self.hidden_accounts
            if timeline != f"account:{account_id}"
        )

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """One page of `timeline` from the server."""
        head_start, self._head_start = self._head_start, None
        if head_start is not None and max_id is None and since_id is None:
            page = head_start.take(self.acct, timeline)
            if page is not None:
                with self._api_lock:
                    self._known_token()  # the live stream starts with it after this page
                return page
        return timelines.fetch(
            self.api, timeline, max_id=max_id, since_id=since_id, limit=self.page_size
        )

    def apply_event(self, event: str, payload: Any, *, live: bool = False) -> set[str]:
        """Apply one event to the loaded timelines; the names of those that changed.

        Events come from the live stream (`live`) or from the user's own actions. Only
        timelines already loaded take new entries (a page fetched later brings them
        anyway); deletions and edits reach every timeline holding the post. A post the
        user unbookmarked (unfavourited) leaves the bookmarks (favourites); the stream's
        copies do not tell the user's flags, so a live edit never removes one. After a
        mute or block (`account.hidden`, with the account's id) the account's posts,
        boosts and notifications leave every timeline but its own profile's, and stay out
        of pages loaded later; after an unmute or unblock (`account.shown`) later pages
        bring them again.
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
                # Joins its group where the view shows groups (and moves it to the top).
                if notification_groups.add_live(timeline, payload, page_size=LIVE):
                    changed.add(name)
        elif event == "delete":
            changed = {name for name, t in self.timelines.items() if t.remove(str(payload))}
        elif event == "status.update":
            for name, timeline in self.timelines.items():
                flag = KEPT_BY_FLAG.get(name)
                if not live and flag is not None and payload.get(flag) is False:
                    gone = status_id(payload)
                    if gone is not None and timeline.remove(gone):
                        changed.add(name)
                elif timeline.replace(payload, keep_own_flags=live):
                    changed.add(name)
        elif event == "account.hidden":
            account_id = str(payload)
            self.hidden_accounts.add(account_id)
            changed = {
                name
                for name, timeline in self.timelines.items()
                if name != f"account:{account_id}" and timeline.remove_account(account_id)
            }
        elif event == "account.shown":
            self.hidden_accounts.discard(str(payload))
        return changed
