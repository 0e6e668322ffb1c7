"""How long local filtering takes: 100 rules over 5,000 posts (issue 6 asks for < 100 ms).

    uv run python bench/filters.py
    uv run python bench/filters.py --posts 5000 --rules 100 --repeat 7

What it does:

1. Builds `--posts` synthetic statuses shaped like Mastodon.py `Status` entities (dicts), from
   a fixed random seed: HTML content of 20-120 words from a vocabulary with accented and
   non-Latin words, links and mentions; 20% boosts, 20% replies, 10% with a content warning,
   15% with media (a third without alt text), 5% by bots, hashtags, five languages, 2%
   carrying a server filter result (`filtered`, warn or hide).
2. Builds `--rules` rules in a realistic mix: keywords (single words and phrases), regular
   expressions, accounts, domains, hashtags, a language rule and one of each flag kind
   (boosts, replies, replies to strangers, bots, missing alt, content warning), with
   timeline scopes (all / home / lists / tags), a few for another account, a few disabled,
   hide and collapse.
3. Times `FilterEngine.decide` over every post for the "home" timeline:
   - cold: a new engine with nothing cached: includes turning each post's HTML into text
     (`render.plain_text`), which dominates. In the app this happens once per post, as its
     page arrives (40 posts at a time), so no reader ever waits for 5,000 at once.
   - rules changed: `engine.updated(rules=...)`, the text cache kept, no decision cached.
     This is what the app pays to re-filter an open timeline after the filter screen.
   - again: the same engine over the same posts (every decision cached).
   - every rule in scope: the same rules with no timeline or account scope, all enabled.
   - regex only: `--rules` regular expressions, rules-changed path: the worst kind.
   - no rules: the rules-changed path with no rules, as a floor.
   Each is repeated `--repeat` times; median and min are printed.
4. Prints a report and writes JSON to bench/results/ (git-ignored) unless --no-json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tuiclient.filters import FilterEngine, FilterRule, timeline_in_scope

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
ACCOUNT = "ada@example.social"

VOCABULARY = (
    "the a of and to in is it that for on with as was at by this be from or have an they "
    "which one you were all we when there can more if no out so said what up its about "
    "into than them only other new some could time these two may then do first any my now "
    "such like our over man me even most made after also did many before must through back "
    "years where much your way well down should because each just those people how too "
    "café naïve résumé straße garçon Zürich crème über coöperate "
    "猫 東京 ラーメン ข่าว привет мир γειά"
).split()
# Words rules are written about; each post carries one or two with some chance, so each
# keyword rule matches a small share of posts, as real filters do.
TOPICS = tuple(
    a + b + c
    for a in ("cr", "el", "sp", "fo", "po", "nf", "bl", "qu")
    for b in ("ypto", "ection", "oiler", "otball", "litic", "tmint", "ockch", "antum")
    for c in ("", "s", "ing")
)
LANGUAGES = ("en", "en", "en", "de", "fr", "ja", "es")
DOMAINS = ("example.social", "mastodon.example", "fosstodon.example", "chaos.example")


def make_status(rng: random.Random, n: int) -> dict[str, Any]:
    """A status shaped like a Mastodon.py `Status` (a dict; a boost carries `reblog`)."""
    words = rng.choices(VOCABULARY, k=rng.randint(20, 120))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(TOPICS).capitalize())
    user = f"user{rng.randint(0, 400)}"
    domain = rng.choice(DOMAINS)
    acct = user if domain == "example.social" else f"{user}@{domain}"
    mentions: list[dict[str, Any]] = []
    reply = rng.random() < 0.2
    if reply:
        target = f"user{rng.randint(0, 400)}@{rng.choice(DOMAINS)}"
        mentions.append({"id": str(n + 10_000_000), "acct": target, "username": target})
        words.insert(0, f'<span class="h-card"><a href="https://x/@{target}">@{target}</a></span>')
    if rng.random() < 0.3:
        words.append('<a href="https://news.example/article?utm_source=masto">news.example</a>')
    tags = [rng.choice(("cats", "politics", "rust", "python", "art"))] * (rng.random() < 0.3)
    words.extend(
        f'<a href="https://x/tags/{t}" class="hashtag">#<span>{t}</span></a>' for t in tags
    )
    media = []
    if rng.random() < 0.15:
        media.append({"type": "image", "description": "" if rng.random() < 0.33 else "a cat"})
    filtered = []
    if rng.random() < 0.02:
        filtered.append(
            {
                "filter": {
                    "id": "1",
                    "title": "Server filter",
                    "context": ["home", "public"],
                    "filter_action": rng.choice(("warn", "hide")),
                    "expires_at": None,
                },
                "keyword_matches": ["spam"],
                "status_matches": None,
            }
        )
    status: dict[str, Any] = {
        "id": str(100_000_000 + n),
        "content": "<p>" + " ".join(words) + "</p>",
        "spoiler_text": "politics" if rng.random() < 0.1 else "",
        "language": rng.choice(LANGUAGES),
        "account": {"id": str(n), "acct": acct, "bot": rng.random() < 0.05},
        "in_reply_to_id": str(n - 1) if reply else None,
        "in_reply_to_account_id": str(n + 10_000_000) if reply else None,
        "mentions": mentions,
        "tags": [{"name": t} for t in tags],
        "media_attachments": media,
        "poll": None,
        "filtered": filtered,
        "reblog": None,
    }
    if rng.random() < 0.2:
        booster = f"booster{rng.randint(0, 50)}@{rng.choice(DOMAINS)}"
        return {
            "id": str(200_000_000 + n),
            "content": "",
            "account": {"id": str(n + 5_000_000), "acct": booster, "bot": False},
            "reblog": status,
            "filtered": [],
        }
    return status


def make_rules(rng: random.Random, count: int) -> list[FilterRule]:
    """`count` rules in a realistic mix of kinds, scopes and actions."""
    words = TOPICS
    fixed: list[tuple[str, str]] = [
        ("boosts", ""),
        ("replies_to_strangers", ""),
        ("bots", ""),
        ("missing_alt", ""),
        ("cw", "politics"),
        ("language", "es"),
    ]
    makers: list[Callable[[int], tuple[str, str]]] = [
        lambda i: ("keyword", rng.choice(words)),
        lambda i: ("keyword", f"{rng.choice(words)} {rng.choice(VOCABULARY)}"),
        lambda i: ("regex", rf"\b{rng.choice(words)[:5]}\w*(?:s|ing)?\b"),
        lambda i: ("account", f"user{rng.randint(0, 400)}@{rng.choice(DOMAINS)}"),
        lambda i: ("domain", f"spam{i}.example"),
        lambda i: ("hashtag", rng.choice(("politics", f"tag{i}"))),
    ]
    weights = [38, 10, 16, 16, 8, 6]
    rules = []
    for i in range(count):
        kind, value = fixed[i] if i < len(fixed) else rng.choices(makers, weights)[0](i)
        scope = rng.choice(((), (), ("home",), ("lists",), ("tags",), ("home", "lists")))
        rules.append(
            FilterRule(
                id=f"r{i}",
                name=f"rule {i}",
                kind=kind,  # type: ignore[arg-type]
                value=value,
                enabled=rng.random() > 0.05,
                action="hide" if rng.random() < 0.4 else "collapse",
                timelines=scope,
                account="other@example.social" if rng.random() < 0.05 else "",
            )
        )
    return rules


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--rules", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    statuses = [make_status(rng, n) for n in range(args.posts)]
    rules = make_rules(rng, args.rules)
    regex_rules = [
        FilterRule(f"x{i}", f"regex {i}", "regex", rf"\b{rng.choice(TOPICS)[:5]}\w*\b")
        for i in range(args.rules)
    ]
    # The same rules, every one enabled and in scope in "home" for this account.
    all_in_scope = [replace(r, timelines=(), account="", enabled=True) for r in rules]
    following = [f"user{i}@{DOMAINS[i % len(DOMAINS)]}" for i in range(0, 400, 3)]

    def run_all(engine: FilterEngine) -> list[str]:
        return [engine.decide(s, timeline="home", account=ACCOUNT).action for s in statuses]

    warm = FilterEngine(rules, following=following, self_acct=ACCOUNT)
    actions = run_all(warm)
    counts = {a: actions.count(a) for a in ("show", "collapse", "hide")}
    in_scope = sum(
        1
        for r in rules
        if r.enabled and timeline_in_scope(r.timelines, "home") and r.account in ("", ACCOUNT)
    )
    rows: dict[str, list[float]] = {
        "cold (new engine, text extracted)": timed(
            lambda: run_all(FilterEngine(rules, following=following, self_acct=ACCOUNT)),
            args.repeat,
        ),
        "rules changed (text cached)": timed(
            lambda: run_all(warm.updated(rules=rules)), args.repeat
        ),
        "again (decisions cached)": timed(lambda: run_all(warm), args.repeat),
        "every rule in scope, rules changed": timed(
            lambda: run_all(warm.updated(rules=all_in_scope)), args.repeat
        ),
        f"regex only, {args.rules} rules, rules changed": timed(
            lambda: run_all(warm.updated(rules=regex_rules)), args.repeat
        ),
        "no rules, rules changed (floor)": timed(
            lambda: run_all(warm.updated(rules=[])), args.repeat
        ),
    }
    print(
        f"filters: {args.rules} rules over {args.posts} posts, timeline 'home', "
        f"{args.repeat} runs, Python {platform.python_version()}"
    )
    print(f"  rules in scope in 'home': {in_scope}; decisions: {counts}")
    for name, samples in rows.items():
        print(
            f"  {name:<44} median {statistics.median(samples):8.1f} ms   min {min(samples):8.1f} ms"
        )
    try:
        print(f"  /proc/loadavg: {Path('/proc/loadavg').read_text().strip()}")
    except OSError:
        pass
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = RESULTS_DIR / f"filters-{args.rules}x{args.posts}-{stamp}.json"
        report = {"args": vars(args), "in_scope": in_scope, "decisions": counts, "samples_ms": rows}
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"  json: {out.relative_to(BENCH_DIR.parent)}")


if __name__ == "__main__":
    main()
