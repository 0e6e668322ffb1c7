"""`ComposeScreen`: write a post (or a reply, a quote, an edit) as one account.

Nothing typed is lost: the draft is written to disk at most half a second after
each change and when the screen closes, and removed only once the server has the
post. A failed send keeps the screen open with the reason; ctrl+s retries with the
same idempotency key, so the server makes the post once however often it is sent.
"""

from __future__ import annotations

import copy
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from mastodon.return_types import Status
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from tuiclient import logs
from tuiclient.api import media as media_api
from tuiclient.api import statuses
from tuiclient.api.errors import ApiError
from tuiclient.api.server_limits import PostingInfo, posting_info
from tuiclient.counting import status_length
from tuiclient.drafts import (
    VISIBILITIES,
    VISIBILITY_LABELS,
    Draft,
    DraftStore,
    MediaDraft,
    PollDraft,
    most_private,
)
from tuiclient.session import AccountSession
from tuiclient.widgets.chrome.account_bar import AccountBar
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.chrome.status_line import StatusLine
from tuiclient.widgets.lists import PickList

log = logs.get_logger("compose")

SAVE_EVERY_SECONDS = 0.5
"""A crash or kill loses at most this much typing (plus the time to write the file)."""

POLL_DURATIONS = (
    ("5 minutes", 300),
    ("30 minutes", 1800),
    ("1 hour", 3600),
    ("6 hours", 21600),
    ("12 hours", 43200),
    ("1 day", 86400),
    ("3 days", 259200),
    ("7 days", 604800),
)

LANGUAGE = re.compile(r"[a-z]{2,3}")


def is_ambiguous(error: ApiError) -> bool:
    """Whether the server may have made the post although the request failed.

    A timeout or a broken connection, or a 5xx (a proxy may answer after the server
    saved it). A 4xx answer means the server refused: nothing was posted.
    """
    return error.status is None or error.status >= 500


@dataclass(frozen=True)
class Sent:
    """What a send attempt ended with (handed from the worker to the screen)."""

    status: Status
    replayed: bool = False
    """The server answered with an earlier attempt's post, whose text differs."""
    problems: tuple[str, ...] = ()


class ComposeScreen(ModalScreen[Status | None]):
    """The composer: text, content warning, visibility, language, poll and media.

    Dismisses with the posted (or edited) status, or None when closed; a closed
    composer's draft stays in the account's drafts. It is modal so that the app's
    keys (switch account, open another view) do nothing while it is open: a post is
    written as the account it was started for, and the composer never vanishes.
    """

    AUTO_FOCUS = "#text"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: it then runs after the keys typed before it are in the text.
        Binding("ctrl+s", "send", "Send", id="compose.send"),
        Binding("escape", "close", "Close (keeps draft)", id="compose.close"),
        # Priority, or the text area would take it (end of line); see `action_external_editor`.
        Binding("ctrl+e", "external_editor", "Editor", priority=True, id="compose.editor"),
        # Keys that move the focus are priority bindings: they act before the keys typed
        # after them are handed to a field, so those land in the field moved to.
        Binding("ctrl+t", "focus_cw", "CW", priority=True, id="compose.cw"),
        Binding("ctrl+r", "cycle_visibility", "Visibility", id="compose.visibility"),
        Binding("ctrl+o", "toggle_poll", "Poll", priority=True, id="compose.poll"),
        Binding("ctrl+g", "attach", "Media", priority=True, id="compose.media"),
        Binding("delete", "remove_attachment", "Remove", show=False, id="compose.remove_media"),
    ]

    DEFAULT_CSS = """
    ComposeScreen {
        background: $surface;
    }
    ComposeScreen #form {
        height: 1fr;
        padding: 0 1;
    }
    ComposeScreen #posting-as {
        height: auto;
        margin: 1 0 0 0;
    }
    ComposeScreen #context {
        height: auto;
        color: $text-muted;
    }
    ComposeScreen #text {
        height: 1fr;
        min-height: 6;
    }
    ComposeScreen #options, ComposeScreen #poll-settings, ComposeScreen #media-inputs {
        height: auto;
    }
    ComposeScreen #visibility { width: 32; }
    ComposeScreen #language { width: 16; }
    ComposeScreen #poll, ComposeScreen #media {
        height: auto;
        border: round $primary;
        display: none;
    }
    ComposeScreen #poll-options { height: auto; }
    ComposeScreen #poll-options Input, ComposeScreen #media-inputs Input { margin: 0 1 0 0; }
    ComposeScreen #poll-duration { width: 24; margin-right: 2; }
    ComposeScreen #attachments { height: auto; max-height: 6; }
    ComposeScreen #media-path { width: 1fr; }
    ComposeScreen #media-alt { width: 2fr; }
    ComposeScreen #bottom { height: 1; background: $panel; }
    ComposeScreen #bottom StatusLine { width: 1fr; }
    ComposeScreen #counter { width: auto; padding: 0 1; background: $panel; }
    ComposeScreen #counter.-over { color: $text-error; text-style: bold; }
    """

    def __init__(
        self,
        session: AccountSession,
        draft: Draft,
        *,
        store: DraftStore | None = None,
        info: PostingInfo | None = None,
        on_info: Callable[[PostingInfo], None] | None = None,
        visibility_cap: str = "",
        context: str = "",
        from_store: bool = False,
    ) -> None:
        """Compose `draft` as `session`'s account.

        `visibility_cap` keeps a reply from being more public than its post (by default);
        `context` says what the post answers, quotes or edits; `from_store` marks a draft
        reopened from the list (it is kept even if unchanged).
        """
        super().__init__()
        self.session = session
        self.draft = draft
        self.store = store or DraftStore(session.acct)
        self.info = info or PostingInfo()
        self.on_info = on_info
        self.visibility_cap = visibility_cap
        # Kept in the draft: reopened from the list of drafts, it says the same.
        self.context_text = context or draft.context or draft.default_context
        draft.context = self.context_text
        self.from_store = from_store
        self.sending = False
        self._open = True
        self._dirty = False
        self._saved = from_store
        self._touched: set[str] = set()
        self._programmatic: dict[str, object] = {}
        """Values the screen itself put in fields: a change to them is not the user's."""
        self._initial: tuple[Any, ...] | None = None
        self._editing_media: int | None = None
        self._close_requested = False
        self._save_failed = ""
        """Why the last save of the draft failed (disk full, …), "" when it worked."""

    # -- layout ----------------------------------------------------------

    @property
    def editing(self) -> bool:
        """Whether this changes a posted status instead of making one."""
        return bool(self.draft.edit_id)

    def _title(self) -> str:
        if self.editing:
            return "Edit post"
        if self.draft.quoted_status_id:
            return "Quote"
        return "Reply" if self.draft.in_reply_to_id else "New post"

    def compose(self) -> ComposeResult:
        """Who posts, the fields, the counter and the key hints."""
        draft = self.draft
        yield AccountBar(self.session.account, self._title())
        with VerticalScroll(id="form"):
            yield Static(self._posting_as(), id="posting-as")
            if self.context_text:
                yield Static(self.context_text, id="context", markup=False)
            yield Input(
                draft.spoiler_text,
                placeholder="Content warning (optional, ctrl+t)",
                id="cw",
            )
            yield TextArea(draft.text, id="text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="options"):
                yield Select(
                    [(VISIBILITY_LABELS[v], v) for v in VISIBILITIES],
                    value=draft.visibility or "public",
                    allow_blank=False,
                    id="visibility",
                    disabled=self.editing,
                )
                yield Input(
                    draft.language,
                    placeholder="Language",
                    id="language",
                    max_length=3,
                    disabled=self.editing,
                )
                yield Checkbox("Sensitive media", draft.sensitive, id="sensitive")
            with Vertical(id="poll") as poll:
                poll.border_title = "Poll (ctrl+o removes it)"
                yield Vertical(id="poll-options")
                with Horizontal(id="poll-settings"):
                    yield Select(
                        self._durations(),
                        value=draft.poll.expires_in if draft.poll else 86400,
                        allow_blank=False,
                        id="poll-duration",
                        compact=True,
                    )
                    yield Checkbox(
                        "Multiple choice",
                        draft.poll.multiple if draft.poll else False,
                        id="multiple",
                    )
            with Vertical(id="media") as media:
                media.border_title = "Media (enter on one edits its description, delete removes)"
                yield PickList(id="attachments", compact=True)
                with Horizontal(id="media-inputs"):
                    yield Input(
                        placeholder="Path of an image, video or audio file",
                        id="media-path",
                        compact=True,
                    )
                    yield Input(
                        placeholder="Description (alt text) for people who cannot see it",
                        id="media-alt",
                        compact=True,
                    )
        with Horizontal(id="bottom"):
            yield StatusLine(id="status")
            yield Static(id="counter")
        yield Footer()

    def _posting_as(self) -> Content:
        account = self.session.account
        label = f" [{account.label}]" if account.label else ""
        return Content.assemble("Posting as ", (f"@{account.acct}", "bold $accent"), label)

    def _durations(self) -> list[tuple[str, int]]:
        limits = self.info.limits
        durations = [
            (label, seconds)
            for label, seconds in POLL_DURATIONS
            if limits.poll_min_expiration <= seconds <= limits.poll_max_expiration
        ] or [(label, seconds) for label, seconds in POLL_DURATIONS]
        wanted = self.draft.poll.expires_in if self.draft.poll else 86400
        if wanted not in [seconds for _, seconds in durations]:
            durations.append((f"{wanted // 60} minutes", wanted))
        return durations

    def on_mount(self) -> None:
        """Fill in what the draft holds, ask the server what it allows, start saving."""
        self._programmatic = {
            "visibility": self.query_one("#visibility", Select).value,
            "language": self.query_one("#language", Input).value,
            "sensitive": self.query_one("#sensitive", Checkbox).value,
        }
        self._build_poll_options()
        self._show_attachments()
        if self.draft.poll is not None:
            self.query_one("#poll").display = True
        if self.draft.media:
            self.query_one("#media").display = True
        if self.draft.visibility or self.editing:
            self._touched.add("visibility")
        else:
            self._apply_defaults()
        if self.draft.language:
            self._touched.add("language")
        # A reply starts with its mentions: type after them, never before.
        self.text_area.move_cursor(self.text_area.document.end)
        self._update_counter()
        self._initial = self._content()
        self.set_interval(SAVE_EVERY_SECONDS, self._save_if_changed)
        if self.editing:
            self.status.say(
                "Editing: visibility and language stay as they are; changing the poll resets its votes."
            )
        if not self.info.limits.known:
            self._fetch_info()

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def text_area(self) -> TextArea:
        """The text of the post."""
        return self.query_one("#text", TextArea)

    # -- server information ---------------------------------------------

    @work(thread=True, exclusive=True, group="compose-info", exit_on_error=False)
    def _fetch_info(self) -> None:
        info = posting_info(self.session.api)
        self.app.call_from_thread(self._info_arrived, info)

    def _info_arrived(self, info: PostingInfo) -> None:
        self.info = info
        if info.problems:
            self.notify(
                "Could not read " + "; ".join(info.problems) + ". Using common defaults.",
                severity="warning",
                timeout=6,
            )
        if self.on_info is not None and info.limits.known:
            self.on_info(info)
        if not self._open or not self.is_mounted:
            return
        self._apply_defaults()
        self._build_poll_options()
        duration = self.query_one("#poll-duration", Select)
        value = duration.value
        duration.set_options(self._durations())
        if isinstance(value, int):
            duration.value = value
        self._update_counter()

    def _apply_defaults(self) -> None:
        """The account's defaults, where the user has not chosen yet."""
        defaults = self.info.defaults
        if "visibility" not in self._touched:
            base = defaults.visibility if defaults.visibility in VISIBILITIES else "public"
            chosen = most_private(base, self.visibility_cap) if self.visibility_cap else base
            self._set_quietly(self.query_one("#visibility", Select), chosen)
        language = self.query_one("#language", Input)
        if "language" not in self._touched and not language.value and defaults.language:
            self._set_quietly(language, defaults.language)
        sensitive = self.query_one("#sensitive", Checkbox)
        if "sensitive" not in self._touched and defaults.sensitive and not self.editing:
            self._set_quietly(sensitive, True)

    def _set_quietly(self, field: Select[str] | Input | Checkbox, value: Any) -> None:
        """Set a field to a default: the user has not chosen it, so it is not "touched"."""
        if field.id:
            self._programmatic[field.id] = value
        field.value = value

    def _visibility_to_send(self) -> str:
        """The visibility to ask for; empty leaves it to the account's default on the server.

        Shown and sent are the same once the user chose, or the server's preferences are
        known. Without them, a guess is never sent: a reply to a restricted post asks for
        the post's visibility, anything else gets the server's default.
        """
        value = self.query_one("#visibility", Select).value
        chosen = value if isinstance(value, str) else ""
        if "visibility" in self._touched or self.info.defaults.visibility or self.editing:
            return chosen
        return self.visibility_cap if self.visibility_cap not in ("", "public") else ""

    # -- poll and media widgets -----------------------------------------

    def _build_poll_options(self) -> None:
        """One field per allowed option, keeping what is typed."""
        container = self.query_one("#poll-options", Vertical)
        existing = list(container.query(Input).results(Input))
        typed = [field.value for field in existing]
        if not typed and self.draft.poll is not None:
            typed = list(self.draft.poll.options)
        wanted = max(2, self.info.limits.poll_max_options, len([t for t in typed if t]))
        limit = self.info.limits.poll_max_characters_per_option
        if len(existing) == wanted:
            for field in existing:  # same fields: nothing to move the focus away from
                field.max_length = limit
            return
        container.remove_children()
        fields = []
        for index in range(wanted):
            optional = "" if index < 2 else " (optional)"
            fields.append(
                Input(
                    typed[index] if index < len(typed) else "",
                    placeholder=f"Option {index + 1}{optional}",
                    max_length=limit,
                    classes="poll-option",
                    compact=True,
                )
            )
        container.mount_all(fields)

    def _show_attachments(self) -> None:
        attachments = self.query_one("#attachments", OptionList)
        attachments.clear_options()
        for index, media in enumerate(self.draft.media):
            alt = media.description or "no description: enter adds one"
            state = "on the server" if media.media_id else "to upload"
            attachments.add_option(
                Option(
                    Content.assemble(
                        (f"{index + 1}. {media.name}", "bold"),
                        f"  ({state})  ",
                        (alt, "italic" if media.description else "$text-warning"),
                    )
                )
            )
        attachments.display = bool(self.draft.media)
        if self.draft.media:
            attachments.highlighted = 0

    # -- keeping the draft in step with the widgets ----------------------

    def _collect(self) -> None:
        """Copy the widgets' values into the draft."""
        draft = self.draft
        draft.text = self.text_area.text
        draft.spoiler_text = self.query_one("#cw", Input).value
        draft.visibility = self._visibility_to_send()
        draft.language = self.query_one("#language", Input).value.strip().lower()
        draft.sensitive = self.query_one("#sensitive", Checkbox).value
        if self.query_one("#poll").display:
            duration = self.query_one("#poll-duration", Select).value
            draft.poll = PollDraft(
                options=[field.value for field in self.query(".poll-option").results(Input)],
                expires_in=duration if isinstance(duration, int) else 86400,
                multiple=self.query_one("#multiple", Checkbox).value,
            )
        else:
            draft.poll = None

    def _content(self) -> tuple[Any, ...]:
        draft = self.draft
        return (
            draft.text,
            draft.spoiler_text,
            draft.poll.options if draft.poll else None,
            [(m.path, m.media_id, m.description) for m in draft.media],
        )

    def _worth_keeping(self) -> bool:
        if self.draft.is_empty:
            return False
        return self.from_store or self._saved or self._content() != self._initial

    def save_draft(self) -> bool:
        """Write the draft to disk now (or remove it once there is nothing in it).

        Returns False when it could not be written: then the user is told loudly (once per
        run of failures) and the text stays in the composer.
        """
        self._collect()
        self._dirty = False
        try:
            if self._worth_keeping():
                self.store.save(self.draft)
                self._saved = True
            elif self._saved:
                self.store.delete(self.draft.id)
                self._saved = False
        except OSError as error:
            log.warning("could not save draft %s: %s", self.draft.id, error)
            reason = error.strerror or str(error)
            message = f"Could not save the draft: {reason}"
            self.status.say(f"{message}. Your text is still here.", error=True)
            if not self._save_failed:
                self.notify(
                    f"{message}. Keep the composer open until it can be saved.",
                    title="Draft NOT saved",
                    severity="error",
                    timeout=12,
                )
            self._save_failed = reason
            return False
        self._save_failed = ""
        return True

    def _save_if_changed(self) -> None:
        if self._dirty and not self.sending:
            self.save_draft()

    def _changed(self, field: str | None = None, value: object = None) -> None:
        if field is not None and self._programmatic.get(field, value) != value:
            self._touched.add(field)
        self._dirty = True
        self._update_counter()

    @on(TextArea.Changed)
    def _text_changed(self, _: TextArea.Changed) -> None:
        self._changed()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("media-path", "media-alt"):
            return
        self._changed(event.input.id, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select.id, event.value)

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed(event.checkbox.id, event.value)

    def _length(self) -> int:
        return status_length(
            self.text_area.text,
            self.query_one("#cw", Input).value,
            url_length=self.info.limits.characters_reserved_per_url,
        )

    def _update_counter(self) -> None:
        length = self._length()
        limit = self.info.limits.max_characters
        counter = self.query_one("#counter", Static)
        over = length > limit
        counter.set_class(over, "-over")
        counter.update(f"{length}/{limit}" + (f" · {length - limit} too many" if over else ""))

    # -- actions ---------------------------------------------------------

    # `set_focus` rather than `widget.focus()`: it moves the focus now, not after the keys
    # already queued, so what is typed right after a key lands in the field it went to.

    def action_focus_cw(self) -> None:
        """Go to the content warning field."""
        self.set_focus(self.query_one("#cw", Input))

    def action_cycle_visibility(self) -> None:
        """Switch to the next visibility (public → unlisted → followers → mentioned)."""
        if self.editing:
            self.status.say("The visibility of a posted status cannot be changed.")
            return
        select = self.query_one("#visibility", Select)
        current = select.value if isinstance(select.value, str) else "public"
        select.value = VISIBILITIES[(VISIBILITIES.index(current) + 1) % len(VISIBILITIES)]
        self.status.say(f"Visibility: {VISIBILITY_LABELS[str(select.value)]}")

    def action_toggle_poll(self) -> None:
        """Add a poll, or take it away."""
        poll = self.query_one("#poll")
        # `display` rather than a CSS class: it applies at once, so the focus can move now.
        poll.display = not poll.display
        if poll.display:
            self.set_focus(self.query(".poll-option").first(Input))
            self.status.say(
                f"Poll: 2 to {self.info.limits.poll_max_options} options; ctrl+o removes it"
            )
        else:
            self.set_focus(self.text_area)
            self.status.say("Poll removed")
        self._changed()

    def action_attach(self) -> None:
        """Show the media fields and go to the file path."""
        self.query_one("#media").display = True
        self._editing_media = None
        self.set_focus(self.query_one("#media-path", Input))
        self.status.say("Type a file path, enter, then its description, enter")

    def action_remove_attachment(self) -> None:
        """Remove the highlighted attachment from the post."""
        attachments = self.query_one("#attachments", OptionList)
        index = attachments.highlighted
        if self.focused is not attachments or index is None:
            return
        removed = self.draft.media.pop(index)
        self._show_attachments()
        self._changed()
        self.status.say(f"Removed {removed.name}")
        if self.draft.media:
            attachments.highlighted = min(index, len(self.draft.media) - 1)
        else:
            self.set_focus(self.query_one("#media-path", Input))

    @on(OptionList.OptionSelected, "#attachments")
    def _edit_alt_text(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        media = self.draft.media[index]
        self._editing_media = index
        alt = self.query_one("#media-alt", Input)
        alt.value = media.description
        self.set_focus(alt)
        self.status.say(f"Description of {media.name}: type it, then enter")

    @on(Input.Submitted, "#media-path")
    def _path_entered(self, _: Input.Submitted) -> None:
        self._editing_media = None
        self.set_focus(self.query_one("#media-alt", Input))

    @on(Input.Submitted, "#media-alt")
    def _alt_entered(self, event: Input.Submitted) -> None:
        description = event.value.strip()
        if self._editing_media is not None and self._editing_media < len(self.draft.media):
            media = self.draft.media[self._editing_media]
            media.description = description
            self._editing_media = None
            event.input.value = ""
            self._show_attachments()
            self._changed()
            self.status.say(f"Description of {media.name} changed")
            return
        path_input = self.query_one("#media-path", Input)
        problem = self.attach_file(path_input.value, description)
        if problem:
            self.status.say(problem, error=True)
            return
        path_input.value = ""
        event.input.value = ""
        self.set_focus(path_input)

    def attach_file(self, path_text: str, description: str) -> str:
        """Add a file to the post; returns why it cannot be added ("" when added)."""
        limits = self.info.limits
        if not path_text.strip():
            return "Type the path of the file to attach first."
        if len(self.draft.media) >= limits.max_media_attachments:
            return f"The server takes at most {limits.max_media_attachments} attachments."
        path = Path(path_text.strip()).expanduser()
        try:
            size = path.stat().st_size
        except OSError as error:
            return f"Cannot read {path}: {error.strerror or error}"
        if not path.is_file():
            return f"{path} is not a file."
        mime = media_api.mime_type(path)
        if limits.supported_mime_types and mime not in limits.supported_mime_types:
            return f"The server does not take {mime} files ({path.name})."
        limit = limits.size_limit(mime)
        if limit and size > limit:
            return (
                f"{path.name} is {size / 1e6:.1f} MB; the server takes up to {limit / 1e6:.1f} MB."
            )
        self.draft.media.append(
            MediaDraft(path=str(path), description=description, kind=mime.split("/")[0])
        )
        self._show_attachments()
        self._changed()
        if description:
            self.status.say(f"Attached {path.name}")
        else:
            self.status.say(
                f"Attached {path.name} without a description: select it and press enter to add one"
            )
        return ""

    def action_external_editor(self) -> None:
        """Write the text in $VISUAL or $EDITOR, then read it back."""
        # A priority binding runs before the focused field has handled the keys typed just
        # before it; queue behind them, so the editor gets every character.
        (self.focused or self).call_later(self._run_editor)

    def _run_editor(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or shutil.which("vi")
        if not command:
            self.status.say("Set $VISUAL or $EDITOR to write in your own editor.", error=True)
            return
        self.save_draft()
        fd, name = tempfile.mkstemp(prefix="tuiclient-post-", suffix=".txt")  # mode 0600
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.text_area.text)
            try:
                with self.app.suspend():
                    result = subprocess.run([*shlex.split(command), str(path)], check=False)
            except SuspendNotSupported:
                self.status.say("This terminal cannot hand over to an editor.", error=True)
                return
            except OSError as error:
                self.status.say(f"Could not start {command!r}: {error.strerror}", error=True)
                return
            text = path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)
        if result.returncode != 0:
            self.status.say(f"The editor exited with status {result.returncode}; text unchanged.")
            return
        # Editors end files with a newline the user did not mean to post.
        self.text_area.load_text(text[:-1] if text.endswith("\n") else text)
        self.text_area.focus()
        self.save_draft()
        self.status.say("Text from the editor")

    def action_close(self) -> None:
        """Close; the draft stays (unless there is nothing in it)."""
        if self.sending and not self._close_requested:
            self._close_requested = True
            self.status.say(
                "Still sending. esc again closes anyway: the post goes on in the background "
                "and stays in your drafts until the server has it."
            )
            return
        if not self.sending and not self.save_draft() and not self._close_requested:
            # Closing now would lose the text: say so, and close only on a second esc.
            self._close_requested = True
            self.status.say(
                f"The draft could not be saved ({self._save_failed}): closing now would lose "
                "it. Free some space, then esc saves and closes (if it still cannot save, that "
                "esc closes without it).",
                error=True,
            )
            return
        if self._saved and not self._save_failed:
            self.notify("Draft kept (d lists your drafts)", timeout=3)
        self._open = False
        self.dismiss(None)

    def _keep_draft(self) -> None:
        """Save the draft, from the widgets while the screen is open."""
        if self._open:
            self.save_draft()
            return
        try:
            self.store.save(self.draft)
        except OSError as error:
            log.warning("could not save draft %s: %s", self.draft.id, error)

    # -- sending -----------------------------------------------------------

    def problem(self) -> str:
        """Why the post cannot be sent as it is ("" when it can)."""
        self._collect()
        draft = self.draft
        limits = self.info.limits
        poll = draft.poll
        if draft.is_empty:
            return "Write something first (or add media or a poll)."
        length = self._length()
        if length > limits.max_characters:
            return (
                f"Too long: {length} characters, and the server takes {limits.max_characters}. "
                f"Remove {length - limits.max_characters}."
            )
        if not draft.text.strip() and not draft.media and poll is None:
            return "A content warning needs a post under it."
        if draft.language and not LANGUAGE.fullmatch(draft.language):
            return "Language must be a 2- or 3-letter code such as en, de or fr (or empty)."
        if poll is not None:
            options = poll.filled_options
            if len(options) < 2:
                return "A poll needs at least 2 options (or ctrl+o to remove it)."
            if len(options) > limits.poll_max_options:
                return f"The server takes at most {limits.poll_max_options} poll options."
            if len(set(options)) != len(options):
                return "Two poll options are the same."
        if len(draft.media) > limits.max_media_attachments:
            return f"The server takes at most {limits.max_media_attachments} attachments."
        return ""

    def action_send(self) -> None:
        """Send the post (or the edit); on failure, keep everything and say why."""
        if self.sending:
            self.status.say("Already sending…")
            return
        problem = self.problem()
        if problem:
            self.status.say(f"Not sent: {problem}", error=True)
            self.notify(problem, severity="warning", timeout=5)
            return
        draft = self.draft
        check_replay = bool(draft.unconfirmed) and draft.unconfirmed != draft.fingerprint()
        # On disk before the request: a crash now still has the text and the same key.
        self._saved = True
        self.save_draft()
        self.sending = True
        self._close_requested = False
        self._set_form_enabled(False)
        self.status.say("Sending…")
        self._send(copy.deepcopy(draft), check_replay)

    def _set_form_enabled(self, enabled: bool) -> None:
        self.query_one("#form").disabled = not enabled
        if enabled:
            self.text_area.focus()

    def _progress(self, message: str) -> None:
        if self.sending:
            self.status.say(message)

    @work(thread=True, exclusive=True, group="compose-send", exit_on_error=False)
    def _send(self, draft: Draft, check_replay: bool) -> None:
        call = self.app.call_from_thread
        try:
            media_ids = self._upload_media(draft)
            if draft.edit_id:
                sent = self._send_edit(draft)
            else:
                status = statuses.post(
                    self.session.api,
                    draft.text,
                    idempotency_key=draft.idempotency_key,
                    in_reply_to_id=draft.in_reply_to_id or None,
                    media_ids=media_ids,
                    sensitive=draft.sensitive,
                    visibility=draft.visibility or None,
                    spoiler_text=draft.spoiler_text or None,
                    language=draft.language or None,
                    poll_options=draft.poll.filled_options if draft.poll else (),
                    poll_expires_in=draft.poll.expires_in if draft.poll else 86400,
                    poll_multiple=draft.poll.multiple if draft.poll else False,
                    quoted_status_id=draft.quoted_status_id or None,
                )
                sent = Sent(status, self._was_replayed(draft, status) if check_replay else False)
        except ApiError as error:
            call(self._send_failed, draft, error)
        except Exception as error:  # noqa: BLE001 - the draft is safe; say what happened
            log.exception("sending draft %s failed", draft.id)
            call(self._send_failed, draft, ApiError(f"Unexpected error: {type(error).__name__}"))
        else:
            call(self._sent, sent)

    def _upload_media(self, draft: Draft) -> list[str]:
        """Upload what is not on the server yet; each upload is saved in the draft at once."""
        api = self.session.api
        ids = []
        for index, media in enumerate(draft.media):
            if not media.media_id:
                self.app.call_from_thread(
                    self._progress, f"Uploading {media.name} ({index + 1} of {len(draft.media)})…"
                )
                uploaded = media_api.upload(api, Path(media.path), media.description)
                media.media_id = str(uploaded["id"])
                media.uploaded_description = media.description
                self.app.call_from_thread(self._uploaded, media)
            elif media.description != media.uploaded_description and not draft.edit_id:
                media_api.update_description(api, media.media_id, media.description)
                media.uploaded_description = media.description
                self.app.call_from_thread(self._uploaded, media)
            ids.append(media.media_id)
        return ids

    def _uploaded(self, uploaded: MediaDraft) -> None:
        """Remember an upload in the draft on disk, so a retry does not upload it again."""
        for media in self.draft.media:
            if media.path == uploaded.path and media.media_id in ("", uploaded.media_id):
                media.media_id = uploaded.media_id
                media.uploaded_description = uploaded.uploaded_description
                break
        try:
            self.store.save(self.draft)
        except OSError as error:
            log.warning("could not save draft %s: %s", self.draft.id, error)
        if self.is_mounted:
            self._show_attachments()

    def _send_edit(self, draft: Draft) -> Sent:
        api = self.session.api
        poll = draft.poll
        if (
            poll is not None
            and [*poll.filled_options, f"multiple={poll.multiple}"] == draft.poll_before
        ):
            poll = None  # unchanged: sending it again would reset its votes
        status = statuses.edit(
            api,
            draft.edit_id,
            draft.text,
            spoiler_text=draft.spoiler_text,
            sensitive=draft.sensitive,
            media=[(m.media_id, m.description) for m in draft.media],
            poll_options=poll.filled_options if poll else (),
            poll_expires_in=poll.expires_in if poll else 86400,
            poll_multiple=poll.multiple if poll else False,
        )
        problems = []
        # Servers without `media_attributes` (before Mastodon 4.1) keep the old alt text;
        # for those, change it on the attachment itself.
        by_id = {str(m["id"]): m for m in status.get("media_attachments") or ()}
        for media in draft.media:
            shown = by_id.get(media.media_id)
            if shown is not None and (shown.get("description") or "") != media.description:
                try:
                    media_api.update_description(api, media.media_id, media.description)
                except ApiError as error:
                    problems.append(f"the description of {media.name} ({error.message})")
        if problems:
            return Sent(status, problems=tuple(problems))
        return Sent(statuses.get(api, str(status["id"])) if by_id else status)

    def _was_replayed(self, draft: Draft, status: Status) -> bool:
        """Whether the server answered with an earlier attempt (its text differs)."""
        try:
            source = statuses.source(self.session.api, str(status["id"]))
        except ApiError:
            return False  # cannot tell; the post is there
        return (source.get("text") or "") != draft.text or (
            source.get("spoiler_text") or ""
        ) != draft.spoiler_text

    def _sent(self, sent: Sent) -> None:
        self.sending = False
        if sent.replayed:
            # The post is out, with the text of an earlier attempt; the text here is newer.
            self.draft.idempotency_key = Draft().idempotency_key
            self.draft.unconfirmed = ""
            self._keep_draft()
            message = (
                "An earlier attempt had reached the server after all: it is posted with the "
                "earlier text. Your newer text is still here: ctrl+s posts it as another post, "
                "or keep it and edit the published post (e)."
            )
            if self._open:
                self._set_form_enabled(True)
                self.status.say(message, error=True)
            self.notify(message, severity="warning", timeout=10)
            return
        try:
            self.store.delete(self.draft.id)
        except OSError as error:
            log.warning("could not delete posted draft %s: %s", self.draft.id, error)
        self._saved = False
        what = "Edited" if self.editing else "Posted"
        if sent.problems:
            self.notify(
                f"{what}, but the server did not take " + "; ".join(sent.problems),
                severity="warning",
                timeout=8,
            )
        else:
            self.notify(f"{what} as @{self.session.acct}", timeout=3)
        if self._open:
            self._open = False
            self.dismiss(sent.status)

    def _send_failed(self, sent: Draft, error: ApiError) -> None:
        self.sending = False
        # Keep what the worker learnt (uploads) and whether the outcome is unknown.
        if is_ambiguous(error):
            self.draft.unconfirmed = self.draft.unconfirmed or sent.fingerprint()
        else:
            self.draft.unconfirmed = ""
        self._keep_draft()
        log.warning("post not sent (%s): %s", self.session.acct, error.message)
        reason = error.message
        if not self._open:
            self.notify(
                f"Your post was not sent: {reason}. It is in your drafts (d).",
                severity="error",
                timeout=10,
            )
            return
        self._set_form_enabled(True)
        self.status.say(f"Not sent: {reason}. Your text is kept; ctrl+s tries again.", error=True)
        self.notify(f"Not sent: {reason}", severity="error", timeout=6)
