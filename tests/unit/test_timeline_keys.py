"""Keys pressed while a page loads are kept: the selection follows when the posts arrive."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from tests.recorded import body, statuses
from tuiclient.widgets.timeline import TimelineView


def numbered(count: int, first: int = 1) -> list[Any]:
    """`count` copies of a recorded status, newest (highest id) first, "Post number N"."""
    template = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))[0]
    numbers = range(first + count - 1, first - 1, -1)
    return [
        template.__class__(
            **{**template, "id": str(1000 + n), "content": f"<p>Post number {n}</p>"}
        )
        for n in numbers
    ]


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView()


async def test_moves_past_the_end_wait_for_the_next_page() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(TimelineView)
        newest = numbered(10, first=31)  # posts 40..31
        view.more_below = True
        view.set_items(newest)
        await pilot.press(*"j" * 15)  # 9 moves reach post 31; 6 wait
        assert view.selected == 9
        view.set_items(newest + numbered(10, first=21))  # posts 30..21 arrive
        assert view.selected == 15
        assert view.post(str(view.selected_item["id"])).content.plain == "Post number 25"  # type: ignore[index]


async def test_moving_back_undoes_waiting_moves_first_and_g_forgets_them() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(TimelineView)
        view.more_below = True
        view.set_items(numbered(5, first=16))
        await pilot.press(*"jjjjjjj", "k")  # 4 moves made, 3 wait, one of them undone
        assert view.selected == 4
        view.set_items(numbered(5, first=16) + numbered(5, first=11))
        assert view.selected == 6
        await pilot.press(*"jjjjjjjjjj", "g")
        view.set_items(numbered(5, first=16) + numbered(10, first=1))
        assert view.selected == 0


async def test_at_the_real_end_moves_past_it_are_dropped() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(numbered(5))  # more_below is off: nothing else will come
        await pilot.press(*"j" * 8)
        assert view.selected == 4
        view.set_items(numbered(5) + numbered(3, first=-10))
        assert view.selected == 4
