"""Thousands of posts by few authors: equal copies of an account are kept once."""

from __future__ import annotations

import copy
from typing import Any

from tests.recorded import body, status
from tuiclient.timeline import Timeline


def recorded() -> Any:
    return status(body("home_tl", "GET", "/api/v1/timelines/home")[0])


def numbered(template: Any, count: int) -> list[Any]:
    """`count` posts by the template's author, each with its own (equal) account copy."""
    return [
        template.__class__(**{**copy.deepcopy(template), "id": str(9000 - n)}) for n in range(count)
    ]


def test_posts_by_one_author_share_one_copy_of_the_account() -> None:
    page = numbered(recorded(), 5)
    assert len({id(s["account"]) for s in page}) == 5
    timeline = Timeline("home")
    timeline.add_initial(page[:3])
    timeline.add_older(page[3:])
    accounts = {id(s["account"]) for s in timeline.statuses}
    assert len(accounts) == 1
    # Mastodon.py entities: the attribute and the item are the same object.
    assert all(s.account is s["account"] for s in timeline.statuses)


def test_a_changed_account_is_not_shared_and_nothing_shown_changes() -> None:
    first, second, third = numbered(recorded(), 3)
    renamed = copy.deepcopy(second["account"])
    renamed["display_name"] = "A new name"
    second["account"] = renamed
    timeline = Timeline("home")
    timeline.add_initial([first, second, third])
    by_id = {s["id"]: s for s in timeline.statuses}
    assert by_id[second["id"]]["account"]["display_name"] == "A new name"
    assert by_id[first["id"]]["account"]["display_name"] != "A new name"
    assert by_id[third["id"]]["account"] == by_id[first["id"]]["account"]
