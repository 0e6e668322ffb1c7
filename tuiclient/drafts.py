"""Drafts: what the user is writing, kept on disk until the server confirms the post.

Each account has its own folder, `data_dir()/drafts/<user@host>/`, with one JSON
file per draft (mode 0600, written atomically: a crash leaves the old file or the
new one, never half of one). A draft carries an idempotency key that never changes
while the draft exists, so however often a post is retried, the server makes it once.
https://docs.joinmastodon.org/methods/statuses/#create (Idempotency-Key)
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tuiclient import locations
from tuiclient.words import plural

VISIBILITIES = ("public", "unlisted", "private", "direct")
"""From most to least public."""

VISIBILITY_LABELS = {
    "public": "Public",
    "unlisted": "Unlisted (quiet public)",
    "private": "Followers only",
    "direct": "Mentioned people only",
}


def most_private(*visibilities: str) -> str:
    """The least public of `visibilities` (unknown values are ignored; public if none)."""
    known = [VISIBILITIES.index(v) for v in visibilities if v in VISIBILITIES]
    return VISIBILITIES[max(known)] if known else "public"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class PollDraft:
    """A poll being written."""

    options: list[str] = field(default_factory=lambda: ["", ""])
    expires_in: int = 86400
    """Seconds the poll stays open."""
    multiple: bool = False

    @property
    def filled_options(self) -> list[str]:
        """The options the user wrote (empty fields are not options)."""
        return [option.strip() for option in self.options if option.strip()]


@dataclass
class MediaDraft:
    """An attachment: a file to upload, or one already on the server."""

    path: str = ""
    """Local file; empty for media that is already on the server (editing a post)."""
    description: str = ""
    """Alt text."""
    media_id: str = ""
    """The server's id once uploaded, so a retry never uploads twice."""
    uploaded_description: str = ""
    """The alt text the server has, to know whether it must be updated."""
    kind: str = ""
    """`image`, `video`, ... as far as known."""

    @property
    def name(self) -> str:
        """What to call the attachment on screen."""
        return Path(self.path).name if self.path else f"attachment {self.media_id}"


@dataclass
class Draft:
    """One post (or edit of a post) being written, and how to send it exactly once."""

    id: str = field(default_factory=_new_id)
    idempotency_key: str = field(default_factory=_new_id)
    """Sent with every attempt to post this draft: a retry never makes a second post."""
    text: str = ""
    spoiler_text: str = ""
    visibility: str = ""
    """Empty: the account's default."""
    language: str = ""
    sensitive: bool = False
    in_reply_to_id: str = ""
    reply_to: str = ""
    """`@acct` of the author replied to, to show in the list of drafts."""
    quoted_status_id: str = ""
    context: str = ""
    """The line the composer shows above the text ("Replying to @ada: …"), kept so that a
    draft reopened from the list shows it too (drafts saved before it have none)."""
    edit_id: str = ""
    """Set when the draft edits a posted status instead of making a new one."""
    poll: PollDraft | None = None
    poll_before: list[str] = field(default_factory=list)
    """An edited post's poll options as posted: the poll is sent again only if changed,
    since the server resets the votes of a poll it receives in an edit."""
    media: list[MediaDraft] = field(default_factory=list)
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    unconfirmed: str = ""
    """Fingerprint of the content of an attempt whose outcome is unknown (a timeout).

    If the content changed since, a success may be the server replaying that earlier
    attempt (same idempotency key); the composer then checks what was posted.
    """

    @property
    def is_empty(self) -> bool:
        """Nothing worth keeping: no text, warning, poll or media."""
        return (
            not self.text.strip()
            and not self.spoiler_text.strip()
            and not self.media
            and (self.poll is None or not self.poll.filled_options)
        )

    @property
    def default_context(self) -> str:
        """What the composer says above a draft saved without its `context` line."""
        if self.edit_id:
            return "Editing your post"
        if self.quoted_status_id:
            return "Quoting a post"
        if self.in_reply_to_id:
            return f"Replying to {self.reply_to or 'a post'}"
        return ""

    def fingerprint(self) -> str:
        """A short digest of what would be sent, to tell whether it changed."""
        content = {
            "text": self.text,
            "spoiler_text": self.spoiler_text,
            "poll": asdict(self.poll) if self.poll else None,
            "media": [(m.path, m.media_id) for m in self.media],
        }
        return uuid.uuid5(uuid.NAMESPACE_OID, json.dumps(content, sort_keys=True)).hex

    def summary(self, width: int = 60) -> str:
        """One line for the list of drafts."""
        text = " ".join(self.text.split()) or " ".join(self.spoiler_text.split())
        if not text and self.media:
            text = f"[{plural(len(self.media), 'attachment')}]"
        if not text and self.poll is not None:
            text = "[poll]"
        return text if len(text) <= width else text[: width - 1] + "…"

    def to_json(self) -> str:
        """The draft as a JSON document."""
        return json.dumps({"version": 1, **asdict(self)}, ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        """A draft from parsed JSON; unknown keys are ignored, wrong types become defaults."""
        draft = cls()
        for name, default in asdict(draft).items():
            value = data.get(name)
            if name in ("poll", "media") or type(value) is not type(default):
                continue
            if name in ("id", "idempotency_key") and not value:
                continue  # never post without a key
            setattr(draft, name, value)
        poll = data.get("poll")
        if isinstance(poll, dict):
            options = poll.get("options")
            expires = poll.get("expires_in")
            draft.poll = PollDraft(
                options=[str(o) for o in options] if isinstance(options, list) else ["", ""],
                expires_in=expires if isinstance(expires, int) and expires > 0 else 86400,
                multiple=poll.get("multiple") is True,
            )
        for entry in data.get("media") or ():
            if isinstance(entry, dict):
                draft.media.append(
                    MediaDraft(
                        **{
                            key: str(entry[key])
                            for key in MediaDraft.__dataclass_fields__
                            if isinstance(entry.get(key), str)
                        }
                    )
                )
        return draft


_UNSAFE = re.compile(r"[^A-Za-z0-9@._-]")


def account_folder_name(acct: str) -> str:
    """A file-system safe folder name for `user@host` (ports and odd characters escaped)."""
    return _UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", acct) or "_"


class DraftStore:
    """The drafts of one account, one JSON file each."""

    def __init__(self, acct: str, root: Path | None = None) -> None:
        self.acct = acct
        self.folder = (root or locations.data_dir() / "drafts") / account_folder_name(acct)

    def path(self, draft_id: str) -> Path:
        """The file of the draft `draft_id`."""
        if not re.fullmatch(r"[0-9a-f]{32}", draft_id):
            raise ValueError(f"Not a draft id: {draft_id!r}")
        return self.folder / f"{draft_id}.json"

    def save(self, draft: Draft) -> None:
        """Write `draft` (atomically, mode 0600) and stamp its time."""
        draft.updated_at = _now()
        locations.write_private_file(self.path(draft.id), draft.to_json())

    def get(self, draft_id: str) -> Draft | None:
        """The draft `draft_id`, or None when it is gone or unreadable."""
        try:
            data = json.loads(self.path(draft_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        draft = Draft.from_dict(data)
        draft.id = draft_id
        return draft

    def list(self) -> list[Draft]:
        """Every readable draft, most recently changed first."""
        drafts = []
        for path in self.folder.glob("*.json"):
            draft = self.get(path.stem) if re.fullmatch(r"[0-9a-f]{32}", path.stem) else None
            if draft is not None:
                drafts.append(draft)
        return sorted(drafts, key=lambda d: d.updated_at, reverse=True)

    def delete(self, draft_id: str) -> None:
        """Remove a draft (done once the server has the post, or the user discards it)."""
        self.path(draft_id).unlink(missing_ok=True)


# -- drafts made from a post ----------------------------------------------

_ACCT = re.compile(r"[A-Za-z0-9_.-]+(?:@[A-Za-z0-9_.:-]+)?")
"""What a mention may look like; anything else in a server's `acct` is not typed into a post."""


def _is_self(account: Mapping[str, Any], own_id: str, own_acct: str) -> bool:
    if own_id:
        return str(account.get("id")) == own_id
    acct = account.get("acct")
    return acct in (own_acct, own_acct.split("@", 1)[0])


def reply_mentions(
    status: Mapping[str, Any], *, own_id: str, own_acct: str, everyone: bool = False
) -> list[str]:
    """The accounts a reply addresses: the author, and with `everyone` all mentioned.

    Never yourself, never twice. `own_id` (the logged-in account's id) decides who is
    you; without it, `own_acct` (`user@host`, or the bare local `user`) does.
    """
    accounts: list[Any] = [status.get("account")]
    if everyone:
        accounts.extend(status.get("mentions") or ())
    found: list[str] = []
    for account in accounts:
        if not isinstance(account, Mapping):
            continue
        acct = account.get("acct")
        if not isinstance(acct, str) or not _ACCT.fullmatch(acct) or acct in found:
            continue
        if not _is_self(account, own_id, own_acct):
            found.append(acct)
    return found


def reply_draft(
    status: Mapping[str, Any], *, own_id: str, own_acct: str, everyone: bool = False
) -> Draft:
    """A reply to `status`: mentions, the same content warning, `in_reply_to_id` set.

    The reply's visibility is decided by the composer (`most_private` of the account's
    default and the post's), so it is never more public than what it answers.
    """
    mentions = reply_mentions(status, own_id=own_id, own_acct=own_acct, everyone=everyone)
    account = status.get("account")
    author = account.get("acct") if isinstance(account, Mapping) else None
    spoiler = status.get("spoiler_text")
    return Draft(
        text="".join(f"@{acct} " for acct in mentions),
        spoiler_text=spoiler if isinstance(spoiler, str) else "",
        in_reply_to_id=str(status.get("id", "")),
        reply_to=f"@{author}" if isinstance(author, str) and _ACCT.fullmatch(author) else "",
    )


def _existing_media(status: Mapping[str, Any]) -> list[MediaDraft]:
    media = []
    for attachment in status.get("media_attachments") or ():
        if isinstance(attachment, Mapping) and attachment.get("id") is not None:
            description = attachment.get("description")
            text = description if isinstance(description, str) else ""
            kind = attachment.get("type")
            media.append(
                MediaDraft(
                    media_id=str(attachment["id"]),
                    description=text,
                    uploaded_description=text,
                    kind=kind if isinstance(kind, str) else "",
                )
            )
    return media


def _source_text(source: Mapping[str, Any], key: str) -> str:
    value = source.get(key)
    return value if isinstance(value, str) else ""


def edit_draft(status: Mapping[str, Any], source: Mapping[str, Any]) -> Draft:
    """A draft that edits one's own `status`, from its `source` (plain text and warning).

    https://docs.joinmastodon.org/methods/statuses/#source
    """
    draft = Draft(
        edit_id=str(status.get("id", "")),
        text=_source_text(source, "text"),
        spoiler_text=_source_text(source, "spoiler_text"),
        sensitive=status.get("sensitive") is True,
        visibility=str(status.get("visibility") or ""),
        media=_existing_media(status),
    )
    poll = status.get("poll")
    if isinstance(poll, Mapping):
        # The poll's options can be edited where the server allows it (its votes reset).
        draft.poll = draft_poll = PollDraft(
            options=[
                str(option.get("title", ""))
                for option in poll.get("options") or ()
                if isinstance(option, Mapping)
            ],
            multiple=poll.get("multiple") is True,
        )
        draft.poll_before = [*draft_poll.filled_options, f"multiple={draft_poll.multiple}"]
    return draft


def redraft(status: Mapping[str, Any], source: Mapping[str, Any]) -> Draft:
    """A new draft with everything of a post that is about to be deleted ("delete and redraft").

    Its media stays on the server after the delete and is attached again.
    """
    in_reply_to = status.get("in_reply_to_id")
    language = status.get("language")
    poll = status.get("poll")
    draft = Draft(
        text=_source_text(source, "text"),
        spoiler_text=_source_text(source, "spoiler_text"),
        sensitive=status.get("sensitive") is True,
        visibility=str(status.get("visibility") or ""),
        language=language if isinstance(language, str) else "",
        in_reply_to_id=str(in_reply_to) if in_reply_to else "",
        media=_existing_media(status),
    )
    if isinstance(poll, Mapping):
        draft.poll = PollDraft(
            options=[
                str(option.get("title", ""))
                for option in poll.get("options") or ()
                if isinstance(option, Mapping)
            ],
            multiple=poll.get("multiple") is True,
        )
    return draft
