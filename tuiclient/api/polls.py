"""Polls: https://docs.joinmastodon.org/methods/polls/"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tuiclient.api.features import feature

if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.return_types import Poll


@feature("polls", "voting in polls", record=lambda api, poll_id, *_: api.poll(poll_id))
def vote(api: Mastodon, poll_id: str, choices: Sequence[int]) -> Poll:
    """Vote for the options at `choices` (positions from 0); returns the updated poll.

    https://docs.joinmastodon.org/methods/polls/#vote
    """
    poll: Poll = api.poll_vote(poll_id, list(choices))
    return poll
