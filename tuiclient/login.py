"""Adding an account: from what the user typed to a token in the keyring (no Textual).

The CLI (`tuiclient login`) and the in-app "Add account" screen drive the same steps; each
blocks on the network, so the app runs them in worker threads. Nothing here prints.

1. `parse_server` turns ``example.social``, ``https://example.social`` or
   ``@user@example.social`` into a `ServerAddress` (https only, except loopback hosts).
2. `probe` asks the server what it is; `describe` says it in a sentence.
3. `ensure_registration` registers tuiclient on the server once; the client id and secret
   are cached in the keyring.
4. `begin` prepares the authorization: state, PKCE (S256) where the server advertises it,
   the URL to open and, for the browser path, a `LoopbackListener` for the redirect. When
   the loopback port is taken it falls back to the paste (out-of-band) path and says why.
5. The user logs in; the code arrives through `Authorization.wait_for_code` (browser) or is
   pasted (out-of-band).
6. `finish` exchanges the code, asks who logged in (verify_credentials), stores the token in
   the keyring and the account in the given config; the caller saves the config.

Accounts are named ``user@host`` with the host of the server URL (see `accounts.acct_for`).
"""

from __future__ import annotations

import os
import re
import secrets as random_secrets
import sys
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tuiclient import accounts, logs
from tuiclient.api import instance, oauth
from tuiclient.api.accounts import verify_credentials
from tuiclient.api.client import check_url, connect, is_loopback
from tuiclient.api.errors import ApiError
from tuiclient.config import Config
from tuiclient.render import sanitize
from tuiclient.secrets import SecretStore

BROWSER_TIMEOUT_SECONDS = 300.0
"""How long the browser path waits for the redirect: time to type a password and 2FA code."""

_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class LoginError(ApiError):
    """A login step that failed, with a message for people (never a secret)."""


@dataclass(frozen=True)
class ServerAddress:
    """The server the user wants to log in to."""

    base_url: str
    """E.g. ``https://example.social`` (no trailing slash)."""
    username: str = ""
    """The account the user named (``@user@host``), or empty."""

    @property
    def host(self) -> str:
        """Host and port, as shown to the user and used in ``user@host``."""
        return urlsplit(self.base_url).netloc


def parse_server(text: str) -> ServerAddress:
    """Read a server as people write it: a name, a URL, or an account ``@user@host``.

    A bare name means https; a bare loopback name (``127.0.0.1:4567``, ``localhost``) means
    http, since nothing local speaks https. Plain http is refused off loopback. A path is
    ignored, except that a profile URL ``https://host/@user`` names the user.
    """
    text = text.strip()
    if not text:
        raise LoginError("No server given (e.g. example.social)")
    username = ""
    if "://" not in text:
        handle = text.removeprefix("@")
        if "@" in handle:
            username, _, text = handle.rpartition("@")
            if not _USERNAME.match(username):
                raise LoginError(f"Not an account address: {handle!r}")
        host = urlsplit(f"//{text}").hostname or ""
        scheme = "http" if is_loopback(host) else "https"
        text = f"{scheme}://{text}"
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise LoginError(f"Not a server address: {text!r} (bad port)") from None
    host = _ascii_host(parts.hostname or "")
    if parts.username is not None or parts.password is not None:
        raise LoginError("A server address must not contain a user name or password")
    if parts.scheme not in ("http", "https") or not host or not _valid_host(host):
        raise LoginError(f"Not a server address: {text!r}")
    path_user = parts.path.strip("/")
    if not username and path_user.startswith("@") and _USERNAME.match(path_user[1:]):
        username = path_user[1:]
    default_port = {"http": 80, "https": 443}[parts.scheme]
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != default_port:
        netloc = f"{netloc}:{port}"
    try:
        base_url = check_url(f"{parts.scheme}://{netloc}")
    except ApiError as error:
        raise LoginError(error.message) from None
    return ServerAddress(base_url=base_url, username=username)


def probe(address: ServerAddress) -> instance.ServerInfo:
    """What the server is; raises LoginError when it is unreachable or not a Mastodon API."""
    try:
        return instance.probe(address.base_url)
    except ApiError as error:
        raise LoginError(error.message) from None


def describe(info: instance.ServerInfo, address: ServerAddress) -> str:
    """One sentence about the server, e.g. "example.social runs mastodon 4.6.4; ..."."""
    software = info.software
    if software is not None:
        runs = f"runs {_shown(software.name)} {_shown(software.version)}".rstrip()
    else:
        runs = f"reports Mastodon API version {_shown(info.instance.version)}"
    sentence = f"{address.host} {runs}; it speaks the Mastodon API."
    domain = _shown(info.instance.domain)
    if domain and domain.lower() != address.host.lower():
        sentence += f" (It calls itself {domain}.)"
    return sentence


# --------------------------------------------------------------------------- registration


@dataclass(frozen=True)
class Registration:
    """tuiclient's app registration on one server (the secret stays out of reprs)."""

    client_id: str
    client_secret: str = field(repr=False)
    created: bool = False
    """True when it was registered just now, False when it came from the keyring."""


def ensure_registration(address: ServerAddress, secrets: SecretStore) -> Registration:
    """The app registration for the server: from the keyring, or registered now and stored.

    Raises LoginError when the server refuses, KeyringUnavailable when the keyring fails.
    """
    cached = secrets.get_client(address.base_url)
    if cached is not None:
        logs.REDACTOR.add(cached[1])
        return Registration(*cached)
    try:
        client_id, client_secret = oauth.register_app(address.base_url)
    except ApiError as error:
        raise LoginError(
            f"Could not register tuiclient on {address.host}: {error.message}"
        ) from None
    logs.REDACTOR.add(client_secret)
    secrets.set_client(address.base_url, client_id, client_secret)
    return Registration(client_id, client_secret, created=True)


# --------------------------------------------------------------------------- authorization


@dataclass
class Authorization:
    """One login in progress: the URL to open and what is needed to finish it.

    Close it (or use it as a context manager) to stop a loopback listener.
    """

    address: ServerAddress
    server: oauth.AuthorizationServer
    registration: Registration
    redirect_uri: str
    state: str = field(repr=False)
    pkce: oauth.Pkce | None
    url: str
    listener: oauth.LoopbackListener | None = None
    fallback_reason: str = ""
    """Why the browser path was asked for but the paste path is used, or empty."""

    @property
    def out_of_band(self) -> bool:
        """True when the user pastes the code the server shows."""
        return self.listener is None

    def wait_for_code(self, timeout: float = BROWSER_TIMEOUT_SECONDS) -> str:
        """Block until the browser is sent back with the code (loopback path only)."""
        if self.listener is None:
            raise LoginError("This login expects a pasted code, not a browser redirect")
        try:
            return self.listener.wait(timeout)
        except ApiError as error:
            raise LoginError(error.message) from None

    def close(self) -> None:
        """Stop listening for the redirect."""
        if self.listener is not None:
            self.listener.close()

    def __enter__(self) -> Authorization:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def begin(
    address: ServerAddress,
    registration: Registration,
    *,
    loopback: bool,
    port: int | None = None,
) -> Authorization:
    """Prepare the authorization: the URL to open, and a loopback listener if `loopback`.

    `port` overrides the registered loopback port (only servers that follow RFC 8252 §7.3,
    such as Mastodon and mastodon_mock, accept another one).
    """
    try:
        server = oauth.authorization_server(address.base_url)
    except ApiError as error:
        raise LoginError(error.message) from None
    state = random_secrets.token_urlsafe(24)
    pkce = oauth.new_pkce() if server.pkce else None
    listener: oauth.LoopbackListener | None = None
    fallback_reason = ""
    if loopback:
        wanted = port if port is not None else oauth.loopback_port(address.base_url)
        candidate = oauth.LoopbackListener(wanted, state)
        try:
            listener = candidate.start()
        except OSError as error:
            fallback_reason = (
                f"Cannot listen for the browser on 127.0.0.1 port {wanted} "
                f"({error.strerror or error}); paste the code instead."
            )
    redirect_uri = listener.redirect_uri if listener is not None else oauth.OOB_REDIRECT_URI
    return Authorization(
        address=address,
        server=server,
        registration=registration,
        redirect_uri=redirect_uri,
        state=state,
        pkce=pkce,
        url=oauth.authorize_url(server, registration.client_id, redirect_uri, state, pkce),
        listener=listener,
        fallback_reason=fallback_reason,
    )


@dataclass(frozen=True)
class LoggedIn:
    """The account a login added (or refreshed)."""

    acct: str
    display_name: str
    is_default: bool
    refreshed: bool
    """True when the account was known and got a new token (the old one is revoked)."""


def finish(
    authorization: Authorization, code: str, secrets: SecretStore, config: Config
) -> LoggedIn:
    """Exchange `code` for a token, check who logged in, and store the account.

    The token goes to the keyring, the account into `config` (the caller saves it). When the
    user named an account (``@user@host``) and another one logged in, nothing is stored and
    the new token is revoked: identities must never be mixed up. A fresh login to a known
    account replaces its token and revokes the old one.
    """
    code = code.strip()
    if not code:
        raise LoginError("No code was given")
    address = authorization.address
    registration = authorization.registration
    try:
        token = oauth.exchange_code(
            authorization.server,
            registration.client_id,
            registration.client_secret,
            code,
            authorization.redirect_uri,
            authorization.pkce,
        )
    except oauth.UnknownClient as error:
        # The server forgot the app (reset, or the app was deleted): register afresh next time.
        secrets.delete_client(address.base_url)
        raise LoginError(f"{error.message}; it was forgotten here too: log in again") from None
    except ApiError as error:
        raise LoginError(error.message) from None
    logs.REDACTOR.add(token)  # should anything ever log it, the log shows *** instead
    try:
        try:
            account = verify_credentials(connect(address.base_url, token))
        except ApiError as error:
            raise LoginError(
                f"Could not read the account that logged in ({error.message}); nothing was stored"
            ) from None
        username = str(account.username)
        if address.username and address.username.lower() != username.lower():
            raise LoginError(
                f"You asked for @{address.username}@{address.host} but the server logged in "
                f"@{username}; nothing was stored. Log out of {address.host} in the browser "
                "(or use a private window) and try again."
            )
        acct = accounts.acct_for(username, address.base_url)
        try:
            previous = secrets.get_token(accounts.find(config, acct).acct)
        except accounts.UnknownAccount:
            previous = None
        stored = accounts.add_account(
            config,
            secrets,
            acct=acct,
            server=address.base_url,
            display_name=str(account.display_name or ""),
            token=token,
        )
    except BaseException:
        # The server issued a token that is stored nowhere: take it back.
        accounts.revoke_quietly(secrets, address.base_url, token)
        raise
    if previous is not None and previous != token:
        accounts.revoke_quietly(secrets, address.base_url, previous)
    return LoggedIn(
        acct=stored.acct,
        display_name=stored.display_name,
        is_default=config.default_account == stored.acct,
        refreshed=previous is not None,
    )


# --------------------------------------------------------------------------- environment


def browser_available(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a browser can be opened on the screen of the person at this terminal.

    Not over SSH without a forwarded display (the browser would open on the far machine,
    and its redirect to 127.0.0.1 would miss), not on a Unix console without a display
    server, and not when Python's `webbrowser` knows no browser at all. `BROWSER` set by
    the user counts as a browser.
    """
    environ = os.environ if environ is None else environ
    graphical = bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    over_ssh = bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))
    if environ.get("BROWSER"):
        return True
    if over_ssh and not graphical:
        return False
    if sys.platform not in ("darwin", "win32") and not graphical:
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def _ascii_host(host: str) -> str:
    """The host in lower case, an internationalised name in its ASCII (punycode) form."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def _valid_host(host: str) -> bool:
    if host.startswith("[") or ":" in host:
        return True  # an IPv6 literal; urlsplit validated it
    labels = host.rstrip(".").split(".")
    return all(_HOST_LABEL.match(label) for label in labels)


def _shown(text: str, limit: int = 60) -> str:
    """Server-provided text made safe and short for one line of a terminal."""
    text = " ".join(sanitize(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
