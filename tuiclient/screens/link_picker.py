"""`LinkPicker`: the links and media of a post, opened or copied without tracking."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from tuiclient.links import clean_url
from tuiclient.screens.pickers import ChoiceScreen


class LinkPicker(ChoiceScreen):
    """Lists a post's addresses (already cleaned); dismisses with `open:URL` or `copy:URL`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy link", id="links.copy"),
    ]

    def __init__(self, urls: tuple[str, ...]) -> None:
        cleaned = list(dict.fromkeys(clean_url(url) for url in urls))
        super().__init__(
            "Links (enter opens in the browser, c copies)", [(url, url) for url in cleaned]
        )

    def chosen(self, key: str | None) -> str:
        """Enter opens the link."""
        return f"open:{key}"

    def action_copy(self) -> None:
        """Copy the highlighted link."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(f"copy:{options.get_option_at_index(options.highlighted).id}")
