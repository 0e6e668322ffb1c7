"""What a server lets an account post, and the account's posting defaults.

Read from the instance document (https://docs.joinmastodon.org/methods/instance/#v2,
v1 for older servers) and the account's preferences
(https://docs.joinmastodon.org/methods/preferences/). Anything a server leaves out
gets Mastodon's default, so the composer always has a limit to count against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tuiclient.api import features
from tuiclient.api.accounts import verify_credentials
from tuiclient.api.errors import ApiError, translated

if TYPE_CHECKING:
    from mastodon import Mastodon

DEFAULT_MAX_CHARACTERS = 500
QUOTES_SINCE = (4, 5)
"""Mastodon version that added quote posts to the client API."""


@dataclass(frozen=True)
class ServerLimits:
    """The posting limits of one server."""

    max_characters: int = DEFAULT_MAX_CHARACTERS
    characters_reserved_per_url: int = 23
    max_media_attachments: int = 4
    supported_mime_types: tuple[str, ...] = ()
    """Empty when the server does not say (then any file is tried)."""
    image_size_limit: int = 0
    """Bytes; 0 when unknown."""
    video_size_limit: int = 0
    poll_max_options: int = 4
    poll_max_characters_per_option: int = 50
    poll_min_expiration: int = 300
    poll_max_expiration: int = 2629746
    version: str = ""
    known: bool = False
    """False for the defaults used before (or instead of) asking the server."""

    @property
    def supports_quotes(self) -> bool:
        """Whether the server takes quote posts (Mastodon 4.5 and later)."""
        if "compatible" in self.version.lower():
            return False  # Pleroma & co: "2.7.2 (compatible; Pleroma 2.6)"
        match = re.match(r"(\d+)\.(\d+)", self.version)
        return match is not None and (int(match[1]), int(match[2])) >= QUOTES_SINCE

    def size_limit(self, mime: str) -> int:
        """The largest file of type `mime` the server takes (0: unknown)."""
        if mime.startswith("image/"):
            return self.image_size_limit
        if mime.startswith(("video/", "audio/")):
            return self.video_size_limit
        return 0


@dataclass(frozen=True)
class PostingDefaults:
    """The account's defaults for new posts, from its preferences on the server."""

    visibility: str = ""
    """Empty when unknown."""
    language: str = ""
    sensitive: bool = False


@dataclass(frozen=True)
class PostingInfo:
    """Everything the composer asks the server once per account."""

    limits: ServerLimits = field(default_factory=ServerLimits)
    defaults: PostingDefaults = field(default_factory=PostingDefaults)
    account_id: str = ""
    """The logged-in account's id (to tell one's own posts and mentions)."""
    problems: tuple[str, ...] = ()
    """What could not be read (the defaults were used instead)."""


def _positive(value: Any, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return default


def _section(data: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def parse_limits(instance: Any) -> ServerLimits:
    """Limits from a v2 or v1 instance document (Mastodon, or Pleroma's own keys)."""
    if not isinstance(instance, dict):
        return ServerLimits()
    statuses = _section(instance, "configuration", "statuses")
    media = _section(instance, "configuration", "media_attachments")
    polls = _section(instance, "configuration", "polls") or _section(instance, "poll_limits")
    defaults = ServerLimits()
    mime_types = media.get("supported_mime_types")
    version = instance.get("version")
    return ServerLimits(
        max_characters=_positive(
            statuses.get("max_characters", instance.get("max_toot_chars")),
            defaults.max_characters,
        ),
        characters_reserved_per_url=_positive(
            statuses.get("characters_reserved_per_url"), defaults.characters_reserved_per_url
        ),
        max_media_attachments=_positive(
            statuses.get("max_media_attachments", media.get("max_media_attachments")),
            defaults.max_media_attachments,
        ),
        supported_mime_types=tuple(m for m in mime_types if isinstance(m, str))
        if isinstance(mime_types, list)
        else (),
        image_size_limit=_positive(media.get("image_size_limit"), 0),
        video_size_limit=_positive(media.get("video_size_limit"), 0),
        poll_max_options=_positive(polls.get("max_options"), defaults.poll_max_options),
        poll_max_characters_per_option=_positive(
            polls.get("max_characters_per_option", polls.get("max_option_chars")),
            defaults.poll_max_characters_per_option,
        ),
        poll_min_expiration=_positive(polls.get("min_expiration"), defaults.poll_min_expiration),
        poll_max_expiration=_positive(polls.get("max_expiration"), defaults.poll_max_expiration),
        version=version if isinstance(version, str) else "",
        known=True,
    )


def parse_preferences(preferences: Any) -> PostingDefaults:
    """Posting defaults from a preferences document.

    https://docs.joinmastodon.org/methods/preferences/#get
    """
    if not isinstance(preferences, dict):
        return PostingDefaults()
    visibility = preferences.get("posting:default:visibility")
    language = preferences.get("posting:default:language")
    return PostingDefaults(
        visibility=visibility if isinstance(visibility, str) else "",
        language=language if isinstance(language, str) else "",
        sensitive=preferences.get("posting:default:sensitive") is True,
    )


@translated
def limits(api: Mastodon) -> ServerLimits:
    """The server's posting limits: `/api/v2/instance`, else `/api/v1/instance`.

    https://docs.joinmastodon.org/methods/instance/#v2
    """
    if "instance_v2" not in features.missing(api):
        try:
            return parse_limits(api.instance_v2())
        except Exception as error:  # noqa: BLE001 - older servers have only v1
            if features.status_of(error) in features.NOT_THERE:
                features.missing(api).add("instance_v2")  # ask v1 straight away from now on
    return parse_limits(api.instance_v1())


@translated
def posting_defaults(api: Mastodon) -> PostingDefaults:
    """The account's default visibility, language and sensitivity.

    https://docs.joinmastodon.org/methods/preferences/#get
    """
    return parse_preferences(api.preferences())


def posting_info(api: Mastodon) -> PostingInfo:
    """Limits, defaults and the account's id; what cannot be read is a problem, not an error.

    Blocks: call it from a worker.
    """
    problems: list[str] = []
    server_limits = ServerLimits()
    defaults = PostingDefaults()
    account_id = ""
    try:
        server_limits = limits(api)
    except ApiError as error:
        problems.append(f"the server's limits ({error.message})")
    try:
        defaults = posting_defaults(api)
    except ApiError as error:
        problems.append(f"your posting defaults ({error.message})")
    try:
        account = verify_credentials(api)
        account_id = str(account.get("id") or "") if isinstance(account, dict) else ""
    except ApiError as error:
        problems.append(f"your account ({error.message})")
    return PostingInfo(server_limits, defaults, account_id, tuple(problems))
