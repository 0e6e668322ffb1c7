"""A mastodon_mock server with enough posts for paging, and an app logged in to it."""

from __future__ import annotations

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


@pytest.fixture
def mastodon_mock_config() -> MastodonMockConfig:
    """ada follows grace; grace has written SEEDED_POSTS numbered posts."""
    seed = SeedConfig(
        accounts=[
            SeedAccount(username="ada", display_name="Ada Lovelace", access_token="ada_token"),
            SeedAccount(username="grace", display_name="Grace Hopper", access_token="grace_token"),
        ],
        follows=[SeedFollow(follower="ada", following="grace")],
        statuses=[
            SeedStatus(account="grace", text=f"Post number {n}") for n in range(1, SEEDED_POSTS + 1)
        ],
    )
    return MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"),
        seed=seed,
        url_scheme="http",
        streaming=StreamingConfig(heartbeat_seconds=0.2),
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
