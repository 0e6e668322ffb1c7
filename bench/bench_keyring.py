"""A plaintext, file-backed keyring backend for benchmarks only.

The benchmarks start the installed `tuiclient` command as a separate process, which
reads its token through `keyring`. This backend lets that process find the token
without a Secret Service: the bench sets

    PYTHONPATH=<repo>/bench
    PYTHON_KEYRING_BACKEND=bench_keyring.PlaintextFileKeyring
    TUICLIENT_BENCH_KEYRING_FILE=<temp dir>/keyring.json

It holds one throwaway token for a throwaway local server and lives in a temporary
folder that the bench deletes. It is never used by tuiclient itself, and it is not
a model for storing real secrets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors

FILE_VARIABLE = "TUICLIENT_BENCH_KEYRING_FILE"


class PlaintextFileKeyring(keyring.backend.KeyringBackend):
    """Secrets in a JSON file named by $TUICLIENT_BENCH_KEYRING_FILE (mode 0600)."""

    # Positive, so tuiclient's SecretStore.check() accepts it when chosen explicitly
    # through PYTHON_KEYRING_BACKEND. keyring only auto-detects backends that are
    # imported, and nothing but the bench imports this module.
    priority = 1

    @property
    def _path(self) -> Path:
        value = os.environ.get(FILE_VARIABLE)
        if not value:
            raise keyring.errors.KeyringError(f"{FILE_VARIABLE} is not set")
        return Path(value)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _write(self, data: dict[str, str]) -> None:
        path = self._path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return f"{service}\x00{username}"

    def get_password(self, service: str, username: str) -> str | None:
        """Return the stored password, or None."""
        return self._read().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store `password` for `username` under `service`."""
        data = self._read()
        data[self._key(service, username)] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        """Delete the password; PasswordDeleteError if absent."""
        data = self._read()
        if data.pop(self._key(service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("No such password!")
        self._write(data)
