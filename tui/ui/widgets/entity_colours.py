"""The colour of each entity label, shared by the reader and its legend.

Opaque points of the xterm 256-colour cube, so that a 256-colour terminal (tmux with
TERM=screen-256color) shows each label in its own colour instead of rounding
translucent tints to one: darker ones on dark themes, pastels on light ones. The text
on them is black or white, whichever reads better.

Kept here rather than as CSS component classes: Textual styles every component class
of a widget again whenever the widget is restyled (a focus move, a theme switch), and
ten of them were a tenth of the reader's startup cost. (The cursor and the page chrome,
in theme colours, stay in app.tcss.)
"""

from __future__ import annotations

from functools import cache

from textual.color import Color
from textual.style import Style

# label: (on a dark theme, on a light theme)
LABEL_BACKGROUNDS: dict[str, tuple[str, str]] = {
    "PERSON": ("#af8700", "#ffd75f"),
    "NORP": ("#870087", "#d7afd7"),
    "FAC": ("#875f5f", "#d7af87"),
    "ORG": ("#0000af", "#87afd7"),
    "GPE": ("#008700", "#87d787"),
    "LOC": ("#008787", "#87d7d7"),
    "EVENT": ("#af5f00", "#ffaf5f"),
    "DATE": ("#585858", "#b2b2b2"),
}
# Labels the pipeline does not extract (an analyst may still use them): one colour.
OTHER = ("#af0000", "#ff8787")
# A text range opened from elsewhere that is not an entity (a meeting's evidence).
MARK = ("#5f5fd7", "#afafff")
BLACK_TEXT = {"LOC"}   # white text reads worse on its dark teal


def _on(background: str, *, black: bool = False, **text_style: bool) -> Style:
    back = Color.parse(background)
    text = Color(0, 0, 0) if black else back.get_contrast_text(0.9)
    return Style(background=back, foreground=text, **text_style)


@cache
def label_style(label: str, dark: bool) -> Style:
    """The highlight of an entity with this label."""
    dark_colour, light_colour = LABEL_BACKGROUNDS.get(label, OTHER)
    return _on(dark_colour if dark else light_colour, black=label in BLACK_TEXT, bold=label == "PERSON")


@cache
def mark_style(dark: bool) -> Style:
    return _on(MARK[0] if dark else MARK[1], underline=True)
