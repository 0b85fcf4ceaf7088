"""Turning one line of Content into a Strip, for the line-API widgets."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


def content_strip(widget: Widget, content: Content, width: int, base: Style) -> Strip:
    """One line of content on the base style, padded or cropped to width.

    A span style may name one of the widget's component classes (".article-view--person")
    or be a Style carrying an @click action; both survive into the segments.
    """

    def resolve(style: str | Style) -> Style:
        if isinstance(style, Style):
            return style
        if style.startswith("."):
            return widget.get_visual_style(style[1:], partial=True)
        return Style.parse(style)

    segments = [Segment(text, (base + style).rich_style)
                for text, style in content.render(Style.null(), end="", parse_style=resolve)]
    return Strip(segments).crop_extend(0, width, base.rich_style)
