"""Show what an edit will change, then confirm it (y / Enter) or not (n / Escape).

A screen given `swap` (what it does: "keep the other record") also answers "swap" to `s`,
for an edit that can be made the other way round, as a merge can."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool | str]):
    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "dismiss(True)", "Confirm"),
        Binding("n,escape", "dismiss(False)", "Cancel"),
        Binding("s", "swap", "Swap", show=False),
    ]

    def __init__(self, title: str, summary: list[str], details: list[str] | None = None,
                 swap: str | None = None) -> None:
        super().__init__()
        self.swap = swap
        self.title_text = title
        self.summary = summary
        self.details = details or []

    def compose(self) -> ComposeResult:
        lines = [Content.assemble("• ", line) for line in self.summary]
        if self.details:
            lines += [Content(""), Content.styled("every change:", "$text-muted")]
            lines += [Content.styled(f"  {line}", "$text-muted") for line in self.details]
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="preview-body"):
                yield Static(Content("\n").join(lines))
            swap = f" · s: {self.swap}" if self.swap else ""
            yield Static(f"y or Enter: do it (u undoes it){swap} · n or Escape: cancel", classes="dialog-help")

    def action_swap(self) -> None:
        if self.swap:
            self.dismiss("swap")
