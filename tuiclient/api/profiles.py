"""Profiles and what the user does about them: follow, mute, block.

https://docs.joinmastodon.org/methods/accounts/
"""

from __future__ import annotations

from typing import Any, cast

from mastodon import Mastodon
from mastodon.return_types import Account, Relationship

from tuiclient.api.errors import ApiError, translated


def _account(result: Any) -> Account:
    if not isinstance(result, dict) or "id" not in result:
        raise ApiError("The server answered with something that is not an account")
    return cast(Account, result)


def _relationship(result: Any) -> Relationship:
    if not isinstance(result, dict) or "id" not in result:
        raise ApiError("The server answered with something that is not a relationship")
    return cast(Relationship, result)


@translated
def account(api: Mastodon, account_id: str) -> Account:
    """An account's profile: names, bio, fields and counts.

    https://docs.joinmastodon.org/methods/accounts/#get
    """
    return _account(api.account(account_id))


@translated
def lookup(api: Mastodon, acct: str) -> Account:
    """The account called `acct` (`user` or `user@host`), without a search.

    https://docs.joinmastodon.org/methods/accounts/#lookup
    """
    return _account(api.account_lookup(acct.lstrip("@")))


@translated
def relationship(api: Mastodon, account_id: str) -> Relationship:
    """How the logged-in account and `account_id` stand: following, muted, blocked...

    https://docs.joinmastodon.org/methods/accounts/#relationships
    """
    found = api.account_relationships([account_id])
    if not found:
        raise ApiError("The server did not say how you stand with this account")
    return _relationship(found[0])


@translated
def follow(api: Mastodon, account_id: str) -> Relationship:
    """Follow the account (or ask to, if it is locked).

    https://docs.joinmastodon.org/methods/accounts/#follow
    """
    return _relationship(api.account_follow(account_id))


@translated
def unfollow(api: Mastodon, account_id: str) -> Relationship:
    """Stop following the account (or withdraw the request).

    https://docs.joinmastodon.org/methods/accounts/#unfollow
    """
    return _relationship(api.account_unfollow(account_id))


@translated
def mute(api: Mastodon, account_id: str) -> Relationship:
    """Hide the account's posts and notifications from the logged-in account.

    https://docs.joinmastodon.org/methods/accounts/#mute
    """
    return _relationship(api.account_mute(account_id))


@translated
def unmute(api: Mastodon, account_id: str) -> Relationship:
    """Show the account's posts and notifications again.

    https://docs.joinmastodon.org/methods/accounts/#unmute
    """
    return _relationship(api.account_unmute(account_id))


@translated
def block(api: Mastodon, account_id: str) -> Relationship:
    """Block the account; this also ends following in both directions.

    https://docs.joinmastodon.org/methods/accounts/#block
    """
    return _relationship(api.account_block(account_id))


@translated
def unblock(api: Mastodon, account_id: str) -> Relationship:
    """Unblock the account.

    https://docs.joinmastodon.org/methods/accounts/#unblock
    """
    return _relationship(api.account_unblock(account_id))
