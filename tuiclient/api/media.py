"""Media: https://docs.joinmastodon.org/methods/media/"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable
from pathlib import Path

from mastodon import Mastodon
from mastodon.return_types import MediaAttachment

from tuiclient.api.errors import ApiError, translated

PROCESSING_TIMEOUT_SECONDS = 180.0
"""How long to wait for the server to process an upload (videos take a while)."""


def mime_type(path: Path) -> str:
    """The MIME type of a file, from its name (`application/octet-stream` if unknown)."""
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


@translated
def upload(
    api: Mastodon,
    path: Path,
    description: str,
    *,
    timeout: float = PROCESSING_TIMEOUT_SECONDS,
    poll_seconds: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> MediaAttachment:
    """Upload a file with its alt text and wait until the server has processed it.

    The file's own name never leaves the machine (it can say more than the user meant):
    the server gets `media` plus the extension.
    https://docs.joinmastodon.org/methods/media/#v2 and
    https://docs.joinmastodon.org/methods/media/#get
    """
    data = path.read_bytes()
    media: MediaAttachment = api.media_post(
        data,
        mime_type=mime_type(path),
        description=description or None,
        file_name="media" + path.suffix.lower(),
    )
    deadline = time.monotonic() + timeout
    # v2 answers 202 with `url: null` while the server is still processing.
    while media.get("url") is None:
        if time.monotonic() > deadline:
            raise ApiError(f"The server was still processing {path.name} after {timeout:g} s")
        sleep(poll_seconds)
        media = api.media(media["id"])
    return media


@translated
def update_description(api: Mastodon, media_id: str, description: str) -> MediaAttachment:
    """Change the alt text of an uploaded attachment that is not yet in a post.

    https://docs.joinmastodon.org/methods/media/#update
    """
    media: MediaAttachment = api.media_update(media_id, description=description)
    return media
