"""What the user types as a server becomes one base URL; plain http only on this machine."""

from __future__ import annotations

import pytest

from tuiclient.login import LoginError, ServerAddress, parse_server


@pytest.mark.parametrize(
    "typed",
    [
        "example.social",
        "Example.Social",
        " example.social ",
        "https://example.social",
        "https://example.social/",
        "https://EXAMPLE.social:443/",
        "example.social/explore",
    ],
)
def test_the_ways_people_write_a_server_all_mean_the_same_server(typed: str) -> None:
    assert parse_server(typed) == ServerAddress("https://example.social")


@pytest.mark.parametrize(
    ("typed", "user"),
    [
        ("@ada@example.social", "ada"),
        ("ada@example.social", "ada"),
        ("@Ada_L@Example.social", "Ada_L"),
        ("https://example.social/@ada", "ada"),
    ],
)
def test_an_account_address_names_the_server_and_the_user(typed: str, user: str) -> None:
    address = parse_server(typed)
    assert address.base_url == "https://example.social"
    assert address.username == user
    assert address.host == "example.social"


def test_a_port_is_kept_and_is_part_of_the_host() -> None:
    address = parse_server("https://example.social:8443")
    assert address.base_url == "https://example.social:8443"
    assert address.host == "example.social:8443"


@pytest.mark.parametrize(
    ("typed", "base_url"),
    [
        ("http://127.0.0.1:4567", "http://127.0.0.1:4567"),
        ("127.0.0.1:4567", "http://127.0.0.1:4567"),
        ("localhost:3000", "http://localhost:3000"),
        ("@ada@127.0.0.1:4567", "http://127.0.0.1:4567"),
        ("http://[::1]:4567/", "http://[::1]:4567"),
        ("https://127.0.0.1:4567", "https://127.0.0.1:4567"),
    ],
)
def test_loopback_servers_may_use_plain_http(typed: str, base_url: str) -> None:
    assert parse_server(typed).base_url == base_url


@pytest.mark.parametrize(
    "typed", ["http://example.social", "http://10.0.0.5:3000", "http://192.168.1.2"]
)
def test_plain_http_is_refused_off_this_machine(typed: str) -> None:
    with pytest.raises(LoginError, match="Refusing plain http .*use https"):
        parse_server(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ftp://example.social",
        "https://",
        "https://user:pw@example.social",
        "@bad name@example.social",
        "example..social",
        "exa mple.social",
        "example.social:notaport",
    ],
)
def test_things_that_are_not_servers_get_a_message_not_a_traceback(typed: str) -> None:
    with pytest.raises(LoginError) as info:
        parse_server(typed)
    assert info.value.message


def test_an_internationalised_name_becomes_its_ascii_form() -> None:
    assert parse_server("bücher.example").base_url == "https://xn--bcher-kva.example"
