"""A thread: the posts a status answers, the status, and its replies as an indented tree.

The server's context gives the ancestors (oldest first) and every descendant in
one list; the tree is rebuilt here from `in_reply_to_id` without recursion, so a
reply chain 1,000 posts deep is as safe as a flat one. Server data is hostile:
duplicates, a reply to a post that is missing, even a loop of replies, still
give each post exactly once.

Long threads are shown a page at a time: the first `PAGE` replies (and the
`PAGE` posts nearest above the focused status) with a marker for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tuiclient.notification_groups import is_group
from tuiclient.post import is_notification
from tuiclient.timeline import Gap, Item, id_key

if TYPE_CHECKING:
    from mastodon.return_types import Account, Status

MAX_INDENT = 6
"""The deepest indentation drawn: deeper replies line up at this level."""

PAGE = 200
"""Replies (and posts above the focused one) shown at a time."""


@dataclass(frozen=True, slots=True)
class ThreadPost:
    """One post of a thread with its depth below the focused status."""

    status: Status
    depth: int
    """0 for the posts above and the focused status, 1 for a direct reply, and so on."""

    @property
    def indent(self) -> int:
        """How far in the post is drawn."""
        return min(self.depth, MAX_INDENT)


@dataclass(frozen=True, slots=True)
class MoreInThread(Gap):
    """Posts of the thread not shown yet; opening the marker shows the next page.

    A `Gap` so every list of posts knows how to draw and open it; nothing is
    fetched for it, the posts are already loaded.
    """

    hidden: int = 0
    earlier: bool = False
    """Posts above the focused status (else replies below it)."""

    @property
    def label(self) -> str:
        """What the marker says."""
        if self.earlier:
            return f"{self.hidden:,} earlier post{'s' if self.hidden != 1 else ''} in the thread"
        return f"{self.hidden:,} more repl{'ies' if self.hidden != 1 else 'y'}"


@dataclass
class ThreadPage:
    """What a list of posts shows of a thread: items, their indents, the focused key."""

    items: list[Item]
    indents: dict[str, int]
    focus_key: str

    @property
    def focus_index(self) -> int:
        """Where the focused status is in `items`."""
        for index, item in enumerate(self.items):
            if not isinstance(item, Gap) and str(item["id"]) == self.focus_key:
                return index
        return 0


@dataclass
class Thread:
    """A status with the posts it answers (oldest first) and its replies in tree order."""

    focus: Status
    ancestors: list[Status] = field(default_factory=list)
    replies: list[ThreadPost] = field(default_factory=list)

    @property
    def focus_key(self) -> str:
        """The id of the focused status."""
        return str(self.focus["id"])

    @classmethod
    def from_context(cls, focus: Status, context: Mapping[str, Any] | None) -> Thread:
        """Build the thread of `focus` from the server's context of it."""
        data = context if isinstance(context, Mapping) else {}
        seen = {str(focus["id"])}
        ancestors = list(_unique(data.get("ancestors"), seen))
        descendants = list(_unique(data.get("descendants"), seen))
        return cls(focus, ancestors, tree_order(str(focus["id"]), focus, descendants))

    @property
    def posts(self) -> list[ThreadPost]:
        """Every post of the thread, in reading order."""
        return [
            *(ThreadPost(status, 0) for status in self.ancestors),
            ThreadPost(self.focus, 0),
            *self.replies,
        ]

    def page(self, *, earlier: int = PAGE, replies: int = PAGE) -> ThreadPage:
        """The nearest `earlier` posts above the focus and the first `replies` below it."""
        items: list[Item] = []
        indents: dict[str, int] = {}
        hidden_above = max(0, len(self.ancestors) - earlier)
        if hidden_above:
            items.append(
                MoreInThread("thread", f"earlier-{earlier}", hidden=hidden_above, earlier=True)
            )
        shown = [
            *(ThreadPost(status, 0) for status in self.ancestors[hidden_above:]),
            ThreadPost(self.focus, 0),
            *self.replies[:replies],
        ]
        for post in shown:
            items.append(post.status)
            indents[str(post.status["id"])] = post.indent
        hidden_below = max(0, len(self.replies) - replies)
        if hidden_below:
            marker = MoreInThread("thread", f"replies-{replies}", hidden=hidden_below)
            items.append(marker)
            indents[marker.key] = 1
        return ThreadPage(items, indents, self.focus_key)

    def replace(self, status: Status) -> bool:
        """Put a newer copy of a post in place (after an action or an edit)."""
        key = str(status["id"])
        if key == self.focus_key:
            self.focus = status
            return True
        for index, ancestor in enumerate(self.ancestors):
            if str(ancestor["id"]) == key:
                self.ancestors[index] = status
                return True
        for index, post in enumerate(self.replies):
            if str(post.status["id"]) == key:
                self.replies[index] = ThreadPost(status, post.depth)
                return True
        return False

    def remove(self, status_id: str) -> bool:
        """Take a deleted post out (its replies stay where they are)."""
        before = len(self.ancestors) + len(self.replies)
        self.ancestors = [s for s in self.ancestors if str(s["id"]) != status_id]
        self.replies = [p for p in self.replies if str(p.status["id"]) != status_id]
        return len(self.ancestors) + len(self.replies) != before


def _unique(raw: Any, seen: set[str]) -> Iterable[Status]:
    """The statuses of a server list, each once, skipping anything that is not one."""
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return
    for status in raw:
        if not isinstance(status, Mapping) or status.get("id") in (None, ""):
            continue
        key = str(status["id"])
        if key not in seen:
            seen.add(key)
            yield status  # type: ignore[misc]


def _author_id(status: Mapping[str, Any]) -> str:
    account = status.get("account")
    return str(account.get("id", "")) if isinstance(account, Mapping) else ""


def _parent_id(status: Mapping[str, Any]) -> str:
    parent = status.get("in_reply_to_id")
    return "" if parent is None else str(parent)


def tree_order(focus_id: str, focus: Status, descendants: Sequence[Status]) -> list[ThreadPost]:
    """`descendants` of the status `focus_id` in reading order, each with its depth.

    Depth-first, so every reply sits under the post it answers; among the replies
    to one post the author's own continuation comes first (a thread told in
    several posts reads on), then the others oldest first. A reply whose parent
    is not in the thread (deleted, hidden, or a hostile loop) starts a branch of
    its own at depth 1, so no post is ever lost.
    """
    known = {str(status["id"]): status for status in descendants}
    authors = {focus_id: _author_id(focus)} | {k: _author_id(s) for k, s in known.items()}
    children: dict[str, list[Status]] = {}
    for status in descendants:
        children.setdefault(_parent_id(status), []).append(status)

    def replies_to(parent: str) -> list[Status]:
        author = authors.get(parent, "")
        return sorted(
            children.get(parent, ()),
            key=lambda s: (_author_id(s) != author or not author, id_key(str(s["id"]))),
        )

    ordered: list[ThreadPost] = []
    placed: set[str] = set()

    def walk(first: list[Status], depth: int) -> None:
        # An explicit stack instead of recursion: depth is bounded only by the data.
        stack = [(status, depth) for status in reversed(first)]
        while stack:
            status, level = stack.pop()
            key = str(status["id"])
            if key in placed:
                continue
            placed.add(key)
            ordered.append(ThreadPost(status, level))
            stack.extend((child, level + 1) for child in reversed(replies_to(key)))

    walk(replies_to(focus_id), 1)
    if len(placed) < len(known):
        strays = sorted(
            (s for k, s in known.items() if k not in placed), key=lambda s: id_key(str(s["id"]))
        )
        for stray in strays:
            walk([stray], 1)
    return ordered


def status_to_open(item: Any) -> Status | None:
    """The post behind a list item: the boosted post of a boost, a notification's post."""
    if not isinstance(item, Mapping):
        return None
    if is_notification(item):
        status = item.get("status")
        return status if isinstance(status, Mapping) and "id" in status else None  # type: ignore[return-value]
    reblog = item.get("reblog")
    if isinstance(reblog, Mapping) and "id" in reblog:
        return reblog  # type: ignore[return-value]
    return item if "id" in item else None  # type: ignore[return-value]


def accounts_to_choose(item: Any) -> list[Account]:
    """Whose profiles a notification group leads to, when it names several (else none).

    A group ("Ada, Grace and 3 others followed you") names its most recent accounts; `u`
    (and enter, on a group without a post) asks which one to show.
    """
    if not is_group(item):
        return []
    unique: dict[str, Account] = {}
    for account in item["sample_accounts"]:
        if isinstance(account, Mapping) and account.get("id") not in (None, ""):
            unique.setdefault(str(account["id"]), account)  # type: ignore[arg-type]
    return list(unique.values()) if len(unique) > 1 else []


def account_to_open(item: Any) -> Account | None:
    """Whose profile a list item leads to: the post's author, or who sent a notification.

    For a group naming several accounts, see `accounts_to_choose`.
    """
    status = status_to_open(item)
    holder: Any = status if status is not None else item
    account = holder.get("account") if isinstance(holder, Mapping) else None
    return account if isinstance(account, Mapping) and "id" in account else None  # type: ignore[return-value]
