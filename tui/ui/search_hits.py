"""What the search screen and the palette share: how a hit looks and where it leads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content

from tui.core.search import Group, Hit, SearchIndex, build_index
from tui.ui.messages import Link

KIND_NAMES = {"person": "People", "org": "Organisations", "place": "Places", "meeting": "Meetings",
              "article": "Article titles", "text": "In the text"}
# The screen shows organisations and places as one group, as analysts think of them.
SHOWN_TOGETHER = {"org": "Organisations and places", "place": "Organisations and places"}
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


def hit_prompt(hit: Hit, tag: str = "") -> Content:
    """The label, then the tag and detail in muted text."""
    detail = " · ".join(part for part in (tag, hit.detail) if part)
    if not detail:
        return hit_label(hit)
    return Content.assemble(hit_label(hit), ("  " + detail, "$text-muted"))


@dataclass(slots=True)
class Shown:
    """A group as the screen shows it; `tagged` hits say their kind (org or place)."""

    title: str
    count: int
    more: bool
    hits: list[Hit]
    tagged: bool = False


def shown_groups(groups: list[Group], limit: int) -> list[Shown]:
    """Search groups in screen order, organisations and places merged by score."""
    shown: list[Shown] = []
    for group in groups:
        title = SHOWN_TOGETHER.get(group.kind, KIND_NAMES[group.kind])
        if shown and shown[-1].title == title:
            last = shown[-1]
            last.count += group.count
            last.more = last.more or group.more
            last.hits = sorted(last.hits + group.hits, key=lambda h: (-h.score, -h.weight))[:limit]
        else:
            shown.append(Shown(title, group.count, group.more, list(group.hits), group.kind in SHOWN_TOGETHER))
    return shown
