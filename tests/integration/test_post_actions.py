"""Acting on the selected post from the keyboard, against mastodon_mock over real HTTP."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

import pytest
from mastodon_mock.testing.server import MockServer
from requests.adapters import HTTPAdapter
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.integration.conftest import make_app
from tests.integration.posting import (
    composer_closed,
    open_composer,
    own_statuses,
    status_line,
    timeline_loaded,
)
from tests.integration.wait import wait_for
from tuiclient.api.client import connect
from tuiclient.app import TuiClientApp
from tuiclient.screens.compose import ComposeScreen
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.history import HistoryScreen
from tuiclient.screens.post_actions import PostActions
from tuiclient.screens.vote import VoteScreen
from tuiclient.widgets.timeline import TimelineView


def selected_post(app: TuiClientApp) -> Any:
    """The display form of the selected post."""
    view = app.screen.query_one(TimelineView)
    item = view.selected_item
    assert item is not None and not isinstance(item, str)
    return view.post(str(item["id"]))  # type: ignore[index]


def server_copy(server: MockServer, status_id: str, username: str = "ada") -> Any:
    """The status as the server shows it to `username` now."""
    return server.client(username).status(status_id)


async def on_top(pilot: Pilot[Any], app: TuiClientApp, text: str) -> TimelineView:
    """Wait until the newest post (selected) holds `text`."""
    view = await timeline_loaded(pilot, app)
    await wait_for(pilot, lambda: text in selected_post(app).content.plain)
    return view


async def test_boost_favourite_and_bookmark_toggle_on_screen_and_on_the_server(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        status_id = selected_post(app).status_id
        screen = app.screen
        assert isinstance(screen, PostActions)
        for key, flag in (("b", "reblogged"), ("f", "favourited"), ("B", "bookmarked")):
            for wanted in (True, False):
                await pilot.press(key)
                # On screen at once, before the server has answered.
                assert getattr(selected_post(app), flag) is wanted
                await wait_for(pilot, lambda: not screen.toggles_pending)
                assert server_copy(mastodon_mock_server, status_id)[flag] is wanted
                assert getattr(selected_post(app), flag) is wanted


async def test_a_refused_favourite_rolls_back_and_says_why(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        status_id = selected_post(app).status_id
        with mastodon_mock_server.fault(
            path=f"/api/v1/statuses/{status_id}/favourite", methods=["POST"], status=500, count=1
        ):
            await pilot.press("f")
            await wait_for(pilot, lambda: "Could not favourite" in status_line(app.screen))
        assert selected_post(app).favourited is False
        assert "500" in status_line(app.screen)

    assert server_copy(mastodon_mock_server, status_id)["favourited"] is False


async def test_boosting_asks_first_when_the_config_says_so(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    app.config.confirm = ["boost", "delete"]
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        status_id = selected_post(app).status_id
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert selected_post(app).reblogged is False
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: server_copy(mastodon_mock_server, status_id)["reblogged"])


async def test_e_edits_the_text_and_warning_of_your_own_post(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    posted = ada.status_post("Frist post")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_top(pilot, app, "Frist post")
        composer = await open_composer(pilot, app, "e")
        text = composer.query_one("#text", TextArea)
        assert text.text == "Frist post"
        text.load_text("First post")  # as if retyped
        await pilot.press("ctrl+t", *"typo fixed", "ctrl+s")
        await composer_closed(pilot, app)
        await wait_for(pilot, lambda: selected_post(app).edited)
        assert selected_post(app).spoiler == "typo fixed"

        # H shows the versions the server keeps.
        await pilot.press("H")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        versions = [str(v.render()) for v in app.screen.query(".version")]
        assert "Frist post" in versions[0] and "First post" in versions[1]

    source = ada.status_source(posted["id"])
    assert (source["text"], source["spoiler_text"]) == ("First post", "typo fixed")


async def test_e_changes_the_alt_text_of_an_attached_image(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    media = ada.media_post(b"\x89PNG\r\n\x1a\n", mime_type="image/png", description="a dot")
    posted = ada.status_post("Pixel art", media_ids=[media["id"]])
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await on_top(pilot, app, "Pixel art")
        composer = await open_composer(pilot, app, "e")
        attachments = composer.query_one("#attachments")
        attachments.focus()
        await pilot.press("enter")
        alt = composer.query_one("#media-alt", Input)
        assert alt.value == "a dot"
        alt.value = ""
        await pilot.press(*"A single orange pixel on white", "enter", "ctrl+s")
        await composer_closed(pilot, app)

    [attachment] = ada.status(posted["id"])["media_attachments"]
    assert attachment["description"] == "A single orange pixel on white"


async def test_e_on_someone_elses_post_changes_nothing(mastodon_mock_server: MockServer) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("e")
        await wait_for(pilot, lambda: "Only your own posts" in status_line(app.screen))
        assert not isinstance(app.screen, ComposeScreen)


async def test_d_then_yes_deletes_your_post_and_no_keeps_it(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    ada.status_post("Regrettable opinion")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_top(pilot, app, "Regrettable opinion")
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert len(own_statuses(mastodon_mock_server)) == 1

        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: own_statuses(mastodon_mock_server) == [])
        timeline = app.screen.timeline  # type: ignore[attr-defined]
        await wait_for(
            pilot, lambda: all("Regrettable" not in s["content"] for s in timeline.statuses)
        )
        assert "Regrettable" not in selected_post(app).content.plain


async def test_delete_and_redraft_puts_the_text_back_in_the_composer(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    ada.status_post("Wrong link: https://example.org/oops", spoiler_text="links")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_top(pilot, app, "Wrong link")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Delete and redraft")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        composer = app.screen
        assert isinstance(composer, ComposeScreen)
        assert composer.query_one("#text", TextArea).text == "Wrong link: https://example.org/oops"
        assert composer.query_one("#cw", Input).value == "links"
        assert own_statuses(mastodon_mock_server) == []
        composer.query_one("#text", TextArea).load_text("Right link: https://example.org/")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    [post] = own_statuses(mastodon_mock_server)
    assert "Right link" in post["content"] and post["spoiler_text"] == "links"


async def test_v_votes_in_a_poll(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    poll = grace.make_poll(["Tabs", "Spaces"], expires_in=3600)
    posted = grace.status_post("Settle this", poll=poll)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_top(pilot, app, "Settle this")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("down", "enter")
        await wait_for(
            pilot,
            lambda: server_copy(mastodon_mock_server, posted["id"])["poll"]["voted"] is True,
        )

    after = server_copy(mastodon_mock_server, posted["id"])["poll"]
    assert after["own_votes"] == [1]


async def test_q_quotes_a_post_on_a_server_that_supports_quotes(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        quoted_id = selected_post(app).status_id
        await open_composer(pilot, app, "q")
        await pilot.press(*"Worth reading", "ctrl+s")
        await composer_closed(pilot, app)

    post = own_statuses(mastodon_mock_server)[0]
    assert str(post["quote"]["quoted_status"]["id"]) == quoted_id


class EditRecorder(HTTPAdapter):
    """The bodies of the edits (PUT /api/v1/statuses/ID) the app sends."""

    def __init__(self) -> None:
        super().__init__()
        self.edits: list[str] = []

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method == "PUT" and "/api/v1/statuses/" in request.url:
            body = request.body or b""
            self.edits.append(unquote_plus(body.decode() if isinstance(body, bytes) else body))
        return super().send(request, *args, **kwargs)


@pytest.fixture
def edits(monkeypatch: pytest.MonkeyPatch) -> EditRecorder:
    recorder = EditRecorder()

    def patched(base_url: str, token: str | None, **kwargs: Any) -> Any:
        api = connect(base_url, token, **kwargs)
        api.session.mount("http://", recorder)
        return api

    monkeypatch.setattr("tuiclient.session.connect", patched)
    return recorder


async def test_e_edits_the_options_of_your_own_poll(
    mastodon_mock_server: MockServer, edits: EditRecorder
) -> None:
    # mastodon_mock keeps a poll as first posted, so the edit is checked as sent.
    ada = mastodon_mock_server.client("ada")
    ada.status_post("Lunch?", poll=ada.make_poll(["Soup", "Salda"], expires_in=3600))
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await on_top(pilot, app, "Lunch?")
        composer = await open_composer(pilot, app, "e")
        options = list(composer.query(".poll-option").results(Input))
        assert [o.value for o in options][:2] == ["Soup", "Salda"]
        options[1].value = "Salad"
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)
    assert len(edits.edits) == 1
    assert json.loads(edits.edits[0])["poll"]["options"] == ["Soup", "Salad"]


async def test_editing_only_the_text_leaves_the_poll_and_its_votes_alone(
    mastodon_mock_server: MockServer, edits: EditRecorder
) -> None:
    ada = mastodon_mock_server.client("ada")
    posted = ada.status_post(
        "Tea or coffe?", poll=ada.make_poll(["Tea", "Coffee"], expires_in=3600)
    )
    mastodon_mock_server.client("grace").poll_vote(posted["poll"]["id"], [1])
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await on_top(pilot, app, "Tea or coffe?")
        composer = await open_composer(pilot, app, "e")
        composer.query_one("#text", TextArea).load_text("Tea or coffee?")
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)
    assert len(edits.edits) == 1 and "poll" not in edits.edits[0]
    copy = server_copy(mastodon_mock_server, str(posted["id"]))
    assert "coffee?" in copy["content"]
    assert copy["poll"]["votes_count"] == 1
