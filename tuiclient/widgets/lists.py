"""Lists that j and k move as well as the arrows: the timeline's keys work in every list.

A list opens with its first choice highlighted, so `j` then `enter` always picks the second:
never the first because nothing was highlighted yet.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable, OptionList, SelectionList
from textual.widgets.data_table import CellType
from textual.widgets.selection_list import SelectionType

_JK: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
]


def _start_on_first(options: OptionList) -> None:
    if options.highlighted is None:
        options.action_first()


class PickList(OptionList):
    """An `OptionList` that j and k move: pick one with enter.

    Its labels are plain text, never markup: they hold what servers send (display names,
    addresses), and "[@click=app.quit]" in a name must stay text.
    """

    BINDINGS: ClassVar[list[BindingType]] = _JK

    def __init__(self, *content: Any, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(*content, markup=markup, **kwargs)

    def on_mount(self) -> None:
        """Highlight the first choice (unless the screen chose one)."""
        _start_on_first(self)


class TickList(SelectionList[SelectionType]):
    """A `SelectionList` that j and k move: tick several with space."""

    BINDINGS: ClassVar[list[BindingType]] = _JK

    def on_mount(self) -> None:
        """Highlight the first choice (unless the screen chose one)."""
        _start_on_first(self)


class PickTable(DataTable[CellType]):
    """A `DataTable` whose row cursor j and k move."""

    BINDINGS: ClassVar[list[BindingType]] = _JK
