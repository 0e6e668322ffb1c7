"""Logging in to mastodon_mock over real HTTP: the whole OAuth flow, both ways, and removal.

The test plays the person at the browser: it opens the authorize URL, picks an account on
the server's form (mastodon_mock's stand-in for the login page) and either reads the code the
server shows (out-of-band) or hands the server's redirect to the loopback listener.
Secrets live in an in-memory keyring; the config is written under the test's TUICLIENT_HOME.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from mastodon_mock.testing.server import MockServer

from tests.integration.wait import wait_for
from tuiclient import accounts, login
from tuiclient import config as config_module
from tuiclient.api import oauth
from tuiclient.app import TuiClientApp
from tuiclient.cli import main
from tuiclient.config import Config
from tuiclient.secrets import MemoryKeyring, SecretStore
from tuiclient.widgets.timeline import TimelineView

_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')
_OOB_CODE = re.compile(r"Authorization code: (\S+?)<")


# --------------------------------------------------------------------------- the browser


def submit_authorize_form(url: str, username: str) -> httpx.Response:
    """Open the authorize page and pick `username`; the server's answer, not followed."""
    page = httpx.get(url)
    assert page.status_code == 200, page.text
    form = dict(_HIDDEN.findall(page.text))
    assert form["client_id"] and form["redirect_uri"], page.text
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)
    assert action is not None
    return httpx.post(
        urljoin(url, action.group(1)), data={**form, "username": username}, follow_redirects=False
    )


def code_shown_to(url: str, username: str) -> str:
    """The out-of-band path: the code the server shows after `username` allowed access."""
    answer = submit_authorize_form(url, username)
    match = _OOB_CODE.search(answer.text)
    assert answer.status_code == 200 and match, answer.text
    return match.group(1)


def follow_redirect_to_listener(url: str, username: str) -> httpx.Response:
    """The browser path: allow access, then go where the server redirects (the listener)."""
    answer = submit_authorize_form(url, username)
    assert answer.status_code in (302, 303), answer.text
    return httpx.get(answer.headers["location"])


def token_status(server: MockServer, token: str) -> int:
    """What the server says to `token` now: 200 while it works, 401 once revoked."""
    return httpx.get(
        f"{server.base_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    ).status_code


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(keyring: MemoryKeyring) -> SecretStore:
    return SecretStore(keyring)


def login_out_of_band(
    server: MockServer, store: SecretStore, config: Config, username: str, typed: str = ""
) -> login.LoggedIn:
    """The whole paste-the-code login of `username`, as the CLI drives it."""
    address = login.parse_server(typed or server.base_url)
    login.probe(address)
    registration = login.ensure_registration(address, store)
    with login.begin(address, registration, loopback=False) as authorization:
        code = code_shown_to(authorization.url, username)
        return login.finish(authorization, code, store, config)


# --------------------------------------------------------------------------- the flow


def test_pasting_the_code_adds_the_account_with_its_token_in_the_keyring(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    address = login.parse_server(mastodon_mock_server.base_url)
    info = login.probe(address)
    assert login.describe(info, address).startswith(
        f"{address.host} runs mastodon 4.6.0; it speaks the Mastodon API."
    )

    registration = login.ensure_registration(address, store)
    assert registration.created
    assert store.get_client(address.base_url) == (
        registration.client_id,
        registration.client_secret,
    )

    config = Config()
    with login.begin(address, registration, loopback=False) as authorization:
        assert authorization.out_of_band
        assert authorization.redirect_uri == oauth.OOB_REDIRECT_URI
        query = parse_qs(urlsplit(authorization.url).query)
        # mastodon_mock advertises S256 in its OAuth metadata, so the login uses PKCE.
        assert query["code_challenge_method"] == ["S256"]
        assert query["scope"] == ["read write follow"]
        code = code_shown_to(authorization.url, "ada")
        logged_in = login.finish(authorization, code, store, config)

    acct = f"ada@127.0.0.1:{mastodon_mock_server.port}"
    assert logged_in == login.LoggedIn(
        acct=acct, display_name="Ada Lovelace", is_default=True, refreshed=False
    )
    assert config.default_account == acct
    assert [(a.acct, a.server) for a in config.accounts] == [(acct, mastodon_mock_server.base_url)]
    token = store.get_token(acct)
    assert token and token_status(mastodon_mock_server, token) == 200
    # The app the server knows for this token asked for exactly the scopes the client uses.
    app = httpx.get(
        f"{mastodon_mock_server.base_url}/api/v1/apps/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert app["name"] == "tuiclient" and app["scopes"] == ["read", "write", "follow"]


def test_the_browser_redirect_is_caught_on_the_loopback_listener(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    address = login.parse_server(mastodon_mock_server.base_url)
    registration = login.ensure_registration(address, store)
    config = Config()

    with login.begin(address, registration, loopback=True) as authorization:
        assert not authorization.fallback_reason, authorization.fallback_reason
        port = oauth.loopback_port(address.base_url)
        assert authorization.redirect_uri == f"http://127.0.0.1:{port}/callback"
        assert authorization.redirect_uri in oauth.redirect_uris(address.base_url)

        page = follow_redirect_to_listener(authorization.url, "grace")

        assert page.status_code == 200 and "close this tab" in page.text
        code = authorization.wait_for_code(timeout=5)
        logged_in = login.finish(authorization, code, store, config)

    assert logged_in.acct == f"grace@127.0.0.1:{mastodon_mock_server.port}"
    token = store.get_token(logged_in.acct)
    assert token and token_status(mastodon_mock_server, token) == 200
    # The listener is gone once the login is over.
    with pytest.raises(httpx.ConnectError):
        httpx.get(authorization.redirect_uri)


def test_a_taken_loopback_port_falls_back_to_pasting_the_code(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    address = login.parse_server(mastodon_mock_server.base_url)
    registration = login.ensure_registration(address, store)
    port = oauth.loopback_port(address.base_url)
    with oauth.LoopbackListener(port, "someone else's"):
        authorization = login.begin(address, registration, loopback=True)
    assert authorization.out_of_band
    assert f"port {port}" in authorization.fallback_reason
    code = code_shown_to(authorization.url, "ada")
    assert login.finish(authorization, code, store, Config()).acct.startswith("ada@")


def test_two_accounts_on_one_server_share_one_app_registration(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    config = Config()
    ada = login_out_of_band(mastodon_mock_server, store, config, "ada")
    client = store.get_client(mastodon_mock_server.base_url)

    grace = login_out_of_band(mastodon_mock_server, store, config, "grace")

    assert store.get_client(mastodon_mock_server.base_url) == client
    assert not login.ensure_registration(login.parse_server(ada.acct), store).created
    assert (ada.is_default, grace.is_default) == (True, False)
    assert config.default_account == ada.acct
    assert [a.acct for a in config.accounts] == [ada.acct, grace.acct]
    ada_token, grace_token = store.get_token(ada.acct), store.get_token(grace.acct)
    assert ada_token and grace_token and ada_token != grace_token
    for acct, token in ((ada.acct, ada_token), (grace.acct, grace_token)):
        me = httpx.get(
            f"{mastodon_mock_server.base_url}/api/v1/accounts/verify_credentials",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert f"{me['username']}@127.0.0.1:{mastodon_mock_server.port}" == acct


def test_removing_an_account_revokes_its_token_on_the_server(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    config = Config()
    ada = login_out_of_band(mastodon_mock_server, store, config, "ada")
    grace = login_out_of_band(mastodon_mock_server, store, config, "grace")
    ada_token, grace_token = store.get_token(ada.acct), store.get_token(grace.acct)
    assert ada_token and grace_token

    removal = accounts.remove_account(config, store, ada.acct)

    assert removal.revoked and removal.revoke_problem == ""
    assert token_status(mastodon_mock_server, ada_token) == 401
    assert token_status(mastodon_mock_server, grace_token) == 200
    assert store.get_token(ada.acct) is None
    assert config.default_account == grace.acct
    assert not removal.registration_deleted, "grace still uses the registration"

    last = accounts.remove_account(config, store, grace.acct)

    assert last.revoked and last.registration_deleted
    assert token_status(mastodon_mock_server, grace_token) == 401
    assert store.get_client(mastodon_mock_server.base_url) is None
    assert config.accounts == [] and config.default_account == ""


def test_logging_in_again_revokes_the_old_token(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    config = Config()
    first = login_out_of_band(mastodon_mock_server, store, config, "ada")
    old_token = store.get_token(first.acct)
    assert old_token

    again = login_out_of_band(mastodon_mock_server, store, config, "ada")

    assert again.refreshed and again.acct == first.acct
    new_token = store.get_token(first.acct)
    assert new_token and new_token != old_token
    assert token_status(mastodon_mock_server, old_token) == 401
    assert token_status(mastodon_mock_server, new_token) == 200
    assert len(config.accounts) == 1


def test_another_account_than_the_one_named_is_not_stored_and_its_token_is_revoked(
    mastodon_mock_server: MockServer, store: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued: list[str] = []
    exchange = oauth.exchange_code

    def recording_exchange(*args: Any) -> str:
        issued.append(exchange(*args))
        return issued[-1]

    monkeypatch.setattr(oauth, "exchange_code", recording_exchange)
    config = Config()
    named = f"@grace@127.0.0.1:{mastodon_mock_server.port}"

    with pytest.raises(login.LoginError, match="You asked for @grace@.* logged in @ada"):
        login_out_of_band(mastodon_mock_server, store, config, "ada", typed=named)

    assert config.accounts == []
    assert store.get_token(f"ada@127.0.0.1:{mastodon_mock_server.port}") is None
    assert len(issued) == 1 and token_status(mastodon_mock_server, issued[0]) == 401


def test_a_server_failing_the_code_exchange_gets_a_message(
    mastodon_mock_server: MockServer, store: SecretStore
) -> None:
    with (
        mastodon_mock_server.fault(path="/oauth/token", methods=["POST"], status=503, count=1),
        pytest.raises(login.LoginError, match=r"failed to finish the login \(HTTP 503.*try again"),
    ):
        login_out_of_band(mastodon_mock_server, store, Config(), "ada")


def test_a_wrong_code_gets_a_message(mastodon_mock_server: MockServer, store: SecretStore) -> None:
    address = login.parse_server(mastodon_mock_server.base_url)
    registration = login.ensure_registration(address, store)
    with (
        login.begin(address, registration, loopback=False) as authorization,
        pytest.raises(login.LoginError, match="did not accept the code"),
    ):
        login.finish(authorization, "not-a-code", store, Config())


# --------------------------------------------------------------------------- the command


def test_the_login_command_with_a_pasted_code(
    mastodon_mock_server: MockServer,
    store: SecretStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    printed: list[str] = []

    def paste_code(prompt: str) -> str:
        """Read the URL the command printed, allow access as ada, paste the code."""
        printed.append(capsys.readouterr().out)
        assert prompt == "Code: "
        url = next(line for line in printed[-1].splitlines() if line.startswith("http"))
        return "  " + code_shown_to(url, "ada") + "\n"

    monkeypatch.setattr("builtins.input", paste_code)
    code = main(["login", mastodon_mock_server.base_url, "--no-browser"], secrets=lambda: store)

    out = "".join(printed) + capsys.readouterr().out
    acct = f"ada@127.0.0.1:{mastodon_mock_server.port}"
    assert code == 0, out
    assert "runs mastodon 4.6.0; it speaks the Mastodon API." in out
    assert "Registered tuiclient on" in out
    assert f"Logged in as @{acct} (Ada Lovelace)." in out
    assert config_module.load().default_account == acct

    main(["accounts"])
    assert capsys.readouterr().out.startswith(f"* {acct}")


def test_the_login_command_opens_the_browser_and_catches_the_redirect(
    mastodon_mock_server: MockServer,
    store: SecretStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    browsers: list[threading.Thread] = []

    def open_browser(url: str) -> bool:
        # A real browser returns at once and the user logs in meanwhile.
        browser = threading.Thread(target=follow_redirect_to_listener, args=(url, "grace"))
        browser.start()
        browsers.append(browser)
        return True

    monkeypatch.setattr(login, "browser_available", lambda: True)
    monkeypatch.setattr("webbrowser.open", open_browser)

    code = main(["login", mastodon_mock_server.base_url], secrets=lambda: store)

    out = capsys.readouterr().out
    assert code == 0, out
    assert len(browsers) == 1
    browsers[0].join(timeout=10)
    assert "Opening your browser" in out and "Waiting for the browser" in out
    assert f"Logged in as @grace@127.0.0.1:{mastodon_mock_server.port}" in out


def test_accounts_remove_says_the_token_was_revoked(
    mastodon_mock_server: MockServer, store: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Config()
    ada = login_out_of_band(mastodon_mock_server, store, config, "ada")
    config_module.save(config)
    token = store.get_token(ada.acct)
    assert token

    code = main(["accounts", "remove", ada.acct], secrets=lambda: store)

    out = capsys.readouterr().out
    assert code == 0
    assert "The server revoked the token" in out
    assert "Deleted tuiclient's app registration" in out
    assert token_status(mastodon_mock_server, token) == 401
    assert config_module.load().accounts == []


def test_accounts_remove_when_the_server_is_gone_still_removes_and_warns(
    store: SecretStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with MockServer() as server:
        config = Config()
        alice = login_out_of_band(server, store, config, "alice")
        config_module.save(config)
    # The server is stopped now.

    code = main(["accounts", "remove", alice.acct], secrets=lambda: store)

    out, err = capsys.readouterr()
    assert code == 0
    assert "was NOT revoked (Cannot reach the server" in err
    assert "Authorized apps" in err
    assert store.get_token(alice.acct) is None
    assert config_module.load().accounts == []


# --------------------------------------------------------------------------- no secret on disk


async def test_no_token_or_client_secret_is_written_to_any_file(
    mastodon_mock_server: MockServer,
    store: SecretStore,
    keyring: MemoryKeyring,
    tuiclient_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After two logins through the command and a session in the app, scan every file."""

    users = ["ada", "grace"]
    printed: list[str] = []

    def paste_code(prompt: str) -> str:
        captured = capsys.readouterr()
        printed.extend((captured.out, captured.err))
        url = next(line for line in captured.out.splitlines() if line.startswith("http"))
        return code_shown_to(url, users.pop(0))

    monkeypatch.setattr("builtins.input", paste_code)
    for _ in range(2):
        command = ["login", mastodon_mock_server.base_url, "--no-browser"]
        assert main(command, secrets=lambda: store) == 0
    captured = capsys.readouterr()
    printed.extend((captured.out, captured.err))

    config = config_module.load()
    app = TuiClientApp(config, store)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(TimelineView)
        await wait_for(pilot, lambda: view.item_count >= 40)

    secrets = [value for value in keyring._store.values() if not value.startswith("{")]
    _, client_secret = store.get_client(mastodon_mock_server.base_url) or ("", "")
    secrets += [client_secret]
    assert len(secrets) == 3 and all(len(s) >= 20 for s in secrets), "two tokens, one secret"

    files = [path for path in tuiclient_home.rglob("*") if path.is_file()]
    assert locations_written(files, tuiclient_home) >= {"config"}
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a secret is in {path}"
    for secret in secrets:
        assert not any(secret in text for text in printed), "a secret was printed"


def locations_written(files: list[Path], home: Path) -> set[str]:
    """Which of the TUICLIENT_HOME folders (config, data, cache, log) hold files."""
    return {path.relative_to(home).parts[0] for path in files}
