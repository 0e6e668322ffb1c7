"""`DraftsScreen`: the account's unsent drafts; enter reopens one in the composer."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tuiclient.drafts import Draft, DraftStore
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.widgets.lists import PickList


def _when(draft: Draft) -> str:
    try:
        return datetime.fromisoformat(draft.updated_at).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        return "?"


def _kind(draft: Draft) -> str:
    if draft.edit_id:
        return "edit"
    if draft.in_reply_to_id:
        return f"reply to {draft.reply_to}" if draft.reply_to else "reply"
    if draft.quoted_status_id:
        return "quote"
    return "post"


class DraftsScreen(ModalScreen[Draft | None]):
    """A list of drafts, newest first; dismisses with the draft to reopen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="drafts.close"),
        Binding("delete,x", "discard", "Discard draft", id="drafts.discard"),
    ]

    DEFAULT_CSS = """
    DraftsScreen {
        align: center middle;
    }
    DraftsScreen > #box {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    DraftsScreen #drafts {
        height: auto;
        border: none;
    }
    DraftsScreen Label {
        width: 100%;
        color: $text-muted;
    }
    """

    def __init__(self, store: DraftStore) -> None:
        super().__init__()
        self.store = store
        self.drafts: list[Draft] = []

    def compose(self) -> ComposeResult:
        """The list and a hint."""
        with Vertical(id="box") as box:
            box.border_title = f"Drafts of @{self.store.acct} (enter opens, x discards, esc closes)"
            yield PickList(id="drafts")
            yield Label("", id="hint")

    def on_mount(self) -> None:
        """Read the drafts from disk."""
        self._reload()

    def _reload(self) -> None:
        self.drafts = self.store.list()
        options = self.query_one(OptionList)
        options.clear_options()
        for draft in self.drafts:
            options.add_option(
                Option(
                    Content.assemble(
                        (_when(draft), "dim"),
                        "  ",
                        (f"[{_kind(draft)}]", "bold"),
                        "  ",
                        (f"CW: {draft.spoiler_text}  " if draft.spoiler_text else "", "$warning"),
                        draft.summary(60),
                    )
                )
            )
        if self.drafts:
            options.highlighted = 0
        hint = self.query_one("#hint", Label)
        hint.update("" if self.drafts else "No drafts: everything you wrote has been posted.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Reopen the chosen draft."""
        self.dismiss(self.drafts[event.option_index])

    def action_close(self) -> None:
        """Close without opening a draft."""
        self.dismiss(None)

    def action_discard(self) -> None:
        """Throw the highlighted draft away, after asking."""
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.drafts):
            return
        draft = self.drafts[index]

        def discard(yes: bool | None) -> None:
            if yes:
                self.store.delete(draft.id)
                self._reload()
                self.notify("Draft discarded", timeout=3)

        self.app.push_screen(
            ConfirmScreen(f"Discard this draft for good?\n\n{draft.summary(200)}", yes="Discard"),
            discard,
        )
