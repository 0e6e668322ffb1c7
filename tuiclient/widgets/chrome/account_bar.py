"""`AccountBar`: the active account, always visible, so identities are never mixed up."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tuiclient.config import AccountConfig


class AccountBar(Static):
    """A one-line header: `@user@host`, the account's label, and the open view."""

    DEFAULT_CSS = """
    AccountBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, account: AccountConfig, view_title: str) -> None:
        super().__init__()
        self.account = account
        self.view_title = view_title

    def on_mount(self) -> None:
        """Apply the account's own colour, if the user gave it one."""
        if self.account.color:
            try:
                self.styles.background = self.account.color
            except Exception:  # noqa: BLE001 - a bad colour in the config must not stop the app
                self.notify(f"Ignoring colour {self.account.color!r} of {self.account.acct}")
        self.show()

    def show(self) -> None:
        """Redraw the bar from the account and view title."""
        label = f" [{self.account.label}]" if self.account.label else ""
        self.update(
            Content.assemble(
                ("tuiclient", "bold"),
                "  ·  ",
                (f"@{self.account.acct}", "bold $accent"),
                label,
                "  ·  ",
                self.view_title,
            )
        )
