"""A head start: the token and the first page, asked for while Textual starts.

`tuiclient` starts this thread before it imports Textual. By the time the first frame is
drawn, the keyring has usually answered and the home timeline's first page has arrived, so
the first posts follow the first frame at once instead of after a keyring read, Mastodon.py's
import and a request in a row. The thread only reads: it never shows anything, and when it
fails the app does the same work the regular way (and says what went wrong).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tuiclient import logs
from tuiclient.api import first_page, timelines
from tuiclient.api.errors import ApiError
from tuiclient.api.pages import Page
from tuiclient.config import AccountConfig

log = logs.get_logger("headstart")

TokenReader = Callable[[str], "str | None"]


def _keyring_token(acct: str) -> str | None:
    from tuiclient.secrets import SecretStore

    return SecretStore().get_token(acct)


class HeadStart:
    """The first page of one account's `timeline`, fetched in a thread of its own."""

    def __init__(
        self,
        account: AccountConfig,
        *,
        timeline: str = "home",
        limit: int = timelines.PAGE_SIZE,
        timeout: float = 20.0,
        read_token: TokenReader = _keyring_token,
    ) -> None:
        self.acct = account.acct
        self.timeline = timeline
        self._server = account.server
        self._limit = limit
        self._timeout = timeout
        self._read_token = read_token
        self._done = threading.Event()
        self._token: str | None = None
        self._page: Page | None = None
        self._error: ApiError | None = None
        self._thread = threading.Thread(target=self._run, name="tuiclient-headstart", daemon=True)

    def start(self) -> HeadStart:
        """Start the thread; returns self."""
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._token = self._read_token(self.acct)
            if self._token:
                self._page = first_page.fetch(
                    self._server,
                    self._token,
                    self.timeline,
                    limit=self._limit,
                    timeout=self._timeout,
                )
        except ApiError as error:  # no network: the app says so and retries
            self._error = error
        except Exception as error:  # noqa: BLE001 - the app does it the regular way
            log.info("no head start for %s: %s", self.acct, type(error).__name__)
        finally:
            self._done.set()

    def _wait(self) -> bool:
        # The thread's request has its own timeout; the margin covers the keyring read.
        return self._done.wait(self._timeout + 10)

    def token(self, acct: str) -> str | None:
        """The token read for `acct` (waiting for the read), or None: read it again."""
        if acct != self.acct or not self._wait():
            return None
        return self._token

    def take(self, acct: str, timeline: str) -> Page | None:
        """The page, once: None when it is not this account's `timeline`, or when the head
        start could not get it (then the caller asks the regular way). Raises the `ApiError`
        of a network failure, so that it is not waited for twice."""
        if acct != self.acct or timeline != self.timeline or not self._wait():
            return None
        page, self._page = self._page, None
        error, self._error = self._error, None
        if error is not None:
            raise error
        return page
