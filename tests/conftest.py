"""Shared test set-up: every test runs with its own throwaway tuiclient home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def tuiclient_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point config, data, cache and logs at a temp folder: tests never touch the real ones."""
    home = tmp_path / "tuiclient-home"
    monkeypatch.setenv("TUICLIENT_HOME", str(home))
    for kind in ("CONFIG", "DATA", "CACHE", "LOG"):
        monkeypatch.delenv(f"TUICLIENT_{kind}_DIR", raising=False)
    yield home
