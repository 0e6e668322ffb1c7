"""Server and network failures as one exception type with a message for people."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from tuiclient.api import ratelimit

if TYPE_CHECKING:  # Mastodon.py is imported when an error is translated, not at start
    from mastodon import errors as mastodon_errors

P = ParamSpec("P")
R = TypeVar("R")


class ApiError(Exception):
    """A request that failed, with a short message fit for the status line.

    The message never holds a token: Mastodon.py's own exception texts can echo
    request details, so only the status code and the server's `error` field are kept.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        kind: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.kind = kind or _kind_of(status)
        """`network` (no answer, or none in time), `unreadable` (an answer that is not what
        the API promises), `rate_limit`, `login` (401), `server` (5xx), `missing` (404, 410),
        `refused` (another 4xx), or "" when not known."""
        self.retry_after = retry_after
        """Seconds the server asked to wait before the next request (429, 503), if it said."""

    @property
    def retryable(self) -> bool:
        """Whether the same request may well work later (a read may be retried on its own)."""
        return self.kind in ("network", "unreadable", "rate_limit", "server")

    @property
    def login_rejected(self) -> bool:
        """The server no longer accepts the account's token (revoked or expired)."""
        return self.kind == "login"


def _kind_of(status: int | None) -> str:
    if status is None:
        return ""
    if status == 401:
        return "login"
    if status == 429:
        return "rate_limit"
    if status in (404, 410):
        return "missing"
    if status == 408 or status >= 500:
        return "server"
    return "refused" if 400 <= status < 500 else ""


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
    from mastodon import errors as mastodon_errors

    # The wait the last response of this thread asked for (see `ratelimit`), taken even
    # when unused, so that it never applies to a later error.
    retry_after = ratelimit.take()
    if isinstance(error, mastodon_errors.MastodonNetworkError):
        if _timed_out(error):
            return ApiError("The server did not answer in time", kind="network")
        return ApiError("Cannot reach the server (offline, or the server is down)", kind="network")
    if isinstance(error, mastodon_errors.MastodonRatelimitError):
        return ApiError("The server's rate limit was reached", status=429, retry_after=retry_after)
    if isinstance(error, mastodon_errors.MastodonAPIError):
        status = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else None
        first = error.args[0] if error.args else ""
        if status is None and isinstance(first, str) and first.startswith("Could not parse"):
            return unreadable()  # malformed or truncated JSON
        reason = _server_reason(error)
        if status == 401:
            return ApiError("The server rejected the login (401): log in again", status=status)
        label = f"Server error {status}" if status else "Server error"
        return ApiError(
            f"{label}: {reason}" if reason else label,
            status=status,
            retry_after=retry_after if status == 503 else None,
        )
    if isinstance(error, mastodon_errors.MastodonError):
        return ApiError(f"Request failed: {type(error).__name__}")
    if isinstance(error, (ValueError, TypeError, KeyError, AttributeError, IndexError)):
        return unreadable()
    return ApiError(f"Request failed: {type(error).__name__}")


def unreadable() -> ApiError:
    """The error for an answer that is not what the API promises (malformed, wrong types)."""
    return ApiError("The server sent a response that could not be read", kind="unreadable")


def _timed_out(error: BaseException) -> bool:
    # Mastodon.py raises its network error inside the handler of the `requests` one.
    from requests.exceptions import Timeout

    cause = error.__cause__ or error.__context__
    return isinstance(cause, Timeout)


def translated(function: Callable[P, R]) -> Callable[P, R]:
    """Make `function` raise only `ApiError`."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            raise to_api_error(error) from error

    return wrapper
