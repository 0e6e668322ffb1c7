"""Instance: what a server is, and whether it speaks the Mastodon client API.

https://docs.joinmastodon.org/methods/instance/

Discovery runs before any login, so it uses plain httpx with short timeouts rather than a
Mastodon.py client: it must tell "unreachable", "not a Mastodon-API server" and "which
software" apart, and never follow a redirect to another host. Each response is read up to
`MAX_RESPONSE_BYTES`, so a hostile server cannot make the probe swallow gigabytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from tuiclient import __version__
from tuiclient.api.client import check_url
from tuiclient.api.errors import ApiError

PROBE_TIMEOUT = httpx.Timeout(8.0, connect=5.0)
"""Per request: a server that takes longer to say what it is will not be pleasant to use."""

MAX_RESPONSE_BYTES = 2_000_000
"""Instance documents are a few kilobytes; anything far larger is not one."""

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/"


@dataclass(frozen=True)
class Software:
    """The server software as nodeinfo names it, e.g. ``mastodon`` ``4.6.4``."""

    name: str
    version: str


@dataclass(frozen=True)
class Instance:
    """What the Mastodon instance endpoint said about the server."""

    domain: str
    """The domain the server calls itself (v2 `domain`, v1 `uri`), e.g. ``example.social``."""
    title: str
    version: str
    """The Mastodon API version it claims (other software reports odd strings here)."""
    api: str
    """Which endpoint answered: ``"v2"`` or ``"v1"``."""


@dataclass(frozen=True)
class ServerInfo:
    """The result of probing a server that speaks the Mastodon client API."""

    base_url: str
    instance: Instance
    software: Software | None
    """From nodeinfo, when the server publishes it."""


class NotMastodonApi(ApiError):
    """The server answered, but not with the Mastodon client API."""

    def __init__(self, message: str, software: Software | None) -> None:
        super().__init__(message)
        self.software = software


def parse_instance_v2(data: Any) -> Instance | None:
    """An `Instance` from a `/api/v2/instance` body, or None if it is not one.

    https://docs.joinmastodon.org/methods/instance/#v2
    """
    if not isinstance(data, dict):
        return None
    domain, version = data.get("domain"), data.get("version")
    if not isinstance(domain, str) or not domain or not isinstance(version, str):
        return None
    return Instance(domain=domain, title=_text(data.get("title")), version=version, api="v2")


def parse_instance_v1(data: Any) -> Instance | None:
    """An `Instance` from a `/api/v1/instance` body, or None if it is not one.

    https://docs.joinmastodon.org/methods/instance/#v1
    """
    if not isinstance(data, dict):
        return None
    uri, version = data.get("uri"), data.get("version")
    if not isinstance(uri, str) or not uri or not isinstance(version, str):
        return None
    # Old servers put a URL here instead of a bare domain.
    domain = urlsplit(uri).netloc if "://" in uri else uri
    return Instance(domain=domain, title=_text(data.get("title")), version=version, api="v1")


def nodeinfo_document_url(index: Any, base_url: str) -> str | None:
    """The newest nodeinfo 2.x document linked from `/.well-known/nodeinfo`, on this server.

    A link to another host is ignored: the probe contacts no host but the one the user named.
    https://docs.joinmastodon.org/dev/routes/#nodeinfo and
    https://github.com/jhass/nodeinfo/blob/main/PROTOCOL.md
    """
    if not isinstance(index, dict) or not isinstance(index.get("links"), list):
        return None
    best: tuple[str, str] | None = None
    for link in index["links"]:
        if not isinstance(link, dict):
            continue
        rel, href = link.get("rel"), link.get("href")
        if not isinstance(rel, str) or not isinstance(href, str):
            continue
        if not rel.startswith(NODEINFO_SCHEMA + "2.") or not _same_origin(href, base_url):
            continue
        schema = rel.removeprefix(NODEINFO_SCHEMA)
        if best is None or schema > best[0]:
            best = (schema, href)
    return best[1] if best else None


def parse_nodeinfo(document: Any) -> Software | None:
    """The `software` of a nodeinfo 2.x document, or None if it has none.

    https://github.com/jhass/nodeinfo/blob/main/PROTOCOL.md
    """
    if not isinstance(document, dict):
        return None
    software = document.get("software")
    if not isinstance(software, dict) or not isinstance(software.get("name"), str):
        return None
    name = software["name"].strip()
    if not name:
        return None
    return Software(name=name, version=_text(software.get("version")))


def probe(base_url: str, *, timeout: httpx.Timeout = PROBE_TIMEOUT) -> ServerInfo:
    """Find out whether `base_url` speaks the Mastodon client API, and what it runs.

    Asks `/api/v2/instance`, then `/api/v1/instance`, then nodeinfo. Raises `ApiError` when
    the server cannot be reached, and `NotMastodonApi` (with the software nodeinfo names, if
    any) when it answers without the Mastodon API.
    https://docs.joinmastodon.org/methods/instance/#v2,
    https://docs.joinmastodon.org/methods/instance/#v1,
    https://docs.joinmastodon.org/dev/routes/#nodeinfo
    """
    base_url = check_url(base_url)
    host = urlsplit(base_url).netloc
    headers = {"User-Agent": f"tuiclient/{__version__}", "Accept": "application/json"}
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        instance = parse_instance_v2(_get_json(client, f"{base_url}/api/v2/instance", host))
        if instance is None:
            instance = parse_instance_v1(_get_json(client, f"{base_url}/api/v1/instance", host))
        software = _nodeinfo(client, base_url, host)
    if instance is None:
        if software is not None:
            what = f"{host} runs {_software_text(software)}"
        else:
            what = f"{host} answers, but is not a fediverse server this client knows"
        raise NotMastodonApi(f"{what}; it does not speak the Mastodon client API", software)
    return ServerInfo(base_url=base_url, instance=instance, software=software)


def _nodeinfo(client: httpx.Client, base_url: str, host: str) -> Software | None:
    index = _get_json(client, f"{base_url}/.well-known/nodeinfo", host)
    url = nodeinfo_document_url(index, base_url)
    return parse_nodeinfo(_get_json(client, url, host)) if url else None


def _get_json(client: httpx.Client, url: str, host: str) -> Any:
    """The JSON body of a 200 answer, or None for any other answer.

    Raises `ApiError` only when the server cannot be reached at all.
    """
    with failures_explained(host), client.stream("GET", url) as response:
        if response.status_code != 200:
            return None
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > MAX_RESPONSE_BYTES:
                return None
    try:
        return json.loads(bytes(body))
    except ValueError:
        return None


@contextmanager
def failures_explained(host: str) -> Iterator[None]:
    """Turn httpx failures of requests to `host` into `ApiError`s that say what happened.

    The messages name the host only: a URL could carry a code or token.
    """
    try:
        yield
    except httpx.TimeoutException:
        raise ApiError(f"Cannot reach {host}: it did not answer in time") from None
    except httpx.TransportError as error:
        raise ApiError(f"Cannot reach {host}: {network_reason(error)}") from None
    except httpx.HTTPError as error:  # a broken answer (bad encoding, too many redirects)
        raise ApiError(
            f"{host} sent an answer that could not be read ({type(error).__name__})"
        ) from None


def network_reason(error: httpx.TransportError) -> str:
    """Why a request did not reach the server, in words (no URL, so no token or code)."""
    text = str(error)
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return "its TLS certificate could not be verified (or it does not speak https)"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "no such host name"
    if "getaddrinfo" in lowered or "name resolution" in lowered:
        return "the host name could not be looked up"
    if "refused" in lowered:
        return "the connection was refused (is the server running, is the port right?)"
    if "unreachable" in lowered:
        return "the network is unreachable"
    return f"network error ({type(error).__name__})"


def _same_origin(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def _software_text(software: Software) -> str:
    return f"{software.name} {software.version}".strip()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
