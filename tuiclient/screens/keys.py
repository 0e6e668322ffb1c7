"""`KeysScreen`: every key of the screen below, in a column that j/k and space scroll.

Textual's own keys panel cannot be scrolled from the keyboard, and it starts with keys that
mean nothing here (scrolling sideways, tab, copying a selection): on a small terminal the
app's own keys fell off its end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tuiclient.widgets.scrolling import TextScroll

HIDDEN_ACTIONS = frozenset(
    {
        "scroll_left",  # lists and text here wrap: nothing scrolls sideways
        "scroll_right",
        "page_left",
        "page_right",
        "app.focus_next",  # tab and shift+tab work as in every app
        "app.focus_previous",
        "screen.copy_text",  # copying a mouse selection
        "app.toggle_keys",  # this list itself
    }
)
"""Actions whose keys are left out of the list."""


def key_lines(bindings: Iterable[ActiveBinding], key_display: Callable[[Binding], str]) -> Content:
    """The keys, one action a line, grouped by where they act (the list, the screen, the
    app) as the footer orders them; keys that do nothing now are dim."""
    groups: list[list[tuple[str, Binding, bool]]] = []
    for _node, group in groupby(bindings, key=lambda active: active.node):
        actions: dict[str, tuple[list[str], Binding, bool]] = {}
        for active in group:
            binding = active.binding
            if binding.system or binding.action in HIDDEN_ACTIONS:
                continue
            keys, _, _ = actions.setdefault(binding.action, ([], binding, active.enabled))
            if (shown := key_display(binding)) not in keys:
                keys.append(shown)
        if actions:
            groups.append([(" ".join(keys), b, on) for keys, b, on in actions.values()])
    width = max((cell_len(shown) for rows in groups for shown, _, _ in rows), default=0)
    lines: list[Content] = []
    for rows in groups:
        if lines:
            lines.append(Content(""))
        for shown_keys, binding, enabled in rows:
            line = Content.assemble(
                " " * (width - cell_len(shown_keys)),
                (shown_keys, "bold $text-accent"),
                "  ",
                binding.description or binding.action,
                (f"  {binding.tooltip}" if binding.tooltip else "", "$text-muted"),
            )
            lines.append(line if enabled else line.stylize("dim"))
    return Content("\n").join(lines)


class KeysScreen(ModalScreen[None]):
    """The keys of the screen it opened over, beside it; esc or `?` closes it."""

    AUTO_FOCUS = "#keys"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="keys.close"),
    ]
    DEFAULT_CSS = """
    KeysScreen {
        align: right top;
    }
    KeysScreen > #keys {
        width: 33%;
        min-width: 40;
        max-width: 60;
        height: 100%;
        background: $panel;
        border-left: vkey $foreground 30%;
        padding: 0 1;
    }
    KeysScreen #keys-title {
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    def __init__(self, bindings: Iterable[ActiveBinding]) -> None:
        super().__init__()
        self.shown = list(bindings)

    def compose(self) -> ComposeResult:
        """A title and the keys, scrolling together."""
        with TextScroll(id="keys"):
            yield Static("Keys (j/k scroll, esc closes)", id="keys-title", markup=False)
            yield Static(key_lines(self.shown, self.app.get_key_display), id="key-list")

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)
