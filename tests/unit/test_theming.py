"""Theme files: the shipped ones load, broken ones are refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuiclient.theming import load_themes, parse_theme, shipped_themes_dir


def test_shipped_dark_and_light_themes_load() -> None:
    loaded = load_themes(shipped_themes_dir())
    assert loaded.problems == []
    by_name = {t.name: t for t in loaded.themes}
    assert by_name["tuiclient-dark"].dark is True
    assert by_name["tuiclient-light"].dark is False


def test_a_user_theme_overrides_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#123456"\n')
    (tmp_path / "bad.toml").write_text('name = "bad"\nprimary = "not-a-colour"\n')
    loaded = load_themes(shipped_themes_dir(), tmp_path)
    assert "mine" in [t.name for t in loaded.themes]
    assert any("not a colour" in p for p in loaded.problems)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("primary = '#fff'", "needs a name"),
        ("name = 'x'", "primary"),
        ("name = [", "not valid TOML"),
    ],
)
def test_invalid_theme_files_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_theme(text, "t.toml")
