"""The pager and list keys: j/k move every list, j/k/space/b scroll every text, and the
keys list leaves out what means nothing here."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.widgets.option_list import Option

from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.screens.keys import KeysScreen, key_lines
from tuiclient.screens.pickers import ChoiceScreen
from tuiclient.widgets.lists import PickList, PickTable, TickList
from tuiclient.widgets.scrolling import TextScroll

LONG_TEXT = "\n".join(f"Line {n}" for n in range(1, 101))


class ListsApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield PickList(*[Option(name, id=name) for name in ("first", "second", "third")])

    def on_option_list_option_selected(self, event: PickList.OptionSelected) -> None:
        self.picked.append(event.option.id)


async def test_a_pick_list_starts_on_its_first_choice_and_j_picks_the_second() -> None:
    app = ListsApp()
    async with app.run_test() as pilot:
        options = app.query_one(PickList)
        options.focus()
        assert options.highlighted == 0
        await pilot.press("j", "j", "k", "enter")
        await pilot.pause()
    assert app.picked == ["second"]


class TickApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TickList[int](("one", 1), ("two", 2), ("three", 3))


async def test_a_tick_list_ticks_with_space_where_j_and_k_moved() -> None:
    app = TickApp()
    async with app.run_test() as pilot:
        ticks = app.query_one(TickList)
        ticks.focus()
        await pilot.press("j", "space", "j", "space", "k", "k", "space", "j", "space")
        assert sorted(ticks.selected) == [1, 3]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        table: PickTable[str] = PickTable(cursor_type="row")
        table.add_columns("Name")
        table.add_rows([["one"], ["two"], ["three"]])
        yield table


async def test_j_and_k_move_the_row_cursor_of_a_table() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PickTable)
        table.focus()
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1


class ScrollApp(App[None]):
    def compose(self) -> ComposeResult:
        with TextScroll():
            yield Static(LONG_TEXT)


async def test_j_k_space_and_b_scroll_text_like_a_pager() -> None:
    app = ScrollApp()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one(TextScroll)
        assert text.has_focus, "the only scroller has the focus without tab"
        await pilot.press("j", "j")
        assert text.scroll_y == 2
        await pilot.press("space")
        assert text.scroll_y == 2 + text.scrollable_content_region.height
        await pilot.press("b", "k")
        assert text.scroll_y == 1


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("below")


async def test_j_then_enter_in_a_choice_picks_the_second() -> None:
    app = BareApp()
    chosen: list[str | None] = []
    async with app.run_test() as pilot:
        app.push_screen(ChoiceScreen("Pick", [("a", "Alpha"), ("b", "Beta")]), chosen.append)
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
    assert chosen == ["b"]


async def test_a_long_question_takes_the_focus_so_j_reads_on_and_n_still_cancels() -> None:
    app = BareApp()
    answers: list[bool | None] = []
    async with app.run_test(size=(60, 16)) as pilot:
        app.push_screen(ConfirmScreen("Really?\n\n" + LONG_TEXT), answers.append)
        await pilot.pause()
        question = app.screen.query_one("#question", TextScroll)
        assert question.has_focus
        assert str(app.screen.query_one("#no", Button).label) == "Cancel (n)"
        await pilot.press("j", "j", "enter")  # enter on the question confirms nothing
        assert question.scroll_y == 2 and not answers
        await pilot.press("n")
        await pilot.pause()
    assert answers == [False]


async def test_a_short_question_keeps_the_focus_on_cancel() -> None:
    app = BareApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ConfirmScreen("Delete this post?", yes="Delete"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#no", Button)


def rows(bindings: list[tuple[Any, Binding, bool]]) -> list[str]:
    actives = [ActiveBinding(node, binding, enabled) for node, binding, enabled in bindings]
    return [
        " ".join(line.split()) for line in key_lines(actives, lambda b: b.key).plain.split("\n")
    ]


def test_the_keys_list_leaves_out_sideways_scrolling_tab_and_copying() -> None:
    view, screen = object(), object()
    assert rows(
        [
            (view, Binding("j", "next", "Next"), True),
            (view, Binding("down", "next", "Next"), True),
            (view, Binding("left", "scroll_left", "Scroll Left"), True),
            (view, Binding("ctrl+pageup", "page_left", "Page Left"), True),
            (screen, Binding("tab", "app.focus_next", "Focus Next"), True),
            (screen, Binding("ctrl+c", "screen.copy_text", "Copy selected text"), True),
            (screen, Binding("question_mark", "app.toggle_keys", "Keys"), True),
            (screen, Binding("o", "open_links", "Links"), False),
        ]
    ) == ["j down Next", "", "o Links"]


class KeysApp(App[None]):
    BINDINGS = [Binding(f"ctrl+{c}", f"notify('{c}')", f"Say {c}") for c in "abdefgklnotuvwxyz"]

    def compose(self) -> ComposeResult:
        yield Static("below")


async def test_the_keys_screen_scrolls_with_j_and_closes_with_the_question_mark() -> None:
    app = KeysApp()
    async with app.run_test(size=(60, 10)) as pilot:
        below: Screen[Any] = app.screen
        app.push_screen(KeysScreen(below.active_bindings.values()))
        await pilot.pause()
        keys = app.screen.query_one("#keys", TextScroll)
        assert keys.has_focus and keys.max_scroll_y > 0
        await pilot.press("j")
        assert keys.scroll_y == 1
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is below
