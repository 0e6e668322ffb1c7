"""Server and network failures as one exception type with a message for people."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from mastodon import errors as mastodon_errors

P = ParamSpec("P")
R = TypeVar("R")


class ApiError(Exception):
    """A request that failed, with a short message fit for the status line.

    The message never holds a token: Mastodon.py's own exception texts can echo
    request details, so only the status code and the server's `error` field are kept.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _server_reason(error: mastodon_errors.MastodonAPIError) -> str:
    # Mastodon.py puts (status, reason, server error text, ...) in args.
    args = error.args
    if len(args) >= 4 and isinstance(args[3], str) and args[3]:
        return args[3]
    if len(args) >= 3 and isinstance(args[2], str) and args[2]:
        return args[2]
    return ""


def to_api_error(error: Exception) -> ApiError:
    """Translate a Mastodon.py or network exception into an `ApiError`."""
    if isinstance(error, ApiError):
        return error
    if isinstance(error, mastodon_errors.MastodonNetworkError):
        return ApiError("Cannot reach the server (network error or timeout)")
    if isinstance(error, mastodon_errors.MastodonRatelimitError):
        return ApiError("The server's rate limit was reached; try again shortly", status=429)
    if isinstance(error, mastodon_errors.MastodonAPIError):
        status = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else None
        reason = _server_reason(error)
        if status == 401:
            return ApiError("The server rejected the login (401): log in again", status=status)
        label = f"Server error {status}" if status else "Server error"
        return ApiError(f"{label}: {reason}" if reason else label, status=status)
    if isinstance(error, mastodon_errors.MastodonError):
        return ApiError(f"Request failed: {type(error).__name__}")
    if isinstance(error, (ValueError, TypeError, KeyError)):
        return ApiError("The server sent a response that could not be read")
    return ApiError(f"Request failed: {type(error).__name__}")


def translated(function: Callable[P, R]) -> Callable[P, R]:
    """Make `function` raise only `ApiError`."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            raise to_api_error(error) from error

    return wrapper
