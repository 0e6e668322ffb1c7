"""Unit tests of tuiclient.secrets with the in-memory and the failing keyring backends."""

from __future__ import annotations

import json
import logging
from typing import TypeVar

import keyring.backend
import keyring.core
import keyring.errors
import pytest
from keyring.backends import chainer, fail

from tuiclient.secrets import (
    SERVICE,
    KeyringUnavailable,
    MemoryKeyring,
    SecretStore,
    client_username,
    token_username,
)

ACCT = "ada@127.0.0.1:4000"
TOKEN = "tok-3f1b9c0e-very-secret"
BASE_URL = "http://127.0.0.1:4000"

_Backend = TypeVar("_Backend", bound=type[keyring.backend.KeyringBackend])


def unregistered(cls: _Backend) -> _Backend:
    """Hide a test backend from keyring's auto-detection, which sees every subclass.

    Otherwise a failing double with a high priority could become the default keyring of
    every later test in this process.
    """
    keyring.backend.KeyringBackend._classes.discard(cls)
    return cls


class Double(keyring.backend.KeyringBackend):
    """Base of the test doubles; abstract, so keyring does not register it."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it unannotated


def fail_backend() -> keyring.backend.KeyringBackend:
    """keyring's "no backend" fallback, which raises NoKeyringError on every call."""
    return fail.Keyring()  # type: ignore[no-untyped-call]


@unregistered
class ExplodingKeyring(Double):
    """Fails like a D-Bus backend whose daemon vanished, echoing what it was given."""

    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionError(f"dbus: connection closed while reading {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionError(f"dbus: could not send {password!r}\nsecond line")

    def delete_password(self, service: str, username: str) -> None:
        raise ConnectionError("dbus: gone")


@unregistered
class LockedKeyring(Double):
    """A collection the user refused to unlock."""

    priority = 5

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(memory: MemoryKeyring) -> SecretStore:
    return SecretStore(memory)


def assert_helpful(exc: KeyringUnavailable) -> None:
    """The message names the ways out and never leaks the token."""
    message = str(exc)
    assert "PYTHON_KEYRING_BACKEND" in message
    assert "gnome-keyring" in message
    assert "KWallet" in message
    assert TOKEN not in message
    assert TOKEN not in repr(exc)
    # Nothing chained: a logged traceback cannot carry the backend's exception (and its args).
    assert exc.__cause__ is None
    assert exc.__context__ is None


def test_token_round_trip(store: SecretStore, memory: MemoryKeyring) -> None:
    assert store.get_token(ACCT) is None
    store.set_token(ACCT, TOKEN)
    assert store.get_token(ACCT) == TOKEN
    # The documented keyring layout, which other tools (secret-tool, seahorse) show.
    assert memory.get_password("tuiclient", "token:ada@127.0.0.1:4000") == TOKEN
    store.set_token(ACCT, "newer")
    assert store.get_token(ACCT) == "newer"
    store.delete_token(ACCT)
    assert store.get_token(ACCT) is None


def test_tokens_are_per_account(store: SecretStore) -> None:
    store.set_token("ada@a.example", "token-a")
    store.set_token("ada@b.example", "token-b")
    assert store.get_token("ada@a.example") == "token-a"
    assert store.get_token("ada@b.example") == "token-b"
    store.delete_token("ada@a.example")
    assert store.get_token("ada@b.example") == "token-b"


def test_delete_absent_is_fine(store: SecretStore) -> None:
    store.delete_token(ACCT)
    store.delete_client(BASE_URL)


def test_client_round_trip(store: SecretStore, memory: MemoryKeyring) -> None:
    assert store.get_client(BASE_URL) is None
    store.set_client(BASE_URL, "cid", "csecret")
    assert store.get_client(BASE_URL) == ("cid", "csecret")
    assert store.get_client(BASE_URL + "/") == ("cid", "csecret")
    raw = memory.get_password(SERVICE, "client:http://127.0.0.1:4000")
    assert raw is not None
    assert json.loads(raw) == {"client_id": "cid", "client_secret": "csecret"}
    store.delete_client(BASE_URL)
    assert store.get_client(BASE_URL) is None


@pytest.mark.parametrize(
    "raw", ["not json", "[]", '{"client_id": "x"}', '{"client_id": 1, "client_secret": 2}']
)
def test_damaged_client_entry_counts_as_absent(
    store: SecretStore, memory: MemoryKeyring, raw: str, caplog: pytest.LogCaptureFixture
) -> None:
    memory.set_password(SERVICE, client_username(BASE_URL), raw)
    with caplog.at_level(logging.WARNING):
        assert store.get_client(BASE_URL) is None
    assert raw not in caplog.text


def test_usernames() -> None:
    assert token_username(ACCT) == "token:ada@127.0.0.1:4000"
    assert client_username("https://example.social/") == "client:https://example.social"
    with pytest.raises(ValueError):
        token_username("ada")
    with pytest.raises(ValueError):
        client_username("example.social")


def test_empty_secrets_are_refused(store: SecretStore) -> None:
    with pytest.raises(ValueError):
        store.set_token(ACCT, "")
    with pytest.raises(ValueError):
        store.set_client(BASE_URL, "cid", "")


def test_explicit_memory_keyring_passes_check(store: SecretStore) -> None:
    store.check()


def test_memory_keyring_is_never_chosen_automatically() -> None:
    # keyring registers every backend subclass; ours must lose to the "no backend" fallback.
    assert MemoryKeyring.priority < fail.Keyring.priority
    assert MemoryKeyring not in {type(b) for b in chainer.ChainerBackend.backends}


def test_fail_backend_raises_helpful_error() -> None:
    store = SecretStore(fail_backend())
    with pytest.raises(KeyringUnavailable) as info:
        store.check()
    assert_helpful(info.value)
    with pytest.raises(KeyringUnavailable) as info:
        store.set_token(ACCT, TOKEN)
    assert_helpful(info.value)
    for call in (
        lambda: store.get_token(ACCT),
        lambda: store.delete_token(ACCT),
        lambda: store.get_client(BASE_URL),
        lambda: store.set_client(BASE_URL, "cid", TOKEN),
        lambda: store.delete_client(BASE_URL),
    ):
        with pytest.raises(KeyringUnavailable) as info:
            call()
        assert_helpful(info.value)


def test_backend_errors_become_keyring_unavailable_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = SecretStore(ExplodingKeyring())
    with caplog.at_level(logging.DEBUG), pytest.raises(KeyringUnavailable) as info:
        store.set_token(ACCT, TOKEN)
    assert_helpful(info.value)
    assert "ConnectionError" in str(info.value)
    assert "second line" not in str(info.value)
    assert TOKEN not in caplog.text
    with pytest.raises(KeyringUnavailable) as info:
        store.set_client(BASE_URL, "cid", TOKEN)
    assert_helpful(info.value)
    with pytest.raises(KeyringUnavailable):
        store.check()
    with pytest.raises(KeyringUnavailable):
        store.get_token(ACCT)
    with pytest.raises(KeyringUnavailable):
        store.delete_token(ACCT)


def test_locked_keyring_fails_check() -> None:
    store = SecretStore(LockedKeyring())
    with pytest.raises(KeyringUnavailable) as info:
        store.check()
    assert "locked" in str(info.value)
    assert_helpful(info.value)


def test_backend_with_non_positive_priority_fails_check() -> None:
    @unregistered
    class NullishKeyring(Double):
        """Answers, but says by its priority that it is not meant for secrets."""

        priority = 0

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            pass

        def delete_password(self, service: str, username: str) -> None:
            pass

    with pytest.raises(KeyringUnavailable) as info:
        SecretStore(NullishKeyring()).check()
    assert "priority" in str(info.value)


def test_empty_chainer_fails_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with pytest.raises(KeyringUnavailable) as info:
        SecretStore(chainer.ChainerBackend()).check()  # type: ignore[no-untyped-call]
    assert "no backends" in str(info.value)


def test_default_backend_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A memory keyring chosen through the environment would lose tokens silently at exit.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tuiclient.secrets.MemoryKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    with pytest.raises(KeyringUnavailable) as info:
        SecretStore().check()
    assert_helpful(info.value)


def test_unloadable_default_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_module.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    store = SecretStore()
    assert store.backend_name == "none"
    with pytest.raises(KeyringUnavailable) as info:
        store.get_token(ACCT)
    assert "no_such_module" in str(info.value)
    assert_helpful(info.value)
