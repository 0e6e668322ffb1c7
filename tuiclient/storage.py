"""What tuiclient keeps on this machine for an account, and where.

Shown on the About screen so users can check it, and used when an account is
removed so nothing of it stays behind.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from tuiclient import locations, positions
from tuiclient.drafts import DraftStore
from tuiclient.secrets import SERVICE, client_username, token_username


@dataclass(frozen=True)
class Stored:
    """One thing kept for the account."""

    what: str
    where: str
    exists: bool


def stored_for(acct: str, server: str) -> list[Stored]:
    """Every place that holds something of `acct` (files, and the keyring entries)."""
    drafts = DraftStore(acct).folder
    draft_count = len(list(drafts.glob("*.json"))) if drafts.is_dir() else 0
    config = locations.config_file()
    position_file = locations.data_dir() / "positions.json"
    log_file = locations.log_dir() / "tuiclient.log"
    return [
        Stored("Account entry (name, server, label; no secret)", str(config), config.exists()),
        Stored(f"Drafts ({draft_count})", str(drafts), drafts.is_dir()),
        Stored(
            "Read position (only for servers without markers)",
            str(position_file),
            positions.load(acct, "home") is not None
            or positions.load(acct, "notifications") is not None,
        ),
        Stored("Log file (tokens redacted)", str(log_file), log_file.exists()),
        Stored("Access token", f"OS keyring: {SERVICE} / {token_username(acct)}", True),
        Stored("App registration", f"OS keyring: {SERVICE} / {client_username(server)}", True),
    ]


def forget_local_data(acct: str) -> list[Path]:
    """Delete the account's drafts and local read positions; the paths removed."""
    removed = []
    drafts = DraftStore(acct).folder
    if drafts.is_dir():
        shutil.rmtree(drafts)
        removed.append(drafts)
    positions.forget(acct)
    return removed
