"""Turn status HTML from the network into safe, structured text.

This is the domain half of rendering: plain Python, no Textual and no network. The widget
layer turns a :class:`RichText` into Textual ``Content`` built from plain strings, so nothing
here ever produces or interprets console markup.

Content from a server is hostile until it has passed through here:

- every piece of text goes through :func:`sanitize`, which removes terminal control sequences
  (CSI, OSC, DCS, 8-bit C1 forms), other control characters and bidi overrides;
- link targets are kept as data (``Span.href``) and only for http, https and mailto;
- the HTML is read by a small linear tokenizer with an explicit, depth-capped stack, so
  malformed or deeply nested input can neither raise nor recurse nor take quadratic time;
- output is capped at ``max_chars`` characters, with the number of cut characters reported.

Why not :class:`html.parser.HTMLParser`: on Python 3.11 it takes quadratic time on inputs
such as ``"<a" * 50_000`` (14 s measured) and raises ``AssertionError`` on ``"<![<!["``. The
tokenizer below is a handful of compiled regular expressions that each scan only up to the
next ``<``, so every input is handled in linear time.
"""

from __future__ import annotations

import functools
import html as _html
import re
import unicodedata
from dataclasses import dataclass
from html.entities import html5
from typing import Literal

__all__ = [
    "Line",
    "RichText",
    "Span",
    "SpanKind",
    "html_to_rich_text",
    "plain_text",
    "sanitize",
    "unescape_attribute",
]

SpanKind = Literal["text", "link", "mention", "hashtag", "bold", "italic", "code", "quote"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one style.

    ``text`` is already sanitised and never contains a newline. For ``link``, ``mention``
    and ``hashtag`` spans ``href`` is the target URL (http, https or mailto only); the
    widget layer keeps it as data and never puts it into markup.
    """

    text: str
    kind: SpanKind = "text"
    href: str | None = None


Line = tuple[Span, ...]
"""One paragraph line before wrapping; ``()`` is a blank line."""


@dataclass(frozen=True, slots=True)
class RichText:
    """A rendered status body.

    ``lines`` are the visual lines before wrapping, ``links`` every link target in document
    order without duplicates, and ``truncated_chars`` how many characters of text were not
    shown because of the ``max_chars`` cap (0 when nothing was cut).
    """

    lines: tuple[Line, ...]
    links: tuple[str, ...]
    truncated_chars: int = 0

    @property
    def plain(self) -> str:
        """The text without styles: lines joined with ``"\\n"``."""
        return "\n".join("".join(span.text for span in line) for line in self.lines)


# --------------------------------------------------------------------------- sanitize

# ESC-introduced and 8-bit C1 sequences. A terminal would swallow the parameters of an
# unfinished sequence too, so the final byte / string terminator is optional: whatever the
# sequence started is removed with it (8-bit strings excepted, see below). String
# sequences (OSC, DCS, SOS, PM, APC) run to BEL, ESC \ or ST (U+009C); OSC 52 (clipboard
# write) and OSC 8 (hyperlinks) are among them.
_ESC_SEQUENCE = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # CSI: ESC [ params intermediates final
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC/DCS/SOS/PM/APC ... BEL or ST
    r"|\x9b[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"  # 8-bit CSI
    # 8-bit string sequences only with their terminator: a stray C1 character is far more
    # often mojibake than an attack, and then only the character itself is removed. The
    # body stops at any C1 or ESC, which keeps a failed attempt short (linear time).
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x80-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # any other escape: ESC ( B, ESC 7, ESC c, lone ESC
)

# Single characters to delete: C0 controls except "\n" (tabs were turned into spaces
# before), DEL, C1 controls, and the bidi controls that can reorder what follows them
# (a display name with U+202E can make "evil.example" look like "elpmaxe.live").
_CONTROL_CHARS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Unicode line and paragraph separators would break lines in some terminals: make them
# ordinary newlines, which the renderer then handles like any other whitespace.
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
# Anything outside printable ASCII and "\n" means the slow path has work to do.
_NEEDS_WORK = re.compile(r"[^\x20-\x7e\n]")

_MAX_COMBINING = 4


@functools.cache
def _combining_flood() -> re.Pattern[str]:
    """A regex matching a run of more than ``_MAX_COMBINING`` combining marks.

    Built once, on first use, from :func:`unicodedata.combining` so it always agrees with
    the running Python's Unicode tables. All characters with a non-zero combining class lie
    in U+0300..U+1FFFF, so only that range is scanned (about 10 ms).
    """
    ranges: list[str] = []
    start = -1
    previous = -2
    for cp in range(0x300, 0x20000):
        if unicodedata.combining(chr(cp)):
            if cp != previous + 1:
                if start >= 0:
                    ranges.append(f"{chr(start)}-{chr(previous)}")
                start = cp
            previous = cp
    if start >= 0:
        ranges.append(f"{chr(start)}-{chr(previous)}")
    cls = "[" + "".join(ranges) + "]"
    return re.compile(f"({cls}{{{_MAX_COMBINING}}}){cls}+")


def sanitize(text: str) -> str:
    """Make untrusted text safe to draw in a terminal, leaving readable text unchanged.

    Removes escape sequences (CSI, OSC, DCS, SOS, PM, APC, other ``ESC`` + character, and
    the 8-bit forms U+009B/U+009D/...), the remaining C0 controls except ``"\\n"``, DEL,
    C1 controls, and the bidi embedding/override/isolate/mark characters. Tabs become
    spaces, lone surrogates become U+FFFD, and runs of combining marks are capped at
    four. ZWJ and variation selectors are kept, since emoji need them. Markup-like text
    such as ``[b]x[/b]`` is returned verbatim: it is data, not markup.
    """
    if not _NEEDS_WORK.search(text):
        return text  # fast path: printable ASCII and newlines only
    text = _ESC_SEQUENCE.sub("", text)
    text = text.replace("\t", " ")
    text = _CONTROL_CHARS.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _SURROGATE.sub("\ufffd", text)
    # After the removals, so that marks separated only by deleted characters count as one run.
    return _combining_flood().sub(r"\1", text)


# --------------------------------------------------------------------------- tokenizer

# One token per match, tried in order. Every alternative that can fail stops scanning at
# the next "<" (a tag here cannot contain a raw "<"; _LENIENT_START below covers that), so
# a failed attempt costs at most the distance to the next "<" and the whole document is
# tokenized in linear time.
_TOKEN = re.compile(
    r"(?P<text>(?:[^<]+|<(?![a-zA-Z/!?]))+)"
    r"|<!--(?s:.*?)(?:-->|\Z)"  # comment (an unclosed one runs to the end, as in HTML)
    r"|</(?P<end>[a-zA-Z][^\s/<>]*)[^<>]*>"
    r"|<(?P<start>[a-zA-Z][^\s/<>]*)(?P<attrs>(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>"
    r"|<[!?/][^<>]*>"  # doctype, processing instruction, CDATA, bogus comment: ignored
    r"|(?P<lt><)"  # a "<" that starts nothing is text
)
# A start tag whose quoted attribute values may hold a raw "<" (HTML allows it, and some
# servers' serialisers do not escape it). Its failed attempt can scan to the end of the
# input, so it is tried only until it fails once per document: linear time overall.
_LENIENT_START = re.compile(
    r"<(?P<start>[a-zA-Z][^\s/<>]*)(?P<attrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`]+)))?""")
_ANY_TAG = re.compile(r"<[^<>]*>")
_HIDDEN_ELEMENT = re.compile(r"<(script|style)\b(?s:.*?)(?:</\1\s*>|\Z)", re.I)
_ROUGH_SAMPLE = 100_000
_HTML_SPACE = re.compile(r"[ \n]+")  # after sanitize: tabs are spaces, \r and \f are gone
_URL_SPACE = re.compile(r"[\n\t\r]")

# Elements whose content is raw text up to their end tag (HTML parsing rules); the ones
# in _DROP are not shown, the others are shown as text.
_RAW_TEXT = frozenset({"script", "style", "title", "iframe", "textarea", "xmp", "noembed"})
_DROP = frozenset({"script", "style", "template", "head", "title", "iframe", "object"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr", "frame", "keygen"}
)
# Blocks separated by a blank line vs. by a line break.
_PARAGRAPH = frozenset(
    {"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table"}
    | {"figure", "hr", "dl", "details", "fieldset"}
)
_LINE_BLOCK = frozenset(
    {"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "nav", "main"}
    | {"aside", "address", "figcaption", "summary", "form", "caption", "center", "hgroup"}
)
# Starting one of these closes an open <p> (HTML's implied end tag), so unclosed <p>s do
# not pile up on the stack.
_BLOCKS = _PARAGRAPH | _LINE_BLOCK
_CLOSES_P = _BLOCKS - {"li", "tr", "dt", "dd", "caption", "center"}
_LISTS = frozenset({"ul", "ol"})
_BOLD = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})
_ITALIC = frozenset({"i", "em", "cite", "var", "dfn"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_MAX_DEPTH = 256
"""Open elements tracked; deeper ones still break lines but add no style."""

_MAX_SHOWN_NESTING = 8
"""Quote marks and list indents shown at most; deeper nesting would only waste the width."""

_PARSE_FACTOR = 10
"""HTML beyond ``max_chars * _PARSE_FACTOR`` (or 200,000) characters is only counted."""


def _safe_href(raw: str | None) -> str | None:
    """The link target if it is a http, https or mailto URL, else None."""
    if raw is None:
        return None
    # Browsers drop tabs and newlines inside URLs: do the same before the scheme check, so
    # "java\nscript:" is judged as what a browser would open.
    href = sanitize(_URL_SPACE.sub("", raw)).strip()
    href = _HTML_SPACE.sub("%20", href)
    scheme, colon, _ = href.partition(":")
    if not colon or scheme.lower() not in _SAFE_SCHEMES:
        return None
    return href


# A character reference, found as `html.unescape` finds them (the same pattern).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def unescape_attribute(value: str) -> str:
    """An attribute value with its character references decoded, as a browser reads it.

    `html.unescape` follows the rules for text, which differ in one place: in an attribute,
    a name without ";" that is followed by "=" or a letter or digit is not a reference. So
    the link `?a=1&copy=2` keeps its parameter `copy` (as text it would read "?a=1©=2"),
    while `&amp;`, `&#38;` and `&copy ` decode as everywhere.
    """
    if "&" not in value:
        return value
    return _CHARREF.sub(_attribute_reference, value)


def _attribute_reference(match: re.Match[str]) -> str:
    ref = match.group(1)
    if ref[0] != "#":
        # The longest known name at the start, as html.unescape looks for it.
        name = next((ref[:end] for end in range(len(ref), 1, -1) if ref[:end] in html5), "")
        after = ref[len(name) : len(name) + 1]
        if name and not name.endswith(";") and (after == "=" or _ascii_alnum(after)):
            return match.group()
    return _html.unescape(match.group())


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _rough_text_len(fragment: str) -> int:
    """Roughly how many characters of text an HTML fragment holds (for the cut count).

    Only the first ``_ROUGH_SAMPLE`` characters are looked at; a longer fragment is
    estimated from that sample, so that a megabyte of HTML past the cut costs no more than
    the part that is shown.
    """
    sample = fragment[:_ROUGH_SAMPLE]
    text = _html.unescape(_ANY_TAG.sub("", _HIDDEN_ELEMENT.sub("", sample)))
    count = len(_HTML_SPACE.sub(" ", sanitize(text)).strip())
    if len(fragment) > len(sample):
        count = count * len(fragment) // len(sample)
    return count


class _Frame:
    """One open element and the effects it had, undone when it closes."""

    __slots__ = (
        "tag",
        "block",
        "bold",
        "italic",
        "code",
        "pre",
        "quote",
        "drop",
        "invisible",
        "ellipsis",
        "link",
        "list",
    )

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.block = 0
        self.bold = self.italic = self.code = self.pre = self.quote = False
        self.drop = self.invisible = self.ellipsis = self.link = self.list = False


class _List:
    """An open <ul>/<ol>: its next number and the width of its current marker."""

    __slots__ = ("ordered", "number", "width")

    def __init__(self, ordered: bool, start: int) -> None:
        self.ordered = ordered
        self.number = start
        self.width = 2


class _Renderer:
    """Builds lines of spans from a stream of tokens; one instance per document."""

    def __init__(self, max_chars: int) -> None:
        self.budget = max(0, max_chars)
        self.used = 0
        self.full = False
        self.truncated = 0
        self.lines: list[Line] = []
        # The current line as mutable [kind, href, [pieces]] runs, so that appending many
        # small pieces stays linear; frozen into Spans when the line ends.
        self.cur: list[tuple[SpanKind, str | None, list[str]]] = []
        self.cur_has_text = False
        self.pending = 0  # 1 = line break, 2 = blank line, applied before the next text
        self.links: dict[str, None] = {}
        self.stack: list[_Frame] = []
        self.overflow = 0
        self.bold = self.italic = self.code = self.pre = self.quote = 0
        self.drop = self.invisible = 0
        self.link_stack: list[tuple[SpanKind, str | None]] = []
        self.lists: list[_List] = []
        self.marker: str | None = None
        self.pre_start = False

    # ---- document structure

    def start(self, tag: str, attrs: str, self_closing: bool) -> None:
        """Handle a start tag (``attrs`` is the raw attribute text)."""
        if tag == "br":
            self.newline()
            return
        if tag == "img":
            alt = self.attr(attrs, "alt")
            if alt:
                self.text(alt)
            return
        if tag in _VOID:
            if tag == "hr":
                self.block(2)
            return
        if tag in _CLOSES_P:
            self.close_implied("p", stop=_BLOCKS)
        elif tag == "li":
            self.close_implied("li", stop=_LISTS)
        if tag in _PARAGRAPH:
            # A list nested in a list item only needs a line break, not a blank line.
            self.block(1 if tag in ("ul", "ol") and self.lists else 2)
        elif tag in _LINE_BLOCK:
            self.block(1)
        elif tag in ("td", "th") and self.cur_has_text:
            self.text(" ")
        if self_closing:
            return
        if len(self.stack) >= _MAX_DEPTH:
            self.overflow += 1
            return
        frame = _Frame(tag)
        self.stack.append(frame)
        self.apply(frame, attrs)

    def apply(self, f: _Frame, attrs: str) -> None:
        """Apply the effects of a newly opened element."""
        tag = f.tag
        if tag in _PARAGRAPH:
            f.block = 1 if tag in ("ul", "ol") and self.lists else 2
        elif tag in _LINE_BLOCK:
            f.block = 1
        if tag in _DROP:
            f.drop = True
            self.drop += 1
        if tag in _BOLD:
            f.bold = True
            self.bold += 1
        elif tag in _ITALIC:
            f.italic = True
            self.italic += 1
        elif tag in _CODE:
            f.code = True
            self.code += 1
        elif tag == "pre":
            f.pre = True
            self.pre += 1
            self.pre_start = True
        elif tag == "blockquote":
            f.quote = True
            self.quote += 1
        elif tag in ("ul", "ol"):
            start = 1
            if tag == "ol":
                value = self.attr(attrs, "start")
                if value and value.strip().isdigit() and len(value.strip()) < 7:
                    start = int(value)
            f.list = True
            self.lists.append(_List(tag == "ol", start))
        elif tag == "li":
            if self.lists:
                lst = self.lists[-1]
                marker = f"{lst.number}. " if lst.ordered else "• "
                lst.number += 1
                lst.width = len(marker)
            else:
                marker = "• "
            self.marker = marker
        elif tag == "a":
            href = _safe_href(self.attr(attrs, "href"))
            kind: SpanKind = "link"
            classes = (self.attr(attrs, "class") or "").split()
            if "hashtag" in classes or (self.attr(attrs, "rel") or "").lower() == "tag":
                kind = "hashtag"
            elif "mention" in classes:
                kind = "mention"
            f.link = True
            self.link_stack.append((kind, href))
        elif tag == "span":
            classes = (self.attr(attrs, "class") or "").split()
            if "invisible" in classes:
                f.invisible = True
                self.invisible += 1
            elif "ellipsis" in classes:
                f.ellipsis = True

    def end(self, tag: str) -> None:
        """Handle an end tag; a stray one is ignored (``</p>`` and ``</br>`` as in HTML)."""
        if self.overflow:
            # Elements past the depth cap were not pushed; in well-formed input their end
            # tags come first, and for malformed input any approximation is fine.
            self.overflow -= 1
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                while len(self.stack) > index:
                    self.undo(self.stack.pop())
                return
        if tag == "br":
            self.newline()
        elif tag == "p":
            self.block(2)

    def close_implied(self, tag: str, stop: frozenset[str]) -> None:
        """Close an open ``tag`` unless a ``stop`` element lies between (implied end tags)."""
        for index in range(len(self.stack) - 1, -1, -1):
            name = self.stack[index].tag
            if name == tag:
                while len(self.stack) > index:
                    self.undo(self.stack.pop())
                return
            if name in stop:
                return

    def undo(self, f: _Frame) -> None:
        """Undo the effects of an element that closes."""
        if f.ellipsis:
            # Mastodon shortens long links to their visible part; show that it was cut.
            self.text("…")
        if f.drop:
            self.drop -= 1
        if f.bold:
            self.bold -= 1
        if f.italic:
            self.italic -= 1
        if f.code:
            self.code -= 1
        if f.pre:
            self.pre -= 1
            self.pre_start = False
        if f.quote:
            self.quote -= 1
        if f.invisible:
            self.invisible -= 1
        if f.link and self.link_stack:
            self.link_stack.pop()
        if f.list and self.lists:
            self.lists.pop()
        if f.tag == "li":
            self.marker = None
        if f.block:
            self.block(f.block)

    @staticmethod
    def attr(attrs: str, name: str) -> str | None:
        """The (entity-decoded) value of attribute ``name``; the first one wins, as in HTML."""
        if name not in attrs.lower():
            return None
        for m in _ATTR.finditer(attrs):
            if m.group(1).lower() == name:
                value = m.group(2)
                if value is None:
                    value = m.group(3)
                if value is None:
                    value = m.group(4)
                return unescape_attribute(value) if value is not None else ""
        return None

    # ---- text and lines

    def block(self, n: int) -> None:
        """Ask for a line break (1) or blank line (2) before the next text."""
        if n > self.pending:
            self.pending = n

    def flush_pending(self) -> None:
        """Apply a pending block break; at the start of the document it is dropped."""
        if not self.pending:
            return
        n, self.pending = self.pending, 0
        if not self.lines and not self.cur_has_text:
            return
        if self.cur_has_text:
            self.end_line(force=False)
        blanks = 0
        for line in reversed(self.lines):
            if line or blanks >= n - 1:
                break
            blanks += 1
        for _ in range(n - 1 - blanks):
            self.lines.append(())
            self.used += 1

    def newline(self) -> None:
        """A hard line break (``<br>`` or a newline inside ``<pre>``)."""
        if self.drop or self.full:
            return
        self.flush_pending()
        self.end_line(force=True)
        self.used += 1
        if self.used >= self.budget:
            self.full = True

    def end_line(self, *, force: bool) -> None:
        """Finish the current line (trimming trailing spaces); ``force`` keeps it if blank."""
        if self.cur_has_text:
            spans: list[Span] = []
            for kind, href, pieces in self.cur:
                spans.append(Span("".join(pieces), kind, href))
            while spans:
                last = spans[-1]
                trimmed = last.text.rstrip(" ")
                if trimmed:
                    spans[-1] = Span(trimmed, last.kind, last.href)
                    break
                spans.pop()
            self.lines.append(tuple(spans))
        elif force:
            self.lines.append(())
        self.cur = []
        self.cur_has_text = False

    def text(self, data: str) -> None:
        """Handle character data (entities already decoded, not yet sanitised)."""
        if self.drop or self.invisible or self.full:
            return
        if self.pre:
            data = sanitize(data.expandtabs(4))
            if self.pre_start:
                # HTML drops one newline right after <pre>.
                self.pre_start = False
                if data.startswith("\n"):
                    data = data[1:]
            first = True
            for part in data.split("\n"):
                if not first:
                    self.newline()
                first = False
                if part:
                    self.flush_pending()
                    self.emit(part)
            return
        data = _HTML_SPACE.sub(" ", sanitize(data))
        if not data:
            return
        if data[0] == " " and (self.pending or not self.cur_has_text or self.ends_in_space()):
            data = data[1:]
            if not data:
                return
        self.flush_pending()
        self.emit(data)

    def ends_in_space(self) -> bool:
        """Whether the current line's text ends in a space (to collapse across elements)."""
        return bool(self.cur) and self.cur[-1][2][-1].endswith(" ")

    def style(self) -> tuple[SpanKind, str | None]:
        """The kind and href of text at the current position."""
        if self.link_stack:
            kind, href = self.link_stack[-1]
            if href is not None:
                return kind, href
        if self.code or self.pre:
            return "code", None
        if self.bold:
            return "bold", None
        if self.italic:
            return "italic", None
        if self.quote:
            return "quote", None
        return "text", None

    def emit(self, data: str) -> None:
        """Append sanitised, single-line text to the current line, within the budget."""
        if self.full:
            self.truncated += len(data)
            return
        room = self.budget - self.used
        if len(data) > room:
            self.truncated += len(data) - room
            data = data[:room]
            self.full = True
            if not data:
                return
        self.used += len(data)
        if not self.cur_has_text:
            self.add_prefix()
            self.cur_has_text = True
        kind, href = self.style()
        if href is not None:
            self.links[href] = None
        self.append(kind, href, data)
        if self.used >= self.budget:
            self.full = True

    def add_prefix(self) -> None:
        """Start a line with its quote marks and list indent or bullet."""
        if self.quote:
            self.append("quote", None, "> " * min(self.quote, _MAX_SHOWN_NESTING))
        if self.lists or self.marker:
            outer = self.lists[-_MAX_SHOWN_NESTING:-1]
            indent = "".join(" " * lst.width for lst in outer)
            if self.marker is not None:
                indent += self.marker
                self.marker = None
            elif self.lists:
                indent += " " * self.lists[-1].width
            self.append("text", None, indent)

    def append(self, kind: SpanKind, href: str | None, data: str) -> None:
        """Add a piece to the current line, merging with a run of the same style."""
        if self.cur and self.cur[-1][0] == kind and self.cur[-1][1] == href:
            self.cur[-1][2].append(data)
        else:
            self.cur.append((kind, href, [data]))

    def finish(self) -> RichText:
        """End the document: keep the last line, drop blank lines at both ends."""
        self.end_line(force=False)
        lines = self.lines
        start, stop = 0, len(lines)
        while start < stop and not lines[start]:
            start += 1
        while stop > start and not lines[stop - 1]:
            stop -= 1
        return RichText(tuple(lines[start:stop]), tuple(self.links), self.truncated)


# Where a raw-text element ends: its own end tag, case-insensitive; none means "to the end".
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}(?=[\s/>])[^<>]*>?", re.I) for tag in _RAW_TEXT}


def html_to_rich_text(html: str | None, *, max_chars: int = 20_000) -> RichText:
    """Render status HTML to :class:`RichText` (cached: the same post is rendered once).

    The timeline, the filters and notifications all ask for the same posts' text; the
    result is immutable, so one cache serves them all.
    """
    return _html_to_rich_text(html or "", max_chars)


@functools.lru_cache(maxsize=16384)
def _html_to_rich_text(html: str | None, max_chars: int) -> RichText:
    """Render status HTML (as Mastodon and compatible servers send it) to :class:`RichText`.

    Paragraphs are separated by a blank line, ``<br>`` breaks lines, links, mentions and
    hashtags become spans with their href, Mastodon's shortened links show their visible
    part and "…", ``<blockquote>`` lines start with "> ", list items with "• " or "1. ",
    ``<pre>`` keeps its line breaks. The content of script, style, template, head, title,
    iframe and object is dropped; other unknown elements keep their text. Entities are
    decoded into literal text, so ``&lt;b&gt;`` shows as ``<b>``. Never raises on malformed
    input; at most ``max_chars`` characters are produced and ``truncated_chars`` says
    roughly how many more there were.
    """
    if not html:
        return RichText((), ())
    r = _Renderer(max_chars)
    limit = max(max_chars * _PARSE_FACTOR, 200_000)
    src = html[:limit]
    if len(html) > limit and src.rfind("<") > src.rfind(">"):
        src = src[: src.rfind("<")]  # do not cut a tag in half: its end would show as text
    pos = _feed(r, src)
    if pos < len(src):
        r.truncated += _rough_text_len(src[pos:])
    if len(html) > len(src):
        r.truncated += _rough_text_len(html[len(src) :])
    return r.finish()


def _feed(r: _Renderer, src: str) -> int:
    """Tokenize ``src`` into ``r`` until the end or until ``r`` is full; return the stop."""
    n = len(src)
    pos = 0
    # Consecutive text tokens ("a < b" is three) are handled together: one unescape and
    # one sanitize per run of text instead of per token.
    buffer: list[str] = []
    buffered = 0

    def flush() -> None:
        nonlocal buffer, buffered
        r.text(_html.unescape("".join(buffer)))
        buffer = []
        buffered = 0

    lenient = True
    while pos < n and not r.full:
        for m in _TOKEN.finditer(src, pos):
            pos = m.end()
            group = m.lastgroup
            if group == "lt" and lenient and src[pos : pos + 1].isalpha():
                # A "<" + letter that is no tag for _TOKEN: maybe a "<" inside a quoted value.
                m2 = _LENIENT_START.match(src, pos - 1)
                if m2 is None:
                    lenient = False
                else:
                    m, group = m2, "attrs"
                    pos = m.end()
            if group == "text" or group == "lt":
                buffer.append(m.group())
                buffered += len(m.group())
                if buffered > r.budget:  # enough to fill the output: stop reading early
                    flush()
                    if r.full:
                        break
                continue
            if buffer:
                flush()
            if group == "attrs":  # a start tag
                tag = m.group("start").lower()
                attrs = m.group("attrs")
                if tag in _RAW_TEXT:
                    end = _RAW_TEXT_END[tag].search(src, pos)
                    content = src[pos : end.start() if end else n]
                    pos = end.end() if end else n
                    if tag not in _DROP:
                        r.text(_html.unescape(content))
                    break  # continue tokenizing after the raw text
                r.start(tag, attrs, attrs.rstrip().endswith("/") and tag not in _VOID)
                if m.re is _LENIENT_START:
                    break  # finditer is behind the lenient match: restart it at pos
            elif group == "end":
                r.end(m.group("end").lower())
            # else: a comment, doctype or processing instruction, which shows nothing
            if r.full:
                break
    if buffer:
        flush()
    return pos


def plain_text(html: str | None) -> str:
    """The text of status HTML without styles (for filters, notifications, searching)."""
    return html_to_rich_text(html).plain
