"""`tuiclient --demo`: the whole app against a local demo server, touching nothing real.

An embedded mastodon_mock (an optional extra: `tuiclient[demo]`) runs on a free
127.0.0.1 port with its demo community and generated posts. Config, data, cache
and logs live in a temporary folder and the token in an in-memory keyring; all of
it is gone when the app exits.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tuiclient import config as config_module
from tuiclient.config import AccountConfig, Config
from tuiclient.demo_data import generated_posts, post_showcase
from tuiclient.secrets import MemoryKeyring, SecretStore

DEMO_USER = "ada"
GENERATED_POSTS = 110
"""More than two pages of 40, so paging to older posts can be tried."""


class DemoUnavailable(Exception):
    """The demo server cannot run here (mastodon_mock not installed)."""


@dataclass
class DemoSession:
    """What the app needs to run against the demo server."""

    config: Config
    secrets: SecretStore
    base_url: str
    home: str


def _server_config(media_dir: str, extra_posts: int) -> Any:
    from mastodon_mock.config import DatabaseConfig, SeedStatus, demo_config

    config = demo_config()
    config.database = DatabaseConfig(path=":memory:")
    config.media_storage_path = media_dir
    config.url_scheme = "http"
    # A short heartbeat lets the server notice a closed stream at once when quitting.
    config.streaming.heartbeat_seconds = 1.0
    seed = config.seed.model_copy(deep=True)
    # Older generated posts first, so the demo's own posts stay the newest.
    seed.statuses = [
        SeedStatus(account=author, text=text) for author, text in generated_posts(extra_posts)
    ] + list(seed.statuses)
    config.seed = seed
    return config


@contextmanager
def demo_session(extra_posts: int = GENERATED_POSTS) -> Iterator[DemoSession]:
    """Start the demo server and a throwaway home; stop and delete both on exit."""
    try:
        from mastodon_mock.testing.server import MockServer
    except ImportError as error:
        raise DemoUnavailable(
            "The demo needs the optional mastodon_mock package: "
            "pip install 'tuiclient[demo]' (or run `uv sync` in a checkout)."
        ) from error

    home = tempfile.mkdtemp(prefix="tuiclient-demo-")
    previous_home = os.environ.get("TUICLIENT_HOME")
    os.environ["TUICLIENT_HOME"] = home
    server = MockServer(
        config=_server_config(os.path.join(home, "server-media"), extra_posts),
        log_level="critical",
        # The server is a daemon thread of this process: a quick stop is enough, and
        # its "did not join" warning would only clutter the terminal after quitting.
        shutdown_timeout=1.0,
    )
    logging.getLogger("mastodon_mock.testing.server").setLevel(logging.ERROR)
    try:
        server.start()
        clients = {name: server.client(name) for name in ("ada", "grace", "alan")}
        post_showcase(clients)
        host = urlsplit(server.base_url).netloc
        acct = f"{DEMO_USER}@{host}"
        secrets = SecretStore(MemoryKeyring())
        secrets.set_token(acct, server.config.seed.accounts[0].access_token or "")
        config = Config(
            default_account=acct,
            accounts=[
                AccountConfig(
                    acct=acct, server=server.base_url, display_name="Ada Lovelace", label="demo"
                )
            ],
        )
        config_module.save(config)
        yield DemoSession(config=config, secrets=secrets, base_url=server.base_url, home=home)
    finally:
        server.stop()
        if previous_home is None:
            os.environ.pop("TUICLIENT_HOME", None)
        else:
            os.environ["TUICLIENT_HOME"] = previous_home
        shutil.rmtree(home, ignore_errors=True)
