"""Notification groups in a timeline: a live notification joins its group at the top.

The notifications view holds one row per group where the server groups notifications
(API v2; `tuiclient.api.grouped_notifications` describes a row). The stream still sends
single notifications (v1, with a `group_key` on Mastodon 4.3+). One whose key names a
loaded group joins it: the group counts one more, its sample accounts start with the
new one, and it moves to the top under the new notification's id (the position saved
there stays an id the server knows). One without a key, or with an ungrouped key
(`ungrouped-…`), is a row of its own. A view of v1 rows (a server without grouped
notifications) keeps one row per notification.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tuiclient.timeline import Timeline, id_key, status_id

UNGROUPED = "ungrouped-"
"""How Mastodon starts the key of a notification that is in no group."""

SAMPLE_ACCOUNTS = 8
"""How many accounts a group names at most, as Mastodon keeps them."""


def is_group(item: Any) -> bool:
    """Whether a timeline row is a notification group (rather than a single notification)."""
    return isinstance(item, Mapping) and isinstance(item.get("sample_accounts"), list)


def group_key(notification: Any) -> str | None:
    """The key of the group `notification` belongs to; None when it is in no group."""
    key = notification.get("group_key") if isinstance(notification, Mapping) else None
    if not isinstance(key, str) or not key.strip() or key.startswith(UNGROUPED):
        return None
    return key


def joined(group: Mapping[str, Any] | None, notification: Mapping[str, Any]) -> dict[str, Any]:
    """The row of `group` once `notification` has joined it (`group` None: a new group).

    A new object: views that cache rows by identity draw it afresh.
    """
    new_id = status_id(notification)
    account = notification.get("account")
    newest = [account] if isinstance(account, Mapping) else []
    newest_id = str(account.get("id")) if isinstance(account, Mapping) else None
    before = group.get("sample_accounts") if group is not None else None
    others = [
        a
        for a in (before if isinstance(before, list) else [])
        if isinstance(a, Mapping) and str(a.get("id")) != newest_id
    ]
    sample = (newest + others)[:SAMPLE_ACCOUNTS]
    count = group.get("notifications_count") if group is not None else 0
    status = notification.get("status")
    row = dict(group) if group is not None else {}
    row.update(
        {
            "id": new_id,
            "type": notification.get("type"),
            "created_at": notification.get("created_at"),
            "account": sample[0] if sample else None,
            "status": status if isinstance(status, Mapping) else row.get("status"),
            "group_key": notification.get("group_key"),
            "notifications_count": (count if isinstance(count, int) else 0) + 1,
            "sample_accounts": sample,
            "page_min_id": row.get("page_min_id") or new_id,
            "page_max_id": new_id,
        }
    )
    return row


def add_live(timeline: Timeline, notification: Any, *, page_size: int) -> bool:
    """Put a notification from the stream into `timeline`; whether the timeline changed.

    A notification no newer than its loaded group is one the group already counts (a
    late or repeated delivery): nothing changes.
    """
    if not any(is_group(item) for item in timeline.items):
        return timeline.add_newer([notification], page_size=page_size).added > 0
    new_id = status_id(notification)
    if new_id is None or timeline.index_of(new_id) is not None:
        return False
    key = group_key(notification)
    group = (
        next((i for i in timeline.statuses if is_group(i) and group_key(i) == key), None)
        if key is not None
        else None
    )
    if group is not None:
        if id_key(new_id) <= id_key(str(group["id"])):
            return False
        timeline.remove(str(group["id"]))
    row: Any = joined(group, notification)
    return timeline.add_newer([row], page_size=page_size).added > 0


def drop_regrouped(timeline: Timeline, page: list[Any]) -> int:
    """Take out of `timeline` the groups that come again in `page`, a newer page.

    A group with new activity comes back with the id of its newest notification: without
    this its older row would stay below the new one. Returns how many rows were taken out.
    """
    keys = {key for item in page if is_group(item) and (key := group_key(item)) is not None}
    if not keys:
        return 0
    fresh = {status_id(item) for item in page}
    stale = [
        str(item["id"])
        for item in timeline.statuses
        if is_group(item) and group_key(item) in keys and status_id(item) not in fresh
    ]
    for item_id in stale:
        timeline.remove(item_id)
    return len(stale)
