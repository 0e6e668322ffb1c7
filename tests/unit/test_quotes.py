"""Quote posts (Mastodon 4.5+): the quoted post under the quoting one, or why it is missing.

The shapes follow https://docs.joinmastodon.org/entities/Quote/ and ShallowQuote: `quote` is
`{"state": ..., "quoted_status": Status | null}` or `{"state": ..., "quoted_status_id": id}`.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.style import Style

from tests.recorded import body, status
from tuiclient.post import QUOTE_NOTES, Post, post_for
from tuiclient.widgets.timeline.post_lines import QUOTE_LINES, body_lines

WIDTH = 60


def plain_style(_: str) -> Style:
    return Style()


def lines(post: Post, width: int = WIDTH) -> list[str]:
    """The body of `post` as drawn, one string per screen line."""
    return [line.plain for line in body_lines(post, width, cw_open=False, style_for=plain_style)]


def quoted_post(**changes: Any) -> dict[str, Any]:
    """A real recorded status (Mastodon 4.6.4), to be quoted."""
    raw = dict(body("status_reply", "POST", "/api/v1/statuses", 1))
    raw.update(changes)
    return raw


def quoting(quote: Any, content: str = "<p>Well said.</p>") -> dict[str, Any]:
    """A real recorded status that quotes with `quote`."""
    raw = dict(body("status", "POST", "/api/v1/statuses"))
    raw["content"] = content
    raw["quote"] = quote
    return raw


def test_an_accepted_quote_shows_the_quoted_post_framed_under_the_text() -> None:
    post = Post.from_status(status(quoting({"state": "accepted", "quoted_status": quoted_post()})))
    assert post.quote is not None and post.quote.post is not None
    assert post.quote.post.author_acct == "admin"
    assert lines(post) == ["  Well said.", "  ┃ ❝ admin @admin: @mastodonpy_test_2 same!"]
    assert lines(post, width=36) == [
        "  Well said.",
        "  ┃ ❝ admin @admin:",
        "  ┃ @mastodonpy_test_2 same!",
    ]


def test_the_quoted_posts_links_are_in_the_link_picker_after_the_posts_own() -> None:
    quoted = quoted_post(content='<p>see <a href="https://q.example/x?a=1&amp;b=2">this</a></p>')
    raw = quoting(
        {"state": "accepted", "quoted_status": quoted},
        '<p><a href="https://own.example/">mine</a></p>',
    )
    post = Post.from_status(status(raw))
    assert post.links == ("https://own.example/", "https://q.example/x?a=1&b=2")


def test_a_long_quoted_post_takes_a_few_lines_and_ends_in_an_ellipsis() -> None:
    quoted = quoted_post(content="<p>" + "word " * 5000 + "</p>")
    drawn = lines(Post.from_status(quoting({"state": "accepted", "quoted_status": quoted})))
    framed = [line for line in drawn if line.startswith("  ┃ ")]
    assert len(framed) == QUOTE_LINES
    assert framed[-1].endswith("…")
    assert all(len(line) <= WIDTH for line in drawn)


@pytest.mark.parametrize("state", sorted(set(QUOTE_NOTES) - {"unauthorized"}))
def test_a_quote_that_is_not_accepted_is_one_line_saying_why(state: str) -> None:
    # Blocked and muted quotes may still carry the post: it is not shown either.
    quoted = quoted_post() if state.endswith(("_account", "_domain")) else None
    post = Post.from_status(quoting({"state": state, "quoted_status": quoted}))
    assert lines(post) == ["  Well said.", f"  ┃ ❝ {QUOTE_NOTES[state]}"]
    assert post.links == ()


def test_an_unknown_state_is_read_as_unauthorized() -> None:
    post = Post.from_status(quoting({"state": "weird", "quoted_status": quoted_post()}))
    assert lines(post)[1:] == ["  ┃ ❝ the quoted post is not visible to you"]


def test_a_shallow_quote_names_the_post_it_could_not_show() -> None:
    post = Post.from_status(quoting({"state": "accepted", "quoted_status_id": "42"}))
    assert lines(post)[1:] == ["  ┃ ❝ quotes a post the server did not send along"]


def test_a_quoted_posts_content_warning_stands_in_for_its_text() -> None:
    quoted = quoted_post(spoiler_text="spoilers for the finale")
    drawn = lines(Post.from_status(quoting({"state": "accepted", "quoted_status": quoted})))
    assert drawn[1].endswith(": ⚠ CW: spoilers for the finale")
    assert not any("same!" in line for line in drawn)


def test_a_quote_inside_a_quote_is_named_not_followed() -> None:
    inner: dict[str, Any] = quoted_post(id="1")
    for depth in range(2, 1000):  # a hostile chain of quotes, 1,000 deep
        inner = quoted_post(id=str(depth), quote={"state": "accepted", "quoted_status": inner})
    post = Post.from_status(quoting({"state": "accepted", "quoted_status": inner}))
    assert post.quote is not None and post.quote.post is not None
    nested = post.quote.post.quote
    assert nested is not None and nested.post is None and nested.note == "quotes another post"


def test_hostile_quoted_names_and_text_are_drawn_as_text() -> None:
    quoted = quoted_post(
        account={"id": "9", "acct": "evil\x1b[31m", "display_name": "[@click=app.quit]Boss[/]"},
        content="<p>\x1b]52;c;cGF5bG9hZA==\x07[b]bold?[/b] \u202eevil</p>",
    )
    drawn = "\n".join(
        lines(Post.from_status(quoting({"state": "accepted", "quoted_status": quoted})))
    )
    assert "❝ [@click=app.quit]Boss[/] @evil: [b]bold?[/b] evil" in drawn
    assert "\x1b" not in drawn and "\x07" not in drawn and "\u202e" not in drawn


def test_unreadable_quotes_never_break_the_post() -> None:
    quotes: list[Any] = [{"state": "accepted", "quoted_status": {"id": "1"}}, {"state": 5}, "x", []]
    for quote in quotes:
        post = post_for(quoting(quote))
        assert post.content.plain == "Well said."
    broken = Post.from_status(quoting({"state": "accepted", "quoted_status": {"id": "1"}}))
    assert lines(broken)[1:] == ["  ┃ ❝ the quoted post could not be read"]


def test_a_boost_of_a_quote_post_shows_the_quote() -> None:
    boost = dict(body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0))
    boost["reblog"] = quoting({"state": "accepted", "quoted_status": quoted_post()})
    post = Post.from_status(status(boost))
    assert post.boosted_by
    assert post.quote is not None and post.quote.post is not None


def test_a_content_warning_on_the_quoting_post_hides_the_quote_too() -> None:
    raw = quoting({"state": "accepted", "quoted_status": quoted_post()})
    raw["spoiler_text"] = "politics"
    assert lines(Post.from_status(raw)) == ["  ⚠ CW: politics  (s: show)"]


def test_a_quoted_post_cut_short_says_so_even_when_what_is_left_fits() -> None:
    # Hundreds of line breaks, then text: what fits is "Start", and more was left out.
    quoted = quoted_post(content="<p>Start" + "<br>" * 2000 + "the end</p>")
    drawn = lines(Post.from_status(quoting({"state": "accepted", "quoted_status": quoted})))
    assert drawn[1:] == ["  ┃ ❝ admin @admin: Start…"]
