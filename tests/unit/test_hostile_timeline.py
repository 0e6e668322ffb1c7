"""Hostile statuses drawn by the real timeline widget: text on screen, never terminal control."""

from __future__ import annotations

import re
from typing import Any

from textual.app import App, ComposeResult

from tests.recorded import body, statuses
from tuiclient.widgets.timeline import TimelineView

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(status_id: str, **fields: Any) -> Any:
    """A real recorded status with some fields replaced by hostile ones."""
    status = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))[0]
    status = status.__class__(**{**status, "id": status_id, **fields})
    return status


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView()


def screen_text(view: TimelineView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_markup_escapes_and_bidi_in_names_and_posts_are_drawn_as_text() -> None:
    account = {
        "acct": "evil\x1b[2J",
        "display_name": "[@click=app.quit]Boss[/] \u202eesrever",
        "id": "1",
    }
    items = [
        hostile(
            "3", account=account, content="<p>[bold]hi[/bold] \x1b]52;c;aGk=\x07 \x9b31m red</p>"
        ),
        hostile("2", content="<p>" + "x" * 100_000 + "</p>"),
        hostile("1", content="<div>" * 5000 + "deep" + "</div>" * 10, spoiler_text="\x1b[5mCW\x07"),
    ]
    app = ViewApp()
    async with app.run_test(size=(80, 40)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(items)
        await pilot.pause()
        lines = screen_text(view)
        text = "\n".join(lines)
        assert "[@click=app.quit]Boss[/]" in text
        assert "[bold]hi[/bold]" in text
        assert not CONTROL.search(text)
        # Strips carry no escape sequences either, whatever their styles.
        for y in range(view.size.height):
            for segment in view.render_line(y):
                assert not CONTROL.search(segment.text)
        # The 100,000-character post shows its first part and says how much is cut.
        assert view.post("2").content.truncated_chars >= 75_000
        await pilot.press("j", "j")
        assert view.selected == 2
        assert app.is_running


async def test_clicking_markup_in_a_name_does_not_quit_the_app() -> None:
    account = {"acct": "x", "display_name": "[@click=app.quit]click me[/]", "id": "1"}
    app = ViewApp()
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items([hostile("1", account=account)])
        await pilot.pause()
        await pilot.click(TimelineView, offset=(3, 0))
        await pilot.pause()
        assert app.is_running
