"""The label legend above the reader: one chip per label, click or press 1-8 to toggle."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from tui.core.labels import EXTRACTED_LABELS
from tui.ui.widgets.entity_colours import label_style


class Legend(Widget):
    """Chips "1 PERSON 12" coloured like the reader's highlights, for the labels in the article.

    Hidden labels stay in the legend, struck out, so that the way back is visible.
    """

    DEFAULT_CSS = """
    Legend { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hidden: frozenset[str] = frozenset()
        self._counts: Counter[str] = Counter()
        self._chrome = "dimmed"
        self.compact = False  # a short screen: one line, counts and the chrome chip dropped if need be

    def show(self, counts: Counter[str], hidden: frozenset[str], chrome: str) -> None:
        self._counts, self._hidden, self._chrome = counts, hidden, chrome
        self.refresh(layout=True)

    def render(self) -> Content:
        width = max(20, self.content_region.width)
        chips = full = self._chips(counts=True)
        if self.compact:   # the first of these that fits on one line
            bare = self._chips(counts=False)
            for chips in (full, full[:-1], bare, bare[:-1]):
                if self._fill(chips, width).plain.count("\n") == 0:
                    break
        return self._fill(chips, width)

    def _chips(self, *, counts: bool) -> list[Content]:
        """One chip per label in use, then the chrome chip last."""
        chips = []
        numbered = {label: str(i) for i, label in enumerate(EXTRACTED_LABELS, 1)}
        labels = list(EXTRACTED_LABELS) + sorted(set(self._counts) - set(EXTRACTED_LABELS))
        for label in labels:
            if not self._counts.get(label) and label not in self._hidden:
                continue  # a label this article does not use would only take room
            key = numbered.get(label, "")
            text = f"{label} {self._counts.get(label, 0)}" if counts else label
            if label in self._hidden:
                style: Style | str = "strike $text-disabled"
            else:
                style = label_style(label, self.app.current_theme.dark)
            click = Style.from_meta({"@click": f"app.toggle_label('{label}')"})
            chips.append(Content.assemble((key, "bold"), " " if key else "", (f" {text} ", style)).stylize(click))
        if not chips:
            chips.append(Content.styled("no entities to show", "$text-muted"))
        chips.append(Content.styled(f"c chrome {self._chrome}", "$text-muted").stylize(
            Style.from_meta({"@click": "app.toggle_chrome"})))
        return chips

    @staticmethod
    def _fill(chips: list[Content], width: int) -> Content:
        """Chips in lines of at most width cells, never breaking a chip."""
        lines: list[Content] = []
        line = Content("")
        for chip in chips:
            if line.cell_length and line.cell_length + 2 + chip.cell_length > width:
                lines.append(line)
                line = Content("")
            line = line + "  " + chip if line.cell_length else chip
        lines.append(line)
        return Content("\n").join(lines)
