"""Secrets (access tokens, OAuth client credentials) stored through ``keyring`` only.

Nothing secret is ever written to the config file, a log or an exception message: the config
holds accounts by ``acct@host`` and this module maps them to keyring entries.

Keyring layout (one service, several usernames):

* service ``"tuiclient"``
* username ``"token:<acct@host>"``: the account's access token, e.g. ``token:ada@127.0.0.1:4000``
* username ``"client:<base_url>"``: the app registration on one server, stored as JSON
  ``{"client_id": ..., "client_secret": ...}``, e.g. ``client:https://example.social``

When no usable keyring exists every call raises :class:`KeyringUnavailable`, whose message tells
the user how to get one. There is deliberately no plaintext fallback.

This is infrastructure code: it must not import Textual.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

__all__ = [
    "SERVICE",
    "KeyringUnavailable",
    "MemoryKeyring",
    "SecretStore",
    "client_username",
    "token_username",
]

SERVICE = "tuiclient"
"""The keyring service name under which every tuiclient secret lives."""

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Keyring errors can carry long, multi-line texts from D-Bus; the user needs the gist only.
_MAX_DETAIL = 160

_HOW_TO_FIX = (
    "tuiclient keeps tokens only in a keyring. Start gnome-keyring (Secret Service) or "
    "KWallet, or choose a backend with PYTHON_KEYRING_BACKEND, e.g. one from keyrings.alt "
    "or a pass-based backend such as keyring-pass."
)


class KeyringUnavailable(Exception):
    """No usable keyring: the OS keyring is missing, locked or failed.

    ``str()`` is a short message for the user that says what went wrong and how to get a
    working keyring. It never contains a secret. ``reason`` holds the what-went-wrong part
    alone.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"No usable keyring: {reason}. {_HOW_TO_FIX}")


def token_username(acct: str) -> str:
    """Return the keyring username holding the access token of ``acct`` (``user@host``)."""
    if not acct or "@" not in acct:
        raise ValueError(f"expected an account as user@host, got {acct!r}")
    return f"token:{acct}"


def client_username(base_url: str) -> str:
    """Return the keyring username holding the app registration for ``base_url``.

    A trailing slash is dropped so ``https://host`` and ``https://host/`` share one entry.
    """
    normalized = base_url.rstrip("/")
    if "://" not in normalized:
        raise ValueError(f"expected a base URL such as https://host, got {base_url!r}")
    return f"client:{normalized}"


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    """Remove every secret from ``text`` (backends may echo what they were given)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _describe(exc: BaseException, secrets: tuple[str, ...]) -> str:
    """Return a one-line, secret-free description of a backend failure."""
    # keyring's own texts for these suggest installing "non-recommended" (plaintext) backends
    # or are empty; our message already says what to do.
    if isinstance(exc, keyring.errors.NoKeyringError):
        return "no keyring backend is available"
    if isinstance(exc, keyring.errors.KeyringLocked):
        return "the keyring is locked and was not unlocked"
    first_line = next((line for line in str(exc).splitlines() if line.strip()), "")
    text = _redact(first_line.strip(), secrets)
    if len(text) > _MAX_DETAIL:
        text = text[: _MAX_DETAIL - 3] + "..."
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps secrets in this process's memory only.

    For ``--demo`` and tests, where nothing may reach the user's real keyring. It must be
    passed explicitly (``SecretStore(MemoryKeyring())``): its priority is below keyring's own
    "no backend" fallback, so keyring never picks it on its own, and :meth:`SecretStore.check`
    rejects it when it arrives through ``PYTHON_KEYRING_BACKEND``, because tokens kept in
    memory would be lost at exit without the user noticing.
    """

    # keyring registers every subclass for auto-detection; below fail.Keyring's 0 it never wins.
    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # keyring leaves it unannotated
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """Return the stored password, or None."""
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store ``password`` for ``username`` under ``service``."""
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Delete the password; raise PasswordDeleteError if absent, as real backends do."""
        try:
            del self._store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("No such password!") from None


def _default_backend() -> keyring.backend.KeyringBackend:
    """keyring's default backend, found faster where the answer is known in advance.

    On a Linux desktop other than KDE (where KWallet comes first), with no backend chosen by
    the user (`PYTHON_KEYRING_BACKEND`, keyringrc.cfg), keyring picks the Secret Service
    whenever it answers; asked for directly, it spares keyring's search through every
    installed backend, tens of milliseconds at every start. Anything else, or a Secret
    Service that does not answer, goes through keyring's own detection.
    """
    if _secret_service_is_the_default():
        try:
            from keyring.backends import SecretService

            backend = SecretService.Keyring()  # type: ignore[no-untyped-call]
            if backend.priority > 0:  # asks D-Bus; raises when no Secret Service answers
                return backend
        except Exception:  # noqa: BLE001 - keyring's detection says what is wrong
            pass
    return keyring.get_keyring()


def _secret_service_is_the_default() -> bool:
    from keyring.util import platform_

    if not sys.platform.startswith("linux") or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return False
    if "KDE" in os.environ.get("XDG_CURRENT_DESKTOP", "").split(":"):
        return False
    return not os.path.exists(os.path.join(platform_.config_root(), "keyringrc.cfg"))


class SecretStore:
    """Reads and writes tuiclient's secrets in one keyring backend.

    Every failure of the backend (keyring errors, D-Bus errors, a locked collection) is raised
    as :class:`KeyringUnavailable`; the original exception is not chained, so a secret it
    might carry cannot reach a log through the traceback.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        """Use ``backend``, or keyring's configured default backend when it is None.

        Detecting the default backend can itself fail (a bad ``PYTHON_KEYRING_BACKEND``, a
        broken keyringrc.cfg); that is reported as KeyringUnavailable on first use, so the
        app can start and show the message.
        """
        self._explicit = backend is not None
        self._backend = backend
        self._init_error: str | None = None
        if backend is None:
            try:
                self._backend = _default_backend()
            except Exception as exc:  # any detection failure means "no keyring"
                self._init_error = f"the keyring backend could not be loaded ({_describe(exc, ())})"

    @property
    def backend_name(self) -> str:
        """A display name of the backend in use, e.g. for a status or about screen."""
        if self._backend is None:
            return "none"
        cls = type(self._backend)
        return f"{cls.__module__}.{cls.__qualname__}"

    def _require_backend(self) -> keyring.backend.KeyringBackend:
        if self._backend is None:
            raise KeyringUnavailable(self._init_error or "no keyring backend")
        return self._backend

    def _call(self, action: str, func: Callable[[], _T], secrets: tuple[str, ...] = ()) -> _T:
        """Run one backend call, turning any failure into KeyringUnavailable."""
        try:
            return func()
        except Exception as exc:  # D-Bus errors are not KeyringErrors
            failure = KeyringUnavailable(f"could not {action} ({_describe(exc, secrets)})")
        # Raised outside the except block so the original exception (and any secret in its
        # args or frames) is neither chained nor kept as __context__.
        # The caller shows and logs the error; this is for tracing keyring trouble only.
        log.debug("keyring failure: %s", failure.reason)
        raise failure

    def check(self) -> None:
        """Raise KeyringUnavailable unless the backend can really store secrets.

        Rejects keyring's "no backend" fallback, a chainer with nothing to chain, backends
        whose priority is not positive or cannot be determined, and backends whose first call
        fails (no Secret Service, locked collection, ...). An explicitly passed
        :class:`MemoryKeyring` is accepted.
        """
        backend = self._require_backend()
        if isinstance(backend, MemoryKeyring):
            if self._explicit:
                return
            raise KeyringUnavailable(
                "MemoryKeyring keeps secrets only until tuiclient exits and is not a real keyring"
            )
        if isinstance(backend, fail.Keyring):
            raise KeyringUnavailable("no recommended keyring backend was found")
        if isinstance(backend, chainer.ChainerBackend):
            # A chainer with one backend reports priority -1 yet works; judge it by contents.
            if not self._call("list the chained keyring backends", lambda: backend.backends):
                raise KeyringUnavailable("the chained keyring has no backends")
        else:
            priority = self._call("query the keyring backend", lambda: type(backend).priority)
            if priority <= 0:
                raise KeyringUnavailable(
                    f"the keyring backend {self.backend_name} is not meant for secrets "
                    f"(priority {priority:g})"
                )
        # A read is the cheapest call that reaches the daemon and unlocks the collection.
        self._call("read from the keyring", lambda: backend.get_password(SERVICE, "probe:check"))

    # -- access tokens -----------------------------------------------------------------------

    def get_token(self, acct: str) -> str | None:
        """Return the access token of ``acct`` (``user@host``), or None if none is stored."""
        username = token_username(acct)
        backend = self._require_backend()
        return self._call(
            f"read the access token of {acct}", lambda: backend.get_password(SERVICE, username)
        )

    def set_token(self, acct: str, token: str) -> None:
        """Store ``token`` as the access token of ``acct``, replacing any earlier one."""
        if not token:
            raise ValueError("refusing to store an empty access token")
        username = token_username(acct)
        backend = self._require_backend()
        self._call(
            f"store the access token of {acct}",
            lambda: backend.set_password(SERVICE, username, token),
            secrets=(token,),
        )

    def delete_token(self, acct: str) -> None:
        """Delete the access token of ``acct``; nothing happens if none is stored."""
        self._delete(token_username(acct), f"the access token of {acct}")

    # -- app registrations -------------------------------------------------------------------

    def get_client(self, base_url: str) -> tuple[str, str] | None:
        """Return ``(client_id, client_secret)`` registered on ``base_url``, or None.

        A damaged entry (not the JSON this module writes) counts as absent, so the caller
        registers the app again and overwrites it.
        """
        username = client_username(base_url)
        backend = self._require_backend()
        raw = self._call(
            f"read the app registration for {base_url}",
            lambda: backend.get_password(SERVICE, username),
        )
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            client_id, client_secret = data["client_id"], data["client_secret"]
        except (ValueError, TypeError, KeyError):
            # Never log `raw`: it holds the client secret.
            log.warning("ignoring a damaged app registration for %s in the keyring", base_url)
            return None
        if not isinstance(client_id, str) or not isinstance(client_secret, str):
            log.warning("ignoring a damaged app registration for %s in the keyring", base_url)
            return None
        return client_id, client_secret

    def set_client(self, base_url: str, client_id: str, client_secret: str) -> None:
        """Store the app registration (client id and secret) for ``base_url``."""
        if not client_id or not client_secret:
            raise ValueError("refusing to store an empty client id or client secret")
        username = client_username(base_url)
        payload = json.dumps({"client_id": client_id, "client_secret": client_secret})
        backend = self._require_backend()
        self._call(
            f"store the app registration for {base_url}",
            lambda: backend.set_password(SERVICE, username, payload),
            secrets=(client_secret, client_id, payload),
        )

    def delete_client(self, base_url: str) -> None:
        """Delete the app registration for ``base_url``; nothing happens if none is stored."""
        self._delete(client_username(base_url), f"the app registration for {base_url}")

    def _delete(self, username: str, what: str) -> None:
        backend = self._require_backend()
        # Backends signal "absent" with PasswordDeleteError, which also covers real failures;
        # looking first tells the two apart.
        present = self._call(f"read {what}", lambda: backend.get_password(SERVICE, username))
        if present is None:
            return

        def delete_unless_gone() -> None:
            try:
                backend.delete_password(SERVICE, username)
            except keyring.errors.PasswordDeleteError:
                pass  # maybe deleted meanwhile; the read below decides

        self._call(f"delete {what}", delete_unless_gone, secrets=(present,))
        if self._call(f"read {what}", lambda: backend.get_password(SERVICE, username)):
            raise KeyringUnavailable(f"could not delete {what}")
