"""Theme files: TOML in `themes/` (shipped) and in the user's config folder.

A theme file names the Textual theme colours (`primary`, `background`, ...) and
may add `[variables]` for tuiclient's own parts (`post-link`, `post-tag`, ...).
Broken files are skipped with a message; they never stop the app.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

_COLOURS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


DARK_VARIABLES = {
    "post-author": "#e6e6e6",
    "post-muted": "#8b90a7",
    "post-link": "#7dcfff",
    "post-tag": "#9ece6a",
    "post-selected": "#2b3150",
}
"""Solid colours (no "auto" or alpha): the timeline draws its own lines, and a colour
that depends on what is behind it would be worked out against the wrong background."""
LIGHT_VARIABLES = {
    "post-author": "#1f2328",
    "post-muted": "#59636e",
    "post-link": "#0969da",
    "post-tag": "#1a7f37",
    "post-selected": "#dde6f3",
}


def shipped_themes_dir() -> Path:
    """The `themes/` folder: inside the package when installed, beside it in a checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"


@dataclass
class LoadedThemes:
    """Themes read from disk, and what went wrong with the rest."""

    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_theme(text: str, source: str) -> Theme:
    """Turn the text of a theme file into a Textual `Theme`, or raise `ValueError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML ({error})") from error
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{source}: a theme needs a name")
    if "primary" not in data:
        raise ValueError(f"{source}: a theme needs at least a primary colour")
    colours: dict[str, Any] = {}
    for key in _COLOURS:
        if key in data:
            value = data[key]
            try:
                Color.parse(value)
            except (ColorParseError, TypeError) as error:
                raise ValueError(f"{source}: {key} = {value!r} is not a colour") from error
            colours[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError(f"{source}: [variables] must be a table")
    dark = bool(data.get("dark", True))
    # Every variable tuiclient's CSS uses must exist, or Textual refuses the stylesheet:
    # a user theme that names only a few colours gets the rest from these defaults.
    defaults = DARK_VARIABLES if dark else LIGHT_VARIABLES
    return Theme(
        name=name,
        dark=dark,
        variables={**defaults, **{str(k): str(v) for k, v in variables.items()}},
        **colours,
    )


def load_themes(*folders: Path) -> LoadedThemes:
    """Every `*.toml` theme in `folders`, in order (later files override earlier names)."""
    loaded = LoadedThemes()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                loaded.themes.append(parse_theme(path.read_text(encoding="utf-8"), str(path)))
            except (ValueError, OSError) as error:
                loaded.problems.append(str(error))
    return loaded
