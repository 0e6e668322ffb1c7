"""Read positions: the server's markers (real recorded answer) and the local fallback."""

from __future__ import annotations

import stat

from tests.recorded import body
from tuiclient import locations, positions
from tuiclient.api.markers import read_ids


def test_the_recorded_markers_answer_gives_the_home_position() -> None:
    assert read_ids(body("markers", "GET", "/api/v1/markers")) == {"home": "117020574841135347"}
    assert read_ids({"home": {"version": 1}}) == {}
    assert read_ids(["not", "a", "dict"]) == {}


def test_local_positions_round_trip_per_account_in_a_private_file() -> None:
    positions.save("ada@a.example", "home", "42")
    positions.save("bob@b.example", "home", "7")
    assert positions.load("ada@a.example", "home") == "42"
    assert positions.load("ada@a.example", "notifications") is None
    positions.forget("ada@a.example")
    assert positions.load("ada@a.example", "home") is None
    assert positions.load("bob@b.example", "home") == "7"
    path = locations.data_dir() / "positions.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_corrupt_positions_file_is_no_position() -> None:
    path = locations.data_dir() / "positions.json"
    path.parent.mkdir(parents=True)
    path.write_text("{broken")
    assert positions.load("ada@a.example", "home") is None
