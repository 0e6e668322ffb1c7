"""`AboutScreen`: the server's rules, privacy policy and terms, and what this client stores."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tuiclient.api import about
from tuiclient.api.errors import ApiError
from tuiclient.config import AccountConfig
from tuiclient.storage import stored_for
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.scrolling import TextScroll


class AboutScreen(Screen[None]):
    """Everything a user may want to check about a server and about this client's files."""

    AUTO_FOCUS = "#about"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="about.back"),
        Binding("question_mark", "app.toggle_keys", "Keys", id="app.keys"),
    ]

    DEFAULT_CSS = """
    AboutScreen #about {
        padding: 0 2;
        background: $surface;
    }
    AboutScreen .heading {
        text-style: bold;
        color: $accent;
        margin-top: 1;
    }
    """

    def __init__(self, account: AccountConfig) -> None:
        super().__init__()
        self.account = account

    def compose(self) -> ComposeResult:
        """The account bar, the sections, the keys."""
        yield AccountBar(self.account, "About this server")
        with TextScroll(id="about"):
            yield Static("Asking the server about itself…", id="server", markup=False)
            yield Static("What tuiclient keeps for this account", classes="heading", markup=False)
            yield Static(self._stored(), id="stored")
        yield Footer()

    def _stored(self) -> Content:
        lines = []
        for item in stored_for(self.account.acct, self.account.server):
            mark = "●" if item.exists else "○"
            lines.append(Content.assemble(f"{mark} {item.what}\n    ", (item.where, "dim")))
        lines.append(
            Content(
                "\nNothing else: no cache of posts, no analytics, no update checks. "
                "Removing the account (tuiclient accounts remove) deletes all of the above."
            )
        )
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        """Fetch the server's documents in a worker."""
        self._fetch()

    @work(thread=True, exclusive=True, group="about", exit_on_error=False)
    def _fetch(self) -> None:
        try:
            info = about.fetch(self.account.server)
        except ApiError as error:
            self.app.call_from_thread(self._show_error, error.message)
            return
        self.app.call_from_thread(self._show, info)

    def _show_error(self, message: str) -> None:
        self.query_one("#server", Static).update(Content(message))

    def _show(self, info: about.ServerAbout) -> None:
        sections: list[tuple[str, str]] = [
            (
                "Server",
                f"{info.title or info.domain} ({info.domain})\nSoftware version {info.version or 'unknown'}"
                + (f"\nContact: {info.contact}" if info.contact else ""),
            ),
            ("About", info.description or "The server has no description."),
            (
                "Rules",
                "\n".join(f"{n}. {rule}" for n, rule in enumerate(info.rules, 1))
                or "The server lists no rules.",
            ),
            ("Privacy policy", info.privacy_policy or "The server publishes no privacy policy."),
            ("Terms of service", info.terms or "The server publishes no terms of service."),
        ]
        parts = []
        for heading, text in sections:
            parts.append(Content.styled(heading, "bold $accent"))
            parts.append(Content(text + "\n"))
        self.query_one("#server", Static).update(Content("\n").join(parts))
