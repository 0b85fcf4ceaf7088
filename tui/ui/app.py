"""The newsdesk reader: article list | reader | side panel.

The app owns the state (workspace, open article, hidden labels, history) and
changes it in message handlers; widgets only draw and post messages. Slow work
(opening the workspace, annotating) runs in thread workers that post back.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui.core.labels import EXTRACTED_LABELS
from tui.core.views import (
    SORT_KEYS,
    ArticleRow,
    article_rows,
    article_title,
    chrome_ranges,
    filter_rows,
    paragraphs,
    person_name,
    problem_counts,
    shown_mentions,
    sort_rows,
)
from tui.ui.commands import NewsdeskCommands
from tui.ui.counts import CountMixin
from tui.ui.editing import EDIT_BINDINGS, EditingCommands, EditingMixin
from tui.ui.exporting import ExportMixin
from tui.ui.external_editor import ExternalEditorMixin
from tui.ui.history import History, Place
from tui.ui.keys import named
from tui.ui.loading import PreviewWorkspace, RowIndex, file_names, id_rows
from tui.ui.messages import (
    AnnotateFinished,
    AnnotateProgress,
    IndexProgress,
    Link,
    OpenLink,
    PreviewLoaded,
    RowsLoaded,
    SidePanelReady,
    WorkspaceFailed,
    WorkspaceLoaded,
)
from tui.ui.rules import RULE_BINDINGS, RulesMixin
from tui.ui.settings import SettingsMixin
from tui.ui.widgets.article_table import ArticleTable
from tui.ui.widgets.article_view import ArticleView, Highlight
from tui.ui.widgets.footer import KeyBar
from tui.ui.widgets.legend import Legend

if TYPE_CHECKING:
    from tui.ui.widgets.side_panel import SidePanel

PANES = ("list", "reader", "side")
# Below these widths the panes no longer all fit: two panes, then one at a time.
THREE_PANES, TWO_PANES = 120, 90
PROGRESS_CELLS = 30  # the annotate progress bar in the status line
SHORT = 32  # rows: below this the side panel drops its entity card and squeezes the person page
SORT_NAMES = {"date": "newest first", "title": "by title", "review": "most unreviewed first"}
FILTER_PLACEHOLDER = "filter: title, outlet, date, people"


class FilterInput(Input):
    """The list's filter box; Down or Enter goes to the list, Escape clears it."""

    BINDINGS: ClassVar[list[BindingType]] = named([
        Binding("down", "app.focus_pane('list')", "To list", show=False),
        Binding("escape", "clear", "Clear filter", show=False, id="filter_clear"),
    ])

    def action_clear(self) -> None:
        self.value = ""
        self.app.action_focus_pane("list")


def _search_provider() -> type:
    """The search palette provider, imported when the palette opens: its index pulls in
    numpy and the corpus reader, a quarter of a second the first frame need not wait for."""
    from tui.ui.search_provider import SearchProvider

    return SearchProvider


class MainScreen(Screen):
    """The reader's screen; the list has the focus from the start (the first focusable
    widget would be the filter box, and moving the focus later restyles both panes)."""

    AUTO_FOCUS = "#articles"

    def on_screen_suspend(self) -> None:
        # A screen pushed before this one's first frame (a fast "/" or "?") would hold back
        # after_first_frame, which waits for this screen to be drawn: start loading now.
        self.app.start_loading()


class NewsdeskApp(RulesMixin, CountMixin, ExternalEditorMixin, ExportMixin, SettingsMixin, EditingMixin, App[None]):
    """Read a stack of articles: who is mentioned, who met whom, where and when."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so that subclasses elsewhere find it
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {NewsdeskCommands, EditingCommands, _search_provider}
    BINDINGS: ClassVar[list[BindingType]] = named([  # named: config.toml [keys] rebinds them
        # The footer lists the shown keys in this order (Help first) and a narrow one drops the tail.
        Binding("question_mark", "help", "Help", tooltip="Every key", key_display="?"),
        Binding("tab", "pane(1)", "Pane", tooltip="Next pane: list, reader, side panel", priority=True),
        Binding("shift+tab", "pane(-1)", "Prev pane", show=False, priority=True),
        Binding("left_square_bracket", "article(-1)", "Prev", tooltip="Previous article in the list",
                key_display="["),
        Binding("right_square_bracket", "article(1)", "Next", tooltip="Next article in the list", key_display="]"),
        Binding("slash", "search", "Search", tooltip="Search people, places, meetings, titles and text",
                key_display="/"),
        Binding("ctrl+f", "find", "Find in article", tooltip="Find a phrase in this article: every hit "
                "highlighted, Enter / shift+Enter from hit to hit, Escape closes", show=False),
        Binding("f", "filter", "Filter", tooltip="Filter the article list", show=False),
        Binding("s", "sort", "Sort", tooltip="Sort the list: newest first, by title, most unreviewed first",
                show=False),
        Binding("H,alt+left,backspace", "back", "Back", tooltip="Back to where you were"),
        Binding("L,alt+right", "forward", "Forward", tooltip="Forward again after going back", show=False),
        # A digit in the reader or the list also starts a count (5j): tui/ui/counts.py
        *(Binding(str(i), f"digit({i})", f"Show/hide {label}", show=False, id=f"label_{label.lower()}")
          for i, label in enumerate(EXTRACTED_LABELS, 1)),
        Binding("0", "digit(0)", "Show all labels", show=False, id="all_labels"),
        Binding("c", "toggle_chrome", "Dim/hide page chrome", show=False),
        Binding("p", "side_tab('person')", "Person tab", show=False),
        Binding("m", "side_tab('meeting')", "Meeting tab", show=False),
        Binding("a", "side_tab('article')", "Article tab", show=False),
        Binding("exclamation_mark", "problems", "Problems", show=False, key_display="!"),
        *EDIT_BINDINGS,  # correcting annotations: tui/ui/editing.py
        *RULE_BINDINGS,  # corrections become rules: tui/ui/rules.py
        Binding("q", "quit", "Quit"),
    ])

    def __init__(self, articles_dir: Path, annotations_dir: Path, *, annotate: bool = True,
                 loader: Callable[[Path, Path], Any] | None = None, fields: dict[str, str] | None = None) -> None:
        """loader opens the workspace (default: through the derived index, tui.core.index.open_indexed);
        fields: the --field overrides for dumps."""
        super().__init__()
        self._loader = loader
        self.fields = fields or {}
        self.articles_dir = Path(articles_dir)
        self.annotations_dir = Path(annotations_dir)
        self.annotate_in_background = annotate
        self.ws: Any = None  # tui.core.workspace.Workspace once loaded
        self._preview: PreviewWorkspace | None = None  # articles read one by one until then
        self.all_rows: list[ArticleRow] = []
        self.sort_key = "date"
        self.article_id: str | None = None
        self.hidden_labels: frozenset[str] = frozenset()
        self.chrome_hidden = False
        self.history: History[Place] = History()
        self._annotated = False
        self._run_problems: list = []   # what the background annotate run could not do (core Problems)
        self._aux_pane = "list"   # the pane shown beside the reader when only two fit
        # The pane with the focus, or about to get it (focus moves wait for a refresh, and a
        # second Tab may come first); the one shown when only one fits. The list at first.
        self._focus_pane = "list"
        self._side_panel: SidePanel | None = None  # mounted after the first frame
        self._index_said = False   # the index rebuild is announced once a session
        self._default_article: str | None = None   # opened for the analyst, not by them
        self._loading = False   # start_loading() has run
        self.load_settings()   # config.toml: theme, sort, hidden labels, chrome, keys (tui/ui/settings.py)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        # The modules and classes imported so far live as long as the app: frozen, the
        # collector need not walk them again (a full collection before the first frame
        # cost ~20 ms). Unfrozen on exit, so that a process running apps one after another
        # (the tests) still collects them.
        gc.freeze()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.unfreeze()

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    # --- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Everything starts in its first state (titles, rows, texts, classes): changing a
        # widget after it is mounted would lay out and draw the screen again before the first frame.
        files = file_names(self.articles_dir)
        self._preview = PreviewWorkspace(self.articles_dir, self.annotations_dir, files)
        self.all_rows = id_rows(list(files))
        rows = sort_rows(self.all_rows, self.sort_key)
        view = ArticleView(id="reader")
        visible = self._visible_panes()
        hidden = {pane: "pane" if pane in visible else "pane -hidden" for pane in PANES}
        hidden["list"] += " -focused"   # where the focus starts (MainScreen.AUTO_FOCUS)
        panes_classes = " ".join(name for name, on in self._panes_classes(visible).items() if on)
        with Horizontal(id="panes", classes=panes_classes):
            with Vertical(id="list-pane", classes=hidden["list"]) as pane:
                pane.border_title, pane.border_subtitle = self._list_titles(rows)
                # A look-alike until the first frame is out: an Input costs more than it shows.
                yield Static(FILTER_PLACEHOLDER, id="filter-stub")
                yield ArticleTable(rows, id="articles")
            with Vertical(id="reader-pane", classes=hidden["reader"]) as pane:
                pane.border_title = "Reader"
                yield Static(Content.styled("Loading articles…", "$text-muted"), id="reader-title")
                legend = Legend(id="legend")
                legend.compact = self.size.height < SHORT
                yield legend
                yield view
            with Vertical(id="side-pane", classes=hidden["side"]) as pane:  # filled after the first frame
                pane.border_title = "Details"
        yield Static(f"reading {len(files):,} articles in {self.articles_dir} …", id="status")
        yield KeyBar(id="footer")

    def on_mount(self) -> None:
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """Start the rest once the first frame is on screen: the cached rows, the side panel,
        the first article on its own, the whole workspace. (Threads hold the GIL, so none of
        them may start before that frame is drawn.)"""
        self._mount_filter()
        self.report_settings()
        self.call_after_refresh(self._mount_side_panel)
        self.start_loading()

    def start_loading(self) -> None:
        """The cached rows, then the whole workspace, in workers; once."""
        if not self._loading:
            self._loading = True
            self.load_rows()
            self.load_workspace()

    def _mount_filter(self) -> None:
        """The filter box takes the place of its look-alike."""
        stub = self.query_one("#filter-stub")
        stub.parent.mount(FilterInput(placeholder=FILTER_PLACEHOLDER, id="filter"), before=stub)
        stub.remove()

    def _filter(self) -> FilterInput | None:
        """The filter box, or None in the moment before it replaces its look-alike."""
        return next(iter(self.query(FilterInput)), None)

    async def _mount_side_panel(self) -> None:
        """The side panel comes after the first frame, so that the list and reader show sooner."""
        from tui.ui.widgets.side_panel import SidePanel  # TabbedContent, Sparkline: not on the first frame

        try:
            await self.query_one("#side-pane").mount(SidePanel(id="side"))
        except MountError:  # the app quit before its first frame was out
            pass

    def on_resize(self) -> None:
        # This handler runs before App._on_resize stores the new size: lay out once it has.
        self.call_next(self._apply_layout)

    def _pane_of(self, widget: Any) -> str | None:
        for node in [widget, *(widget.ancestors if widget else [])]:
            if getattr(node, "id", None) in ("list-pane", "reader-pane", "side-pane"):
                return node.id.removesuffix("-pane")
        return None

    def _visible_panes(self) -> set[str]:
        width = self.size.width
        if width >= THREE_PANES:
            return set(PANES)
        if width >= TWO_PANES:
            return {"reader", self._aux_pane}
        return {self._focus_pane}

    def _panes_classes(self, visible: set[str]) -> dict[str, bool]:
        return {"-two": len(visible) == 2, "-one": len(visible) == 1, "-short": self.size.height < SHORT}

    def _apply_layout(self) -> None:
        visible = self._visible_panes()
        focused = self._pane_of(self.focused)
        for pane in PANES:
            node = self.query_one(f"#{pane}-pane")
            node.set_class(pane not in visible, "-hidden")
            if focused is not None and node.has_class("-focused") != (pane == focused):
                # Restyle the pane alone: Textual would restyle all that is in it (the side
                # panel is ~40 widgets), and no rule below a pane looks at -focused (app.tcss).
                node.set_class(pane == focused, "-focused", update=False)
                self.stylesheet.update_nodes([node], animate=False)
        panes = self.query_one("#panes")
        for name, wanted in self._panes_classes(visible).items():
            panes.set_class(wanted, name)
        legend = self.query_one(Legend)
        if legend.compact != (compact := self.size.height < SHORT):
            legend.compact = compact
            legend.refresh(layout=True)

    def on_descendant_focus(self, event: Any) -> None:
        pane = self._pane_of(self.focused)
        if pane is None:
            return
        self._focus_pane = pane
        if pane != "reader":
            self._aux_pane = pane
        self._apply_layout()

    def _side(self) -> SidePanel | None:
        """The side panel, or None until it has been mounted with all its parts."""
        return self._side_panel

    @on(SidePanelReady)
    def _side_ready(self, message: SidePanelReady) -> None:
        self._side_panel = message.panel
        if self.article_id in self.shown.articles:
            self._open_article(self.article_id)
            self.restore_place()

    def _pane_widget(self, pane: str) -> Any:
        if pane == "list":
            return self.query_one(ArticleTable)
        if pane == "reader":
            return self.query_one(ArticleView)
        side = self._side()
        return side.active_list() if side else self.query_one("#side-pane")

    def action_focus_pane(self, pane: str) -> None:
        self._focus_pane = pane
        if pane != "reader":
            self._aux_pane = pane
        self._apply_layout()
        self.call_after_refresh(self._pane_widget(pane).focus)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Tab is a priority binding for the main screen only; dialogs keep their own Tab.
        if action == "pane" and len(self.screen_stack) > 1:
            return False
        return True

    def action_pane(self, step: int) -> None:
        self.action_focus_pane(PANES[(PANES.index(self._focus_pane) + step) % len(PANES)])

    # --- loading ---------------------------------------------------------------
    @property
    def shown(self) -> Any:
        """The workspace the screens read: the real one, or the preview until it has loaded."""
        return self.ws if self.ws is not None else self._preview

    @work(thread=True, exclusive=True, exit_on_error=False, group="rows")
    def load_rows(self) -> None:
        self.post_message(RowsLoaded(RowIndex(self.articles_dir, self.annotations_dir).rows()))

    @on(RowsLoaded)
    def _rows_loaded(self, message: RowsLoaded) -> None:
        if self.ws is not None:  # the workspace's own rows are already in
            return
        self.all_rows = message.rows
        self._refresh_rows()
        if self.article_id is None and (rows := self.query_one(ArticleTable).rows):
            # The article left open last time in this corpus, else the top of the list.
            self._default_article = next((r.id for r in rows if r.id == self.remembered_article()), rows[0].id)
            self.load_preview(Place(self._default_article))

    @work(thread=True, exit_on_error=False, group="preview")
    def load_preview(self, place: Place) -> None:
        """Read one article and its annotation while the workspace is still loading."""
        preview = self._preview
        if preview is not None and preview.load(place.article):
            self.post_message(PreviewLoaded(place))

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
        if self.article_id is None and message.place.article == self._default_article:
            self._restore(message.place)   # the article opened for the analyst: no step of theirs
        else:
            self.go(message.place)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_workspace(self) -> None:
        started = time.perf_counter()
        try:
            index = RowIndex(self.articles_dir, self.annotations_dir)  # stamps taken before reading
            from tui.core.sync import stamps

            self.loaded_stamps = stamps(self.annotations_dir)   # for editing_ready: files changed meanwhile
            ws = self._loader(self.articles_dir, self.annotations_dir) if self._loader else self._open_indexed()
            rows = article_rows(ws)
        except Exception as error:  # noqa: BLE001 - shown in the status line, the app stays up
            self.post_message(WorkspaceFailed(f"{type(error).__name__}: {error}"))
            return
        if get_current_worker().is_cancelled:   # a newer load took over; this one may have stopped half-way
            return
        index.save(rows, ws.file_names())
        # What editing_ready() uses (rapidfuzz, yaml): imported here, not on the event loop.
        import tui.core.edits  # noqa: F401
        import tui.core.review  # noqa: F401
        import tui.core.sync  # noqa: F401
        self.post_message(WorkspaceLoaded(ws, rows, time.perf_counter() - started))

    def _open_indexed(self) -> Any:
        """The workspace through the derived index (tui/core/index.py): only files that changed
        are read. A rebuild shows its progress; the reason is said once, when it is done."""
        from tui.core.index import open_indexed

        worker = get_current_worker()
        why: list[str | None] = [None]

        def progress(done: int, total: int) -> None:
            self.post_message(IndexProgress(done, total, why[0]))

        ws, refreshed = open_indexed(self.articles_dir, self.annotations_dir, progress,
                                     should_stop=lambda: worker.is_cancelled, fields=self.fields)
        if refreshed.rebuilt and refreshed.read:
            self.post_message(IndexProgress(refreshed.read, refreshed.total, refreshed.rebuilt))
        return ws

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        if message.why is not None and message.done == message.total:
            if not self._index_said:
                self._index_said = True
                self.notify(f"The index of this folder was rebuilt from the files ({message.why}): "
                            f"{message.total:,} articles. It is a cache; the YAML files are unchanged.",
                            title="Index", timeout=6)
            return
        filled = round(PROGRESS_CELLS * message.done / max(1, message.total))
        self._status(Content.assemble("reading the files into the index: ", ("█" * filled, "$success"),
                                      ("░" * (PROGRESS_CELLS - filled), "$text-muted"),
                                      f" {message.done:,}/{message.total:,}"))

    @on(WorkspaceFailed)
    def _load_failed(self, message: WorkspaceFailed) -> None:
        self._status(Content.styled(f"could not open the workspace: {message.error}", "$error"))
        self.query_one("#reader-title", Static).update(Content.styled(message.error, "$error"))

    @on(WorkspaceLoaded)
    def _loaded(self, message: WorkspaceLoaded) -> None:
        self.ws = message.workspace
        self.ws.add_problems(self._run_problems)
        self._preview = None
        self.all_rows = message.rows
        self._refresh_rows()
        table = self.query_one(ArticleTable)
        top = table.rows[0].id if table.rows else None
        # An article shown by default from the row cache, which a first start has not dated
        # yet, gives way to the top of the full list: the article every later start opens.
        default, self._default_article = self._default_article, None
        stale = (self.article_id == default is not None and top != default and not self.history.can_back
                 and default != self.remembered_article())
        if self.article_id in self.ws.articles and not stale:  # a reload: redraw from the new files
            self._show_article(keep_scroll=True)
            self.redraw_side()
        else:
            if top:
                self._open_article(top)
            else:
                self.query_one("#reader-title", Static).update(
                    Content.styled(f"No articles in {self.articles_dir}", "$warning"))
        self.restore_place()   # where the analyst left this corpus last time, once
        self.editing_ready()  # saving and watching the files for edits: tui/ui/editing.py
        self._status_summary()
        if self.annotate_in_background and not self._annotated and self.ws.stale_ids():
            self._annotated = True
            self.run_annotate()

    @work(thread=True, exclusive=True, exit_on_error=False, group="annotate")
    def run_annotate(self) -> None:
        worker = get_current_worker()
        try:
            from tui.core.annotate import annotate

            summary = annotate(self.articles_dir, self.annotations_dir,
                               progress=lambda done, total, aid: self.post_message(AnnotateProgress(done, total, aid)),
                               should_stop=lambda: worker.is_cancelled, fields=self.fields)
        except BaseException as error:  # noqa: BLE001 - a failed run must not take the reader down
            self.post_message(AnnotateFinished(error=f"{type(error).__name__}: {error}"))
            return
        self.post_message(AnnotateFinished(summary))

    @on(AnnotateProgress)
    def _annotate_progress(self, message: AnnotateProgress) -> None:
        # The bar is text in the status line: a ProgressBar widget would be one more widget on every first frame.
        filled = round(PROGRESS_CELLS * message.done / max(1, message.total))
        self._status(Content.assemble("annotating in the background: ", ("█" * filled, "$success"),
                                      ("░" * (PROGRESS_CELLS - filled), "$text-muted"),
                                      f" {message.done}/{message.total} {message.article_id}"))

    @on(AnnotateFinished)
    def _annotate_finished(self, message: AnnotateFinished) -> None:
        if message.error:
            self.notify(message.error, title="Annotating failed", severity="error", timeout=10)
            self._status_summary()
            return
        summary = message.summary
        self.notify(summary.line() if hasattr(summary, "line") else "annotations up to date",
                    title="Annotated", timeout=6)
        # Kept for the session: the workspace about to be reloaded knows only what its files say,
        # not that a save was refused (write-protected, permission, disk full).
        self._run_problems = list(getattr(summary, "problems", []))
        if self._run_problems:
            self.notify(f"{problem_counts(len(self._run_problems), 0)}: press ! to see them", severity="warning",
                        timeout=8)
        self.load_workspace()

    def _status(self, text: str | Content) -> None:
        self.query_one("#status", Static).update(text)

    def _status_summary(self) -> None:
        if self.ws is None:
            return
        ws = self.ws
        bits = [f"{len(ws.articles)} articles", f"{len(ws.people)} people", f"{len(ws.meetings)} meetings"]
        mentions = sum(r.unreviewed for r in self.all_rows)
        meetings = sum(m.review == "unreviewed" for m in ws.meetings.values())
        if mentions or meetings:   # what `r` walks through
            counts = [f"{n} {what}{'s' * (n != 1)}" for n, what in ((mentions, "mention"), (meetings, "meeting")) if n]
            bits.append("to review: " + ", ".join(counts))
        if counts := problem_counts(len(ws.problems), len(ws.warnings)):
            bits.append(f"{counts} (press !)")
        if not ws.annotations:
            bits.append("no annotations yet — annotating in the background…" if self.annotate_in_background
                        else "no annotations yet — run: newsdesk annotate")
        self._status(" · ".join(bits))

    # --- the article list ------------------------------------------------------
    def _refresh_rows(self) -> None:
        query = box.value if (box := self._filter()) else ""
        rows = sort_rows(filter_rows(self.all_rows, query), self.sort_key)
        self.query_one(ArticleTable).set_rows(rows)
        pane = self.query_one("#list-pane")
        pane.border_title, pane.border_subtitle = self._list_titles(rows)

    def _list_titles(self, rows: list[ArticleRow]) -> tuple[str, str]:
        """The list pane's border title (how many shown) and subtitle (the sort)."""
        count = f"{len(rows)}" if len(rows) == len(self.all_rows) else f"{len(rows)} of {len(self.all_rows)}"
        if not rows and self.all_rows:
            count = f"– no match in {len(self.all_rows)}"
        return f"Articles {count}", f"s: {SORT_NAMES[self.sort_key]}"

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._refresh_rows()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_focus_pane("list")

    def action_search(self, query: str = "") -> None:
        from tui.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen(query))

    async def action_find(self) -> None:
        """ctrl+f: the find bar under the reader (mounted the first time it is wanted)."""
        from tui.ui.widgets.find_bar import FindBar

        if self.article_id is None:
            self.notify("No article open yet.", timeout=1.5)
            return
        bar = next(iter(self.query(FindBar)), None)
        if bar is None:
            bar = FindBar(self.query_one(ArticleView), id="find")
            await self.query_one("#reader-pane").mount(bar)
        bar.open()

    def action_copy_citation(self) -> None:
        """ctrl+c in the reader: the sentence at the cursor (or the marked text) and where it is from."""
        from tui.core.citation import cite

        view = self.query_one(ArticleView)
        annotation = self.shown.annotations.get(self.article_id) if self.article_id else None
        if view.cursor_mention is not None and annotation is not None:
            m = annotation.mentions[view.cursor_mention]
            spot = (m.start, m.end)
        elif view.marked is not None:
            spot = view.marked
        else:
            self.notify("Nothing at the cursor: n moves to an entity, ctrl+f finds a phrase.", timeout=2.5)
            return
        text = cite(self.shown, self.article_id, *spot)
        self.copy_to_clipboard(text)
        self.notify(text, title="Copied to the clipboard", timeout=5, markup=False)   # article text, not markup

    def action_filter(self) -> None:
        self.action_focus_pane("list")
        if box := self._filter():
            self.call_after_refresh(box.focus)

    def action_sort(self) -> None:
        self.sort_key = SORT_KEYS[(SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)]
        self._refresh_rows()
        self.notify(f"Sorted {SORT_NAMES[self.sort_key]}", timeout=1.5)
        self.settings_changed()

    @on(ArticleTable.Selected)
    def _article_selected(self, message: ArticleTable.Selected) -> None:
        self.go(Place(message.article_id))
        self.action_focus_pane("reader")

    def action_article(self, step: int) -> None:
        table = self.query_one(ArticleTable)
        ids = [row.id for row in table.rows]
        if not ids:
            return
        index = ids.index(self.article_id) + step if self.article_id in ids else 0
        if not 0 <= index < len(ids):
            self.notify("No more articles that way.", timeout=1.5)
            return
        self.go(Place(ids[index]))

    # --- the reader ------------------------------------------------------------
    def _open_article(self, article_id: str) -> None:
        self.article_id = article_id
        self.query_one(ArticleTable).move_to(article_id)
        self._show_article()
        if side := self._side():
            side.show_article(self.shown, article_id)

    def _show_article(self, keep_scroll: bool = False) -> None:
        ws, article_id = self.shown, self.article_id
        article = ws.articles[article_id]
        annotation = ws.annotations.get(article_id)
        body, chrome = (annotation.body, annotation.chrome) if annotation else (article.body, article.chrome)
        chrome_r = chrome_ranges(body, chrome, len(article.text))
        shown = [(i, m) for i, m in shown_mentions(annotation) if m.end <= len(article.text)]
        highlights = [Highlight(m.start, m.end, m.label, i, m.person or " ".join(m.text.casefold().split()))
                      for i, m in shown if m.label not in self.hidden_labels]
        view = self.query_one(ArticleView)
        view.show(article.text, paragraphs(article.text, chrome_r, self.chrome_hidden),
                  [] if self.chrome_hidden else chrome_r, highlights, keep_scroll=keep_scroll)
        self.query_one(Legend).show(Counter(m.label for _, m in shown), self.hidden_labels,
                                    "hidden" if self.chrome_hidden else "dimmed")
        header = self.query_one("#reader-title", Static)
        header.update(self._title_block(article, annotation))
        header.tooltip = article_title(self.shown, article_id)   # whole, where a short screen cuts it
        self.query_one(ArticleTable).set_current(article_id)
        self.query_one("#reader-pane").border_title = f"Reader · {article_id}"
        self._show_entity(view.cursor_mention)

    def _title_block(self, article: Any, annotation: Any) -> Content:
        meta = annotation.meta if annotation else article.meta
        facts = [x for x in (meta.outlet, meta.published, meta.dateline) if x]
        lines = [Content.styled(article_title(self.shown, article.id), "bold"),
                 Content.styled(" · ".join(facts) or "no outlet or date known", "$text-muted")]
        if annotation is None:
            lines.append(Content.styled("no annotations yet" + (" — annotating in the background…"
                                                                if self.annotate_in_background else ""), "$warning"))
        elif annotation.mentions:   # on the facts' line: a short screen has no row to spare
            reviewed = sum(1 for m in annotation.mentions if m.analyst_owned)
            total = len(annotation.mentions)
            filled = round(10 * reviewed / total)
            lines[-1] = Content.assemble(lines[-1], ("  review ", "$text-muted"), ("█" * filled, "$success"),
                                         ("░" * (10 - filled), "$text-muted"),
                                         (f" {reviewed}/{total}", "$text-muted"))
        return Content("\n").join(lines)

    def redraw_side(self) -> None:
        """Draw every side page again from the workspace: after an edit, a reload, a merge."""
        if (side := self._side()) is None or self.shown is None:
            return
        order = [row.id for row in self.query_one(ArticleTable).rows] or sorted(self.shown.articles)
        side.redraw(self.shown, self.article_id if self.article_id in self.shown.articles else None, order)
        side.show_entity(self.shown, self.article_id, self.query_one(ArticleView).cursor_mention)

    def action_toggle_label(self, label: str) -> None:
        self.hidden_labels = self.hidden_labels ^ {label}
        self.settings_changed()
        if self.article_id:
            self._show_article(keep_scroll=True)

    def action_all_labels(self) -> None:
        self.hidden_labels = frozenset()
        self.settings_changed()
        if self.article_id:
            self._show_article(keep_scroll=True)

    def action_toggle_chrome(self) -> None:
        self.chrome_hidden = not self.chrome_hidden
        self.settings_changed()
        if self.article_id:
            self._show_article(keep_scroll=True)

    @on(ArticleView.EntityFocused)
    def _entity_focused(self, message: ArticleView.EntityFocused) -> None:
        self._show_entity(message.mention)

    def _show_entity(self, mention: int | None) -> None:
        """The entity under the cursor on the side panel's card and the reader's bottom edge."""
        if side := self._side():
            side.show_entity(self.shown, self.article_id, mention)
        # The pane's bottom edge names the entity too, for when the side panel is hidden.
        subtitle = ""
        annotation = self.shown.annotations.get(self.article_id) if self.article_id else None
        if mention is not None and annotation is not None and mention < len(annotation.mentions):
            m = annotation.mentions[mention]
            subtitle = f"{m.label} {m.text}"
            if m.person:
                subtitle += f" → {person_name(self.shown, m.person)} (Enter)"
            elif not m.candidates:
                subtitle += " (Enter: search)"
            if m.rule:
                subtitle += f" · rule: {m.rule}"
        # Content, not a str: a str would be read as markup, and names and rule ids are text
        self.query_one("#reader-pane").border_subtitle = Content(subtitle)

    @on(ArticleView.EntityOpened)
    def _entity_opened(self, message: ArticleView.EntityOpened) -> None:
        mention = self.shown.annotations[self.article_id].mentions[message.mention]
        if mention.person:
            self.go(Place(self.article_id, (mention.start, mention.end), ("person", mention.person)))
            self._bring_side_forward()
        elif mention.candidates:
            self.notify(f"“{mention.text}” could be: " + ", ".join(mention.candidates), timeout=4)
        else:
            # A place, an organisation, a name nobody linked: its page is what the search finds
            # for it (the place, the meetings held there, every mention in every article).
            self.action_search(mention.text)

    def _bring_side_forward(self) -> None:
        """A page just opened on a screen too narrow for the side panel: show it (Back
        returns to the pane it came from, which the place it left remembers)."""
        if "side" not in self._visible_panes():
            self.action_focus_pane("side")

    # --- links and history -----------------------------------------------------
    def place(self) -> Place:
        """Where the reader is now."""
        view = self.query_one(ArticleView)
        spot = None
        if view.cursor_mention is not None and self.article_id in self.shown.annotations:
            m = self.shown.annotations[self.article_id].mentions[view.cursor_mention]
            spot = (m.start, m.end)
        side = self._side()
        return Place(self.article_id, spot, side.page if side else None, view.top_offset, self._pane_of(self.focused))

    def go(self, place: Place) -> None:
        """Go somewhere new, remembering where we were."""
        here = self.place()
        if place != here._replace(top=place.top, pane=place.pane):   # scrolled elsewhere is not somewhere new
            self.history.visit(here)
        self._restore(place)

    def _restore(self, place: Place, *, refresh: bool = False) -> None:
        """Show a place; refresh redraws its side page even when it is the one on show."""
        ws = self.shown
        if ws is None:
            return
        if place.article and place.article != self.article_id:
            if place.article not in ws.articles:
                if self.ws is None:  # still loading: read this one article first
                    self.load_preview(place)
                else:
                    self.notify(f"No article {place.article!r}", severity="error")
                return
            self._open_article(place.article)
        view = self.query_one(ArticleView)
        if place.spot is not None:
            view.focus_offset(*place.spot)
        if place.top is not None:   # back and forward: the reader as it was scrolled
            view.show_from(place.top)
        side = self._side()
        if side is None:
            return
        order = [row.id for row in self.query_one(ArticleTable).rows] or sorted(ws.articles)
        if place.page is None:
            side.switch("article")
        elif place.page[0] == "person" and (refresh or place.page != side.page):
            side.show_person(ws, place.page[1], order)
        elif place.page[0] == "meeting" and (refresh or place.page != side.page):
            side.show_meeting(ws, place.page[1])

    @on(OpenLink)
    def _open_link(self, message: OpenLink) -> None:
        link: Link = message.link
        here = self.place()
        if link.kind in ("person", "meeting"):
            self.go(Place(here.article, here.spot, (link.kind, link.id)))
            self._bring_side_forward()
        elif link.kind == "article":
            self.go(Place(link.id))
        elif link.kind == "spot":
            self.go(Place(link.id, (link.start, link.end), here.page))
            if self.size.width < TWO_PANES:
                self.action_focus_pane("reader")

    def action_back(self) -> None:
        place = self.history.back(self.place())
        if place is None:
            self.notify("Nothing to go back to.", timeout=1.5)
            return
        self._restore(place)
        self._front(place)

    def action_forward(self) -> None:
        place = self.history.forward(self.place())
        if place is None:
            self.notify("Nothing to go forward to.", timeout=1.5)
        else:
            self._restore(place)
            self._front(place)

    def _front(self, place: Place) -> None:
        """One pane at a time: the pane the place was seen in comes to the front, as in a
        browser, not a change to a hidden pane (after the side panel's own focus move,
        which _restore has queued)."""
        if place.pane and place.pane not in self._visible_panes():
            self.call_after_refresh(self.action_focus_pane, place.pane)

    def action_side_tab(self, tab: str) -> None:
        if side := self._side():
            side.switch(tab)
        self.action_focus_pane("side")

    # --- dialogs ---------------------------------------------------------------
    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_problems(self) -> None:
        from tui.ui.screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen(self.ws.problems, self.ws.warnings) if self.ws else ProblemsScreen([]))
