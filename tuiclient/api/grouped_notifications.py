"""Grouped notifications (API v2, Mastodon 4.3+):
https://docs.joinmastodon.org/methods/grouped_notifications/

The server answers with one document: the groups, plus the accounts and posts they
refer to by id. `read_page` turns it into timeline rows, one per group, each shaped as a
v1 notification (so everything that shows, opens or filters a notification takes it as
it is) with the group's own fields added:

- `id`: the group's `most_recent_notification_id`, a real notification id: rows sort by
  it, the read position saved on it is one the server understands, and a group met again
  on an older page (Mastodon keeps this id group-wide) is the same row;
- `account`: the most recent of the sample accounts; `status`: the post, if any;
- `created_at`: when the latest notification of the group (on this page) came;
- `group_key`, `notifications_count`, `page_min_id`, `page_max_id` as the server sent them;
- `sample_accounts`: the accounts behind `sample_account_ids`, most recent first.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tuiclient.api.errors import unreadable
from tuiclient.api.features import feature
from tuiclient.api.pages import Page

if TYPE_CHECKING:
    from mastodon import Mastodon

FEATURE = "grouped_notifications"
"""The name under which a server without `/api/v2/notifications` is remembered."""

EXTRA_FIELDS = ("report", "event", "moderation_warning")
"""What some types carry besides accounts and a post, kept on the row as v1 has them."""


@feature(FEATURE, "grouped notifications")
def fetch(
    api: Mastodon,
    *,
    max_id: str | None = None,
    since_id: str | None = None,
    limit: int = 40,
) -> Page:
    """One page of notification groups as timeline rows, newest first.

    A server without the endpoint (404, 410, 501) is remembered: later calls raise
    `features.Unsupported` at once, without asking again.
    https://docs.joinmastodon.org/methods/grouped_notifications/#get-grouped
    """
    # "full": every sample account with its display name, not only the most recent one.
    document = api.grouped_notifications(
        max_id=max_id, since_id=since_id, limit=limit, expand_accounts="full"
    )
    return read_page(document)


def read_page(document: Any) -> Page:
    """The rows of a grouped-notifications document (see the module's docstring).

    Raises the "unreadable" `ApiError` for a document without a list of groups; a group
    that cannot be read (not an object) is left out, and one without an id is kept for
    the timeline to skip and count, as it does for any entry without an id.
    """
    if not isinstance(document, dict) or not isinstance(document.get("notification_groups"), list):
        raise unreadable()
    accounts = _by_id(document.get("partial_accounts")) | _by_id(document.get("accounts"))
    statuses = _by_id(document.get("statuses"))
    page = Page(
        _row(group, accounts, statuses)
        for group in document["notification_groups"]
        if isinstance(group, dict)
    )
    page._pagination_next = getattr(document, "_pagination_next", None)
    return page


def _row(
    group: dict[str, Any], accounts: dict[str, Any], statuses: dict[str, Any]
) -> dict[str, Any]:
    sample_ids = group.get("sample_account_ids")
    sample = [
        accounts[str(account_id)]
        for account_id in (sample_ids if isinstance(sample_ids, list) else [])
        if str(account_id) in accounts
    ]
    count = group.get("notifications_count")
    row: dict[str, Any] = {
        "id": _id(group.get("most_recent_notification_id")) or _id(group.get("page_max_id")),
        "type": group.get("type"),
        "created_at": _moment(group.get("latest_page_notification_at")),
        "account": sample[0] if sample else None,
        "status": statuses.get(str(group.get("status_id"))),
        "group_key": group.get("group_key"),
        "notifications_count": count if isinstance(count, int) and count > 0 else len(sample),
        "sample_accounts": sample,
        "page_min_id": _id(group.get("page_min_id")),
        "page_max_id": _id(group.get("page_max_id")),
    }
    row.update({field: group[field] for field in EXTRA_FIELDS if field in group})
    return row


def _by_id(entries: Any) -> dict[str, Any]:
    if not isinstance(entries, list):
        return {}
    return {
        str(entry["id"]): entry
        for entry in entries
        if isinstance(entry, dict) and entry.get("id") is not None
    }


def _id(value: Any) -> str | None:
    # Ids are opaque strings; Mastodon itself sent `most_recent_notification_id` as a number.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None
