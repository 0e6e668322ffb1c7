"""`Page`: one page of entries, newest first, with the server's cursor to the next older page.

Mastodon.py's lists carry the cursor as `_pagination_next` (from the `Link` header); pages
built here (reshaped conversations, grouped notifications, the head start's first page)
carry it under the same name, so `timelines.next_cursor` reads them all.
"""

from __future__ import annotations

from typing import Any


class Page(list[Any]):
    """Entries, newest first, and `_pagination_next` (a dict with `max_id`, or None)."""

    _pagination_next: Any = None
