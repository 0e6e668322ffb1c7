"""The `tuiclient` command: the app, and sub-commands to log in and manage accounts.

Exit codes: 0 done; 1 the server or the login failed; 2 bad arguments or an unknown account;
3 no usable keyring (tokens are kept nowhere else); 130 cancelled with ctrl+c.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tuiclient import __version__, logs

if TYPE_CHECKING:
    from tuiclient.config import Config
    from tuiclient.secrets import SecretStore

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_KEYRING = 3
EXIT_CANCELLED = 130

SecretStoreFactory = Callable[[], "SecretStore"]


def build_parser() -> argparse.ArgumentParser:
    """The command line: options for the app, and the `login` and `accounts` sub-commands."""
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    login = commands.add_parser(
        "login",
        help="add an account: log in to a server (tokens go to the OS keyring only)",
        description="Log in to a server that speaks the Mastodon API and add the account. "
        "Opens the browser where there is one and catches its answer on 127.0.0.1; otherwise "
        "prints an address to open anywhere and reads the code the server shows.",
    )
    login.add_argument(
        "server",
        nargs="?",
        metavar="SERVER",
        help="example.social, https://example.social or @you@example.social (asked if left out)",
    )
    login.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open a browser: print the login address and read the code you paste",
    )

    accounts = commands.add_parser(
        "accounts",
        help="list the accounts (* marks the default); remove one or pick the default",
        description="Without an action: list the accounts, * marking the default.",
    )
    actions = accounts.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="list the accounts (the default)")
    remove = actions.add_parser(
        "remove",
        help="revoke the account's token on its server and delete it from keyring and config",
    )
    remove.add_argument("acct", metavar="USER@HOST")
    default = actions.add_parser("default", help="make this the account tuiclient opens")
    default.add_argument("acct", metavar="USER@HOST")
    return parser


def main(argv: Sequence[str] | None = None, *, secrets: SecretStoreFactory | None = None) -> int:
    """Entry point of the `tuiclient` console script.

    `secrets` makes the SecretStore for the sub-commands (tests pass an in-memory one); by
    default it is the OS keyring.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.demo or args.account):
        parser.error(f"--demo and --account do not go with the {args.command} command")
    if args.command == "login":
        return _guarded(lambda: _login(args.server, args.no_browser, secrets or _os_keyring))
    if args.command == "accounts":
        return _guarded(lambda: _accounts(args.action, getattr(args, "acct", None), secrets))
    if args.demo:
        return _run_demo()
    return _run_app(args.account)


# --------------------------------------------------------------------------- the app


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
    from tuiclient.headstart import HeadStart

    logs.setup()
    config = config_module.load()
    if account and config.account(account) is None:
        known = ", ".join(a.acct for a in config.accounts) or "none yet"
        print(f"tuiclient: no account {account!r} (known: {known})", file=sys.stderr)
        return 2
    # The keyring read and the first page start now, in a thread, while Textual is imported.
    opened = config.account(account or config.default_account)
    head_start = HeadStart(opened).start() if opened is not None else None

    from tuiclient.app import TuiClientApp

    # No SecretStore here: the app opens the OS keyring in a worker, after its first frame.
    TuiClientApp(config, account=account, head_start=head_start).run()
    return 0


# --------------------------------------------------------------------------- sub-commands


def _os_keyring() -> SecretStore:
    from tuiclient.secrets import SecretStore

    return SecretStore()


def _say(text: str = "") -> None:
    print(text, flush=True)


def _complain(text: str) -> None:
    print(f"tuiclient: {text}", file=sys.stderr, flush=True)


def _guarded(command: Callable[[], int]) -> int:
    """Run a sub-command; its expected failures become a message and an exit code."""
    from tuiclient.accounts import UnknownAccount
    from tuiclient.api.errors import ApiError  # LoginError is one too
    from tuiclient.secrets import KeyringUnavailable

    try:
        return command()
    except KeyringUnavailable as error:
        _complain(str(error))
        return EXIT_NO_KEYRING
    except UnknownAccount as error:
        _complain(str(error))
        return EXIT_USAGE
    except ApiError as error:
        _complain(error.message)
        return EXIT_FAILED
    except OSError as error:
        _complain(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        return EXIT_FAILED
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        _complain("cancelled")
        return EXIT_CANCELLED


def _login(server_text: str | None, no_browser: bool, make_secrets: SecretStoreFactory) -> int:
    import webbrowser

    from tuiclient import config as config_module
    from tuiclient import login

    if server_text is None:
        server_text = input("Server (e.g. example.social): ")
    try:
        address = login.parse_server(server_text)
    except login.LoginError as error:
        _complain(error.message)
        return EXIT_USAGE
    secrets = make_secrets()
    # Before any request: a login whose token cannot be kept is a waste of the user's time.
    secrets.check()
    config = config_module.load()
    if config.load_error:
        _complain(config.load_error)

    _say(f"Asking {address.host} what it is…")
    _say(login.describe(login.probe(address), address))
    registration = login.ensure_registration(address, secrets)
    if registration.created:
        _say(f"Registered tuiclient on {address.host} (once per server; kept in the keyring).")

    use_browser = not no_browser and login.browser_available()
    authorization = login.begin(address, registration, loopback=use_browser)
    try:
        if authorization.fallback_reason:
            _say(authorization.fallback_reason)
        if not authorization.out_of_band:
            _say(f"Opening your browser to log in on {address.host}.")
            _say("If it does not open, open this address in a browser on this computer:")
            _say()
            _say(authorization.url)
            _say()
            if not webbrowser.open(authorization.url):
                authorization.close()
                _say("The browser did not open; paste the code instead.")
                authorization = login.begin(address, registration, loopback=False)
        if authorization.out_of_band:
            _say(
                "Open this address in any browser, log in with the account to add, "
                "allow access, and paste the code the server then shows:"
            )
            _say()
            _say(authorization.url)
            _say()
            code = _read_code()
        else:
            minutes = round(login.BROWSER_TIMEOUT_SECONDS / 60)
            _say(f"Waiting for the browser (up to {minutes} minutes; ctrl+c cancels)…")
            code = authorization.wait_for_code()
        logged_in = login.finish(authorization, code, secrets, config)
    finally:
        authorization.close()
    path = config_module.save(config)

    name = f" ({_shown(logged_in.display_name)})" if logged_in.display_name else ""
    again = " again" if logged_in.refreshed else ""
    _say(f"Logged in{again} as @{logged_in.acct}{name}.")
    if logged_in.is_default:
        _say("It is the default account: `tuiclient` opens it.")
    else:
        _say(f"Open it with `tuiclient --account {logged_in.acct}`.")
    _say(f"The token is in the keyring ({secrets.backend_name}); the account is listed in {path}.")
    return 0


def _read_code() -> str:
    for _ in range(3):
        code = input("Code: ").strip()
        if code:
            return code
    raise EOFError


def _accounts(action: str | None, acct: str | None, make_secrets: SecretStoreFactory | None) -> int:
    from tuiclient import accounts
    from tuiclient import config as config_module

    config = config_module.load()
    if config.load_error:
        _complain(config.load_error)
    if action in (None, "list"):
        _list_accounts(config)
        return 0
    assert acct is not None
    if action == "default":
        account = accounts.set_default(config, acct)
        config_module.save(config)
        _say(f"Default account: {account.acct}")
        return 0

    secrets = (make_secrets or _os_keyring)()
    secrets.check()
    account = accounts.find(config, acct)
    _say(f"Removing {account.acct}: revoking its token on the server…")
    removal = accounts.remove_account(config, secrets, account.acct)
    config_module.save(config)
    if removal.revoked:
        _say("The server revoked the token: it no longer works anywhere.")
    elif removal.had_token:
        _complain(
            f"the token of {removal.acct} was NOT revoked ({removal.revoke_problem}). It may "
            "still work: revoke it in the server's web settings (Preferences > Account > "
            "Authorized apps, or your server's equivalent)."
        )
    else:
        _say("There was no token for it in the keyring.")
    if removal.had_token:
        _say("Deleted the token from the keyring.")
    if removal.registration_deleted:
        _say("Deleted tuiclient's app registration for that server (no other account uses it).")
    _say(f"Removed {removal.acct} from the config.")
    if removal.default_account:
        _say(f"Default account: {removal.default_account}")
    elif not config.accounts:
        _say("No accounts left; add one with `tuiclient login SERVER`.")
    return 0


def _list_accounts(config: Config) -> None:
    if not config.accounts:
        _say("No accounts yet. Add one with: tuiclient login SERVER")
        return
    width = max(len(a.acct) for a in config.accounts)
    for account in config.accounts:
        mark = "*" if account.acct == config.default_account else " "
        label = f"[{_shown(account.label)}] " if account.label else ""
        _say(
            f"{mark} {account.acct:<{width}}  {label}{_shown(account.display_name)}  "
            f"{account.server}".rstrip()
        )
    if config.default_account:
        _say("(* the default account)")


def _shown(text: str) -> str:
    """Text from a server or the config, safe to print on one terminal line."""
    from tuiclient.render import sanitize

    return " ".join(sanitize(text).split())


if __name__ == "__main__":
    raise SystemExit(main())
