"""Several accounts in one app: one key switches, and nothing of one shows under another."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.wait import wait_for
from tuiclient.screens.account_switcher import AccountSwitcher
from tuiclient.screens.add_account import AddAccountScreen
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView


def header(app: object) -> str:
    return str(app.screen.query_one(AccountBar).render())  # type: ignore[attr-defined]


def authors(view: TimelineView) -> set[str]:
    return {view.post(str(item["id"])).author_acct for item in view._items}


async def test_a_switches_account_and_each_keeps_its_place(
    mastodon_mock_server: MockServer,
) -> None:
    # grace follows nobody: her home shows only her own posts; ada's shows grace's.
    ada_client = mastodon_mock_server.client("ada")
    ada_client.status_post("Only on ada's own timeline")
    app = make_app(mastodon_mock_server, "ada", "grace")
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)
        assert f"@{acct_of(mastodon_mock_server, 'ada')}" in header(app)
        await pilot.press("j", "j", "j", "j")
        ada_selected = view.selected

        await pilot.press("a")
        assert isinstance(app.screen, AccountSwitcher)
        await pilot.press("down", "enter")
        grace = f"@{acct_of(mastodon_mock_server, 'grace')}"
        await wait_for(pilot, lambda: grace in header(app))
        grace_view = app.screen.query_one(TimelineView)
        assert grace_view is not view
        await wait_for(pilot, lambda: grace_view.item_count > 0)
        assert authors(grace_view) == {"grace"}
        texts = [grace_view.post(str(i["id"])).content.plain for i in grace_view._items]
        assert "Only on ada's own timeline" not in texts

        await pilot.press("a", "up", "enter")
        await wait_for(pilot, lambda: app.screen.query_one(TimelineView) is view)
        assert view.selected == ada_selected
        assert f"@{acct_of(mastodon_mock_server, 'ada')}" in header(app)


async def test_escape_keeps_the_current_account(mastodon_mock_server: MockServer) -> None:
    app = make_app(mastodon_mock_server, "ada", "grace")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AccountSwitcher)
        await pilot.press("down", "escape")
        assert f"@{acct_of(mastodon_mock_server, 'ada')}" in header(app)


async def test_with_one_account_a_offers_to_add_another(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AccountSwitcher)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, AddAccountScreen)
        await pilot.press("escape")
        assert f"@{acct_of(mastodon_mock_server, 'ada')}" in header(app)
