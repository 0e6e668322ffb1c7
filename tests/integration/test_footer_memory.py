"""Switching screens does not leave the footer's old key widgets alive (the soak's growth)."""

from __future__ import annotations

import gc

from mastodon_mock.testing.server import MockServer
from textual.widgets._footer import FooterKey

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.screens.thread import ThreadScreen
from tuiclient.screens.timeline import TimelineScreen


def footer_keys_alive() -> int:
    gc.collect()
    return sum(isinstance(o, FooterKey) for o in gc.get_objects())


async def test_opening_and_closing_threads_frees_the_old_key_hints(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: screen.view.item_count >= 40)

        async def thread_and_back() -> None:
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ThreadScreen))
            await pilot.pause(0.1)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)
            await pilot.pause(0.1)

        await thread_and_back()
        before = footer_keys_alive()
        for _ in range(10):
            await thread_and_back()
        await pilot.pause(0.3)
        # Textual's own Footer kept every key of every recompose: ~16 more per round trip.
        assert footer_keys_alive() - before < 16
