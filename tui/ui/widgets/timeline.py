"""A person's meetings as marks on a date axis."""

from __future__ import annotations

from datetime import date

from textual.content import Content, Span
from textual.widget import Widget

from tui.core.models import Meeting
from tui.core.views import axis_positions, timeline

MARKS = {"held": "●", "planned": "○", "declined": "×"}


class Timeline(Widget):
    """Line 1: the axis with a mark per dated meeting; line 2: first and last date, with the
    legend between them where it fits, else on line 3."""

    DEFAULT_CSS = """
    Timeline { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._meetings: list[tuple[date | None, Meeting]] = []

    def show(self, meetings: list[Meeting]) -> None:
        self._meetings = timeline(meetings)
        self.refresh()

    def render(self) -> Content:
        width = max(10, self.content_region.width)
        dated = [(d, m) for d, m in self._meetings if d is not None]
        undated = len(self._meetings) - len(dated)
        if not dated:
            note = "no dated meetings" + (f" ({undated} undated)" if undated else "")
            return Content.styled(note, "$text-muted")
        columns = axis_positions([d for d, _ in dated], width)
        axis = ["─"] * width
        spans = []
        for column, (_, meeting) in zip(columns, dated):
            axis[column] = MARKS.get(meeting.status, "●")
            spans.append(Span(column, column + 1, "bold $accent" if meeting.status == "held" else "$warning"))
        first, last = dated[0][0].isoformat(), dated[-1][0].isoformat()
        last = "" if first == last else last
        legend = "● held  ○ planned  × declined" + (f"  · {undated} undated" if undated else "")
        middle = width - len(first) - len(last)
        if middle >= len(legend) + 4:   # the legend between the dates: a row more for the list below
            left = (middle - len(legend)) // 2
            under = Content.styled(first + " " * left + legend + " " * (middle - left - len(legend)) + last,
                                   "$text-muted")
        else:
            under = Content.styled(first + last.rjust(width - len(first)), "$text-muted") + "\n" + \
                Content.styled(legend[:width], "$text-muted")
        return Content("".join(axis), spans) + "\n" + under


def article_axis(count: int, width: int) -> str:
    """Article numbers 1..count under the columns Textual's Sparkline draws for each
    (article i has columns c with c * count // width == i); a number that would touch the
    one before is left out. More articles than columns: the ends only."""
    if count <= 0 or width <= 0:
        return ""
    if count > width:
        return ("1" + str(count).rjust(width - 1))[:width]
    axis = [" "] * width
    free = 0   # the first column a number may take
    for i in range(count):
        lo, hi = -(-i * width // count), -(-(i + 1) * width // count)
        label = str(i + 1)
        start = min(max(0, (lo + hi - 1) // 2 - (len(label) - 1) // 2), width - len(label))
        if start >= free:
            axis[start:start + len(label)] = label
            free = start + len(label) + 1
    return "".join(axis)


class ArticleAxis(Widget):
    """The article numbers under the person page's sparkline."""

    DEFAULT_CSS = """
    ArticleAxis { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._count = 0

    def show(self, count: int) -> None:
        self._count = count
        self.refresh()

    def render(self) -> Content:
        return Content(article_axis(self._count, self.content_region.width))
