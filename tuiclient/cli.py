"""The `tuiclient` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tuiclient import __version__, logs


def build_parser() -> argparse.ArgumentParser:
    """The command line: options for the app (sub-commands come with accounts)."""
    parser = argparse.ArgumentParser(
        prog="tuiclient",
        description="A privacy-first terminal client for the fediverse (Mastodon API servers).",
        epilog="Config file: see README (TUICLIENT_CONFIG_DIR moves it). Keys: press ? in the app.",
    )
    parser.add_argument("--version", action="version", version=f"tuiclient {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against a local demo server with sample data; touches nothing of yours",
    )
    parser.add_argument(
        "--account", metavar="USER@HOST", help="open this account instead of the default"
    )
    return parser


def _run_demo() -> int:
    from tuiclient.app import TuiClientApp
    from tuiclient.demo import DemoUnavailable, demo_session

    print("Starting the demo server on 127.0.0.1 (a few seconds)…", file=sys.stderr, flush=True)
    try:
        with demo_session() as demo:
            logs.setup()
            TuiClientApp(demo.config, demo.secrets).run()
    except DemoUnavailable as error:
        print(f"tuiclient: {error}", file=sys.stderr)
        return 2
    return 0


def _run_app(account: str | None) -> int:
    from tuiclient import config as config_module
    from tuiclient.app import TuiClientApp
    from tuiclient.secrets import SecretStore

    logs.setup()
    config = config_module.load()
    if account and config.account(account) is None:
        known = ", ".join(a.acct for a in config.accounts) or "none yet"
        print(f"tuiclient: no account {account!r} (known: {known})", file=sys.stderr)
        return 2
    TuiClientApp(config, SecretStore(), account=account).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tuiclient` console script."""
    args = build_parser().parse_args(argv)
    if args.demo:
        return _run_demo()
    return _run_app(args.account)


if __name__ == "__main__":
    raise SystemExit(main())
