"""`AccountBar`: the active account, always visible, so identities are never mixed up."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tuiclient.config import AccountConfig

_WIDE = "  ·  "
_NARROW = " · "


class AccountBar(Static):
    """A one-line header: `@user@host`, the account's label, and the open view.

    On a narrow terminal the view's name stays whole and the rest gives way: first the
    app's name, then the wide separators, then the label; last, the account's address is
    cut short (its start, `@user@host…`, is what tells accounts apart).
    """

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
        self.refresh()

    def render(self) -> Content:
        """The bar as it fits the width it has now (all of it before it is laid out)."""
        return self.line(self.content_size.width)

    def line(self, width: int) -> Content:
        """The longest form of the bar that fits in `width` cells (0: no limit)."""
        acct = (f"@{self.account.acct}", "bold $accent")
        label = f" [{self.account.label}]" if self.account.label else ""
        view = self.view_title
        for parts in (
            (("tuiclient", "bold"), _WIDE, acct, label, _WIDE, view),
            (acct, label, _WIDE, view),
            (acct, label, _NARROW, view),
            (acct, _NARROW, view),
        ):
            line = Content.assemble(*parts)
            if width <= 0 or line.cell_length <= width:
                return line
        shown = Content(view)
        room = width - shown.cell_length - len(_NARROW)
        if room < len("@x…"):
            return shown.truncate(width, ellipsis=True)
        short = Content.styled(acct[0], acct[1]).truncate(room, ellipsis=True)
        return Content.assemble(short, _NARROW, shown)
