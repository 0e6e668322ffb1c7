"""A login the server stops accepting (401): told once, offered a new login, nothing lost."""

from __future__ import annotations

import asyncio

import httpx
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.faults import FAST, notifications, remaining, status_text
from tests.integration.test_login import code_shown_to
from tests.integration.wait import wait_for
from tuiclient.drafts import Draft, DraftStore
from tuiclient.screens.add_account import AddAccountScreen
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.timeline import TimelineView

HOME = "/api/v1/timelines/home"


def header(app: object) -> str:
    bars = app.screen.query(AccountBar)  # type: ignore[attr-defined]
    return str(bars.first().render()) if bars else ""


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items]


async def test_a_401_is_said_once_offers_a_new_login_and_is_never_retried_in_a_loop(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, live=False, patience=FAST)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: screen.view.item_count >= 40)
        shown = texts(screen.view)
        assert not screen.check_action("relogin", ())
        with mastodon_mock_server.fault(path=HOME, status=401, count=1000) as rejected:
            await pilot.press(".")
            await wait_for(pilot, lambda: "no longer accepts the login" in status_text(app))
            assert "press L to log in again" in status_text(app)
            assert [n.title for n in notifications(app)].count("Login rejected") == 1
            assert screen.check_action("relogin", ())
            hits = remaining(mastodon_mock_server, rejected)
            await asyncio.sleep(2)  # many backoff periods of FAST: no retry comes
            await pilot.press(".", ".")
            assert remaining(mastodon_mock_server, rejected) == hits
            assert [n.title for n in notifications(app)].count("Login rejected") == 1
            assert texts(screen.view) == shown


async def test_a_revoked_account_logs_in_again_while_the_other_account_works_and_drafts_stay(
    mastodon_mock_server: MockServer,
) -> None:
    ada = acct_of(mastodon_mock_server, "ada")
    store = DraftStore(ada)
    draft = Draft(text="Half a thought, kept through it all")
    store.save(draft)
    grace_client = mastodon_mock_server.client("grace")
    app = make_app(mastodon_mock_server, "ada", "grace", live=False, patience=FAST)
    async with app.run_test(size=(110, 40)) as pilot:
        ada_screen = app.screen
        assert isinstance(ada_screen, TimelineScreen)
        await wait_for(pilot, lambda: ada_screen.view.item_count >= 40)
        # The token is revoked on the server (from another device, or it expired).
        httpx.post(f"{mastodon_mock_server.base_url}/oauth/revoke", data={"token": "ada_token"})
        await pilot.press(".")
        await wait_for(pilot, lambda: "no longer accepts the login" in status_text(app))
        assert ada_screen.view.item_count >= 40

        # The other account is untouched.
        await pilot.press("a", "down", "enter")
        await wait_for(pilot, lambda: f"@{acct_of(mastodon_mock_server, 'grace')}" in header(app))
        grace_view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: grace_view.item_count > 0)
        assert "no longer accepts" not in status_text(app)

        # Back to ada: L logs in again, her server already filled in.
        await pilot.press("a", "up", "enter")
        await wait_for(pilot, lambda: app.screen is ada_screen)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, AddAccountScreen))
        login = app.screen
        assert isinstance(login, AddAccountScreen)
        login.open_browser = False
        assert login.query_one("#server").value == mastodon_mock_server.base_url  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: login.authorization is not None)
        assert login.authorization is not None
        grace_client.status_post("Posted while ada was logged out")
        code = await asyncio.to_thread(code_shown_to, login.authorization.url, "ada")
        await pilot.press(*code, "enter")
        await wait_for(pilot, lambda: app.screen is ada_screen)
        # The view carries on with the new token: what was missed arrives.
        await wait_for(
            pilot, lambda: texts(ada_screen.view)[:1] == ["Posted while ada was logged out"]
        )
        assert "no longer accepts" not in status_text(app)
        assert not ada_screen.check_action("relogin", ())
        new_token = app.secrets.get_token(ada)
        assert new_token and new_token != "ada_token"
    kept = store.get(draft.id)
    assert kept is not None and kept.text == "Half a thought, kept through it all"
