"""Which keyring backend the store uses by default: keyring's own choice, found faster on
Linux desktops where that choice is the Secret Service."""

from __future__ import annotations

import sys
from pathlib import Path

import keyring
import pytest

from tuiclient import secrets


@pytest.fixture
def no_user_choice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Linux, no PYTHON_KEYRING_BACKEND, no keyringrc.cfg, not KDE."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    monkeypatch.setattr("keyring.util.platform_.config_root", lambda: str(tmp_path))
    return tmp_path


def test_without_a_users_choice_the_secret_service_is_asked_directly(
    no_user_choice: Path,
) -> None:
    assert secrets._secret_service_is_the_default()


def test_a_chosen_backend_goes_through_keyrings_detection(
    no_user_choice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert not secrets._secret_service_is_the_default()
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    (no_user_choice / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=x.Y\n")
    assert not secrets._secret_service_is_the_default()


def test_kde_and_other_systems_go_through_keyrings_detection(
    no_user_choice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "KDE")
    assert not secrets._secret_service_is_the_default()
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not secrets._secret_service_is_the_default()


def test_a_secret_service_that_does_not_answer_falls_back_to_detection(
    no_user_choice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    detected = object()
    monkeypatch.setattr(keyring, "get_keyring", lambda: detected)
    assert secrets._default_backend() is detected
