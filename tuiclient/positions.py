"""Read positions kept on this machine, for servers without the markers API.

One JSON file in the data folder (mode 0600): `{acct: {timeline: status_id}}`.
"""

from __future__ import annotations

import json
from pathlib import Path

from tuiclient import locations


def _path() -> Path:
    return locations.data_dir() / "positions.json"


def _read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load(acct: str, timeline: str) -> str | None:
    """The saved position of `timeline` for `acct`, if any."""
    value = _read().get(acct, {}).get(timeline)
    return value if isinstance(value, str) else None


def save(acct: str, timeline: str, status_id: str) -> None:
    """Remember the position of `timeline` for `acct`."""
    data = _read()
    data.setdefault(acct, {})[timeline] = status_id
    locations.write_private_file(_path(), json.dumps(data, indent=1))


def forget(acct: str) -> None:
    """Drop every position of `acct` (when the account is removed)."""
    data = _read()
    if data.pop(acct, None) is not None:
        locations.write_private_file(_path(), json.dumps(data, indent=1))
