"""What the home timeline looks like, pixel for pixel, on recorded server data.

Baselines live in __snapshots__/; after a deliberate change of the look, run
`uv run pytest tests/snapshots --snapshot-update` and check the new images.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from tests.snapshots.sample_app import (
    CW_POST_INDEX,
    SIZE,
    frozen_wall_clock,
    make_sample_app,
    sample_moment,
    wait_until_loaded,
)
from tuiclient.widgets.timeline import TimelineView

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_wall_clock() -> Iterator[None]:
    """The status line's "Updated HH:MM" reads the sample app's fixed time."""
    with frozen_wall_clock(sample_moment()):
        yield


def test_home_timeline_shows_the_recorded_posts_newest_first(snap_compare: SnapCompare) -> None:
    """The reader opens the app: account bar, posts with boost, CW, reply and media, key hints."""
    assert snap_compare(make_sample_app(), terminal_size=SIZE, run_before=wait_until_loaded)


def test_reader_moves_to_a_post_with_a_content_warning_and_opens_it(
    snap_compare: SnapCompare,
) -> None:
    """j twice selects the post behind a content warning; s shows what it hides."""

    async def move_and_open(pilot: Pilot[None]) -> None:
        await wait_until_loaded(pilot)
        await pilot.press(*["j"] * CW_POST_INDEX, "s")
        await pilot.pause()
        view = pilot.app.screen.query_one(TimelineView)
        assert view.selected == CW_POST_INDEX
        assert view.post(str(view.selected_item["id"])).spoiler  # type: ignore[index]

    assert snap_compare(make_sample_app(), terminal_size=SIZE, run_before=move_and_open)


def test_home_timeline_in_the_light_theme_is_dark_ink_on_paper(snap_compare: SnapCompare) -> None:
    """The same timeline with the light theme chosen in the config."""
    assert snap_compare(
        make_sample_app(theme="tuiclient-light"), terminal_size=SIZE, run_before=wait_until_loaded
    )
