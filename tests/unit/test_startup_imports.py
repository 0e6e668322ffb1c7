"""What starting costs in imports: the first frame needs Textual and the first screen only.

Mastodon.py, httpx, requests and keyring are imported later, in the workers that use them;
`tuiclient --version` and `--help` do not even import Textual. How fast that is, is measured
by bench/startup_memory.py (never by a timed test); this checks only which modules load.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import tuiclient

NETWORK_AND_KEYRING = {"mastodon", "httpx", "requests", "urllib3", "keyring", "dateutil"}


def top_level_modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = (
        f"{code}\n"
        "import json as _json, sys as _sys\n"
        "print(_json.dumps(sorted({name.split('.')[0] for name in _sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_the_command_line_module_imports_neither_textual_nor_the_network() -> None:
    loaded = top_level_modules_after("import tuiclient.cli")
    assert not loaded & {"textual", "rich", *NETWORK_AND_KEYRING}


def test_version_and_help_do_not_import_textual() -> None:
    for option in ("--version", "--help"):
        loaded = top_level_modules_after(
            "import tuiclient.cli\n"
            "try:\n"
            f"    tuiclient.cli.main([{option!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
        )
        assert not loaded & {"textual", "rich", *NETWORK_AND_KEYRING}, option


def test_the_app_and_its_first_screen_leave_network_and_keyring_to_the_workers() -> None:
    loaded = top_level_modules_after(
        "import tuiclient.app\nimport tuiclient.screens.timeline\nimport tuiclient.session"
    )
    assert "textual" in loaded
    assert not loaded & NETWORK_AND_KEYRING


def test_the_version_literal_matches_pyproject() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert tuiclient.__version__ == pyproject["project"]["version"]
