"""Sample posts for `--demo`: enough for more than one page, and every kind of post.

Plain data and a function that posts through the Mastodon API, so the demo shows
exactly what a real server would send back.
"""

from __future__ import annotations

import io
import zlib
from struct import pack
from typing import Any

TOPICS = [
    ("grace", "Found another moth in the relay today. Taped it into the log book. #debugging"),
    ("alan", "Is a machine that imitates thinking thinking? Still undecided. #philosophy"),
    ("grace", "Nanoseconds are about a foot of wire. Keep your cables short. #hardware"),
    ("alan", "Morphogenesis notes: spots and stripes from two chemicals and a bit of diffusion."),
    ("ada", "Working notes on Bernoulli numbers, table H. Step 24 still needs care. #computing"),
    ("grace", "The most dangerous phrase: we've always done it this way."),
    ("alan", "Long walk, long run, short proof. Good day. #running"),
    ("ada", "Poetical science: imagination is the discovering faculty."),
    (
        "grace",
        "COBOL committee meeting ran long. Bring coffee. https://example.org/cobol?utm_source=x",
    ),
    ("alan", "A reminder that `while True:` has no halting guarantee. #computing"),
]


def generated_posts(count: int) -> list[tuple[str, str]]:
    """`count` (author, text) pairs, cycling the topics with a running number."""
    return [
        (author, f"{text} ({number + 1})")
        for number, (author, text) in ((n, TOPICS[n % len(TOPICS)]) for n in range(count))
    ]


def tiny_png() -> bytes:
    """A 2x2 PNG, so the demo has an image attachment without shipping a file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return pack(">I", len(data)) + kind + data + pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x80\x00" * 2 for _ in range(2))
    header = pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def post_showcase(clients: dict[str, Any]) -> None:
    """Post, through the API, the kinds of post the seed data cannot express.

    `clients` maps demo usernames to logged-in Mastodon.py clients.
    """
    grace, alan, ada = clients["grace"], clients["alan"], clients["ada"]
    media = grace.media_post(
        io.BytesIO(tiny_png()),
        mime_type="image/png",
        description="A 2 by 2 pixel orange square, the smallest test card.",
    )
    grace.status_post("Test card for the new display. Alt text included!", media_ids=[media])
    alan.status_post(
        "Spoilers for the Enigma paper inside.",
        spoiler_text="Cryptography spoilers",
    )
    ada_post = ada.status_post("Who wants to review my notes on loops? #computing")
    grace.status_post("@ada Happy to review the loops section!", in_reply_to_id=ada_post)
    alan.status_reblog(ada_post)
    alan.status_post(
        "Names like [bold]this[/] or [@click=app.quit]that[/] are just text here, "
        "and so is \x1b]52;c;aGVsbG8=\x07 an attempt to write your clipboard."
    )
    grace.status_post(
        "Newest post of the demo: press j and k to move, s on a content warning, "
        ". to refresh. Welcome!"
    )
