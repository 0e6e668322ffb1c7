"""The About screen: the server's own rules and policies, and what this client keeps on disk."""

from __future__ import annotations

import pytest
from mastodon_mock.config import MastodonMockConfig
from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import acct_of, make_app
from tests.integration.wait import wait_for
from tuiclient import positions
from tuiclient.drafts import DraftStore
from tuiclient.screens.about import AboutScreen


@pytest.fixture
def server_with_policies(mastodon_mock_config: MastodonMockConfig) -> MastodonMockConfig:
    config = mastodon_mock_config.model_copy(deep=True)
    config.rules = ["Be kind.", "No [@click=app.quit]markup[/] games."]
    config.privacy_policy = "<p>We keep <strong>nothing</strong> we do not need.</p>"
    config.terms_of_service = "<p>Use it well.</p>"
    return config


async def test_about_shows_rules_policy_terms_and_the_local_files(
    server_with_policies: MastodonMockConfig,
) -> None:
    with MockServer(config=server_with_policies) as server:
        acct = acct_of(server, "ada")
        positions.save(acct, "home", "1")
        app = make_app(server, live=False)
        async with app.run_test(size=(110, 50)) as pilot:
            await pilot.press("i")
            screen = app.screen
            assert isinstance(screen, AboutScreen)
            await wait_for(pilot, lambda: "Rules" in str(screen.query_one("#server").render()))
            text = str(screen.query_one("#server").render())
            assert "1. Be kind." in text
            assert "No [@click=app.quit]markup[/] games." in text
            assert "We keep nothing we do not need." in text
            assert "Use it well." in text
            stored = str(screen.query_one("#stored").render())
            assert str(DraftStore(acct).folder) in stored
            assert "OS keyring" in stored and "token:" in stored
            await pilot.press("escape")
            assert not isinstance(app.screen, AboutScreen)
