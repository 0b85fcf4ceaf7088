"""The article list: a line-API table that draws only the rows on screen.

OptionList and DataTable build every row up front (about 1-2 s for 10,000
articles here); this renders a row when it scrolls into view, so the list
costs the same for five articles or ten thousand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.views import ArticleRow
from tui.ui.counts import count_of
from tui.ui.keys import named
from tui.ui.widgets._lines import content_strip

ROW_HEIGHT = 2  # title, then outlet · date · counts


def _fit(text: str, width: int) -> str:
    """Text cut to width with an ellipsis, padded with spaces."""
    if width <= 0:
        return ""
    text = " ".join(text.split())
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)


class ArticleTable(ScrollView, can_focus=True):
    """Two lines per article and a row cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--cursor", "article-table--current",
        "article-table--unreviewed", "article-table--reviewed", "article-table--dim",
    }
    BINDINGS: ClassVar[list[BindingType]] = named([
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False),
        Binding("home,g", "move(-1000000000)", "First", show=False),
        Binding("end,G", "move(1000000000)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ])
    DEFAULT_CSS = """
    ArticleTable { height: 1fr; }
    ArticleTable > .article-table--cursor { background: $block-cursor-blurred-background; }
    ArticleTable:focus > .article-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ArticleTable > .article-table--current { text-style: bold; }
    ArticleTable > .article-table--unreviewed { color: $warning; }
    ArticleTable > .article-table--reviewed { color: $success; }
    ArticleTable > .article-table--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)

    class Highlighted(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, rows: Iterable[ArticleRow] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[ArticleRow] = list(rows)
        self._index: dict[str, int] = {row.id: i for i, row in enumerate(self._rows)}
        self._current: str | None = None
        self._cache: LRUCache[tuple, Strip] = LRUCache(256)

    # --- data ---------------------------------------------------------------
    @property
    def rows(self) -> list[ArticleRow]:
        return self._rows

    @property
    def highlighted(self) -> str | None:
        return self._rows[self.cursor].id if self._rows else None

    def set_rows(self, rows: list[ArticleRow]) -> None:
        """Show these rows, keeping the cursor on the same article when it is still there."""
        keep = self.highlighted
        self._rows = rows
        self._index = {row.id: i for i, row in enumerate(rows)}
        self._cache.clear()
        self.virtual_size = self._content_size()
        self.set_reactive(ArticleTable.cursor, min(self._index.get(keep, 0), max(0, len(rows) - 1)))
        self._scroll_cursor_visible()
        self.refresh()

    def set_current(self, article_id: str | None) -> None:
        """Mark the article open in the reader."""
        self._current = article_id
        self._cache.clear()
        self.refresh()

    def move_to(self, article_id: str) -> bool:
        """Put the cursor on an article; False when it is filtered out."""
        if article_id not in self._index:
            return False
        self.cursor = self._index[article_id]
        return True

    # --- cursor -------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self._scroll_cursor_visible()
        self.refresh()
        if self._rows and old != new:
            self.post_message(self.Highlighted(self._rows[new].id))

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        first, last = self.cursor * ROW_HEIGHT, self.cursor * ROW_HEIGHT + ROW_HEIGHT - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.cursor += delta * count_of(self.app)   # 5j: five rows down

    def action_half_page(self, direction: int) -> None:
        """ctrl+d / ctrl+u: half a screen of rows, as in vim and less."""
        self.cursor += direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT // 2)

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self._rows[self.cursor].id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (round(self.scroll_y) + offset.y) // ROW_HEIGHT
        if 0 <= row < len(self._rows):
            self.cursor = row
            self.action_select()

    def _content_size(self) -> Size:
        # No width: the rows are cut to the pane's width, never scrolled sideways; and so a
        # resize does not change it (changing it lays out the screen again, before the first frame too).
        return Size(0, len(self._rows) * ROW_HEIGHT)

    def on_mount(self) -> None:
        self.virtual_size = self._content_size()

    def notify_style_update(self) -> None:
        """A theme switch (or any CSS change): the cached rows hold the old colours."""
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    # --- drawing ------------------------------------------------------------
    def _row_lines(self, row: ArticleRow, width: int) -> tuple[Content, Content]:
        """Line 1: review mark and title; line 2: outlet, date, counts and review progress."""
        if not row.annotated:
            mark, mark_style = " ", ""
        elif row.unreviewed:
            mark, mark_style = "●", ".article-table--unreviewed"
        else:
            mark, mark_style = "✓", ".article-table--reviewed"
        title = Content.assemble((mark, mark_style), " ", (_fit(row.title, width - 2),
                                 ".article-table--current" if row.id == self._current else ""))
        facts = [x for x in (row.outlet, row.published) if x]
        if row.annotated:
            facts.append(f"{row.people} {'person' if row.people == 1 else 'people'}")
            facts.append(f"{row.meetings} mtg")
            if row.total:
                facts.append(f"{row.reviewed}/{row.total} reviewed")
        else:
            facts.append("not annotated")
        return title, Content.styled("  " + _fit(" · ".join(facts), width - 2), ".article-table--dim")

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        index, second = divmod(line, ROW_HEIGHT)
        key = (line, width, index == self.cursor, self.has_focus, self._current)
        if (strip := self._cache.get(key)) is not None:
            return strip
        base = self.get_visual_style()
        if index >= len(self._rows):
            strip = Strip.blank(width, base.rich_style)
        else:
            content = self._row_lines(self._rows[index], width)[second]
            if index == self.cursor:
                content = content.extend_right(max(0, width - content.cell_length))
                content = content.stylize(".article-table--cursor", 0, len(content))
            strip = content_strip(self, content, width, base)
        self._cache[key] = strip
        return strip
