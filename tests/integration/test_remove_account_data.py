"""Removing an account leaves nothing of it on this machine: drafts and positions go too."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.test_login import login_out_of_band
from tuiclient import accounts, positions
from tuiclient.config import Config
from tuiclient.drafts import Draft, DraftStore
from tuiclient.secrets import MemoryKeyring, SecretStore


def test_remove_deletes_the_accounts_drafts_and_positions_but_not_others(
    mastodon_mock_server: MockServer,
) -> None:
    store = SecretStore(MemoryKeyring())
    config = Config()
    ada = login_out_of_band(mastodon_mock_server, store, config, "ada")
    grace = login_out_of_band(mastodon_mock_server, store, config, "grace")
    for acct in (ada.acct, grace.acct):
        DraftStore(acct).save(Draft(text=f"unsent words of {acct}"))
        positions.save(acct, "home", "123")

    removal = accounts.remove_account(config, store, ada.acct)

    assert str(DraftStore(ada.acct).folder) in removal.local_data_removed
    assert not DraftStore(ada.acct).folder.exists()
    assert positions.load(ada.acct, "home") is None
    assert [d.text for d in DraftStore(grace.acct).list()] == [f"unsent words of {grace.acct}"]
    assert positions.load(grace.acct, "home") == "123"
