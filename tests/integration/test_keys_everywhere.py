"""j and k move in every list, the pager keys scroll every text, and the footer keeps each
screen's own keys (and `?`) in 80 columns: against mastodon_mock, as a reader presses them."""

from __future__ import annotations

from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.integration.conftest import acct_of, make_app
from tests.integration.posting import timeline_loaded
from tests.integration.test_small_terminal import screen_lines
from tests.integration.wait import wait_for
from tests.snapshots.sample_app import make_sample_app, wait_until_loaded
from tuiclient import locations
from tuiclient.app import TuiClientApp
from tuiclient.drafts import Draft, DraftStore
from tuiclient.screens.about import AboutScreen
from tuiclient.screens.account_switcher import AccountSwitcher
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.drafts import DraftsScreen
from tuiclient.screens.profile import ProfileScreen
from tuiclient.screens.search import SearchScreen
from tuiclient.screens.vote import VoteScreen
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.scrolling import TextScroll
from tuiclient.widgets.timeline import TimelineView


async def newest_is(pilot: Pilot[Any], app: TuiClientApp, text: str) -> None:
    """Wait until the selected (newest) post of the home timeline holds `text`."""
    view = await timeline_loaded(pilot, app)

    def selected_text() -> str:
        item = view.selected_item
        if item is None or isinstance(item, str):
            return ""
        return view.post(str(item["id"])).content.plain  # type: ignore[index]

    await wait_for(pilot, lambda: text in selected_text())


def poll_on_server(server: MockServer, status_id: str) -> Any:
    """The poll of a status as ada sees it on the server now."""
    return server.client("ada").status(status_id)["poll"]


def footer_keys(app: TuiClientApp) -> dict[str, FooterKey]:
    """The footer's keys whose whole hint (key and description) is inside the terminal."""
    screen = app.screen
    return {
        key.key_display: key
        for key in screen.query(FooterKey)
        if key.region.width > len(key.key_display) and screen.region.contains_region(key.region)
    }


async def test_j_then_enter_votes_for_the_second_option(mastodon_mock_server: MockServer) -> None:
    grace = mastodon_mock_server.client("grace")
    posted = grace.status_post(
        "Settle this", poll=grace.make_poll(["Tabs", "Spaces", "Both"], expires_in=3600)
    )
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await newest_is(pilot, app, "Settle this")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: poll_on_server(mastodon_mock_server, posted["id"])["voted"])

    assert poll_on_server(mastodon_mock_server, posted["id"])["own_votes"] == [1], "Spaces"


async def test_j_space_ticks_the_second_option_of_a_multiple_choice_poll(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    poll = grace.make_poll(["Tea", "Coffee", "Water"], expires_in=3600, multiple=True)
    posted = grace.status_post("Pick any", poll=poll)
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await newest_is(pilot, app, "Pick any")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VoteScreen))
        await pilot.press("j", "space", "j", "j", "k", "ctrl+s")
        await wait_for(pilot, lambda: poll_on_server(mastodon_mock_server, posted["id"])["voted"])

    assert poll_on_server(mastodon_mock_server, posted["id"])["own_votes"] == [1], "Coffee"


async def test_j_then_x_discards_the_second_draft_and_keeps_the_first(
    mastodon_mock_server: MockServer,
) -> None:
    store = DraftStore(acct_of(mastodon_mock_server, "ada"))
    older = Draft(text="An older thought", updated_at="2026-01-01T09:00:00+00:00")
    newer = Draft(text="A newer thought", updated_at="2026-01-02T09:00:00+00:00")
    for draft in (older, newer):  # written as is: `save` would stamp both with now
        locations.write_private_file(store.path(draft.id), draft.to_json())
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DraftsScreen))
        await pilot.press("j", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "An older thought" in confirm.question, "the question names the second draft"
        await pilot.press("y")
        await wait_for(pilot, lambda: [d.text for d in store.list()] == ["A newer thought"])


async def test_a_then_j_then_enter_switches_to_the_second_account(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, "ada", "grace")
    async with app.run_test(size=(100, 30)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountSwitcher))
        await pilot.press("j", "enter")
        grace = f"@{acct_of(mastodon_mock_server, 'grace')}"
        await wait_for(pilot, lambda: grace in str(app.screen.query_one(AccountBar).render()))
        assert app.account_name == acct_of(mastodon_mock_server, "grace")


async def test_j_and_space_scroll_the_about_screen_without_tab_first(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(80, 14)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, AboutScreen))
        text = app.screen.query_one("#about", TextScroll)
        assert text.has_focus
        await wait_for(pilot, lambda: text.max_scroll_y > 2)
        await pilot.press("j")
        await wait_for(pilot, lambda: text.scroll_y > 0)
        after_j = text.scroll_y
        await pilot.press("space")
        await wait_for(pilot, lambda: text.scroll_y > after_j)
        await pilot.press("k")
        await wait_for(pilot, lambda: text.scroll_y < text.max_scroll_y)


async def test_tab_from_the_results_reaches_the_search_box_and_slash_starts_anew(
    mastodon_mock_server: MockServer,
) -> None:
    mastodon_mock_server.client("ada").status_post("Notes on the #engines of Babbage")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        search = app.screen
        assert isinstance(search, SearchScreen)
        query = search.query_one("#query", Input)
        await pilot.press(*"engines", "enter")
        await wait_for(pilot, lambda: search.found.has_focus)
        assert "New search" in [key.description for key in footer_keys(app).values()]

        await pilot.press("tab")
        assert search.posts.has_focus
        await pilot.press("tab")
        assert query.has_focus, "tab goes round to the search box"
        assert query.border_title == "▸ Search", "and marks it"

        await pilot.press("tab", "slash")
        assert query.has_focus and query.value == "engines"
        await pilot.press(*"babbage")
        assert query.value == "babbage", "the old query was selected: typing replaces it"


async def test_the_profile_footer_shows_follow_mute_and_block_in_80_columns(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await timeline_loaded(pilot, app)
        await pilot.press("u")  # the newest post is grace's
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ProfileScreen) and app.screen.relationship is not None,
        )
        await wait_for(pilot, lambda: {"F", "M", "X", "?"} <= set(footer_keys(app)))
        shown = {key: hint.description for key, hint in footer_keys(app).items()}
        assert (shown["F"], shown["M"], shown["X"]) == ("Unfollow", "Mute", "Block")
        footer = screen_lines(app)[-1]
        for words in ("Keys", "Unfollow", "Mute", "Block"):
            assert words in footer, footer


async def test_the_keys_key_is_in_the_footer_of_a_50_column_terminal() -> None:
    app = make_sample_app()
    async with app.run_test(size=(50, 20)) as pilot:
        await wait_until_loaded(pilot)
        assert app.screen.query_one(TimelineView).has_focus
        await wait_for(pilot, lambda: "?" in footer_keys(app))
        assert footer_keys(app)["?"].description == "Keys"
