"""Answers that are JSON but not what the API promises: the page still shows.

The altered pages are served by mastodon_mock's fault injection (a `status` effect with
status 200 and the altered body), so they travel through Mastodon.py like real ones.
"""

from __future__ import annotations

import copy
from typing import Any

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.faults import FAST, raw_page, status_text, view_text
from tests.integration.wait import wait_for
from tuiclient.post import UNREADABLE
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.widgets.timeline import TimelineView

HOME = "/api/v1/timelines/home"


def mangled_home(server: MockServer) -> tuple[list[Any], dict[str, str]]:
    """The real first page with entries broken in every way a server has been seen to."""
    page: list[Any] = copy.deepcopy(raw_page(server, HOME))
    notes = {
        "no_author": str(page[0]["id"]),
        "no_body": str(page[1]["id"]),
        "odd_id": "113.0/xyz:ab",
        "typed_wrong": str(page[4]["id"]),
        "extra": str(page[5]["id"]),
    }
    page[0]["account"] = "not an account"  # missing author: an unreadable post
    page[1]["content"] = None  # no body at all: an unreadable post
    page[2] = {"content": "<p>no id at all</p>"}  # cannot be placed: skipped
    page[3]["id"] = notes["odd_id"]  # ids are opaque: dots, slashes and colons are fine
    page[4].update(  # every field of the wrong type: placeholders, not a crash
        {
            "created_at": 12345,
            "media_attachments": 5,
            "mentions": "everyone",
            "poll": {"options": "x", "own_votes": 3},
            "card": [],
            "reblog": "yes",
            "in_reply_to_id": {"id": 1},
            "spoiler_text": ["cw"],
            "visibility": 7,
        }
    )
    page[5]["x_new_field"] = {"nested": [1, 2, {"deep": True}]}  # extra fields: ignored
    page[6] = "just a string"  # not an object: skipped
    page[7] = None  # skipped
    return page, notes


async def test_a_page_with_broken_entries_shows_the_rest_and_names_what_it_could_not_read(
    mastodon_mock_server: MockServer,
) -> None:
    page, notes = mangled_home(mastodon_mock_server)
    with mastodon_mock_server.fault(path=HOME, status=200, body=page, count=1):
        app = make_app(mastodon_mock_server, live=False, patience=FAST)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            view = screen.view
            await wait_for(pilot, lambda: view.item_count >= 30)
            shown = [str(item["id"]) for item in view._items]
            assert len(shown) == len(page) - 3  # three entries had nothing to show them by
            assert "3 unreadable entries skipped" in status_text(app)
            for key in (notes["no_author"], notes["no_body"]):
                assert view.post(key).author_name == UNREADABLE
                assert key in view.post(key).content.plain
            assert notes["odd_id"] in shown
            assert view.post(notes["typed_wrong"]).author_name != UNREADABLE
            assert view.post(notes["extra"]).content.plain
            top = view_text(view)
            assert UNREADABLE in top and notes["no_author"] in top
            # Every entry can be selected and drawn (older pages then load as usual).
            for _ in range(len(shown)):
                await pilot.press("j")
                view_text(view)
            assert view.selected >= len(shown) - 1
            await wait_for(pilot, lambda: view.item_count >= 70)
            await pilot.press("g", "enter")
            await pilot.pause()
            assert app.is_running


async def test_notifications_that_cannot_be_read_do_not_hide_the_others(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    grace = mastodon_mock_server.client("grace")
    for n in range(3):
        grace.status_post(f"@ada hello {n}")
    ada.status_post("favourite me")
    page = raw_page(mastodon_mock_server, "/api/v1/notifications")
    assert len(page) >= 3
    page[0]["type"] = None
    page[0]["account"] = 42
    page[1]["status"] = {"id": "9", "content": 1, "account": "nobody"}
    page.append({"type": "mention"})  # no id: skipped
    # The v1 page is what is served: a server without grouped notifications (v2) reads it.
    mastodon_mock_server.fault(path="/api/v2/notifications", status=404, count=1)
    with mastodon_mock_server.fault(path="/api/v1/notifications", status=200, body=page, count=1):
        app = make_app(mastodon_mock_server, live=False, patience=FAST)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.press("2")
            await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
            view = app.screen.query_one(TimelineView)
            await wait_for(pilot, lambda: view.item_count == len(page) - 1)
            assert "1 unreadable entry skipped" in status_text(app)
            keys = [str(item["id"]) for item in view._items]
            assert "hello 2" in view_text(view) or any(
                "hello" in view.post(k).content.plain for k in keys
            )
            await pilot.press(*"jjjj")
            assert app.is_running
