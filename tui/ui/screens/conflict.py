"""A file changed on disk and clashes with the app's edits: choose, per clash, whose
version stays. Nothing is written to the file until this is answered."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.sync import Conflict, describe


class ConflictScreen(ModalScreen[set[str] | None]):
    """Returns the clash keys where the disk's version wins (None: decide later)."""

    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "side('ours')", "Mine"),
        Binding("t", "side('theirs')", "Theirs"),
        Binding("M", "all('ours')", "All mine"),
        Binding("T", "all('theirs')", "All theirs"),
        Binding("ctrl+s", "done", "Apply"),
        Binding("escape", "dismiss(None)", "Later"),
    ]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict
        self.theirs: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"{self.conflict.path.name} changed on disk and clashes with your edits",
                         classes="dialog-title")
            yield OptionList(id="conflict-body")
            yield Static("m keep mine · t take the file's · M / T for all · ctrl+s apply · "
                         "Escape decide later (the file stays as it is, edits to it wait)", classes="dialog-help")

    def on_mount(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        listing = self.query_one(OptionList)
        keep = listing.highlighted or 0
        options = []
        for clash in self.conflict.clashes:
            theirs = clash.key in self.theirs
            options.append(Option(Content.assemble(
                (clash.key, "bold"), "\n",
                ("  ● " if not theirs else "  ○ ", "$success"), "mine:   ", describe(clash.ours), "\n",
                ("  ● " if theirs else "  ○ ", "$success"), "file's: ", describe(clash.theirs)), id=clash.key))
        listing.set_options(options)
        if options:
            listing.highlighted = min(keep, len(options) - 1)

    def action_side(self, side: str) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        key = self.conflict.clashes[listing.highlighted].key
        (self.theirs.add if side == "theirs" else self.theirs.discard)(key)
        self._refresh()

    def action_all(self, side: str) -> None:
        self.theirs = {c.key for c in self.conflict.clashes} if side == "theirs" else set()
        self._refresh()

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        (self.theirs.discard if key in self.theirs else self.theirs.add)(key)
        self._refresh()

    def action_done(self) -> None:
        self.dismiss(set(self.theirs))


class QuitScreen(ModalScreen[str | None]):
    """Quitting with conflicts left for later: returns "mine", "theirs" or "beside" (None: stay)."""

    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "dismiss('mine')", "Keep mine"),
        Binding("t", "dismiss('theirs')", "Keep the file's"),
        Binding("b", "dismiss('beside')", "Mine beside"),
        Binding("escape", "dismiss(None)", "Stay"),
    ]

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Quit? These files clash with your edits, and nothing is decided yet:",
                         classes="dialog-title")
            yield Static("\n".join(f"  {path}" for path in self.paths))
            yield Static("m keep mine (written over the file) · t keep the file's · b save mine beside the "
                         "file as NAME.mine.yaml, the file stays as it is · Escape do not quit",
                         classes="dialog-help")
