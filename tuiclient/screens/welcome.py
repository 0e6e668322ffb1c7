"""`WelcomeScreen`: shown when there is no account to open yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class WelcomeScreen(Screen[None]):
    """Tells a new user how to add an account or try the demo."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        """The explanation and the way forward."""
        yield Static(
            f"{self.reason}\n\n"
            "Add an account with:   tuiclient login example.social\n"
            "Try it without one:    tuiclient --demo\n\n"
            "ctrl+q quits.",
            markup=False,
        )
        yield Footer()
