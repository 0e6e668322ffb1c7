"""Statuses: https://docs.joinmastodon.org/methods/statuses/"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from tuiclient.api.errors import ApiError, translated
from tuiclient.api.features import feature

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Context, Status, StatusEdit, StatusSource


@translated
def post(
    api: Mastodon,
    text: str,
    *,
    idempotency_key: str,
    in_reply_to_id: str | None = None,
    media_ids: Sequence[str] = (),
    sensitive: bool = False,
    visibility: str | None = None,
    spoiler_text: str | None = None,
    language: str | None = None,
    poll_options: Sequence[str] = (),
    poll_expires_in: int = 86400,
    poll_multiple: bool = False,
    quoted_status_id: str | None = None,
) -> Status:
    """Publish a status; the same `idempotency_key` never makes a second one.

    Visibility and language left out take the account's defaults on the server.
    https://docs.joinmastodon.org/methods/statuses/#create
    """
    poll = (
        api.make_poll(list(poll_options), expires_in=poll_expires_in, multiple=poll_multiple)
        if poll_options
        else None
    )
    answer = api.status_post(
        text,
        in_reply_to_id=in_reply_to_id or None,
        media_ids=list(media_ids) or None,
        sensitive=sensitive,
        visibility=visibility or None,
        spoiler_text=spoiler_text or None,
        language=language or None,
        idempotency_key=idempotency_key,
        poll=poll,
        quoted_status_id=quoted_status_id or None,
    )
    if not isinstance(answer, dict) or "id" not in answer or "scheduled_at" in answer:
        raise ApiError("The server answered the post with something that is not a post")
    return cast("Status", answer)


@translated
def edit(
    api: Mastodon,
    status_id: str,
    text: str,
    *,
    spoiler_text: str = "",
    sensitive: bool = False,
    media: Sequence[tuple[str, str]] = (),
    poll_options: Sequence[str] = (),
    poll_expires_in: int = 86400,
    poll_multiple: bool = False,
) -> Status:
    """Change a posted status; `media` is every attachment to keep, as `(id, alt text)`.

    Alt text of attached media is changed through `media_attributes` (Mastodon 4.1+).
    A poll is sent only when `poll_options` are given (the server then resets its votes).
    https://docs.joinmastodon.org/methods/statuses/#edit
    """
    attributes = [{"id": media_id, "description": description} for media_id, description in media]
    poll = (
        api.make_poll(list(poll_options), expires_in=poll_expires_in, multiple=poll_multiple)
        if poll_options
        else None
    )
    status: Status = api.status_update(
        status_id,
        text,
        spoiler_text=spoiler_text,
        sensitive=sensitive,
        media_attributes=attributes or None,
        poll=poll,
    )
    return status


@translated
def get(api: Mastodon, status_id: str) -> Status:
    """One status.

    https://docs.joinmastodon.org/methods/statuses/#get
    """
    status: Status = api.status(status_id)
    return status


@translated
def delete(api: Mastodon, status_id: str) -> Status:
    """Delete a status; the answer holds its source `text` (for "delete and redraft").

    https://docs.joinmastodon.org/methods/statuses/#delete
    """
    status: Status = api.status_delete(status_id)
    return status


@translated
def source(api: Mastodon, status_id: str) -> StatusSource:
    """The plain text and content warning of one's own status, for editing.

    https://docs.joinmastodon.org/methods/statuses/#source
    """
    result: StatusSource = api.status_source(status_id)
    return result


@feature("history", "edit history", record=lambda api, status_id: api.status(status_id))
def history(api: Mastodon, status_id: str) -> list[StatusEdit]:
    """Every version of a status, oldest first (the current one last).

    https://docs.joinmastodon.org/methods/statuses/#history
    """
    return list(api.status_history(status_id))


@translated
def context(api: Mastodon, status_id: str) -> Context:
    """The posts above (ancestors) and below (descendants) a status in its thread.

    https://docs.joinmastodon.org/methods/statuses/#context
    """
    result: Context = api.status_context(status_id)
    return result


def _original(status: Any) -> Status:
    """The boosted post inside a boost the server answered with, else the status itself."""
    reblog = status.get("reblog") if isinstance(status, dict) else None
    return cast("Status", reblog if isinstance(reblog, dict) else status)


@translated
def reblog(api: Mastodon, status_id: str) -> Status:
    """Boost a status; returns the boosted status (not the boost wrapping it).

    https://docs.joinmastodon.org/methods/statuses/#boost
    """
    return _original(api.status_reblog(status_id))


@translated
def unreblog(api: Mastodon, status_id: str) -> Status:
    """Undo a boost; returns the status.

    https://docs.joinmastodon.org/methods/statuses/#unreblog
    """
    return _original(api.status_unreblog(status_id))


@translated
def favourite(api: Mastodon, status_id: str) -> Status:
    """Favourite a status.

    https://docs.joinmastodon.org/methods/statuses/#favourite
    """
    status: Status = api.status_favourite(status_id)
    return status


@translated
def unfavourite(api: Mastodon, status_id: str) -> Status:
    """Undo a favourite.

    https://docs.joinmastodon.org/methods/statuses/#unfavourite
    """
    status: Status = api.status_unfavourite(status_id)
    return status


@translated
def bookmark(api: Mastodon, status_id: str) -> Status:
    """Bookmark a status.

    https://docs.joinmastodon.org/methods/statuses/#bookmark
    """
    status: Status = api.status_bookmark(status_id)
    return status


@translated
def unbookmark(api: Mastodon, status_id: str) -> Status:
    """Remove a bookmark.

    https://docs.joinmastodon.org/methods/statuses/#unbookmark
    """
    status: Status = api.status_unbookmark(status_id)
    return status
