"""The footer, cut to the keys that fit: a narrow terminal drops the palette key, then the
last keys, whole."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey   # not exported; the Footer composes these

# The app lists its keys with Help first, so what is dropped is the tail and "? Help" stays.


class FittingFooter(Footer):
    """A Footer that leaves out the keys past its width instead of cutting the last one in two."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._composed_width = -1

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        room = self.size.width or self.app.size.width
        self._composed_width = room
        palette = [w for w in widgets if w.has_class("-command-palette")]
        keys = [w for w in widgets if w not in palette]
        if sum(map(key_width, widgets)) > room:
            palette = []   # too narrow for all: the keys first ("? Help" names ctrl+p too)
        room -= sum(map(key_width, palette))
        for widget in keys:
            room -= key_width(widget)
            if room < 0:
                break
            yield widget
        yield from palette

    def on_resize(self) -> None:
        if self.size.width != self._composed_width:
            self.refresh(recompose=True)

    def watch_show_command_palette(self) -> None:
        # Footer leaves the palette key in until its bindings change; the app turns it off when narrow.
        self.refresh(recompose=True)


def key_width(widget: Widget) -> int:
    """The cells a footer key takes in compact mode: "k Desc" and a space."""
    if isinstance(widget, FooterKey):
        return len(widget.key_display) + (len(widget.description) + 1 if widget.description else 0) + 1
    return 12   # a label or group: a guess on the safe side
