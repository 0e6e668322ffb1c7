"""Post times as people read them: "5m" in the list, the full date when selected."""

from __future__ import annotations

from datetime import datetime, timezone


def relative(moment: datetime | None, now: datetime) -> str:
    """A short age such as `now`, `42s`, `5m`, `3h`, `2d`, or a date for old posts."""
    if moment is None:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    seconds = int((now - moment).total_seconds())
    if seconds < 5:
        return "now"
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    if seconds < 7 * 86400:
        return f"{seconds // 86400}d"
    return moment.astimezone(now.tzinfo).strftime("%Y-%m-%d")


def absolute(moment: datetime | None, now: datetime) -> str:
    """The full local date and time, e.g. `2026-11-26 07:31`."""
    if moment is None:
        return "unknown time"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")
