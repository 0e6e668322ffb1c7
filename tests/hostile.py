"""The hostile content corpus in tests/fixtures/hostile/ (see generate.py there), and checks.

Payloads go through Mastodon.py's own `try_cast`, as a server's answer would.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from mastodon.return_types import Notification, Status
from mastodon.types_base import try_cast
from rich.segment import Segment

CORPUS = Path(__file__).parent / "fixtures" / "hostile"

CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What must never reach the terminal: C0 (but newline), DEL, C1, bidi controls, surrogates.
ESC is in C0, so no escape sequence (CSI, OSC 52, OSC 8, title changes) can pass either."""


def _load(name: str) -> Any:
    return json.loads((CORPUS / name).read_text(encoding="ascii"))


def strings() -> dict[str, str]:
    """Every hostile text by name (recipes in the file expanded)."""
    found: dict[str, str] = {}
    for name, value in _load("strings.json").items():
        if isinstance(value, dict) and "repeat" in value:
            text = value["repeat"] * value["times"]
            found[name] = text[: value["limit"]] if "limit" in value else text
        elif isinstance(value, dict):
            found[name] = "".join(part * times for part, times in value["parts"])
        else:
            found[name] = value
    return found


def statuses() -> list[Status]:
    """Hostile statuses as Mastodon.py entities."""
    return [try_cast(Status, item) for item in _load("statuses.json")]


def notifications() -> list[Notification]:
    """Hostile notification payloads as Mastodon.py entities."""
    return [try_cast(Notification, item) for item in _load("notifications.json")]


def thread() -> tuple[Status, list[Status]]:
    """A status and 1,000 replies, each answering the one before (a 1,000-deep chain)."""
    data = _load("thread.json")
    focus = try_cast(Status, data["focus"])
    replies = []
    parent = str(data["focus"]["id"])
    for n in range(data["replies"]):
        reply = copy.deepcopy(data["reply"])
        reply["id"] = f"r.{n:04d}/x"
        reply["in_reply_to_id"] = parent
        reply["content"] = f"<p>reply {n}: {reply['content']}</p>"
        replies.append(try_cast(Status, reply))
        parent = reply["id"]
    return focus, replies


def control_in(segments: list[Segment]) -> list[str]:
    """The texts of `segments` that hold a character no terminal should be sent."""
    return [s.text for s in segments if CONTROL.search(s.text)]
