"""Turning one line of Content into a Strip, for the line-API widgets."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str, under: Style | None = None) -> Style:
    """A component class's own colours and text style, to lay over the text under it.

    Not Widget.get_visual_style(partial=True): that blends the background by
    (1 - alpha), so an opaque background vanishes and a faint one comes out strong.
    An "auto" colour (as in $text-muted) is worked out against the background under it.
    """
    styles = widget.get_component_styles(name)
    has_rule = styles.has_rule
    background = styles.background if has_rule("background") else None
    foreground = styles.color if has_rule("color") else None
    if foreground is not None and has_rule("auto_color") and styles.auto_color:
        under_background = (under or widget.get_visual_style()).background
        if under_background is not None:
            seen = under_background + background if background is not None else under_background
            foreground = seen.get_contrast_text(foreground.a)
    text = styles.text_style  # a Rich style
    return Style(
        background=background,
        foreground=foreground,
        bold=text.bold, dim=text.dim, italic=text.italic, underline=text.underline,
        reverse=text.reverse, strike=text.strike,
    )


def content_strip(widget: Widget, content: Content, width: int, base: Style) -> Strip:
    """One line of content on the base style, padded or cropped to width.

    A span style may name one of the widget's component classes (".article-view--chrome")
    or be a Style (colours, an @click action); both survive into the segments.
    """

    def resolve(style: str | Style) -> Style:
        if isinstance(style, Style):
            return style
        if style.startswith("."):
            return component_style(widget, style[1:], base)
        return Style.parse(style)

    segments = [Segment(text, (base + style).rich_style)
                for text, style in content.render(Style.null(), end="", parse_style=resolve)]
    return Strip(segments).crop_extend(0, width, base.rich_style)
