"""Startup time, memory and key latency of the installed `tuiclient` command, in tmux.

    uv run python bench/startup_memory.py --posts 400
    uv run python bench/startup_memory.py --posts 2000 --repeat 5 --keyring secret-service

What it does:

1. Starts mastodon_mock in this process on 127.0.0.1 (plain http, in-memory SQLite), with
   "ada" (token "ada_token") following "grace", who has written N posts "Post number 1" ..
   "Post number N" (the last is the newest).
2. Makes a throwaway tuiclient home: `TUICLIENT_HOME`, `XDG_CONFIG_HOME`, `XDG_DATA_HOME`
   and `XDG_CACHE_HOME` all point into a temporary folder, deleted at the end. The config
   names one account, `ada@127.0.0.1:PORT`, with `refresh_seconds = 0` so no background
   refresh runs during a measurement.
3. Stores ada's token in a keyring the spawned process can read. `--keyring` picks how:
   - `file` (default): `bench/bench_keyring.py`, a plaintext JSON file in the temp folder,
     chosen with `PYTHON_KEYRING_BACKEND=bench_keyring.PlaintextFileKeyring` and
     `PYTHONPATH=bench`. No extra dependency and no D-Bus. Acceptable here only because the
     token is a throwaway one for a throwaway server. keyring skips backend discovery when
     PYTHON_KEYRING_BACKEND is set, so this start is a little cheaper than a real one.
   - `secret-service`: the real OS keyring. The script re-runs itself under
     `dbus-run-session`, starts `gnome-keyring-daemon --foreground --unlock
     --components=secrets` (keyrings in the temp XDG_DATA_HOME) and leaves keyring to
     auto-detect its backend, as on a user's desktop. Needs gnome-keyring and dbus.
4. Startup: spawns the installed command (`<venv>/bin/tuiclient`) in tmux at 120x40 on a
   private socket and config (`tmux -L <name> -f <temp conf>`, status bar off so the app
   gets all 40 rows) under a one-line `sh -c` that records its exit status (tmux 3.3 often
   loses `#{pane_dead_status}`), records the time just before `tmux new-session` and polls `tmux
   capture-pane -p` every --poll-ms until "Post number N" is on screen. Also noted: when the
   account bar first appears (Textual has painted; the first page may still be loading) and
   RSS at that moment. A fresh tmux server and process for each of --repeat runs.
5. Memory: in the last run, presses `G` (oldest loaded post) until the status line says
   "N posts loaded" (each `G` near the end makes the app fetch one older page of 40), then
   reads VmRSS and VmHWM (peak) from /proc/<pid>/status. The same pages are also fetched
   with Mastodon.py from this process ("server alone"), to tell server time from app time.
6. Key latency: then presses `g` (newest) and 50 times `j` (or `k` once at the last post),
   timing from just before `tmux send-keys` until capture-pane shows a different screen.
7. Prints a report and writes JSON to bench/results/ (git-ignored) unless --no-json.

Bytecode (`--bytecode`): an installed tuiclient runs from compiled bytecode (pip compiles
it; Python writes it on the first run). This sandbox sets PYTHONDONTWRITEBYTECODE=1 and uv
does not compile, so every start would compile every module from source (Textual alone then
takes about 0.6 s instead of 0.1 s to import). `cached` (default) gives the spawned processes
a bytecode cache in bench/results/pycache (PYTHONPYCACHEPREFIX; the venv is not touched) and
makes one untimed warm-up start first; `inherit` leaves the environment as it is.

Requests: mastodon_mock's access log is recorded in this process, so the report lists what
the app asked the server for until the first post, and in the 2 s after it.

Baselines printed beside the figures:
- "tmux floor": the same spawn-and-poll path with `sh -c 'echo READY'` instead of tuiclient.
  A startup figure minus the floor is what the app itself costs.
- "bare Textual app": a one-Static Textual app run by the same interpreter, same path.
- "fresh process": outside tmux, `python -c pass`, then in one process the time to import
  textual.app, then tuiclient.app on top, then SecretStore() + get_token (keyring detection
  and the read).
- "tmux call": the median of one capture-pane / send-keys call. A key latency is the app's
  reaction plus one send-keys call plus up to one poll interval plus one capture call.
The machine's /proc/loadavg is printed too: on a busy box the spread grows.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
TUICLIENT = Path(sys.executable).parent / "tuiclient"
WIDTH, HEIGHT = 120, 40
PAGE_SIZE = 40
DBUS_MARKER = "TUICLIENT_BENCH_IN_DBUS"
ACCOUNT_BAR = re.compile(r"tuiclient\s+·\s+@ada@")
LOADED = re.compile(r"(\d+) posts loaded")
PYCACHE_DIR = RESULTS_DIR / "pycache"
SETTLE_S = 2.0
"""Seconds after the first post during which the requests are still counted as "at start"."""


class BenchError(RuntimeError):
    """The app did not do what the bench waits for; the message says what was on screen."""


# -- tmux -----------------------------------------------------------------------------------


class Tmux:
    """One private tmux server (its own socket and config) holding one pane."""

    def __init__(self, socket: str, conf: Path, env: dict[str, str]) -> None:
        self.socket = socket
        self.conf = conf
        self.env = env
        self.target = "bench:0.0"

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.conf), *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if check and result.returncode != 0:
            raise BenchError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def new_session(self, *command: str) -> None:
        self.run("new-session", "-d", "-s", "bench", "-x", str(WIDTH), "-y", str(HEIGHT), *command)

    def capture(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.target)

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.target, *keys)

    def pane(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", self.target, fmt).strip()

    def dead(self) -> bool:
        return self.pane("#{pane_dead}") == "1"

    def kill_server(self) -> None:
        self.run("kill-server", check=False)


def write_tmux_conf(path: Path) -> Path:
    path.write_text(
        "set -g status off\n"  # the pane gets all 40 rows
        "set -g remain-on-exit on\n"  # a crash leaves its traceback readable
        "set -g default-terminal tmux-256color\n"
        "set -g escape-time 0\n"
        "set -g history-limit 0\n",
        encoding="utf-8",
    )
    return path


def wait_for(
    tmux: Tmux,
    found: Callable[[str], bool],
    *,
    start: float,
    timeout: float,
    poll: float,
    what: str,
    on_each: Callable[[str, float], None] | None = None,
) -> tuple[float, str]:
    """Poll the pane until `found(screen)`; return (seconds since `start`, screen)."""
    deadline = start + timeout
    next_liveness_check = time.perf_counter() + 0.25
    while True:
        screen = tmux.capture()
        now = time.perf_counter()
        if on_each is not None:
            on_each(screen, now - start)
        if found(screen):
            return now - start, screen
        # Asking tmux whether the pane died costs a call: only a few times a second.
        if now > next_liveness_check:
            next_liveness_check = now + 0.25
            if tmux.dead():
                raise BenchError(f"waiting for {what}: the process exited; screen:\n{screen}")
        if now > deadline:
            raise BenchError(f"waiting for {what}: nothing after {timeout:g} s; screen:\n{screen}")
        time.sleep(poll)


# -- processes and memory -------------------------------------------------------------------


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def find_tuiclient_pid(pane_pid: int) -> int:
    """The python process running tuiclient: the pane's process or one of its descendants."""
    todo = [pane_pid]
    while todo:
        pid = todo.pop(0)
        args = _cmdline(pid)
        if (
            any(Path(a).name == "tuiclient" for a in args[:2])
            and "python" in Path(os.readlink(f"/proc/{pid}/exe")).name
        ):
            return pid
        todo += _children(pid)
    raise BenchError(f"no tuiclient python process under pane pid {pane_pid}")


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of `pid`, in KiB."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


# -- the measurements -----------------------------------------------------------------------


@dataclass
class Run:
    """One fresh tuiclient process."""

    first_frame_s: float
    first_post_s: float
    rss_first_frame_kib: int
    rss_first_post_kib: int
    requests_to_first_post: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything one invocation measured (the JSON file holds this)."""

    posts: int
    repeat: int
    keyring: str
    poll_ms: float
    bytecode: str
    when: str
    python: str
    term: str
    runs: list[Run] = field(default_factory=list)
    loadavg: str = ""
    tmux_floor_s: list[float] = field(default_factory=list)
    bare_textual_s: list[float] = field(default_factory=list)
    breakdown_s: dict[str, list[float]] = field(default_factory=dict)
    capture_call_ms: float = 0.0
    send_call_ms: float = 0.0
    server_page_s: list[float] = field(default_factory=list)
    load_all_s: float = 0.0
    load_page_s: list[float] = field(default_factory=list)
    memory_first_post_kib: dict[str, int] = field(default_factory=dict)
    memory_all_loaded_kib: dict[str, int] = field(default_factory=dict)
    memory_after_keys_kib: dict[str, int] = field(default_factory=dict)
    key_latency_ms: list[float] = field(default_factory=list)
    exit_status: str = ""
    requests_after_first_post: list[str] = field(default_factory=list)


def timed_call(call: Callable[[], object], times: int = 30) -> float:
    """Median seconds of `call()`."""
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


BARE_APP = """\
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("BARE READY")


Bare().run()
"""


def time_to_text(
    conf: Path, env: dict[str, str], poll: float, tag: str, command: list[str], text: str
) -> float:
    """Seconds from `tmux new-session` running `command` until `text` is on screen."""
    tmux = Tmux(f"tuiclient-bench-{os.getpid()}-{tag}", conf, env)
    try:
        start = time.perf_counter()
        tmux.new_session(*command)
        elapsed, _ = wait_for(
            tmux, lambda s: text in s, start=start, timeout=30, poll=poll, what=repr(text)
        )
        return elapsed
    finally:
        tmux.kill_server()


def newest_post_pattern(posts: int) -> re.Pattern[str]:
    return re.compile(rf"\bPost number {posts}\b")


BREAKDOWN_PROBE = """\
import sys, time
t0 = time.perf_counter()
import textual.app
t1 = time.perf_counter()
import tuiclient.app
t2 = time.perf_counter()
from tuiclient.secrets import SecretStore
store = SecretStore()
token = store.get_token(sys.argv[1])
t3 = time.perf_counter()
assert token, "no token"
print(t1 - t0, t2 - t1, t3 - t2)
"""


BREAKDOWN_LABELS = {
    "python_start": "python -c pass",
    "import_textual_app": "import textual.app",
    "import_tuiclient_app_after_textual": "then import tuiclient.app",
    "keyring_detect_and_read": "then keyring: get token",
}


def breakdown(env: dict[str, str], acct: str, repeat: int) -> dict[str, list[float]]:
    """Fresh-process costs outside tmux: interpreter start, imports, the keyring read."""
    out: dict[str, list[float]] = {
        "python_start": [],
        "import_textual_app": [],
        "import_tuiclient_app_after_textual": [],
        "keyring_detect_and_read": [],
    }
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        out["python_start"].append(time.perf_counter() - start)
        result = subprocess.run(
            [sys.executable, "-c", BREAKDOWN_PROBE, acct],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(f"the breakdown probe failed:\n{result.stderr}")
        textual_s, tuiclient_s, keyring_s = (float(x) for x in result.stdout.split())
        out["import_textual_app"].append(textual_s)
        out["import_tuiclient_app_after_textual"].append(tuiclient_s)
        out["keyring_detect_and_read"].append(keyring_s)
    return out


# tmux 3.3 often leaves #{pane_dead_status} empty, so a thin sh records the exit status.
# The pane's process is then sh, with tuiclient as its child; the tmux floor pays for sh too.
EXIT_WRAPPER = '"$@"; echo "$?" > "$TUICLIENT_BENCH_EXIT_FILE"'


def start_app(
    tmux: Tmux,
    acct: str,
    posts: int,
    poll: float,
    timeout: float,
    exit_file: Path,
    requests: RequestLog | None = None,
) -> tuple[Run, int, str]:
    """Spawn tuiclient; wait for the newest post. Returns the run, the pid and the screen."""
    first_frame: list[float] = []
    pid_box: list[int] = []
    rss_frame: list[int] = []

    def note(screen: str, elapsed: float) -> None:
        if not first_frame and ACCOUNT_BAR.search(screen):
            first_frame.append(elapsed)
            pid_box.append(find_tuiclient_pid(int(tmux.pane("#{pane_pid}"))))
            rss_frame.append(memory_kib(pid_box[0])["VmRSS"])

    newest = newest_post_pattern(posts)
    start = time.perf_counter()
    tmux.new_session(
        "-e",
        f"TUICLIENT_BENCH_EXIT_FILE={exit_file}",
        "sh",
        "-c",
        EXIT_WRAPPER,
        "sh",
        str(TUICLIENT),
        "--account",
        acct,
    )
    elapsed, screen = wait_for(
        tmux,
        lambda s: bool(newest.search(s)),
        start=start,
        timeout=timeout,
        poll=poll,
        what=f"'Post number {posts}'",
        on_each=note,
    )
    pid = pid_box[0] if pid_box else find_tuiclient_pid(int(tmux.pane("#{pane_pid}")))
    rss_post = memory_kib(pid)["VmRSS"]
    run = Run(
        first_frame_s=first_frame[0] if first_frame else elapsed,
        first_post_s=elapsed,
        rss_first_frame_kib=rss_frame[0] if rss_frame else rss_post,
        rss_first_post_kib=rss_post,
        requests_to_first_post=requests.between(start, start + elapsed) if requests else [],
    )
    return run, pid, screen


def warm_up(
    conf: Path, env: dict[str, str], acct: str, posts: int, poll: float, timeout: float, tmp: Path
) -> None:
    """One untimed start (to the first post, and the live stream after it), then quit.

    Fills the bytecode cache with every module a start imports, the lazy ones included.
    """
    tmux = Tmux(f"tuiclient-bench-{os.getpid()}-warmup", conf, env)
    try:
        _, pid, _ = start_app(tmux, acct, posts, poll, timeout, tmp / "exit-status-warmup")
        time.sleep(SETTLE_S)
        quit_app(tmux, pid, tmp / "exit-status-warmup")
        for _ in range(2):  # the other processes a run starts
            subprocess.run(
                [sys.executable, "-c", BREAKDOWN_PROBE, acct],
                env=env,
                capture_output=True,
                check=False,
            )
    finally:
        tmux.kill_server()


def loaded_count(screen: str) -> int:
    match = LOADED.search(screen)
    return int(match.group(1)) if match else 0


def load_everything(
    tmux: Tmux, posts: int, poll: float, timeout: float
) -> tuple[float, list[float]]:
    """Press G until all posts are loaded. Returns (seconds in all, seconds per press)."""
    start = time.perf_counter()
    per_press: list[float] = []
    screen = tmux.capture()
    while loaded_count(screen) < posts:
        before = screen
        pressed = time.perf_counter()
        tmux.send("G")
        # One G near the end fetches one page: wait for the count to change.
        elapsed, screen = wait_for(
            tmux,
            lambda s, b=before: loaded_count(s) != loaded_count(b),
            start=pressed,
            timeout=timeout,
            poll=poll,
            what=f"more posts after G (count was {loaded_count(before)})",
        )
        per_press.append(elapsed)
        if len(per_press) > posts // PAGE_SIZE + 10:
            raise BenchError(f"still not all posts after {len(per_press)} presses:\n{screen}")
    if loaded_count(screen) != posts:
        raise BenchError(f"expected {posts} posts loaded, the status line says:\n{screen}")
    return time.perf_counter() - start, per_press


def key_latencies(tmux: Tmux, posts: int, presses: int, poll: float) -> list[float]:
    """Go to the newest post, then time `presses` moves (j, or k at the last post)."""
    before = tmux.capture()
    tmux.send("g")
    wait_for(
        tmux, lambda s: s != before, start=time.perf_counter(), timeout=10, poll=poll, what="g"
    )
    time.sleep(0.2)  # let the jump settle (scroll) before the timed presses
    position = 0
    samples = []
    screen = tmux.capture()
    for _ in range(presses):
        key = "j" if position < posts - 1 else "k"
        before = screen
        start = time.perf_counter()
        tmux.send(key)
        elapsed, screen = wait_for(
            tmux, lambda s, b=before: s != b, start=start, timeout=10, poll=poll, what=key
        )
        samples.append(elapsed * 1000)
        position += 1 if key == "j" else -1
        time.sleep(0.05)  # a quick typist; also lets any second frame land before `before`
        screen = tmux.capture()
    return samples


def quit_app(tmux: Tmux, pid: int, exit_file: Path) -> str:
    """ctrl+q; then how and how fast the process ended."""
    start = time.perf_counter()
    tmux.send("C-q")
    while time.perf_counter() < start + 10:
        if not Path(f"/proc/{pid}").exists():
            took = time.perf_counter() - start
            for _ in range(100):  # the wrapper writes the status just after
                if exit_file.exists() and exit_file.read_text().strip():
                    break
                time.sleep(0.01)
            status = exit_file.read_text().strip() if exit_file.exists() else "unknown"
            return f"exit status {status} after {took * 1000:.0f} ms"
        time.sleep(0.01)
    return "did not exit within 10 s of ctrl+q"


# -- set-up ---------------------------------------------------------------------------------


class RequestLog(logging.Handler):
    """mastodon_mock's access log (uvicorn's, in this process), kept: what the app asked."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 5:  # client, method, path, version, status
            self.entries.append((time.perf_counter(), f"{args[1]} {args[2]} -> {args[4]}"))

    def between(self, start: float, end: float) -> list[str]:
        """The requests logged from `start` to `end` (perf_counter seconds), in order."""
        return [text for when, text in list(self.entries) if start <= when <= end]


def record_requests() -> RequestLog:
    """Keep uvicorn's access log (call after the server started: it sets up logging)."""
    handler = RequestLog()
    logger = logging.getLogger("uvicorn.access")
    logger.handlers = [handler]  # connections opened from now on log to it
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


def seeded_server(posts: int) -> tuple[Any, RequestLog, str]:
    """The seeded server with its request log, and ada's account saved as the only one in
    the throwaway config (call after `prepare_home`); returns the server, log and acct."""
    print(f"seeding mastodon_mock with {posts} posts…", file=sys.stderr)
    server = start_server(posts)
    requests = record_requests()
    acct = f"ada@{server.base_url.split('://', 1)[1]}"

    from tuiclient import config as config_module
    from tuiclient.config import AccountConfig, Config

    config_module.save(
        Config(
            default_account=acct,
            refresh_seconds=0,
            accounts=[AccountConfig(acct=acct, server=server.base_url)],
        )
    )
    return server, requests, acct


def start_server(posts: int) -> Any:
    from mastodon_mock.config import (
        DatabaseConfig,
        MastodonMockConfig,
        SeedAccount,
        SeedConfig,
        SeedFollow,
        SeedStatus,
    )
    from mastodon_mock.testing.server import MockServer

    seed = SeedConfig(
        accounts=[
            SeedAccount(username="ada", display_name="Ada Lovelace", access_token="ada_token"),
            SeedAccount(username="grace", display_name="Grace Hopper", access_token="grace_token"),
        ],
        follows=[SeedFollow(follower="ada", following="grace")],
        statuses=[
            SeedStatus(account="grace", text=f"Post number {n}") for n in range(1, posts + 1)
        ],
    )
    config = MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"), seed=seed, url_scheme="http"
    )
    return MockServer(config=config, log_level="critical", startup_timeout=120).start()


def server_page_times(server: Any, posts: int) -> list[float]:
    """Seconds per page of ada's home timeline, fetched with Mastodon.py from this process.

    The server's own share of "load all": the app makes the same requests.
    """
    client = server.client("ada")
    client.timeline_home(limit=PAGE_SIZE)  # warm up (connection, first-query caches)
    samples = []
    max_id = None
    while True:
        start = time.perf_counter()
        page = client.timeline_home(max_id=max_id, limit=PAGE_SIZE)
        samples.append(time.perf_counter() - start)
        if not page:
            return samples
        max_id = page[-1]["id"]


def start_secret_service(tmp: Path) -> subprocess.Popen[bytes]:
    """gnome-keyring-daemon on this D-Bus session, keyrings in the temp folder, unlocked."""
    if not shutil.which("gnome-keyring-daemon"):
        raise BenchError("--keyring secret-service needs gnome-keyring-daemon (apt gnome-keyring)")
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(tmp)},
    )
    assert daemon.stdin is not None
    daemon.stdin.write(b"bench-password")
    daemon.stdin.close()
    return daemon


def prepare_home(tmp: Path, keyring_kind: str, bytecode: str = "inherit") -> dict[str, str]:
    """Folders and environment for the spawned app (and for this process's keyring)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUICLIENT_", "TMUX"))}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if bytecode == "cached":
        # Like an installed app: compiled once, then loaded from the cache (the venv untouched).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE_DIR)
        PYCACHE_DIR.mkdir(parents=True, exist_ok=True)
    env.update(
        TUICLIENT_HOME=str(tmp / "home"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
    )
    if keyring_kind == "file":
        env.update(
            PYTHON_KEYRING_BACKEND="bench_keyring.PlaintextFileKeyring",
            TUICLIENT_BENCH_KEYRING_FILE=str(tmp / "keyring.json"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")])),
        )
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    # This process writes the config and the token with the same settings the app reads.
    os.environ.update(env)
    return env


def store_token(keyring_kind: str, acct: str, token: str) -> str:
    from tuiclient.secrets import SecretStore

    if keyring_kind == "file":
        sys.path.insert(0, str(BENCH_DIR))
        from bench_keyring import PlaintextFileKeyring

        store = SecretStore(PlaintextFileKeyring())
    else:
        store = SecretStore()
    store.check()
    store.set_token(acct, token)
    if store.get_token(acct) != token:
        raise BenchError("the token did not come back from the keyring")
    return store.backend_name


# -- report ---------------------------------------------------------------------------------


def _mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def _ends(values: list[float]) -> str:
    """Median of the first and of the last five samples (does the cost grow?), in ms."""
    if not values:
        return "-"
    first = statistics.median(values[:5]) * 1000
    last = statistics.median(values[-5:]) * 1000
    median = statistics.median(values) * 1000
    return f"median {median:.0f} ms (first 5: {first:.0f}, last 5: {last:.0f})"


def _spread(values: list[float]) -> str:
    """min/median/max of seconds, in ms."""
    v = [x * 1000 for x in values]
    return f"median {statistics.median(v):7.1f}  min {min(v):7.1f}  max {max(v):7.1f} ms"


def render_report(r: Report) -> str:
    """The figures as aligned text rows."""
    rows: list[tuple[str, str]] = [
        ("process start -> first frame", _spread([x.first_frame_s for x in r.runs])),
        ("process start -> first post", _spread([x.first_post_s for x in r.runs])),
        ("tmux floor (sh: echo READY)", _spread(r.tmux_floor_s)),
        ("bare Textual app, first paint", _spread(r.bare_textual_s)),
    ]
    rows += [
        (f"  fresh process: {BREAKDOWN_LABELS.get(name, name)}", _spread(values))
        for name, values in r.breakdown_s.items()
    ]
    rows += [
        (
            "tmux call (median of one)",
            f"capture-pane {r.capture_call_ms:.1f} ms, send-keys {r.send_call_ms:.1f} ms",
        ),
        (
            "RSS at first frame (median)",
            _mib(statistics.median(x.rss_first_frame_kib for x in r.runs)),
        ),
        (
            "RSS at first post (median)",
            _mib(statistics.median(x.rss_first_post_kib for x in r.runs)),
        ),
    ]
    if r.memory_all_loaded_kib:
        first = r.memory_first_post_kib["VmRSS"]
        full = r.memory_all_loaded_kib["VmRSS"]
        extra = r.posts - min(r.posts, PAGE_SIZE)
        per_post = (
            f", {(full - first) / extra:.1f} KiB per post beyond the first page" if extra else ""
        )
        server = r.server_page_s
        rows += [
            (f"load all {r.posts} posts (G x{len(r.load_page_s)})", f"{r.load_all_s:.2f} s"),
            ("  G -> count grew, per page", _ends(r.load_page_s)),
            (f"  server alone, {len(server)} pages", f"total {sum(server):.2f} s"),
            ("  server alone, per page", _ends(server)),
            (
                f"RSS with {r.posts} posts loaded",
                f"{_mib(full)} (+{_mib(full - first)} over the first post{per_post})",
            ),
            ("  peak RSS (VmHWM)", _mib(r.memory_all_loaded_kib["VmHWM"])),
        ]
    if r.key_latency_ms:
        k = sorted(r.key_latency_ms)
        p90 = k[min(len(k) - 1, round(0.9 * (len(k) - 1)))]
        rows.append(
            (
                f"key j -> screen changed ({len(k)}x)",
                f"median {statistics.median(k):.1f}  p90 {p90:.1f}  "
                f"min {k[0]:.1f}  max {k[-1]:.1f} ms",
            )
        )
    if r.memory_after_keys_kib:
        rows.append(("RSS after the key presses", _mib(r.memory_after_keys_kib["VmRSS"])))
    if r.exit_status:
        rows.append(("ctrl+q", r.exit_status))
    rows.append(("/proc/loadavg at the end", f"{r.loadavg} ({os.cpu_count()} CPUs)"))
    if r.runs:
        asked = r.runs[-1].requests_to_first_post
        rows.append((f"requests until the first post ({len(asked)})", "; ".join(asked) or "-"))
        rows.append(
            (
                f"requests in the {SETTLE_S:g} s after it ({len(r.requests_after_first_post)})",
                "; ".join(r.requests_after_first_post) or "-",
            )
        )
    width = max(len(label) for label, _ in rows)
    head = (
        f"tuiclient startup/memory bench: {r.posts} posts, {r.repeat} runs, "
        f"keyring={r.keyring}, bytecode={r.bytecode}, {WIDTH}x{HEIGHT}, TERM={r.term}, "
        f"poll every {r.poll_ms:g} ms"
    )
    return "\n".join([head, *(f"  {label:<{width}}  {value}" for label, value in rows)])


# -- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=400, help="posts on the home timeline")
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes to time")
    parser.add_argument("--presses", type=int, default=50, help="timed j presses")
    parser.add_argument("--poll-ms", type=float, default=5.0, help="capture-pane poll interval")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per step")
    parser.add_argument("--keyring", choices=("file", "secret-service"), default="file")
    parser.add_argument(
        "--bytecode",
        choices=("cached", "inherit"),
        default="cached",
        help="cached: a bytecode cache and one warm-up start, as an installed app has "
        "(default); inherit: the environment as it is (here: compile every module each start)",
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (debugging)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.posts < 1 or args.repeat < 1:
        raise SystemExit("--posts and --repeat must be at least 1")
    if not TUICLIENT.exists():
        raise SystemExit(f"{TUICLIENT} is missing: run `uv sync` first")
    if not shutil.which("tmux"):
        raise SystemExit("tmux is not installed")
    if args.keyring == "secret-service" and os.environ.get(DBUS_MARKER) != "1":
        if not shutil.which("dbus-run-session"):
            raise SystemExit("--keyring secret-service needs dbus-run-session (apt dbus)")
        os.environ[DBUS_MARKER] = "1"
        command = ["dbus-run-session", "--", sys.executable, str(Path(__file__).resolve())]
        os.execvp(command[0], [*command, *(argv if argv is not None else sys.argv[1:])])

    poll = args.poll_ms / 1000
    tmp = Path(tempfile.mkdtemp(prefix="tuiclient-bench-"))
    daemon: subprocess.Popen[bytes] | None = None
    server = None
    try:
        env = prepare_home(tmp, args.keyring, args.bytecode)
        if args.keyring == "secret-service":
            daemon = start_secret_service(tmp)
            time.sleep(0.5)
        conf = write_tmux_conf(tmp / "tmux.conf")

        server, requests, acct = seeded_server(args.posts)
        backend = store_token(args.keyring, acct, "ada_token")
        print(f"server {server.base_url}, keyring backend {backend}", file=sys.stderr)

        report = Report(
            posts=args.posts,
            repeat=args.repeat,
            keyring=args.keyring,
            poll_ms=args.poll_ms,
            bytecode=args.bytecode,
            when=datetime.now().isoformat(timespec="seconds"),
            python=sys.version.split()[0],
            term="tmux-256color",
        )
        report.server_page_s = server_page_times(server, args.posts)
        if args.bytecode == "cached":
            warm_up(conf, env, acct, args.posts, poll, args.timeout, tmp)
        report.breakdown_s = breakdown(env, acct, args.repeat)
        bare = tmp / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        for i in range(args.repeat):
            report.tmux_floor_s.append(
                time_to_text(
                    conf, env, poll, f"floor{i}", ["sh", "-c", "echo READY; exec sleep 60"], "READY"
                )
            )
            report.bare_textual_s.append(
                time_to_text(conf, env, poll, f"bare{i}", [sys.executable, str(bare)], "BARE READY")
            )

        for i in range(args.repeat):
            last = i == args.repeat - 1
            tmux = Tmux(f"tuiclient-bench-{os.getpid()}-{i}", conf, env)
            try:
                exit_file = tmp / f"exit-status-{i}"
                run, pid, _ = start_app(
                    tmux, acct, args.posts, poll, args.timeout, exit_file, requests
                )
                report.runs.append(run)
                print(
                    f"run {i + 1}: first frame {run.first_frame_s * 1000:.0f} ms, "
                    f"first post {run.first_post_s * 1000:.0f} ms",
                    file=sys.stderr,
                )
                if last:
                    shown = time.perf_counter()
                    time.sleep(SETTLE_S)
                    report.requests_after_first_post = requests.between(shown, time.perf_counter())
                    report.capture_call_ms = timed_call(tmux.capture) * 1000
                    # send-keys timed with a key the timeline ignores
                    report.send_call_ms = timed_call(lambda t=tmux: t.send("F12")) * 1000
                    report.memory_first_post_kib = memory_kib(pid)
                    report.load_all_s, report.load_page_s = load_everything(
                        tmux, args.posts, poll, args.timeout
                    )
                    time.sleep(0.5)
                    report.memory_all_loaded_kib = memory_kib(pid)
                    report.key_latency_ms = key_latencies(tmux, args.posts, args.presses, poll)
                    time.sleep(0.5)
                    report.memory_after_keys_kib = memory_kib(pid)
                    report.exit_status = quit_app(tmux, pid, exit_file)
                    if not report.exit_status.startswith("exit status 0"):
                        print(f"after ctrl+q the screen was:\n{tmux.capture()}", file=sys.stderr)
            finally:
                tmux.kill_server()

        report.loadavg = Path("/proc/loadavg").read_text().strip()
        print(render_report(report))
        if not args.no_json:
            RESULTS_DIR.mkdir(exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            out = RESULTS_DIR / f"startup_memory-{args.posts}-{args.keyring}-{stamp}.json"
            out.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
            print(f"  json: {out.relative_to(BENCH_DIR.parent)}")
        return 0
    except BenchError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=5)
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
