"""The config file: where it lives, what it holds, and that it never holds a secret."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tuiclient import config, locations
from tuiclient.config import AccountConfig, Config


def test_config_lives_in_the_overridden_folder(tuiclient_home: Path) -> None:
    assert locations.config_file() == tuiclient_home / "config" / "config.toml"


def test_config_dir_override_moves_only_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUICLIENT_CONFIG_DIR", str(tmp_path / "elsewhere"))
    assert locations.config_file() == tmp_path / "elsewhere" / "config.toml"


def test_no_file_gives_defaults_and_nothing_is_created(tuiclient_home: Path) -> None:
    loaded = config.load()
    assert loaded == Config()
    assert not locations.config_file().exists()


def test_saved_config_round_trips_and_is_private() -> None:
    original = Config(
        theme="tuiclient-light",
        default_account="ada@example.social",
        refresh_seconds=30,
        accounts=[
            AccountConfig("ada@example.social", "https://example.social", "Ada", "work", "#335")
        ],
        keymap={"timeline.next": "j,n"},
    )
    path = config.save(original)
    assert config.load() == original
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_file_has_accounts_but_no_token_field() -> None:
    path = config.save(
        Config(accounts=[AccountConfig("ada@example.social", "https://example.social")])
    )
    text = path.read_text()
    assert "ada@example.social" in text
    assert "token" not in text and "secret" not in text


def test_unknown_and_mistyped_keys_are_ignored() -> None:
    loaded = Config.from_dict(
        {
            "theme": 3,
            "refresh_seconds": -5,
            "accounts": [{"acct": "a@b", "server": "https://b", "token": "x"}],
        }
    )
    assert loaded.theme == config.DEFAULT_THEME
    assert loaded.refresh_seconds == config.DEFAULT_REFRESH_SECONDS
    assert loaded.accounts == [AccountConfig("a@b", "https://b")]


def test_a_broken_file_is_kept_as_a_backup_and_defaults_are_used() -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True)
    path.write_text("theme = [unclosed")
    loaded = config.load()
    assert loaded.theme == config.DEFAULT_THEME
    assert "not valid TOML" in loaded.load_error
    assert path.with_name("config.toml.broken").read_text() == "theme = [unclosed"
