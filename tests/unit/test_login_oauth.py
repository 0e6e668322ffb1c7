"""The OAuth pieces: PKCE, redirect URIs, the authorize URL and the loopback listener."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tuiclient.api import oauth
from tuiclient.api.errors import ApiError
from tuiclient.login import browser_available

BASE = "https://example.social"


def test_pkce_challenge_matches_the_rfc_7636_example() -> None:
    # RFC 7636, appendix B.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert oauth.pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_each_login_gets_a_fresh_pkce_verifier_of_legal_length() -> None:
    first, second = oauth.new_pkce(), oauth.new_pkce()
    assert first.verifier != second.verifier
    assert 43 <= len(first.verifier) <= 128
    assert oauth.pkce_challenge(first.verifier) == first.challenge
    assert first.verifier not in repr(first)


def test_the_loopback_port_is_stable_per_server_and_outside_ephemeral_ranges() -> None:
    port = oauth.loopback_port(BASE)
    assert port == oauth.loopback_port(BASE + "/")
    assert port in oauth.LOOPBACK_PORTS
    assert port < 32768  # below Linux's ephemeral range, and the IANA one
    ports = {oauth.loopback_port(f"https://server{n}.example") for n in range(50)}
    assert len(ports) > 40  # servers rarely share a port


def test_both_redirect_uris_are_registered() -> None:
    port = oauth.loopback_port(BASE)
    assert oauth.redirect_uris(BASE) == [
        "urn:ietf:wg:oauth:2.0:oob",
        f"http://127.0.0.1:{port}/callback",
    ]


def test_the_authorize_url_asks_for_the_used_scopes_with_pkce_and_a_fresh_login() -> None:
    server = oauth.parse_authorization_server(
        {
            "authorization_endpoint": f"{BASE}/oauth/authorize",
            "code_challenge_methods_supported": ["S256"],
        },
        BASE,
    )
    pkce = oauth.new_pkce()
    url = oauth.authorize_url(server, "client-1", oauth.OOB_REDIRECT_URI, "state-1", pkce)

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{BASE}/oauth/authorize"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "response_type": "code",
        "client_id": "client-1",
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "scope": "read write follow",
        "state": "state-1",
        "force_login": "true",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    assert pkce.verifier not in url


def test_without_advertised_pkce_no_challenge_is_sent() -> None:
    server = oauth.parse_authorization_server({}, BASE)
    assert not server.pkce
    url = oauth.authorize_url(server, "client-1", oauth.OOB_REDIRECT_URI, "s", None)
    assert "code_challenge" not in url


def test_missing_metadata_means_mastodons_default_paths() -> None:
    server = oauth.parse_authorization_server(None, BASE + "/")
    assert server == oauth.AuthorizationServer(
        base_url=BASE,
        authorize_url=f"{BASE}/oauth/authorize",
        token_url=f"{BASE}/oauth/token",
        revoke_url=f"{BASE}/oauth/revoke",
        pkce=False,
    )


def test_endpoints_on_another_host_are_not_used() -> None:
    """Codes and tokens go to the user's server, whatever its metadata claims."""
    server = oauth.parse_authorization_server(
        {
            "authorization_endpoint": "https://evil.example/oauth/authorize",
            "token_endpoint": "http://example.social/oauth/token",
            "revocation_endpoint": f"{BASE}/oauth/revoke?x=1",
            "code_challenge_methods_supported": ["plain"],
        },
        BASE,
    )
    assert server.authorize_url == f"{BASE}/oauth/authorize"
    assert server.token_url == f"{BASE}/oauth/token"
    assert server.revoke_url == f"{BASE}/oauth/revoke"
    assert not server.pkce  # only S256 counts


# --------------------------------------------------------------------------- the listener


@pytest.fixture
def listener() -> Iterator[oauth.LoopbackListener]:
    # Port 0: any free port; the registered-port logic is tested above.
    with oauth.LoopbackListener(0, "the-state") as started:
        assert started.port != 0
        yield started


def test_the_listener_hands_over_the_code_that_comes_with_the_right_state(
    listener: oauth.LoopbackListener, capfd: pytest.CaptureFixture[str]
) -> None:
    answer = httpx.get(f"{listener.redirect_uri}?code=the-code&state=the-state")

    assert answer.status_code == 200
    assert "close this tab" in answer.text
    assert "the-code" not in answer.text
    assert listener.wait(timeout=5) == "the-code"
    # http.server logs request lines (with the code) to stderr unless told not to.
    assert "the-code" not in capfd.readouterr().err


def test_a_redirect_with_the_wrong_state_is_ignored(listener: oauth.LoopbackListener) -> None:
    forged = httpx.get(f"{listener.redirect_uri}?code=forged&state=guess")
    assert forged.status_code == 400
    assert httpx.get(f"http://127.0.0.1:{listener.port}/favicon.ico").status_code == 404

    httpx.get(f"{listener.redirect_uri}?code=real&state=the-state")

    assert listener.wait(timeout=5) == "real"


def test_refusing_access_in_the_browser_ends_the_wait_with_the_reason(
    listener: oauth.LoopbackListener,
) -> None:
    httpx.get(
        f"{listener.redirect_uri}",
        params={
            "error": "access_denied",
            "error_description": "The user said no",
            "state": "the-state",
        },
    )
    with pytest.raises(ApiError, match="did not grant access .The user said no"):
        listener.wait(timeout=5)


def test_waiting_ends_after_the_timeout(listener: oauth.LoopbackListener) -> None:
    with pytest.raises(ApiError, match="No answer from the browser within 0.2 seconds"):
        listener.wait(timeout=0.2)


def test_closing_the_listener_ends_a_wait_in_another_thread(
    listener: oauth.LoopbackListener,
) -> None:
    errors: list[str] = []

    def wait() -> None:
        try:
            listener.wait(timeout=30)
        except ApiError as error:
            errors.append(error.message)

    waiter = threading.Thread(target=wait)
    waiter.start()
    listener.close()
    waiter.join(timeout=5)
    assert errors == ["The login was cancelled"]


def test_a_taken_port_is_reported_when_listening() -> None:
    with oauth.LoopbackListener(0, "s") as first, pytest.raises(OSError):
        oauth.LoopbackListener(first.port, "s").start()


# --------------------------------------------------------------------------- the browser


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, False),
        ({"SSH_TTY": "/dev/pts/1"}, False),
        ({"BROWSER": "firefox", "SSH_TTY": "/dev/pts/1"}, True),
    ],
)
def test_no_browser_over_ssh_without_a_display_unless_the_user_names_one(
    environ: dict[str, str], expected: bool
) -> None:
    assert browser_available(environ) is expected


def test_no_browser_on_a_linux_console_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    assert browser_available({}) is False
