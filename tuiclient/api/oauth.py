"""OAuth: app registration, the authorization-code flow (with PKCE) and token revocation.

https://docs.joinmastodon.org/methods/apps/ and https://docs.joinmastodon.org/methods/oauth/

Mastodon.py registers the app (`Mastodon.create_app`) and revokes tokens. The code exchange
is a plain httpx POST, because Mastodon.py 2.3's `log_in` cannot send a PKCE `code_verifier`.

Redirect URIs. Each registration lists two: the out-of-band URI (the server shows the code and
the user pastes it) and a loopback URI ``http://127.0.0.1:PORT/callback`` caught by
`LoopbackListener`. Mastodon (Doorkeeper) ignores the port of loopback redirect URIs as RFC 8252
§7.3 asks, but other servers compare redirect URIs as exact strings, so the port must be the
same at every login as at registration. Instead of storing it, the port is derived from the
server's URL (`loopback_port`): stable for one server without any state beside the client
id/secret, different between servers, and outside the ephemeral port ranges of Linux, macOS
and Windows, where the OS hands out ports for outgoing connections. When that port is taken
at login time, the flow falls back to the paste path instead of sending the code anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from mastodon import Mastodon

from tuiclient import __version__
from tuiclient.api.client import REQUEST_TIMEOUT_SECONDS, check_url, is_loopback
from tuiclient.api.errors import ApiError, translated
from tuiclient.api.instance import failures_explained

APP_NAME = "tuiclient"
APP_WEBSITE = None
"""No website: registering one would make every server link to it."""

SCOPES = ("read", "write", "follow")
"""What the client uses, nothing more.

``read``: timelines, notifications, profiles, the account itself (verify_credentials).
``write``: posting, boosts, favourites, bookmarks, media, edits and deletes of own posts.
``follow``: follow/unfollow, block, mute (Mastodon maps it to read/write of follows, blocks
and mutes). Not ``push`` (no Web Push: the client streams instead) and no ``admin:*``.
"""

OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
LOOPBACK_HOST = "127.0.0.1"
"""An IP literal, not ``localhost``, as RFC 8252 §7.3 recommends (no resolver involved)."""
CALLBACK_PATH = "/callback"
LOOPBACK_PORTS = range(20000, 32000)
"""Below Linux's (32768-60999) and the IANA/macOS/Windows (49152-65535) ephemeral ranges."""

TOKEN_TIMEOUT = httpx.Timeout(20.0, connect=5.0)


def loopback_port(base_url: str) -> int:
    """The loopback redirect port for `base_url`: the same for this server at every run."""
    digest = hashlib.sha256(base_url.rstrip("/").encode("utf-8")).digest()
    return LOOPBACK_PORTS.start + int.from_bytes(digest[:4], "big") % len(LOOPBACK_PORTS)


def loopback_redirect_uri(port: int) -> str:
    """The loopback redirect URI on `port`."""
    return f"http://{LOOPBACK_HOST}:{port}{CALLBACK_PATH}"


def redirect_uris(base_url: str) -> list[str]:
    """The redirect URIs tuiclient registers on `base_url`: out-of-band and loopback."""
    return [OOB_REDIRECT_URI, loopback_redirect_uri(loopback_port(base_url))]


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class AuthorizationServer:
    """Where a server's OAuth endpoints are and whether it takes PKCE (S256)."""

    base_url: str
    authorize_url: str
    token_url: str
    revoke_url: str
    pkce: bool


def parse_authorization_server(data: Any, base_url: str) -> AuthorizationServer:
    """The endpoints from OAuth server metadata, with Mastodon's paths for what is missing.

    An endpoint on another host than `base_url`, or on plain http off loopback, is replaced by
    the default path: tokens and codes go to the user's server and nowhere else.
    https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata
    """
    base_url = base_url.rstrip("/")
    info = data if isinstance(data, dict) else {}

    def endpoint(key: str, default_path: str) -> str:
        value = info.get(key)
        if isinstance(value, str) and _on_server(value, base_url):
            return value
        return base_url + default_path

    methods = info.get("code_challenge_methods_supported")
    return AuthorizationServer(
        base_url=base_url,
        authorize_url=endpoint("authorization_endpoint", "/oauth/authorize"),
        token_url=endpoint("token_endpoint", "/oauth/token"),
        revoke_url=endpoint("revocation_endpoint", "/oauth/revoke"),
        pkce=isinstance(methods, list) and "S256" in methods,
    )


def authorization_server(base_url: str) -> AuthorizationServer:
    """Fetch `/.well-known/oauth-authorization-server` (Mastodon 4.3+); defaults without it.

    https://docs.joinmastodon.org/methods/oauth/#authorization-server-metadata
    """
    base_url = check_url(base_url)
    host = urlsplit(base_url).netloc
    data: Any = None
    with failures_explained(host):
        response = httpx.get(
            f"{base_url}/.well-known/oauth-authorization-server",
            timeout=TOKEN_TIMEOUT,
            headers=_headers(),
            follow_redirects=False,
        )
    if response.status_code == 200:
        try:
            data = response.json()
        except ValueError:
            data = None  # not JSON: an older server serving its web app for unknown paths
    return parse_authorization_server(data, base_url)


# --------------------------------------------------------------------------- registration


@translated
def register_app(base_url: str) -> tuple[str, str]:
    """Register tuiclient on `base_url`; returns ``(client_id, client_secret)``.

    Registers `SCOPES` and both `redirect_uris`. Mastodon.py's `create_app` has no https
    check of its own; `check_url` refuses plain http off loopback first.
    https://docs.joinmastodon.org/methods/apps/#create
    """
    base_url = check_url(base_url)
    client_id, client_secret = Mastodon.create_app(
        APP_NAME,
        scopes=list(SCOPES),
        redirect_uris=redirect_uris(base_url),
        website=APP_WEBSITE,
        api_base_url=base_url,
        request_timeout=REQUEST_TIMEOUT_SECONDS,
        user_agent=f"tuiclient/{__version__}",
    )
    if not isinstance(client_id, str) or not isinstance(client_secret, str):
        raise ApiError("The server did not register the app (no client id or secret)")
    if not client_id or not client_secret:
        raise ApiError("The server did not register the app (no client id or secret)")
    return client_id, client_secret


# --------------------------------------------------------------------------- authorization


@dataclass(frozen=True)
class Pkce:
    """A PKCE verifier and its S256 challenge (RFC 7636)."""

    verifier: str = field(repr=False)
    challenge: str


def pkce_challenge(verifier: str) -> str:
    """The S256 challenge of `verifier`: its SHA-256, base64url without padding (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_pkce() -> Pkce:
    """A fresh PKCE pair: 86 random URL-safe characters and their S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    return Pkce(verifier=verifier, challenge=pkce_challenge(verifier))


def authorize_url(
    server: AuthorizationServer,
    client_id: str,
    redirect_uri: str,
    state: str,
    pkce: Pkce | None,
) -> str:
    """The page where the user logs in and allows tuiclient access.

    ``force_login`` makes the server ask who is logging in even when the browser is logged
    in already, so a second (perhaps pseudonymous) identity is never added by accident under
    the one the browser happens to use.
    https://docs.joinmastodon.org/methods/oauth/#authorize
    """
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(SCOPES),
        "state": state,
        "force_login": "true",
    }
    if pkce is not None:
        params["code_challenge"] = pkce.challenge
        params["code_challenge_method"] = "S256"
    return f"{server.authorize_url}?{urlencode(params)}"


def exchange_code(
    server: AuthorizationServer,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    pkce: Pkce | None,
) -> str:
    """Trade an authorization code for an access token; returns the token.

    https://docs.joinmastodon.org/methods/oauth/#token
    """
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": redirect_uri,
        "scope": " ".join(SCOPES),
    }
    if pkce is not None:
        data["code_verifier"] = pkce.verifier
    host = urlsplit(server.base_url).netloc
    with failures_explained(host):
        response = httpx.post(
            server.token_url, data=data, timeout=TOKEN_TIMEOUT, headers=_headers()
        )
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 200 and isinstance(body, dict):
        token = body.get("access_token")
        if isinstance(token, str) and token:
            return token
    raise _token_error(response.status_code, body)


class UnknownClient(ApiError):
    """The server does not know the client id/secret (it was reset, or the app deleted)."""


def _token_error(status: int, body: Any) -> ApiError:
    error = body.get("error") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    detail = error if isinstance(error, str) and error else f"HTTP {status}"
    if isinstance(description, str) and description:
        detail = f"{detail}: {description}"
    if error == "invalid_client":
        return UnknownClient(
            f"The server no longer knows this app registration ({detail})", status=status
        )
    if status >= 500:
        return ApiError(
            f"The server failed to finish the login (HTTP {status}: {detail}); try again",
            status=status,
        )
    return ApiError(f"The server did not accept the code ({detail})", status=status)


@translated
def revoke(base_url: str, client_id: str, client_secret: str, token: str) -> None:
    """Revoke `token`, so it stops working on the server.

    Mastodon answers 200 even for a token it does not know; callers that must be sure check
    the token afterwards (it then gets 401).
    https://docs.joinmastodon.org/methods/oauth/#revoke
    """
    base_url = check_url(base_url)
    api = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        access_token=token,
        api_base_url=base_url,
        request_timeout=REQUEST_TIMEOUT_SECONDS,
        ratelimit_method="throw",
        version_check_mode="none",
        user_agent=f"tuiclient/{__version__}",
    )
    api.revoke_access_token(allow_http=is_loopback(urlsplit(base_url).hostname or ""))


# --------------------------------------------------------------------------- loopback


class LoopbackListener:
    """Catches the OAuth redirect on ``http://127.0.0.1:PORT/callback`` (RFC 8252 §7.3).

    A stdlib HTTP server on the loopback interface, in a daemon thread. It answers every
    request, but only a `/callback` request whose `state` matches ends the wait, so a stray
    request (a favicon, an old browser tab, another program guessing) changes nothing. The
    request line holds the code, so the server logs nothing.

    Use as a context manager, or call `start` and `close`.
    """

    def __init__(self, port: int, state: str) -> None:
        self.port = port
        self._state = state
        self._done = threading.Event()
        self._code: str | None = None
        self._error: str | None = None
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def redirect_uri(self) -> str:
        """The URI the server sends the browser back to."""
        return loopback_redirect_uri(self.port)

    def start(self) -> LoopbackListener:
        """Listen on the port (0: any free one); raises OSError when it is taken."""
        server = http.server.ThreadingHTTPServer((LOOPBACK_HOST, self.port), self._handler())
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]  # the port in use, when 0 asked for any
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},  # how soon `close` takes effect
            name="tuiclient-oauth-callback",
            daemon=True,
        )
        self._thread.start()
        return self

    def wait(self, timeout: float) -> str:
        """Block until the browser delivers the code; return it.

        Raises `ApiError` when the user refused access or nothing arrived within `timeout`
        seconds (or `close` was called meanwhile).
        """
        arrived = self._done.wait(timeout)
        if self._code is not None:
            return self._code
        if self._error is not None:
            raise ApiError(f"The server did not grant access ({self._error})")
        if not arrived:
            minutes = f"{timeout / 60:g} minutes" if timeout >= 60 else f"{timeout:g} seconds"
            raise ApiError(f"No answer from the browser within {minutes}")
        raise ApiError("The login was cancelled")

    def deliver(self, query: str) -> int:
        """Handle one callback query string; the HTTP status to answer with."""
        params = {key: values[0] for key, values in parse_qs(query).items() if values}
        if not secrets.compare_digest(params.get("state", ""), self._state):
            return 400
        if self._done.is_set():
            return 200
        if params.get("code"):
            self._code = params["code"]
        else:
            self._error = params.get("error_description") or params.get("error") or "no code"
        self._done.set()
        return 200

    def close(self) -> None:
        """Stop listening (ends a pending `wait`)."""
        self._done.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackListener:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        listener = self

        class CallbackHandler(http.server.BaseHTTPRequestHandler):
            timeout = 10  # a client that opens a connection and says nothing is dropped

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH:
                    self._answer(404, "Not found.")
                    return
                status = listener.deliver(parts.query)
                if status != 200:
                    self._answer(status, "This answer does not belong to the login in progress.")
                elif listener._code is not None:
                    self._answer(200, "Logged in. You can close this tab and return to tuiclient.")
                else:
                    self._answer(200, "Access was not granted. Return to tuiclient.")

            def _answer(self, status: int, text: str) -> None:
                body = (
                    "<!doctype html><html><head><meta charset='utf-8'><title>tuiclient</title>"
                    f"</head><body><p>{text}</p></body></html>"
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("Referrer-Policy", "no-referrer")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # the request line carries the authorization code

        return CallbackHandler


def _on_server(url: str, base_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower()) and "?" not in url


def _headers() -> dict[str, str]:
    return {"User-Agent": f"tuiclient/{__version__}", "Accept": "application/json"}
