"""Posting from the installed `tuiclient --demo` in tmux: keys in, then the server's state.

The demo server's address is on screen (`@ada@127.0.0.1:PORT` in the header); the
tests read it from there and ask the server over HTTP what it has.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_demo_in_tmux import (
    NEWEST_POST,
    START_TIMEOUT,
    Terminal,
    _tmux,
    _tuiclient,
)

pytestmark = pytest.mark.e2e

EDITOR_TEXT = "Written in my own editor"


class PostingTerminal(Terminal):
    """The demo in tmux, with $VISUAL set to a script that writes `EDITOR_TEXT`."""

    def __init__(self, tmux: str, root: Path) -> None:
        super().__init__(tmux, root)
        self.editor = root / "editor.sh"
        self.editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "{EDITOR_TEXT}" > "$1"\n')
        self.editor.chmod(0o700)

    def environment(self) -> dict[str, str]:
        """The demo's environment, plus the editor."""
        return {**super().environment(), "VISUAL": str(self.editor)}

    def server(self) -> str:
        """The demo server's base URL, read off the header."""
        match = re.search(r"@ada@(127\.0\.0\.1:\d+)", self.screen())
        assert match, f"no account in the header:\n{self.screen()}"
        return f"http://{match[1]}"

    def public_posts(self) -> list[dict[str, Any]]:
        """The newest posts on the demo server, as its public API shows them."""
        response = httpx.get(f"{self.server()}/api/v1/timelines/public", params={"limit": 10})
        response.raise_for_status()
        posts: list[dict[str, Any]] = response.json()
        return posts

    def app_pid(self) -> int:
        """The process id of tuiclient (the child of the pane's shell)."""
        shell = int(self.pane("pane_pid"))
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert children, "tuiclient is not running in the pane"
        return int(children[0])


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[PostingTerminal]:
    """`tuiclient --demo` in tmux with its first page on screen."""
    terminal = PostingTerminal(_tmux(), tmp_path)
    try:
        terminal.start(_tuiclient(), "--demo")
        terminal.wait_for_text(NEWEST_POST, timeout=START_TIMEOUT)
        yield terminal
    finally:
        terminal.stop()


def _post_shown(terminal: PostingTerminal, text: str) -> bool:
    return any(text in post["content"] for post in terminal.public_posts())


def test_n_then_typing_then_ctrl_s_puts_the_post_on_the_server(demo: PostingTerminal) -> None:
    """A new post, written and sent with three keys, is on the server exactly once."""
    text = f"Typed in tmux {int(time.time())}"
    demo.press("n")
    demo.wait_for_text("Posting as @ada@127.0.0.1:")
    demo.run("send-keys", "-t", demo.name, "-l", text)
    demo.wait_for_text(text)
    demo.press("C-s")

    demo.wait_for_text("Posted as @ada")
    deadline = time.monotonic() + 10
    while not _post_shown(demo, text):
        assert time.monotonic() < deadline, "the post never reached the server"
        time.sleep(0.2)
    assert sum(text in post["content"] for post in demo.public_posts()) == 1


def test_ctrl_e_writes_the_post_in_the_editor_from_visual(demo: PostingTerminal) -> None:
    """ctrl+e hands the terminal to $VISUAL; what it saved comes back and is sent."""
    demo.press("n")
    demo.wait_for_text("Posting as")
    demo.press("C-e")
    demo.wait_for_text(EDITOR_TEXT)
    demo.press("C-s")

    demo.wait_for_text("Posted as @ada")
    assert _post_shown(demo, EDITOR_TEXT)


def test_a_killed_app_loses_no_more_than_the_last_second_of_typing(
    demo: PostingTerminal,
) -> None:
    """kill -9 while writing: the draft on disk has what was typed a second before."""
    text = "Words that must survive a crash"
    demo.press("n")
    demo.wait_for_text("Posting as")
    demo.run("send-keys", "-t", demo.name, "-l", text)
    demo.wait_for_text(text)
    time.sleep(1.0)

    os.kill(demo.app_pid(), signal.SIGKILL)

    [home] = demo.demo_homes()  # a killed demo cannot clean up after itself
    drafts = list((home / "data" / "drafts").rglob("*.json"))
    assert len(drafts) == 1, drafts
    assert '"text": "Words that must survive a crash"' in drafts[0].read_text()
    assert oct(drafts[0].stat().st_mode & 0o777) == "0o600"
