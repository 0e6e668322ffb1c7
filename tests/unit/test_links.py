"""Links the user opens or copies lose their tracking parameters, and nothing else."""

from __future__ import annotations

import pytest

from tuiclient.links import HOST_PARAMETERS, TRACKING_PARAMETERS, clean_url


@pytest.mark.parametrize(
    "name",
    sorted(TRACKING_PARAMETERS)
    + ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id"],
)
def test_each_tracking_parameter_is_removed_on_any_host(name: str) -> None:
    assert clean_url(f"https://news.example/story?id=7&{name}=abc") == (
        "https://news.example/story?id=7"
    )


def test_the_list_of_tracking_parameters_is_the_documented_one() -> None:
    assert TRACKING_PARAMETERS == {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_hsenc",
        "_hsmi",
    }
    assert HOST_PARAMETERS == {
        "twitter.com": {"ref_src", "ref_url"},
        "x.com": {"ref_src", "ref_url"},
        "youtube.com": {"si"},
        "youtu.be": {"si"},
        "open.spotify.com": {"si"},
        "instagram.com": {"igsh"},
    }


def test_everything_else_is_kept_byte_for_byte_in_order() -> None:
    url = (
        "https://shop.example/a%20b/c?q=caf%C3%A9+au+lait&utm_source=masto&x=1;y=2"
        "&empty=&flag&utm_medium=social&Z=%2F#frag?utm_source=keep"
    )
    assert clean_url(url) == (
        "https://shop.example/a%20b/c?q=caf%C3%A9+au+lait&x=1;y=2&empty=&flag&Z=%2F"
        "#frag?utm_source=keep"
    )


def test_a_query_left_empty_loses_its_question_mark_but_keeps_the_fragment() -> None:
    assert clean_url("https://blog.example/post?utm_source=a&fbclid=b#comments") == (
        "https://blog.example/post#comments"
    )


def test_names_are_matched_without_regard_to_case_or_escaping() -> None:
    assert clean_url("https://a.example/?UTM_Source=x&%66bclid=y&keep=1") == (
        "https://a.example/?keep=1"
    )


def test_site_specific_parameters_go_only_on_their_sites() -> None:
    assert clean_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=abc") == (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert clean_url("https://youtu.be/dQw4w9WgXcQ?si=abc&t=42") == (
        "https://youtu.be/dQw4w9WgXcQ?t=42"
    )
    assert clean_url("https://music.youtube.com/watch?v=x&si=abc") == (
        "https://music.youtube.com/watch?v=x"
    )
    assert clean_url("https://open.spotify.com/track/1?si=abc") == (
        "https://open.spotify.com/track/1"
    )
    assert clean_url("https://twitter.com/a/status/1?ref_src=twsrc%5Etfw") == (
        "https://twitter.com/a/status/1"
    )
    assert clean_url("https://www.instagram.com/p/x/?igsh=abc") == "https://www.instagram.com/p/x/"
    # Elsewhere `si` and `ref_src` may mean something: they stay.
    for url in (
        "https://physics.example/units?si=metre",
        "https://docs.example/page?ref_src=manual",
        "https://notyoutube.com/watch?si=1",
    ):
        assert clean_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.social/@ada/110",
        "https://example.social/tags/cats?page=2",
        "mailto:ada@example.social?subject=hi&utm_source=x",
        "ftp://files.example/?utm_source=x",
        "not a url ?utm_source=x",
        "https://[::1/?utm_source=x",
        "",
    ],
)
def test_links_without_trackers_or_that_are_not_web_links_are_returned_as_given(url: str) -> None:
    assert clean_url(url) == url


def test_a_parameter_that_only_starts_like_a_tracker_is_kept() -> None:
    url = "https://a.example/?gclid_note=1&fbclids=2&utm=3&my_utm_source=4"
    assert clean_url(url) == url
