"""The README's screenshots are what the app draws today, not what it drew some time ago.

`screenshots/make_screenshots.py` renders the demo's home timeline in both shipped themes
with every time pinned, so the same code gives the same images. This test runs it into a
temporary folder and compares: when the app's look changes, the committed images must be
made again (the command is in the failure message), and so can never go stale unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "screenshots" / "make_screenshots.py"
NAMES = ("home-dark.svg", "home-light.svg")


def test_readme_screenshots_match_what_the_app_draws_now(tmp_path: Path) -> None:
    pytest.importorskip("mastodon_mock")
    env = {**os.environ, "TUICLIENT_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stale = [
        name
        for name in NAMES
        if (tmp_path / name).read_bytes() != (ROOT / "screenshots" / name).read_bytes()
    ]
    assert not stale, (
        f"{', '.join(stale)} no longer show what the app draws: run "
        "`uv run python screenshots/make_screenshots.py` and commit the images"
    )
