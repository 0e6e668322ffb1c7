"""The installed `tuiclient --demo` in a real terminal (tmux): keys in, screen text out.

Each test starts the console script in its own tmux server (a private socket), with
HOME, the XDG folders and TMPDIR pointing into the test's temp folder, reads the
screen with `capture-pane`, and stops the server at the end whatever happened.

Without tmux these tests skip, unless TUICLIENT_REQUIRE_TMUX=1 (then they fail).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 120, 40
START_TIMEOUT = 30.0
"""Seconds the demo may take to start its server and show the first page."""

NEWEST_POST = "Newest post of the demo"
CW_TITLE = "Cryptography spoilers"
CW_TEXT = "Spoilers for the Enigma paper inside."
OLDEST_POST = "Taped it into the log book. #debugging (1)"
"""The first generated demo post (tuiclient/demo_data.py), the oldest of the timeline."""

MARK = "▌"


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
    """A tmux pane running `tuiclient --demo`, read and typed into like a user would."""

    def __init__(self, tmux: str, root: Path) -> None:
        self.tmux = tmux
        self.name = f"tuiclient-e2e-{uuid.uuid4().hex[:10]}"
        self.home = root / "home"
        self.tmpdir = root / "tmp"
        for folder in (self.home, self.tmpdir):
            folder.mkdir()

    def environment(self) -> dict[str, str]:
        """The spawned app's environment: a throwaway HOME, XDG folders and TMPDIR."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TUICLIENT_", "XDG_", "TMUX"))
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            TMPDIR=str(self.tmpdir),
            TERM="xterm-256color",
        )
        return env

    def run(self, *args: str) -> str:
        """Run a tmux command on this terminal's private server; its output."""
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

    def start(self, *command: str) -> None:
        """Open a WIDTH x HEIGHT pane running `command`; keep the pane when it exits.

        A shell around the command writes its exit status to `exit_status_file`:
        tmux itself sometimes leaves an exited pane process unreaped, without status.
        """
        wrapper = '"$@"; echo "$?" > "$EXIT_STATUS_FILE"'
        self.run(
            "new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
            "-e", f"EXIT_STATUS_FILE={self.exit_status_file}",
            "sh", "-c", wrapper, "sh", *command,
            ";", "set-option", "-t", self.name, "remain-on-exit", "on",
        )  # fmt: skip

    @property
    def exit_status_file(self) -> Path:
        """Where the command's exit status is written when it ends."""
        return self.tmpdir.parent / "exit-status"

    def stop(self) -> None:
        """Kill the private tmux server (and anything still running in it)."""
        subprocess.run(
            [self.tmux, "-L", self.name, "kill-server"],
            capture_output=True,
            timeout=10,
            env=self.environment(),
            check=False,
        )

    def screen(self) -> str:
        """The text on screen now."""
        return self.run("capture-pane", "-p", "-t", self.name)

    def pane(self, field: str) -> str:
        """A tmux format field of the pane, e.g. `pane_dead`."""
        return self.run("display-message", "-p", "-t", self.name, f"#{{{field}}}").strip()

    def press(self, *keys: str) -> None:
        """Send keys by their tmux names (`j`, `End`, `C-q`)."""
        self.run("send-keys", "-t", self.name, *keys)

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 10) -> str:
        """Poll the screen until `condition(screen)` holds; the screen it held on."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if self.pane("pane_dead") == "1":
                raise AssertionError(
                    f"the app exited waiting for {what}; the screen shows:\n{screen}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_for_text(self, text: str, timeout: float = 10) -> str:
        """Poll the screen until `text` is on it."""
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def selected(self, screen: str | None = None) -> list[str]:
        """The lines of the selected post: those starting with the selection mark."""
        lines = (screen if screen is not None else self.screen()).splitlines()
        return [line[1:].strip() for line in lines if line.startswith(MARK)]

    def press_and_wait_for_selection_change(self, key: str) -> list[str]:
        """Press `key` and wait until the selection mark is on another post."""
        before = self.selected()
        self.press(key)
        screen = self.wait_for(
            lambda screen: self.selected(screen) != before, f"{key!r} to move the selection"
        )
        return self.selected(screen)

    def demo_homes(self) -> set[Path]:
        """The demo's temporary homes in this terminal's TMPDIR."""
        return set(self.tmpdir.glob("tuiclient-demo-*"))


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Terminal]:
    """`tuiclient --demo` running in tmux, its first page on screen."""
    terminal = Terminal(_tmux(), tmp_path)
    command = _tuiclient()
    assert not terminal.demo_homes()
    try:
        terminal.start(command, "--demo")
        terminal.wait_for_text(NEWEST_POST, timeout=START_TIMEOUT)
        yield terminal
    finally:
        terminal.stop()


def test_the_demo_opens_on_the_newest_post_and_j_moves_to_the_next(demo: Terminal) -> None:
    """The newest post is selected first; j puts the mark on the post below it."""
    first = demo.selected()
    assert any(NEWEST_POST in line for line in first), first
    assert first[0].startswith("Grace Hopper @grace")

    second = demo.press_and_wait_for_selection_change("j")

    assert not any(NEWEST_POST in line for line in second)
    assert second[0].startswith("Alan Turing @alan"), second
    screen = demo.screen()
    assert screen.index(NEWEST_POST) < screen.index(second[1]), "j moved up instead of down"


def test_s_on_alans_post_reveals_what_the_content_warning_hides(demo: Terminal) -> None:
    """Moving to the post behind "Cryptography spoilers" and pressing s shows its text."""
    assert CW_TEXT not in demo.screen()
    for _ in range(10):
        if any(CW_TITLE in line for line in demo.selected()):
            break
        demo.press_and_wait_for_selection_change("j")
    else:
        pytest.fail(f"j never reached the post with the content warning:\n{demo.screen()}")

    demo.press("s")

    screen = demo.wait_for_text(CW_TEXT)
    assert CW_TEXT in " ".join(demo.selected(screen)), (
        "the revealed text is not the selected post's"
    )
    demo.press("s")
    demo.wait_for(lambda screen: CW_TEXT not in screen, "s to hide the text again")


def test_going_to_the_end_keeps_loading_older_posts_down_to_the_first_one(demo: Terminal) -> None:
    """Pressing G (end) again and again pages back until the oldest demo post is shown."""
    loaded = demo.wait_for(lambda screen: "posts loaded" in screen, "the post count")
    assert OLDEST_POST not in loaded
    deadline = time.monotonic() + 25
    keys = itertools.cycle(["G", "End"])
    while OLDEST_POST not in demo.screen():
        assert time.monotonic() < deadline, f"older posts never arrived:\n{demo.screen()}"
        demo.press(next(keys))
        time.sleep(0.4)

    screen = demo.wait_for_text("No older posts.")
    assert any(OLDEST_POST in line for line in demo.selected(screen)), "G did not select the oldest"


def test_dot_refreshes_and_the_status_line_says_so(demo: Terminal) -> None:
    """`.` asks the server for new posts; the status line reports the result and the time."""
    before = demo.wait_for(lambda screen: "posts loaded" in screen, "the first page")
    assert "Up to date" not in before

    demo.press(".")

    screen = demo.wait_for_text("Up to date")
    assert "updated" in screen.split("Up to date", 1)[1].splitlines()[0]


def test_ctrl_q_quits_and_leaves_nothing_behind(demo: Terminal) -> None:
    """ctrl+q ends the app cleanly; its temporary home is gone and no config was written."""
    homes = demo.demo_homes()
    assert len(homes) == 1, f"expected one demo home in TMPDIR, found {homes}"

    demo.press("C-q")

    deadline = time.monotonic() + 15
    while not demo.exit_status_file.exists() or demo.pane("pane_dead") != "1":
        assert time.monotonic() < deadline, f"the app did not exit:\n{demo.screen()}"
        time.sleep(0.1)
    assert demo.exit_status_file.read_text().strip() == "0", demo.screen()
    assert not demo.demo_homes(), "the demo's temporary home was not removed"
    assert not [path for path in homes if path.exists()]
    written = [
        path
        for path in demo.home.rglob("*")
        if "tuiclient" in str(path.relative_to(demo.home)).lower()
    ]
    assert written == [], f"the demo wrote into the user's folders: {written}"
