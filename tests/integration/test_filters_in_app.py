"""The filter screen: the user writes, checks, switches and deletes rules from the keyboard."""

from __future__ import annotations

from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, Static

from tests.integration.conftest import acct_of, make_app
from tests.integration.wait import wait_for
from tuiclient.filters import FilterEngine, FilterRule
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.filters import FilterScreen, RuleForm
from tuiclient.screens.timeline import TimelineScreen

ADA = "ada@example.social"
GRACE = "grace@example.social"
WORK_LIST = {"list:42": "List: Work"}


class FiltersApp(App[None]):
    """Just the filter screen, over an empty app; keeps what the screen hands back."""

    def __init__(self, rules: list[FilterRule]) -> None:
        super().__init__()
        self.rules = rules
        self.results: list[list[FilterRule] | None] = []

    def on_mount(self) -> None:
        self.push_screen(
            FilterScreen(self.rules, accounts=[ADA, GRACE], timelines=WORK_LIST),
            self.results.append,
        )


def problem(app: App[Any]) -> str:
    return str(app.screen.query_one("#problem", Static).render())


def table_text(app: App[Any]) -> str:
    table = app.screen.query_one("#rules")
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def type_text(pilot: Pilot[Any], text: str) -> None:
    names = {"\\": "backslash", "(": "left_parenthesis", ")": "right_parenthesis"}
    await pilot.press(*(names.get(char, char) for char in text))


async def test_a_regex_rule_for_one_list_on_one_account_is_checked_then_saved() -> None:
    app = FiltersApp([])
    async with app.run_test(size=(120, 45)) as pilot:
        assert "No filters yet" in str(app.screen.query_one("#empty", Static).render())
        await pilot.press("n")
        assert isinstance(app.screen, RuleForm)
        form = app.screen
        form.query_one("#kind", Select).value = "regex"
        form.query_one("#value", Input).focus()
        await type_text(pilot, r"(crypto")
        await pilot.press("ctrl+s")
        # Refused, with the reason, and the form stays open on the value.
        assert app.screen is form
        assert problem(app) == (
            "Not a valid regular expression: missing ), unterminated subpattern at position 0."
        )
        assert form.focused is form.query_one("#value", Input)

        await pilot.press("end")
        await type_text(pilot, r"|nft)\w*")
        form.query_one("#timelines", SelectionList).select("list:42")
        form.query_one("#account", Select).value = GRACE
        form.query_one("#action", Select).value = "hide"
        form.query_one("#name", Input).value = "coins"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FilterScreen)
        assert "coins" in table_text(app) and "list:42" in table_text(app)
        await pilot.press("escape")

    (saved,) = app.results
    assert saved is not None
    [rule] = saved
    assert (rule.kind, rule.value, rule.action, rule.timelines, rule.account) == (
        "regex",
        r"(crypto|nft)\w*",
        "hide",
        ("list:42",),
        GRACE,
    )
    # It does what the user asked: only on that list, only for that account.
    engine = FilterEngine(saved)
    status = {"id": "1", "content": "<p>Buy Cryptocoins now</p>", "account": {"acct": "x@y.z"}}
    assert engine.decide(status, timeline="list:42", account=GRACE).action == "hide"
    assert engine.decide(status, timeline="list:7", account=GRACE).action == "show"
    assert engine.decide(status, timeline="list:42", account=ADA).action == "show"


async def test_switching_off_and_deleting_ask_nothing_and_something() -> None:
    rules = [
        FilterRule("a", "spoilers", "keyword", "spoilers"),
        FilterRule("b", "", "boosts", action="hide"),
    ]
    app = FiltersApp(rules)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("space")
        assert "○" in table_text(app)
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it after all
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("d")
        await pilot.press("y")
        await pilot.press("escape")
    (saved,) = app.results
    assert saved == [FilterRule("a", "spoilers", "keyword", "spoilers", enabled=False)]


async def test_closing_without_a_change_hands_back_nothing() -> None:
    app = FiltersApp([FilterRule("a", "", "bots")])
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, RuleForm)
        await pilot.press("escape", "escape")
    assert app.results == [None]


async def test_a_broken_rule_from_the_config_is_listed_with_its_problem() -> None:
    app = FiltersApp([FilterRule("a", "broken", "regex", "[a-")])
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.pause()
        assert "!" in table_text(app)
        assert problem(app).startswith("This rule is not used: Not a valid regular expression")


async def test_the_filter_screen_opens_over_the_real_timeline_and_closes_back(
    mastodon_mock_server: MockServer,
) -> None:
    app = make_app(mastodon_mock_server)
    results: list[list[FilterRule] | None] = []
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        app.push_screen(
            FilterScreen([], accounts=[acct_of(mastodon_mock_server, "ada")]), results.append
        )
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, RuleForm)
        form.query_one("#value", Input).focus()
        await type_text(pilot, "Post")
        await pilot.press("ctrl+s", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
    assert results and results[0] is not None
    assert [(r.kind, r.value) for r in results[0]] == [("keyword", "Post")]
