"""Local filters in the running app: hidden posts are absent, collapsed ones name the rule."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer

from tests.integration.conftest import make_app
from tests.integration.wait import wait_for
from tuiclient.filters import FilterRule, rules_to_config
from tuiclient.screens.timeline import TimelineScreen
from tuiclient.widgets.timeline import TimelineView


def screen_text(view: TimelineView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def texts(view: TimelineView) -> list[str]:
    return [view.post(str(i["id"])).content.plain for i in view._items]


async def test_a_hide_rule_removes_posts_and_a_collapse_rule_folds_them(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    grace.status_post("Crypto prices are up again")
    grace.status_post("Spoiler: the butler did it")
    grace.status_post("A calm post about compilers")
    app = make_app(mastodon_mock_server, live=False)
    app.config.filters = rules_to_config(
        [
            FilterRule(id="r1", name="no crypto", kind="keyword", value="crypto", action="hide"),
            FilterRule(
                id="r2", name="spoilers", kind="regex", value=r"spoil\w*", action="collapse"
            ),
        ]
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.view
        await wait_for(pilot, lambda: view.item_count > 0)
        assert "Crypto prices are up again" not in texts(view)
        assert texts(view)[:2] == ["A calm post about compilers", "Spoiler: the butler did it"]
        await pilot.pause()
        shown = screen_text(view)
        assert "Filtered: rule 'spoilers'" in shown
        assert "the butler did it" not in shown
        # One key reveals it.
        index = next(n for n, t in enumerate(texts(view)) if t.startswith("Spoiler"))
        await pilot.press("g", *["j"] * index, "s")
        assert "the butler did it" in screen_text(view)


async def test_rules_changed_in_the_app_apply_to_open_timelines_at_once(
    mastodon_mock_server: MockServer,
) -> None:
    grace = mastodon_mock_server.client("grace")
    grace.status_post("Weather report: rain")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await wait_for(pilot, lambda: "Weather report: rain" in texts(screen.view))
        app._filters_changed(
            [FilterRule(id="w", name="weather", kind="keyword", value="weather", action="hide")]
        )
        await pilot.pause()
        assert "Weather report: rain" not in texts(screen.view)
        assert app.config.filters and app.config.filters[0]["value"] == "weather"


async def test_a_server_filter_that_warns_collapses_with_its_title(
    mastodon_mock_server: MockServer,
) -> None:
    ada = mastodon_mock_server.client("ada")
    ada.create_filter_v2(
        title="No weather talk",
        context=["home"],
        filter_action="warn",
        keywords_attributes=[{"keyword": "thunderstorm", "whole_word": True}],
    )
    mastodon_mock_server.client("grace").status_post("A thunderstorm is coming")
    app = make_app(mastodon_mock_server, live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        view = screen.view
        await wait_for(pilot, lambda: view.item_count > 0)
        await pilot.pause()
        assert texts(view)[0] == "A thunderstorm is coming"
        shown = screen_text(view)
        assert "Filtered: server filter 'No weather talk'" in shown
        assert "A thunderstorm is coming" not in shown
        await pilot.press("s")
        assert "A thunderstorm is coming" in screen_text(view)
