"""Real server responses recorded from Mastodon 4.6.4.

See tests/fixtures/mastodon-real/PROVENANCE.md for where they come from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mastodon.return_types import Status
from mastodon.types_base import try_cast

FIXTURES = Path(__file__).parent / "fixtures" / "mastodon-real"


def exchanges(name: str) -> list[dict[str, Any]]:
    """Every recorded exchange of fixture file `name` (without `.json`)."""
    data: list[dict[str, Any]] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def body(name: str, method: str, path: str, index: int = 0) -> Any:
    """The JSON body of the `index`-th exchange matching `method` and `path` (prefix)."""
    matches = [e for e in exchanges(name) if e["method"] == method and e["path"].startswith(path)]
    return matches[index]["body"]


def statuses(raw: list[dict[str, Any]]) -> list[Status]:
    """Mastodon.py `Status` entities, exactly as the client gets them from the server."""
    return [try_cast(Status, dict(item)) for item in raw]


def status(raw: dict[str, Any]) -> Status:
    """One Mastodon.py `Status` entity."""
    return try_cast(Status, dict(raw))
