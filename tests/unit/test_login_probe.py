"""Telling what a server is, from the answers a real Mastodon 4.6.4 gave (recorded).

The parsing tests read the recorded bodies directly. The probe tests serve them from a small
local HTTP server, so the whole probe runs over real sockets, including the failures.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.recorded import body
from tuiclient.api import instance
from tuiclient.api.errors import ApiError
from tuiclient.login import LoginError, describe, parse_server, probe

RECORDED_BASE = "http://localhost:3000"
"""Where the recordings were made; the nodeinfo index links documents there."""


def test_instance_v2_of_a_real_mastodon() -> None:
    parsed = instance.parse_instance_v2(body("instance", "GET", "/api/v2/instance"))
    assert parsed == instance.Instance(
        domain="localhost:3000", title="Mastodon", version="4.6.4", api="v2"
    )


def test_instance_v1_shape_with_uri_instead_of_domain() -> None:
    v1 = {"uri": "example.social", "title": "Example", "version": "3.5.3"}
    assert instance.parse_instance_v1(v1) == instance.Instance(
        domain="example.social", title="Example", version="3.5.3", api="v1"
    )
    # Old servers put a URL in `uri`.
    assert instance.parse_instance_v1({**v1, "uri": "https://old.example"}) is not None
    assert instance.parse_instance_v1({**v1, "uri": "https://old.example"}).domain == "old.example"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "data", [None, [], "Mastodon", {"title": "x"}, {"domain": "", "version": "4"}, {"domain": 3}]
)
def test_answers_without_an_instance_are_not_instances(data: Any) -> None:
    assert instance.parse_instance_v2(data) is None
    assert instance.parse_instance_v1(data) is None


def test_nodeinfo_of_a_real_mastodon_names_the_software() -> None:
    index = body("nodeinfo", "GET", "/.well-known/nodeinfo")
    url = instance.nodeinfo_document_url(index, RECORDED_BASE)
    assert url == "http://localhost:3000/nodeinfo/2.0"
    document = body("nodeinfo", "GET", "/nodeinfo/2.0")
    assert instance.parse_nodeinfo(document) == instance.Software("mastodon", "4.6.4")


def test_a_nodeinfo_link_to_another_host_is_not_followed() -> None:
    index = body("nodeinfo", "GET", "/.well-known/nodeinfo")
    assert instance.nodeinfo_document_url(index, "https://example.social") is None


def test_the_newest_nodeinfo_schema_is_preferred() -> None:
    schema = instance.NODEINFO_SCHEMA
    index = {
        "links": [
            {"rel": schema + "2.0", "href": "https://a.example/nodeinfo/2.0"},
            {"rel": schema + "2.1", "href": "https://a.example/nodeinfo/2.1"},
            {"rel": schema + "1.0", "href": "https://a.example/nodeinfo/1.0"},
            {"rel": "something else", "href": "https://a.example/x"},
            "junk",
        ]
    }
    assert instance.nodeinfo_document_url(index, "https://a.example") == (
        "https://a.example/nodeinfo/2.1"
    )


@pytest.mark.parametrize(
    "document", [None, {}, {"software": "mastodon"}, {"software": {"name": ""}}, {"software": {}}]
)
def test_nodeinfo_without_software_names_nothing(document: Any) -> None:
    assert instance.parse_nodeinfo(document) is None


# --------------------------------------------------------------------------- over HTTP


class RecordedServer:
    """Answers GET requests from a table of path -> (status, JSON or text body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, Any]] = {}
        self.requests: list[str] = []
        routes, requests = self.routes, self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                status, payload = routes.get(self.path, (404, {"error": "Not found"}))
                data = payload if isinstance(payload, str) else json.dumps(payload)
                encoded = data.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(encoded)))
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def serve_recorded_mastodon(self) -> None:
        """The recorded Mastodon 4.6.4 answers, its nodeinfo link pointed at this server."""
        index = json.loads(
            json.dumps(body("nodeinfo", "GET", "/.well-known/nodeinfo")).replace(
                RECORDED_BASE, self.base_url
            )
        )
        self.routes.update(
            {
                "/api/v2/instance": (200, body("instance", "GET", "/api/v2/instance")),
                "/.well-known/nodeinfo": (200, index),
                "/nodeinfo/2.0": (200, body("nodeinfo", "GET", "/nodeinfo/2.0")),
            }
        )


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    recorded = RecordedServer()
    recorded.thread.start()
    try:
        yield recorded
    finally:
        recorded.server.shutdown()
        recorded.server.server_close()


def test_a_mastodon_server_is_described_with_its_software_and_version(
    server: RecordedServer,
) -> None:
    server.serve_recorded_mastodon()
    address = parse_server(server.base_url)

    info = probe(address)

    assert info.instance.api == "v2"
    assert info.software == instance.Software("mastodon", "4.6.4")
    sentence = describe(info, address)
    assert sentence.startswith(f"{address.host} runs mastodon 4.6.4; it speaks the Mastodon API.")
    # The recording calls itself localhost:3000; the user should see that it differs.
    assert "It calls itself localhost:3000" in sentence


def test_an_old_server_answers_on_instance_v1(server: RecordedServer) -> None:
    server.routes["/api/v1/instance"] = (200, {"uri": "old.example", "version": "3.4.1"})

    info = probe(parse_server(server.base_url))

    assert info.instance.api == "v1"
    assert info.software is None
    assert server.requests[:2] == ["/api/v2/instance", "/api/v1/instance"]
    assert "reports Mastodon API version 3.4.1" in describe(info, parse_server(server.base_url))


def test_a_server_without_the_mastodon_api_is_named_by_its_nodeinfo(
    server: RecordedServer,
) -> None:
    server.routes["/.well-known/nodeinfo"] = (
        200,
        {"links": [{"rel": instance.NODEINFO_SCHEMA + "2.0", "href": f"{server.base_url}/ni"}]},
    )
    server.routes["/ni"] = (200, {"software": {"name": "peertube", "version": "6.0.2"}})
    address = parse_server(server.base_url)

    with pytest.raises(LoginError) as info:
        probe(address)

    assert info.value.message == (
        f"{address.host} runs peertube 6.0.2; it does not speak the Mastodon client API"
    )


def test_a_web_page_is_not_a_mastodon_server(server: RecordedServer) -> None:
    for path in ("/api/v2/instance", "/api/v1/instance", "/.well-known/nodeinfo"):
        server.routes[path] = (200, "<html>a blog</html>")
    with pytest.raises(LoginError, match="does not speak the Mastodon client API"):
        probe(parse_server(server.base_url))


def test_an_unreachable_server_gets_a_message() -> None:
    # A port nobody listens on: bind one, then close it.
    recorded = RecordedServer()
    base_url = recorded.base_url
    recorded.server.server_close()
    with pytest.raises(
        LoginError, match="Cannot reach 127.0.0.1:[0-9]+: the connection was refused"
    ):
        probe(parse_server(base_url))


def test_hostile_server_text_is_made_safe_for_the_terminal(server: RecordedServer) -> None:
    server.routes["/api/v2/instance"] = (
        200,
        {"domain": "\x1b]52;c;evil\x07x.example", "version": "4"},
    )
    server.routes["/.well-known/nodeinfo"] = (
        200,
        {"links": [{"rel": instance.NODEINFO_SCHEMA + "2.0", "href": f"{server.base_url}/ni"}]},
    )
    server.routes["/ni"] = (200, {"software": {"name": "mast\x1b[2Jodon", "version": "1\n2"}})
    address = parse_server(server.base_url)

    sentence = describe(probe(address), address)

    assert "\x1b" not in sentence and "\n" not in sentence and "\x07" not in sentence
    assert "runs mastodon 1 2;" in sentence


def test_plain_http_to_another_host_is_refused_before_any_request() -> None:
    with pytest.raises(ApiError, match="Refusing plain http"):
        instance.probe("http://example.social")
