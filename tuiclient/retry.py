"""How patient tuiclient is with servers: request timeouts and retry delays.

Plain Python (no Textual, no network), so the delays can be tested and injected:
the app takes a `Patience` and tests hand it one with millisecond delays.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


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
