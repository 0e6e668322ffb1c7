"""What a server lets us post, read from real and odd instance documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tuiclient.api import media as media_api
from tuiclient.api.errors import ApiError
from tuiclient.api.server_limits import (
    DEFAULT_MAX_CHARACTERS,
    ServerLimits,
    parse_limits,
    parse_preferences,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon-real"


def _recorded_instance() -> Any:
    for exchange in json.loads((FIXTURES / "instance.json").read_text(encoding="utf-8")):
        if exchange["path"].startswith("/api/v2/instance") and exchange["status"] == 200:
            return exchange["body"]
    pytest.skip("no recorded /api/v2/instance")


def test_a_real_mastodon_instance_gives_its_limits() -> None:
    limits = parse_limits(_recorded_instance())
    assert limits.known
    assert limits.max_characters == 500
    assert limits.characters_reserved_per_url == 23
    assert limits.max_media_attachments >= 4
    assert "image/png" in limits.supported_mime_types
    assert limits.poll_max_options >= 4


def test_a_server_that_says_nothing_gets_500_characters() -> None:
    assert parse_limits({}).max_characters == DEFAULT_MAX_CHARACTERS
    assert parse_limits(None) == ServerLimits()
    assert (
        parse_limits({"configuration": {"statuses": {"max_characters": "lots"}}}).max_characters
        == 500
    )


def test_pleroma_style_limits_are_understood() -> None:
    limits = parse_limits(
        {
            "version": "2.7.2 (compatible; Pleroma 2.6.1)",
            "max_toot_chars": 5000,
            "poll_limits": {"max_options": 20, "max_option_chars": 200},
        }
    )
    assert (limits.max_characters, limits.poll_max_options) == (5000, 20)
    assert limits.poll_max_characters_per_option == 200
    assert not limits.supports_quotes


@pytest.mark.parametrize(
    ("version", "quotes"),
    [
        ("4.5.0", True),
        ("4.6.0-alpha.2+glitch", True),
        ("4.4.3", False),
        ("3.5.19", False),
        ("", False),
    ],
)
def test_quote_posts_are_offered_from_mastodon_4_5(version: str, quotes: bool) -> None:
    assert ServerLimits(version=version).supports_quotes is quotes


def test_preferences_give_the_default_visibility_and_language() -> None:
    defaults = parse_preferences(
        {
            "posting:default:visibility": "private",
            "posting:default:language": "de",
            "posting:default:sensitive": True,
        }
    )
    assert (defaults.visibility, defaults.language, defaults.sensitive) == ("private", "de", True)
    assert parse_preferences({"posting:default:language": None}).language == ""


class SlowProcessingApi:
    """Answers an upload with `url: null` until the server has processed it."""

    def __init__(self, ready_after: int) -> None:
        self.ready_after = ready_after
        self.polls = 0
        self.uploaded: dict[str, Any] = {}

    def media_post(self, data: bytes, **kwargs: Any) -> dict[str, Any]:
        self.uploaded = {"data": data, **kwargs}
        return {"id": "7", "url": None}

    def media(self, media_id: str) -> dict[str, Any]:
        self.polls += 1
        return {
            "id": media_id,
            "url": "https://x/7.png" if self.polls >= self.ready_after else None,
        }


def test_an_upload_waits_until_the_server_has_processed_it(tmp_path: Path) -> None:
    image = tmp_path / "Passport Scan.PNG"
    image.write_bytes(b"png")
    api = SlowProcessingApi(ready_after=3)

    media = media_api.upload(api, image, "alt", sleep=lambda _: None)  # type: ignore[arg-type]

    assert media["url"] == "https://x/7.png" and api.polls == 3
    assert api.uploaded["mime_type"] == "image/png"
    assert api.uploaded["file_name"] == "media.png", "the file's own name stays private"
    assert api.uploaded["description"] == "alt"


def test_an_upload_that_never_finishes_processing_gives_up_with_a_reason(tmp_path: Path) -> None:
    image = tmp_path / "clip.mp4"
    image.write_bytes(b"mp4")
    api = SlowProcessingApi(ready_after=10**9)

    with pytest.raises(ApiError, match="still processing clip.mp4"):
        media_api.upload(api, image, "", timeout=0.0, sleep=lambda _: None)  # type: ignore[arg-type]
