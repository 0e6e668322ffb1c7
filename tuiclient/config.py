"""The user's settings: a TOML file in the platformdirs config folder.

The file never holds a secret. Accounts are listed by `user@host`; their tokens
live in the OS keyring (see `tuiclient.secrets`).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tuiclient import locations

DEFAULT_THEME = "tuiclient-dark"
DEFAULT_REFRESH_SECONDS = 120


@dataclass
class AccountConfig:
    """One account the user has logged in to (no token: that is in the keyring)."""

    acct: str
    """`user@host`, the name the account is known by everywhere in the client."""
    server: str
    """Base URL of the server, e.g. `https://example.social`."""
    display_name: str = ""
    label: str = ""
    """A short label of the user's choosing, shown in the header."""
    color: str = ""
    """A colour for this account's header, so identities are never mixed up."""


@dataclass
class Config:
    """Everything in `config.toml`."""

    theme: str = DEFAULT_THEME
    default_account: str = ""
    refresh_seconds: int = DEFAULT_REFRESH_SECONDS
    """How often the open timeline asks the server for newer posts (0: never)."""
    accounts: list[AccountConfig] = field(default_factory=list)
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, e.g. `"timeline.next" = "j,down"`."""
    confirm: list[str] = field(default_factory=lambda: ["delete"])
    """Actions that ask first: any of `"boost"`, `"delete"`, `"block"`."""
    filters: list[dict[str, Any]] = field(default_factory=list)
    """Local filter rules, one `[[filters]]` table each (read by `tuiclient.filters`)."""
    load_error: str = field(default="", compare=False)
    """Why the file could not be read, when defaults were used instead."""

    def account(self, acct: str) -> AccountConfig | None:
        """The account called `acct`, if the user has it."""
        return next((a for a in self.accounts if a.acct == acct), None)

    def to_toml(self) -> str:
        """The config as TOML text."""
        data = asdict(self)
        data.pop("load_error")
        return tomli_w.dumps(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """Build a config from parsed TOML, ignoring keys it does not know."""
        config = cls()
        if isinstance(data.get("theme"), str):
            config.theme = data["theme"]
        if isinstance(data.get("default_account"), str):
            config.default_account = data["default_account"]
        refresh = data.get("refresh_seconds")
        if isinstance(refresh, int) and not isinstance(refresh, bool) and refresh >= 0:
            config.refresh_seconds = refresh
        keymap = data.get("keymap")
        if isinstance(keymap, dict):
            config.keymap = {str(k): str(v) for k, v in keymap.items() if isinstance(v, str)}
        confirm = data.get("confirm")
        if isinstance(confirm, list):
            config.confirm = [str(a) for a in confirm if isinstance(a, str)]
        filters = data.get("filters")
        if isinstance(filters, list):
            config.filters = [dict(rule) for rule in filters if isinstance(rule, dict)]
        for entry in data.get("accounts", []):
            if isinstance(entry, dict) and "acct" in entry and "server" in entry:
                known = {k: str(v) for k, v in entry.items() if k in AccountConfig.__annotations__}
                config.accounts.append(AccountConfig(**known))
        return config


def load(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives the defaults.

    A file that cannot be parsed is kept beside it as `config.toml.broken` and the
    defaults are used, with `load_error` saying so: the user's file is never lost.
    """
    path = path or locations.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except UnicodeDecodeError:
        return Config(load_error=_set_aside(path, "is not text (not UTF-8)"))
    except OSError as error:
        # Unreadable (permissions, a folder in its place): moved aside too, so that saving
        # the defaults later can never replace it.
        return Config(load_error=_set_aside(path, f"could not be read ({error.strerror})"))
    try:
        return Config.from_dict(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        return Config(load_error=_set_aside(path, f"is not valid TOML ({error})"))


def _set_aside(path: Path, problem: str) -> str:
    """Move a config file that cannot be used to a backup beside it; say what happened."""
    backup = path.with_name(path.name + ".broken")
    number = 1
    while backup.exists():  # an earlier backup is the user's too: never replaced
        number += 1
        backup = path.with_name(f"{path.name}.broken-{number}")
    try:
        path.replace(backup)
    except OSError as error:
        return (
            f"{path} {problem}; using the defaults. It could not be moved aside "
            f"({error.strerror}), so settings changed now may not be saved."
        )
    return f"{path} {problem}; kept it as {backup} and using the defaults"


def save(config: Config, path: Path | None = None) -> Path:
    """Write the config file (mode 0600) and return its path."""
    path = path or locations.config_file()
    locations.write_private_file(path, config.to_toml())
    return path
