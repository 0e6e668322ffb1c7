"""Render the README's screenshots: the demo's home timeline, dark and light, at 120x40.

Run from the project root:

    uv run python screenshots/make_screenshots.py [FOLDER]

(FOLDER: where to write them instead of screenshots/.)

It starts the same embedded demo server as `tuiclient --demo` (posts, boost, reply,
content warning, image with alt text) and drives the real app with the snapshot
tests' setup (tests/snapshots/sample_app.py): fixed terminal size, the posts' times
moved so the newest was written at NEWEST (the demo server stamps them when it is
seeded), a clock five minutes later, the status line's time pinned to that clock and
the time zone set to UTC. The same code therefore draws the same images on every run,
which tests/snapshots/test_screenshots_current.py checks against the committed ones.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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
from tuiclient.session import AccountSession, TimelineSource  # noqa: E402

OUTPUT = Path(__file__).resolve().parent
SCREENSHOTS = {"home-dark.svg": "tuiclient-dark", "home-light.svg": "tuiclient-light"}
"""File name -> theme."""

SHOWN_ACCT = "ada@localhost"
"""The demo server's port changes every run; the account bar shows this stable name."""

NEWEST = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
"""When the newest demo post reads as written, whatever day the script runs."""


def _shifted(value: Any, delta: timedelta) -> Any:
    """A copy of a status (its boosted and quoted posts too) with its times moved by `delta`."""
    if not isinstance(value, dict):
        return value
    moved = value.copy()
    for key in ("created_at", "edited_at"):
        if isinstance(moved.get(key), datetime):
            moved[key] = moved[key] + delta
    for key in ("reblog", "quote", "quoted_status"):
        moved[key] = _shifted(moved.get(key), delta)
    return moved


class PinnedTimes:
    """A `TimelineSource` serving the demo's posts as if the newest was written at NEWEST."""

    def __init__(self, source: AccountSession, delta: timedelta) -> None:
        self.source = source
        self.delta = delta
        self.page_size = source.page_size

    def fetch(
        self, timeline: str, *, max_id: str | None = None, since_id: str | None = None
    ) -> Any:
        """One page of `timeline`, with every time moved by `delta`."""
        page = self.source.fetch(timeline, max_id=max_id, since_id=since_id)
        return [_shifted(status, self.delta) for status in page]


async def render(app: TuiClientApp, target: Path) -> None:
    """Run `app` headless until its timeline has loaded, then save what it shows."""
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main(argv: list[str] | None = None) -> int:
    """Write every screenshot in SCREENSHOTS next to this script (or into the folder given)."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else OUTPUT
    os.environ["TZ"] = "UTC"  # times on screen are local times
    time.tzset()
    with demo_session() as demo:
        account = demo.config.accounts[0]
        session = AccountSession(account, demo.secrets.get_token(account.acct) or "")
        newest: datetime = session.fetch("home")[0]["created_at"]
        source: TimelineSource = PinnedTimes(session, NEWEST - newest)
        moment = minutes_after(NEWEST, 5)
        shown = dataclasses.replace(account, acct=SHOWN_ACCT)
        with frozen_wall_clock(moment):
            for name, theme in SCREENSHOTS.items():
                app = make_app(source, lambda: moment, theme=theme, account=shown)
                asyncio.run(render(app, output / name))
                print(f"wrote {output / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
