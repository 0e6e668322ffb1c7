"""Every timeline view, against mastodon_mock: content checked against the server's data."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.app import TuiClientApp
from tuiclient.screens.pickers import ChoiceScreen, PromptScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.timeline import Gap
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView


def shown_ids(app: TuiClientApp) -> list[str]:
    view = app.screen.query_one(TimelineView)
    return [str(i["id"]) for i in view._items if not isinstance(i, Gap)]


def view_name(app: TuiClientApp) -> str:
    screen = app.screen
    return screen.timeline.name if isinstance(screen, TimelineScreen) else ""


async def open_and_load(app: TuiClientApp, pilot: object, key: str, name: str) -> list[str]:
    await pilot.press(key)  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: view_name(app) == name)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    await wait_for(
        pilot, lambda: not screen.view.loading and "Loading" not in str(screen.status.render())
    )  # type: ignore[arg-type]
    return shown_ids(app)


async def test_number_keys_open_each_timeline_with_the_servers_posts(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    grace = mastodon_mock_server.client("grace")
    mine = ada.status_post("Ada's own #engines post")
    ada.status_bookmark(mine)
    liked = grace.status_post("Grace's post that ada likes")
    ada.status_favourite(liked)
    mention = grace.status_post("@ada ping")
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        local = await open_and_load(app, pilot, "3", "local")
        assert local[:40] == [str(s["id"]) for s in ada.timeline_local(limit=40)]
        federated = await open_and_load(app, pilot, "4", "federated")
        assert federated[:40] == [str(s["id"]) for s in ada.timeline_public(limit=40)]
        assert await open_and_load(app, pilot, "5", "bookmarks") == [str(mine["id"])]
        assert await open_and_load(app, pilot, "6", "favourites") == [str(liked["id"])]
        notifications = await open_and_load(app, pilot, "2", "notifications")
        assert [str(n["id"]) for n in ada.notifications()][:1] == notifications[:1]
        view = app.screen.query_one(TimelineView)
        first = view.post(notifications[0])
        assert first.context.endswith("mentioned you") and first.status_id == str(mention["id"])
        await pilot.press("m")
        await wait_for(pilot, lambda: view_name(app) == "notifications:mentions")
        # Views keep their state: home is as it was left.
        home = await open_and_load(app, pilot, "1", "home")
        assert len(home) >= 40
        assert "Home" in str(app.screen.query_one(AccountBar).render())


async def test_a_hashtag_and_a_list_open_from_their_pickers(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    tagged = ada.status_post("Notes on #engines")
    team = ada.list_create("Engine team")
    grace_id = ada.account_lookup("grace")["id"]
    ada.list_accounts_add(team, [grace_id])
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: len(shown_ids(app)) >= 40)
        await pilot.press("number_sign")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"engines", "enter")
        await wait_for(pilot, lambda: view_name(app) == "tag:engines")
        await wait_for(pilot, lambda: bool(shown_ids(app)))
        assert shown_ids(app) == [str(tagged["id"])]
        assert "#engines" in str(app.screen.query_one(AccountBar).render())
        await pilot.press("7")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: view_name(app) == f"list:{team['id']}")
        await wait_for(pilot, lambda: bool(shown_ids(app)))
        expected = [str(s["id"]) for s in ada.timeline_list(team, limit=40)]
        assert shown_ids(app)[:40] == expected and expected
