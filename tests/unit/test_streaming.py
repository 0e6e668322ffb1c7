"""Reading a real server-sent-events stream recorded from Mastodon 4.6.4."""

from __future__ import annotations

from tests.recorded import body
from tuiclient.api.streaming import decode, parse_events, streaming_base


def test_the_recorded_user_stream_gives_a_status_update() -> None:
    raw = body("stream_user_local", "GET", "/api/v1/streaming/user")
    events = list(parse_events(iter(raw.split("\n"))))
    assert [event for event, _ in events] == ["update"]
    status = decode(*events[0])
    assert status["id"] == "117024248092393661"
    assert status["created_at"].year == 2026


def test_heartbeats_and_multiline_data_are_handled() -> None:
    lines = [
        ":thump",
        "event: delete",
        "data: 123",
        "",
        "event: update",
        "data: {",
        'data: "id": "9"}',
        "",
    ]
    events = list(parse_events(iter(lines)))
    assert events == [("delete", "123"), ("update", '{\n"id": "9"}')]
    assert decode("delete", "123") == "123"
    assert decode("update", "not json") is None
    assert decode("update", "[1]") is None


def test_only_the_servers_own_or_https_streaming_addresses_are_used() -> None:
    base = "https://example.social"
    assert (
        streaming_base(base, "wss://streaming.example.social") == "https://streaming.example.social"
    )
    assert streaming_base(base, "ws://evil.example") == base
    assert streaming_base(base, "wss://tracker.example") == base
    assert streaming_base(base, "wss://example.social.evil.example") == base
    assert streaming_base(base, None) == base
    assert streaming_base("http://127.0.0.1:4000", "ws://127.0.0.1:4000") == "http://127.0.0.1:4000"
