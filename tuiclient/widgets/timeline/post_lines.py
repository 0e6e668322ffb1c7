"""How one post looks: its lines as Textual `Content`, wrapped to a width.

Every string reaching here is already sanitised text; `Content` is built from
plain strings (never parsed as markup), so a name like `[@click=app.quit]` is
drawn exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from textual.content import Content, Span
from textual.style import Style

from tuiclient import times
from tuiclient.post import Poll, Post, Quote
from tuiclient.render import Line, RichText
from tuiclient.thread import MoreInThread
from tuiclient.timeline import Gap
from tuiclient.words import plural

INDENT = 2
"""Body lines sit under the author's name, two cells in."""

QUOTE_LINES = 3
"""Lines a quoted post takes at most: enough to tell what it says."""

QUOTE_FRAME = "┃ "
"""The left edge of a quoted post, as a card's frame."""

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


def body_lines(
    post: Post,
    width: int,
    *,
    cw_open: bool,
    style_for: StyleFor,
    now: datetime | None = None,
) -> list[Content]:
    """Everything of a post below its header line, wrapped to `width`.

    `now` (the view's clock; the wall clock if None) says when an open poll closes.
    """
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
        lines.extend(poll_lines(post, width, style_for, now=now))
    if post.quote is not None:
        lines.extend(quote_lines(post.quote, width, style_for))
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


def quote_lines(quote: Quote, width: int, style_for: StyleFor) -> list[Content]:
    """A quoted post, framed and indented like a card: "❝ Name @acct: text…".

    At most `QUOTE_LINES` lines; the quoted post's content warning stands in for its text.
    A quote that is not accepted (pending, revoked, deleted...) is one line saying so.
    """
    frame = Content(" " * INDENT + QUOTE_FRAME, [])
    frame = frame.stylize(style_for("quote"), INDENT)
    inner = max(1, width - frame.cell_length)
    quoted = quote.post
    if quoted is None:
        note = Content.assemble(("❝ ", style_for("quote")), (quote.note, style_for("dim")))
        return [frame + note.truncate(inner, ellipsis=True)]
    parts: list[str | tuple[str, Style]] = [
        ("❝ ", style_for("quote")),
        (quoted.author_name, style_for("author")),
        " ",
        (f"@{quoted.author_acct}", style_for("acct")),
        ": ",
    ]
    if quoted.spoiler:
        parts.append((f"⚠ CW: {quoted.spoiler}", style_for("cw")))
    else:
        # Only what can fit is wrapped: a quoted post may be 20,000 characters long.
        text, limit = quoted.content.plain, QUOTE_LINES * inner * 2
        cut = len(text) > limit or quoted.content.truncated_chars > 0
        parts.append(" ".join(text[:limit].split()) + ("…" if cut else ""))
    extras = [
        *([plural(len(quoted.media), "attachment")] if quoted.media else []),
        *(["poll"] if quoted.poll is not None else []),
    ]
    if extras:
        parts.append((f"  ▣ {', '.join(extras)}", style_for("media")))
    wrapped = Content.assemble(*parts).wrap(inner)
    if len(wrapped) > QUOTE_LINES:
        last = wrapped[QUOTE_LINES - 1].rstrip()
        wrapped = [*wrapped[: QUOTE_LINES - 1], (last + "…").truncate(inner, ellipsis=True)]
    return [frame + line for line in wrapped]


def poll_lines(
    post: Post, width: int, style_for: StyleFor, *, now: datetime | None = None
) -> list[Content]:
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
    state = poll_state(poll, now or datetime.now(timezone.utc))
    how = "several answers" if poll.multiple else "one answer"
    voted = ", you voted" if poll.voted else ""
    note = f"{plural(poll.votes, 'vote')} · {state} · {how}{voted}"
    lines.append(Content(" " * INDENT + note, [Span(INDENT, INDENT + len(note), style_for("dim"))]))
    return lines


def poll_state(poll: Poll, now: datetime) -> str:
    """Whether a poll is open and until when: "open · closes in 2 h", "closed"..."""
    expires = _aware(poll.expires_at) if poll.expires_at is not None else None
    now = _aware(now)
    if poll.expired or (expires is not None and expires <= now):
        return "closed"
    if expires is None:
        return "open"
    return f"open · closes {_closing_time(expires, now)}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _closing_time(expires: datetime, now: datetime) -> str:
    """When a poll closes: soon ones as a countdown, later ones as a local time."""
    seconds = (expires - now).total_seconds()
    if seconds < 60:
        return "in under a minute"
    if (minutes := round(seconds / 60)) < 60:
        return f"in {minutes} min"
    if (hours := round(seconds / 3600)) < 6:
        return f"in {hours} h"
    local = expires.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"{clock} today"
    if days == 1:
        return f"{clock} tomorrow"
    if days < 7:
        return f"{local.strftime('%a')} {clock}"
    return times.absolute(expires, now)


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
