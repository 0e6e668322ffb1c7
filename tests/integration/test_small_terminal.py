"""A small terminal (50 columns, 20 rows): the header, questions and dialogs still fit.

The app runs on the recorded sample timeline (no server needed); what is checked is the
text actually drawn on the screen, so a part cut off by the edge of the terminal fails.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button

from tests.integration.wait import wait_for
from tests.snapshots.sample_app import ACCOUNT, make_sample_app, wait_until_loaded
from tuiclient.app import TuiClientApp
from tuiclient.config import AccountConfig
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.filters import FilterScreen, RuleForm
from tuiclient.widgets.chrome.account_bar import AccountBar

SMALL = (50, 20)
LARGE = (120, 40)

_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>', re.S
)


def screen_lines(app: TuiClientApp) -> list[str]:
    """The text drawn on each line of the screen (runs of blank cells are left out)."""
    runs: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        runs[int(line)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(runs[line])).rstrip() for line in sorted(runs)]


def on_screen(app: TuiClientApp, *widgets: Widget) -> bool:
    """Whether each widget lies whole inside the terminal."""
    return all(app.screen.region.contains_region(widget.region) for widget in widgets)


QUESTION = (
    "Delete this post and open its text in the composer? Its boosts, favourites and "
    "replies do not come back.\n\n"
    "Notes on the Analytical Engine: it weaves algebraic patterns just as the Jacquard "
    "loom weaves flowers and leaves, and it might compose elaborate pieces of music of "
    "any degree of complexity or extent. Signed, Countess of Lovelace"
)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["50x20", "120x40"])
async def test_the_header_names_the_view_and_a_question_shows_whole_with_its_buttons(
    size: tuple[int, int],
) -> None:
    app = make_sample_app()
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(pilot)
        header = screen_lines(app)[0]
        assert header.endswith("Home"), header
        assert f"@{ACCOUNT.acct} [{ACCOUNT.label}]" in header

        app.push_screen(ConfirmScreen(QUESTION, yes="Delete and redraft"))
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Delete this post and open its text in the" in shown
        assert "Lovelace" in shown, "the end of the question is cut off"
        assert "Cancel (n)" in shown and "Delete and redraft (y)" in shown
        assert on_screen(app, *app.screen.query(Button))
        assert app.screen.focused is app.screen.query_one("#no"), "enter alone never confirms"


async def test_a_question_too_long_for_the_screen_scrolls_and_keeps_its_buttons() -> None:
    app = make_sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(pilot)
        app.push_screen(ConfirmScreen("Discard this draft for good?\n\n" + "word " * 200))
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Discard this draft for good?" in shown
        assert "Cancel (n)" in shown and "Yes (y)" in shown
        assert on_screen(app, *app.screen.query(Button))
        assert app.screen.query_one("#question", VerticalScroll).max_scroll_y > 0


async def test_the_filter_list_and_a_rule_form_fit_a_small_terminal() -> None:
    app = make_sample_app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, FilterScreen)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Filters" in shown and "Kept on this device" in shown
        assert "No filters yet: press n to add one." in shown
        assert on_screen(app, app.screen.query_one("#filters"))

        await pilot.press("n")
        form = app.screen
        assert isinstance(form, RuleForm)
        await pilot.pause()
        assert on_screen(app, form.query_one(VerticalScroll))
        save = form.query_one("#save", Button)
        save.focus()  # the form scrolls to it
        await wait_for(pilot, lambda: "Save (ctrl+s)" in "\n".join(screen_lines(app)))
        assert on_screen(app, save)


def bar_text(account: AccountConfig, view: str, width: int) -> str:
    return AccountBar(account, view).line(width).plain


NAMED = AccountConfig(acct="ada@social.example", server="https://social.example", label="work")


def test_a_wide_bar_shows_the_app_the_account_its_label_and_the_view() -> None:
    assert bar_text(NAMED, "Home", 120) == "tuiclient  ·  @ada@social.example [work]  ·  Home"


def test_a_narrow_bar_gives_up_the_apps_name_then_the_label_but_never_the_view() -> None:
    view = "Notifications: mentions only"
    assert bar_text(NAMED, "Home", 48) == "@ada@social.example [work]  ·  Home"
    assert bar_text(NAMED, view, 57) == "@ada@social.example [work] · " + view
    assert bar_text(NAMED, view, 50) == "@ada@social.example · " + view
    shortened = bar_text(NAMED, view, 40)
    assert shortened == "@ada@soc… · " + view and len(shortened) == 40
    assert bar_text(NAMED, view, 20) == "Notifications: ment…"
