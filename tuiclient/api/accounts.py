"""Accounts: https://docs.joinmastodon.org/methods/accounts/"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuiclient.api.errors import translated

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Account


@translated
def verify_credentials(api: Mastodon) -> Account:
    """The logged-in account.

    https://docs.joinmastodon.org/methods/accounts/#verify_credentials
    """
    account: Account = api.account_verify_credentials()
    return account
