"""Counts in words: "1 post", "2 posts", never "1 post(s)"."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` and the word for that many: `plural(1, "post")` is "1 post".

    `many` is for words that do not just take an "s": `plural(2, "entry", "entries")`.
    """
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count} {word}"


def listed(timeline: str) -> str:
    """What one entry of `timeline` is called: "notification" on notifications, else "post"."""
    return "notification" if timeline.partition(":")[0] == "notifications" else "post"
