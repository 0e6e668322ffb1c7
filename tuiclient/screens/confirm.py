"""`ConfirmScreen`: a yes/no question before something that cannot be taken back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tuiclient.widgets.scrolling import TextScroll


class ConfirmScreen(ModalScreen[bool]):
    """Asks `question`; dismisses with True for yes (y, or the yes button), else False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm.no"),
    ]

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $warning;
        background: $panel;
        padding: 1 2;
    }
    ConfirmScreen #question {
        height: auto;
        max-height: 50vh;
        margin-bottom: 1;
    }
    ConfirmScreen Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConfirmScreen Button {
        margin-left: 2;
    }
    """

    def __init__(self, question: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        """The question and two buttons; the safe one has the focus."""
        with Vertical():
            # A long question scrolls: the buttons stay on a small screen.
            with TextScroll(id="question"):
                yield Static(self.question, markup=False)
            with Horizontal():
                yield Button(f"{self.no} (n)", id="no")
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        """Focus "no": enter alone never confirms."""
        self.query_one("#no", Button).focus()
        self.call_after_refresh(self._focus_long_question)

    def _focus_long_question(self) -> None:
        # A question taller than its box takes the focus, so j, k and space read it through
        # without tab first; enter there does nothing, so it still never confirms.
        if not self.is_current:
            return  # answered already (a key typed ahead)
        question = self.query_one("#question", TextScroll)
        if question.max_scroll_y > 0:
            question.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer with a key."""
        self.dismiss(yes)
