"""Small modal questions: type a value, or choose one of a few."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tuiclient.widgets.lists import PickList

_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 64;
    height: auto;
    max-height: 80%;
    border: round $primary;
    background: $panel;
    padding: 0 1;
}}
"""


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line of text; dismisses with it, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]
    DEFAULT_CSS = _CSS.format(name="PromptScreen")

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """A titled input."""
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter answers."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Escape gives up."""
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Offers (id, label) choices; dismisses with the chosen id, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel")
    ]
    DEFAULT_CSS = _CSS.format(name="ChoiceScreen")

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        """A titled list; labels are plain text, never markup."""
        with Vertical() as box:
            box.border_title = self.title_text
            yield PickList(*(Option(label or "(untitled)", id=key) for key, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter chooses."""
        self.dismiss(self.chosen(event.option.id))

    def chosen(self, key: str | None) -> str | None:
        """What enter on the choice `key` dismisses with (subclasses say more than the id).

        Subclasses override this, not the message handler: Textual runs the handler of
        every class in turn, and a second dismiss would close the screen below.
        """
        return key

    def action_cancel(self) -> None:
        """Escape gives up."""
        self.dismiss(None)
