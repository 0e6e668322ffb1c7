"""Soak: the real app, streaming and paging for minutes against a server that keeps failing.

    uv run python bench/soak.py --minutes 10
    uv run python bench/soak.py --minutes 1 --seed 7      # a quick look

What it does (loopback only, every loop bounded by the deadline):

1. Starts mastodon_mock in a child process on 127.0.0.1 (SQLite in a temp file, so a
   restart keeps its posts), seeded with ada following grace, who has written 200 posts.
2. Makes a throwaway tuiclient home (`TUICLIENT_HOME` in a temp folder, deleted at the
   end) and writes `--drafts` drafts for ada with `tuiclient.drafts.DraftStore`.
3. Runs the real `TuiClientApp` headless under Textual's Pilot, in this process (so the
   RSS measured is the app's, not the server's), with live updates on and retry delays
   cut to 0.5-5 s so that many failure-and-recovery cycles fit in the run.
4. Meanwhile, until the deadline:
   - grace posts every 1-4 s (the app gets them over its stream, or by refreshing);
   - the keys a reader presses arrive every 0.1-0.6 s: j, k, G (load older pages), g,
     `.`, 1/2/3 (home, notifications, local), s, enter/escape (threads);
   - every 4-15 s a random fault is injected on a GET path the app uses (5xx, 429 with
     Retry-After, latency, malformed JSON, a hung request), 1-5 requests long;
   - every `--restart-every` seconds the server is stopped for 5 s and started again on
     the same port (the stream drops, every request fails, then all comes back);
   - every 15 s: RSS (VmRSS of this process), loaded items, stream state.
5. At the end: faults cleared, then checks that a key press is answered, that no
   timeline holds an id twice, that no unexpected exception happened, and that every
   draft on disk is byte-for-byte what was written at the start.

Prints a report; a JSON copy goes to bench/results/ unless --no-json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import tracemalloc
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

RESULTS = Path(__file__).parent / "results"

SERVER = textwrap.dedent(
    """
    import sys, time
    import uvicorn
    from mastodon_mock.app import create_app
    from mastodon_mock.config import (
        DatabaseConfig, MastodonMockConfig, SeedAccount, SeedConfig, SeedFollow, SeedStatus,
        StreamingConfig,
    )
    import os, threading
    port, db = int(sys.argv[1]), sys.argv[2]
    parent = os.getppid()

    def orphaned():  # the soak died without stopping us: stop too
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    seed = SeedConfig(
        accounts=[
            SeedAccount(username="ada", display_name="Ada", access_token="ada_token"),
            SeedAccount(username="grace", display_name="Grace", access_token="grace_token"),
        ],
        follows=[SeedFollow(follower="ada", following="grace")],
        statuses=[SeedStatus(account="grace", text=f"Post number {n}") for n in range(1, 201)],
    )
    config = MastodonMockConfig(
        database=DatabaseConfig(path=db), seed=seed, url_scheme="http",
        streaming=StreamingConfig(heartbeat_seconds=2.0),
    )
    uvicorn.run(create_app(config), host="127.0.0.1", port=port, log_level="critical")
    """
)

FAULT_PATHS = [
    "/api/v1/timelines/home",
    "/api/v1/timelines/public",
    "/api/v1/notifications",
    "/api/v1/streaming/user",
    "/api/v1/markers",
    "/api/v1/statuses/*/context",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    """mastodon_mock in a child process on a fixed port; it can be stopped and restarted."""

    def __init__(self, port: int, db: Path) -> None:
        self.port = port
        self.db = db
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port), str(self.db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/api/v1/instance", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("mastodon_mock did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None


class Chaos:
    """Posts as grace and injects faults from background threads until told to stop."""

    def __init__(self, server: Server, rng: random.Random, deadline: float, restart_every: float):
        self.server = server
        self.rng = rng
        self.deadline = deadline
        self.restart_every = restart_every
        self.stop = threading.Event()
        self.posts = 0
        self.post_failures = 0
        self.faults: dict[str, int] = {}
        self.down = threading.Event()
        self.lock = threading.Lock()
        self.inject = True

    def running(self) -> bool:
        return not self.stop.is_set() and time.monotonic() < self.deadline

    def poster(self) -> None:
        n = 0
        while self.running():
            self.stop.wait(self.rng.uniform(1, 4))
            if self.down.is_set():
                continue
            n += 1
            try:
                answer = httpx.post(
                    f"{self.server.base_url}/api/v1/statuses",
                    data={"status": f"Soak post {n}"},
                    headers={"Authorization": "Bearer grace_token"},
                    timeout=5,
                )
                if answer.status_code == 200:
                    self.posts += 1
                else:
                    self.post_failures += 1
            except httpx.HTTPError:
                self.post_failures += 1

    def injector(self) -> None:
        next_restart = time.monotonic() + (self.restart_every or float("inf"))
        while self.running():
            self.stop.wait(self.rng.uniform(4, 15))
            if not self.running():
                return
            if time.monotonic() >= next_restart:
                with self.lock:
                    self.down.set()
                    self.server.stop()
                    self.stop.wait(5)
                    self.server.start()
                    self.server.restarts += 1
                    self.down.clear()
                next_restart = time.monotonic() + self.restart_every
                continue
            if not self.inject:
                continue
            kind = self.rng.choice(
                ["500", "502", "503", "504", "429", "latency", "malformed", "timeout"]
            )
            effect: dict[str, Any]
            if kind == "429":
                effect = {
                    "type": "ratelimit",
                    "headers": {"Retry-After": str(self.rng.randint(1, 5))},
                }
            elif kind == "latency":
                effect = {"type": "latency", "delay_ms": self.rng.randint(200, 3000)}
            elif kind in ("malformed", "timeout"):
                effect = {"type": kind}
            else:
                effect = {"type": "status", "status": int(kind)}
            rule = {
                "match": {"methods": ["GET"], "path": self.rng.choice(FAULT_PATHS)},
                "effect": effect,
                "count": 1 if kind == "timeout" else self.rng.randint(1, 5),
            }
            try:
                httpx.post(f"{self.server.base_url}/api/v1/_mock/faults", json=rule, timeout=5)
                self.faults[kind] = self.faults.get(kind, 0) + 1
            except httpx.HTTPError:
                pass


async def soak(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    # Imported after TUICLIENT_HOME is set.
    from tuiclient import logs
    from tuiclient.app import TuiClientApp
    from tuiclient.config import AccountConfig, Config
    from tuiclient.drafts import Draft, DraftStore
    from tuiclient.retry import Backoff, Patience
    from tuiclient.screens.timeline import TimelineScreen
    from tuiclient.secrets import MemoryKeyring, SecretStore
    from tuiclient.timeline import Gap

    log_file = logs.setup()  # what the app says went wrong goes to the temp log folder
    rng = random.Random(args.seed)
    server = Server(free_port(), home / "mock.sqlite")
    server.start()
    acct = f"ada@127.0.0.1:{server.port}"
    store = DraftStore(acct)
    for n in range(args.drafts):
        store.save(Draft(text=f"Draft {n}: " + "nothing may be lost " * (n + 1)))
    drafts_before = {p.name: p.read_bytes() for p in store.folder.glob("*.json")}

    secrets = SecretStore(MemoryKeyring())
    secrets.set_token(acct, "ada_token")
    config = Config(
        default_account=acct,
        refresh_seconds=30,
        accounts=[AccountConfig(acct=acct, server=server.base_url, display_name="ada")],
    )
    patience = Patience(
        request_timeout=4.0,
        retry=Backoff(first=0.5, cap=5.0),
        stream_retry=Backoff(first=0.5, cap=5.0),
        stream_read_timeout=15.0,
    )
    app = TuiClientApp(config, secrets, save_config=False, patience=patience)
    states: dict[str, int] = {}
    original_state = app._stream_state

    def count_state(who: str, text: str) -> None:
        key = text.split(" in ")[0] if text.startswith("retrying") else text
        states[key] = states.get(key, 0) + 1
        original_state(who, text)

    app._stream_state = count_state  # type: ignore[method-assign]

    start = time.monotonic()
    deadline = start + args.minutes * 60
    chaos = Chaos(server, rng, deadline, args.restart_every)
    chaos.inject = not args.no_faults
    samples: list[dict[str, Any]] = []
    presses = 0
    keys = args.keys.split(",")
    threads = [
        threading.Thread(target=chaos.poster, daemon=True),
        threading.Thread(target=chaos.injector, daemon=True),
    ]
    report: dict[str, Any] = {}
    first_snapshot: tracemalloc.Snapshot | None = None
    if args.tracemalloc:
        tracemalloc.start(8)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for thread in threads:
                thread.start()
            next_sample = time.monotonic()
            while time.monotonic() < deadline:
                await pilot.press(rng.choice(keys))
                presses += 1
                await pilot.pause(rng.uniform(0.1, 0.6))
                if time.monotonic() >= next_sample:
                    loaded = {
                        name: len(t.items) for name, t in app.sessions[acct].timelines.items()
                    }
                    samples.append(
                        {
                            "t": round(time.monotonic() - start, 1),
                            "rss_kib": rss_kib(),
                            "items": loaded,
                            "stream": app.stream_states.get(acct, ""),
                        }
                    )
                    next_sample += args.sample_every
                    if args.tracemalloc and first_snapshot is None and samples[-1]["t"] >= 60:
                        first_snapshot = tracemalloc.take_snapshot()
            chaos.stop.set()
            if first_snapshot is not None:
                growth = tracemalloc.take_snapshot().compare_to(first_snapshot, "traceback")
                report["tracemalloc_growth"] = [
                    {
                        "kib": round(stat.size_diff / 1024),
                        "count": stat.count_diff,
                        "where": stat.traceback.format()[-8:],
                    }
                    for stat in growth[:15]
                ]
            for thread in threads:
                thread.join(timeout=30)
            with chaos.lock:
                httpx.delete(f"{server.base_url}/api/v1/_mock/faults", timeout=5)
            # Responsive: a key press is answered (the selection moves) within a second.
            await pilot.press("1")
            await pilot.pause(0.5)
            screen = app.screen
            assert isinstance(screen, TimelineScreen)
            view = screen.view
            await pilot.press("g")
            before = view.selected
            began = time.monotonic()
            await pilot.press("j")
            while view.selected == before and time.monotonic() - began < 1:
                await pilot.pause(0.01)
            answered = view.selected != before
            key_ms = (time.monotonic() - began) * 1000
            duplicates = {}
            for name, timeline in app.sessions[acct].timelines.items():
                ids = [str(i["id"]) for i in timeline.items if not isinstance(i, Gap)]
                duplicates[name] = len(ids) - len(set(ids))
            report.update(
                {
                    "responsive": answered and app.is_running,
                    "key_press_ms": round(key_ms, 1),
                    "exception": repr(app._exception) if app._exception else None,
                    "duplicate_ids": duplicates,
                    "status_line": str(screen.status.render()),
                }
            )
    finally:
        chaos.stop.set()
        server.stop()
    drafts_after = {p.name: p.read_bytes() for p in store.folder.glob("*.json")}
    logged = log_file.read_text(encoding="utf-8").splitlines()
    report.update(
        {
            "log_warnings": sum(" WARNING " in line for line in logged),
            "log_errors": sum(" ERROR " in line for line in logged),
            "minutes": args.minutes,
            "seed": args.seed,
            "key_presses": presses,
            "grace_posts": chaos.posts,
            "grace_post_failures": chaos.post_failures,
            "faults_injected": chaos.faults,
            "server_restarts": server.restarts,
            "stream_states_seen": states,
            "drafts": len(drafts_before),
            "drafts_intact": drafts_after == drafts_before,
            "rss_samples": samples,
        }
    )
    return report


def summary(report: dict[str, Any]) -> str:
    samples = report["rss_samples"]
    lines = [
        f"soak: {report['minutes']} min, seed {report['seed']}",
        f"  key presses {report['key_presses']}, grace posted {report['grace_posts']} "
        f"({report['grace_post_failures']} failed), server restarts {report['server_restarts']}",
        f"  faults injected: {report['faults_injected']}",
        f"  stream states seen: {report['stream_states_seen']}",
        f"  log: {report['log_warnings']} warnings (failed requests), "
        f"{report['log_errors']} errors",
    ]
    if samples:
        picks = [samples[0], samples[len(samples) // 2], samples[-1]]
        for label, s in zip(("start", "middle", "end"), picks, strict=True):
            total = sum(s["items"].values())
            lines.append(
                f"  RSS {label:>6} (t={s['t']:>6}s): {s['rss_kib'] / 1024:7.1f} MiB, "
                f"{total} items loaded, stream {s['stream']!r}"
            )
        warm = [s for s in samples if s["t"] >= 60] or samples
        lines.append(
            f"  RSS after the first minute: min {min(s['rss_kib'] for s in warm) / 1024:.1f} "
            f"MiB, max {max(s['rss_kib'] for s in warm) / 1024:.1f} MiB"
        )
    lines += [
        f"  responsive at the end: {report.get('responsive')} "
        f"(key answered in {report.get('key_press_ms')} ms)",
        f"  unexpected exception: {report.get('exception')}",
        f"  duplicate ids per timeline: {report.get('duplicate_ids')}",
        f"  drafts intact: {report['drafts_intact']} ({report['drafts']} drafts)",
    ]
    for growth in report.get("tracemalloc_growth", [])[:10]:
        lines.append(f"  grew {growth['kib']:>6} KiB in {growth['count']:>6} blocks at:")
        lines.extend(f"      {line.strip()[:110]}" for line in growth["where"][-6:])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument(
        "--restart-every", type=float, default=150.0, metavar="SECONDS", help="0: never"
    )
    parser.add_argument("--sample-every", type=float, default=15.0, metavar="SECONDS")
    parser.add_argument("--no-json", action="store_true")
    parser.add_argument("--no-faults", action="store_true", help="no injected faults (baseline)")
    parser.add_argument(
        "--keys",
        default="j,j,j,k,G,g,.,1,2,3,s,enter,escape",
        help="the keys pressed at random, comma-separated",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="record where memory grew between the first minute and the end (slower)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tuiclient-soak-") as tmp:
        home = Path(tmp)
        os.environ["TUICLIENT_HOME"] = str(home / "home")
        report = asyncio.run(soak(args, home))
    print(summary(report))
    if not args.no_json:
        RESULTS.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = RESULTS / f"soak-{args.minutes:g}min-{stamp}.json"
        path.write_text(json.dumps(report, indent=1))
        print(f"  JSON: {path}")
    ok = report.get("responsive") and report["drafts_intact"] and not report.get("exception")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
