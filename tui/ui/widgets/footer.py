"""The footer: the main keys of whatever has the focus, drawn as one line of text.

Textual's Footer mounts a widget per key, and mounts them all again whenever the focus
moves: a quarter of the first frame's work, and again on every Tab. This draws the same
keys in one widget that only repaints. Whole keys only: a narrow terminal drops the
palette key, then the last keys; "? Help" (drawn first) and "q Quit" (drawn last) stay.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
HOVER_STYLE = "on $block-hover-background"


class Key(NamedTuple):
    key: str          # what pressing it simulates
    display: str      # how it is shown: "?", "^p"
    description: str
    tooltip: str
    enabled: bool

    @property
    def width(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.description)


class KeyBar(Widget, can_focus=False):
    """The footer's keys; hover shows a key's tooltip, a click presses it."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        &:hover { pointer: pointer; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, Key]] = []   # cells each drawn key covers, from the last render
        self._hover: Key | None = None
        # The keys to draw, worked out when the bindings change: screen.active_bindings walks
        # the focus chain and asks check_action of every binding, too slow for every repaint.
        self._keys: tuple[list[Key], Key | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        # Focus moves often change nothing here (pane to pane with the same keys): no repaint then.
        if (keys := self.keys()) != self._keys:
            self._keys = keys
            self.refresh()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def keys(self) -> tuple[list[Key], Key | None]:
        """The keys to show, one per action in binding order, and the palette's key."""
        app = self.app
        shown: dict[str, Key] = {}
        palette = None
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            entry = Key(binding.key, app.get_key_display(binding), binding.description,
                        tooltip or binding.tooltip or binding.description, enabled)
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show:
                shown.setdefault(binding.action, entry)
        # "? Help" first, so that it is the last key a narrow footer drops.
        return sorted(shown.values(), key=lambda k: k.key != "question_mark"), palette

    def render(self) -> Content:
        width = self.size.width
        if self._keys is None:
            self._keys = self.keys()
        keys, palette = fitting(*self._keys, width)
        parts: list[Content | tuple[str, str] | str] = []
        self._spans = []
        x = 0
        for key in keys:
            parts.append(self._key(key))
            self._spans.append((x, x + key.width, key))
            x += key.width
            parts.append(" ")
            x += 1
        if palette is not None:
            parts.append(" " * (width - palette.width - 1 - x))
            parts.append(("▏", "$foreground 20%"))
            self._spans.append((width - palette.width, width, palette))
            parts.append(self._key(palette))
        return Content.assemble(*parts)

    def _key(self, key: Key) -> Content:
        part = Content.assemble((key.display, KEY_STYLE), (" " + key.description, DESCRIPTION_STYLE))
        if not key.enabled:
            part = part.stylize("dim")
        if key == self._hover:
            part = part.stylize(HOVER_STYLE)
        return part

    def key_at(self, x: int) -> Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


KEPT = ("question_mark", "q")   # "? Help" and "q Quit" stay however narrow the footer


def fitting(keys: list[Key], palette: Key | None, width: int) -> tuple[list[Key], Key | None]:
    """The keys that fit whole in width cells, and the palette key if it fits after all of
    them. The less needed go first, from the end; "? Help" and "q Quit" go last."""
    needed = sum(key.width + 1 for key in keys)
    if palette is None or needed + 1 + palette.width > width:   # 1: the bar before it
        palette = None
    else:
        width -= palette.width + 1
    used = sum(key.width + 1 for key in keys if key.key in KEPT)
    shown = []
    for key in keys:
        if key.key not in KEPT:
            used += key.width + 1
            if used > width + 1:   # the last key needs no space after it
                break
        shown.append(key)
    quit_key = [k for k in keys if k.key == "q"]
    return [k for k in shown if k.key != "q"] + quit_key, palette
