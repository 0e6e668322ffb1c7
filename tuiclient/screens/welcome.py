"""`WelcomeScreen`: shown when there is no account to open yet."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from tuiclient.widgets.chrome.footer import Footer


class WelcomeScreen(Screen[None]):
    """Tells a new user how to add an account or try the demo."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "app.add_account", "Log in", id="welcome.login"),
    ]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        """The explanation and the way forward."""
        yield Static(
            f"{self.reason}\n\n"
            "Add an account: press l here,\n"
            "    or run: tuiclient login example.social\n"
            "Try it without one: tuiclient --demo\n\n"
            "ctrl+q quits.",
            markup=False,
        )
        yield Footer()
