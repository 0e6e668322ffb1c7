"""The user's accounts, kept in step across the config file and the keyring (no Textual).

The config lists each account (acct, server URL, display name, label, colour) and names the
default one; the keyring holds each account's access token and each server's app registration
(see `tuiclient.secrets`). The functions here change the `Config` they are given and leave
saving it to the caller (`tuiclient.config.save`), so the app can hold a config it never
writes (tests, the demo).

An account is called `user@host` everywhere, where host is the host (and port) of the server
URL the client connects to; see `acct_for`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tuiclient import storage
from tuiclient.api import oauth
from tuiclient.api.accounts import verify_credentials
from tuiclient.api.client import connect
from tuiclient.api.errors import ApiError
from tuiclient.config import AccountConfig, Config
from tuiclient.secrets import KeyringUnavailable, SecretStore


class UnknownAccount(LookupError):
    """No account of that name in the config; the message lists the ones there are."""

    def __init__(self, acct: str, config: Config) -> None:
        known = ", ".join(a.acct for a in config.accounts) or "none yet"
        super().__init__(f"No account {acct!r} (known: {known})")


def acct_for(username: str, base_url: str) -> str:
    """The name of the account `username` on the server at `base_url`: ``user@host``.

    The host is the one in the URL the client connects to (``127.0.0.1:4567`` for a local
    test server), not the domain the server reports about itself: the name then always says
    where the token goes, a server cannot pass itself off as another by the domain it
    reports, and the demo and tests (which connect to 127.0.0.1 while mastodon_mock reports
    ``localhost:P``) name accounts the same way as real logins.
    """
    host = urlsplit(base_url).netloc.lower()
    if not username or not host:
        raise ValueError(f"cannot name an account from {username!r} on {base_url!r}")
    return f"{username}@{host}"


def find(config: Config, acct: str) -> AccountConfig:
    """The account called `acct` (user names compare without case, as on the servers)."""
    wanted = acct.removeprefix("@").lower()
    for account in config.accounts:
        if account.acct.lower() == wanted:
            return account
    raise UnknownAccount(acct, config)


def add_account(
    config: Config,
    secrets: SecretStore,
    *,
    acct: str,
    server: str,
    display_name: str,
    token: str,
) -> AccountConfig:
    """Store `token` in the keyring and add (or update) the account in `config`.

    The token is stored first: a config entry without a token only asks for a new login,
    while a token without a config entry would be forgotten in the keyring. A second login
    to the same account replaces its token and keeps its label and colour. The first
    account becomes the default.
    """
    server = server.rstrip("/")
    try:
        known: AccountConfig | None = find(config, acct)
    except UnknownAccount:
        known = None
    # One keyring entry per account, whatever the case the server spelled the name in today.
    secrets.set_token(known.acct if known else acct, token)
    if known is None:
        account = AccountConfig(acct=acct, server=server, display_name=display_name)
        config.accounts.append(account)
    else:
        account = known
        account.server = server
        account.display_name = display_name
    if not config.default_account or _missing(config, config.default_account):
        config.default_account = account.acct
    return account


def set_default(config: Config, acct: str) -> AccountConfig:
    """Make `acct` the account `tuiclient` opens; raises UnknownAccount."""
    account = find(config, acct)
    config.default_account = account.acct
    return account


def uses_server(config: Config, server: str) -> bool:
    """Whether any account in `config` is on `server`."""
    server = server.rstrip("/")
    return any(a.server.rstrip("/") == server for a in config.accounts)


@dataclass
class Removal:
    """What `remove_account` did, to tell the user."""

    acct: str
    revoked: bool = False
    """True only when the server confirmed: the old token now gets 401."""
    revoke_problem: str = ""
    """Why the token could not be revoked (empty when it was, or when there was none)."""
    had_token: bool = False
    registration_deleted: bool = False
    default_account: str = ""
    """The default account afterwards ("" when none is left)."""
    local_data_removed: list[str] = field(default_factory=list)
    """Folders and files of the account deleted from this machine (drafts, positions)."""


def remove_account(config: Config, secrets: SecretStore, acct: str) -> Removal:
    """Revoke the account's token on its server, delete it from the keyring and the config.

    The server may be unreachable or gone: the account is removed here anyway and
    `Removal.revoke_problem` says why the token may still work there. The app registration
    on that server is deleted from the keyring when no other account uses it. Raises
    UnknownAccount, and KeyringUnavailable when the keyring cannot be used.
    """
    account = find(config, acct)
    removal = Removal(acct=account.acct)
    token = secrets.get_token(account.acct)
    removal.had_token = token is not None
    if token is not None:
        removal.revoked, removal.revoke_problem = _revoke(secrets, account.server, token)
        secrets.delete_token(account.acct)
    config.accounts.remove(account)
    if config.default_account.lower() == account.acct.lower():
        config.default_account = config.accounts[0].acct if config.accounts else ""
    if not uses_server(config, account.server):
        removal.registration_deleted = secrets.get_client(account.server) is not None
        secrets.delete_client(account.server)
    removal.default_account = config.default_account
    # Nothing of the account stays on this machine: its drafts and read positions go too.
    removal.local_data_removed = [str(path) for path in storage.forget_local_data(account.acct)]
    return removal


def revoke_quietly(secrets: SecretStore, server: str, token: str) -> bool:
    """Revoke `token` if possible; True when the server confirmed it. Never raises."""
    try:
        return _revoke(secrets, server, token)[0]
    except KeyringUnavailable:
        return False


def _revoke(secrets: SecretStore, server: str, token: str) -> tuple[bool, str]:
    registration = secrets.get_client(server)
    if registration is None:
        return False, "the app registration for this server is not in the keyring"
    client_id, client_secret = registration
    try:
        oauth.revoke(server, client_id, client_secret, token)
    except ApiError as error:
        return False, error.message
    # Servers answer 200 to a revocation they did not perform; a rejected token is proof.
    try:
        verify_credentials(connect(server, token))
    except ApiError as error:
        if error.status == 401:
            return True, ""
        return False, f"could not check that it was revoked ({error.message})"
    return False, "the server still accepts the token after the revocation"


def _missing(config: Config, acct: str) -> bool:
    try:
        find(config, acct)
    except UnknownAccount:
        return True
    return False
