"""`VoteScreen`: choose poll options with the keyboard."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, SelectionList

from tuiclient.render import sanitize
from tuiclient.widgets.lists import PickList, TickList


class VoteScreen(ModalScreen[list[int] | None]):
    """The options of a poll; dismisses with the chosen positions, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="vote.close"),
        Binding("ctrl+s", "vote", "Vote", priority=True, id="vote.vote"),
    ]

    DEFAULT_CSS = """
    VoteScreen {
        align: center middle;
    }
    VoteScreen > #choices {
        width: 70;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $panel;
    }
    VoteScreen Label {
        width: 70;
        color: $text-muted;
    }
    """

    def __init__(self, poll: dict[str, Any]) -> None:
        super().__init__()
        self.poll = poll
        self.titles = [
            sanitize(str(option.get("title", "")))[:200]
            for option in poll.get("options") or ()
            if isinstance(option, dict)
        ]
        self.multiple = poll.get("multiple") is True

    def compose(self) -> ComposeResult:
        """A list to pick one option from, or to tick several."""
        if self.multiple:
            choices: PickList | TickList[int] = TickList[int](
                *[(Content(title), index) for index, title in enumerate(self.titles)], id="choices"
            )
            choices.border_title = "Vote: space ticks, ctrl+s votes, esc closes"
        else:
            choices = PickList(*[Content(title) for title in self.titles], id="choices")
            choices.border_title = "Vote: enter votes for the option, esc closes"
        yield choices
        yield Label("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """One choice: vote for it."""
        self.dismiss([event.option_index])

    def action_vote(self) -> None:
        """Vote for what is ticked (or highlighted)."""
        choices = self.query_one("#choices")
        if isinstance(choices, SelectionList):
            picked = sorted(int(value) for value in choices.selected)
            if not picked:
                self.notify("Tick at least one option (space)", severity="warning")
                return
            self.dismiss(picked)
        elif isinstance(choices, OptionList) and choices.highlighted is not None:
            self.dismiss([choices.highlighted])

    def action_close(self) -> None:
        """Close without voting."""
        self.dismiss(None)
