"""What a thread, a profile and the notifications look like, on recorded server data.

Everything shown comes from real Mastodon 4.6.4 responses in tests/fixtures/mastodon-real
(see PROVENANCE.md). Where the recordings lack a shape the screen must show, real
bodies are joined the way a server would join them, and each such step is named
below: the thread links recorded posts into a conversation, the notifications wrap
recorded accounts and posts as the server wraps them. The clock is the sample app's.

Baselines live in __snapshots__/; after a deliberate change of the look, run
`uv run pytest tests/snapshots --snapshot-update` and check the new images.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, cast

import pytest
from mastodon import Mastodon
from mastodon.return_types import Account, Context, Notification, Relationship, Status
from mastodon.types_base import try_cast
from textual.pilot import Pilot

from tests.recorded import body, exchanges
from tests.snapshots.sample_app import (
    ACCOUNT,
    SIZE,
    FixtureSource,
    frozen_wall_clock,
    make_app,
    recorded_statuses,
    sample_moment,
    wait_until_loaded,
)
from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig
from tuiclient.screens.profile import ProfileScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.session import AccountSession
from tuiclient.timeline import id_key
from tuiclient.widgets.timeline import TimelineView

SnapCompare = Callable[..., bool]

ORIGINAL_ID = "117020583245459824"
"""A recorded post ("Toot, finally!")..."""
REPLY_ID = "117020583258292382"
"""...and the recorded reply to it: the thread is opened on this reply."""
# Recorded home posts that answer the reply in the sample thread, each naming its parent.
THREAD_REPLIES = {
    "117020574694606796": REPLY_ID,  # by the reply's author: their thread reads on first
    "117020585724931720": REPLY_ID,
    "117020582721532745": "117020585724931720",
    "117020583000712307": "117020582721532745",
}
PROFILE_ID = "117020565966271181"
"""The recorded account (John Lennon, with a bio and two fields) whose profile is shown."""


def _as(kind: type, data: Any) -> Any:
    return try_cast(kind, copy.deepcopy(data))  # type: ignore[no-untyped-call]


def _mention(account: dict[str, Any]) -> dict[str, Any]:
    return {key: account[key] for key in ("id", "username", "url", "acct")}


def recorded_thread() -> tuple[Status, Context]:
    """The recorded reply, and a context of it: what it answers, and replies to it.

    The replies are recorded home posts given `in_reply_to_id`, a mention of the
    post they answer and a time just after it, as the server would have them.
    """
    by_id = {str(s["id"]): s for s in recorded_statuses()}
    reply = by_id[REPLY_ID]
    when = datetime.fromisoformat(reply["created_at"].replace("Z", "+00:00"))
    descendants = []
    for minutes, (status_id, parent_id) in enumerate(THREAD_REPLIES.items(), start=1):
        parent = by_id[parent_id]
        status = copy.deepcopy(by_id[status_id])
        status["in_reply_to_id"] = parent_id
        status["in_reply_to_account_id"] = parent["account"]["id"]
        status["mentions"] = [_mention(parent["account"])]
        status["created_at"] = (when + timedelta(minutes=minutes)).isoformat()
        descendants.append(status)
    context = {"ancestors": [by_id[ORIGINAL_ID]], "descendants": descendants}
    return _as(Status, reply), _as(Context, context)


def recorded_notifications() -> list[Notification]:
    """A page of notifications of every common kind, newest first.

    The mention is recorded as it is; the favourites are the two of the recorded
    grouped notification, one notification each; the follow, the boost and a type
    this client does not know are recorded accounts and posts in the same wrapper.
    """
    mention = body("notifications", "GET", "/api/v1/notifications")[0]
    grouped = body("grouped_notifications", "GET", "/api/v2/notifications")
    group = grouped["notification_groups"][0]
    favourited = grouped["statuses"][0]
    fan = grouped["accounts"][0]
    boost = body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0)
    follower = body("search", "GET", "/api/v2/search")["accounts"][0]
    at = group["latest_page_notification_at"]

    def wrap(number: int, kind: str, account: Any, status: Any = None) -> dict[str, Any]:
        note = {"id": str(number), "type": kind, "created_at": at, "account": account}
        note["group_key"] = f"ungrouped-{number}"
        return note | ({"status": status} if status is not None else {})

    page = [
        wrap(36, "x_anniversary", follower),
        wrap(35, "reblog", boost["account"], boost["reblog"]),
        wrap(34, "follow", follower),
        wrap(32, "favourite", fan, favourited),
        wrap(31, "favourite", mention["account"], favourited),
        mention,
    ]
    return [_as(Notification, note) for note in page]


class ReadingSource(FixtureSource):
    """The sample timelines: home, notifications and each account's posts."""

    def __init__(self) -> None:
        statuses = [try_cast(Status, s) for s in recorded_statuses()]  # type: ignore[no-untyped-call]
        super().__init__(statuses)
        self.notifications = recorded_notifications()

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """Home as the sample app has it; notifications and an account's posts paged alike."""
        kind, _, value = timeline.partition(":")
        if timeline == "notifications":
            items: list[Any] = self.notifications
        elif kind == "account":
            items = [s for s in self._statuses if str(s["account"]["id"]) == value]
        else:
            return super().fetch(timeline, max_id=max_id, since_id=since_id)
        return [
            item
            for item in items
            if (max_id is None or id_key(str(item["id"])) < id_key(max_id))
            and (since_id is None or id_key(str(item["id"])) > id_key(since_id))
        ][: self.page_size]


class RecordedServer:
    """Answers the calls the reading screens make, the way Mastodon.py would, from recordings."""

    def __init__(self) -> None:
        self.focus, self.context = recorded_thread()

    def status_context(self, status_id: Any) -> Context:
        """The recorded thread around the reply (and nothing around any other post)."""
        if str(status_id) == str(self.focus["id"]):
            return self.context
        return cast(Context, _as(Context, {"ancestors": [], "descendants": []}))

    def account(self, account_id: Any) -> Account:
        """The recorded account with a bio and fields."""
        found: dict[str, Any] = body("search", "GET", "/api/v2/search")["accounts"][0]
        assert str(account_id) == found["id"], account_id
        return cast(Account, _as(Account, found))

    def account_relationships(self, ids: list[Any]) -> list[Relationship]:
        """The recorded relationship, for the account asked about."""
        recorded = next(
            e["body"][0]
            for e in exchanges("account_relationships")
            if e["path"] == "/api/v1/accounts/relationships"
        )
        return [cast(Relationship, _as(Relationship, {**recorded, "id": str(ids[0])}))]


class RecordedSession(AccountSession):
    """The sample account, its timelines from `ReadingSource` and its client a `RecordedServer`."""

    def __init__(self, account: AccountConfig, source: ReadingSource) -> None:
        super().__init__(account, "")
        self.source = source
        self.server = RecordedServer()

    @property
    def api(self) -> Mastodon:
        """No network: the recorded answers."""
        return cast(Mastodon, self.server)

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> list[Status]:
        """A page from the recordings."""
        return self.source.fetch(timeline, max_id=max_id, since_id=since_id)


def make_reading_app() -> TuiClientApp:
    """The sample app, with notifications, a thread and a profile to read."""
    source = ReadingSource()
    moment = sample_moment()
    app = make_app(source, lambda: moment)
    app.sessions[ACCOUNT.acct] = RecordedSession(ACCOUNT, source)
    return app


@pytest.fixture(autouse=True)
def fixed_wall_clock() -> Iterator[None]:
    """Any "Updated HH:MM" reads the sample app's fixed time."""
    with frozen_wall_clock(sample_moment()):
        yield


async def settle(pilot: Pilot[None], ready: Callable[[], bool], timeout: float = 15) -> None:
    """Let the app run until `ready()` holds and the screen's workers are done."""
    loop = 0
    while not (ready() and not pilot.app.screen.workers):
        loop += 1
        assert loop < timeout / 0.05, "the screen did not settle"
        await pilot.pause(0.05)
    await pilot.pause()


async def select(pilot: Pilot[None], predicate: Callable[[Any], bool]) -> None:
    """Press j until the selected post is the first one `predicate` accepts."""
    view = pilot.app.screen.query_one(TimelineView)
    while view.selected_item is None or not predicate(view.selected_item):
        assert view.selected < view.item_count - 1, "no such post in the timeline"
        await pilot.press("j")


def test_thread_shows_what_a_reply_answers_above_it_and_its_replies_as_a_tree(
    snap_compare: SnapCompare,
) -> None:
    """Enter on the recorded reply: the post it answers, the reply selected, replies indented."""

    async def open_thread(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await select(pilot, lambda item: str(item["id"]) == REPLY_ID)
        await pilot.press("enter")
        await settle(
            pilot, lambda: isinstance(pilot.app.screen, ThreadScreen) and pilot.app.screen.loaded
        )
        screen = pilot.app.screen
        assert isinstance(screen, ThreadScreen)
        assert [p.depth for p in screen.thread.replies] == [1, 1, 2, 3]

    assert snap_compare(make_reading_app(), terminal_size=SIZE, run_before=open_thread)


def test_profile_shows_name_bio_fields_counts_relationship_and_posts(
    snap_compare: SnapCompare,
) -> None:
    """u on a post by the recorded account: its profile over its posts."""

    async def open_profile(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await select(pilot, lambda item: str(item["account"]["id"]) == PROFILE_ID)
        await pilot.press("u")

        def loaded() -> bool:
            screen = pilot.app.screen
            return (
                isinstance(screen, ProfileScreen)
                and screen.relationship is not None
                and screen.view.item_count > 0
            )

        await settle(pilot, loaded)

    assert snap_compare(make_reading_app(), terminal_size=SIZE, run_before=open_profile)


def test_notifications_show_each_kind_with_who_did_what(snap_compare: SnapCompare) -> None:
    """2: mentions, favourites, a follow, a boost and an unknown kind, newest first."""

    async def open_notifications(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await pilot.press("2")

        def loaded() -> bool:
            screen = pilot.app.screen
            return (
                isinstance(screen, TimelineScreen)
                and screen.timeline.name == "notifications"
                and screen.view.item_count == 6
            )

        await settle(pilot, loaded)

    assert snap_compare(make_reading_app(), terminal_size=SIZE, run_before=open_notifications)
