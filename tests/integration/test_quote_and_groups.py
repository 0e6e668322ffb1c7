"""What a new user found in the demo, against mastodon_mock over real HTTP.

A quote post shows the post it quotes; a group of notifications naming several people asks
whose profile to open; a reply draft reopened from the list still says what it answers.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from mastodon_mock.config import (
    MastodonMockConfig,
)
from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList, Static

from tests.integration.conftest import acct_of, community, make_app
from tests.integration.faults import view_text
from tests.integration.posting import (
    composer_closed,
    drafts,
    open_composer,
    own_statuses,
    timeline_loaded,
)
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.drafts import Draft, DraftStore
from tuiclient.screens.compose import ComposeScreen
from tuiclient.screens.drafts import DraftsScreen
from tuiclient.screens.link_picker import LinkPicker
from tuiclient.screens.pickers import ChoiceScreen
from tuiclient.screens.profile import ProfileScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen

HOSTILE_KAY = "[@click=app.quit]Kay[/]"
"""A display name that would be a click action if it were read as markup."""

PEOPLE = [
    ("grace", "Grace Hopper"),
    ("alan", "Alan Turing"),
    ("kay", HOSTILE_KAY),
    ("katherine", "Katherine Johnson"),
]

LINK = "https://example.org/a?utm_medium=x&id=3"


@pytest.fixture
def mastodon_mock_config() -> MastodonMockConfig:
    """ada follows grace; alan, kay and katherine can follow or favourite ada."""
    return community([("ada", "Ada Lovelace"), *PEOPLE])


def screen_text(widget: Any) -> str:
    """The lines a scrolling widget (a list) draws now."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def choices(app: TuiClientApp) -> list[str]:
    """The labels of the open chooser, as drawn."""
    options = app.screen.query_one(OptionList)
    return [line.strip() for line in screen_text(options).splitlines() if line.strip()]


def rows(screen: TimelineScreen) -> list[str]:
    """Each row's context line ("+ Ada and 2 others followed you"), top to bottom."""
    return [screen.view.post(str(item["id"])).context for item in screen.timeline.statuses]


async def notifications_loaded(app: TuiClientApp, pilot: Any) -> TimelineScreen:
    """Press 2 and wait for the first page of notifications."""
    await pilot.press("2")
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, TimelineScreen)
            and app.screen.timeline.name == "notifications"
            and bool(app.screen.timeline.items)
            and "Updated" in str(app.screen.status.render())
        ),
    )
    assert isinstance(app.screen, TimelineScreen)
    return app.screen


def revoke(server: MockServer, quoted_id: Any, quoting_id: Any, username: str) -> None:
    """`username`, author of the quoted post, withdraws the permission to quote it."""
    answer = httpx.post(
        f"{server.base_url}/api/v1/statuses/{quoted_id}/quotes/{quoting_id}/revoke",
        headers={"Authorization": f"Bearer {username}_token"},
    )
    answer.raise_for_status()


# -- quote posts -------------------------------------------------------------


async def test_your_quote_shows_the_quoted_post_under_it_in_home_and_in_its_thread(
    mastodon_mock_server: MockServer,
) -> None:
    quoted = mastodon_mock_server.client("grace").status_post(f"Ship it: {LINK}")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_loaded(pilot, app)
        composer = await open_composer(pilot, app, "q")
        context = str(composer.query_one("#context", Static).render())
        assert context.startswith("Quoting @grace: Ship it")
        await pilot.press(*"Couldn't agree more", "ctrl+s")
        await composer_closed(pilot, app)

        [mine] = own_statuses(mastodon_mock_server)
        assert str(mine["quote"]["quoted_status"]["id"]) == str(quoted["id"])
        await wait_for(pilot, lambda: str(view.selected_item["id"]) == str(mine["id"]))  # type: ignore[index]
        shown = view_text(view)
        assert "  Couldn't agree more" in shown
        assert f"┃ ❝ Grace Hopper @grace: Ship it: {LINK}" in shown

        # The quoted post's link is in the picker, without its tracking parameter.
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, LinkPicker))
        assert choices(app) == ["https://example.org/a?id=3"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.loaded)
        assert isinstance(app.screen, ThreadScreen)
        assert f"┃ ❝ Grace Hopper @grace: Ship it: {LINK}" in view_text(app.screen.view)


async def test_a_withdrawn_quote_says_so_in_one_line_instead_of_the_post(
    mastodon_mock_server: MockServer,
) -> None:
    quoted = mastodon_mock_server.client("grace").status_post("Not for quoting after all")
    mine = mastodon_mock_server.client("ada").status_post(
        "Look at this", quoted_status_id=quoted["id"]
    )
    revoke(mastodon_mock_server, quoted["id"], mine["id"], "grace")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await timeline_loaded(pilot, app)
        await wait_for(pilot, lambda: view.item_count == 2)
        shown = view_text(view)
        assert "┃ ❝ the quoted author withdrew this quote" in shown
        assert shown.count("Not for quoting after all") == 1  # grace's own post only


# -- groups of notifications that name several people ---------------------------


def follow_ada(server: MockServer, *usernames: str) -> None:
    for name in usernames:
        client = server.client(name)
        client.account_follow(client.account_lookup("ada")["id"])


async def test_enter_on_a_follow_group_asks_whose_profile_to_open(
    mastodon_mock_server: MockServer,
) -> None:
    follow_ada(mastodon_mock_server, "alan", "kay", "katherine")
    kay_id = str(mastodon_mock_server.client("kay").account_verify_credentials()["id"])
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await notifications_loaded(app, pilot)
        assert rows(screen) == [f"+ Katherine Johnson, {HOSTILE_KAY} and 1 other followed you"]

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        # Names are text: the hostile one is shown as written, and is no click action.
        assert choices(app) == [
            "Katherine Johnson @katherine",
            f"{HOSTILE_KAY} @kay",
            "Alan Turing @alan",
        ]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.profile_id == kay_id

        # Back on the group, u asks too; esc there leaves you where you were.
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.is_running


async def test_on_a_favourites_group_enter_opens_the_post_and_u_asks_whose_profile(
    mastodon_mock_server: MockServer,
) -> None:
    post = mastodon_mock_server.client("ada").status_post("The engine weaves patterns")
    for name in ("alan", "katherine"):
        mastodon_mock_server.client(name).status_favourite(post)
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await notifications_loaded(app, pilot)
        assert rows(screen) == ["★ Katherine Johnson and Alan Turing favourited your post"]

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.focus_key == str(post["id"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)

        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert choices(app) == ["Katherine Johnson @katherine", "Alan Turing @alan"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.profile_id == str(
            mastodon_mock_server.client("katherine").account_verify_credentials()["id"]
        )


# -- reply drafts ---------------------------------------------------------------


def context_line(app: TuiClientApp) -> str:
    composer = app.screen
    assert isinstance(composer, ComposeScreen)
    return str(composer.query_one("#context", Static).render())


async def reopen_first_draft(app: TuiClientApp, pilot: Any) -> None:
    await pilot.press("d")
    await wait_for(pilot, lambda: isinstance(app.screen, DraftsScreen))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    await pilot.pause()


async def test_a_reply_draft_reopened_from_the_list_still_says_what_it_answers(
    mastodon_mock_server: MockServer,
) -> None:
    mastodon_mock_server.client("grace").status_post("Who has the punch cards?")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await open_composer(pilot, app, "r")
        first = context_line(app)
        assert first == "Replying to @grace: Who has the punch cards?"
        await pilot.press(*"I do", "escape")
        await composer_closed(pilot, app)
        [kept] = drafts(mastodon_mock_server)
        assert kept.context == first

        await reopen_first_draft(app, pilot)
        assert context_line(app) == first


async def test_a_reply_draft_saved_by_an_older_version_still_names_whom_it_answers(
    mastodon_mock_server: MockServer,
) -> None:
    grace_post = mastodon_mock_server.client("grace").status_post("Who has the punch cards?")
    store = DraftStore(acct_of(mastodon_mock_server, "ada"))
    old = json.loads(
        Draft(text="@grace I do", in_reply_to_id=str(grace_post["id"]), reply_to="@grace").to_json()
    )
    del old["context"]  # as drafts were saved before they kept it
    store.folder.mkdir(parents=True)
    (store.folder / f"{old['id']}.json").write_text(json.dumps(old), encoding="utf-8")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await reopen_first_draft(app, pilot)
        assert context_line(app) == "Replying to @grace"
        await pilot.press("ctrl+s")
        await composer_closed(pilot, app)

    [reply] = own_statuses(mastodon_mock_server)
    assert str(reply["in_reply_to_id"]) == str(grace_post["id"])
    assert drafts(mastodon_mock_server) == []
