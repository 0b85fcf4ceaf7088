"""An OptionList whose options are links; headings are disabled options."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.ui.keys import named
from tui.ui.messages import Link, OpenLink


def heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $text-accent"), disabled=True)


def link(prompt: Content | str, target: Link) -> Option:
    return Option(prompt, id=target.encode())


class LinkList(OptionList):
    """Enter or a click on an option posts OpenLink."""

    BINDINGS: ClassVar[list[BindingType]] = named([
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ])

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Bring the highlighted link into view with the headings right above it, so that
        Home or PgUp onto a section's first link does not scroll its heading away.
        (OptionList keeps the line map in private fields; this is its own method, widened.)"""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        first = highlighted
        while first > 0 and self._options[first - 1].disabled:
            first -= 1
        try:
            y, top_y = self._index_to_line[highlighted], self._index_to_line[first]
        except KeyError:
            return
        bottom = y + self._heights[highlighted]
        if bottom - top_y > self.scrollable_content_region.height:   # no room for the headings
            top_y = y
        self.scroll_to_region(Region(0, top_y, self.scrollable_content_region.width, bottom - top_y),
                              force=True, animate=False, top=top, immediate=True)

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
