"""The `login` and `accounts` commands where no server is needed: messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail

from tuiclient import config as config_module
from tuiclient.cli import EXIT_NO_KEYRING, EXIT_USAGE, main
from tuiclient.config import AccountConfig, Config
from tuiclient.secrets import MemoryKeyring, SecretStore


def no_keyring() -> SecretStore:
    """keyring's "no backend" fallback: every call raises NoKeyringError."""
    return SecretStore(fail.Keyring())  # type: ignore[no-untyped-call]


def assert_names_the_ways_out(message: str) -> None:
    assert "No usable keyring" in message
    for way_out in ("gnome-keyring", "KWallet", "PYTHON_KEYRING_BACKEND", "keyrings.alt"):
        assert way_out in message
    assert "Traceback" not in message


def saved(*accounts: str, default: str = "") -> Config:
    config = Config(
        accounts=[AccountConfig(acct=a, server=f"https://{a.split('@')[1]}") for a in accounts],
        default_account=default,
    )
    config_module.save(config)
    return config


def test_login_without_a_keyring_stops_before_contacting_the_server(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["login", "https://example.social", "--no-browser"], secrets=no_keyring)

    out, err = capsys.readouterr()
    assert code == EXIT_NO_KEYRING == 3
    assert_names_the_ways_out(err)
    assert out == "", "nothing was asked of the server"


def test_login_without_a_keyring_through_the_default_backend(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real path: keyring picks its own backend, and it is the "no backend" one."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)

    code = main(["login", "example.social"])

    assert code == 3
    assert_names_the_ways_out(capsys.readouterr().err)


def test_a_memory_keyring_chosen_by_environment_is_refused_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tokens kept in memory would be gone at exit: no silent non-keyring either."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tuiclient.secrets.MemoryKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)

    assert main(["login", "example.social"]) == 3
    assert_names_the_ways_out(capsys.readouterr().err)


def test_removing_an_account_without_a_keyring_changes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved("ada@example.social", default="ada@example.social")

    code = main(["accounts", "remove", "ada@example.social"], secrets=no_keyring)

    assert code == 3
    assert_names_the_ways_out(capsys.readouterr().err)
    assert [a.acct for a in config_module.load().accounts] == ["ada@example.social"]


def test_plain_http_to_a_remote_server_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["login", "http://example.social"], secrets=lambda: SecretStore(MemoryKeyring()))
    assert code == EXIT_USAGE
    assert "Refusing plain http for example.social: use https" in capsys.readouterr().err


def test_the_server_is_asked_for_when_not_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "http://example.social"

    monkeypatch.setattr("builtins.input", answer)
    assert main(["login"], secrets=lambda: SecretStore(MemoryKeyring())) == EXIT_USAGE
    assert prompts == ["Server (e.g. example.social): "]


def test_accounts_lists_them_and_stars_the_default(
    capsys: pytest.CaptureFixture[str], tuiclient_home: Path
) -> None:
    config = saved("ada@example.social", "grace@other.example", default="grace@other.example")
    config.accounts[0].display_name = "Ada \x1b[31mLovelace"
    config_module.save(config)

    assert main(["accounts"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  ada@example.social ")
    assert "Ada Lovelace" in lines[0] and "\x1b" not in lines[0]
    assert lines[1].startswith("* grace@other.example ")
    assert main(["accounts", "list"]) == 0


def test_accounts_when_there_are_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accounts"]) == 0
    assert "tuiclient login SERVER" in capsys.readouterr().out


def test_choosing_the_default_account(capsys: pytest.CaptureFixture[str]) -> None:
    saved("ada@example.social", "grace@other.example", default="ada@example.social")

    assert main(["accounts", "default", "grace@other.example"]) == 0
    assert config_module.load().default_account == "grace@other.example"

    assert main(["accounts", "default", "alan@example.social"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "No account 'alan@example.social'" in err
    assert config_module.load().default_account == "grace@other.example"


def test_app_options_do_not_mix_with_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--demo", "login", "example.social"])
    assert exit_info.value.code == 2
    assert "--demo and --account do not go with the login command" in capsys.readouterr().err


def test_version_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("tuiclient ")
