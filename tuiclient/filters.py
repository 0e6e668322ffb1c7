"""Local filters: rules the user writes, applied on this machine and nowhere else.

A :class:`FilterEngine` decides, for each status in a timeline, whether the timeline
shows it, collapses it to one line that names the rule, or hides it. It also honours
the server's own filters (filters v2: the ``filtered`` field of a status). This module
is plain Python: no Textual and no network, so a local rule can never be sent anywhere.

How rules match (all matching is on the post that is shown, the boosted one for a boost):

- ``keyword``: a word or phrase, whole words only, case-insensitive, accents folded
  ("cafe" matches "Café", "strasse" matches "Straße"). It is looked for in the content
  text (:func:`tuiclient.render.plain_text`), the content warning, poll options and media
  descriptions. In scripts written without spaces (Chinese, Japanese, Thai...) there are
  no words to match whole, so such a keyword matches anywhere in the text.
- ``regex``: a Python regular expression, case-insensitive, searched in the same text
  joined by newlines, neither folded nor lower-cased. A pattern that does not compile, or
  that matches empty text (and so every post), is refused with a message.
- ``account`` (``user@host``) and ``domain`` (the host and its subdomains): the author, or
  the account that boosted the post. Local accounts, whose ``acct`` has no ``@host``, are
  read as accounts on the active account's server.
- ``hashtag``: the status's ``tags``. ``language``: posts in one of the listed languages;
  ``language_only``: posts whose language is known and not one of the listed ones.
- ``boosts``, ``replies``, ``replies_to_strangers`` (replies to someone you do not follow;
  a reply whose target cannot be told is left alone), ``bots`` (author or booster is a
  bot), ``missing_alt`` (an attachment without a description), ``cw`` (a content warning;
  with a value, one containing that word or phrase).

Posts the active account wrote or boosted are never filtered by local rules. When several
rules match, ``hide`` wins over ``collapse``, and among rules with the same action the first
in the list names the decision. Server filters follow the same order: ``hide`` hides;
``warn`` and ``blur`` collapse with the server filter's title.

Speed: rules are compiled once per engine and per (timeline, account); the text of a
status is extracted once and cached by status id and object (an edited copy is read
again); decisions are cached the same way. ``bench/filters.py`` measures it.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal, cast

from tuiclient.render import plain_text, sanitize

__all__ = [
    "ACTION_LABELS",
    "KINDS",
    "TIMELINE_SCOPES",
    "Action",
    "Decision",
    "FilterEngine",
    "FilterRule",
    "KindInfo",
    "RuleError",
    "RuleKind",
    "SHOW",
    "fold",
    "new_rule_id",
    "rules_from_config",
    "rules_to_config",
    "timeline_in_scope",
]

RuleKind = Literal[
    "keyword",
    "regex",
    "account",
    "domain",
    "hashtag",
    "language",
    "language_only",
    "boosts",
    "replies",
    "replies_to_strangers",
    "bots",
    "missing_alt",
    "cw",
]
Action = Literal["hide", "collapse"]


@dataclass(frozen=True, slots=True)
class KindInfo:
    """How a rule kind is described to the user and what value it takes."""

    label: str
    value: Literal["required", "optional", "none"]
    hint: str
    """What to type as the value (a placeholder in the form)."""


KINDS: dict[RuleKind, KindInfo] = {
    "keyword": KindInfo("Keyword or phrase", "required", "a word or phrase, e.g. spoilers"),
    "regex": KindInfo("Regular expression", "required", r"e.g. \bcrypto\w*"),
    "account": KindInfo("Account", "required", "user@host"),
    "domain": KindInfo("Whole domain", "required", "example.social"),
    "hashtag": KindInfo("Hashtag", "required", "#tag"),
    "language": KindInfo("Posts in languages", "required", "language codes, e.g. de, fr"),
    "language_only": KindInfo(
        "Posts not in languages (show only these)", "required", "language codes, e.g. en"
    ),
    "boosts": KindInfo("Boosts", "none", ""),
    "replies": KindInfo("Replies", "none", ""),
    "replies_to_strangers": KindInfo("Replies to people you don't follow", "none", ""),
    "bots": KindInfo("Posts by bots", "none", ""),
    "missing_alt": KindInfo("Media without alt text", "none", ""),
    "cw": KindInfo("Content warnings", "optional", "a word in the warning (empty: any)"),
}
"""Every rule kind, in the order the form offers them."""

ACTION_LABELS: dict[Action, str] = {"collapse": "Collapse to one line", "hide": "Hide"}

TIMELINE_SCOPES: dict[str, str] = {
    "home": "Home",
    "local": "Local",
    "federated": "Federated",
    "lists": "Lists",
    "tags": "Hashtags",
    "notifications": "Notifications",
}
"""Scopes offered in the form. "lists" covers every `list:<id>`, "tags" every `tag:<name>`."""

_OTHER_TIMELINES = frozenset({"bookmarks", "favourites", "conversations", "thread", "profile"})
_SCOPE_PREFIXES = ("list:", "tag:")


class RuleError(ValueError):
    """A rule that cannot be used, with a message for the user.

    `field` names the part of the rule that is wrong: "kind", "value", "action",
    "timelines" or "account".
    """

    def __init__(self, message: str, field: str = "value") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def new_rule_id() -> str:
    """A fresh, random id for a rule (random so ids never collide across machines)."""
    return uuid.uuid4().hex[:12]


# --------------------------------------------------------------------------- text

# Combining marks of the Latin, Greek and Cyrillic diacritics blocks. Only these are
# dropped when folding accents: the vowel signs of Indic scripts are combining marks too,
# and removing them would make different words look alike.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: a keyword in them matches anywhere.
_NO_SPACE_SCRIPT = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


def fold(text: str) -> str:
    """`text` lower-cased with accents removed, for matching ("Café" -> "cafe").

    NFKD also turns compatibility forms into plain letters (full-width "Ａ", the "ﬁ"
    ligature), so they cannot be used to slip past a keyword.
    """
    if text.isascii():
        return text.lower()
    return _DIACRITICS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# The only non-ASCII characters that a case-insensitive `re` pattern matches to an ASCII
# letter: İ and K (their lower case is i and k) and ı and ſ (`re` treats them as i and s).
# After this table and `str.lower()`, an ASCII letter in a pattern can only have matched
# that same lower-case letter, so a lower-case ASCII literal of a pattern must appear in
# the result wherever the pattern matches. A unit test checks every code point.
_CASELESS_ASCII = str.maketrans({"\u0130": "i", "\u212a": "k", "\u0131": "i", "\u017f": "s"})


def _caseless(text: str) -> str:
    """`text` with case gone as far as `re.IGNORECASE` sees ASCII letters."""
    return text.lower() if text.isascii() else text.translate(_CASELESS_ASCII).lower()


_REQUIRED_LITERAL_MIN = 3
_WORD_START = frozenset({"AT_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_STRING"})
_ASCII_PIECE = re.compile(r"[\x00-\x7f]+")
_ASCII_WORD_START = re.compile(r"[A-Za-z0-9_]{3}")


def _required_literal(pattern: str) -> tuple[str, str]:
    """What every match of `pattern` contains, for a quick test before the search.

    Returns the longest lower-case ASCII text every match contains (or ""), and the first
    three letters of such a text that also starts a word, `\bcrypto` giving "cry" (or "").
    The first is looked for with `in`, the second in the set of each post's word
    beginnings; together they skip the regular expression for most posts.

    It reads the parse tree of `re` (a private module: anything unexpected gives no
    shortcut, which only costs speed): runs of literal characters in sequence, looking
    through plain groups, zero-width assertions and repeats that happen at least once;
    everything else ends a run. Groups that change flags, such as `(?-i:...)`, are not
    looked into.
    """
    runs: list[tuple[str, bool]] = []
    current: list[str] = []
    state = {"anchor": False, "run_anchored": False}

    def end_run() -> None:
        if current:
            runs.append(("".join(current), state["run_anchored"]))
            current.clear()
        state["anchor"] = False

    def walk(items: Any) -> None:
        for op, arg in items:
            name = op.name
            if name == "LITERAL":
                if not current:
                    state["run_anchored"] = state["anchor"]
                current.append(chr(arg))
            elif name == "AT":
                # Zero-width: letters around it are still side by side.
                if not current and arg.name in _WORD_START:
                    state["anchor"] = True
            elif name == "SUBPATTERN" and not arg[1] and not arg[2]:
                walk(arg[3].data)
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
                end_run()
                walk(arg[2].data)
                end_run()
            else:
                end_run()

    try:
        parser: Any = importlib.import_module("re._parser")
        walk(parser.parse(pattern, re.IGNORECASE).data)
        end_run()
    except Exception:  # noqa: BLE001 - a private parser may change: then no shortcut
        return "", ""
    literal = ""
    word_start = ""
    for run, anchored in runs:
        for piece in _ASCII_PIECE.finditer(run):
            if len(piece.group()) > len(literal):
                literal = piece.group()
            if anchored and piece.start() == 0 and _ASCII_WORD_START.match(run) and not word_start:
                word_start = run[:3]
    if len(literal) < _REQUIRED_LITERAL_MIN:
        literal = ""
    return literal.lower(), word_start.lower()


@dataclass(frozen=True, slots=True)
class _Needle:
    """A keyword made ready to look for: a single word, a phrase, or a substring."""

    kind: Literal["word", "phrase", "substring"]
    text: str
    key: str
    """A word the text must have for a match (the longest of a phrase): a set lookup
    that rules most posts out before the substring search."""

    @classmethod
    def of(cls, value: str) -> _Needle | None:
        words = _words(value)
        if not words:
            return None
        if _NO_SPACE_SCRIPT.search(value):
            return cls("substring", " ".join(words), "")
        if len(words) == 1:
            return cls("word", words[0], words[0])
        return cls("phrase", " " + " ".join(words) + " ", max(words, key=len))

    def found_in(self, words: _Words) -> bool:
        if self.key and self.key not in words.set:
            return False
        return self.kind == "word" or self.text in words.spaced


@dataclass(frozen=True, slots=True)
class _Words:
    """Folded words of a text: a set for single words, a spaced string for phrases."""

    set: frozenset[str]
    spaced: str
    """" w1 w2 ... ", so a phrase " a b " is found only at word boundaries."""

    @classmethod
    def of(cls, text: str) -> _Words:
        words = _words(text) if text else []
        return cls(frozenset(words), " " + " ".join(words) + " ")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _items(value: Any) -> list[Any] | tuple[Any, ...]:
    # A list the server sent, or nothing: a string or a number is not a list of anything.
    return value if isinstance(value, list | tuple) else ()


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


@dataclass(frozen=True, slots=True)
class _ServerFilter:
    """One entry of a status's `filtered` list: a server filter that matched it."""

    title: str
    action: str
    contexts: frozenset[str]
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class _Facts:
    """What filtering needs to know of one status, read once (defensively) and cached."""

    text: str
    """Content, content warning, poll options and media descriptions, one per line."""
    caseless: str
    """`text` lower-cased for the literal test of regular expressions."""
    word_starts: frozenset[str]
    """The first three characters of each word of `caseless`."""
    words: _Words
    cw: str
    cw_words: _Words
    author: str
    """The shown post's author `acct`, lower-case, as the server sent it."""
    booster: str
    """The booster's `acct` for a boost, else empty."""
    bot: bool
    tags: frozenset[str]
    language: str
    """Primary language subtag ("en" for "en-GB"), empty when unknown."""
    reply: bool
    reply_to: str | None
    """`acct` the post replies to, None when not a reply or not known."""
    missing_alt: bool
    server: tuple[_ServerFilter, ...]

    @classmethod
    def of(cls, status: Mapping[str, Any], content_text: Callable[[str], str]) -> _Facts:
        reblog = status.get("reblog")
        shown = _mapping(reblog) if isinstance(reblog, Mapping) else status
        account = _mapping(shown.get("account"))
        booster = _mapping(status.get("account")) if shown is not status else {}
        cw = _str(shown.get("spoiler_text"))
        content = _str(shown.get("content"))
        parts = [cw, content_text(content) if content else ""]
        poll = _mapping(shown.get("poll"))
        for option in _items(poll.get("options")):
            parts.append(_str(_mapping(option).get("title")))
        media = [_mapping(m) for m in _items(shown.get("media_attachments"))]
        parts.extend(_str(m.get("description")) for m in media)
        text = "\n".join(p for p in parts if p)
        caseless = _caseless(text)
        reply = bool(shown.get("in_reply_to_id"))
        return cls(
            text=text,
            caseless=caseless,
            word_starts=frozenset(w[:3] for w in _WORD.findall(caseless) if len(w) >= 3),
            words=_Words.of(text),
            cw=cw,
            cw_words=_Words.of(cw),
            author=_str(account.get("acct")).lower().lstrip("@"),
            booster=_str(booster.get("acct")).lower().lstrip("@"),
            bot=account.get("bot") is True or booster.get("bot") is True,
            tags=frozenset(
                fold(_str(_mapping(t).get("name")).lstrip("#")) for t in _items(shown.get("tags"))
            )
            - {""},
            language=_primary_language(_str(shown.get("language"))),
            reply=reply,
            reply_to=_reply_target(shown, account) if reply else None,
            missing_alt=any(not _str(m.get("description")).strip() for m in media),
            server=_server_filters(status, shown),
        )


def _primary_language(code: str) -> str:
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] if code else ""


def _reply_target(shown: Mapping[str, Any], account: Mapping[str, Any]) -> str | None:
    # Ids are opaque strings, but some servers (and Mastodon.py) hand out ints.
    target = str(shown.get("in_reply_to_account_id"))
    for mention in _items(shown.get("mentions")):
        mention = _mapping(mention)
        if str(mention.get("id")) == target:
            return _str(mention.get("acct")).lower().lstrip("@") or None
    if str(account.get("id")) == target:
        return _str(account.get("acct")).lower().lstrip("@") or None
    return None


def _server_filters(
    status: Mapping[str, Any], shown: Mapping[str, Any]
) -> tuple[_ServerFilter, ...]:
    # The server may mark the boost, the boosted post or both: honour either.
    results: list[_ServerFilter] = []
    seen: set[str] = set()
    for source in (status, shown) if shown is not status else (status,):
        for result in _items(source.get("filtered")):
            server_filter = _mapping(_mapping(result).get("filter"))
            key = str(server_filter.get("id", id(server_filter)))
            if not server_filter or key in seen:
                continue
            seen.add(key)
            title = sanitize(_str(server_filter.get("title")))[:80].replace("\n", " ")
            results.append(
                _ServerFilter(
                    title=title or "untitled",
                    action=_str(server_filter.get("filter_action")) or "warn",
                    contexts=frozenset(
                        str(c) for c in _items(server_filter.get("context")) if isinstance(c, str)
                    ),
                    expires_at=_parse_time(server_filter.get("expires_at")),
                )
            )
    return tuple(results)


def server_context(timeline: str) -> str | None:
    """The filter context (Mastodon's word) of a timeline kind; None when none fits.

    Lists use the home context, as in Mastodon's own web client. A timeline with no
    matching context (bookmarks, favourites) honours every server filter.
    """
    if timeline == "home" or timeline.startswith("list:"):
        return "home"
    if timeline in ("local", "federated", "public") or timeline.startswith("tag:"):
        return "public"
    if timeline in ("notifications", "thread"):
        return timeline
    if timeline == "profile" or timeline.startswith("account:"):
        return "account"
    return None


# --------------------------------------------------------------------------- rules


def _normal_acct(value: str) -> str:
    return value.strip().lstrip("@").lower()


def _with_host(acct: str, host: str) -> str:
    return acct if "@" in acct or not acct else f"{acct}@{host}"


_ACCT = re.compile(r"[^@\s/]+@[^@\s/]+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)*[\w-]+(?::\d+)?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*")


def _normal_domain(value: str) -> str:
    value = value.strip().lower()
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.lstrip("@").split("/", 1)[0]
    return value.removeprefix("*.").rstrip(".")


def _languages(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", value.strip().lower()) if code]


def timeline_in_scope(scopes: Collection[str], timeline: str) -> bool:
    """Whether a rule scoped to `scopes` (empty: all) applies in `timeline`."""
    if not scopes:
        return True
    timeline = timeline.lower()
    for scope in scopes:
        if scope == timeline:
            return True
        if scope == "lists" and timeline.startswith("list:"):
            return True
        if scope == "tags" and timeline.startswith("tag:"):
            return True
    return False


@dataclass(frozen=True, slots=True)
class FilterRule:
    """One local filter rule, as the user wrote it (see the module docstring for kinds).

    Building a rule never fails; :meth:`validate` says what is wrong with it, so a rule
    mistyped in the config file can still be listed and fixed in the filter screen.
    """

    id: str
    name: str
    kind: RuleKind
    value: str = ""
    enabled: bool = True
    action: Action = "collapse"
    timelines: tuple[str, ...] = ()
    """Timeline kinds the rule applies in ("home", "lists", "list:42"...); empty: all."""
    account: str = ""
    """The `user@host` the rule applies for; empty: every account."""

    @property
    def label(self) -> str:
        """The rule's name, or a description of it when it has none."""
        if self.name.strip():
            return self.name.strip()
        info = KINDS.get(self.kind)
        kind = info.label if info else str(self.kind)
        return f"{kind}: {self.value}" if self.value else kind

    def validate(self) -> FilterRule:
        """The rule in canonical form (trimmed, `#` and `@` dropped, lower-case hosts).

        Raises :class:`RuleError` with a message for the user when the rule cannot work.
        """
        if self.kind not in KINDS:
            raise RuleError(f"Unknown kind of rule {self.kind!r}.", "kind")
        if self.action not in ACTION_LABELS:
            raise RuleError(f"Unknown action {self.action!r}: use 'hide' or 'collapse'.", "action")
        value = _canonical_value(self.kind, self.value)
        timelines = tuple(dict.fromkeys(t.strip().lower() for t in self.timelines if t.strip()))
        for timeline in timelines:
            if not (
                timeline in TIMELINE_SCOPES
                or timeline in _OTHER_TIMELINES
                or (timeline.startswith(_SCOPE_PREFIXES) and timeline.split(":", 1)[1])
            ):
                known = ", ".join(TIMELINE_SCOPES)
                raise RuleError(
                    f"Unknown timeline {timeline!r} (use {known}, list:<id> or tag:<name>).",
                    "timelines",
                )
        account = _normal_acct(self.account)
        if account and not _ACCT.fullmatch(account):
            raise RuleError(
                f"The account scope {self.account!r} is not user@host (leave it empty for all).",
                "account",
            )
        return replace(
            self,
            id=self.id or new_rule_id(),
            name=self.name.strip(),
            value=value,
            timelines=timelines,
            account=account,
        )

    def to_dict(self) -> dict[str, Any]:
        """The rule as a TOML-ready table for the config file."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "value": self.value,
            "enabled": self.enabled,
            "action": self.action,
            "timelines": list(self.timelines),
            "account": self.account,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FilterRule:
        """A rule from a config table; raises :class:`RuleError` if it is not a rule at all.

        A rule that is only wrong (a bad regex, an unknown timeline) is returned as it is,
        for :meth:`validate` to report; the engine skips it and lists it in `problems`.
        """
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise RuleError(f"Unknown kind of rule {kind!r}.", "kind")
        timelines = data.get("timelines", ())
        if isinstance(timelines, str):
            timelines = [timelines]
        action = data.get("action", "collapse")
        return cls(
            id=str(data.get("id") or new_rule_id()),
            name=_str(data.get("name")),
            kind=kind,
            value=str(data.get("value", "")) if data.get("value") is not None else "",
            enabled=data.get("enabled", True) is not False,
            action=cast(Action, action if isinstance(action, str) else "collapse"),
            timelines=tuple(str(t) for t in timelines if isinstance(t, str)),
            account=_str(data.get("account")),
        )


def _canonical_value(kind: RuleKind, raw: str) -> str:
    value = raw.strip()
    info = KINDS[kind]
    if info.value == "none":
        return ""
    if not value:
        if info.value == "optional":
            return ""
        raise RuleError(f"{info.label} needs a value: {info.hint}.")
    if kind in ("keyword", "cw"):
        if _Needle.of(value) is None:
            raise RuleError(
                f"{value!r} has no letter or digit to match; use a regular expression for symbols."
            )
        return value
    if kind == "regex":
        _compile_regex(raw)
        return raw  # spaces can matter in a regular expression
    if kind == "account":
        acct = _normal_acct(value)
        if not _ACCT.fullmatch(acct):
            raise RuleError(f"{value!r} is not an account: write it user@host.")
        return acct
    if kind == "domain":
        domain = _normal_domain(value)
        if not _DOMAIN.fullmatch(domain) or "." not in domain and ":" not in domain:
            raise RuleError(f"{value!r} is not a domain: write it like example.social.")
        return domain
    if kind == "hashtag":
        tag = value.lstrip("#")
        if not re.fullmatch(r"\w+", tag):
            raise RuleError(f"{value!r} is not a hashtag: one word, like #spoilers.")
        return tag
    # language, language_only
    codes = _languages(value)
    bad = [code for code in codes if not _LANGUAGE.fullmatch(code)]
    if bad or not codes:
        raise RuleError(
            f"{', '.join(bad) or value!r} is not a language code: use ISO 639 codes like en, de."
        )
    return ", ".join(dict.fromkeys(codes))


def _compile_regex(pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        where = f" at position {error.pos}" if error.pos is not None else ""
        raise RuleError(f"Not a valid regular expression: {error.msg}{where}.") from None
    except (OverflowError, RecursionError):
        raise RuleError("Not a valid regular expression: it is too large.") from None
    if compiled.search("") is not None:
        raise RuleError("This regular expression matches empty text, so it would match every post.")
    return compiled


def rules_from_config(entries: Iterable[Any]) -> tuple[list[FilterRule], list[str]]:
    """The rules of the config file's `filters` tables, and a problem per unusable one."""
    rules: list[FilterRule] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, Mapping):
            problems.append(f"Filter {number} in the config is not a table; skipped.")
            continue
        try:
            rules.append(FilterRule.from_dict(entry))
        except RuleError as error:
            problems.append(f"Filter {number} in the config: {error.message} Skipped.")
    return rules, problems


def rules_to_config(rules: Iterable[FilterRule]) -> list[dict[str, Any]]:
    """The `filters` tables for the config file."""
    return [rule.to_dict() for rule in rules]


# --------------------------------------------------------------------------- engine


@dataclass(frozen=True, slots=True)
class Decision:
    """What the timeline does with one status."""

    action: Literal["show", "collapse", "hide"]
    reason: str = ""
    """For the collapsed line: "Filtered: rule 'spoilers'" or "Filtered: server filter '…'"."""
    rule_id: str = ""
    """The local rule that decided, empty for a server filter or when shown."""


SHOW = Decision("show")


@dataclass(frozen=True, slots=True)
class _Regex:
    """A compiled rule expression and a lower-case ASCII text every match contains."""

    pattern: re.Pattern[str]
    literal: str
    """Lower-case text every match contains (empty: none known)."""
    word_start: str
    """The first three letters of a word every match contains (empty: none known)."""

    @classmethod
    @functools.lru_cache(maxsize=1024)  # every (timeline, account) plan needs the same ones
    def of(cls, source: str) -> _Regex:
        pattern = _compile_regex(source)
        literal, word_start = _required_literal(source)
        if pattern.flags & re.ASCII:
            word_start = ""  # its \b sees "é" as a non-letter, the word set does not
        return cls(pattern, literal, word_start)

    def search(self, facts: _Facts) -> bool:
        """Whether the expression matches the status's text."""
        if self.word_start and self.word_start not in facts.word_starts:
            return False
        if self.literal and self.literal not in facts.caseless:
            return False
        return self.pattern.search(facts.text) is not None


def _lowest(
    index: Mapping[str, int], keys: frozenset[str], found: frozenset[str], best: int
) -> int:
    """The lowest rule position `index` gives for a key in both `keys` and `found`."""
    if keys.isdisjoint(found):
        return best
    for key in keys & found:
        n = index[key]
        if n < best:
            best = n
    return best


@functools.lru_cache(maxsize=4096)
def _domains_of(host: str) -> tuple[str, ...]:
    """The host and its parent domains: "a.example.org" is in "example.org"."""
    found = []
    while host:
        found.append(host)
        host = host.partition(".")[2]
    return tuple(found)


@dataclass(slots=True)
class _Plan:
    """The rules of one action that apply in one (timeline, account), compiled.

    Most kinds become a dict from what to look for to the rule's position, so a status is
    checked with set intersections, not rule by rule. Phrases and regular expressions are
    filed under a word they need (the longest word of a phrase; the first letters of a
    word every match begins), so only those whose word the post has are searched.
    """

    action: Literal["hide", "collapse"]
    rules: list[FilterRule] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    """What each rule decides, made once: `rules[n]` gives `decisions[n]`."""
    words: dict[str, int] = field(default_factory=dict)
    phrases: dict[str, list[tuple[_Needle, int]]] = field(default_factory=dict)
    substrings: list[tuple[_Needle, int]] = field(default_factory=list)
    regexes_by_start: dict[str, list[tuple[_Regex, int]]] = field(default_factory=dict)
    regexes: list[tuple[_Regex, int]] = field(default_factory=list)
    accounts: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    hashtags: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    only_languages: list[tuple[frozenset[str], int]] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)
    cw_words: dict[str, int] = field(default_factory=dict)
    cw_needles: list[tuple[_Needle, int]] = field(default_factory=list)
    keys: dict[str, frozenset[str]] = field(default_factory=dict)
    """The key sets of the dicts above, made once by `seal`."""

    def add(self, rule: FilterRule, host: str) -> None:
        n = len(self.rules)
        self.rules.append(rule)
        label = " ".join(sanitize(rule.label).split())[:80]
        self.decisions.append(Decision(self.action, f"Filtered: rule {label!r}", rule.id))
        kind = rule.kind
        if kind == "keyword":
            needle = _Needle.of(rule.value)
            assert needle is not None  # validated
            if needle.kind == "word":
                self.words.setdefault(needle.text, n)
            elif needle.kind == "phrase":
                self.phrases.setdefault(needle.key, []).append((needle, n))
            else:
                self.substrings.append((needle, n))
        elif kind == "cw" and rule.value:
            needle = _Needle.of(rule.value)
            assert needle is not None  # validated
            if needle.kind == "word":
                self.cw_words.setdefault(needle.text, n)
            else:
                self.cw_needles.append((needle, n))
        elif kind == "regex":
            regex = _Regex.of(rule.value)
            if regex.word_start:
                self.regexes_by_start.setdefault(regex.word_start, []).append((regex, n))
            else:
                self.regexes.append((regex, n))
        elif kind == "account":
            self.accounts.setdefault(_with_host(rule.value, host), n)
        elif kind == "domain":
            self.domains.setdefault(rule.value, n)
        elif kind == "hashtag":
            self.hashtags.setdefault(fold(rule.value), n)
        elif kind == "language":
            for code in _languages(rule.value):
                self.languages.setdefault(_primary_language(code), n)
        elif kind == "language_only":
            codes = frozenset(_primary_language(code) for code in _languages(rule.value))
            self.only_languages.append((codes, n))
        else:  # boosts, replies, replies_to_strangers, bots, missing_alt, cw without value
            self.flags.setdefault(kind, n)

    def seal(self) -> None:
        """Make the key sets, once all rules are in."""
        self.keys = {
            "words": frozenset(self.words),
            "phrases": frozenset(self.phrases),
            "regexes": frozenset(self.regexes_by_start),
            "hashtags": frozenset(self.hashtags),
            "cw_words": frozenset(self.cw_words),
        }

    def first(
        self, facts: _Facts, author: str, booster: str, reply_to: str, following: frozenset[str]
    ) -> int:
        """The position of the first rule that matches, or -1.

        `author`, `booster` and `reply_to` are `user@host` (empty when there is none),
        `following` the accounts the active account follows, itself included.
        """
        best = len(self.rules)
        if best == 0:
            return -1
        keys = self.keys
        found = facts.words.set
        if self.words:
            best = _lowest(self.words, keys["words"], found, best)
        if self.phrases and not keys["phrases"].isdisjoint(found):
            for key in keys["phrases"] & found:
                for needle, n in self.phrases[key]:
                    if n < best and needle.text in facts.words.spaced:
                        best = n
        for needle, n in self.substrings:
            if n < best and needle.text in facts.words.spaced:
                best = n
        if self.regexes_by_start and not keys["regexes"].isdisjoint(facts.word_starts):
            for key in keys["regexes"] & facts.word_starts:
                for regex, n in self.regexes_by_start[key]:
                    if n < best and regex.search(facts):
                        best = n
        for regex, n in self.regexes:
            if n >= best:
                break
            if regex.search(facts):
                best = n
        if self.accounts:
            for acct in (author, booster):
                n = self.accounts.get(acct, best)
                if n < best:
                    best = n
        if self.domains:
            for acct in (author, booster):
                if acct:
                    for host in _domains_of(acct.rpartition("@")[2]):
                        n = self.domains.get(host, best)
                        if n < best:
                            best = n
        if self.hashtags and facts.tags:
            best = _lowest(self.hashtags, keys["hashtags"], facts.tags, best)
        if facts.language:
            if self.languages:
                n = self.languages.get(facts.language, best)
                if n < best:
                    best = n
            for codes, n in self.only_languages:
                if n < best and facts.language not in codes:
                    best = n
        if self.flags:
            best = self._flag(facts, booster, reply_to, following, best)
        if facts.cw:
            if self.cw_words:
                best = _lowest(self.cw_words, keys["cw_words"], facts.cw_words.set, best)
            for needle, n in self.cw_needles:
                if n < best and needle.found_in(facts.cw_words):
                    best = n
        return best if best < len(self.rules) else -1

    def _flag(
        self, facts: _Facts, booster: str, reply_to: str, following: frozenset[str], best: int
    ) -> int:
        flags = self.flags
        matched = (
            ("boosts", bool(booster)),
            ("replies", facts.reply),
            ("bots", facts.bot),
            ("missing_alt", facts.missing_alt),
            ("cw", bool(facts.cw)),
            ("replies_to_strangers", bool(reply_to) and reply_to not in following),
        )
        for kind, hit in matched:
            if hit:
                n = flags.get(kind, best)
                if n < best:
                    best = n
        return best


@dataclass(slots=True)
class _Context:
    """Plans for one (timeline, account): hide rules, then collapse rules."""

    hide: _Plan
    collapse: _Plan
    host: str
    me: str
    following: frozenset[str]
    context: str | None


_CACHE_LIMIT = 50_000


class _TextCache:
    """Facts of statuses by status id, reused while the status is the same.

    The same object is the quick test. Another copy of the same post (the one the local
    timeline fetched, say, or a refreshed one with a new favourite count) is the same when
    the fields filtering reads are equal; an edit changes `edited_at` and is read again.
    """

    def __init__(self, content_text: Callable[[str], str]) -> None:
        self.content_text = content_text
        self.entries: dict[str, tuple[Mapping[str, Any], _Facts]] = {}

    def facts(self, status: Mapping[str, Any]) -> _Facts:
        key = str(status.get("id", ""))
        entry = self.entries.get(key)
        if entry is not None:
            if entry[0] is status:
                return entry[1]
            if _signature(entry[0]) == _signature(status):
                self.entries[key] = (status, entry[1])
                return entry[1]
        facts = _Facts.of(status, self.content_text)
        if key:
            if len(self.entries) >= _CACHE_LIMIT:
                self.entries.clear()
            self.entries[key] = (status, facts)
        return facts


def _signature(status: Mapping[str, Any]) -> tuple[Any, ...]:
    """What `_Facts.of` reads that can differ between two copies of one status."""
    reblog = status.get("reblog")
    shown = reblog if isinstance(reblog, Mapping) else status
    account = _mapping(shown.get("account"))
    booster = _mapping(status.get("account"))
    return (
        shown.get("content"),
        shown.get("spoiler_text"),
        shown.get("edited_at"),
        shown.get("language"),
        account.get("acct"),
        account.get("bot"),
        booster.get("acct"),
        booster.get("bot"),
        status.get("filtered"),
        shown.get("filtered"),
    )


class FilterEngine:
    """Decides show / collapse / hide for statuses, from local rules and server filters.

    `following` holds the `acct`s the account follows (for `replies_to_strangers`);
    local ones without `@host` are read as on `self_acct`'s server. `self_acct` is the
    account the engine filters for (its own posts and boosts are never filtered by local
    rules); when empty, the `account` given to :meth:`decide` is used.

    An engine is immutable: for new rules or a new follow list make another with
    :meth:`updated`, which keeps the cached text of statuses already seen. Rules that
    fail :meth:`FilterRule.validate` are skipped and described in `problems`.

    `content_text` turns status HTML into text (default: `render.plain_text`); a caller
    that has already rendered the post may pass a cheaper lookup.
    """

    def __init__(
        self,
        rules: Sequence[FilterRule],
        *,
        following: Collection[str] = (),
        self_acct: str = "",
        clock: Callable[[], datetime] | None = None,
        content_text: Callable[[str], str] = plain_text,
        _texts: _TextCache | None = None,
    ) -> None:
        self.rules: tuple[FilterRule, ...] = tuple(rules)
        self.following = frozenset(_normal_acct(a) for a in following)
        self.self_acct = _normal_acct(self_acct)
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.problems: list[str] = []
        self._valid: list[FilterRule] = []
        for rule in self.rules:
            try:
                checked = rule.validate()
            except RuleError as error:
                if rule.enabled:
                    self.problems.append(f"Rule {rule.label!r} is not used: {error.message}")
                continue
            if checked.enabled:
                self._valid.append(checked)
        self._texts = _texts or _TextCache(content_text)
        self._contexts: dict[tuple[str, str], _Context] = {}
        self._decisions: dict[tuple[str, str, str], tuple[Mapping[str, Any], Decision]] = {}

    def updated(
        self,
        *,
        rules: Sequence[FilterRule] | None = None,
        following: Collection[str] | None = None,
    ) -> FilterEngine:
        """A new engine with other rules or follows, sharing this one's text cache."""
        return FilterEngine(
            self.rules if rules is None else rules,
            following=self.following if following is None else following,
            self_acct=self.self_acct,
            clock=self.clock,
            _texts=self._texts,
        )

    def _context(self, timeline: str, account: str) -> _Context:
        key = (timeline, account)
        context = self._contexts.get(key)
        if context is None:
            me = self.self_acct or _normal_acct(account)
            host = me.rsplit("@", 1)[1] if "@" in me else ""
            hide, collapse = _Plan("hide"), _Plan("collapse")
            active = _normal_acct(account)
            for rule in self._valid:
                if rule.account and rule.account != active:
                    continue
                if not timeline_in_scope(rule.timelines, timeline):
                    continue
                (hide if rule.action == "hide" else collapse).add(rule, host)
            hide.seal()
            collapse.seal()
            context = self._contexts[key] = _Context(
                hide=hide,
                collapse=collapse,
                host=host,
                me=me,
                following=frozenset(_with_host(a, host) for a in self.following | {me}),
                context=server_context(timeline.lower()),
            )
        return context

    def decide(self, status: Mapping[str, Any], *, timeline: str, account: str) -> Decision:
        """Show, collapse (with the reason) or hide `status` in `timeline` for `account`.

        `status` is a Mastodon.py `Status` (a boost carries the boosted post in `reblog`),
        `timeline` a timeline kind ("home", "list:42", "tag:cats", "notifications"...),
        `account` the active `user@host`.
        """
        key = str(status.get("id", ""))
        cache_key = (key, timeline, account)
        cached = self._decisions.get(cache_key)
        if cached is not None and cached[0] is status:
            return cached[1]
        decision = self._decide(status, timeline, account)
        if key:
            if len(self._decisions) >= _CACHE_LIMIT:
                self._decisions.clear()
            self._decisions[cache_key] = (status, decision)
        return decision

    def _decide(self, status: Mapping[str, Any], timeline: str, account: str) -> Decision:
        context = self._context(timeline, account)
        facts = self._texts.facts(status)
        collapse: Decision | None = None
        if context.hide.rules or context.collapse.rules:
            host = context.host
            who = (
                _with_host(facts.author, host),
                _with_host(facts.booster, host),
                _with_host(facts.reply_to or "", host),
                context.following,
            )
            if not context.me or context.me not in who[:2]:
                n = context.hide.first(facts, *who)
                if n >= 0:
                    return context.hide.decisions[n]
                n = context.collapse.first(facts, *who)
                if n >= 0:
                    collapse = context.collapse.decisions[n]
        if facts.server:
            now: datetime | None = None
            for server_filter in facts.server:
                contexts = server_filter.contexts
                if context.context and contexts and context.context not in contexts:
                    continue
                if server_filter.expires_at is not None:
                    now = now or self.clock()
                    if server_filter.expires_at <= now:
                        continue
                reason = f"Filtered: server filter {server_filter.title!r}"
                if server_filter.action == "hide":
                    return Decision("hide", reason)
                collapse = collapse or Decision("collapse", reason)
        return collapse or SHOW
