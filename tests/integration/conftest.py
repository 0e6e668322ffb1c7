"""A mastodon_mock server with enough posts for paging, and an app logged in to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from mastodon_mock.config import (
    DatabaseConfig,
    MastodonMockConfig,
    SeedAccount,
    SeedConfig,
    SeedFollow,
    SeedStatus,
    StreamingConfig,
)
from mastodon_mock.testing.server import MockServer

from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig, Config
from tuiclient.secrets import MemoryKeyring, SecretStore

SEEDED_POSTS = 95
"""More than two pages of 40."""


def community(
    people: Iterable[tuple[str, str]],
    *,
    follows: Iterable[tuple[str, str]] = (("ada", "grace"),),
    statuses: Iterable[SeedStatus] = (),
) -> MastodonMockConfig:
    """An in-memory mastodon_mock with these (username, display name) accounts, each with
    the token `<username>_token`, who follows whom (follower, followed), and their posts."""
    seed = SeedConfig(
        accounts=[
            SeedAccount(username=name, display_name=shown, access_token=f"{name}_token")
            for name, shown in people
        ],
        follows=[SeedFollow(follower=a, following=b) for a, b in follows],
        statuses=list(statuses),
    )
    return MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"),
        seed=seed,
        url_scheme="http",
        streaming=StreamingConfig(heartbeat_seconds=0.2),
    )


@pytest.fixture
def mastodon_mock_config() -> MastodonMockConfig:
    """ada follows grace; grace has written SEEDED_POSTS numbered posts."""
    return community(
        [("ada", "Ada Lovelace"), ("grace", "Grace Hopper")],
        statuses=[
            SeedStatus(account="grace", text=f"Post number {n}") for n in range(1, SEEDED_POSTS + 1)
        ],
    )


def acct_of(server: MockServer, username: str) -> str:
    """The `user@host` name of a seeded account on `server`."""
    return f"{username}@{server.base_url.split('://', 1)[1]}"


def make_app(server: MockServer, *usernames: str, **kwargs: Any) -> TuiClientApp:
    """The real app, logged in to `server` as each of `usernames` (default: ada).

    The first is the default account; tokens sit in an in-memory keyring.
    """
    usernames = usernames or ("ada",)
    secrets = SecretStore(MemoryKeyring())
    accounts = []
    for username in usernames:
        acct = acct_of(server, username)
        secrets.set_token(acct, f"{username}_token")
        accounts.append(AccountConfig(acct=acct, server=server.base_url, display_name=username))
    config = Config(default_account=accounts[0].acct, refresh_seconds=0, accounts=accounts)
    return TuiClientApp(config, secrets, save_config=False, **kwargs)
