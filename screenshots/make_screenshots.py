"""Render the README's screenshots: the demo's home timeline, dark and light, at 120x40.

Run from the project root:

    uv run python screenshots/make_screenshots.py

It starts the same embedded demo server as `tuiclient --demo` (posts, boost, reply,
content warning, image with alt text) and drives the real app with the snapshot
tests' setup (tests/snapshots/sample_app.py): fixed terminal size, a clock five
minutes after the newest post, the status line's time pinned to that clock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.snapshots.sample_app import (  # noqa: E402 - needs the project root on sys.path
    SIZE,
    frozen_wall_clock,
    make_app,
    minutes_after,
    wait_until_loaded,
)
from tuiclient.app import TuiClientApp  # noqa: E402
from tuiclient.demo import demo_session  # noqa: E402
from tuiclient.session import AccountSession  # noqa: E402

OUTPUT = Path(__file__).resolve().parent
SCREENSHOTS = {"home-dark.svg": "tuiclient-dark", "home-light.svg": "tuiclient-light"}
"""File name -> theme."""

SHOWN_ACCT = "ada@localhost"
"""The demo server's port changes every run; the account bar shows this stable name."""


async def render(app: TuiClientApp, target: Path) -> None:
    """Run `app` headless until its timeline has loaded, then save what it shows."""
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> int:
    """Write every screenshot in SCREENSHOTS next to this script."""
    with demo_session() as demo:
        account = demo.config.accounts[0]
        session = AccountSession(account, demo.secrets.get_token(account.acct) or "")
        newest: datetime = session.fetch("home")[0]["created_at"]
        moment = minutes_after(newest, 5)
        shown = dataclasses.replace(account, acct=SHOWN_ACCT)
        with frozen_wall_clock(moment):
            for name, theme in SCREENSHOTS.items():
                app = make_app(session, lambda: moment, theme=theme, account=shown)
                asyncio.run(render(app, OUTPUT / name))
                print(f"wrote {OUTPUT / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
