"""The composer's counter counts like the server: URLs 23, remote mentions as @user."""

from __future__ import annotations

import pytest

from tuiclient.counting import countable_text, grapheme_count, status_length


def test_plain_text_counts_its_characters() -> None:
    assert status_length("Hello, fediverse!") == 17


def test_every_url_costs_23_characters_however_long_it_is() -> None:
    short = "see https://x.io"
    long = "see https://example.social/@someone/112233445566778899?utm_source=a-very-long-thing"
    assert status_length(short) == status_length(long) == 4 + 23


def test_punctuation_after_a_url_is_prose_and_counted() -> None:
    assert status_length("(https://example.org/path).") == 1 + 23 + 2


def test_balanced_parentheses_stay_in_the_url() -> None:
    text = "https://en.wikipedia.org/wiki/Ada_(programming_language)"
    assert countable_text(text) == "x" * 23


def test_a_remote_mention_counts_only_the_username() -> None:
    assert status_length("@grace@example.social hi") == len("@grace hi")
    assert status_length("@grace hi") == len("@grace hi")


def test_an_address_is_not_a_mention() -> None:
    assert status_length("mail ada@example.org") == len("mail ada@example.org")


def test_a_mention_inside_a_url_is_part_of_the_url() -> None:
    assert status_length("https://example.social/@grace@other.example") == 23


def test_the_content_warning_counts_too() -> None:
    assert status_length("text", "CW") == 6


def test_a_content_warning_alone_counts_without_text() -> None:
    assert status_length("   ", "spoilers") == len("spoilers")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("é", 1),  # precomposed
        ("e\u0301", 1),  # e + combining acute accent
        ("👍🏽", 1),  # thumbs up with a skin tone
        ("👨‍👩‍👧‍👦", 1),  # family: zero-width-joiner sequence
        ("🇩🇪🇫🇷", 2),  # two flags
        ("❤️", 1),  # heart with variation selector
        ("a\r\nb", 3),
    ],
)
def test_characters_are_what_people_see(text: str, expected: int) -> None:
    assert grapheme_count(text) == expected


def test_a_500_character_post_with_a_long_link_fits_in_500() -> None:
    url = "https://example.org/" + "a" * 200
    text = "x" * (500 - 24) + " " + url
    assert len(text) > 500
    assert status_length(text) == 500
