"""Links without tracking parameters: what the user opens or copies says no more than needed.

:func:`clean_url` drops query parameters whose only job is to tell a site (or an ad
network) where a click came from, and keeps everything else exactly as it was: the
scheme, host, path, the other parameters in their order with their original escaping,
and the fragment. Nothing is decoded and re-encoded, so a link that works keeps working.

The list is deliberately short. Each name below is a tracking parameter everywhere it is
seen (the click ids of ad networks, mail campaign ids, Google Analytics' `utm_*`).
Names that are tracking on one site but may mean something elsewhere (`si`, `ref_src`,
`igsh`) are removed only on the hosts where they are known to be trackers. A parameter
not listed is kept: a broken link is worse than one that says where it came from.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

__all__ = ["HOST_PARAMETERS", "TRACKING_PARAMETERS", "TRACKING_PREFIXES", "clean_url"]

TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)
"""Google Analytics campaign parameters: utm_source, utm_medium, utm_campaign, utm_term..."""

TRACKING_PARAMETERS: frozenset[str] = frozenset(
    {
        "fbclid",  # Facebook click id
        "gclid",  # Google Ads click id
        "dclid",  # Google Display (DoubleClick) click id
        "gbraid",  # Google Ads click id (iOS apps)
        "wbraid",  # Google Ads click id (iOS web)
        "msclkid",  # Microsoft Advertising click id
        "yclid",  # Yandex click id
        "twclid",  # Twitter / X ads click id
        "ttclid",  # TikTok ads click id
        "mc_cid",  # Mailchimp campaign id
        "mc_eid",  # Mailchimp subscriber id
        "igshid",  # Instagram share id
        "_hsenc",  # HubSpot mail tracking
        "_hsmi",  # HubSpot mail tracking
    }
)
"""Removed from links to any host (compared without regard to case)."""

HOST_PARAMETERS: dict[str, frozenset[str]] = {
    "twitter.com": frozenset({"ref_src", "ref_url"}),
    "x.com": frozenset({"ref_src", "ref_url"}),
    "youtube.com": frozenset({"si"}),
    "youtu.be": frozenset({"si"}),
    "open.spotify.com": frozenset({"si"}),
    "instagram.com": frozenset({"igsh"}),
}
"""Removed only on these hosts and their subdomains (music.youtube.com, m.youtube.com...)."""


def _host_parameters(host: str) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    while host:
        found |= HOST_PARAMETERS.get(host, frozenset())
        host = host.partition(".")[2]
    return found


def _is_tracking(part: str, on_host: frozenset[str]) -> bool:
    name = unquote(part.partition("=")[0]).lower()
    return name in TRACKING_PARAMETERS or name in on_host or name.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """`url` without tracking parameters; any other URL, or one that cannot be read, as is.

    Only http and https links are touched. The query is split on `&` only (`;` is kept
    as part of a value, as browsers do), empty pieces are kept, and a `?` left with
    nothing after it goes too.
    """
    head, hash_mark, fragment = url.partition("#")
    base, question, query = head.partition("?")
    if not question or not query:
        return url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https"):
        return url
    on_host = _host_parameters(host)
    pieces = query.split("&")
    kept = [piece for piece in pieces if not _is_tracking(piece, on_host)]
    if len(kept) == len(pieces):
        return url
    new_query = "&".join(kept)
    return base + ("?" + new_query if new_query else "") + hash_mark + fragment
