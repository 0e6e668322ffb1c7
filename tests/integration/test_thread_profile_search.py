"""Threads, profiles and search against mastodon_mock: what the reader sees is what the server has."""

from __future__ import annotations

from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.profile import ProfileHeader, ProfileScreen
from tuiclient.screens.search import HashtagScreen, SearchScreen
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap
from tuiclient.widgets.timeline import TimelineView


def shown_ids(app: TuiClientApp) -> list[str]:
    view = app.screen.query_one(TimelineView)
    return [str(i["id"]) for i in view._items if not isinstance(i, Gap)]


def screen_lines(view: TimelineView) -> list[str]:
    """The text of every line of the list as it is on screen now."""
    return [view.render_line(y).text for y in range(view.size.height)]


def guides_before(lines: list[str], text: str) -> int:
    """How many levels in the line holding `text` is drawn (the `│` guides left of it)."""
    line = next(line for line in lines if text in line)
    return line[1 : line.index(text)].count("│")


async def select(pilot: Pilot[Any], view: TimelineView, status_id: str) -> None:
    """Move the selection to the post `status_id` with j and k, as a reader would."""
    keys = [str(i["id"]) if not isinstance(i, Gap) else "" for i in view._items]
    target = keys.index(status_id)
    while view.selected != target:
        await pilot.press("j" if view.selected < target else "k")


async def confirmation(app: TuiClientApp, pilot: Pilot[Any]) -> ConfirmScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    screen = app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen


async def home_loaded(app: TuiClientApp, pilot: Pilot[Any]) -> None:
    await wait_for(
        pilot, lambda: isinstance(app.screen, TimelineScreen) and len(shown_ids(app)) >= 5
    )


async def test_a_thread_of_replies_shows_in_tree_order_with_each_reply_indented(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    grace = mastodon_mock_server.client("grace")
    root = grace.status_post("Root: who wants to review the compiler?")
    first = ada.status_post("@grace First reply: I will", in_reply_to_id=root)
    second = ada.status_post("@grace Second reply: me too", in_reply_to_id=root)
    nested = grace.status_post("@ada Nested answer to the first", in_reply_to_id=first)
    # The server lists the replies breadth first; the screen shows them as a tree.
    server_order = [str(s["id"]) for s in ada.status_context(root)["descendants"]]
    assert server_order == [str(first["id"]), str(second["id"]), str(nested["id"])]

    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(app, pilot)
        home = app.screen
        await select(pilot, home.query_one(TimelineView), str(root["id"]))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.loaded)
        thread = app.screen
        assert isinstance(thread, ThreadScreen)
        tree = [str(s["id"]) for s in (root, first, nested, second)]
        assert shown_ids(app) == tree
        assert thread.view.selected == 0, "the opened post is the selected one"
        await pilot.pause()
        lines = screen_lines(thread.view)
        assert guides_before(lines, "Root: who wants") == 0
        assert guides_before(lines, "First reply") == 1
        assert guides_before(lines, "Nested answer") == 2
        assert guides_before(lines, "Second reply") == 1
        assert "2 posts above" not in str(thread.status.render())
        assert "3 replies" in str(thread.status.render())

        # Enter on the nested reply: its own thread, with what it answers above it.
        await pilot.press("j", "j", "enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ThreadScreen)
                and app.screen is not thread
                and app.screen.loaded
            ),
        )
        inner = app.screen
        assert isinstance(inner, ThreadScreen)
        assert shown_ids(app) == tree[:3]
        assert inner.view.selected == 2
        assert "2 posts above" in str(inner.status.render())

        await pilot.press("escape")
        assert app.screen is thread
        await pilot.press("escape")
        assert app.screen is home


async def test_a_profile_shows_the_servers_account_and_follow_changes_the_relationship(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    grace = mastodon_mock_server.client("grace")
    grace.account_update_credentials(
        note="Compilers & <b>nanoseconds</b> [@click=app.quit]not markup[/]",
        fields=[("Pronouns", "she/her")],
    )
    grace_id = ada.account_lookup("grace")["id"]

    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(app, pilot)
        await pilot.press("u")  # the newest post is grace's
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ProfileScreen) and app.screen.relationship is not None,
        )
        profile = app.screen
        assert isinstance(profile, ProfileScreen)
        await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        server = ada.account(grace_id)
        header = str(profile.query_one(ProfileHeader).render())
        assert "Grace Hopper" in header and "@grace" in header
        assert "Compilers & nanoseconds [@click=app.quit]not markup[/]" in header
        assert "Pronouns: she/her" in header
        posts, followers = server["statuses_count"], server["followers_count"]
        assert (
            f"{posts} post{'s' * (posts != 1)} · {server['following_count']} following · "
            f"{followers} follower{'s' * (followers != 1)}"
        ) in header
        assert "You follow them" in header
        assert shown_ids(app)[:40] == [
            str(s["id"]) for s in ada.account_statuses(grace_id, limit=40)
        ]

        # F asks first, naming who acts; y unfollows on the server.
        await pilot.press("F")
        question = (await confirmation(app, pilot)).question
        assert "Unfollow @grace?" in question
        assert f"@{app.config.default_account}" in question
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: profile.relationship is not None and not profile.relationship["following"],
        )
        assert not ada.account_relationships([grace_id])[0]["following"]
        assert "You do not follow each other" in str(profile.query_one(ProfileHeader).render())

        # n leaves everything as it is; F then y follows again.
        await pilot.press("F")
        await confirmation(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert not ada.account_relationships([grace_id])[0]["following"]
        await pilot.press("F")
        assert "Follow @grace?" in (await confirmation(app, pilot)).question
        await pilot.press("y")
        await wait_for(
            pilot, lambda: bool(profile.relationship and profile.relationship["following"])
        )
        assert ada.account_relationships([grace_id])[0]["following"]

        await pilot.press("M")
        await confirmation(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(profile.relationship and profile.relationship["muting"]))
        assert ada.account_relationships([grace_id])[0]["muting"]
        assert "Muted" in str(profile.query_one(ProfileHeader).render())

        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen) and not isinstance(app.screen, ProfileScreen)


def heading(search: SearchScreen, list_id: str) -> str:
    """The heading above the list `list_id` of the search screen, as shown."""
    return str(search.query_one(f"#{list_id}-heading", Static).render())


async def search_for(app: TuiClientApp, pilot: Pilot[Any], query: str) -> SearchScreen:
    if not isinstance(app.screen, SearchScreen):
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = ""
    screen.focus_query()
    await pilot.press(*query, "enter")
    await wait_for(pilot, lambda: "for “" in str(screen.status.render()))
    return screen


async def test_search_finds_an_account_a_hashtag_and_a_post_and_opens_each(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    tagged = ada.status_post("Notes on the #engines of Babbage")

    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 40)) as pilot:
        await home_loaded(app, pilot)

        search = await search_for(app, pilot, "grace")
        assert [a["acct"] for a in search.accounts] == ["grace"]
        found = search.query_one(OptionList)
        assert app.screen.focused is found
        assert heading(search, "found") == "▸ Accounts and hashtags"
        assert heading(search, "posts") == "  Posts"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen))
        assert app.screen.profile_acct == "grace"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert app.screen is search

        search = await search_for(app, pilot, "engines")
        assert search.hashtags == ["engines"]
        assert [str(s["id"]) for s in search.statuses] == [str(tagged["id"])]
        assert search.posts.post(str(tagged["id"])).content.plain.startswith("Notes on the")

        await pilot.press("tab")  # from the accounts and hashtags to the posts
        assert search.posts.has_focus
        assert heading(search, "posts") == "▸ Posts", "the focused list is marked"
        assert heading(search, "found") == "  Accounts and hashtags"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen) and app.screen.loaded)
        assert shown_ids(app) == [str(tagged["id"])]
        await pilot.press("escape")
        assert app.screen is search

        await pilot.press("shift+tab")
        assert app.screen.focused is found
        await pilot.press("enter")  # the hashtag, highlighted first
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, TimelineScreen) and app.screen.timeline.name == "tag:engines"
            ),
        )
        await wait_for(pilot, lambda: bool(shown_ids(app)))
        assert shown_ids(app) == [str(tagged["id"])]
        await pilot.press("escape")
        assert app.screen is search, "esc from the hashtag goes back to the results"
        assert search.hashtags == ["engines"] and app.screen.focused is found

        await pilot.press("enter")  # the hashtag again; a view's key then leaves both
        await wait_for(pilot, lambda: isinstance(app.screen, HashtagScreen))
        await pilot.press("1")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, TimelineScreen) and app.screen.timeline.name == "home",
        )
        assert len(app.screen_stack) == 2, "the hashtag and the search gave way to home"
