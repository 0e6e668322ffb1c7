"""Timeline merging on real recorded pages: strict order, no duplicates, gaps marked."""

from __future__ import annotations

import copy

from tests.recorded import body, status, statuses
from tuiclient.timeline import Gap, Timeline, id_key, item_key

HOME = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))
"""13 statuses of a real home timeline, newest first."""


def ids(timeline: Timeline) -> list[str]:
    return [item_key(i) for i in timeline.items]


def test_recorded_home_page_stays_in_server_order() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME)
    assert ids(timeline) == [str(s["id"]) for s in HOME]


def test_pages_in_any_order_give_one_strictly_chronological_list() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME[5:10])
    timeline.add_older(HOME[10:])
    timeline.add_newer(HOME[:5], page_size=40)
    assert ids(timeline) == [str(s["id"]) for s in HOME]
    assert ids(timeline) == sorted(ids(timeline), key=id_key, reverse=True)


def test_overlapping_pages_never_show_a_post_twice() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME[:8])
    result = timeline.add_older(HOME[4:])
    assert result.added == 5
    assert len(timeline) == len(HOME) == len(set(ids(timeline)))


def test_an_empty_older_page_means_the_end_was_reached() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME)
    assert not timeline.reached_end
    timeline.add_older([])
    assert timeline.reached_end


def test_a_full_page_of_newer_posts_marks_a_gap_below_it() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME[10:])
    result = timeline.add_newer(HOME[:5], page_size=5)
    assert result.gap == Gap(max_id=str(HOME[4]["id"]), since_id=str(HOME[10]["id"]))
    assert ids(timeline) == [
        *(str(s["id"]) for s in HOME[:5]),
        result.gap.key,
        *(str(s["id"]) for s in HOME[10:]),
    ]


def test_a_page_smaller_than_the_limit_marks_no_gap() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME[10:])
    assert timeline.add_newer(HOME[:5], page_size=40).gap is None
    assert not any(isinstance(i, Gap) for i in timeline.items)


def test_filling_a_gap_in_two_pages_closes_it() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME[10:])
    gap = timeline.add_newer(HOME[:5], page_size=5).gap
    assert gap is not None
    smaller = timeline.fill_gap(gap, HOME[5:8], page_size=3).gap
    assert smaller == Gap(max_id=str(HOME[7]["id"]), since_id=gap.since_id)
    assert timeline.fill_gap(smaller, HOME[8:10], page_size=3).gap is None
    assert ids(timeline) == [str(s["id"]) for s in HOME]


def test_a_boost_of_a_post_already_shown_is_folded_into_it() -> None:
    original = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses"))
    boost = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0))
    assert boost["reblog"]["id"] == original["id"]
    timeline = Timeline("home")
    timeline.add_initial([original])
    result = timeline.add_newer([boost], page_size=40)
    assert result.added == 0 and result.folded == 1
    assert ids(timeline) == [str(original["id"])]
    assert list(timeline.also_boosted_by(original)) == [boost["account"]["acct"]]


def test_ids_are_compared_as_opaque_strings_not_numbers() -> None:
    # A longer id is newer even though "9" > "1" as text.
    short, long = copy.deepcopy(HOME[0]), copy.deepcopy(HOME[1])
    short["id"], long["id"] = "9", "10"
    timeline = Timeline("home")
    timeline.add_initial([short, long])
    assert ids(timeline) == ["10", "9"]


def test_a_newer_copy_replaces_the_post_and_the_boosted_copy() -> None:
    original = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses"))
    boost = status(body("status_reblog_unreblog", "POST", "/api/v1/statuses/", 0))
    timeline = Timeline("home")
    timeline.add_initial([boost])
    favourited = type(original)(**{**original, "favourited": True})
    assert timeline.replace(favourited)
    assert timeline.items[0]["reblog"]["favourited"] is True
    assert timeline.items[0] is not boost


def test_a_deleted_post_leaves_with_its_boosts() -> None:
    timeline = Timeline("home")
    timeline.add_initial(HOME)
    assert timeline.remove(str(HOME[3]["id"]))
    assert str(HOME[3]["id"]) not in ids(timeline)
    assert len(timeline) == len(HOME) - 1
    assert not timeline.remove("no-such-id")
