"""The reader's find bar (ctrl+f): type a phrase, every hit is highlighted, Enter and
shift+Enter (or ↓ ↑) go from hit to hit, "3 of 12" says where; Escape closes it and
leaves the reader at the hit, marked (so that v selects from there)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from tui.core.find import find_all
from tui.ui.keys import named
from tui.ui.widgets.article_view import ArticleView


class FindInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = named([
        Binding("enter,down,ctrl+n", "find(1)", "Next hit"),
        Binding("shift+enter,up,ctrl+p", "find(-1)", "Previous hit", show=False),
        Binding("escape", "close", "Close find", tooltip="Close, the reader at the hit (marked: v selects from it)",
                id="find_close"),
    ])

    def action_find(self, step: int) -> None:
        self.parent.step(step)   # the FindBar

    def action_close(self) -> None:
        self.parent.close()


class FindBar(Horizontal):
    """One line under the reader: the phrase and where the current hit is among all."""

    DEFAULT_CSS = """
    FindBar { height: 1; display: none; background: $boost; }
    FindBar.-open { display: block; }
    FindBar > Input { border: none; height: 1; padding: 0 1; width: 1fr; background: $boost; }
    FindBar > Input:focus { border: none; background: $surface-lighten-1; }
    FindBar > Static { width: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, view: ArticleView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view = view
        self.hits: list[tuple[int, int]] = []
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        yield FindInput(placeholder="find in this article (Enter next · shift+Enter previous · Escape)")
        yield Static("", id="find-count")

    def open(self) -> None:
        self.add_class("-open")
        box = self.query_one(FindInput)
        box.focus()
        if box.value:   # opened again: the last phrase, found in what is shown now
            self._search(box.value, self._view.top_offset)

    def close(self) -> None:
        """Closed: the highlights go, the reader stays at the hit, marked."""
        hit = self.hits[self.current] if self.current is not None else None
        self.remove_class("-open")
        self.hits, self.current = [], None
        self._view.set_found([], None)
        if hit is not None:
            self._view.mark(*hit)
        self._view.focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value, self._view.top_offset)

    def _search(self, query: str, after: int) -> None:
        """Every hit of the phrase in the text shown; the current one the first from `after` on."""
        self.hits = [hit for hit in find_all(self._view.text, query) if self._view.is_shown(hit[0])]
        self.current = next((i for i, (start, _) in enumerate(self.hits) if start >= after),
                            0 if self.hits else None)
        self._show(query)

    def step(self, step: int) -> None:
        if not self.hits:
            self.app.bell()
            return
        self.current = ((self.current or 0) + step) % len(self.hits)   # round, as vim's wrapscan
        self._show(self.query_one(FindInput).value)

    def _show(self, query: str) -> None:
        count = self.query_one("#find-count", Static)
        if not query.strip():
            count.update("")
        elif not self.hits:
            count.update(Content.styled("no match", "$warning"))
        else:
            count.update(f"{self.current + 1} of {len(self.hits)}")
        self._view.set_found(self.hits, self.current)
