"""`AddAccountScreen`: log in to another server without leaving the app.

It drives the same steps as `tuiclient login` (`tuiclient.login`), each in a worker
thread: name the server, see what it is, log in in the browser (the redirect is
caught on 127.0.0.1) or paste the code the server shows.
"""

from __future__ import annotations

import webbrowser
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tuiclient import login
from tuiclient.api.errors import ApiError
from tuiclient.config import Config
from tuiclient.secrets import KeyringUnavailable, SecretStore


class AddAccountScreen(ModalScreen[str | None]):
    """Dismisses with the `acct` that was added, or None when the user gives up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="add_account.cancel"),
    ]

    DEFAULT_CSS = """
    AddAccountScreen {
        align: center middle;
    }
    AddAccountScreen > Vertical {
        width: 90;
        height: auto;
        border: round $primary;
        background: $panel;
        padding: 1 2;
    }
    AddAccountScreen Static {
        width: 100%;
        margin-bottom: 1;
    }
    AddAccountScreen #problem {
        color: $text-error;
    }
    AddAccountScreen #url {
        color: $accent;
    }
    """

    def __init__(
        self,
        config: Config,
        secrets: SecretStore,
        *,
        open_browser: bool | None = None,
        server: str = "",
    ) -> None:
        """`server` fills in the server field (logging in again to a known account)."""
        super().__init__()
        self.server = server
        self.config = config
        self.secrets = secrets
        self.open_browser = login.browser_available() if open_browser is None else open_browser
        self.authorization: login.Authorization | None = None

    def compose(self) -> ComposeResult:
        """Server field first; the URL and code field appear once the server is known."""
        with Vertical() as box:
            box.border_title = "Add an account (enter goes on, esc cancels)"
            yield Static(
                "Server (example.social, https://example.social or @you@example.social), "
                "then enter:",
                markup=False,
            )
            yield Input(self.server, placeholder="example.social", id="server")
            yield Static("", id="about", markup=False)
            yield Static("", id="url", markup=False)
            yield Input(placeholder="paste the authorization code here", id="code", disabled=True)
            yield Static("", id="problem", markup=False)

    def _say(self, widget_id: str, text: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the server field starts the login; in the code field finishes it."""
        self._say("problem", "")
        if event.input.id == "server" and event.value.strip():
            self._say("about", "Asking the server what it is…")
            self._prepare(event.value)
        elif event.input.id == "code" and event.value.strip() and self.authorization:
            self._say("about", "Checking the code…")
            self._finish(self.authorization, event.value)

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _prepare(self, text: str) -> None:
        try:
            address = login.parse_server(text)
            info = login.probe(address)
            registration = login.ensure_registration(address, self.secrets)
            authorization = login.begin(address, registration, loopback=self.open_browser)
        except (ApiError, KeyringUnavailable) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show_url, authorization, login.describe(info, address))
        if not authorization.out_of_band:
            webbrowser.open(authorization.url)
            try:
                code = authorization.wait_for_code()
            except ApiError as error:
                self.app.call_from_thread(self._failed, error.message)
                return
            self._finish_now(authorization, code)

    def _show_url(self, authorization: login.Authorization, description: str) -> None:
        if self.authorization is not None:
            self.authorization.close()
        self.authorization = authorization
        self._say("about", description)
        how = (
            "Log in in the browser that just opened; this screen continues by itself. "
            "Or open this address and paste the code below:"
            if not authorization.out_of_band
            else (authorization.fallback_reason + " " if authorization.fallback_reason else "")
            + "Open this address in a browser, log in, and paste the code it shows below:"
        )
        self._say("url", f"{how}\n\n{authorization.url}")
        code = self.query_one("#code", Input)
        code.disabled = False
        code.focus()

    @work(thread=True, exclusive=True, group="login-code", exit_on_error=False)
    def _finish(self, authorization: login.Authorization, code: str) -> None:
        self._finish_now(authorization, code)

    def _finish_now(self, authorization: login.Authorization, code: str) -> None:
        try:
            logged_in = login.finish(authorization, code, self.secrets, self.config)
        except (ApiError, KeyringUnavailable) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, logged_in.acct)

    def _failed(self, message: str) -> None:
        self._say("about", "")
        self._say("problem", message)

    def _done(self, acct: str) -> None:
        if self.authorization is not None:
            self.authorization.close()
        self.dismiss(acct)

    def action_cancel(self) -> None:
        """Give up; nothing is stored."""
        if self.authorization is not None:
            self.authorization.close()
        self.dismiss(None)
