"""The link picker lists each link of a post once, as it works: entities in addresses decoded.

A user saw `https://example.org/a?amp;id=3` beside `https://example.org/a?id=3` for a post
with one such link: the preview card's address came entity-encoded (`&amp;`) from the server.
"""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.recorded import body, status
from tuiclient.links import clean_url
from tuiclient.post import Post
from tuiclient.render import html_to_rich_text, unescape_attribute

TEXT = "two links https://example.org/a?utm_medium=x&id=3 and https://example.com/b"

MOCK_HTML = (
    '<p>two links <a href="https://example.org/a?utm_medium=x&amp;id=3" rel="nofollow noopener"'
    ' target="_blank">https://example.org/a?utm_medium=x&amp;id=3</a> and'
    ' <a href="https://example.com/b" rel="nofollow noopener" target="_blank">'
    "https://example.com/b</a></p>"
)
"""What mastodon_mock (0.6.1) makes of TEXT."""

MASTODON_HTML = (
    '<p>two links <a href="https://example.org/a?utm_medium=x&amp;id=3" target="_blank"'
    ' rel="nofollow noopener" translate="no"><span class="invisible">https://</span>'
    '<span class="ellipsis">example.org/a?utm_medium=x&amp;i</span>'
    '<span class="invisible">d=3</span></a> and <a href="https://example.com/b"'
    ' target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">'
    'https://</span><span class="">example.com/b</span><span class="invisible"></span></a></p>'
)
"""What Mastodon's formatter makes of TEXT (a long link shortened to its visible part)."""

PICKED = ["https://example.org/a?id=3", "https://example.com/b"]


def picker_links(post: Post) -> list[str]:
    """What the `o` picker lists for `post`: each address cleaned, each once."""
    return list(dict.fromkeys(clean_url(url) for url in post.links))


def with_card(content: str, card_url: str) -> dict[str, Any]:
    """A real recorded status (Mastodon 4.6.4) with `content` and a preview card."""
    raw = dict(body("status", "POST", "/api/v1/statuses"))
    raw["content"] = content
    raw["card"] = {"url": card_url, "title": "Example link", "type": "link"}
    return raw


def test_the_users_post_lists_its_two_links_once_each() -> None:
    # mastodon_mock copies the card's address out of the HTML, "&amp;" and all.
    post = Post.from_status(
        {
            "id": "1",
            "account": {"acct": "ada"},
            "content": MOCK_HTML,
            "card": {"url": "https://example.org/a?utm_medium=x&amp;id=3", "title": "Example"},
        }
    )
    assert picker_links(post) == PICKED
    assert post.card is not None and post.card.url == "https://example.org/a?utm_medium=x&id=3"


@pytest.mark.parametrize(
    "card_url",
    [
        "https://example.org/a?utm_medium=x&id=3",  # as Mastodon sends it
        "https://example.org/a?utm_medium=x&amp;id=3",  # copied out of the HTML
    ],
)
def test_a_recorded_status_with_a_card_lists_each_link_once(card_url: str) -> None:
    post = Post.from_status(status(with_card(MASTODON_HTML, card_url)))
    assert post.content.plain == "two links example.org/a?utm_medium=x&i… and example.com/b"
    assert picker_links(post) == PICKED


def test_a_card_address_that_is_none_of_the_posts_links_is_kept_as_sent() -> None:
    # Only a match with the post's own link proves the "&amp;" was an encoding slip.
    post = Post.from_status(status(with_card("<p>no links</p>", "https://x.example/?a&amp;b")))
    assert post.links == ("https://x.example/?a&amp;b",)


def test_link_addresses_are_decoded_as_a_browser_decodes_attributes() -> None:
    links = html_to_rich_text(
        '<a href="https://x.example/?a=1&amp;b=2&#38;c=3&#x26;d=4&copy=5&lang=6&amp">x</a>'
    ).links
    # "&copy=" is a parameter, not "©=": in an attribute, a name without ";" followed by
    # "=" or a letter or digit is left alone (html.unescape, made for text, decodes it).
    assert links == ("https://x.example/?a=1&b=2&c=3&d=4&copy=5&lang=6&",)
    assert html.unescape("&copy=5") == "©=5"


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("a&amp;b", "a&b"),
        ("&AMP;", "&"),
        ("&#38;&#x26;&#X26", "&&&"),
        ("&#0;", "\ufffd"),
        ("&copy 2026", "© 2026"),
        ("&copy;2026", "©2026"),
        ("&copy=1", "&copy=1"),
        ("&copyx", "&copyx"),
        ("&notin;", "∉"),
        ("&notit;", "&notit;"),
        ("&no-such;", "&no-such;"),
        ("&", "&"),
        ("", ""),
    ],
)
def test_attribute_values_decode_like_html_unescape_but_for_attribute_rules(
    raw: str, decoded: str
) -> None:
    assert unescape_attribute(raw) == decoded


def test_mention_and_hashtag_addresses_in_recorded_posts_are_unchanged() -> None:
    reply = status(body("status_reply", "POST", "/api/v1/statuses", 1))
    tagged = status(body("hashtag_tl", "GET", "/api/v1/timelines/tag/")[0])
    assert Post.from_status(reply).links == ("http://localhost:3000/@mastodonpy_test_2",)
    assert Post.from_status(tagged).links == ("http://localhost:3000/tags/hoot",)
