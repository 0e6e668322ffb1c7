"""The keyring lane for logins: `tuiclient login` writes to, and `accounts remove` deletes
from, the real Secret Service (gnome-keyring in CI); with no keyring at all the installed
command says how to get one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring.backend
import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.test_login import code_shown_to, token_status
from tests.keyring.test_secret_service import secret_tool_listing
from tuiclient import config as config_module
from tuiclient.cli import main
from tuiclient.secrets import SecretStore, client_username, token_username

pytestmark = pytest.mark.keyring


@pytest.fixture
def alice(mastodon_mock_server: MockServer, secret_store: SecretStore) -> Iterator[str]:
    """alice's account name on the test server; whatever the test leaves is deleted."""
    acct = f"alice@127.0.0.1:{mastodon_mock_server.port}"
    yield acct
    secret_store.delete_token(acct)
    secret_store.delete_client(mastodon_mock_server.base_url)


def test_login_writes_to_and_remove_deletes_from_the_secret_service(
    mastodon_mock_server: MockServer,
    secret_service_backend: keyring.backend.KeyringBackend,
    secret_store: SecretStore,
    alice: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base_url = mastodon_mock_server.base_url

    def paste_code(prompt: str) -> str:
        out = capsys.readouterr().out
        url = next(line for line in out.splitlines() if line.startswith("http"))
        return code_shown_to(url, "alice")

    monkeypatch.setattr("builtins.input", paste_code)

    assert main(["login", base_url, "--no-browser"], secrets=lambda: secret_store) == 0

    token = secret_store.get_token(alice)
    assert token and token_status(mastodon_mock_server, token) == 200
    # What another process (the app started later) finds in the Secret Service.
    assert SecretStore(secret_service_backend).get_token(alice) == token
    assert secret_store.get_client(base_url) is not None
    listing = secret_tool_listing()
    if listing is not None:
        assert f"attribute.username = {token_username(alice)}" in listing
        assert f"attribute.username = {client_username(base_url)}" in listing
    assert token not in config_module.locations.config_file().read_text(encoding="utf-8")

    assert main(["accounts", "remove", alice], secrets=lambda: secret_store) == 0

    assert "The server revoked the token" in capsys.readouterr().out
    assert token_status(mastodon_mock_server, token) == 401
    assert secret_store.get_token(alice) is None
    assert secret_store.get_client(base_url) is None
    listing = secret_tool_listing()
    if listing is not None:
        assert token_username(alice) not in listing
        assert client_username(base_url) not in listing
        assert token not in listing


def test_without_any_keyring_the_installed_command_says_how_to_get_one(tmp_path: Path) -> None:
    """No Secret Service reachable, no backend configured: exit 3 and the ways out."""
    command = Path(sys.executable).parent / "tuiclient"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON_KEYRING", "TUICLIENT_", "XDG_", "DBUS_"))
    }
    env.update(
        HOME=str(tmp_path),
        TUICLIENT_HOME=str(tmp_path / "tuiclient"),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus",
        XDG_RUNTIME_DIR=str(tmp_path),
    )

    result = subprocess.run(
        [str(command), "login", "https://example.social", "--no-browser"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    assert "No usable keyring" in result.stderr
    for way_out in ("gnome-keyring", "KWallet", "PYTHON_KEYRING_BACKEND"):
        assert way_out in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "tuiclient").exists(), "nothing was written"
