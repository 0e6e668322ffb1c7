"""Accounts across config and keyring: adding, the default, removing (server gone or not)."""

from __future__ import annotations

import socket

import pytest

from tuiclient import accounts
from tuiclient.config import AccountConfig, Config
from tuiclient.secrets import MemoryKeyring, SecretStore

SERVER = "https://example.social"


@pytest.fixture
def store() -> SecretStore:
    return SecretStore(MemoryKeyring())


def closed_port_url() -> str:
    """A loopback server URL nobody listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_an_account_is_named_by_the_host_the_client_connects_to() -> None:
    assert accounts.acct_for("ada", "https://Example.Social") == "ada@example.social"
    assert accounts.acct_for("ada", "http://127.0.0.1:4567") == "ada@127.0.0.1:4567"
    with pytest.raises(ValueError):
        accounts.acct_for("", SERVER)


def test_the_first_account_becomes_the_default_and_the_token_goes_to_the_keyring(
    store: SecretStore,
) -> None:
    config = Config()
    accounts.add_account(
        config,
        store,
        acct="ada@example.social",
        server=SERVER + "/",
        display_name="Ada",
        token="t1",
    )
    accounts.add_account(
        config, store, acct="grace@example.social", server=SERVER, display_name="Grace", token="t2"
    )

    assert config.default_account == "ada@example.social"
    assert [(a.acct, a.server, a.display_name) for a in config.accounts] == [
        ("ada@example.social", SERVER, "Ada"),
        ("grace@example.social", SERVER, "Grace"),
    ]
    assert store.get_token("ada@example.social") == "t1"
    assert store.get_token("grace@example.social") == "t2"
    assert "t1" not in config.to_toml() and "t2" not in config.to_toml()


def test_logging_in_again_replaces_the_token_and_keeps_label_and_colour(
    store: SecretStore,
) -> None:
    config = Config(
        accounts=[
            AccountConfig(
                acct="ada@example.social",
                server=SERVER,
                display_name="Old",
                label="work",
                color="#335",
            )
        ],
        default_account="ada@example.social",
    )
    accounts.add_account(
        config, store, acct="Ada@example.social", server=SERVER, display_name="New", token="t2"
    )
    assert len(config.accounts) == 1
    account = config.accounts[0]
    assert (account.display_name, account.label, account.color) == ("New", "work", "#335")
    assert store.get_token("ada@example.social") == "t2"


def test_a_default_naming_a_missing_account_is_replaced_on_the_next_login(
    store: SecretStore,
) -> None:
    config = Config(default_account="gone@example.social")
    accounts.add_account(
        config, store, acct="ada@example.social", server=SERVER, display_name="", token="t"
    )
    assert config.default_account == "ada@example.social"


def test_choosing_the_default(store: SecretStore) -> None:
    config = Config()
    for name in ("ada", "grace"):
        accounts.add_account(
            config, store, acct=f"{name}@example.social", server=SERVER, display_name="", token="t"
        )
    accounts.set_default(config, "@Grace@example.social")
    assert config.default_account == "grace@example.social"
    with pytest.raises(accounts.UnknownAccount, match="known: ada@example.social, grace@"):
        accounts.set_default(config, "alan@example.social")


def test_removing_the_default_makes_the_next_account_the_default_and_keeps_the_app_registration(
    store: SecretStore,
) -> None:
    config = Config()
    store.set_client(SERVER, "cid", "csecret")
    for name in ("ada", "grace"):
        config.accounts.append(AccountConfig(acct=f"{name}@example.social", server=SERVER))
    config.default_account = "ada@example.social"

    removal = accounts.remove_account(config, store, "ada@example.social")

    assert removal == accounts.Removal(
        acct="ada@example.social", default_account="grace@example.social"
    )
    assert [a.acct for a in config.accounts] == ["grace@example.social"]
    assert store.get_client(SERVER) == ("cid", "csecret"), "grace still needs the registration"


def test_removing_the_last_account_of_a_server_deletes_its_app_registration(
    store: SecretStore,
) -> None:
    config = Config(accounts=[AccountConfig(acct="ada@example.social", server=SERVER + "/")])
    store.set_client(SERVER, "cid", "csecret")

    removal = accounts.remove_account(config, store, "ada@example.social")

    assert removal.registration_deleted
    assert store.get_client(SERVER) is None
    assert config.accounts == [] and config.default_account == ""


def test_an_unreachable_server_does_not_stop_the_removal_but_the_user_is_told(
    store: SecretStore,
) -> None:
    server = closed_port_url()
    acct = accounts.acct_for("ada", server)
    config = Config(accounts=[AccountConfig(acct=acct, server=server)], default_account=acct)
    store.set_client(server, "cid", "csecret")
    store.set_token(acct, "the-token")

    removal = accounts.remove_account(config, store, acct)

    assert not removal.revoked
    assert removal.had_token
    assert "Cannot reach the server" in removal.revoke_problem
    assert "the-token" not in removal.revoke_problem
    assert store.get_token(acct) is None
    assert config.accounts == []


def test_without_the_app_registration_the_token_cannot_be_revoked(store: SecretStore) -> None:
    acct = "ada@example.social"
    config = Config(accounts=[AccountConfig(acct=acct, server=SERVER)])
    store.set_token(acct, "the-token")

    removal = accounts.remove_account(config, store, acct)

    assert not removal.revoked
    assert "app registration" in removal.revoke_problem
    assert store.get_token(acct) is None


def test_removing_an_unknown_account_changes_nothing(store: SecretStore) -> None:
    config = Config(accounts=[AccountConfig(acct="ada@example.social", server=SERVER)])
    store.set_token("ada@example.social", "t")
    with pytest.raises(accounts.UnknownAccount):
        accounts.remove_account(config, store, "grace@example.social")
    assert len(config.accounts) == 1
    assert store.get_token("ada@example.social") == "t"
