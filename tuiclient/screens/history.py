"""`HistoryScreen`: every version of an edited post, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tuiclient.render import plain_text, sanitize
from tuiclient.widgets.scrolling import TextScroll


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone().strftime("%d %b %Y %H:%M")
    return sanitize(str(value or ""))[:40]


class HistoryScreen(ModalScreen[None]):
    """The versions of a post as the server keeps them (the current one last)."""

    AUTO_FOCUS = "#versions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="history.close"),
    ]

    DEFAULT_CSS = """
    HistoryScreen {
        align: center middle;
    }
    HistoryScreen > #versions {
        width: 90;
        height: auto;
        max-height: 85%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    HistoryScreen .version {
        margin-bottom: 1;
    }
    """

    def __init__(self, versions: list[Any]) -> None:
        super().__init__()
        self.versions = versions

    def compose(self) -> ComposeResult:
        """One block per version."""
        with TextScroll(id="versions") as scroll:
            scroll.border_title = "Edit history (j/k scroll, esc closes)"
            count = len(self.versions)
            for number, version in enumerate(self.versions, 1):
                label = "current" if number == count else f"version {number}"
                spoiler = sanitize(str(version.get("spoiler_text") or ""))[:500]
                yield Static(
                    Content.assemble(
                        (f"{label} · {_when(version.get('created_at'))}", "bold"),
                        ("\n⚠ CW: " + spoiler if spoiler else "", "$warning"),
                        "\n",
                        plain_text(version.get("content"))[:5000],
                    ),
                    classes="version",
                )
            if not self.versions:
                yield Static("The server keeps no history for this post.")

    def action_close(self) -> None:
        """Back to the posts."""
        self.dismiss(None)
