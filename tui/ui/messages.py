"""Messages the widgets and workers post to the app, which owns the state."""

from __future__ import annotations

from typing import Any, NamedTuple

from textual.message import Message


class Link(NamedTuple):
    """Somewhere a link leads: a person or meeting page, an article, or a spot in an article."""

    kind: str                 # "person", "meeting", "article" or "spot"
    id: str                   # person id, meeting id or article id
    start: int | None = None  # for "spot": the range in the article to show
    end: int | None = None

    def encode(self) -> str:
        """An OptionList option id."""
        return "\x1f".join([self.kind, self.id, str(self.start), str(self.end)])

    @classmethod
    def decode(cls, text: str) -> Link:
        kind, id_, start, end = text.split("\x1f")
        return cls(kind, id_, None if start == "None" else int(start), None if end == "None" else int(end))


class OpenLink(Message):
    """Follow a link (Enter or a click in the side panel)."""

    def __init__(self, link: Link) -> None:
        super().__init__()
        self.link = link


class WorkspaceLoaded(Message):
    """A worker finished opening the workspace."""

    def __init__(self, workspace: Any, rows: list, seconds: float) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows = rows  # the article list's rows (tui.core.views.ArticleRow), worked out in the thread
        self.seconds = seconds


class WorkspaceFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AnnotateProgress(Message):
    def __init__(self, done: int, total: int, article_id: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.article_id = article_id


class AnnotateFinished(Message):
    """The background annotate run ended; error is set when it failed."""

    def __init__(self, summary: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error


class SidePanelReady(Message):
    """The side panel and its parts are mounted (the app mounts it after the first frame)."""

    def __init__(self, panel: Any) -> None:
        super().__init__()
        self.panel = panel  # tui.ui.widgets.side_panel.SidePanel


class IndexProgress(Message):
    """The derived index is being (re)built from the files: done of total articles read."""

    def __init__(self, done: int, total: int, why: str | None) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.why = why   # why it is rebuilt ("there was none", "it could not be read (…)"), or None


class RowsLoaded(Message):
    """The article list's rows from the cached index (before the workspace is in)."""

    def __init__(self, rows: list) -> None:
        super().__init__()
        self.rows = rows


class PreviewLoaded(Message):
    """One article was read on its own while the workspace loads; show the place."""

    def __init__(self, place: Any) -> None:
        super().__init__()
        self.place = place  # tui.ui.history.Place


class PeopleChanged(Message):
    """People were edited, merged in from disk or read again: what was worked out from
    them (the alias queue's pairs) is stale. Sent to each screen; it does not bubble."""

    bubble = False
