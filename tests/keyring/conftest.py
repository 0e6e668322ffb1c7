"""Fixtures for the keyring lane: the real Secret Service through keyring's backend.

Where no Secret Service is usable the tests skip with the reason, unless
TUICLIENT_REQUIRE_KEYRING=1 (set by .ci/run), where a missing keyring is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import keyring.backend
import pytest

from tuiclient.secrets import SERVICE, SecretStore


def _unusable(reason: str) -> None:
    """Skip with ``reason``, or fail when the environment requires a real keyring."""
    if os.environ.get("TUICLIENT_REQUIRE_KEYRING") == "1":
        pytest.fail(f"TUICLIENT_REQUIRE_KEYRING=1 but no Secret Service is usable: {reason}")
    pytest.skip(f"no Secret Service is usable: {reason}")


@pytest.fixture(scope="session")
def secret_service_backend() -> keyring.backend.KeyringBackend:
    """keyring's SecretService backend, checked with a real write, read and delete."""
    try:
        from keyring.backends import SecretService
    except Exception as exc:  # secretstorage/jeepney missing or broken
        _unusable(f"cannot import keyring.backends.SecretService ({exc!r})")
        raise  # unreachable: _unusable always raises
    try:
        # Raises RuntimeError when D-Bus or the org.freedesktop.secrets service is missing.
        priority = SecretService.Keyring.priority
    except Exception as exc:
        _unusable(f"the SecretService backend is not viable ({exc})")
        raise
    backend: keyring.backend.KeyringBackend = SecretService.Keyring()  # type: ignore[no-untyped-call]
    probe = f"probe:{uuid.uuid4()}"
    try:
        backend.set_password(SERVICE, probe, "probe")
        try:
            value = backend.get_password(SERVICE, probe)
        finally:
            backend.delete_password(SERVICE, probe)
    except Exception as exc:  # e.g. a locked collection nobody can unlock here
        _unusable(f"a probe write/read/delete failed ({type(exc).__name__}: {exc})")
        raise
    if value != "probe":
        _unusable(f"a probe read back {value!r} instead of what was written")
    assert priority > 0
    return backend


@pytest.fixture
def secret_store(secret_service_backend: keyring.backend.KeyringBackend) -> SecretStore:
    """A SecretStore on the real Secret Service."""
    return SecretStore(secret_service_backend)


@pytest.fixture
def unique_acct(secret_store: SecretStore) -> Iterator[str]:
    """An account name used by this test run only; its token is removed afterwards."""
    acct = f"keyring-test-{uuid.uuid4().hex}@127.0.0.1:4000"
    yield acct
    secret_store.delete_token(acct)


@pytest.fixture
def unique_base_url(secret_store: SecretStore) -> Iterator[str]:
    """A server URL used by this test run only; its app registration is removed afterwards."""
    base_url = f"http://keyring-test-{uuid.uuid4().hex}.invalid:4000"
    yield base_url
    secret_store.delete_client(base_url)
