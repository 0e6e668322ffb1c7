"""Every file tuiclient writes is readable by the user only (0600, folders 0700)."""

from __future__ import annotations

import stat
from pathlib import Path

from tuiclient import config, logs, positions
from tuiclient.config import AccountConfig, Config
from tuiclient.drafts import Draft, DraftStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_config_drafts_positions_and_log_are_private(tuiclient_home: Path) -> None:
    config.save(Config(accounts=[AccountConfig("ada@example.social", "https://example.social")]))
    DraftStore("ada@example.social").save(Draft(text="half a thought"))
    positions.save("ada@example.social", "home", "1")
    log_path = logs.setup()
    logs.get_logger("test").warning("hello")
    written = [p for p in tuiclient_home.rglob("*")]
    files = [p for p in written if p.is_file()]
    assert {p.name for p in files} >= {"config.toml", "positions.json", "tuiclient.log"}
    assert any(p.suffix == ".json" and p.parent.parent.name == "drafts" for p in files)
    assert log_path in files
    for path in files:
        assert mode(path) == 0o600, path
    for folder in (p for p in written if p.is_dir()):
        assert mode(folder) & 0o077 == 0, folder
