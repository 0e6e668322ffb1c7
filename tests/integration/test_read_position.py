"""Read position: saved to the server's markers and restored, so reading continues where it stopped."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.faults import remaining
from tests.integration.wait import wait_for
from tuiclient import positions
from tuiclient.screens.timeline import TimelineScreen


async def test_the_position_is_saved_as_a_marker_and_restored_next_time(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: screen.view.item_count >= 40)
        await pilot.press(*"j" * 12)
        chosen = str(screen.view.selected_item["id"])  # type: ignore[index]
        await wait_for(
            pilot, lambda: ada.markers_get(["home"]).get("home", {}).get("last_read_id") == chosen
        )

    # Another session (or another client) starts where this one stopped.
    again = make_app(mastodon_mock_server, live=False)
    async with again.run_test(size=(100, 30)) as pilot:
        screen = again.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(
            pilot,
            lambda: (
                screen.selected_status() is not None
                and str(screen.selected_status()["id"]) == chosen
            ),
        )  # type: ignore[index]
        assert "Back where you stopped reading" in str(screen.status.render())


async def test_a_position_beyond_the_first_page_is_reached_by_paging(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    page = ada.timeline_home(limit=40)
    older = ada.timeline_home(limit=40, max_id=page[-1]["id"])
    target = str(older[20]["id"])
    ada.markers_set(["home"], [target])
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(
            pilot,
            lambda: (
                screen.selected_status() is not None
                and str(screen.selected_status()["id"]) == target
            ),
        )  # type: ignore[index]
        rendered = "".join(screen.view.render_line(y).text for y in range(screen.view.size.height))
        assert screen.view.post(target).content.plain in rendered


async def test_moving_before_the_saved_position_arrives_keeps_the_readers_place(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    page = ada.timeline_home(limit=40)
    ada.markers_set(["home"], [str(page[30]["id"])])
    app = make_app(mastodon_mock_server, live=False)
    # The saved position answers slowly: the reader is already moving when it comes.
    with mastodon_mock_server.fault(
        path="/api/v1/markers", methods=["GET"], type="latency", delay_ms=2500, count=1
    ) as slow:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            await pilot.press(*"j" * 5)
            assert str(screen.view.selected_item["id"]) == str(page[5]["id"])  # type: ignore[index]
            await wait_for(pilot, lambda: remaining(mastodon_mock_server, slow) is None)
            await app.workers.wait_for_complete()  # the delayed answer has arrived
            await pilot.pause()  # and has been applied
            assert screen.view.selected == 5
            assert "Back where you stopped reading" not in str(screen.status.render())


async def test_without_markers_the_position_is_kept_locally(
    mastodon_mock_server: MockServer,
) -> None:
    acct = acct_of(mastodon_mock_server, "ada")
    with mastodon_mock_server.fault(path="/api/v1/markers", status=404):
        app = make_app(mastodon_mock_server, live=False)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(pilot, lambda: screen.view.item_count >= 40)
            await pilot.press(*"j" * 5)
            chosen = str(screen.view.selected_item["id"])  # type: ignore[index]
            await wait_for(pilot, lambda: positions.load(acct, "home") == chosen)
        again = make_app(mastodon_mock_server, live=False)
        async with again.run_test(size=(100, 30)) as pilot:
            screen = again.screen
            assert isinstance(screen, TimelineScreen)
            await wait_for(
                pilot,
                lambda: (
                    screen.selected_status() is not None
                    and str(screen.selected_status()["id"]) == chosen
                ),
            )  # type: ignore[index]
