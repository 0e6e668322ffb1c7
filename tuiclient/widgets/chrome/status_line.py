"""`StatusLine`: what the app is doing, and the last thing that went wrong."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class StatusLine(Static):
    """One line at the bottom: activity on the left, counts on the right."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $post-muted;
        padding: 0 1;
    }
    StatusLine.-error {
        color: $text-error;
    }
    """

    message: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")

    def say(self, message: str, *, error: bool = False) -> None:
        """Show `message`; errors stay until the next message."""
        self.set_class(error, "-error")
        self.message = message

    def render(self) -> Content:
        """The message, and the detail after it."""
        if self.detail:
            return Content.assemble(self.message, "  ·  ", self.detail)
        return Content(self.message)
