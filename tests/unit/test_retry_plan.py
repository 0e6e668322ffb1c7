"""One view's plan for a failed read: when it is tried again, and what the reader is told."""

from __future__ import annotations

from datetime import datetime, timezone

from tuiclient.api.errors import ApiError
from tuiclient.retry import Backoff, Patience, RetryPlan

NOON = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Timer:
    """Stands in for Textual's timer: remembers whether it was stopped."""

    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def plan(
    *, jitter: float = 0, rand: float = 0.5, longest: float = 900.0
) -> tuple[RetryPlan, Clock]:
    clock = Clock()
    patience = Patience(
        retry=Backoff(jitter=jitter, rand=lambda: rand), longest_rate_limit_wait=longest
    )
    return RetryPlan(patience, now=lambda: NOON, monotonic=clock), clock


SERVER_DOWN = ApiError("Server error 503", status=503)
OFFLINE = ApiError("Cannot reach the server", kind="network")


def test_a_server_that_stays_down_is_asked_ever_less_often_up_to_the_cap() -> None:
    retries, _ = plan()
    delays = [retries.failed(SERVER_DOWN).delay for _ in range(8)]
    assert delays == [2, 4, 8, 16, 32, 64, 120, 120]
    assert retries.attempt == 8


def test_the_jitter_comes_from_the_injected_random_source() -> None:
    low, _ = plan(jitter=0.2, rand=0.0)
    high, _ = plan(jitter=0.2, rand=1.0)
    assert low.failed(OFFLINE).delay == 2 * 0.8
    assert high.failed(OFFLINE).delay == 2 * 1.2


def test_the_hint_says_when_the_next_try_comes_and_that_dot_tries_now() -> None:
    retries, _ = plan()
    first = retries.failed(SERVER_DOWN)
    assert first.hint == "trying again at 12:00:02 (2s; . tries now)"
    assert first.status_line("Could not load the thread: Server error 503") == (
        "Could not load the thread: Server error 503 · trying again at 12:00:02 (2s; . tries now)"
    )
    assert retries.failed(SERVER_DOWN).hint == "trying again at 12:00:04 (4s; . tries now)"
    assert retries.held() == 0 and retries.held_hint() == ""


def test_a_retry_after_is_waited_out_and_holds_the_view_until_then() -> None:
    retries, clock = plan()
    asked = ApiError("Server error 503", status=503, retry_after=30)
    retry = retries.failed(asked)
    assert retry.delay == 30
    assert retry.hint == "trying again at 12:00:30 (30s; the server asked to wait)"
    assert retries.held() == 30
    clock.now += 10
    assert retries.held() == 20
    assert retries.held_hint() == "The server asked to wait: trying again at 12:00:20 (20s)"
    clock.now += 20
    assert retries.held() == 0 and retries.held_hint() == ""


def test_a_retry_after_shorter_than_the_backoff_does_not_shorten_it() -> None:
    retries, _ = plan()
    for _ in range(3):
        retries.failed(SERVER_DOWN)
    assert retries.failed(ApiError("slow down", status=503, retry_after=1)).delay == 16


def test_a_server_asking_for_hours_is_asked_again_after_the_longest_wait() -> None:
    retries, _ = plan(longest=900.0)
    limited = ApiError("The server's rate limit was reached", status=429, retry_after=86_400)
    retry = retries.failed(limited)
    assert retry.delay == 900
    assert retry.hint.endswith("(15 min; the server asked to wait)")
    assert retries.held() == 900


def test_a_rate_limit_without_a_date_holds_for_the_backoff() -> None:
    retries, clock = plan()
    retry = retries.failed(ApiError("The server's rate limit was reached", status=429))
    assert retry.delay == 2 and retries.held() == 2
    assert "the server asked to wait" in retry.hint
    clock.now += 2
    assert not retries.held()


def test_failures_a_retry_cannot_mend_are_not_retried() -> None:
    retries, _ = plan()
    for error in (
        ApiError("The server rejected the login (401): log in again", status=401),
        ApiError("Server error 404: Record not found", status=404),
        ApiError("Server error 422: Validation failed", status=422),
        ApiError("Unexpected error: RuntimeError"),
    ):
        retry = retries.failed(error)
        assert retry.delay is None
        assert retry.status_line("Could not load") == "Could not load (press . to retry)"
    assert retries.attempt == 0 and not retries.held()


def test_the_same_failure_again_is_no_news_but_another_one_is() -> None:
    retries, _ = plan()
    assert retries.failed(SERVER_DOWN).news
    assert not retries.failed(SERVER_DOWN).news
    assert retries.failed(OFFLINE).news
    assert not retries.failed(OFFLINE).news
    retries.succeeded()
    assert retries.failed(OFFLINE).news


def test_a_success_starts_the_backoff_over_but_a_wait_the_server_asked_for_holds() -> None:
    retries, _ = plan()
    retries.failed(SERVER_DOWN)
    retries.failed(ApiError("limited", status=429, retry_after=60))
    retries.succeeded()
    assert retries.attempt == 0 and retries.failure == ""
    assert retries.held() == 60
    retries.reset()  # a new login: nothing is held against it
    assert not retries.held()
    assert retries.failed(SERVER_DOWN).delay == 2


def test_the_plan_keeps_one_pending_timer_and_stops_the_old_one() -> None:
    retries, _ = plan()
    assert not retries.pending and not retries.cancel()
    first, second = Timer(), Timer()
    retries.wait(first)
    assert retries.pending
    retries.wait(second)  # a newer failure replaces the older retry
    assert first.stopped and not second.stopped
    retries.due()  # the timer went off: nothing to stop any more
    assert not retries.pending and not second.stopped
    third = Timer()
    retries.wait(third)
    assert retries.cancel() and third.stopped  # the view closed
    assert not retries.pending and not retries.cancel()
