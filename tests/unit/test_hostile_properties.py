"""Property tests (hypothesis): whatever a server sends, nothing unsafe reaches the terminal.

Statuses are generated from hostile fragments (escape sequences, markup, HTML, bidi and
combining marks, lone surrogates) and values of every JSON type in every field. Runs are
derandomized, so CI sees the same examples every time (no flaky failures); to hunt for new
ones, set `derandomize=False` and raise `max_examples` locally.
"""

from __future__ import annotations

import asyncio
from dataclasses import fields
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from tests.hostile import CONTROL, control_in
from tuiclient.post import Post, post_for
from tuiclient.render import html_to_rich_text, sanitize
from tuiclient.timeline import Gap, Timeline, status_id
from tuiclient.widgets.timeline import TimelineView

FRAGMENTS = [
    "\x1b[", "\x1b]", "\x1b]52;c;aGk=", "\x1b]8;;https://evil.example\x1b\\", "\x07", "\x1b\\",
    "\x9b", "\x9d", "\x9c", "\x90", "2J", "31m", "\x00", "\x7f", "\t", "\n", "\r", "\u2028",
    "\u202e", "\u2066", "\u200d", "\u0301" * 7, "\ud800", "\udfff", "😀", "🏳️‍🌈",
    "[b]", "[/b]", "[/]", "[@click=app.quit]", "[link=x]", "\\[",
    "<p>", "</p>", "<br>", "<a href=\"", "\">", "</a>", "<a href='javascript:alert(1)'>",
    "<script>", "</script>", "<pre>", "</pre>", "<blockquote>", "<ol start=\"99999999\">",
    "<li>", "<span class=\"invisible\">", "<span class=\"ellipsis\">", "</span>", "<!--",
    "-->", "<![CDATA[", "<", ">", "&lt;", "&#27;", "&#x9b;", "&#0;", "&amp;", "\"", "'",
    "word", " ", "https://example.social/x",
]  # fmt: skip

ALL_CHARS = st.characters(exclude_categories=())
"""Every code point, surrogates and controls included."""

hostile_text = st.one_of(
    st.text(ALL_CHARS, max_size=40),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(ALL_CHARS, max_size=5)), max_size=30
    ).map("".join),
)

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
"""Any JSON a server could put where a field belongs (and some it could not)."""

ids = st.one_of(
    st.text(ALL_CHARS, min_size=1, max_size=12),
    st.integers(min_value=0),
    st.sampled_from(["1", "2", "113.456/789", "../x", "a:b", "[b]", ""]),
    st.none(),
)

accounts = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "id": ids,
            "acct": hostile_text,
            "username": hostile_text,
            "display_name": hostile_text,
            "bot": json_values,
            "fields": json_values,
        },
    ),
    json_values,
)

polls = st.one_of(
    st.fixed_dictionaries(
        {
            "options": st.lists(
                st.one_of(
                    st.fixed_dictionaries({"title": hostile_text, "votes_count": json_values}),
                    json_values,
                ),
                max_size=25,
            )
        },
        optional={"own_votes": json_values, "votes_count": json_values, "expired": json_values},
    ),
    json_values,
)


def status_fields(depth: int) -> dict[str, Any]:
    optional: dict[str, Any] = {
        "content": st.one_of(hostile_text, json_values),
        "spoiler_text": st.one_of(hostile_text, json_values),
        "account": accounts,
        "created_at": json_values,
        "media_attachments": st.one_of(
            st.lists(st.fixed_dictionaries({"description": hostile_text, "type": json_values})),
            json_values,
        ),
        "mentions": json_values,
        "tags": json_values,
        "poll": polls,
        "card": st.one_of(
            st.fixed_dictionaries({"url": hostile_text, "title": hostile_text}), json_values
        ),
        "in_reply_to_id": st.one_of(ids, json_values),
        "in_reply_to_account_id": json_values,
        "visibility": json_values,
        "language": json_values,
        "edited_at": json_values,
        "filtered": json_values,
        "type": hostile_text,  # notifications: an unknown or hostile type
    }
    if depth:
        optional["reblog"] = st.one_of(
            st.fixed_dictionaries({"id": ids}, optional=status_fields(depth - 1)), json_values
        )
        optional["status"] = optional["reblog"]
    return optional


statuses = st.one_of(
    st.fixed_dictionaries({"id": ids}, optional=status_fields(1)),
    json_values,
)

FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FAST
@given(hostile_text)
def test_sanitized_text_has_no_control_characters(text: str) -> None:
    assert not CONTROL.search(sanitize(text).replace("\n", ""))


@FAST
@given(st.one_of(hostile_text, st.lists(st.sampled_from(FRAGMENTS), max_size=200).map("".join)))
def test_rendered_html_is_control_free_and_links_are_web_links(html: str) -> None:
    rendered = html_to_rich_text(html, max_chars=2000)
    for line in rendered.lines:
        for span in line:
            assert "\n" not in span.text and not CONTROL.search(span.text)
            if span.href is not None:
                assert span.href.split(":", 1)[0].lower() in ("http", "https", "mailto")
                assert not CONTROL.search(span.href)


DATA_ONLY = {"key", "status_id"}
"""Ids: opaque data the widget keys posts by, never drawn (an unreadable post shows a
sanitised copy in its text)."""


def post_strings(post: Post) -> list[str]:
    found = [
        getattr(post, f.name)
        for f in fields(post)
        if isinstance(getattr(post, f.name), str) and f.name not in DATA_ONLY
    ]
    found += [m.description for m in post.media] + [m.kind for m in post.media]
    if post.poll is not None:
        found += [option.title for option in post.poll.options]
    if post.card is not None:
        found.append(post.card.title)
    found += [span.text for line in post.content.lines for span in line]
    return found


@FAST
@given(statuses)
def test_any_status_becomes_a_post_without_control_characters(status: Any) -> None:
    post = post_for(status)  # never raises
    for text in post_strings(post):
        assert not CONTROL.search(text), text


@FAST
@given(st.lists(st.lists(statuses, max_size=6), max_size=5))
def test_merging_any_pages_keeps_one_entry_per_id_and_never_raises(pages: list[Any]) -> None:
    timeline = Timeline("home")
    for n, page in enumerate(pages):
        if n == 0:
            timeline.add_initial(page)
        elif n % 2:
            timeline.add_newer(page, page_size=3)
        else:
            timeline.add_older(page)
        for entry in page:
            timeline.replace(entry)
    keys = [str(item["id"]) for item in timeline.items if not isinstance(item, Gap)]
    assert len(keys) == len(set(keys))
    assert all(status_id(item) is not None for item in timeline.statuses)


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView()


async def draw(items: list[Any]) -> list[str]:
    app = ViewApp()
    bad: list[str] = []
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(items)
        await pilot.pause()
        for index in range(view.item_count):
            for strip in view._item_strips(index, view._layout_width):
                bad += control_in(list(strip))
        await pilot.press("s", "j", "s", "G", "enter")
        for y in range(view.size.height):
            bad += control_in(list(view.render_line(y)))
        assert app.is_running
    return bad


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(statuses, max_size=6))
def test_the_timeline_view_draws_any_statuses_as_plain_text(entries: list[Any]) -> None:
    timeline = Timeline("home")
    timeline.add_initial(entries)  # as the app does: what cannot be placed is skipped
    assert asyncio.run(draw(timeline.items)) == []
