"""How long a post is, counted the way the server counts it.

Mastodon (`StatusLengthValidator`) counts user-perceived characters (grapheme clusters)
of the content warning plus the text, after replacing every http(s) URL with a
23-character placeholder and every remote mention `@user@example.social` with
`@user`. The counter in the composer uses this, so "over the limit" means the same
thing on both sides.
https://docs.joinmastodon.org/user/posting/#text
"""

from __future__ import annotations

import re
import unicodedata

URL_LENGTH = 23
"""Characters a URL costs, whatever its length (`characters_reserved_per_url`)."""

_URL = re.compile(
    r"(?<![A-Za-z0-9@$#＠＃])"  # twitter-text: a URL never starts inside a word or tag
    r"https?://"
    r"(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#<>\"'.]+(?:\.[^\s/?#<>\"'.]+)+)"  # host with a dot, or IPv6
    r"(?::\d+)?"
    r"(?:[/?#][^\s<>\"]*)?",
    re.IGNORECASE,
)
_MENTION = re.compile(
    r"(?<![=/\w])@"
    r"(?P<user>[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)"
    r"(?:@(?P<domain>\w+(?:[.-]+\w+)*))?",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,:;!?'\"]}>*"

_ZWJ = "\u200d"


def _is_extender(char: str) -> bool:
    """Whether `char` belongs to the cluster of the character before it."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences (flags of regions)
        or 0xE0100 <= code <= 0xE01EF  # more variation selectors
    )


def grapheme_count(text: str) -> int:
    """User-perceived characters in `text`: what the server counts.

    Close to Unicode's extended grapheme clusters for what people type: combining
    marks, variation selectors, skin tones and zero-width-joiner sequences (family
    emoji) join the character before them; two regional indicators make one flag;
    CR LF is one.
    """
    count = 0
    previous = ""
    joined = False
    flag_open = False
    for char in text:
        code = ord(char)
        if joined:
            joined = False
        elif char == _ZWJ:
            joined = count > 0
        elif _is_extender(char) and count > 0:
            pass
        elif char == "\n" and previous == "\r":
            pass
        elif 0x1F1E6 <= code <= 0x1F1FF:
            if flag_open:
                flag_open = False
            else:
                flag_open = True
                count += 1
            previous = char
            continue
        else:
            count += 1
        flag_open = False
        previous = char
    return count


def _url_end(text: str, start: int, end: int) -> int:
    """Where a matched URL really ends: trailing punctuation and unbalanced `)` are prose."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    return end


def countable_text(text: str, url_length: int = URL_LENGTH) -> str:
    """`text` as the server measures it: URLs as placeholders, remote mentions as `@user`."""
    entities: list[tuple[int, int, str]] = []
    for match in _URL.finditer(text):
        end = _url_end(text, match.start(), match.end())
        entities.append((match.start(), end, "x" * url_length))
    for match in _MENTION.finditer(text):
        if match.group("domain"):
            entities.append((match.start(), match.end(), "@" + match.group("user")))
    entities.sort()
    pieces: list[str] = []
    position = 0
    for start, end, replacement in entities:
        if start < position:
            continue  # overlaps an earlier entity (a mention inside a URL): the URL wins
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def status_length(text: str, spoiler_text: str = "", *, url_length: int = URL_LENGTH) -> int:
    """Characters the post costs against the server's `max_characters`.

    The content warning counts too: Mastodon adds it to the text.
    """
    countable = countable_text(text, url_length) if text.strip() else ""
    return grapheme_count(spoiler_text) + grapheme_count(countable)
