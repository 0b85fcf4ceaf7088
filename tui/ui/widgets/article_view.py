"""The reader: an article's text with its entities highlighted and an entity cursor.

A line-API ScrollView: the text is wrapped once per width into (start, end)
offset ranges, and a line is styled only when it is drawn. So a 10,000-word
article with a thousand entities opens about as fast as plain text, and any
character offset maps to a screen line (to scroll to a mention).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import ClassVar, NamedTuple

from rich._wrap import divide_line
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from tui.ui.counts import count_of
from tui.ui.keys import named
from tui.ui.widgets._lines import content_strip
from tui.ui.widgets.entity_colours import label_style, mark_style


class Highlight(NamedTuple):
    """An entity to colour: its offsets, label and index in the annotation's mentions."""

    start: int
    end: int
    label: str
    mention: int
    who: str = ""   # the person's id, else the folded text: "*" goes to the next of the same



class ArticleView(ScrollView, can_focus=True):
    """Wrapped article text, chrome dimmed, entities coloured, one entity under the cursor."""

    # The scrollbar's column is always kept (the gutter), so that its arrival does not re-wrap
    # the text; the scrollbar itself only comes when there is something to scroll (a ScrollBar
    # widget on an empty reader was a tenth of the first frame's cost).
    DEFAULT_CSS = """
    ArticleView { overflow-y: auto; scrollbar-gutter: stable; }
    """

    # Theme colours, in app.tcss; the labels' own colours are in entity_colours.py.
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-view--chrome", "article-view--cursor", "article-view--found",
                                             "article-view--found-current"}
    BINDINGS: ClassVar[list[BindingType]] = named([
        Binding("n", "entity(1)", "Entity", tooltip="Next entity"),
        Binding("N", "entity(-1)", "Prev entity", tooltip="Previous entity", show=False),
        Binding("right_curly_bracket", "entity_like(1, 'label')", "Next same label",
                tooltip="Next entity with the label of the one under the cursor", show=False, key_display="}"),
        Binding("left_curly_bracket", "entity_like(-1, 'label')", "Prev same label",
                tooltip="Previous entity with the label of the one under the cursor", show=False, key_display="{"),
        Binding("asterisk", "entity_like(1, 'who')", "Next same person",
                tooltip="Next mention of the person under the cursor", show=False, key_display="*"),
        Binding("number_sign", "entity_like(-1, 'who')", "Prev same person",
                tooltip="Previous mention of the person under the cursor", show=False, key_display="#"),
        Binding("enter", "open_cursor", "Open", tooltip="Open the entity under the cursor"),
        Binding("escape", "clear_cursor", "Clear cursor", show=False),
        Binding("ctrl+c", "app.copy_citation", "Copy sentence", show=False,
                tooltip="Copy the sentence at the cursor with its citation (title, outlet, date, id, offset)"),
        Binding("down,j", "scroll_by(1)", "Scroll down", show=False),
        Binding("up,k", "scroll_by(-1)", "Scroll up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ])

    class EntityFocused(Message):
        """The entity cursor moved; mention is None when it was cleared."""

        def __init__(self, mention: int | None) -> None:
            super().__init__()
            self.mention = mention

    class EntityOpened(Message):
        """Enter or a click on an entity."""

        def __init__(self, mention: int) -> None:
            super().__init__()
            self.mention = mention

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._paragraphs: list[tuple[int, int]] = []
        self._chrome: list[tuple[int, int]] = []
        self._highlights: list[Highlight] = []
        self._starts: list[int] = []
        self._mark: tuple[int, int] | None = None
        self._drawn_mark: tuple[int, int] | None = None   # the mark the cached lines show
        self._cursor: int | None = None       # index into _highlights
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrapped_width = -1
        # The text offset the analyst scrolled to: a resize puts it back at the top. Kept
        # apart from scroll_y, which Textual clamps to the new size before on_resize runs,
        # and not updated by the resize's own scrolling, so that resizes never drift.
        self._anchor = 0
        self._keeping = False
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(512)
        self._found: list[tuple[int, int]] = []   # the find bar's hits, and the current one
        self._found_starts: list[int] = []
        self._found_current: int | None = None

    # --- content ------------------------------------------------------------
    def show(self, text: str, paragraphs: list[tuple[int, int]], chrome: list[tuple[int, int]],
             highlights: list[Highlight], *, keep_scroll: bool = False) -> None:
        """Show a text: display paragraphs, chrome ranges to dim, entities sorted by start."""
        cursor_mention = self.cursor_mention if keep_scroll else None
        # Tabs and carriage returns would upset the cell arithmetic; offsets stay the same.
        text = text.replace("\t", " ").replace("\r", " ")
        if text != self._text:   # the find bar's hits were in the old text
            self._found, self._found_starts, self._found_current = [], [], None
        self._text = text
        self._paragraphs = paragraphs
        self._chrome = chrome
        self._highlights = highlights
        self._starts = [h.start for h in highlights]
        self._mark = self._drawn_mark = None
        self._cursor = next((i for i, h in enumerate(highlights) if h.mention == cursor_mention), None)
        self._wrapped_width = -1
        self._rewrap()
        if not keep_scroll:
            self._anchor = 0
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _rewrap(self) -> None:
        """Wrap the paragraphs to the width on screen (not before there is one)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_width:
            return
        self._wrapped_width = width
        lines: list[tuple[int, int]] = []
        text = self._text
        for start, end in self._paragraphs:
            if end <= start:
                lines.append((start, start))
                continue
            cuts = divide_line(text[start:end], width, fold=True)
            points = [start, *(start + c for c in cuts), end]
            lines.extend(zip(points, points[1:]))
        had_lines, self._lines = bool(self._lines), lines
        self._line_starts = [s for s, _ in lines]
        self._cache.clear()
        # No width: lines are wrapped to the view, never scrolled sideways; and an empty view
        # stays the same size, so the first resize does not lay out the screen again.
        self.virtual_size = Size(0, len(lines))
        if lines or had_lines:
            self.refresh()

    def notify_style_update(self) -> None:
        """A theme switch (or any CSS change): the cached lines hold the old colours."""
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._rewrap()
        if not self._lines:
            return
        self._keeping = True
        try:   # the same text at the top after re-wrapping, and the entity cursor in view
            self.show_from(self._anchor)
            if self._cursor is not None:
                self.scroll_to_offset(self._highlights[self._cursor].start)
        finally:
            self._keeping = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._keeping and self.scrollable_content_region.width == self._wrapped_width:
            self._anchor = self.top_offset

    def line_of(self, offset: int) -> int:
        """The wrapped line holding a character offset (the nearest one when it is hidden)."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    # --- entity cursor ------------------------------------------------------
    @property
    def cursor_mention(self) -> int | None:
        return None if self._cursor is None else self._highlights[self._cursor].mention

    @property
    def highlights(self) -> list[Highlight]:
        return self._highlights

    @property
    def marked(self) -> tuple[int, int] | None:
        """The text range shown marked: a link's target, a selection."""
        return self._mark

    @property
    def text(self) -> str:
        return self._text

    def is_shown(self, offset: int) -> bool:
        """Whether the offset is in the text on show (not in hidden page chrome)."""
        i = bisect_right(self._paragraphs, (offset, len(self._text) + 1)) - 1
        return i >= 0 and self._paragraphs[i][0] <= offset < self._paragraphs[i][1]

    def set_found(self, hits: list[tuple[int, int]], current: int | None) -> None:
        """Highlight the find bar's hits, sorted by start, and bring the current one into view."""
        self._found, self._found_starts, self._found_current = hits, [start for start, _ in hits], current
        self._cache.clear()
        self.refresh()
        if current is not None:
            self.scroll_to_offset(hits[current][0])

    @property
    def top_offset(self) -> int:
        """The character offset at the top of the view."""
        top = round(self.scroll_y)
        return self._line_starts[top] if top < len(self._line_starts) else 0

    def mark(self, start: int, end: int) -> None:
        """Mark a range, even one an entity spans exactly (a selection): the cursor goes."""
        self._mark = (start, end)
        self._set_cursor(None, scroll=False)
        self.scroll_to_offset(start)

    def _set_cursor(self, index: int | None, *, scroll: bool = True) -> None:
        old, self._cursor = self._cursor, index
        if self._mark != self._drawn_mark:   # a mark came or went (opening a spot): all lines again
            self._drawn_mark = self._mark
            self._cache.clear()
            self.refresh()
        else:   # only the lines the cursor left and the lines it is on now
            self._redraw_lines_of(old, index)
        if index is not None and scroll:
            self.scroll_to_offset(self._highlights[index].start)
        self.post_message(self.EntityFocused(self.cursor_mention))

    def _redraw_lines_of(self, *highlights: int | None) -> None:
        width = self.scrollable_content_region.width
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height   # lines past it are not on screen
        for index in highlights:
            if index is None:
                continue
            h = self._highlights[index]
            first, last = self.line_of(h.start), self.line_of(max(h.start, h.end - 1))
            for line in range(first, last + 1):
                self._cache.discard((line, width))
            # Only what is on screen; lines off it are drawn afresh when scrolled to.
            first, last = max(first, top), min(last, bottom - 1)
            if first <= last:
                self.refresh_lines(first, last - first + 1)

    def focus_mention(self, mention: int) -> bool:
        """Put the cursor on a mention (by its index in the annotation); False if not shown."""
        for i, h in enumerate(self._highlights):
            if h.mention == mention:
                self._set_cursor(i)
                return True
        return False

    def focus_offset(self, start: int, end: int) -> None:
        """Scroll to a text range: the entity spanning exactly that gets the cursor, else the range is marked."""
        i = bisect_left(self._starts, start)
        while i < len(self._highlights) and self._highlights[i].start == start:
            if self._highlights[i].end == end:
                self._mark = None
                self._set_cursor(i)
                return
            i += 1
        self._mark = (start, end)
        self._set_cursor(None, scroll=False)
        self.scroll_to_offset(start)

    def focus_near(self, start: int, end: int) -> None:
        """After an edit: the cursor on the entity spanning start-end, else (rejected, deleted,
        undone) on the next one, so that the analyst can go on from where they were."""
        self.focus_offset(start, end)
        if self._cursor is None and self._highlights:
            self._mark = None
            self._set_cursor(min(bisect_left(self._starts, start), len(self._highlights) - 1))

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the line with the offset into view, a third of the way down when it was off screen."""
        y = self.line_of(offset)
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if not top <= y < top + height:
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def show_from(self, offset: int) -> None:
        """Scroll so that the line with the offset is the top line. Just after an article
        is drawn its new height may not be laid out yet, and the scroll stops short (at the
        top, on a start that restores the last place): it is taken again after the refresh."""
        y = self.line_of(offset)
        self.scroll_to(y=y, animate=False, immediate=True)
        if self.scroll_y < y:
            self.call_after_refresh(self.scroll_to, y=y, animate=False, immediate=True)

    def action_entity(self, step: int) -> None:
        step *= count_of(self.app)   # 3n: three entities on
        if not self._highlights:
            self.notify("No entities shown in this article.", severity="warning", timeout=2)
            return
        if self._cursor is None:  # start from what is on screen
            index = bisect_left(self._starts, self.top_offset)
            index = min(index, len(self._highlights) - 1) if step > 0 else max(0, index - 1)
        else:
            index = max(0, min(self._cursor + step, len(self._highlights) - 1))   # a count goes as far as it can
            if index == self._cursor:
                where = "last" if step > 0 else "first"
                self.notify(f"That was the {where} entity.", timeout=1.5)
                return
        self._mark = None
        self._set_cursor(index)

    def action_entity_like(self, step: int, field: str) -> None:
        """The next (step 1) or previous entity sharing the cursor's label or person."""
        if self._cursor is None:
            self.action_entity(step)
            return
        want = getattr(self._highlights[self._cursor], field)
        order = range(self._cursor + step, len(self._highlights) if step > 0 else -1, step)
        index = next((i for i in order if getattr(self._highlights[i], field) == want), None)
        if index is None:
            what = want if field == "label" else "mention of them"
            self.notify(f"No {what} {'after' if step > 0 else 'before'} this one.", timeout=1.5)
            return
        self._mark = None
        self._set_cursor(index)

    def action_clear_cursor(self) -> None:
        self._mark = None
        self._set_cursor(None, scroll=False)

    def action_open_cursor(self) -> None:
        if self._cursor is not None:
            self.post_message(self.EntityOpened(self._highlights[self._cursor].mention))
        else:
            self.notify("No entity under the cursor: press n to move to one.", timeout=2)

    def action_open(self, mention: int) -> None:
        """A click on an entity."""
        self.focus_mention(mention)
        self.post_message(self.EntityOpened(mention))

    def action_scroll_by(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines * count_of(self.app), animate=False)

    def action_half_page(self, direction: int) -> None:
        """ctrl+d / ctrl+u, as in vim and less."""
        self.scroll_to(y=self.scroll_y + direction * max(1, self.scrollable_content_region.height // 2),
                       animate=False)

    def action_page(self, direction: int) -> None:
        self.scroll_to(y=self.scroll_y + direction * max(1, self.scrollable_content_region.height - 2),
                       animate=False)

    # --- drawing ------------------------------------------------------------
    def _line_content(self, start: int, end: int, dark: bool) -> Content:
        text = self._text[start:end]
        spans: list[Span] = []
        for lo, hi in self._chrome:
            if lo < end and start < hi:
                spans.append(Span(max(lo, start) - start, min(hi, end) - start, ".article-view--chrome"))
        first = max(0, bisect_left(self._starts, start) - 8)  # a mention may start on an earlier line
        for i in range(first, bisect_left(self._starts, end)):
            h = self._highlights[i]
            if h.end <= start:
                continue
            a, b = max(h.start, start) - start, min(h.end, end) - start
            spans.append(Span(a, b, label_style(h.label, dark)))
            spans.append(Span(a, b, Style.from_meta({"@click": f"open({h.mention})"})))
            if i == self._cursor:
                spans.append(Span(a, b, ".article-view--cursor"))
        first = max(0, bisect_left(self._found_starts, start) - 1)   # a hit may start on the line before
        for i in range(first, bisect_left(self._found_starts, end)):
            lo, hi = self._found[i]
            if lo < end and start < hi:
                spans.append(Span(max(lo, start) - start, min(hi, end) - start,
                                  ".article-view--found-current" if i == self._found_current
                                  else ".article-view--found"))
        if self._mark and self._mark[0] < end and start < self._mark[1]:
            spans.append(Span(max(self._mark[0], start) - start, min(self._mark[1], end) - start,
                              mark_style(dark)))
        return Content(text.rstrip(), spans)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        key = (index, width)
        if (strip := self._cache.get(key)) is not None:
            return strip
        base = self.get_visual_style()
        if index >= len(self._lines):
            strip = Strip.blank(width, base.rich_style)
        else:
            strip = content_strip(self, self._line_content(*self._lines[index], self.app.current_theme.dark),
                                  width, base)
        self._cache[key] = strip
        return strip
