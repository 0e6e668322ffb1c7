"""Local filter rules and server filters, decided on real statuses recorded from Mastodon 4.6.4.

The recorded server ran on localhost:3000; the reader is `mastodonpy_test` there, so local
accounts (`admin`, `mastodonpy_test_2`) have no `@host` in their `acct`.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from mastodon.return_types import Status

from tests.recorded import body, exchanges, status, statuses
from tuiclient import config, locations
from tuiclient.config import Config
from tuiclient.filters import (
    KINDS,
    SHOW,
    Decision,
    FilterEngine,
    FilterRule,
    RuleError,
    RuleKind,
    _caseless,
    _required_literal,
    rules_from_config,
    rules_to_config,
    timeline_in_scope,
)

ME = "mastodonpy_test@localhost:3000"


def home() -> dict[str, Status]:
    """The recorded home timeline, by the first words of each post."""
    page = statuses(body("home_tl", "GET", "/api/v1/timelines/home"))
    return {re.sub(r"<[^>]+>", "", s["content"]): s for s in page}


def post(start: str) -> Status:
    return next(s for text, s in home().items() if text.startswith(start))


HAM = "I have never stolen a ham"
TELEVISION = "you can&#39;t say that on"
POLL = "nice"


def rule(kind: RuleKind, value: str = "", **fields: Any) -> FilterRule:
    return FilterRule(
        id=fields.pop("id", kind), name=fields.pop("name", ""), kind=kind, value=value, **fields
    )


def decide(
    rules: list[FilterRule],
    item: Status,
    *,
    timeline: str = "home",
    account: str = ME,
    **engine: Any,
) -> Decision:
    return FilterEngine(rules, self_acct=engine.pop("self_acct", account), **engine).decide(
        item, timeline=timeline, account=account
    )


def action(rules: list[FilterRule], item: Status, **kwargs: Any) -> str:
    return decide(rules, item, **kwargs).action


def with_fields(item: Status, **fields: Any) -> Status:
    """A recorded status with some fields changed (and a new object, as an edit gives)."""
    return status({**item, **fields})


# -- keywords --------------------------------------------------------------------------


def test_a_keyword_matches_whole_words_in_any_case() -> None:
    ham = post(HAM)
    assert action([rule("keyword", "ham")], ham) == "collapse"
    assert action([rule("keyword", "HAM")], ham) == "collapse"
    assert action([rule("keyword", "ha")], ham) == "show"
    assert action([rule("keyword", "hams")], ham) == "show"


def test_a_keyword_ignores_accents_on_either_side() -> None:
    cafe = with_fields(post(HAM), content="<p>Meet me at the Café Zürich</p>")
    assert action([rule("keyword", "cafe")], cafe) == "collapse"
    assert action([rule("keyword", "zurich")], cafe) == "collapse"
    plain = with_fields(post(HAM), content="<p>meet me at the cafe</p>")
    assert action([rule("keyword", "Café")], plain) == "collapse"
    assert (
        action([rule("keyword", "strasse")], with_fields(plain, content="<p>Große Straße</p>"))
        == "collapse"
    )


def test_a_phrase_matches_its_words_in_order_across_punctuation() -> None:
    television = post(TELEVISION)  # "you can't say that on television"
    assert action([rule("keyword", "can't say")], television) == "collapse"
    assert action([rule("keyword", "say that on television")], television) == "collapse"
    assert action([rule("keyword", "television on")], television) == "show"
    assert action([rule("keyword", "say on")], television) == "show"


def test_a_keyword_is_found_in_the_warning_poll_options_and_media_descriptions() -> None:
    poll = post(POLL)  # a recorded poll: "four twenty" / "sixty-nine"
    assert action([rule("keyword", "sixty-nine")], poll) == "collapse"
    cw = status(body("status_post_cw_public", "POST", "/api/v1/statuses"))
    assert action([rule("keyword", "warning")], cw, account="someone@example.social") == "collapse"
    media = dict(
        body("media_post_file", "POST", "/api/v2/media"), description="A ginger cat asleep"
    )
    with_media = with_fields(post(HAM), media_attachments=[media])
    assert action([rule("keyword", "ginger cat")], with_media) == "collapse"


def test_a_keyword_does_not_match_link_targets_or_markup() -> None:
    mention = post("@mastodonpy_test")  # a post that mentions a local account
    assert action([rule("keyword", "localhost")], mention) == "show"
    assert action([rule("keyword", "span")], mention) == "show"


def test_a_keyword_in_a_script_without_spaces_matches_inside_words() -> None:
    japanese = with_fields(post(HAM), content="<p>今日はラーメンを食べた</p>")
    assert action([rule("keyword", "ラーメン")], japanese) == "collapse"
    assert action([rule("keyword", "うどん")], japanese) == "show"


def test_a_keyword_without_a_letter_or_digit_is_refused() -> None:
    with pytest.raises(RuleError, match="no letter or digit"):
        rule("keyword", "!!!").validate()
    with pytest.raises(RuleError, match="needs a value"):
        rule("keyword", "  ").validate()


# -- regular expressions ---------------------------------------------------------------


def test_a_regex_is_case_insensitive_and_searches_the_text() -> None:
    ham = post(HAM)
    assert action([rule("regex", r"\bstol(e|en)\b")], ham) == "collapse"
    assert action([rule("regex", r"NEVER\s+STOLEN")], ham) == "collapse"
    assert action([rule("regex", r"^I have")], ham) == "collapse"
    assert action([rule("regex", r"\bstole\b")], ham) == "show"


def test_an_invalid_regex_is_refused_with_where_it_breaks() -> None:
    with pytest.raises(RuleError) as error:
        rule("regex", r"(crypto|nft").validate()
    assert error.value.message == (
        "Not a valid regular expression: missing ), unterminated subpattern at position 0."
    )
    assert error.value.field == "value"


def test_a_regex_that_matches_every_post_is_refused() -> None:
    for pattern in (r"x*", r"^", r"(?:spam)?"):
        with pytest.raises(RuleError, match="matches empty text"):
            rule("regex", pattern).validate()


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bham\b",
        r"(?:h)(?:am)",
        r"H[aA]m",
        r"ha+m",
        r"\bHAM",
        r"(?i)\bham\b",
        r"(?x) h a m  # spaced out",
        r"a\s+ham",
        r"(?P<what>ham)(?P=what)?",
        r"(ham|spam) in",
        r"\b(?=h)ham",
    ],
)
def test_the_regex_shortcut_never_skips_a_post_the_regex_matches(pattern: str) -> None:
    for text in ("I have never stolen a HAM in my life", "a ham in", "ſtolen a ham in"):
        item = with_fields(post(HAM), content=f"<p>{text}</p>")
        expected = re.search(pattern, text, re.IGNORECASE) is not None
        assert (action([rule("regex", pattern)], item) == "collapse") == expected, (pattern, text)


def test_what_the_regex_shortcut_looks_for() -> None:
    assert _required_literal(r"\bcrypto\w*") == ("crypto", "cry")
    assert _required_literal(r"elon\s+musk") == ("elon", "")
    assert _required_literal(r"nft|web3") == ("", "")
    assert _required_literal(r"(?-i:ABC)defg") == ("defg", "")
    assert _required_literal(r"\b[Cc]rypto") == ("rypto", "")


def test_only_four_non_ascii_letters_match_ascii_letters_when_case_is_ignored() -> None:
    # The regex shortcut lower-cases text with `_caseless` and looks for ASCII literals:
    # sound only if every character `re.IGNORECASE` matches to an ASCII letter becomes
    # that letter. Checked over every code point.
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if ascii_letter.fullmatch(char):
            assert re.fullmatch(_caseless(char), char, re.IGNORECASE), hex(code)
            assert _caseless(char).isascii(), hex(code)


# -- accounts, domains, hashtags, languages --------------------------------------------


def test_an_account_rule_matches_local_accounts_against_the_readers_server() -> None:
    ham = post(HAM)  # by "admin", local to localhost:3000
    assert action([rule("account", "admin@localhost:3000")], ham) == "collapse"
    assert action([rule("account", "@Admin@LocalHost:3000")], ham) == "collapse"
    # Read from another server, "admin" is someone else.
    elsewhere = "reader@example.social"
    assert action([rule("account", "admin@localhost:3000")], ham, account=elsewhere) == "show"
    assert action([rule("account", "admin@example.social")], ham, account=elsewhere) == "collapse"


def test_an_account_rule_also_matches_what_the_account_boosts() -> None:
    boost = with_fields(
        post(HAM),
        id="900",
        account={**post(HAM)["account"], "acct": "booster@example.org", "id": "9"},
        reblog=post(HAM),
        content="",
    )
    assert action([rule("account", "booster@example.org")], boost) == "collapse"
    assert action([rule("account", "admin@localhost:3000")], boost) == "collapse"


def test_an_account_must_be_user_at_host() -> None:
    with pytest.raises(RuleError, match="user@host"):
        rule("account", "admin").validate()
    assert rule("account", " @Admin@Example.Social ").validate().value == "admin@example.social"


def test_a_domain_rule_covers_the_domain_and_its_subdomains() -> None:
    ham = post(HAM)
    remote = with_fields(ham, account={**ham["account"], "acct": "someone@social.chaos.example"})
    assert action([rule("domain", "chaos.example")], remote) == "collapse"
    assert action([rule("domain", "social.chaos.example")], remote) == "collapse"
    assert action([rule("domain", "haos.example")], remote) == "show"
    assert action([rule("domain", "localhost:3000")], ham) == "collapse"
    assert rule("domain", "https://Chaos.Example/about").validate().value == "chaos.example"
    with pytest.raises(RuleError, match="not a domain"):
        rule("domain", "chaos").validate()


def test_a_hashtag_rule_matches_the_statuses_tags() -> None:
    tagged = status(body("hashtag_tl", "GET", "/api/v1/timelines/tag/hoot")[0])
    assert action([rule("hashtag", "#Hoot")], tagged) == "collapse"
    assert action([rule("hashtag", "hoo")], tagged) == "show"
    with pytest.raises(RuleError, match="not a hashtag"):
        rule("hashtag", "two words").validate()


def test_language_rules_hide_some_languages_or_all_but_some() -> None:
    japanese = status(body("hashtag_tl", "GET", "/api/v1/timelines/tag/hoot")[0])  # "ja"
    english = post(HAM)
    assert action([rule("language", "ja, de")], japanese) == "collapse"
    assert action([rule("language", "ja, de")], english) == "show"
    assert action([rule("language_only", "en")], japanese) == "collapse"
    assert action([rule("language_only", "EN")], english) == "show"
    assert action([rule("language_only", "en")], with_fields(english, language="en-GB")) == "show"
    # A post whose language the server does not know is not hidden by "only these".
    assert action([rule("language_only", "de")], with_fields(english, language=None)) == "show"
    with pytest.raises(RuleError, match="language code"):
        rule("language", "english!").validate()


# -- boosts, replies, bots, media, content warnings ------------------------------------


def reblog_pair() -> tuple[Status, Status]:
    recorded = exchanges("status_reblog_unreblog")
    original = status(recorded[0]["body"])
    boost = status(recorded[1]["body"])
    return original, boost


def test_a_boosts_rule_matches_boosts_only() -> None:
    original, boost = reblog_pair()
    assert boost["reblog"] is not None
    # The recorded boost is the reader's own: read it as someone else's.
    rules = [rule("boosts")]
    assert action(rules, boost, account="someone@example.social") == "collapse"
    assert action(rules, original, account="someone@example.social") == "show"


def reply_pair() -> tuple[Status, Status]:
    recorded = [e["body"] for e in exchanges("status_reply") if e["method"] == "POST"]
    return status(recorded[0]), status(recorded[1])  # the post, and admin's reply to it


def test_a_replies_rule_matches_replies() -> None:
    first, reply = reply_pair()
    assert action([rule("replies")], reply) == "collapse"
    assert action([rule("replies")], first) == "show"


def test_replies_to_strangers_spares_replies_to_people_you_follow() -> None:
    _, reply = reply_pair()  # admin replies to mastodonpy_test_2
    rules = [rule("replies_to_strangers")]
    assert action(rules, reply) == "collapse"
    assert action(rules, reply, following=["mastodonpy_test_2"]) == "show"
    assert action(rules, reply, following=["mastodonpy_test_2@localhost:3000"]) == "show"
    # A reply to the reader is never a reply to a stranger.
    assert action(rules, reply, account="mastodonpy_test_2@localhost:3000") == "show"
    # Nor is one whose target cannot be told.
    unknown = with_fields(reply, mentions=[])
    assert action(rules, unknown) == "show"


def test_a_bots_rule_matches_bot_authors() -> None:
    ham = post(HAM)
    assert action([rule("bots")], ham) == "show"
    bot = with_fields(ham, account={**ham["account"], "bot": True})
    assert action([rule("bots")], bot) == "collapse"


def test_a_missing_alt_rule_matches_media_without_a_description() -> None:
    media = body("media_post_file", "POST", "/api/v2/media")
    assert media["description"] is None
    without = with_fields(post(HAM), media_attachments=[media])
    described = with_fields(post(HAM), media_attachments=[dict(media, description="A cat")])
    assert action([rule("missing_alt")], without) == "collapse"
    assert action([rule("missing_alt")], described) == "show"
    assert action([rule("missing_alt")], post(HAM)) == "show"


def test_a_cw_rule_matches_any_warning_or_a_word_in_it() -> None:
    cw = status(body("status_post_cw_public", "POST", "/api/v1/statuses"))  # "Content warning"
    assert action([rule("cw")], cw, account="someone@example.social") == "collapse"
    assert action([rule("cw", "warning")], cw, account="someone@example.social") == "collapse"
    assert action([rule("cw", "spoiler")], cw, account="someone@example.social") == "show"
    assert action([rule("cw")], post(HAM)) == "show"
    # A word in the body is not a word in the warning.
    assert action([rule("cw", "ham")], post(HAM)) == "show"


# -- scopes and actions -----------------------------------------------------------------


def test_a_timeline_scope_limits_where_a_rule_applies() -> None:
    ham = post(HAM)
    home_only = [rule("keyword", "ham", timelines=("home",))]
    assert action(home_only, ham, timeline="home") == "collapse"
    assert action(home_only, ham, timeline="local") == "show"
    lists = [rule("keyword", "ham", timelines=("lists",))]
    assert action(lists, ham, timeline="list:42") == "collapse"
    assert action(lists, ham, timeline="home") == "show"
    one_list = [rule("keyword", "ham", timelines=("list:42",))]
    assert action(one_list, ham, timeline="list:42") == "collapse"
    assert action(one_list, ham, timeline="list:7") == "show"
    tags = [rule("keyword", "ham", timelines=("tags", "notifications"))]
    assert action(tags, ham, timeline="tag:hoot") == "collapse"
    assert action(tags, ham, timeline="notifications") == "collapse"
    assert action(tags, ham, timeline="federated") == "show"
    assert timeline_in_scope((), "anything")


def test_an_unknown_timeline_in_a_scope_is_refused() -> None:
    with pytest.raises(RuleError) as error:
        rule("keyword", "ham", timelines=("hom",)).validate()
    assert error.value.field == "timelines"
    assert "'hom'" in error.value.message


def test_an_account_scope_limits_a_rule_to_one_of_the_readers_accounts() -> None:
    ham = post(HAM)
    for_me = [rule("keyword", "ham", account=ME.upper())]
    assert action(for_me, ham) == "collapse"
    assert action(for_me, ham, account="other@localhost:3000") == "show"
    with pytest.raises(RuleError, match="not user@host"):
        rule("keyword", "ham", account="me").validate()


def test_hide_wins_over_collapse_and_the_first_rule_names_the_decision() -> None:
    ham = post(HAM)
    rules = [
        rule("keyword", "ham", id="a", name="meat"),
        rule("keyword", "stolen", id="b", name="crime"),
        rule("regex", "life", id="c", name="life", action="hide"),
    ]
    assert decide(rules, ham) == Decision("hide", "Filtered: rule 'life'", "c")
    assert decide(rules[:2], ham) == Decision("collapse", "Filtered: rule 'meat'", "a")
    assert decide(rules[1:2], ham) == Decision("collapse", "Filtered: rule 'crime'", "b")


def test_a_rule_without_a_name_is_named_by_what_it_does() -> None:
    assert decide([rule("keyword", "ham")], post(HAM)).reason == (
        "Filtered: rule 'Keyword or phrase: ham'"
    )


def test_a_disabled_rule_does_nothing() -> None:
    assert decide([rule("keyword", "ham", enabled=False)], post(HAM)) == SHOW


def test_the_readers_own_posts_are_never_filtered() -> None:
    mine = post("Toot!")  # by mastodonpy_test, the reader
    assert action([rule("keyword", "toot", action="hide")], mine) == "show"
    assert (
        action([rule("keyword", "toot", action="hide")], mine, account="x@localhost:3000") == "hide"
    )


# -- server filters (filters v2) -------------------------------------------------------


def filtered_by(item: dict[str, Any], server_filter: dict[str, Any], **match: Any) -> Status:
    """`item` as the server sends it when `server_filter` matched it.

    No recorded timeline has a non-empty `filtered`, so the recorded `Filter` entity is put
    in a `FilterResult` (https://docs.joinmastodon.org/entities/FilterResult/) by hand.
    """
    result = {"filter": server_filter, "keyword_matches": None, "status_matches": None, **match}
    return status({**item, "filtered": [result]})


def keyword_filter(version: str) -> dict[str, Any]:
    """The recorded keyword filter: "Test Filter" (warn), later "Updated Title" (hide)."""
    method = {"created": "POST", "updated": "PUT"}[version]
    found: dict[str, Any] = body("v2_filters_keywords", method, "/api/v2/filters")
    return found


def test_a_server_filter_that_warns_collapses_with_its_title() -> None:
    recorded = exchanges("v2_filters_statuses")
    server_filter, item = recorded[0]["body"], recorded[1]["body"]
    assert server_filter["filter_action"] == "warn" and server_filter["context"] == ["home"]
    filtered = filtered_by(item, server_filter, status_matches=[item["id"]])
    assert decide([], filtered, account="someone@localhost:3000") == Decision(
        "collapse", "Filtered: server filter 'Status Filter Test'"
    )


def test_a_server_filter_that_hides_hides() -> None:
    updated = keyword_filter("updated")
    assert updated["filter_action"] == "hide"
    filtered = filtered_by(post(HAM), updated, keyword_matches=["spam"])
    assert decide([], filtered) == Decision("hide", "Filtered: server filter 'Updated Title'")


def test_a_blurring_server_filter_collapses() -> None:
    blur = {**keyword_filter("created"), "filter_action": "blur"}
    assert action([], filtered_by(post(HAM), blur)) == "collapse"


def test_a_server_filter_applies_only_in_its_contexts() -> None:
    created = keyword_filter("created")  # home and public
    assert created["context"] == ["home", "public"]
    filtered = filtered_by(post(HAM), created)
    assert action([], filtered, timeline="home") == "collapse"
    assert action([], filtered, timeline="list:1") == "collapse"
    assert action([], filtered, timeline="federated") == "collapse"
    assert action([], filtered, timeline="tag:hoot") == "collapse"
    assert action([], filtered, timeline="notifications") == "show"
    assert action([], filtered, timeline="thread") == "show"


def test_an_expired_server_filter_is_ignored() -> None:
    expires = datetime(2026, 8, 2, tzinfo=timezone.utc)
    expiring = {**keyword_filter("created"), "expires_at": expires.isoformat()}
    filtered = filtered_by(post(HAM), expiring)
    before: Callable[[], datetime] = lambda: expires - timedelta(minutes=1)  # noqa: E731
    after: Callable[[], datetime] = lambda: expires + timedelta(minutes=1)  # noqa: E731
    assert action([], filtered, clock=before) == "collapse"
    assert action([], filtered, clock=after) == "show"


def test_a_server_filter_on_a_boosted_post_is_honoured() -> None:
    original, boost = reblog_pair()
    inner = filtered_by(original, keyword_filter("created"))
    marked = status({**boost, "reblog": inner})
    assert decide([], marked, account="someone@localhost:3000").reason == (
        "Filtered: server filter 'Test Filter'"
    )


def test_a_server_filter_title_cannot_smuggle_terminal_controls() -> None:
    hostile = {**keyword_filter("created"), "title": "\x1b]52;c;aGk=\x07Spam\nrule"}
    assert decide([], filtered_by(post(HAM), hostile)).reason == (
        "Filtered: server filter 'Spam rule'"
    )


def test_local_hide_wins_over_a_server_warning_and_a_server_hide_over_local_collapse() -> None:
    warned = filtered_by(post(HAM), keyword_filter("created"))
    assert action([rule("keyword", "ham", action="hide")], warned) == "hide"
    hidden = filtered_by(post(HAM), keyword_filter("updated"))
    assert action([rule("keyword", "ham")], hidden) == "hide"
    assert decide([rule("keyword", "ham", name="meat")], warned).reason == "Filtered: rule 'meat'"


# -- the engine ------------------------------------------------------------------------


def test_broken_rules_are_skipped_and_reported_not_fatal() -> None:
    engine = FilterEngine(
        [
            rule("regex", "(", name="broken"),
            rule("keyword", "ham"),
            rule("regex", "[", enabled=False),
        ],
        self_acct=ME,
    )
    assert engine.problems == [
        "Rule 'broken' is not used: Not a valid regular expression: "
        "missing ), unterminated subpattern at position 0."
    ]
    assert engine.decide(post(HAM), timeline="home", account=ME).action == "collapse"


def test_text_is_read_once_per_post_and_again_for_an_edited_copy() -> None:
    calls: list[str] = []

    def content_text(html: str) -> str:
        calls.append(html)
        return re.sub(r"<[^>]+>", "", html)

    engine = FilterEngine([rule("keyword", "ham")], self_acct=ME, content_text=content_text)
    ham = post(HAM)
    for timeline in ("home", "local", "home"):
        engine.decide(ham, timeline=timeline, account=ME)
    changed = engine.updated(rules=[rule("keyword", "life", action="hide")])
    assert changed.decide(ham, timeline="home", account=ME).action == "hide"
    assert len(calls) == 1
    # Another copy of the same post (fetched for another timeline, a favourite later).
    copy = with_fields(ham, favourites_count=ham["favourites_count"] + 1)
    assert changed.decide(copy, timeline="local", account=ME).action == "hide"
    assert len(calls) == 1
    edited = with_fields(ham, content="<p>I have never stolen anything.</p>")
    assert changed.decide(edited, timeline="home", account=ME).action == "show"
    assert len(calls) == 2


def test_hostile_or_missing_fields_never_raise() -> None:
    engine = FilterEngine([rule(kind, value) for kind, value in _one_of_each()], self_acct=ME)
    for item in (
        {},
        {"id": "1", "content": None, "account": None, "tags": [None, 3], "poll": "x"},
        {"id": "2", "reblog": {"account": {"acct": 5}}, "filtered": [{"filter": None}, 7]},
        {"id": "3", "in_reply_to_id": "9", "mentions": ["x"], "media_attachments": [None]},
    ):
        assert engine.decide(item, timeline="home", account=ME).action in ("show", "collapse")


def _one_of_each() -> list[tuple[RuleKind, str]]:
    values = {
        "keyword": "ham",
        "regex": r"\bham",
        "account": "a@b.c",
        "domain": "b.c",
        "hashtag": "x",
        "language": "de",
        "language_only": "en",
        "cw": "spoiler",
    }
    return [(kind, values.get(kind, "")) for kind in KINDS]


def test_every_kind_of_rule_has_a_test_above() -> None:
    tested = Path(__file__).read_text(encoding="utf-8")
    for kind in KINDS:
        assert f'rule("{kind}"' in tested, kind


# -- the config file --------------------------------------------------------------------


def test_rules_round_trip_through_the_config_file() -> None:
    rules = [
        rule(
            "regex",
            r"\bcrypto\w*",
            name="crypto",
            action="hide",
            timelines=("list:42",),
            account=ME,
        ),
        rule("keyword", "spoilers", enabled=False, timelines=("home", "tags")),
        rule("boosts"),
    ]
    config.save(Config(filters=rules_to_config(rules)))
    text = config.load().filters
    assert rules_from_config(text) == (rules, [])
    assert "[[filters]]" in locations.config_file().read_text(encoding="utf-8")


def test_a_config_entry_that_is_not_a_rule_is_reported() -> None:
    rules, problems = rules_from_config([{"kind": "telepathy"}, "ham", {"kind": "bots"}])
    assert [r.kind for r in rules] == ["bots"]
    assert problems == [
        "Filter 1 in the config: Unknown kind of rule 'telepathy'. Skipped.",
        "Filter 2 in the config is not a table; skipped.",
    ]


# -- privacy -----------------------------------------------------------------------------


def test_the_filter_engine_cannot_reach_the_network() -> None:
    source = Path(__file__).parents[2] / "tuiclient" / "filters.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    network = {"socket", "http", "urllib", "httpx", "requests", "mastodon", "tuiclient.api"}
    assert not {name for name in imported if name.split(".")[0] in network or name in network}
