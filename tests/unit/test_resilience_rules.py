"""The rules behind retrying: backoff delays, the waits servers ask for, what a failure means."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

from mastodon import errors as mastodon_errors

from tuiclient.api import ratelimit
from tuiclient.api.errors import ApiError, to_api_error
from tuiclient.retry import Backoff, in_words
from tuiclient.timeline import Timeline, status_id

NOW = 1_800_000_000.0


def test_backoff_doubles_from_two_seconds_up_to_its_cap_with_jitter() -> None:
    plain = Backoff(jitter=0)
    assert [plain.delay(n) for n in range(8)] == [2, 4, 8, 16, 32, 64, 120, 120]
    assert plain.delay(10_000) == 120  # no overflow however long the outage
    low, high = Backoff(rand=lambda: 0.0), Backoff(rand=lambda: 1.0)
    assert low.delay(0) == 2 * 0.8 and high.delay(0) == 2 * 1.2


def test_retry_after_in_seconds_or_as_a_date_wins_over_the_rate_limit_reset() -> None:
    headers = {"Retry-After": "7", "X-RateLimit-Reset": str(int(NOW + 300))}
    assert ratelimit.wait_seconds(headers, now=NOW) == 7
    when = format_datetime(datetime.fromtimestamp(NOW + 42, timezone.utc), usegmt=True)
    assert ratelimit.wait_seconds({"retry-after": when}, now=NOW) == 42


def test_the_rate_limit_reset_is_read_as_mastodon_and_others_send_it() -> None:
    iso = datetime.fromtimestamp(NOW + 90, timezone.utc).isoformat().replace("+00:00", "Z")
    assert ratelimit.wait_seconds({"X-RateLimit-Reset": iso}, now=NOW) == 90
    assert ratelimit.wait_seconds({"X-RateLimit-Reset": str(int(NOW + 30))}, now=NOW) == 30
    # Against the server's own clock when it says what time it is.
    server_now = format_datetime(datetime.fromtimestamp(NOW - 1000, timezone.utc), usegmt=True)
    headers = {"X-RateLimit-Reset": str(int(NOW - 1000 + 60)), "Date": server_now}
    assert ratelimit.wait_seconds(headers, now=NOW) == 60
    assert ratelimit.wait_seconds({"X-RateLimit-Reset": "soon"}, now=NOW) is None
    assert ratelimit.wait_seconds({}, now=NOW) is None


def test_failures_say_whether_a_retry_may_help() -> None:
    assert to_api_error(mastodon_errors.MastodonNetworkError("x")).retryable
    for status in (500, 502, 503, 504):
        error = to_api_error(mastodon_errors.MastodonServerError("e", status, "r", None))
        assert error.retryable and str(status) in error.message
    rejected = to_api_error(mastodon_errors.MastodonUnauthorizedError("e", 401, "r", None))
    assert rejected.login_rejected and not rejected.retryable
    missing = to_api_error(mastodon_errors.MastodonNotFoundError("e", 404, "r", None))
    assert missing.kind == "missing" and not missing.retryable
    garbled = to_api_error(mastodon_errors.MastodonAPIError("Could not parse response as JSON"))
    assert garbled.kind == "unreadable" and garbled.retryable
    limited = to_api_error(mastodon_errors.MastodonRatelimitError("Hit rate limit."))
    assert limited.kind == "rate_limit" and limited.status == 429
    assert ApiError("plain").kind == "" and not ApiError("plain").retryable


def test_waits_read_as_people_say_them() -> None:
    assert [in_words(s) for s in (0.2, 3, 89, 300, 7200)] == ["1s", "3s", "89s", "5 min", "2 h"]


def test_ids_are_opaque_strings_and_entries_without_one_are_skipped() -> None:
    assert status_id({"id": "113.456/789"}) == "113.456/789"
    assert status_id({"id": 42}) == "42"
    assert [status_id(x) for x in ({"id": True}, {"id": ""}, {"id": None}, {}, "x", None)] == [
        None
    ] * 6
    timeline = Timeline("home")
    result = timeline.add_initial(
        [{"id": "2", "content": ""}, {"content": "no id"}, "junk", {"id": "1", "reblog": "yes"}]
    )
    assert result.added == 2 and result.skipped == 2
    assert [str(item["id"]) for item in timeline.items] == ["2", "1"]
