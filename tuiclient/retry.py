"""How patient tuiclient is with servers: request timeouts and retry delays.

Plain Python (no Textual, no network), so the delays can be tested and injected:
the app takes a `Patience` and tests hand it one with millisecond delays.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tuiclient.api.errors import ApiError


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with jitter: 2, 4, 8 … seconds, never more than `cap`.

    Jitter spreads the retries of many clients (and of several views of one client) so
    they do not reach a recovering server in the same second.
    """

    first: float = 2.0
    factor: float = 2.0
    cap: float = 120.0
    jitter: float = 0.2
    """Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]."""
    rand: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (0 for the first retry)."""
        plain = min(self.cap, self.first * self.factor ** min(max(attempt, 0), 64))
        spread = 1 + self.jitter * (2 * self.rand() - 1)
        return max(0.0, plain * spread)


@dataclass(frozen=True)
class Patience:
    """Every limit tuiclient puts on waiting for a server, in one place."""

    request_timeout: float = 20.0
    """Seconds one REST request may take (connect and each read) before it is given up."""
    retry: Backoff = field(default_factory=Backoff)
    """Delays between automatic retries of a failed read (a page of a timeline)."""
    stream_retry: Backoff = field(default_factory=lambda: Backoff(first=1.0, cap=60.0))
    """Delays between reconnections of a dropped live stream."""
    stream_read_timeout: float = 75.0
    """Silence on a live stream (no heartbeat) after which it counts as dropped."""
    longest_rate_limit_wait: float = 15 * 60.0
    """A server asking to wait longer than this is asked again after this long."""


DEFAULT_PATIENCE = Patience()


def in_words(seconds: float) -> str:
    """A wait as people say it: `3s`, `5 min`, `2 h`."""
    if seconds < 90:
        return f"{max(1, round(seconds))}s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


class Stoppable(Protocol):
    """A timer that can be stopped: Textual's `Timer` in the app, a stand-in in tests."""

    def stop(self) -> None:
        """Never go off."""


@dataclass(frozen=True)
class Retry:
    """What comes of one failed read: whether and when it is tried again, in words."""

    delay: float | None
    """Seconds until the read is tried again on its own; None when a retry cannot help."""
    hint: str
    """What happens next: `trying again at 12:00:04 (4s; . tries now)`, `press . to retry`."""
    news: bool
    """Not the failure the view reported last time: worth a notification."""

    def status_line(self, text: str) -> str:
        """`text` (what failed) followed by what happens next."""
        return f"{text} · {self.hint}" if self.delay is not None else f"{text} ({self.hint})"


class RetryPlan:
    """When one view (a timeline, a thread, a profile) tries a failed read again.

    A failure that may pass (network, timeout, 5xx, an unreadable answer, a rate limit) is
    tried again after the backoff of `patience.retry`, or after the wait the server asked
    for (Retry-After, capped by `patience.longest_rate_limit_wait`); while that wait lasts
    the view is *held*: `.` does not send sooner. Other failures (401, 404, 422) are not
    retried. The plan also keeps the view's timer for the pending retry, so that a new
    failure replaces it and closing the view stops it. The screen owns the timer's callback
    and what it sends; the plan owns the counting, the delays and the words.
    """

    def __init__(
        self,
        patience: Patience = DEFAULT_PATIENCE,
        *,
        now: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.patience = patience
        self.attempt = 0
        """Failed attempts in a row: how far the backoff has grown."""
        self.failure = ""
        """The message of the last failure (a different one is news)."""
        self._now = now
        self._monotonic = monotonic
        self._hold_until = 0.0
        """`monotonic()` before which the server asked not to be asked (429, 503)."""
        self._timer: Stoppable | None = None

    def failed(self, error: ApiError) -> Retry:
        """Count a failure and say what comes of it (the screen sets the timer)."""
        news = self.attempt == 0 or error.message != self.failure
        self.failure = error.message
        if not error.retryable:
            return Retry(None, "press . to retry", news)
        delay = self.patience.retry.delay(self.attempt)
        self.attempt += 1
        if error.retry_after is not None:
            asked = min(error.retry_after, self.patience.longest_rate_limit_wait)
            delay = max(delay, asked)
            self._hold_until = self._monotonic() + delay
        elif error.kind == "rate_limit":
            self._hold_until = self._monotonic() + delay
        how = "the server asked to wait" if self.held() else ". tries now"
        hint = f"trying again at {self._clock_in(delay)} ({in_words(delay)}; {how})"
        return Retry(delay, hint, news)

    def succeeded(self) -> None:
        """A read worked: the backoff starts over (a wait the server asked for still holds)."""
        self.attempt = 0
        self.failure = ""

    def reset(self) -> None:
        """Forget the backoff and any wait the server asked for (a new login)."""
        self.attempt = 0
        self._hold_until = 0.0

    def held(self) -> float:
        """Seconds the server asked this view to stay away still (0 when it did not)."""
        return max(0.0, self._hold_until - self._monotonic())

    def held_hint(self) -> str:
        """Why `.` sends nothing now, and until when ("" when the view is not held)."""
        held = self.held()
        if not held:
            return ""
        return (
            f"The server asked to wait: trying again at {self._clock_in(held)} ({in_words(held)})"
        )

    # -- the pending retry's timer ---------------------------------------------

    @property
    def pending(self) -> bool:
        """Whether a retry is waiting for its timer."""
        return self._timer is not None

    def wait(self, timer: Stoppable) -> None:
        """Remember the timer of the retry now pending (stopping an older one)."""
        self.cancel()
        self._timer = timer

    def due(self) -> None:
        """The timer went off: the retry is no longer pending."""
        self._timer = None

    def cancel(self) -> bool:
        """Stop the pending retry, if any; whether there was one."""
        timer, self._timer = self._timer, None
        if timer is None:
            return False
        timer.stop()
        return True

    def _clock_in(self, seconds: float) -> str:
        now = self._now() if self._now is not None else datetime.now().astimezone()
        return (now + timedelta(seconds=seconds)).strftime("%H:%M:%S")
