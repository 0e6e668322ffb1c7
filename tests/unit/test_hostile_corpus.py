"""The hostile corpus drawn by the real timeline widget: text on screen, never terminal control."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from tests import hostile
from tuiclient.screens.profile import profile_content
from tuiclient.thread import Thread
from tuiclient.widgets.timeline import TimelineView


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView()


def every_line(view: TimelineView) -> list[Any]:
    """Every strip of every loaded item, drawn at the view's width (not only what is on screen)."""
    strips = []
    for index in range(view.item_count):
        strips.extend(view._item_strips(index, view._layout_width))
    return strips


def assert_clean(view: TimelineView) -> str:
    """No control character in any segment of any line; the text of the screen."""
    for strip in every_line(view):
        bad = hostile.control_in(list(strip))
        assert not bad, bad[:3]
    screen = []
    for y in range(view.size.height):
        line = view.render_line(y)
        assert not hostile.control_in(list(line))
        screen.append(line.text)
    return "\n".join(screen)


def test_the_corpus_holds_what_the_issue_lists() -> None:
    texts = hostile.strings()
    assert len(texts["long_100k"]) == 100_000
    assert (
        texts["emoji_5000"].count("😀") == 1250 and texts["html_nested_5000"].count("<div>") == 5000
    )
    assert "\ud800" in texts["lone_surrogates"] and "\u202e" in texts["bidi_override"]
    assert "\x1b]52;" in texts["osc52_clipboard"] and "\x1b]8;;" in texts["osc8_hyperlink"]
    statuses = hostile.statuses()
    assert any(len(s["poll"]["options"]) == 20 for s in statuses if s.get("poll"))
    assert {"113.456/789", "../../etc/passwd", "[b]id[/b]"} <= {str(s["id"]) for s in statuses}
    _, replies = hostile.thread()
    assert len(replies) == 1000


async def test_every_hostile_status_renders_as_text_with_its_warning_open_and_shut() -> None:
    statuses = hostile.statuses()
    app = ViewApp()
    async with app.run_test(size=(100, 50)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(statuses)
        await pilot.pause()
        assert view.item_count == len(statuses)
        assert_clean(view)
        # Markup is shown as the characters it is made of.
        texts = "\n".join(view.post(str(s["id"])).content.plain for s in statuses)
        assert "[@click=app.quit]click me[/]" in texts and "[b]bold?[/b]" in texts
        # Walk through every post, opening each content warning: all of it drawn, none unsafe.
        for _ in statuses:
            await pilot.press("s", "j")
        await pilot.pause()
        assert_clean(view)
        assert view.selected == len(statuses) - 1
        long_post = next(s for s in statuses if "dull boy" in str(s["content"]))
        assert view.post(str(long_post["id"])).content.truncated_chars >= 75_000
        assert app.is_running


async def test_hostile_notifications_render_as_text() -> None:
    notifications = hostile.notifications()
    app = ViewApp()
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(notifications)
        await pilot.pause()
        screen = assert_clean(view)
        assert "[@click=app.quit]" in screen or any(
            "[@click=app.quit]" in view.post(str(n["id"])).context for n in notifications
        )
        for _ in notifications:
            await pilot.press("j")
        assert app.is_running


async def test_a_thousand_replies_deep_render_a_page_at_a_time() -> None:
    focus, replies = hostile.thread()
    thread = Thread.from_context(focus, {"ancestors": [], "descendants": replies})
    assert len(thread.posts) == 1001
    page = thread.page()
    app = ViewApp()
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(TimelineView)
        view.set_items(page.items, page.indents)
        await pilot.pause()
        assert_clean(view)
        await pilot.press("G")
        await pilot.pause()
        assert_clean(view)
        assert app.is_running


def test_hostile_profiles_are_text() -> None:
    for status in hostile.statuses():
        content = profile_content(status["account"], None, is_self=False)
        assert not hostile.CONTROL.search(content.plain)
        for segment in content.render_segments():
            assert not hostile.CONTROL.search(segment.text)
