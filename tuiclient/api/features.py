"""Parts of the Mastodon API a server does not have, found out once per client.

Servers that are not Mastodon (GoToSocial, Akkoma, snac, …) answer 404 (or 410, 501)
for endpoints they lack: `/api/v2/instance`, markers, edit history, polls, … The first
such answer marks the feature as missing for that client (one client per logged-in
account), and later calls fail at once without asking the server again: a missing
endpoint is never retried in a loop.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from tuiclient.api.errors import ApiError, to_api_error

P = ParamSpec("P")
R = TypeVar("R")

_MISSING: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
NOT_THERE = (404, 410, 501)
"""Answers that mean "this server has no such endpoint"."""


class Unsupported(ApiError):
    """The server lacks this part of the API; the feature is hidden or done another way."""

    def __init__(self, message: str, feature: str) -> None:
        super().__init__(message, status=404, kind="missing")
        self.feature = feature


def missing(api: Any) -> set[str]:
    """The features found missing on `api`'s server so far (a live set: callers may add)."""
    try:
        return _MISSING.setdefault(api, set())
    except TypeError:  # an object that cannot be weakly referenced: nothing is remembered
        return set()


def status_of(error: BaseException) -> int | None:
    """The HTTP status of a Mastodon.py or `ApiError` failure, if it has one."""
    if isinstance(error, ApiError):
        return error.status
    args: tuple[Any, ...] = getattr(error, "args", ())
    return args[1] if len(args) > 1 and isinstance(args[1], int) else None


def feature(
    name: str, what: str, *, record: Callable[..., object] | None = None
) -> Callable[[Callable[Concatenate[Any, P], R]], Callable[Concatenate[Any, P], R]]:
    """Mark an api function (first argument: the client) as using the feature `name`.

    `what` names it for people ("edit history"). Once the server has answered 404, 410
    or 501, the function raises `Unsupported` without a request.

    For an endpoint about one record (a post's history, a poll), a 404 may only mean the
    record is gone: `record`, called with the same arguments, fetches the record itself;
    only when that works is the feature taken to be missing.
    """

    def decorate(function: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
        @wraps(function)
        def wrapper(api: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
            known = missing(api)
            if name in known:
                raise Unsupported(f"This server does not offer {what}", name)
            try:
                return function(api, *args, **kwargs)
            except Exception as error:
                if isinstance(error, Unsupported):
                    raise
                if status_of(error) in NOT_THERE and _still_there(record, api, args, kwargs):
                    known.add(name)
                    raise Unsupported(f"This server does not offer {what}", name) from error
                raise to_api_error(error) from error

        return wrapper

    return decorate


def _still_there(record: Callable[..., object] | None, api: Any, args: Any, kwargs: Any) -> bool:
    if record is None:
        return True
    try:
        record(api, *args, **kwargs)
    except Exception:  # noqa: BLE001 - the record is gone (or unreachable): not the feature
        return False
    return True
