"""A timeline: posts in strict chronological order, de-duplicated, with gaps marked.

No ranking ever: the order is the order of status ids, newest first. Ids are
opaque strings; they are compared by length and then text, which orders the
numeric ids every known server uses without ever parsing them as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from tuiclient.post import is_notification

if TYPE_CHECKING:  # types only: Mastodon.py is not imported at start
    from mastodon.return_types import Status


def id_key(status_id: str) -> tuple[int, str]:
    """A sort key for an opaque status id (longer ids are newer)."""
    return (len(status_id), status_id)


@dataclass(frozen=True, slots=True)
class Gap:
    """Posts the client has not fetched between two loaded ones.

    It sits just below the post `max_id`; filling it asks the server for posts
    older than `max_id` and newer than `since_id`.
    """

    max_id: str
    since_id: str

    @property
    def key(self) -> str:
        """An identity for the gap that survives re-sorting."""
        return f"gap:{self.max_id}:{self.since_id}"


Item: TypeAlias = "Status | Gap"


MAX_ID_CHARS = 256
"""Longer "ids" are not ids: an entry carrying one cannot be read."""


def status_id(entry: Any) -> str | None:
    """The id of an entry a server sent (status or notification), None if it has no usable one.

    Ids are opaque: any non-blank string is one (dots, slashes and all), and so is an
    integer, which some servers send. An entry without one cannot be placed in a timeline
    and is skipped (the page reports how many).
    """
    if not isinstance(entry, dict):
        return None
    raw = entry.get("id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, str) and raw.strip() and len(raw) <= MAX_ID_CHARS:
        return raw
    return None


def item_key(item: Item) -> str:
    """The identity of an item: the status id, or the gap's key."""
    return item.key if isinstance(item, Gap) else str(item["id"])


def _oldest(page: Sequence[Any]) -> str | None:
    ids = [entry_id for entry in page if (entry_id := status_id(entry)) is not None]
    return min(ids, key=id_key) if ids else None


def _sort_key(item: Item) -> tuple[tuple[int, str], int]:
    if isinstance(item, Gap):
        return (id_key(item.max_id), 0)
    return (id_key(str(item["id"])), 1)


def original_id(status: Status) -> str:
    """The id of the post itself: the boosted post's id for a boost."""
    reblog: Any = status.get("reblog")
    return status_id(reblog) or str(status["id"])


def shows_post(item: Item, post_id: str) -> bool:
    """Whether `item` shows the post `post_id`: it is the post, a boost of it, or a
    notification about it (a notification's own id is no post's id)."""
    if isinstance(item, Gap):
        return False
    if is_notification(item):
        inner = item.get("status")
        return isinstance(inner, dict) and shows_post(inner, post_id)  # type: ignore[arg-type]
    return str(item["id"]) == post_id or original_id(item) == post_id


def _account_id(account: Any) -> str | None:
    """The id of an account as a server sent it, if it has one."""
    if isinstance(account, dict) and account.get("id") is not None:
        return str(account["id"])
    return None


def _author_id(holder: Any) -> str | None:
    """The id of the account of a status or notification, if it has one."""
    return _account_id(holder.get("account")) if isinstance(holder, dict) else None


def by_account(item: Item, account_id: str) -> bool:
    """Whether `item` comes from the account `account_id`: its post, its boost, a boost
    of its post, or a notification it sent (a group only when it sent all of the group)."""
    if isinstance(item, Gap):
        return False
    if is_notification(item):
        samples = item.get("sample_accounts")
        if isinstance(samples, list) and samples:
            return all(_account_id(sample) == account_id for sample in samples)
        return _author_id(item) == account_id
    return account_id in (_author_id(item), _author_id(item.get("reblog")))


@dataclass
class MergeResult:
    """What a page changed in a timeline."""

    added: int = 0
    """Posts new to the timeline."""
    folded: int = 0
    """Boosts not shown again because the boosted post is already here."""
    gap: Gap | None = None
    """The gap this page opened, if any."""
    skipped: int = 0
    """Entries that could not be read (no usable id) and were left out."""


OWN_FLAGS = ("favourited", "reblogged", "bookmarked", "muted", "pinned")
"""What the user did with a post: only answers to the user's own requests tell them."""

OWN_POLL_FIELDS = ("voted", "own_votes")
"""What the user did with a poll."""


def with_own_flags(status: Status, known: Mapping[str, Any]) -> Status:
    """`status` (a newer copy, as the stream sends it) with the user's flags of `known`."""
    kept: dict[str, Any] = {flag: known[flag] for flag in OWN_FLAGS if flag in known}
    poll, known_poll = status.get("poll"), known.get("poll")
    if isinstance(poll, dict) and isinstance(known_poll, dict):
        votes = {field: known_poll[field] for field in OWN_POLL_FIELDS if field in known_poll}
        kept["poll"] = type(poll)(**{**poll, **votes})
    return type(status)(**{**status, **kept})


@dataclass
class Timeline:
    """The loaded part of one timeline, newest first."""

    name: str
    items: list[Item] = field(default_factory=list)
    reached_end: bool = False
    """The server has no older posts."""
    server_order: bool = False
    """Keep the server's order instead of sorting by id (bookmarks and favourites are
    ordered by when they were made, which no status id tells)."""
    older_cursor: str | None = None
    """The `max_id` the server named for the next older page (its Link header), if any."""
    hidden: Callable[[Item], bool] | None = field(default=None, repr=False)
    """Entries never taken in, if any: from accounts the user muted or blocked (not every
    server leaves them out of every page)."""
    _ids: set[str] = field(default_factory=set, repr=False)
    _originals: dict[str, str] = field(default_factory=dict, repr=False)
    _boosters: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _accounts: dict[str, Any] = field(default_factory=dict, repr=False)
    """The last copy seen of each author's account, to be shared by equal copies."""

    def __len__(self) -> int:
        return len(self.items)

    @property
    def statuses(self) -> list[Status]:
        """The posts, without gaps."""
        return [item for item in self.items if not isinstance(item, Gap)]

    @property
    def newest_id(self) -> str | None:
        """The id of the newest loaded post."""
        return next((str(i["id"]) for i in self.items if not isinstance(i, Gap)), None)

    @property
    def next_max_id(self) -> str | None:
        """Where the next older page starts: the server's cursor, else the oldest id."""
        return self.older_cursor or self.oldest_id

    @property
    def oldest_id(self) -> str | None:
        """The id of the oldest loaded post."""
        return next((str(i["id"]) for i in reversed(self.items) if not isinstance(i, Gap)), None)

    def also_boosted_by(self, status: Status) -> Sequence[str]:
        """Accounts whose boosts of this post were folded into it."""
        return self._boosters.get(original_id(status), ())

    def index_of(self, key: str) -> int | None:
        """The position of the item with `key`, if loaded."""
        for index, item in enumerate(self.items):
            if item_key(item) == key:
                return index
        return None

    def clear(self) -> None:
        """Forget everything loaded, to load the timeline afresh."""
        self.items = []
        self.reached_end = False
        self.older_cursor = None
        self._ids.clear()
        self._originals.clear()
        self._boosters.clear()

    def replace(self, status: Status, *, keep_own_flags: bool = False) -> bool:
        """Put a newer copy of a loaded status in place (after an action or an edit).

        A copy of the boosted post replaces it inside every boost that carries it.
        `keep_own_flags`: the copy does not know what the user did with the post (a live
        edit from the stream), so the loaded copy's flags are kept (see `with_own_flags`).
        Returns whether anything was loaded to replace.
        """
        new_id = status_id(status)
        if new_id is None:
            return False
        replaced = False
        for index, item in enumerate(self.items):
            if isinstance(item, Gap):
                continue
            # A notification carries the post under "status"; its own id is no post's id.
            holder = "status" if is_notification(item) else "reblog"
            inner = item.get(holder)
            if holder == "reblog" and str(item["id"]) == new_id:
                self.items[index] = with_own_flags(status, item) if keep_own_flags else status
                replaced = True
            elif isinstance(inner, dict) and status_id(inner) == new_id:
                copy = with_own_flags(status, inner) if keep_own_flags else status
                # A new wrapper, so views that cache by object see the change.
                self.items[index] = type(item)(**{**item, holder: copy})
                replaced = True
        return replaced

    def remove(self, status_id: str) -> bool:
        """Drop the entry `status_id` (a deleted status, a notification row), boosts of it
        and notifications about it; returns whether any was loaded."""
        return self._drop(lambda item: item_key(item) == status_id or shows_post(item, status_id))

    def remove_account(self, account_id: str) -> bool:
        """Drop what comes from an account the user muted or blocked: its posts, its boosts,
        boosts of its posts and its notifications; returns whether any was loaded."""
        return self._drop(lambda item: by_account(item, account_id))

    def _drop(self, gone: Callable[[Item], bool]) -> bool:
        """Drop the entries `gone` picks; a page fetched later may bring them back."""
        kept: list[Item] = []
        for item in self.items:
            if isinstance(item, Gap) or not gone(item):
                kept.append(item)
                continue
            entry_id = str(item["id"])
            self._ids.discard(entry_id)
            original = original_id(item)
            if self._originals.get(original) == entry_id:
                del self._originals[original]
                self._boosters.pop(original, None)
        dropped = len(kept) != len(self.items)
        self.items = kept
        return dropped

    def _add(self, statuses: Iterable[Status], result: MergeResult) -> None:
        for status in statuses:
            entry_id = status_id(status)
            if entry_id is None:
                result.skipped += 1
                continue
            if entry_id in self._ids or (self.hidden is not None and self.hidden(status)):
                continue
            original = original_id(status)
            if original in self._originals and self._originals[original] != entry_id:
                # The same post again (boosted by someone else, or boosted and
                # also present itself): show it once, remember who boosted it.
                booster = status.get("account")
                if status.get("reblog") and isinstance(booster, dict):
                    self._boosters.setdefault(original, []).append(str(booster.get("acct", "")))
                result.folded += 1
                continue
            self._ids.add(entry_id)
            self._originals[original] = entry_id
            self._share_accounts(status)
            self.items.append(status)
            result.added += 1

    def _share_accounts(self, entry: Any) -> None:
        """Let posts by one account hold one copy of it, where the copies are equal.

        Every status carries its author's whole account (about half of its memory, as
        Mastodon.py entities); a thousand posts by one author need one copy. Only equal
        copies are shared, so nothing any post shows changes.
        """
        for holder in (entry, entry.get("reblog"), entry.get("status")):
            if not isinstance(holder, dict):
                continue
            account = holder.get("account")
            if not isinstance(account, dict) or account.get("id") is None:
                continue
            key = str(account["id"])
            known = self._accounts.get(key)
            if known is account:
                continue
            if known is not None and type(known) is type(account) and known == account:
                holder["account"] = known  # Mastodon.py entities keep the attribute in step
            else:
                self._accounts[key] = account  # new, or changed: later equal copies share it

    def _sort(self) -> None:
        if not self.server_order:
            self.items.sort(key=_sort_key, reverse=True)

    def add_initial(self, page: Sequence[Status]) -> MergeResult:
        """The first page of the timeline (also used when reloading from scratch)."""
        result = MergeResult()
        self._add(page, result)
        self._sort()
        return result

    def add_older(self, page: Sequence[Status]) -> MergeResult:
        """A page fetched with `max_id` = the oldest loaded post; empty means the end."""
        result = MergeResult()
        if not page:
            self.reached_end = True
            return result
        self._add(page, result)
        self._sort()
        return result

    def add_newer(self, page: Sequence[Status], *, page_size: int) -> MergeResult:
        """A page fetched with `since_id` = the newest loaded post.

        A full page means the server may hold more posts between this page and
        what was loaded before: a gap is marked there, to be filled on request.
        """
        result = MergeResult()
        newest_before = self.newest_id
        if self.server_order:
            # Newer entries go on top in the order the server gave them.
            older = self.items
            self.items = []
            self._add(page, result)
            self.items.extend(older)
            return result
        self._add(page, result)
        if newest_before is not None and len(page) >= page_size:
            oldest_new = _oldest(page)
            if oldest_new is not None and id_key(oldest_new) > id_key(newest_before):
                result.gap = Gap(max_id=oldest_new, since_id=newest_before)
                self.items.append(result.gap)
        self._sort()
        return result

    def fill_gap(self, gap: Gap, page: Sequence[Status], *, page_size: int) -> MergeResult:
        """Posts fetched for `gap` (`max_id`/`since_id` from it), newest first.

        The gap closes when the page is not full; otherwise it shrinks to what is
        still missing below the page.
        """
        result = MergeResult()
        if gap in self.items:
            self.items.remove(gap)
        self._add(page, result)
        if len(page) >= page_size:
            oldest_new = _oldest(page)
            if oldest_new is not None and id_key(oldest_new) > id_key(gap.since_id):
                result.gap = Gap(max_id=oldest_new, since_id=gap.since_id)
                self.items.append(result.gap)
        self._sort()
        return result
