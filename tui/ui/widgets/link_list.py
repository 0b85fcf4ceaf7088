"""An OptionList whose options are links; headings are disabled options."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.ui.messages import Link, OpenLink


def heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $text-accent"), disabled=True)


def link(prompt: Content | str, target: Link) -> Option:
    return Option(prompt, id=target.encode())


class LinkList(OptionList):
    """Enter or a click on an option posts OpenLink."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show(self, options: list[Option]) -> None:
        """Replace the options; the cursor lands on the first link."""
        self.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first
        self.scroll_home(animate=False)

    @on(OptionList.OptionSelected)
    def _follow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenLink(Link.decode(event.option.id)))
