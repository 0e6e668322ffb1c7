"""No key press lost while pages load: a burst of `j` from a fresh start, in tmux.

    uv run python bench/burst.py                      # 400 posts, 200 j, 5 fresh starts
    uv run python bench/burst.py --posts 400 --presses 200 --repeat 10

Same set-up as startup_memory.py (mastodon_mock in this process with "Post number 1" ..
"Post number N", a throwaway home, the installed command in a private tmux at 120x40, a
bytecode cache and one warm-up start unless `--bytecode inherit`). For each fresh start:

1. wait until the newest post ("Post number N") is on screen;
2. at once, send `--presses` j in one `tmux send-keys` call (the first page holds 40 posts,
   so most of the moves happen while older pages are still loading);
3. poll the screen and read which post is selected (its lines start with the "▌" mark),
   until it is the one `--presses` below the newest ("Post number N - presses"), or until
   nothing changed for `--stall` seconds.

It reports, per start, where the selection ended and how long the burst took to land (from
just before send-keys until the target is drawn), and the requests the app made meanwhile.
A run "stalls" when the selection stops short: key presses were lost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from startup_memory import (
    BENCH_DIR,
    LOADED,
    RESULTS_DIR,
    TUICLIENT,
    BenchError,
    Tmux,
    prepare_home,
    quit_app,
    seeded_server,
    start_app,
    store_token,
    warm_up,
    write_tmux_conf,
)

SELECTED_POST = re.compile(r"Post number (\d+)")


def selected_number(screen: str) -> int | None:
    """The number of the selected post: its lines start with the selection mark."""
    for line in screen.splitlines():
        if line.startswith("▌"):
            match = SELECTED_POST.search(line)
            if match:
                return int(match.group(1))
    return None


@dataclass
class Burst:
    """One fresh start and one burst."""

    reached: bool
    selected_post: int | None
    landed_ms: float
    posts_loaded: int
    requests: list[str] = field(default_factory=list)


def burst(
    tmux: Tmux, posts: int, presses: int, poll: float, stall: float, timeout: float
) -> tuple[bool, int | None, float, str]:
    """Send the burst; follow the selection. Returns (reached, post, seconds, last screen)."""
    target = posts - presses
    start = time.perf_counter()
    tmux.send(*(["j"] * presses))
    screen = tmux.capture()
    last_change = time.perf_counter()
    while True:
        number = selected_number(screen)
        now = time.perf_counter()
        if number == target:
            return True, number, now - start, screen
        if now - last_change > stall or now - start > timeout:
            return False, number, now - start, screen
        time.sleep(poll)
        before, screen = screen, tmux.capture()
        if screen != before:
            last_change = time.perf_counter()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=400, help="posts on the home timeline")
    parser.add_argument("--presses", type=int, default=200, help="j presses in the burst")
    parser.add_argument("--repeat", type=int, default=5, help="fresh starts")
    parser.add_argument("--poll-ms", type=float, default=10.0, help="capture-pane interval")
    parser.add_argument("--stall", type=float, default=5.0, help="seconds without a change")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per step at most")
    parser.add_argument("--bytecode", choices=("cached", "inherit"), default="cached")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not 0 < args.presses < args.posts:
        raise SystemExit("--presses must be between 1 and --posts - 1")
    if not TUICLIENT.exists():
        raise SystemExit(f"{TUICLIENT} is missing: run `uv sync` first")
    if not shutil.which("tmux"):
        raise SystemExit("tmux is not installed")
    poll = args.poll_ms / 1000
    tmp = Path(tempfile.mkdtemp(prefix="tuiclient-burst-"))
    server = None
    results: list[Burst] = []
    try:
        env = prepare_home(tmp, "file", args.bytecode)
        conf = write_tmux_conf(tmp / "tmux.conf")
        server, requests, acct = seeded_server(args.posts)
        store_token("file", acct, "ada_token")
        ada = server.client("ada")
        newest_id = str(ada.timeline_home(limit=1)[0]["id"])
        if args.bytecode == "cached":
            warm_up(conf, env, acct, args.posts, poll, args.timeout, tmp)

        for i in range(args.repeat):
            # The app restores the read position (markers) a run may have saved: each start
            # has to open at the newest post.
            ada.markers_set(["home"], [newest_id])
            tmux = Tmux(f"tuiclient-burst-{os.getpid()}-{i}", conf, env)
            try:
                exit_file = tmp / f"exit-status-{i}"
                _, pid, _ = start_app(tmux, acct, args.posts, poll, args.timeout, exit_file)
                sent = time.perf_counter()
                reached, number, took, screen = burst(
                    tmux, args.posts, args.presses, poll, args.stall, args.timeout
                )
                loaded = LOADED.search(screen)
                result = Burst(
                    reached=reached,
                    selected_post=number,
                    landed_ms=took * 1000,
                    posts_loaded=int(loaded.group(1)) if loaded else 0,
                    requests=requests.between(sent, time.perf_counter()),
                )
                results.append(result)
                print(
                    f"run {i + 1}: {'reached' if reached else 'STALLED at'} post {number} "
                    f"in {took * 1000:.0f} ms, {result.posts_loaded} posts loaded, "
                    f"{len(result.requests)} requests",
                    file=sys.stderr,
                )
                if not reached:
                    print(f"the screen was:\n{screen}", file=sys.stderr)
                quit_app(tmux, pid, exit_file)
            finally:
                tmux.kill_server()

        target = args.posts - args.presses
        landed = [r.landed_ms for r in results if r.reached]
        print(
            f"tuiclient burst bench: {args.posts} posts, {args.presses} j at once after the "
            f"first post, {args.repeat} fresh starts, bytecode={args.bytecode}, "
            f"poll every {args.poll_ms:g} ms"
        )
        print(f"  target: the post {args.presses} below the newest, 'Post number {target}'")
        print(
            f"  reached: {len(landed)} of {len(results)}"
            + (
                ""
                if len(landed) == len(results)
                else "; stalled at " + ", ".join(str(r.selected_post) for r in results)
            )
        )
        if landed:
            print(
                f"  send-keys -> target drawn: median {statistics.median(landed):.0f}  "
                f"min {min(landed):.0f}  max {max(landed):.0f} ms"
            )
        if results:
            print(f"  requests during the last burst: {'; '.join(results[-1].requests) or '-'}")
        print(f"  /proc/loadavg at the end: {Path('/proc/loadavg').read_text().strip()}")
        if not args.no_json:
            RESULTS_DIR.mkdir(exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            out = RESULTS_DIR / f"burst-{args.posts}-{args.presses}-{stamp}.json"
            data = {"args": vars(args), "runs": [asdict(r) for r in results]}
            out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            print(f"  json: {out.relative_to(BENCH_DIR.parent)}")
        return 0 if len(landed) == len(results) else 1
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
