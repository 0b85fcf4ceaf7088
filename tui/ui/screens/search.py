"""The / screen: search everything as you type, results grouped by kind.

Every keystroke starts a search in a thread worker (exclusive: the previous one is
cancelled); a result that comes back after a newer keystroke is dropped, so the list
always shows the query in the box. Up/Down move through the results without leaving
the box; Enter opens the highlighted one (a person or meeting page, an article, or the
spot in the article), Escape closes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.search import Group, SearchIndex, build_index
from tui.ui.messages import Link, OpenLink
from tui.ui.search_hits import KIND_SINGULAR, hit_link, hit_prompt, shown_groups

PER_KIND = 8           # hits shown per group
DEBOUNCE_FROM = 5_000  # indexes with more keys than this wait for a pause in typing
DEBOUNCE_SECONDS = 0.08


class SearchInput(Input):
    """The query box: Up/Down/PageUp/PageDown move the result cursor, Enter opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.move(1)", "Next", show=False),
        Binding("up", "screen.move(-1)", "Previous", show=False),
        Binding("pagedown", "screen.move(8)", "Page down", show=False),
        Binding("pageup", "screen.move(-8)", "Page up", show=False),
    ]


class SearchScreen(ModalScreen[Link | None]):
    """Search people, organisations, places, meetings, article titles and text."""

    CSS_PATH = Path(__file__).with_name("search.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close"),
    ]

    class Ready(Message):
        """An index of `workspace` is built: searches are answered from it."""

        def __init__(self, workspace: object, index: SearchIndex) -> None:
            super().__init__()
            self.workspace = workspace
            self.index = index

    class Results(Message):
        def __init__(self, generation: int, query: str, groups: list[Group], seconds: float) -> None:
            super().__init__()
            self.generation = generation
            self.query = query
            self.groups = groups
            self.seconds = seconds

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._index: SearchIndex | None = None
        self._indexing: object | None = None  # the workspace being (or last) indexed
        self._generation = 0      # bumped by every keystroke; older results are stale
        self.shown_query = ""     # the query whose results are on screen
        self._links: dict[str, Link] = {}  # option id -> where it leads

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield SearchInput(self._initial, placeholder="search people, places, meetings, titles, text…",
                              id="search-input")
            yield Static("", id="search-summary")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        box = self.query_one("#search-box")
        box.border_title = "Search"
        box.border_subtitle = "↑↓ move · Enter opens · Esc closes"
        self._check_workspace()
        # The workspace may still be loading, or be reloaded (after annotating) while
        # the box is open: index whichever workspace the app holds now.
        self.set_interval(0.25, self._check_workspace)

    def _check_workspace(self) -> None:
        workspace = getattr(self.app, "ws", None)
        if workspace is None:
            self._summary(Content.styled("still loading the articles…", "$warning"))
        elif workspace is not self._indexing:
            self._indexing = workspace
            if self._index is None:
                self._summary(Content.styled("indexing…", "$text-muted"))
            self._build_index(workspace)

    # A description of its own: the default, the repr of the workspace, is every article's text.
    @work(thread=True, exclusive=True, exit_on_error=False, group="search-index", description="search index")
    def _build_index(self, workspace: object) -> None:
        try:
            index = build_index(workspace)
        except Exception as error:  # noqa: BLE001 - said on screen, the app stays up
            self.app.call_from_thread(self._summary, Content.styled(f"cannot search: {error}", "$error"))
            return
        self.post_message(self.Ready(workspace, index))

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        if message.workspace is self._indexing:
            self._index = message.index
            self._search(self.query_one(SearchInput).value)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._index is not None:
            self._search(event.value)

    def _search(self, query: str) -> None:
        self._generation += 1
        if not query.strip():
            self._show(query, [], 0.0)
            return
        self._run(self._generation, query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _run(self, generation: int, query: str) -> None:
        worker = get_current_worker()
        index = self._index
        if index is None:
            return
        if len(index) > DEBOUNCE_FROM:
            time.sleep(DEBOUNCE_SECONDS)  # a newer keystroke cancels this one before it costs anything
            if worker.is_cancelled:
                return
        started = time.perf_counter()
        groups = index.search_groups(query, limit=PER_KIND)
        if not worker.is_cancelled:
            self.post_message(self.Results(generation, query, groups, time.perf_counter() - started))

    @on(Results)
    def _results(self, message: Results) -> None:
        if message.generation == self._generation:
            self._show(message.query, message.groups, message.seconds)

    def _show(self, query: str, groups: list[Group], seconds: float) -> None:
        self.shown_query = query
        results = self.query_one(OptionList)
        options: list[Option] = []
        self._links = {}
        shown = shown_groups(groups, PER_KIND)
        for group in shown:
            count = f"{group.count}+" if group.more else str(group.count)
            options.append(Option(Content.styled(f"{group.title} · {count}", "bold $text-primary"), disabled=True))
            for hit in group.hits:
                # ids must be unique: an org's first mention and a text hit can lead to one spot
                option_id = f"hit-{len(options)}"
                if (link := hit_link(hit)) is not None:
                    self._links[option_id] = link
                tag = KIND_SINGULAR[hit.kind].lower() if group.tagged else ""
                options.append(Option(hit_prompt(hit, tag), id=option_id, disabled=link is None))
        results.set_options(options)
        first = next((i for i, option in enumerate(options) if not option.disabled), None)
        results.highlighted = first
        if not query.strip():
            self._summary(Content.styled("type a name, a place, a date or words from the text", "$text-muted"))
        elif not groups:
            self._summary(Content.styled(f"nothing matches “{query.strip()}”", "$warning"))
        else:
            total = sum(g.count for g in groups)
            where = f"in {len(shown)} groups" if len(shown) > 1 else f"in {shown[0].title.lower()}"
            self._summary(Content.styled(f"{total} match{'es' * (total != 1)} {where} · {seconds * 1000:.0f} ms",
                                         "$text-muted"))

    def _summary(self, text: Content) -> None:
        self.query_one("#search-summary", Static).update(text)

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        enabled = [i for i, option in enumerate(results.options) if not option.disabled]
        if not enabled:
            return
        current = results.highlighted
        if current not in enabled:
            target = enabled[0] if step > 0 else enabled[-1]
        else:
            position = enabled.index(current) + step
            target = enabled[max(0, min(len(enabled) - 1, position))]
        results.highlighted = target

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None:
            self._open(results.options[results.highlighted])

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option)

    def _open(self, option: Option) -> None:
        link = self._links.get(option.id or "")
        if link is None:
            return
        self.dismiss(link)  # the result says where it went; the app follows the OpenLink
        self.app.post_message(OpenLink(link))
