"""Text that scrolls like a pager: j and k by a line, space and b by a page."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll


class TextScroll(VerticalScroll):
    """A `VerticalScroll` with the pager keys as well as the arrows and page keys.

    It takes the focus like any scroll container: a screen that opens on one names it in
    `AUTO_FOCUS` (or focuses it), so the keys work without pressing tab first.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="scroll.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="scroll.up"),
        Binding("space", "page_down", "Page down", show=False, id="scroll.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="scroll.page_up"),
    ]
