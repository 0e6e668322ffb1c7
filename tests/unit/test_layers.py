"""Imports point down only: the domain and api layers never import Textual."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "tuiclient"
UI_MODULES = {"app.py", "theming.py", "cli.py", "__main__.py"}
UI_FOLDERS = {"screens", "widgets"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def domain_and_api_files() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in UI_FOLDERS and path.name not in UI_MODULES
    ]


def test_domain_and_api_modules_never_import_textual() -> None:
    files = domain_and_api_files()
    assert any(p.name == "timeline.py" for p in files) and any(
        p.parent.name == "api" for p in files
    )
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"textual", "rich"}
        )
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_api_modules_never_import_the_ui() -> None:
    for path in (PACKAGE / "api").glob("*.py"):
        ui = [
            m
            for m in imported_modules(path)
            if m.startswith(("tuiclient.screens", "tuiclient.widgets", "tuiclient.app"))
        ]
        assert ui == [], path
