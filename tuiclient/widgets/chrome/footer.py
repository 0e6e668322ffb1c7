"""`Footer`: Textual's key hints, without keeping every key widget it ever drew.

Textual's `Footer` recomposes whenever its screen's bindings change: on every screen
switch (1/2/3, a thread opened and closed), focus change and `refresh_bindings()`. Each
recompose builds new `FooterKey` widgets with `.data_bind(compact=Footer.compact)`, which
puts a watcher holding the key on the footer. Textual removes the watchers of removed
widgets only when the watched value changes, and `compact` never does (Textual issue
6666), so every key ever shown stayed alive with its styles and caches: about 25 KiB per
key, 0.2 MiB per screen switch, for as long as the screen is kept (timeline screens are
kept for the session). This footer drops those watchers after each recompose.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key hints of a screen; use it instead of `textual.widgets.Footer`."""

    async def recompose(self) -> None:
        """Recompose, then forget the watchers of the keys just removed."""
        await super().recompose()
        # Where Textual's `_watch` keeps them: {attribute: [(watching node, callback)]}.
        watchers = getattr(self, "__watchers", {})
        for name, entries in watchers.items():
            watchers[name] = [(node, cb) for node, cb in entries if node.is_attached]
