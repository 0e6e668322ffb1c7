"""The installed `tuiclient login` in a real terminal (tmux), with the real OS keyring.

A mastodon_mock server runs in the test process. In a private tmux server the test runs
`tuiclient login http://127.0.0.1:PORT --no-browser`, reads the printed URL off the screen,
allows access on the server's authorize form as a person would in a browser, types the code
into the terminal, then runs `tuiclient accounts` and `tuiclient accounts remove`.

Skips without tmux (fails with TUICLIENT_REQUIRE_TMUX=1) and without a usable Secret Service
(fails with TUICLIENT_REQUIRE_KEYRING=1): the command keeps its token nowhere else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring.backend
import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.test_login import code_shown_to, token_status
from tests.keyring.conftest import secret_service_backend  # noqa: F401  (the fixture)
from tuiclient.secrets import SecretStore

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 200, 40
"""Wide enough for the login URL to fit on few lines; `capture-pane -J` joins the rest."""


def _tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        reason = "tmux is not installed (apt-get install tmux); the e2e lane needs a terminal"
        if os.environ.get("TUICLIENT_REQUIRE_TMUX") == "1":
            pytest.fail(f"TUICLIENT_REQUIRE_TMUX=1 but {reason}")
        pytest.skip(reason)
    return tmux


def _tuiclient() -> str:
    beside_python = Path(sys.executable).parent / "tuiclient"
    command = str(beside_python) if beside_python.exists() else shutil.which("tuiclient")
    if command is None:
        pytest.fail("the tuiclient console script is not installed (run `uv sync`)")
    return command


class Terminal:
    """A shell in a tmux pane on a private server, typed into and read like a person would.

    Commands are typed into one long-lived shell (which reaps them) rather than run as the
    pane's own process; each prints a marker with its exit status when it ends.
    """

    def __init__(self, tmux: str, root: Path) -> None:
        self.tmux = tmux
        self.name = f"tuiclient-login-{uuid.uuid4().hex[:10]}"
        self.home = root / "home"
        self.home.mkdir()
        self.runs = 0

    def environment(self) -> dict[str, str]:
        """A throwaway HOME and TUICLIENT_HOME; the D-Bus session (the keyring) is kept."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TUICLIENT_", "TMUX", "PYTHON_KEYRING"))
        }
        env.update(
            HOME=str(self.home),
            TUICLIENT_HOME=str(self.home / "tuiclient"),
            TERM="xterm-256color",
        )
        return env

    def tmux_command(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.name, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=10,
            env=self.environment(),
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self) -> None:
        self.tmux_command(
            "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
            "bash --norc --noprofile",
        )  # fmt: skip
        self.wait_for(lambda screen: screen.strip() != "", "the shell prompt")

    def run(self, command: str) -> None:
        """Type `command` into the shell on a cleared screen."""
        self.runs += 1
        self.type(f"clear; {command}; echo __exit_$?__{self.runs}")

    def type(self, text: str) -> None:
        self.tmux_command("send-keys", "-t", self.name, "-l", text)
        self.tmux_command("send-keys", "-t", self.name, "Enter")

    def press(self, *keys: str) -> None:
        """Press keys (tmux key names: `a`, `Down`, `Enter`, `C-q`)."""
        for key in keys:
            self.tmux_command("send-keys", "-t", self.name, key)
            time.sleep(0.2)

    def screen(self) -> str:
        """The text on screen, wrapped lines joined."""
        return self.tmux_command("capture-pane", "-p", "-J", "-t", self.name)

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_for_exit(self, timeout: float = 30) -> tuple[int, str]:
        """Wait until the latest command ended; its exit status and its output."""
        marker = re.compile(rf"^__exit_(\d+)__{self.runs}$", re.MULTILINE)
        screen = self.wait_for(
            lambda s: marker.search(s) is not None, "the command to end", timeout
        )
        found = marker.search(screen)
        assert found is not None
        return int(found.group(1)), screen[: found.start()]

    def stop(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.name, "kill-server"],
            capture_output=True,
            timeout=10,
            env=self.environment(),
            check=False,
        )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(_tmux(), tmp_path)
    try:
        term.start()
        yield term
    finally:
        term.stop()


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer() as started:
        yield started


def test_login_in_a_terminal_with_a_pasted_code_then_accounts_lists_it(
    terminal: Terminal,
    server: MockServer,
    secret_service_backend: keyring.backend.KeyringBackend,  # noqa: F811
) -> None:
    command = _tuiclient()
    acct = f"alice@127.0.0.1:{server.port}"
    store = SecretStore(secret_service_backend)
    try:
        terminal.run(f"{command} login {server.base_url} --no-browser")
        screen = terminal.wait_for(lambda s: "Code:" in s, "the code prompt")
        assert "runs mastodon" in screen and "it speaks the Mastodon API" in screen
        urls = [line for line in screen.splitlines() if line.startswith(server.base_url)]
        assert len(urls) == 1, screen

        terminal.type(code_shown_to(urls[0], "alice"))

        status, screen = terminal.wait_for_exit()
        assert status == 0, screen
        assert f"Logged in as @{acct} (Alice)." in screen
        token = store.get_token(acct)
        assert token and token_status(server, token) == 200
        assert token not in screen

        # A second identity on the same server.
        other = f"bob@127.0.0.1:{server.port}"
        terminal.run(f"{command} login {server.base_url} --no-browser")
        screen = terminal.wait_for(lambda s: "Code:" in s, "the second code prompt")
        urls = [line for line in screen.splitlines() if line.startswith(server.base_url)]
        terminal.type(code_shown_to(urls[0], "bob"))
        status, screen = terminal.wait_for_exit()
        assert status == 0, screen

        terminal.run(f"{command} accounts")
        status, screen = terminal.wait_for_exit()
        assert status == 0, screen
        assert any(line.startswith(f"* {acct} ") for line in screen.splitlines()), screen
        assert any(line.startswith(f"  {other} ") for line in screen.splitlines()), screen

        # The app opens the default account; `a` switches, and the header says who you are.
        terminal.run(command)
        terminal.wait_for(lambda s: f"@{acct}" in s and "Home" in s, "alice's home timeline")
        terminal.press("a")
        terminal.wait_for(lambda s: "Switch account" in s, "the account switcher")
        terminal.press("Down", "Enter")
        screen = terminal.wait_for(lambda s: f"@{other}" in s.splitlines()[0], "bob in the header")
        assert f"@{acct}" not in screen.splitlines()[0]
        terminal.press("C-q")
        status, screen = terminal.wait_for_exit()
        assert status == 0, screen
        store.delete_token(other)

        terminal.run(f"{command} accounts remove {acct}")
        status, screen = terminal.wait_for_exit()
        assert status == 0, screen
        assert "The server revoked the token" in screen
        assert store.get_token(acct) is None
        assert token_status(server, token) == 401
    finally:
        store.delete_token(acct)
        store.delete_client(server.base_url)
