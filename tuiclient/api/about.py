"""What a server says about itself: https://docs.joinmastodon.org/methods/instance/

Only public documents, fetched without the token: the instance, its rules, its
privacy policy, its terms of service and extended description. A server that
lacks one (404) simply has none to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tuiclient.api.client import check_url
from tuiclient.api.errors import ApiError
from tuiclient.render import plain_text, sanitize

TIMEOUT = httpx.Timeout(10.0)


@dataclass
class ServerAbout:
    """The server's self-description, as plain text made safe to show."""

    title: str = ""
    domain: str = ""
    version: str = ""
    description: str = ""
    contact: str = ""
    rules: list[str] = field(default_factory=list)
    privacy_policy: str = ""
    terms: str = ""


def _json(client: httpx.Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()


def _text(value: Any, limit: int = 200) -> str:
    return sanitize(str(value))[:limit] if isinstance(value, (str, int, float)) else ""


def parse(instance: Any, rules: Any, privacy: Any, terms: Any, extended: Any) -> ServerAbout:
    """Build a `ServerAbout` from the raw JSON documents (any may be None or odd)."""
    about = ServerAbout()
    if isinstance(instance, dict):
        about.title = _text(instance.get("title"))
        about.domain = _text(instance.get("domain") or instance.get("uri"))
        about.version = _text(instance.get("version"), 80)
        about.description = plain_text(_text(instance.get("description"), 5000))
        contact = instance.get("contact")
        if isinstance(contact, dict):
            about.contact = _text(contact.get("email"))
        elif instance.get("email"):
            about.contact = _text(instance.get("email"))
    if isinstance(rules, list):
        about.rules = [plain_text(_text(r.get("text"), 2000)) for r in rules if isinstance(r, dict)]
    if isinstance(extended, dict) and extended.get("content"):
        about.description = plain_text(_text(extended.get("content"), 20000)) or about.description
    if isinstance(privacy, dict):
        about.privacy_policy = plain_text(_text(privacy.get("content"), 50000))
    if isinstance(terms, dict):
        about.terms = plain_text(_text(terms.get("content"), 50000))
    return about


def fetch(base_url: str) -> ServerAbout:
    """Everything the server publishes about itself. Blocks: call it from a worker.

    https://docs.joinmastodon.org/methods/instance/#v2 , #rules , #privacy_policy ,
    #terms_of_service , #extended_description
    """
    base = check_url(base_url)
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
            instance = _json(client, f"{base}/api/v2/instance") or _json(
                client, f"{base}/api/v1/instance"
            )
            documents = [
                _json(client, f"{base}/api/v1/instance/{name}")
                for name in ("rules", "privacy_policy", "terms_of_service", "extended_description")
            ]
    except (httpx.HTTPError, ValueError) as error:
        raise ApiError(
            f"Could not read what the server says about itself ({type(error).__name__})"
        ) from None
    return parse(instance, *documents)
