"""`AccountSwitcher`: pick the account to read and post as, with one key and a list."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tuiclient.config import AccountConfig
from tuiclient.widgets.lists import PickList

ADD_ACCOUNT = "+add"
"""The option that opens the add-account screen (never a valid `user@host`)."""


class AccountSwitcher(ModalScreen[str | None]):
    """A list of the user's accounts; dismisses with the chosen `acct` (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,a", "cancel", "Keep this account", id="switcher.cancel"),
    ]

    DEFAULT_CSS = """
    AccountSwitcher {
        align: center middle;
    }
    AccountSwitcher > #switcher {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    AccountSwitcher Label {
        width: 70;
        max-width: 100%;
        color: $text-muted;
    }
    """

    def __init__(self, accounts: list[AccountConfig], current: str) -> None:
        super().__init__()
        self.accounts = accounts
        self.current = current

    def compose(self) -> ComposeResult:
        """The title and one option per account."""
        options = []
        for account in self.accounts:
            marker = "●" if account.acct == self.current else " "
            label = f"  [{account.label}]" if account.label else ""
            name = f"  {account.display_name}" if account.display_name else ""
            options.append(
                Option(
                    Content.assemble(
                        f"{marker} ", (f"@{account.acct}", "bold"), label, (name, "dim")
                    ),
                    id=account.acct,
                )
            )
        options.append(Option(Content.styled("+ Add an account…", "italic"), id=ADD_ACCOUNT))
        switcher = PickList(*options, id="switcher")
        switcher.border_title = "Switch account (enter picks, esc keeps)"
        yield switcher
        yield Label("")

    def on_mount(self) -> None:
        """Start on the active account, so enter without moving changes nothing."""
        switcher = self.query_one(OptionList)
        acct_ids = [a.acct for a in self.accounts]
        if self.current in acct_ids:
            switcher.highlighted = acct_ids.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Switch to the chosen account."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without switching."""
        self.dismiss(None)
