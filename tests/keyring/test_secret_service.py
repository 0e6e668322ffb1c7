"""The keyring lane: SecretStore against the real Secret Service (gnome-keyring in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import keyring.backend
import pytest

from tuiclient.secrets import SecretStore, client_username, token_username

pytestmark = pytest.mark.keyring

# keyring's SecretService backend tags every item it creates with this attribute.
KEYRING_APPLICATION = "Python keyring library"


def secret_tool_listing() -> str | None:
    """Everything keyring stored, as secret-tool prints it, or None without secret-tool.

    secret-tool prints labels and secrets on stdout but the attributes (where the usernames
    are) on stderr, so both are read.
    """
    exe = shutil.which("secret-tool")
    if exe is None:
        return None
    result = subprocess.run(
        [exe, "search", "--all", "application", KEYRING_APPLICATION],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return result.stdout + result.stderr


def test_token_round_trip(secret_store: SecretStore, unique_acct: str) -> None:
    token = f"token-{uuid.uuid4().hex}"
    assert secret_store.get_token(unique_acct) is None

    secret_store.set_token(unique_acct, token)
    assert secret_store.get_token(unique_acct) == token

    listing = secret_tool_listing()
    if listing is not None:
        assert f"attribute.username = {token_username(unique_acct)}" in listing
        assert "attribute.service = tuiclient" in listing

    secret_store.delete_token(unique_acct)
    assert secret_store.get_token(unique_acct) is None
    listing = secret_tool_listing()
    if listing is not None:
        assert token_username(unique_acct) not in listing
        assert token not in listing

    # Deleting what is gone is not an error (a log-out after a failed log-in).
    secret_store.delete_token(unique_acct)


def test_token_is_replaced_not_duplicated(secret_store: SecretStore, unique_acct: str) -> None:
    secret_store.set_token(unique_acct, "first")
    secret_store.set_token(unique_acct, "second")
    assert secret_store.get_token(unique_acct) == "second"
    listing = secret_tool_listing()
    if listing is not None:
        assert listing.count(f"attribute.username = {token_username(unique_acct)}\n") == 1


def test_client_round_trip(secret_store: SecretStore, unique_base_url: str) -> None:
    assert secret_store.get_client(unique_base_url) is None
    secret_store.set_client(unique_base_url, "client-id", "client-secret")
    assert secret_store.get_client(unique_base_url) == ("client-id", "client-secret")
    listing = secret_tool_listing()
    if listing is not None:
        assert client_username(unique_base_url) in listing
    secret_store.delete_client(unique_base_url)
    assert secret_store.get_client(unique_base_url) is None


def test_check_passes(secret_store: SecretStore) -> None:
    secret_store.check()


def test_secret_tool_is_present_in_ci() -> None:
    """CI installs libsecret-tools; without it the secret-tool checks above would be vacuous."""
    if shutil.which("secret-tool") is None:
        if os.environ.get("TUICLIENT_REQUIRE_KEYRING") == "1":
            pytest.fail("TUICLIENT_REQUIRE_KEYRING=1 but secret-tool (libsecret-tools) is missing")
        pytest.skip("secret-tool (libsecret-tools) is not installed")


def test_the_default_store_asks_the_secret_service_directly(
    secret_service_backend: keyring.backend.KeyringBackend, unique_acct: str
) -> None:
    # What keyring's own detection would pick here, without its search of every backend.
    store = SecretStore()
    assert store.backend_name == "keyring.backends.SecretService.Keyring"
    store.set_token(unique_acct, "direct-token")
    try:
        assert SecretStore(secret_service_backend).get_token(unique_acct) == "direct-token"
    finally:
        store.delete_token(unique_acct)
