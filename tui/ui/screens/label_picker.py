"""Pick an entity label with one key: p PERSON, o ORG, g GPE, … (Escape cancels)."""

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

from tui.core.labels import EXTRACTED_LABELS, LABELS

# The labels an analyst reads for get a letter of their name; the rest follow.
SHORTCUTS: dict[str, str] = {
    "p": "PERSON", "o": "ORG", "g": "GPE", "l": "LOC", "n": "NORP", "f": "FAC", "e": "EVENT", "d": "DATE",
    "r": "PRODUCT", "w": "WORK_OF_ART", "a": "LAW", "u": "LANGUAGE", "t": "TIME", "c": "PERCENT",
    "m": "MONEY", "q": "QUANTITY", "i": "ORDINAL", "k": "CARDINAL",
}
assert sorted(SHORTCUTS.values()) == sorted(LABELS)
KEY_OF = {label: key for key, label in SHORTCUTS.items()}


class LabelPicker(ModalScreen[str | None]):
    """Returns the label chosen, or None."""

    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        def option(label: str) -> Option:
            return Option(Content.assemble((f" {KEY_OF[label]} ", "bold $accent"), f" {label}",
                                           (" (now)" if label == self.current else "", "$text-muted")), id=label)

        # The labels the pipeline extracts (docs/correcting.md) first; the others, rarer, below.
        more = [label for label in LABELS if label not in EXTRACTED_LABELS]
        options = [*map(option, EXTRACTED_LABELS),
                   Option(Content.styled("more labels (not extracted by the pipeline):", "italic $text-muted"),
                          disabled=True),
                   *map(option, more)]
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*options, id="labels")
            yield Static("a letter picks its label · ↑↓ Enter · Escape cancels", classes="dialog-help")

    def on_mount(self) -> None:
        labels = self.query_one(OptionList)
        if self.current in LABELS:
            labels.highlighted = labels.get_option_index(self.current)
        self.on_resize()

    def on_resize(self) -> None:
        # The hint stays on screen: the list scrolls instead. The dialog may take 90% of the
        # height, of which its borders, title and hint with their gaps take 6 rows.
        self.query_one(OptionList).styles.max_height = max(3, min(20, int(self.size.height * 0.9) - 6))

    def on_key(self, event) -> None:
        if event.character and event.character in SHORTCUTS:
            event.stop()
            self.dismiss(SHORTCUTS[event.character])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
