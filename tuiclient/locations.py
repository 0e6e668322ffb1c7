"""Where tuiclient keeps its files.

Everything lives in the platformdirs folders of the user, unless an override is
set: `TUICLIENT_CONFIG_DIR`, `TUICLIENT_DATA_DIR`, `TUICLIENT_CACHE_DIR` and
`TUICLIENT_LOG_DIR` each move one folder; `TUICLIENT_HOME` moves all four below
one root (tests and `--demo` use it so the user's real files are never touched).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "tuiclient"

_DIRS = PlatformDirs(APP_NAME, appauthor=False)


def _folder(kind: str, default: str) -> Path:
    override = os.environ.get(f"TUICLIENT_{kind.upper()}_DIR")
    if override:
        return Path(override)
    home = os.environ.get("TUICLIENT_HOME")
    if home:
        return Path(home) / kind
    return Path(default)


def config_dir() -> Path:
    """The folder that holds `config.toml` and user themes."""
    return _folder("config", _DIRS.user_config_dir)


def data_dir() -> Path:
    """The folder for data the user would miss (drafts, local read positions)."""
    return _folder("data", _DIRS.user_data_dir)


def cache_dir() -> Path:
    """The folder for data that can be fetched again."""
    return _folder("cache", _DIRS.user_cache_dir)


def log_dir() -> Path:
    """The folder for the log file (tokens redacted)."""
    return _folder("log", _DIRS.user_log_dir)


def config_file() -> Path:
    """The TOML config file."""
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    """User theme files, loaded after the shipped ones."""
    return config_dir() / "themes"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and any missing parents) readable by the user only.

    `mkdir(parents=True)` would give the parents the umask's mode (often 0755), so
    each missing folder is made here, one by one, as 0700.
    """
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)
    path.chmod(0o700)
    return path


def write_private_file(path: Path, text: str) -> None:
    """Write `text` atomically to `path` with mode 0600.

    The file is written next to its target and renamed into place, so a crash
    never leaves a half-written file behind.
    """
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
