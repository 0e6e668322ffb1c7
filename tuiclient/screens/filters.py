"""`FilterScreen`: the user's local filter rules, listed and edited in the app.

The screen edits a copy of the rules and, when closed, hands back the new list (or None
when nothing changed); the caller saves it and re-filters the open timelines. One rule is
edited in a `RuleForm`, which refuses a rule that cannot work (a bad regular expression,
an account that is not `user@host`...) with the reason, and saves nothing until it can.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from tuiclient.filters import (
    ACTION_LABELS,
    KINDS,
    TIMELINE_SCOPES,
    FilterRule,
    RuleError,
    RuleKind,
    new_rule_id,
)
from tuiclient.screens.confirm import ConfirmScreen
from tuiclient.widgets.chrome.footer import Footer
from tuiclient.widgets.lists import PickTable, TickList
from tuiclient.widgets.scrolling import TextScroll

ALL_TIMELINES = "all timelines"
ALL_ACCOUNTS = "all accounts"
_CELL_CHARS = 32


def _cell(text: str) -> Text:
    # Rich Text, not str: a DataTable reads a str cell as markup, and rule values are
    # whatever the user (or a hand-edited config file) put there.
    one_line = " ".join(text.split())
    return Text(one_line if len(one_line) <= _CELL_CHARS else one_line[: _CELL_CHARS - 1] + "…")


def _problem(rule: FilterRule) -> str:
    try:
        rule.validate()
    except RuleError as error:
        return error.message
    return ""


class FilterScreen(ModalScreen[list[FilterRule] | None]):
    """The rule list: add, edit, switch on or off, delete. Dismisses with the new list.

    `accounts` are the user's `user@host` names (offered as account scopes); `timelines`
    adds named timelines to the scopes offered, e.g. `{"list:42": "List: Work"}`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,insert", "add", "Add", id="filters.add"),
        Binding("e", "edit", "Edit", id="filters.edit"),
        Binding("space,t", "toggle_enabled", "On/off", id="filters.toggle"),
        Binding("d,delete", "delete", "Delete", id="filters.delete"),
        Binding("escape", "close", "Done", id="filters.close"),
    ]

    DEFAULT_CSS = """
    FilterScreen {
        align: center middle;
    }
    FilterScreen > #filters {
        width: 90%;
        max-width: 140;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    FilterScreen #rules {
        height: auto;
        max-height: 30;
    }
    FilterScreen #about {
        color: $text-muted;
        height: auto;
    }
    FilterScreen #empty {
        color: $text-muted;
        padding: 1 0;
    }
    FilterScreen #problem {
        color: $text-error;
        height: auto;
    }
    """

    def __init__(
        self,
        rules: Sequence[FilterRule],
        *,
        accounts: Sequence[str] = (),
        timelines: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.rules: list[FilterRule] = list(rules)
        self.accounts = list(accounts)
        self.timelines = dict(timelines or {})
        self.changed = False

    def compose(self) -> ComposeResult:
        """Where the rules live and their keys, the table of rules, and a line for a broken
        rule's problem."""
        with Vertical(id="filters") as box:
            box.border_title = "Filters"
            # In the box, not its border: a border's text is cut short on a narrow terminal.
            yield Static(
                "Kept on this device, never sent to the server. "
                "n adds, e or enter edits, space turns on or off, d deletes, esc closes.",
                id="about",
                markup=False,
            )
            table: DataTable[Text] = PickTable(id="rules", cursor_type="row", zebra_stripes=True)
            table.add_columns("On", "Name", "Kind", "Value", "Action", "Timelines", "Account")
            yield table
            yield Static("No filters yet: press n to add one.", id="empty", markup=False)
            yield Static("", id="problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        self._show(0)

    @property
    def table(self) -> DataTable[Text]:
        """The rule table."""
        return self.query_one("#rules", DataTable)

    def _show(self, select: int) -> None:
        table = self.table
        table.clear()
        for rule in self.rules:
            mark = "!" if _problem(rule) else ("●" if rule.enabled else "○")
            info = KINDS.get(rule.kind)
            table.add_row(
                Text(mark),
                _cell(rule.name or "—"),
                _cell(info.label if info else str(rule.kind)),
                _cell(rule.value),
                Text(rule.action),
                _cell(", ".join(rule.timelines) or ALL_TIMELINES),
                _cell(rule.account or ALL_ACCOUNTS),
            )
        self.query_one("#empty").display = not self.rules
        table.display = bool(self.rules)
        if self.rules:
            table.move_cursor(row=max(0, min(select, len(self.rules) - 1)))
            table.focus()
        self._say_problem()

    def _say_problem(self) -> None:
        rule = self.selected
        problem = _problem(rule) if rule is not None else ""
        self.query_one("#problem", Static).update(
            f"This rule is not used: {problem}" if problem else ""
        )

    @property
    def selected(self) -> FilterRule | None:
        """The rule under the cursor."""
        row = self.table.cursor_row
        return self.rules[row] if self.rules and 0 <= row < len(self.rules) else None

    def _form(self, rule: FilterRule | None) -> RuleForm:
        return RuleForm(rule, accounts=self.accounts, timelines=self.timelines)

    def action_add(self) -> None:
        """Write a new rule."""

        def added(rule: FilterRule | None) -> None:
            if rule is not None:
                self.rules.append(rule)
                self.changed = True
                self._show(len(self.rules) - 1)

        self.app.push_screen(self._form(None), added)

    def action_edit(self) -> None:
        """Change the selected rule."""
        rule = self.selected
        if rule is None:
            return
        index = self.rules.index(rule)

        def edited(new: FilterRule | None) -> None:
            if new is not None and new != rule:
                self.rules[index] = new
                self.changed = True
            self._show(index)

        self.app.push_screen(self._form(rule), edited)

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        """Enter on a rule edits it."""
        self.action_edit()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        """Say what is wrong with the rule under the cursor, if anything."""
        self._say_problem()

    def action_toggle_enabled(self) -> None:
        """Switch the selected rule on or off."""
        rule = self.selected
        if rule is None:
            return
        index = self.rules.index(rule)
        self.rules[index] = replace(rule, enabled=not rule.enabled)
        self.changed = True
        self._show(index)

    def action_delete(self) -> None:
        """Delete the selected rule, after asking."""
        rule = self.selected
        if rule is None:
            return
        index = self.rules.index(rule)

        def answered(yes: bool | None) -> None:
            if yes:
                del self.rules[index]
                self.changed = True
                self._show(index)

        self.app.push_screen(
            ConfirmScreen(f"Delete the filter {rule.label!r}?", yes="Delete"),
            answered,
        )

    def action_close(self) -> None:
        """Close, handing back the rules if anything changed."""
        self.dismiss(list(self.rules) if self.changed else None)


class RuleForm(ModalScreen[FilterRule | None]):
    """One rule's fields. Dismisses with the checked rule, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="rule_form.save"),
        Binding("escape", "cancel", "Cancel", id="rule_form.cancel"),
    ]

    DEFAULT_CSS = """
    RuleForm {
        align: center middle;
    }
    RuleForm > TextScroll {
        width: 96;
        max-width: 100%;
        max-height: 100%;
        height: auto;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    RuleForm Grid {
        grid-size: 2;
        grid-columns: 16 1fr;
        grid-rows: auto;
        height: auto;
    }
    RuleForm Label {
        color: $text-muted;
        padding: 1 0 0 0;
    }
    RuleForm #timelines {
        height: auto;
        max-height: 9;
    }
    RuleForm #problem {
        color: $text-error;
        height: auto;
    }
    RuleForm Horizontal {
        height: auto;
        align-horizontal: right;
    }
    RuleForm Button {
        margin-left: 2;
    }
    """

    _FIELDS: ClassVar[dict[str, str]] = {
        "kind": "#kind",
        "value": "#value",
        "action": "#action",
        "timelines": "#timelines",
        "account": "#account",
    }

    def __init__(
        self,
        rule: FilterRule | None,
        *,
        accounts: Sequence[str] = (),
        timelines: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.rule = rule or FilterRule(id=new_rule_id(), name="", kind="keyword")
        self.is_new = rule is None
        self.accounts = list(accounts)
        if self.rule.account and self.rule.account not in self.accounts:
            self.accounts.append(self.rule.account)  # from the config, not logged in now
        scopes = {**TIMELINE_SCOPES, **(timelines or {})}
        for timeline in self.rule.timelines:
            scopes.setdefault(timeline, timeline)
        self.scopes = scopes

    def compose(self) -> ComposeResult:
        """The fields, a line for what is wrong, and the buttons."""
        rule = self.rule
        with TextScroll() as box:
            box.border_title = "New filter" if self.is_new else f"Filter {rule.label!r}"
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid():
                yield Label("Filter")
                yield Select(
                    [(info.label, kind) for kind, info in KINDS.items()],
                    value=rule.kind,
                    allow_blank=False,
                    id="kind",
                )
                yield Label("Value")
                yield Input(rule.value, id="value")
                yield Label("Then")
                yield Select(
                    [(label, action) for action, label in ACTION_LABELS.items()],
                    value=rule.action,
                    allow_blank=False,
                    id="action",
                )
                yield Label("Timelines\n(none: all)")
                yield TickList[str](
                    *[
                        (Content(label), timeline, timeline in rule.timelines)
                        for timeline, label in self.scopes.items()
                    ],
                    id="timelines",
                )
                yield Label("For")
                yield Select(
                    [("All my accounts", ""), *[(f"@{acct}", acct) for acct in self.accounts]],
                    value=rule.account,
                    allow_blank=False,
                    id="account",
                )
                yield Label("Name")
                yield Input(rule.name, placeholder="optional: shown on a collapsed post", id="name")
                yield Label("")
                yield Checkbox("Enabled", rule.enabled, id="enabled")
            yield Static("", id="problem", markup=False)
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Fit the value field to the kind, and start on the kind."""
        self._fit_value_to_kind(self.rule.kind)
        self.query_one("#kind", Select).focus()

    def _fit_value_to_kind(self, kind: RuleKind) -> None:
        info = KINDS[kind]
        value = self.query_one("#value", Input)
        value.placeholder = info.hint if info.value != "none" else "(no value needed)"
        value.disabled = info.value == "none"

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new kind: say what its value looks like."""
        if event.select.id == "kind" and event.value in KINDS:
            self._fit_value_to_kind(event.value)
        self._say("")

    def on_input_changed(self, _: Input.Changed) -> None:
        """Editing clears the last complaint."""
        self._say("")

    def _say(self, text: str) -> None:
        self.query_one("#problem", Static).update(text)

    def _read(self) -> FilterRule:
        kind = self.query_one("#kind", Select).value
        action = self.query_one("#action", Select).value
        account = self.query_one("#account", Select).value
        chosen = set(self.query_one("#timelines", SelectionList).selected)
        return FilterRule(
            id=self.rule.id,
            name=self.query_one("#name", Input).value,
            kind=kind if isinstance(kind, str) and kind in KINDS else self.rule.kind,
            value=self.query_one("#value", Input).value,
            enabled=self.query_one("#enabled", Checkbox).value,
            action=action if action in ACTION_LABELS else self.rule.action,
            # In the order offered, so the same choice always reads the same.
            timelines=tuple(t for t in self.scopes if t in chosen),
            account=account if isinstance(account, str) else "",
        )

    def action_save(self) -> None:
        """Check the rule; save it if it can work, else say why and keep the form open."""
        try:
            rule = self._read().validate()
        except RuleError as error:
            self._say(error.message)
            self.query_one(self._FIELDS.get(error.field, "#value")).focus()
            return
        self.dismiss(rule)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel with the mouse."""
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
