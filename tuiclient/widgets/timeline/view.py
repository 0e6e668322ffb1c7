"""`TimelineView`: thousands of posts, drawn a line at a time.

Built on Textual's line API (the model is Toolong's log view): only the lines
on screen are rendered. Each post's height at the current width is kept in a
list with running offsets, so finding the post under a screen line is a binary
search, and the wrapped lines of a post are cached until the width, the theme
or the post's state changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from itertools import accumulate
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tuiclient import logs
from tuiclient.filters import SHOW, Decision
from tuiclient.post import Post, post_for
from tuiclient.timeline import Gap, Item, item_key
from tuiclient.widgets.timeline import post_lines

log = logs.get_logger("timeline.view")

PREFETCH_ITEMS = 30
"""Ask for older posts this many items before the reader reaches the end."""

SELECTION_MARK = "▌"

INDENT_STEP = 2
"""Cells per level of indentation (a reply's depth in a thread): a guide and a space."""


class TimelineView(ScrollView, can_focus=True):
    """A scrollable, keyboard-driven list of posts and gaps."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next", "Next", key_display="j/↓", id="timeline.next"),
        Binding("k,up", "previous", "Previous", key_display="k/↑", id="timeline.previous"),
        Binding("g,home", "first", "Newest", show=False, id="timeline.first"),
        Binding("G,end", "last", "Oldest loaded", show=False, id="timeline.last"),
        Binding(
            "pagedown,space", "page_down_posts", "Page down", show=False, id="timeline.page_down"
        ),
        Binding("pageup", "page_up_posts", "Page up", show=False, id="timeline.page_up"),
        Binding("s", "toggle_cw", "Show/hide CW", id="timeline.toggle_cw"),
        Binding("enter", "open", "Open", show=False, id="timeline.open"),
    ]

    COMPONENT_CLASSES = {
        "post--author",
        "post--acct",
        "post--time",
        "post--mine",
        "post--boost",
        "post--reply",
        "post--cw",
        "post--link",
        "post--mention",
        "post--hashtag",
        "post--code",
        "post--quote",
        "post--media",
        "post--missing-alt",
        "post--dim",
        "post--gap",
        "post--mark",
        "post--selected",
        "timeline--footer",
    }

    DEFAULT_CSS = """
    TimelineView {
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    selected: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Index of the selected item."""

    class NeedOlder(Message):
        """The reader is near the end of what is loaded: fetch older posts."""

    class GapOpened(Message):
        """The reader pressed enter on a gap."""

        def __init__(self, gap: Gap) -> None:
            super().__init__()
            self.gap = gap

    class SelectionMoved(Message):
        """The selection moved to another item."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class PostOpened(Message):
        """The reader pressed enter on a post."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:  # noqa: A002
        super().__init__(name=name, id=id)
        self._items: list[Item] = []
        self._posts: dict[str, Post] = {}
        self._all_items: list[Item] = []
        self._decide: Callable[[Item], Decision] | None = None
        self._decisions: dict[str, Decision] = {}
        self._revealed: set[str] = set()
        self._sources: dict[str, Item] = {}
        self._index: dict[str, int] = {}
        self._heights: list[int] = []
        self._offsets: list[int] = [0]
        self._height_cache: dict[tuple[str, int, bool, bool], int] = {}
        self._line_cache: LRUCache[tuple[str, int, bool, bool, bool, int], list[Strip]] = LRUCache(
            512
        )
        self._styles: dict[str, Style] = {}
        self._cw_open: set[str] = set()
        self._loading_gaps: set[str] = set()
        self._indents: dict[str, int] = {}
        self._layout_width = 0
        self._clock_tick = 0
        self.footer_text = ""
        self.more_below = False
        """Older items are on their way or can be fetched (the owner answers `NeedOlder`).

        While it is set, moves past the last loaded item are kept and made when the items
        arrive, so keys pressed while a page loads are not lost."""
        self._pending_moves = 0
        self.now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    # -- data ------------------------------------------------------------

    @property
    def item_count(self) -> int:
        """How many items (posts and gaps) are loaded."""
        return len(self._items)

    @property
    def post_count(self) -> int:
        """How many posts are shown (gaps and posts a filter hides not counted)."""
        return sum(1 for item in self._items if not isinstance(item, Gap))

    @property
    def selected_item(self) -> Item | None:
        """The item under the selection, if any."""
        if 0 <= self.selected < len(self._items):
            return self._items[self.selected]
        return None

    def post(self, key: str) -> Post:
        """The display form of the status with this key (built once, then cached)."""
        return self._posts[key]

    def set_items(self, items: Sequence[Item], indents: Mapping[str, int] | None = None) -> None:
        """Show `items`, keeping the selected item and what the reader sees in place.

        When the selected item goes (deleted, hidden by a filter, a gap filled), the
        selection moves to what now follows the item above it: the next post down, the
        first post a filled gap brought, or the last one if nothing follows.

        `indents` maps an item's key to how many levels in it is drawn (a reply's
        depth in a thread); items not in it, and every item without it, sit at 0.
        """
        anchor_key = (
            item_key(self._items[self.selected]) if self.selected_item is not None else None
        )
        anchor_top = self._offsets[self.selected] - self.scroll_y if anchor_key else 0
        before = self._all_items
        self._all_items = list(items)
        self._items = [item for item in self._all_items if self._decision(item).action != "hide"]
        changed: set[str] = set()
        for item in self._items:
            if not isinstance(item, Gap):
                key = str(item["id"])
                if self._sources.get(key) is not item:
                    # New, or a newer copy (edited, favourited...): build it again.
                    if key in self._posts:
                        changed.add(key)
                    self._posts[key] = post_for(item)
                    self._sources[key] = item
        if changed:
            self._height_cache = {
                k: v for k, v in self._height_cache.items() if k[0] not in changed
            }
            self._line_cache.clear()
        self._index = {item_key(item): index for index, item in enumerate(self._items)}
        self._indents = dict(indents) if indents else {}
        self._relayout()
        if anchor_key is not None and self._items:
            new_index = self._index.get(anchor_key)
            if new_index is None:
                new_index = self._following(anchor_key, before)
            self.set_reactive(TimelineView.selected, new_index)
            # Posts that arrived above the reader push the view down by exactly
            # their height, so the selected post stays where the eye is.
            self.scroll_to(y=self._offsets[new_index] - anchor_top, animate=False, immediate=True)
        else:
            self.set_reactive(
                TimelineView.selected, min(self.selected, max(0, len(self._items) - 1))
            )
        if self._pending_moves:
            # Moves made past the end while this page loaded: make them now (what is still
            # beyond the new end stays pending while more can come, else it is dropped).
            pending, self._pending_moves = self._pending_moves, 0
            self._move(pending)
        self.refresh()

    def _following(self, gone: str, before: Sequence[Item]) -> int:
        """Where the selection goes when the item `gone` is no longer shown: after the
        nearest item above it (in `before`, the items as they were) that is still shown."""
        keys = [item_key(item) for item in before]
        position = keys.index(gone) if gone in keys else 0
        for key in reversed(keys[:position]):
            index = self._index.get(key)
            if index is not None:
                return min(index + 1, len(self._items) - 1)
        return 0

    def cancel_pending_moves(self) -> None:
        """Forget moves kept for items that will not come (the page failed to load)."""
        self._pending_moves = 0

    def set_decider(self, decide: Callable[[Item], Decision] | None) -> None:
        """Filter with `decide` from now on (None: show everything); re-filters at once."""
        self._decide = decide
        self._decisions.clear()
        self._height_cache.clear()
        self._line_cache.clear()
        if self.is_mounted:
            self.set_items(self._all_items, self._indents)

    def _decision(self, item: Item) -> Decision:
        if self._decide is None or isinstance(item, Gap):
            return SHOW
        key = str(item["id"])
        decision = self._decisions.get(key)
        if decision is None or self._sources.get(key) is not item:
            try:
                decision = self._decide(item)
            except Exception:  # noqa: BLE001 - a post the filters cannot read is shown as is
                log.warning("the filters could not read post %r", key, exc_info=True)
                decision = SHOW
            self._decisions[key] = decision
        return decision

    def _folded(self, key: str) -> str:
        """The filter's reason when the post is collapsed and not revealed, else ""."""
        decision = self._decisions.get(key)
        if decision is None or decision.action != "collapse" or key in self._revealed:
            return ""
        return decision.reason or "Filtered"

    def select_key(self, key: str) -> bool:
        """Select the item with `key` and bring it to the top; False if not loaded."""
        index = self._index.get(key)
        if index is None:
            return False
        self._pending_moves = 0
        self.selected = index
        self.scroll_to(y=self._offsets[index], animate=False, immediate=True)
        return True

    def set_gap_loading(self, gap: Gap, loading: bool) -> None:
        """Show a gap as being loaded (or not)."""
        (self._loading_gaps.add if loading else self._loading_gaps.discard)(gap.key)
        self._line_cache.clear()
        self.refresh()

    def set_footer(self, text: str) -> None:
        """A line below the last post: loading, end of timeline, or an error."""
        if text != self.footer_text:
            self.footer_text = text
            self._update_virtual_size()
            if self.selected >= len(self._items) - 1:
                self.call_after_refresh(self._scroll_to_selected)
            self.refresh()

    def tick_clock(self) -> None:
        """Redraw ages ("5m") against the current time."""
        self._clock_tick += 1
        self._line_cache.clear()
        self.refresh()

    # -- layout ----------------------------------------------------------

    def _style(self, part: str) -> Style:
        style = self._styles.get(part)
        if style is None:
            if part in ("bold", "italic"):
                style = Style(bold=part == "bold", italic=part == "italic")
            elif part == "selected":
                # Only its background matters; a partial visual style drops backgrounds.
                style = Style(background=self.get_component_styles("post--selected").background)
            else:
                style = self.get_visual_style(f"post--{part}", partial=True)
            self._styles[part] = style
        return style

    def notify_style_update(self) -> None:
        """The theme changed: styles, and so every cached line, must be rebuilt."""
        super().notify_style_update()
        self._styles.clear()
        self._line_cache.clear()
        self.refresh()

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width - 1)

    def _body(self, item: Item, width: int) -> list[Content]:
        if isinstance(item, Gap):
            return post_lines.gap_lines(
                item, width, self._style, loading=item.key in self._loading_gaps
            )
        post = self._posts[str(item["id"])]
        folded = self._folded(post.key)
        if folded:
            return []
        return post_lines.body_lines(
            post, width, cw_open=post.key in self._cw_open, style_for=self._style, now=self.now()
        )

    def _indent(self, key: str) -> int:
        """Cells the item is drawn in by; never more than a quarter of the width."""
        level = self._indents.get(key, 0)
        return min(level, self._layout_width // (4 * INDENT_STEP)) * INDENT_STEP if level else 0

    def _item_height(self, item: Item, width: int) -> int:
        if isinstance(item, Gap):
            return 2
        key = str(item["id"])
        width -= self._indent(key)
        cache_key = (key, width, key in self._cw_open, bool(self._folded(key)))
        height = self._height_cache.get(cache_key)
        if height is None:
            post = self._posts[key]
            if self._folded(key):
                height = 2  # one line naming the filter, and the separator
            else:
                height = (
                    1
                    + (1 if post.boosted_by or post.context else 0)
                    + len(self._body(item, width))
                    + 1
                )
            self._height_cache[cache_key] = height
        return height

    def _relayout(self) -> None:
        width = self._content_width()
        if width != self._layout_width:
            self._height_cache.clear()
            self._line_cache.clear()
            self._layout_width = width
        self._heights = [self._item_height(item, width) for item in self._items]
        self._offsets = [0, *accumulate(self._heights)]
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        footer = 1 if self.footer_text else 0
        self.virtual_size = Size(self._layout_width, self._offsets[-1] + footer)

    def on_resize(self) -> None:
        """Re-wrap every post at the new width."""
        self._relayout()
        self._scroll_to_selected()

    def _item_strips(self, index: int, width: int) -> list[Strip]:
        item = self._items[index]
        key = item_key(item)
        selected = index == self.selected
        indent = self._indent(key)
        inner = width - indent
        # The inner width tells indents apart: the cache is cleared when `width` changes.
        folded = self._folded(key) if not isinstance(item, Gap) else ""
        cache_key = (key, inner, key in self._cw_open, bool(folded), selected, self._clock_tick)
        strips = self._line_cache.get(cache_key)
        if strips is not None:
            return strips
        lines: list[Content] = []
        if folded:
            lines.append(post_lines.folded_line(self._posts[key], folded, inner, self._style))
        elif not isinstance(item, Gap):
            post = self._posts[key]
            boost = post_lines.boost_line(post, inner, self._style)
            if boost is not None:
                lines.append(boost)
            lines.append(
                post_lines.header_line(
                    post, inner, now=self.now(), selected=selected, style_for=self._style
                )
            )
        lines.extend(self._body(item, inner))
        base = self.get_visual_style()
        if selected:
            # The whole row of the selected post, padding included, on the highlight.
            base = base + self._style("selected")
        mark_style = self._style("mark") if selected else base
        mark = Content(SELECTION_MARK if selected else " ", [])
        guides = Content("│ " * (indent // INDENT_STEP)).stylize(self._style("dim"))
        strips = []
        for line in [*lines, Content("")]:
            full = mark.stylize(mark_style) + guides + line
            segments = full.render_segments(base)
            strips.append(
                Strip(segments, full.cell_length).extend_cell_length(width + 1, base.rich_style)
            )
        self._line_cache[cache_key] = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the lines in `crop`, re-wrapping first if the width changed."""
        # Checked once a frame, not once a line: finding the width is not free.
        if self._content_width() != self._layout_width:
            # Posts that arrived before the first layout were wrapped at a guess.
            self._relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Draw screen line `y`: find the item under it, then its line."""
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self._layout_width
        base = self.get_visual_style().rich_style
        if line >= self._offsets[-1]:
            if self.footer_text and line == self._offsets[-1]:
                text = Content(" " + self.footer_text).stylize(self._style("dim"))
                return (
                    Strip(text.render_segments(self.get_visual_style()), text.cell_length)
                    .extend_cell_length(self.size.width, base)
                    .crop(0, self.size.width)
                )
            return Strip.blank(self.size.width, base)
        index = bisect_right(self._offsets, line) - 1
        strips = self._item_strips(index, width)
        within = line - self._offsets[index]
        strip = strips[within] if within < len(strips) else Strip.blank(width + 1, base)
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, base)

    # -- selection -------------------------------------------------------

    def watch_selected(self, old: int, new: int) -> None:
        """Move the highlight and keep the selected post on screen."""
        top = self.scroll_offset.y
        self._scroll_to_selected()
        if self.scroll_offset.y == top:
            # Nothing scrolled: only the two posts whose look changed are drawn again.
            for index in {old, new}:
                if 0 <= index < len(self._heights):
                    self.refresh_lines(self._offsets[index], self._heights[index])
        else:
            self.refresh()
        self.post_message(self.SelectionMoved(new))
        if len(self._items) - new <= PREFETCH_ITEMS:
            self.post_message(self.NeedOlder())

    def _scroll_to_selected(self) -> None:
        if not self._items or not self.is_mounted:
            return
        index = min(self.selected, len(self._items) - 1)
        top = self._offsets[index]
        height = self._heights[index]
        viewport = self.scrollable_content_region.height
        if index == len(self._items) - 1 and self.footer_text:
            height += 1  # the last post brings the footer ("End of the timeline.") with it
        region = Region(0, top, 1, min(height, max(1, viewport)))
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _move(self, delta: int) -> None:
        if not self._items:
            return
        if delta < 0 and self._pending_moves:
            # Back up through moves not made yet before moving the selection.
            undone = min(self._pending_moves, -delta)
            self._pending_moves -= undone
            delta += undone
            if not delta:
                return
        last = len(self._items) - 1
        target = self.selected + delta
        if target > last and self.more_below:
            self._pending_moves += target - last
        self.selected = max(0, min(last, target))

    def action_next(self) -> None:
        """Select the next (older) post."""
        self._move(1)

    def action_previous(self) -> None:
        """Select the previous (newer) post."""
        self._move(-1)

    def action_first(self) -> None:
        """Select the newest post."""
        self._pending_moves = 0
        self._move(-len(self._items))

    def action_last(self) -> None:
        """Select the oldest loaded post."""
        self._pending_moves = 0
        if self._items:
            self.selected = len(self._items) - 1

    def _items_per_page(self) -> int:
        viewport = self.scrollable_content_region.height
        index = self.selected
        total = 0
        count = 0
        while (
            index + count < len(self._heights) and total + self._heights[index + count] <= viewport
        ):
            total += self._heights[index + count]
            count += 1
        return max(1, count)

    def action_page_down_posts(self) -> None:
        """Move a screenful down."""
        self._move(self._items_per_page())

    def action_page_up_posts(self) -> None:
        """Move a screenful up."""
        self._move(-self._items_per_page())

    def action_toggle_cw(self) -> None:
        """Show or hide the selected post's content warning."""
        item = self.selected_item
        if item is None or isinstance(item, Gap):
            return
        key = str(item["id"])
        decision = self._decisions.get(key)
        if (
            decision is not None
            and decision.action == "collapse"
            and (key not in self._revealed or not self._posts[key].spoiler or key in self._cw_open)
        ):
            # s reveals a filtered post; on a revealed one it folds it away again
            # (after closing its content warning, if it has one).
            if key in self._revealed:
                self._revealed.discard(key)
                self._cw_open.discard(key)
            else:
                self._revealed.add(key)
            self._relayout()
            self._scroll_to_selected()
            self.refresh()
            return
        if not self._posts[key].spoiler:
            self.notify("This post has no content warning.", timeout=2)
            return
        if key in self._cw_open:
            self._cw_open.remove(key)
        else:
            self._cw_open.add(key)
        self._relayout()
        self._scroll_to_selected()
        self.refresh()

    def action_open(self) -> None:
        """Load a gap, or open the selected post."""
        item = self.selected_item
        if isinstance(item, Gap):
            self.post_message(self.GapOpened(item))
        elif item is not None:
            self.post_message(self.PostOpened(str(item["id"])))
