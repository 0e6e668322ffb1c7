"""Threads as an indented tree: real recorded replies, huge threads and hostile ones."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.recorded import body, exchanges, status, statuses
from tuiclient.thread import (
    MAX_INDENT,
    PAGE,
    MoreInThread,
    Thread,
    account_to_open,
    status_to_open,
)
from tuiclient.timeline import Gap


def ids(thread: Thread) -> list[str]:
    return [str(post.status["id"]) for post in thread.posts]


def make(n: int, *, parent: int | None = None, author: str = "1") -> Any:
    """A synthetic status `n` by account `author`, replying to `parent`."""
    return {
        "id": str(n),
        "in_reply_to_id": None if parent is None else str(parent),
        "account": {"id": author, "acct": f"user{author}", "display_name": f"User {author}"},
        "content": f"<p>post {n}</p>",
    }


@contextmanager
def shallow_stack(frames: int = 100) -> Iterator[None]:
    """Allow only `frames` more nested calls: recursion over a deep thread would fail."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


# -- real recorded responses --------------------------------------------------


def test_the_real_context_of_a_lone_post_shows_just_that_post() -> None:
    posted = status(body("status_context", "POST", "/api/v1/statuses"))
    context = body("status_context", "GET", f"/api/v1/statuses/{posted['id']}/context")
    assert context == {"ancestors": [], "descendants": []}
    thread = Thread.from_context(posted, context)
    page = thread.page()
    assert page.items == [posted]
    assert page.indents == {str(posted["id"]): 0}
    assert page.focus_index == 0


def test_a_real_reply_sits_one_level_under_the_post_it_answers() -> None:
    posts = [e["body"] for e in exchanges("status_reply") if e["method"] == "POST"]
    original, reply = statuses(posts[:2])
    assert str(reply["in_reply_to_id"]) == str(original["id"])

    from_original = Thread.from_context(original, {"ancestors": [], "descendants": [reply]})
    page = from_original.page()
    assert [str(i["id"]) for i in page.items if not isinstance(i, Gap)] == [
        str(original["id"]),
        str(reply["id"]),
    ]
    assert page.indents[str(reply["id"])] == 1
    assert page.focus_index == 0

    from_reply = Thread.from_context(reply, {"ancestors": [original], "descendants": []})
    page = from_reply.page()
    assert page.indents == {str(original["id"]): 0, str(reply["id"]): 0}
    assert page.focus_index == 1, "the opened reply is selected, below what it answers"


# -- tree order ---------------------------------------------------------------


def test_replies_follow_the_post_they_answer_and_the_authors_own_thread_reads_on() -> None:
    root = make(1, author="ada")
    replies = [
        make(2, parent=1, author="grace"),
        make(5, parent=1, author="ada"),  # ada continues her own thread
        make(3, parent=2, author="alan"),
        make(7, parent=1, author="alan"),
        make(4, parent=3, author="grace"),
        make(6, parent=5, author="grace"),
    ]
    # The order a server lists them in (here breadth first) does not matter.
    thread = Thread.from_context(root, {"ancestors": [], "descendants": replies})
    assert [(str(p.status["id"]), p.depth) for p in thread.replies] == [
        ("5", 1),
        ("6", 2),
        ("2", 1),
        ("3", 2),
        ("4", 3),
        ("7", 1),
    ]


def test_a_thousand_replies_show_two_hundred_at_a_time_with_a_marker_for_the_rest() -> None:
    root = make(1)
    replies = [make(n, parent=1, author=str(n % 7 + 2)) for n in range(1002, 2, -1)]
    thread = Thread.from_context(root, {"ancestors": [], "descendants": replies})
    assert len(thread.replies) == 1000
    assert [p.depth for p in thread.replies] == [1] * 1000
    assert ids(thread)[1:4] == ["3", "4", "5"], "oldest reply first"

    page = thread.page()
    marker = page.items[-1]
    assert isinstance(marker, MoreInThread) and not marker.earlier
    assert len(page.items) == 1 + PAGE + 1
    assert marker.hidden == 800 and marker.label == "800 more replies"

    more = thread.page(replies=2 * PAGE)
    last = more.items[-1]
    assert isinstance(last, MoreInThread) and last.hidden == 600
    assert last.key != marker.key, "a new marker, so the reader stays on the first new reply"
    everything = thread.page(replies=1000)
    assert not any(isinstance(i, Gap) for i in everything.items)
    assert len(everything.items) == 1001  # the post and every reply


def test_a_chain_a_thousand_replies_deep_needs_no_recursion_and_indents_at_most_so_far() -> None:
    chain = [make(1)] + [make(n, parent=n - 1, author=str(n % 2)) for n in range(2, 1001)]
    with shallow_stack():
        from_top = Thread.from_context(chain[0], {"ancestors": [], "descendants": chain[:0:-1]})
    assert [p.depth for p in from_top.replies] == list(range(1, 1000))
    page = from_top.page(replies=1000)
    assert max(page.indents.values()) == MAX_INDENT
    assert page.indents["1000"] == MAX_INDENT and page.indents["3"] == 2

    with shallow_stack():
        from_bottom = Thread.from_context(chain[-1], {"ancestors": chain[:-1], "descendants": []})
    page = from_bottom.page()
    marker = page.items[0]
    assert isinstance(marker, MoreInThread) and marker.earlier
    assert marker.label == "799 earlier posts in the thread"
    assert str(page.items[1]["id"]) == "800"  # type: ignore[index]
    assert page.focus_index == len(page.items) - 1 == PAGE + 1
    assert set(page.indents.values()) == {0}


# -- hostile and broken data ----------------------------------------------------


def test_duplicates_loops_orphans_and_junk_still_give_each_post_exactly_once() -> None:
    focus = make(10)
    descendants: list[Any] = [
        make(11, parent=10),
        make(11, parent=10),  # listed twice
        make(10),  # the focused post again
        make(12, parent=99),  # answers a post that is not in the thread
        make(13, parent=14),  # 13 and 14 answer each other
        make(14, parent=13),
        make(15, parent=12),
        "not a status",
        {"content": "no id"},
        None,
    ]
    ancestors: list[Any] = [make(9), make(10), 42]
    thread = Thread.from_context(focus, {"ancestors": ancestors, "descendants": descendants})
    assert ids(thread) == ["9", "10", "11", "12", "15", "13", "14"]
    assert [p.depth for p in thread.replies] == [1, 1, 2, 1, 2]
    assert Thread.from_context(focus, None).posts[0].status is focus
    assert Thread.from_context(focus, {"descendants": "nope"}).replies == []


def test_a_newer_copy_replaces_a_post_in_place_and_a_deleted_one_goes() -> None:
    thread = Thread.from_context(
        make(2, parent=1),
        {"ancestors": [make(1)], "descendants": [make(3, parent=2), make(4, parent=3)]},
    )
    edited: Any = {**make(4, parent=3), "content": "<p>edited</p>"}
    assert thread.replace(edited)
    assert thread.replies[-1].status is edited and thread.replies[-1].depth == 2
    assert thread.remove("3")
    assert ids(thread) == ["1", "2", "4"]
    assert not thread.remove("3")


# -- what enter and u open ----------------------------------------------------


def test_a_boost_opens_the_boosted_post_and_its_author() -> None:
    boost = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0))
    opened = status_to_open(boost)
    assert opened is not None and opened["id"] == boost["reblog"]["id"]
    author = account_to_open(boost)
    assert author is not None and author["id"] == boost["reblog"]["account"]["id"]


def test_a_notification_opens_its_post_or_else_who_sent_it() -> None:
    mention = body("notifications", "GET", "/api/v1/notifications")[0]
    assert status_to_open(mention)["id"] == mention["status"]["id"]  # type: ignore[index]
    follow = {"id": "5", "type": "follow", "account": {"id": "77", "acct": "someone"}}
    assert status_to_open(follow) is None
    assert account_to_open(follow) == follow["account"]
    assert status_to_open(Gap("1", "2")) is None and account_to_open(None) is None
