"""What the search screen and the palette share: how a hit looks and where it leads."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from tui.core.search import Hit, SearchIndex, build_index
from tui.ui.messages import Link

KIND_NAMES = {"person": "People", "org": "Organisations", "place": "Places", "meeting": "Meetings",
              "article": "Article titles", "text": "In the text"}
KIND_SINGULAR = {"person": "Person", "org": "Organisation", "place": "Place", "meeting": "Meeting",
                 "article": "Article", "text": "Text"}
MATCH_STYLE = "bold underline $text-accent"


def index_of(app: Any) -> SearchIndex | None:
    """A fresh index of the app's workspace (None while it loads). Built per palette
    session, because analysts' edits change people and meetings in place."""
    ws = getattr(app, "ws", None)
    return None if ws is None else build_index(ws)


def hit_link(hit: Hit) -> Link | None:
    """A person or meeting page, an article, or the spot in the article the hit is at."""
    if hit.kind in ("person", "meeting", "article"):
        return Link(hit.kind, hit.target_id)
    if hit.article_id is not None and hit.offset is not None:
        return Link("spot", hit.article_id, hit.offset, hit.offset if hit.end is None else hit.end)
    return None


def hit_label(hit: Hit, prefix: str = "") -> Content:
    """The label with its matched characters marked, after an optional prefix."""
    label = Content(prefix + hit.label)
    for start, end in hit.matched:
        label = label.stylize(MATCH_STYLE, len(prefix) + start, len(prefix) + end)
    return label


def hit_prompt(hit: Hit) -> Content:
    """The label, then the detail in muted text."""
    if not hit.detail:
        return hit_label(hit)
    return Content.assemble(hit_label(hit), ("  " + hit.detail, "$text-muted"))
