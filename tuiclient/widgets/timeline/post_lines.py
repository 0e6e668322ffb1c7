"""How one post looks: its lines as Textual `Content`, wrapped to a width.

Every string reaching here is already sanitised text; `Content` is built from
plain strings (never parsed as markup), so a name like `[@click=app.quit]` is
drawn exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content, Span
from textual.style import Style

from tuiclient import times
from tuiclient.post import Post
from tuiclient.render import Line, RichText
from tuiclient.thread import MoreInThread
from tuiclient.timeline import Gap
from tuiclient.words import plural

INDENT = 2
"""Body lines sit under the author's name, two cells in."""

VISIBILITY_MARKS = {"unlisted": "◐ unlisted", "private": "◑ followers", "direct": "✉ direct"}
"""How a post's reach is shown; public posts show nothing."""

StyleFor = Callable[[str], Style]
"""Maps a part of a post (`author`, `link`, ...) to its theme style."""

_SPAN_PARTS = {
    "link": "link",
    "mention": "mention",
    "hashtag": "hashtag",
    "code": "code",
    "quote": "quote",
    "bold": "bold",
    "italic": "italic",
}


def _line_content(line: Line, style_for: StyleFor) -> Content:
    text_parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for span in line:
        text_parts.append(span.text)
        part = _SPAN_PARTS.get(span.kind)
        if part is not None:
            spans.append(Span(offset, offset + len(span.text), style_for(part)))
        offset += len(span.text)
    return Content("".join(text_parts), spans)


def _wrap(content: Content, width: int, indent: int = INDENT) -> list[Content]:
    pad = " " * indent
    return [Content(pad) + line for line in content.wrap(max(1, width - indent))] or [Content("")]


def rich_text_lines(text: RichText, width: int, style_for: StyleFor) -> list[Content]:
    """The lines of rendered post content, wrapped to `width` cells."""
    lines: list[Content] = []
    for line in text.lines:
        lines.extend(_wrap(_line_content(line, style_for), width))
    if text.truncated_chars:
        note = f"… {text.truncated_chars:,} more characters not shown"
        lines.append(
            Content(" " * INDENT + note, [Span(INDENT, INDENT + len(note), style_for("dim"))])
        )
    return lines


def body_lines(post: Post, width: int, *, cw_open: bool, style_for: StyleFor) -> list[Content]:
    """Everything of a post below its header line, wrapped to `width`."""
    lines: list[Content] = []
    if post.spoiler:
        hint = "s: hide" if cw_open else "s: show"
        warning = Content.assemble(
            ("⚠ CW: ", style_for("cw")),
            (post.spoiler, style_for("cw")),
            (f"  ({hint})", style_for("dim")),
        )
        lines.extend(_wrap(warning, width))
        if not cw_open:
            hidden = len(post.media)
            if hidden:
                lines.append(Content(" " * INDENT + f"({plural(hidden, 'attachment')} hidden)"))
            return lines
    lines.extend(rich_text_lines(post.content, width, style_for))
    if post.poll is not None:
        lines.extend(poll_lines(post, width, style_for))
    if post.card is not None:
        card = Content.assemble(
            ("⧉ ", style_for("media")), (post.card.title or post.card.url, style_for("link"))
        )
        lines.extend(_wrap(card, width))
    for media in post.media:
        label = f"▣ {media.kind}: "
        if media.description:
            line = Content.assemble((label, style_for("media")), media.description)
        else:
            line = Content.assemble(
                (label, style_for("media")), ("no description", style_for("missing-alt"))
            )
        lines.extend(_wrap(line, width))
    return lines


def poll_lines(post: Post, width: int, style_for: StyleFor) -> list[Content]:
    """A poll: each option with a bar and its share, your votes marked, and its state."""
    poll = post.poll
    assert poll is not None
    lines: list[Content] = []
    total = max(1, sum(o.votes or 0 for o in poll.options)) if poll.multiple else max(1, poll.votes)
    for index, option in enumerate(poll.options):
        mine = "✓" if index in poll.own_votes else ("☐" if poll.multiple else "○")
        if option.votes is None:
            share = ""
            bar = ""
        else:
            percent = round(100 * option.votes / total)
            share = f" {percent:>3}%"
            bar = "█" * (percent // 10)
        lines.extend(
            _wrap(
                Content.assemble(
                    f"{mine} ",
                    option.title,
                    (share, style_for("dim")),
                    " ",
                    (bar, style_for("media")),
                ),
                width,
            )
        )
    state = "closed" if poll.expired else "open"
    how = "several answers" if poll.multiple else "one answer"
    voted = ", you voted" if poll.voted else ""
    note = f"{plural(poll.votes, 'vote')} · {state} · {how}{voted}"
    lines.append(Content(" " * INDENT + note, [Span(INDENT, INDENT + len(note), style_for("dim"))]))
    return lines


def boost_line(post: Post, width: int, style_for: StyleFor) -> Content | None:
    """`↻ Name boosted`, for a boost."""
    if post.context:
        return Content(post.context, [Span(0, len(post.context), style_for("boost"))]).truncate(
            width, ellipsis=True
        )
    if not post.boosted_by:
        return None
    text = f"↻ {post.boosted_by} boosted"
    return Content(text, [Span(0, len(text), style_for("boost"))]).truncate(width, ellipsis=True)


def header_line(
    post: Post, width: int, *, now: datetime, selected: bool, style_for: StyleFor
) -> Content:
    """Name, @acct, reply marker and age (the full date when selected), on one line."""
    when = (
        times.absolute(post.created_at, now) if selected else times.relative(post.created_at, now)
    )
    parts: list[str | tuple[str, Style]] = [
        (post.author_name, style_for("author")),
        " ",
        (f"@{post.author_acct}", style_for("acct")),
    ]
    if post.is_reply:
        parts.append((f"  ↩ reply to {post.reply_to_acct}", style_for("reply")))
    parts.append((f"  · {when}", style_for("time")))
    if post.edited:
        parts.append((" (edited)", style_for("time")))
    if selected and post.language:
        parts.append((f"  [{post.language}]", style_for("time")))
    if post.visibility != "public":
        parts.append(
            (f"  {VISIBILITY_MARKS.get(post.visibility, post.visibility)}", style_for("time"))
        )
    marks = "".join(
        m for m, on in (("↻", post.reblogged), ("★", post.favourited), ("⚑", post.bookmarked)) if on
    )
    if marks:
        parts.append((f"  {marks}", style_for("mine")))
    return Content.assemble(*parts).truncate(width, ellipsis=True)


def folded_line(post: Post, reason: str, width: int, style_for: StyleFor) -> Content:
    """A post a filter collapsed: the filter's reason and whose post it is, on one line."""
    text = f"▸ {reason} · {post.author_name} @{post.author_acct} · s: show"
    return Content(text, [Span(0, len(text), style_for("dim"))]).truncate(width, ellipsis=True)


def gap_lines(gap: Gap, width: int, style_for: StyleFor, *, loading: bool) -> list[Content]:
    """A gap: posts the client has not fetched yet (or, in a thread, not shown yet)."""
    if isinstance(gap, MoreInThread):
        label = f"┄ {gap.label}: enter shows them ┄"
    elif loading:
        label = "┄ loading the missing posts… ┄"
    else:
        label = "┄ more posts here: enter loads them ┄"
    return [Content(label, [Span(0, len(label), style_for("gap"))]).truncate(width, ellipsis=True)]
