"""Correcting annotations from the reader: the keys, dialogs and saving (issue #6).

A mixin for NewsdeskApp, so the app module keeps its own job: it adds EDIT_BINDINGS to
its BINDINGS, calls `editing_ready()` once a workspace is loaded and lists
EditingCommands in COMMANDS. Every action here builds an edit with tui.core.edits,
runs it through the session's EditHistory (saved at once, atomically, through
tui.core.sync) and redraws. Selection for a new entity: v starts it at the cursor,
shift+←/→ and </> move its ends by words, Enter labels it; or drag with the mouse.

The core modules that edit (edits, review, sync, models) are imported inside the methods
that use them: they pull in rapidfuzz, yaml and hashlib, about 60 ms that the first frame
does without; the app's loading worker imports them before editing_ready().
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.worker import WorkerState

from tui.ui.keys import named

if TYPE_CHECKING:
    from tui.core.edits import Edit, EditHistory
    from tui.core.models import Role
    from tui.core.sync import Sync


EDIT_BINDINGS: list[BindingType] = named([
    Binding("u", "undo", "Undo", tooltip="Undo the last edit (any article)"),
    Binding("ctrl+r", "redo", "Redo", tooltip="Redo what was undone", show=False),
    Binding("l", "label", "Label", tooltip="Change the entity's label (or label the selection): a picker, one key"),
    Binding("y", "accept", "Accept", tooltip="Accept the entity as reviewed", show=False),
    Binding("Y", "accept_all", "Accept all", tooltip="Accept every mention of this article nobody reviewed "
            "(after a confirmation with the count; u undoes it)", show=False),
    Binding("x", "reject", "Reject", tooltip="Reject the entity: wrong (kept as rejected so a re-run skips it)",
            show=False),
    Binding("d", "delete", "Delete", tooltip="Delete the entity (a model one is kept as rejected)", show=False),
    Binding("shift+right", "boundary('end', 1)", "End →", tooltip="Move the entity's (or selection's) end a word right",
            show=False),
    Binding("shift+left", "boundary('end', -1)", "End ←", tooltip="Move the end a word left", show=False),
    Binding("less_than_sign", "boundary('start', -1)", "Start ←", tooltip="Move the start a word left",
            key_display="<", show=False),
    Binding("greater_than_sign", "boundary('start', 1)", "Start →", tooltip="Move the start a word right",
            key_display=">", show=False),
    Binding("v", "select", "Select", tooltip="Start a selection for a new entity at the cursor (then shift+arrows, "
            "< >, Enter)", show=False),
    Binding("right", "move_selection(1)", "Selection →", tooltip="While selecting: move the selection a word right",
            show=False, priority=True),
    Binding("left", "move_selection(-1)", "Selection ←", tooltip="While selecting: move the selection a word left",
            show=False, priority=True),
    Binding("enter", "confirm_selection", "Label selection", show=False, priority=True),
    Binding("escape", "cancel_selection", "Cancel selection", show=False, priority=True),
    Binding("i", "link", "Link", tooltip="Link the mention to a person (fuzzy picker)", show=False),
    Binding("I", "new_person", "New person", tooltip="Make a new person from the mention", show=False),
    Binding("S", "split", "Split", tooltip="Split the mention off its person into a new person", show=False),
    Binding("M", "merge", "Merge", tooltip="Merge another person into this one (preview first)", show=False),
    Binding("e", "edit_person", "Edit person", tooltip="Edit the person: name, aliases, roles, affiliation, note",
            show=False),
    # e edits the person in a form; ctrl+e, the nearest free key, hands the file itself to $EDITOR.
    Binding("ctrl+e", "open_in_editor", "Open in $EDITOR", tooltip="Open the YAML behind the cursor in $VISUAL or "
            "$EDITOR at its line (people.yaml or meetings.yaml from a person or meeting page); merged when you quit it",
            show=False),
    Binding("w", "add_meeting", "Add meeting", tooltip="Add a meeting reported by the sentence at the cursor",
            show=False),
    Binding("W", "edit_meeting", "Edit meeting", tooltip="Edit or delete the meeting shown or at the cursor",
            show=False),
    Binding("E", "edit_meta", "Edit article", tooltip="Edit the article's title, outlet and published date",
            show=False),
    Binding("r", "next_unreviewed", "Next unreviewed", tooltip="Jump to the next model-made item nobody reviewed"),
    Binding("A", "alias_queue", "Aliases", tooltip="Alias queue: same person? y / n / u", show=False),
    Binding("C", "conflicts", "Conflicts", tooltip="Resolve files that changed on disk and clash with edits",
            show=False),
])

POLL_SECONDS = 1.0


class EditingMixin:
    """Editing actions for NewsdeskApp (see the module docstring)."""

    ws: Any
    article_id: str | None
    edit_history: EditHistory | None = None
    sync: Sync | None = None
    _selection: tuple[int, int] | None = None   # text selected for a new entity (v, drag)
    _selection_article: str | None = None
    _review_item: Any = None        # where `r` jumped last (review.Item)
    _person_index: tuple[Any, Any] | None = None   # (workspace, search index) for the person picker
    _drag_from: int | None = None
    _polling = False
    loaded_stamps: dict | None = None   # the annotation files' stamps before the workspace was read
    _reload_wanted = False   # files changed that need a full reload, put off while a conflict is open

    # --- set-up and saving -----------------------------------------------------------
    def editing_ready(self) -> None:
        """Call when a workspace is (re)loaded: files watched, history kept across reloads.
        The watcher is built in a thread (it hashes every file and copies every record: 24 s
        on 10,000 articles), so that reading and search work meanwhile; edits wait for it."""
        self._prepare_editing(self.ws, self.loaded_stamps)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync", description="watch the files")
    def _prepare_editing(self, ws: Any, loaded: dict | None) -> None:
        from tui.core import review as core_review
        from tui.core import sync as core_sync
        try:
            decisions = core_review.load_decisions(self.annotations_dir)
            sync = core_sync.Sync(ws, decisions, loaded)
        except Exception as error:  # noqa: BLE001 - reading still works; say why editing does not
            self.call_from_thread(self.notify, f"Edits cannot be saved: {type(error).__name__}: {error}",
                                  severity="error", timeout=10)
            return
        self.call_from_thread(self._editing_prepared, ws, decisions, sync)

    def _editing_prepared(self, ws: Any, decisions: Any, sync: Sync) -> None:
        from tui.core import edits
        if ws is not self.ws:   # a newer workspace came in meanwhile: its own watcher is on the way
            return
        self.decisions, self.sync = decisions, sync
        if self.edit_history is None:
            self.edit_history = edits.EditHistory(self.ws, self.sync.save, self.sync.writable)
        else:   # edits are matched by value, so undo still works on the reloaded records
            self.edit_history.ws = self.ws
            self.edit_history._save, self.edit_history._writable = self.sync.save, self.sync.writable
        if self.decisions.problem is not None:
            self.ws.problems.append(self.decisions.problem)
        self._patterns_now()   # RulesMixin (rules.py): patterns.yaml's problems shown, its saver set
        self._people_changed()   # a reload: the people are new records
        if not self._polling:
            self._polling = True
            self.set_interval(POLL_SECONDS, self._poll_files, name="watch annotation files")
            self._on_signals()

    def _editing_blocked(self) -> str | None:
        if self.ws is None:
            return "Still loading the articles…"
        busy = {w.group for w in self.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)}
        # Both write or read the files: an edit saved meanwhile would be missing from
        # what they load, and the next save would drop it.
        if "annotate" in busy:
            return "Annotating in the background: edits wait until it is done (a moment)."
        if "load" in busy:
            return "Reloading the annotation files: try again in a moment."
        if "sync" in busy or self.edit_history is None or self.sync is None or self.sync.ws is not self.ws:
            return "Getting ready to save edits (checking every annotation file): try again in a moment."
        return None

    def _run_edit(self, make) -> Edit | None:
        """Build an edit with make() and do it; problems go to the status line, not a traceback."""
        from tui.core import edits
        if blocked := self._editing_blocked():
            self.notify(blocked, severity="warning", timeout=3)
            return None
        try:
            edit = self.edit_history.do(make())
        except edits.EditError as error:
            self.notify(str(error), severity="warning", timeout=4)
            return None
        except Exception as error:  # noqa: BLE001 - a save that failed: nothing changed, say why
            self.notify(f"not saved: {error}", title="Edit not made", severity="error", timeout=8)
            return None
        self._after_edit(edit, edit.description)
        self.offer_rule(edit)   # RulesMixin (rules.py): "make it a rule?"
        return edit

    def _form(self, form: Any, save: Callable[[dict[str, str]], Edit | None]) -> None:
        """Show a FormScreen; save(values) makes the edit. When the edit is refused (the file
        is write-protected, another newsdesk holds the lock too long, ...) the form opens
        again with what was typed: the analyst's text is never thrown away."""
        def done(values: dict[str, str] | None) -> None:
            if values and save(values) is None and values != form.initial:
                self.push_screen(form.refilled(values), done)

        self.push_screen(form, done)

    def _after_edit(self, edit: Edit, message: str, *, undo_hint: bool = True) -> None:
        from tui.core import review as core_review
        # An answer in the alias queue (n, u) changes decisions.yaml alone, which nothing
        # on screen shows: the list rows are not worked out again (2 s at 10,000 articles).
        if set(edit.targets) - {core_review.DECISIONS}:
            self._redraw_after(edit)
        waiting = [self.sync.path(t).name for t in edit.targets if t in self.sync.conflicts]
        if waiting:   # made in the session; the file is written once the conflict is answered
            message += f" · {', '.join(waiting)} waits for its conflict to be resolved (C)"
        self.notify(message + (" · u undoes" if undo_hint else ""), timeout=4 if waiting else 2.5)
        self._show_sync(self.sync.found())   # what the save found changed on disk

    def _redraw_after(self, edit: Edit) -> None:
        from tui.core import edits
        self._person_index = None
        self.ws.people_changed()
        if edits.PEOPLE in edit.targets:
            self._people_changed()
        if edit.article and edit.article != self.article_id and edit.article in self.ws.articles:
            self._open_article(edit.article)
        if self.article_id:
            self._show_article(keep_scroll=True)
            if edit.spot and edit.article == self.article_id:
                self._view().focus_near(*edit.spot)
        self.redraw_side()   # every page that may show the edited record
        self._rows_changed(edit.targets)   # the edited articles' rows, not every row
        self._status_summary()

    def action_undo(self) -> None:
        self._step("undo")

    def action_redo(self) -> None:
        self._step("redo")

    def _step(self, way: str) -> None:
        from tui.core import edits
        if blocked := self._editing_blocked():
            self.notify(blocked, severity="warning", timeout=3)
            return
        try:
            edit = getattr(self.edit_history, way)()
        except edits.StaleEdit as error:
            self.notify(f"Cannot {way}: {error} (changed on disk); nothing was changed", severity="warning",
                        timeout=5)
            return
        except Exception as error:  # noqa: BLE001
            self.notify(f"Cannot {way}: {error}", severity="error", timeout=6)
            return
        if edit is None:
            self.notify(f"Nothing to {way}.", timeout=1.5)
            return
        self._after_edit(edit, f"{'undone' if way == 'undo' else 'redone'}: {edit.description}", undo_hint=False)

    # --- the focused entity ----------------------------------------------------------
    def _view(self):
        from tui.ui.widgets.article_view import ArticleView

        return self.query_one(ArticleView)

    def _cursor(self) -> int | None:
        """The index of the mention under the reader's cursor, or None (with a hint)."""
        if self.ws is None or self.article_id is None:
            return None
        index = self._view().cursor_mention
        if index is None:
            self.notify("No entity under the cursor: n moves to one, v selects text.", timeout=2.5)
        return index

    def _text(self) -> str:
        return self.ws.articles[self.article_id].text

    def _mention_edit(self, fn) -> None:
        index = self._cursor()
        if index is not None:
            self._run_edit(lambda: fn(self.ws, self.article_id, index))

    def action_accept(self) -> None:
        from tui.core import edits
        if not self._meeting_review("accepted"):
            self._mention_edit(edits.accept)

    def action_accept_all(self) -> None:
        """Y: every unreviewed mention of the article accepted, once the count is confirmed."""
        from collections import Counter

        from tui.core import edits
        from tui.ui.screens.confirm import ConfirmScreen

        if self.ws is None or self.article_id is None:
            return
        aid, hidden = self.article_id, self.hidden_labels
        try:
            edit = edits.accept_all(self.ws, aid, hidden)
        except edits.EditError as error:
            self.notify(str(error), timeout=3)
            return
        labels = Counter(change.after.label for change in edit.changes)
        summary = [f"{len(edit.changes)} mention{'s' * (len(edit.changes) != 1)} the model made and nobody "
                   f"reviewed: " + ", ".join(f"{n} {label}" for label, n in labels.most_common())]
        if left := sum(1 for m in self.ws.annotations[aid].mentions if not m.analyst_owned and m.label in hidden):
            summary.append(f"{left} more under hidden labels ({', '.join(sorted(hidden))}) stay unreviewed")

        def answered(yes: bool | str) -> None:
            if yes:
                self._run_edit(lambda: edits.accept_all(self.ws, aid, hidden))

        self.push_screen(ConfirmScreen(f"Accept everything left in {aid}?", summary, edit.preview()), answered)

    def action_reject(self) -> None:
        from tui.core import edits
        if not self._meeting_review("rejected"):
            self._mention_edit(edits.reject)

    def _meeting_review(self, review: str) -> bool:
        """y / x on a meeting report that `r` jumped to (no entity under the cursor)."""
        from tui.core import edits
        item = self._review_item
        if item is None or item.kind != "meeting" or item.article != self.article_id \
                or self._view().cursor_mention is not None or item.ref not in self.ws.meetings:
            return False
        self._run_edit(lambda: edits.edit_meeting(self.ws, item.ref, review=review))
        return True

    def action_delete(self) -> None:
        from tui.core import edits
        self._mention_edit(edits.delete)

    def action_label(self) -> None:
        from tui.core import edits
        from tui.ui.screens.label_picker import LabelPicker

        if self._live_selection() is not None:
            self.action_confirm_selection()
            return
        index = self._cursor()
        if index is None:
            return
        m = self.ws.annotations[self.article_id].mentions[index]
        aid = self.article_id

        def chosen(label: str | None) -> None:
            if label and label != m.label:
                self._run_edit(lambda: edits.relabel(self.ws, aid, index, label))

        self.push_screen(LabelPicker(f"Label for “{m.text}”", m.label), chosen)

    def action_boundary(self, edge: str, step: int) -> None:
        from tui.core import edits
        if (selection := self._live_selection()) is not None:
            start, end = selection
            text = self._text()
            if edge == "end":
                end = max(start + 1, edits.word_boundary(text, end, step, edge="end"))
            else:
                start = min(end - 1, edits.word_boundary(text, start, step, edge="start"))
            self._show_selection(start, end)
            return
        index = self._cursor()
        if index is None:
            return
        m = self.ws.annotations[self.article_id].mentions[index]
        text = self._text()
        start, end = m.start, m.end
        if edge == "end":
            end = edits.word_boundary(text, end, step, edge="end")
        else:
            start = edits.word_boundary(text, start, step, edge="start")
        if (start, end) == (m.start, m.end):
            self.notify("No further word that way.", timeout=1.5)
            return
        self._run_edit(lambda: edits.resize(self.ws, self.article_id, index, start, end, text))

    # --- selecting text for a new entity ----------------------------------------------
    def action_select(self) -> None:
        from tui.core import edits
        if self.ws is None or self.article_id is None:
            return
        view = self._view()
        index = view.cursor_mention
        text = self._text()
        if index is not None:
            start = self.ws.annotations[self.article_id].mentions[index].start
        elif view.marked is not None:   # a rejected entity, a link's target
            start = view.marked[0]
        else:
            start = view.top_offset
        start = edits.word_boundary(text, start - 1, 1, edge="start") if start else 0
        end = edits.word_boundary(text, start, 1, edge="end")
        self._show_selection(start, max(end, start + 1))
        self.notify("Selecting: ←/→ slide it, shift+←/→ move its end, < > its start, Enter labels it, "
                    "Escape cancels.",
                    timeout=4)

    def _live_selection(self) -> tuple[int, int] | None:
        """The selection while it is still what the reader shows marked; moving the
        cursor (n, a click) or opening another article drops it."""
        if self._selection is not None and (self.article_id != self._selection_article
                                            or self._view().marked != self._selection):
            self._selection = None
            self.query_one("#reader-pane").border_subtitle = ""
        return self._selection

    def _show_selection(self, start: int, end: int) -> None:
        self._selection, self._selection_article = (start, end), self.article_id
        self._view().mark(start, end)
        self.query_one("#reader-pane").border_subtitle = f"selection: “{self._text()[start:end]}”"

    def action_move_selection(self, step: int) -> None:
        """Slide the selection by a word, keeping its length in words (one word at the least)."""
        from tui.core import edits
        if self._live_selection() is None or len(self.screen_stack) > 1:
            raise SkipAction()
        text = self._text()
        start, end = self._selection
        new_start = edits.word_boundary(text, start, step, edge="start")
        if new_start == start:
            return
        words = max(1, len(edits.WORD.findall(text, start, end)))
        new_end = new_start
        for _ in range(words):
            new_end = edits.word_boundary(text, new_end, 1, edge="end")
        self._show_selection(new_start, new_end)

    def action_cancel_selection(self) -> None:
        if self._live_selection() is None or len(self.screen_stack) > 1:
            raise SkipAction()
        self._selection = None
        self._view().action_clear_cursor()
        self.query_one("#reader-pane").border_subtitle = ""

    def action_confirm_selection(self) -> None:
        from tui.core import edits
        from tui.ui.screens.label_picker import LabelPicker

        if self._live_selection() is None or len(self.screen_stack) > 1:
            raise SkipAction()
        start, end = self._selection
        aid, text = self.article_id, self._text()

        def chosen(label: str | None) -> None:
            if label:
                self._selection = None
                self._run_edit(lambda: edits.add_mention(self.ws, aid, start, end, label, text))

        self.push_screen(LabelPicker(f"Label for new entity “{text[start:end]}”"), chosen)

    def on_mouse_down(self, event) -> None:
        self._drag_from = self._offset_at(event)

    def on_mouse_up(self, event) -> None:
        from tui.core import edits
        start, self._drag_from = self._drag_from, None
        end = self._offset_at(event)
        if start is None or end is None or abs(end - start) < 2 or self.ws is None:
            return
        lo, hi = min(start, end), max(start, end)
        text = self._text()
        lo = edits.word_boundary(text, lo + 1, -1, edge="start")   # whole words
        hi = edits.word_boundary(text, hi - 1, 1, edge="end")
        self._show_selection(lo, hi)
        self.action_confirm_selection()

    def _offset_at(self, event) -> int | None:
        """The text offset under a mouse event in the reader, or None elsewhere."""
        from rich.cells import cell_len

        view = self._view()
        if self.ws is None or self.article_id is None or len(self.screen_stack) > 1:
            return None
        point = event.get_content_offset(view)
        lines = getattr(view, "_lines", None)
        if point is None or lines is None:
            return None
        row = round(view.scroll_y) + point.y
        if not 0 <= row < len(lines):
            return None
        start, end = lines[row]
        cells, text = 0, self._text()
        for offset in range(start, end):
            cells += cell_len(text[offset])
            if cells > point.x:
                return offset
        return end

    # --- people -----------------------------------------------------------------------
    def _person_counts(self) -> dict[str, int]:
        return self.ws.person_counts()

    def _picker(self, title: str, **kwargs: Any):
        from tui.core.search import build_index
        from tui.ui.screens.person_picker import PersonPicker

        # Built once per state of the workspace: edits and merged-in files drop it.
        if self._person_index is None or self._person_index[0] is not self.ws:
            self._person_index = (self.ws, build_index(self.ws))
        return PersonPicker(title, self.ws.people, self._person_index[1], counts=self._person_counts(), **kwargs)

    def _side_page(self) -> tuple[str, str] | None:
        """The side panel's page: ("person", id), ("meeting", id), or None."""
        from tui.ui.widgets.side_panel import SidePanel

        side = self._side() if hasattr(self, "_side") else self.query_one(SidePanel)
        return side.page if side is not None else None

    def _focused_person(self) -> str | None:
        """The person of the mention under the cursor, else of the side panel's person page."""
        index = self._view().cursor_mention if self.ws and self.article_id else None
        if index is not None:
            person = self.ws.annotations[self.article_id].mentions[index].person
            if person:
                return person
        page = self._side_page()
        return page[1] if page and page[0] == "person" and page[1] in self.ws.people else None

    def action_link(self) -> None:
        from tui.core import edits
        index = self._cursor()
        if index is None:
            return
        m = self.ws.annotations[self.article_id].mentions[index]
        aid = self.article_id

        def picked(result) -> None:
            if result is None:
                return
            if result.new_name:
                self._run_edit(lambda: edits.new_person(self.ws, aid, index, result.new_name))
            elif result.ids:
                self._run_edit(lambda: edits.link_person(self.ws, aid, index, result.ids[0]))

        self.push_screen(self._picker(f"Link “{m.text}” to", query=m.text), picked)

    def action_new_person(self) -> None:
        self._person_from_mention(split=False)

    def action_split(self) -> None:
        self._person_from_mention(split=True)

    def _person_from_mention(self, split: bool) -> None:
        from tui.core import edits
        from tui.ui.screens.form import Field, FormScreen

        index = self._cursor()
        if index is None:
            return
        m = self.ws.annotations[self.article_id].mentions[index]
        aid = self.article_id
        if split and not m.person:
            self.notify(f"“{m.text}” is not linked to anyone: i links it, I makes a new person.", timeout=3)
            return
        fields = [Field("name", "Name", m.text, _needed), Field("affiliation", "Affiliation (US, China, …)")]
        title = f"Split “{m.text}” into a new person" if split else f"New person from “{m.text}”"

        def save(values: dict[str, str]) -> Edit | None:
            if split:
                return self._run_edit(lambda: edits.split_mention(self.ws, aid, index, values["name"]))
            return self._run_edit(lambda: edits.new_person(self.ws, aid, index, values["name"],
                                                           values["affiliation"] or None))

        self._form(FormScreen(title, fields), save)

    def action_merge(self) -> None:
        from tui.core import edits
        if self.ws is None:
            return
        focused = self._focused_person()
        if focused is None:
            self.notify("Put the cursor on a linked mention (or open a person page) first.", timeout=3)
            return
        name = self.ws.people[focused].name

        def picked(result) -> None:
            if result is None or not result.ids:
                return
            try:   # the established record keeps its id; the preview's `s` swaps
                self._preview_merge(*edits.merge_order(self.ws, focused, result.ids[0]))
            except edits.EditError as error:
                self.notify(str(error), severity="warning")

        self.push_screen(self._picker(f"Merge whom with {name}?", allow_new=False, exclude={focused}), picked)

    def _preview_merge(self, keep: str, fold: str) -> None:
        from tui.core import edits
        from tui.ui.screens.confirm import ConfirmScreen

        edit = edits.merge_people(self.ws, keep, fold)

        def answered(answer: bool | str) -> None:
            if answer == "swap":
                self._preview_merge(fold, keep)
            elif answer:
                self._run_edit(lambda: edits.merge_people(self.ws, keep, fold))

        self.push_screen(ConfirmScreen(edit.description, edits.merge_summary(self.ws, edit), edit.preview(),
                                       swap="keep the other record"), answered)

    def action_edit_person(self) -> None:
        from tui.core import edits
        from tui.ui.screens.form import Field, FormScreen

        if self.ws is None:
            return
        pid = self._focused_person()
        if pid is None:
            self.notify("Put the cursor on a linked mention (or open a person page) first.", timeout=3)
            return
        p = self.ws.people[pid]
        fields = [
            Field("name", "Name", p.name, _needed),
            Field("aliases", "Aliases (comma-separated)", ", ".join(p.aliases)),
            Field("roles", "Roles (title @ article-id; …)", "; ".join(f"{r.title} @ {r.article}" for r in p.roles),
                  _roles_problem),
            Field("affiliation", "Affiliation", p.affiliation or ""),
            Field("note", "Note", p.note),
        ]

        self._form(FormScreen(f"Edit {p.name}", fields), lambda values: self._run_edit(lambda: edits.edit_person(
            self.ws, pid, name=values["name"], aliases=_split_list(values["aliases"], ","),
            roles=_roles(values["roles"]), affiliation=values["affiliation"] or None, note=values["note"])))

    # --- meetings and metadata --------------------------------------------------------
    def action_add_meeting(self) -> None:
        from tui.core import edits
        if self.ws is None or self.article_id is None:
            return
        view, text, aid = self._view(), self._text(), self.article_id
        if (selection := self._live_selection()) is not None:
            lo, hi = selection
        elif view.cursor_mention is not None:
            m = self.ws.annotations[aid].mentions[view.cursor_mention]
            lo, hi = m.start, m.end
        else:
            self.notify("Put the cursor on an entity in the sentence (n), or select it (v).", timeout=3)
            return
        start, end = edits.sentence_around(text, lo, hi)
        present = list(dict.fromkeys(m.person for m in self.ws.annotations[aid].mentions
                                     if m.person and m.status != "rejected" and start <= m.start < end
                                     and m.person in self.ws.people))
        sentence = text[start:end]
        short = sentence if len(sentence) < 90 else sentence[:87] + "…"

        def participants(result) -> None:
            if result is None:
                return
            if not result.ids:
                self.notify("Mark at least one participant (Tab marks each); a second one may be unnamed.",
                            severity="warning")
                return
            self.push_screen(self._meeting_form(f"Meeting: {short}", None, one_named=len(result.ids) == 1),
                             lambda values: values and self._add_meeting(aid, start, end, text, list(result.ids),
                                                                         values))

        self._selection = None
        self.push_screen(self._picker(f"Who met? “{short}”", multiple=True, marked=present, allow_new=False),
                         participants)

    def _add_meeting(self, aid: str, start: int, end: int, text: str, ids: list[str], values: dict[str, str]) -> None:
        """A new meeting, or one more report of the meeting the sentence matches: asked first."""
        from tui.core import edits
        from tui.ui.screens.confirm import ConfirmScreen

        status, place, date = values["status"], values["place"], values["date"]
        unnamed = _split_list(values.get("unnamed", ""), ",")

        def add(separate: bool) -> None:
            self._run_edit(lambda: edits.add_meeting(self.ws, aid, start, end, text, ids, status, place, date,
                                                     separate=separate, unnamed=unnamed))

        try:
            edit = edits.add_meeting(self.ws, aid, start, end, text, ids, status, place, date, unnamed=unnamed)
        except edits.EditError as error:   # e.g. the sentence reports that meeting already
            self.notify(str(error), severity="warning", timeout=4)
            return
        found = self.ws.meetings.get(edit.changes[0].id) if edit.changes[0].before is not None else None
        if found is None:
            add(False)
            return
        names = ", ".join(self.ws.people[p].name if p in self.ws.people else p for p in found.participants)
        summary = [f"{found.id}: {names}", f"{found.status}, {found.date or 'no date'}, {found.place or 'no place'}",
                   f"{len(found.reports)} report{'s' * (len(found.reports) != 1)} so far; this sentence is added"]
        self.push_screen(ConfirmScreen(f"Same meeting as {found.id}?", summary, swap="make a separate meeting"),
                         lambda answer: answer and add(answer == "swap"))

    def _meeting_form(self, title: str, meeting: Any, *, one_named: bool = False):
        """The fields of a meeting; one_named: a new meeting with one person marked, so the
        form asks for the counterpart the sentence does not name."""
        from tui.core import edits
        from tui.core.models import MEETING_STATUS_VALUES
        from tui.ui.screens.form import Field, FormScreen

        fields = [
            Field("status", f"Status ({', '.join(MEETING_STATUS_VALUES)})", meeting.status if meeting else "held",
                  lambda v: None if v in MEETING_STATUS_VALUES else f"one of {', '.join(MEETING_STATUS_VALUES)}"),
            Field("place", "Place", (meeting.place or "") if meeting else ""),
            Field("date", "Date", (meeting.date or "") if meeting else "", edits.check_date,
                  placeholder="YYYY-MM-DD, YYYY-MM, or YYYY-MM-DD/YYYY-MM-DD for a range"),
        ]
        if one_named:
            fields.insert(0, Field("unnamed", "Unnamed counterpart (the other side, as the text says it)", "",
                                   lambda v: None if v else "who else was there: e.g. Chinese officials",
                                   placeholder="e.g. his Chinese counterpart, Chinese officials"))
        if meeting is not None:
            names = [self.ws.people[p].name if p in self.ws.people else p for p in meeting.participants]
            fields.insert(0, Field("participants", "Participants (names or ids, comma-separated)",
                                   ", ".join(names), lambda v: self._participants_problem(v, len(meeting.unnamed))))
            fields.append(Field("note", "Note", meeting.note))
        return FormScreen(title, fields, deletable="this meeting" if meeting is not None else None)

    def _participant_ids(self, value: str, unnamed: int = 0) -> tuple[list[str], str | None]:
        """Person ids for "Daniel Kritenbrink, ma-zhaoxu", and the first problem; `unnamed`
        counterparts count towards the two a meeting needs."""
        ids = []
        for part in _split_list(value, ","):
            key = part.casefold()
            found = [p.id for p in self.ws.people.values()
                     if key in (p.id.casefold(), p.name.casefold(), *(a.casefold() for a in p.aliases))]
            exact = [pid for pid in found if pid.casefold() == key or self.ws.people[pid].name.casefold() == key]
            if len(exact or found) != 1:
                return ids, f"“{part}”: " + ("no such person" if not found else "more than one person has that name")
            ids.append((exact or found)[0])
        if ids and len(ids) + unnamed >= 2:
            return ids, None
        return ids, "at least one person" if unnamed else "at least two people"

    def _participants_problem(self, value: str, unnamed: int = 0) -> str | None:
        return self._participant_ids(value, unnamed)[1]

    def _focused_meeting(self) -> str | None:
        page = self._side_page()
        if page and page[0] == "meeting" and page[1] in self.ws.meetings:
            return page[1]
        index = self._view().cursor_mention if self.article_id else None
        if index is None:
            return None
        m = self.ws.annotations[self.article_id].mentions[index]
        return next((g.id for g in self.ws.meetings.values() for r in g.reports
                     if r.article == self.article_id and r.start <= m.start < r.end), None)

    def action_edit_meeting(self) -> None:
        from tui.core import edits
        from tui.ui.screens.form import DELETE

        if self.ws is None:
            return
        mid = self._focused_meeting()
        if mid is None:
            self.notify("Open a meeting page, or put the cursor in a meeting's sentence.", timeout=3)
            return
        meeting = self.ws.meetings[mid]

        def save(values: dict[str, str]) -> Edit | None:
            if DELETE in values:
                return self._run_edit(lambda: edits.delete_meeting(self.ws, mid))
            return self._run_edit(lambda: edits.edit_meeting(
                self.ws, mid, participants=self._participant_ids(values["participants"])[0], status=values["status"],
                place=values["place"], date=values["date"], note=values["note"]))

        self._form(self._meeting_form(f"Edit meeting {mid}", meeting), save)

    def action_edit_meta(self) -> None:
        from tui.core import edits
        from tui.ui.screens.form import Field, FormScreen

        if self.ws is None or self.article_id is None:
            return
        annotation = self.ws.annotations.get(self.article_id)
        if annotation is None:
            self.notify("This article has no annotation file yet: run newsdesk annotate.", timeout=3)
            return
        meta, aid = annotation.meta, self.article_id
        fields = [Field("title", "Title", meta.title or ""), Field("outlet", "Outlet", meta.outlet or ""),
                  Field("published", "Published", meta.published or "", edits.check_date, placeholder="YYYY-MM-DD"),
                  Field("dateline", "Dateline", meta.dateline or "")]
        self._form(FormScreen(f"Article {aid}", fields),
                   lambda values: self._run_edit(lambda: edits.edit_meta(self.ws, aid, **values)))

    # --- review queues ----------------------------------------------------------------
    def action_next_unreviewed(self) -> None:
        from tui.core import review as core_review
        from tui.ui.history import Place
        from tui.ui.widgets.article_table import ArticleTable

        if self.ws is None:
            return
        order = [row.id for row in self.query_one(ArticleTable).rows] or sorted(self.ws.annotations)
        index = self._view().cursor_mention if self.article_id else None
        last = self._review_item
        if index is not None and self.article_id in self.ws.annotations:
            m = self.ws.annotations[self.article_id].mentions[index]
            after = (m.start, m.end)
        elif last is not None and last.article == self.article_id:
            after = (last.start, last.end)   # a meeting report, or a mention rejected since
        else:
            after = (-1, -1)
        item = core_review.next_unreviewed(self.ws, order, self.article_id, after)
        self._review_item = item
        if item is None:
            self.notify("Everything the model made has been reviewed.", timeout=3)
            return
        page = ("meeting", item.ref) if item.kind == "meeting" else self._side_page()
        self.go(Place(item.article, (item.start, item.end), page))
        done, total = core_review.progress(self.ws, item.article)
        what = "meeting: y right · x wrong · W edit" if item.kind == "meeting" else "y accept · x reject · l label"
        self.notify(f"{item.article}: {done}/{total} reviewed · {what}", timeout=2.5)

    def action_alias_queue(self) -> None:
        from tui.core import review as core_review
        from tui.ui.screens.alias_queue import AliasQueue, Snapshot

        if self.ws is None:
            return

        def answer(pair, key: str) -> str | None:
            if blocked := self._editing_blocked():
                return blocked
            try:
                edit = self.edit_history.do(core_review.answer_edit(self.ws, self.decisions, pair, key))
            except Exception as error:  # noqa: BLE001 - shown in the queue, nothing changed
                return str(error)
            self._after_edit(edit, edit.description)
            return None

        def snapshot() -> Snapshot:   # copies of the top level, for the search's thread
            return Snapshot(dict(self.ws.people), frozenset(self.decisions.answers), self.ws.person_counts)

        self.push_screen(AliasQueue(snapshot, lambda: self.ws.people, answer))

    def _people_changed(self) -> None:
        """Whatever was worked out from the people is stale: the picker's index, the queue."""
        from tui.ui.messages import PeopleChanged

        self._person_index = None
        for screen in self.screen_stack:
            screen.post_message(PeopleChanged())

    # --- files changed on disk ----------------------------------------------------------
    def _poll_files(self) -> None:
        if self.sync is None or self._editing_blocked():
            return
        try:
            result = self.sync.poll()
        except Exception as error:  # noqa: BLE001 - a watcher hiccup must not stop the app
            self.notify(f"Watching the annotation files failed: {error}", severity="error", timeout=6)
            return
        self._show_sync(result)

    def _show_sync(self, result) -> None:
        """Show what changed on disk: merged files, conflicts (the screen opens), problems."""
        from tui.core import edits
        if not result:
            return
        self._person_index = None
        if edits.PEOPLE in result.merged:
            self._people_changed()
        for problem in result.problems:
            if problem not in self.ws.problems:
                self.ws.problems.append(problem)
            self.notify(str(problem), title="Annotation file invalid: read-only until fixed", severity="error",
                        timeout=10)
        if result.merged:
            names = ", ".join(self.sync.path(t).name for t in result.merged)
            paths = {str(self.sync.path(t)) for t in result.merged}
            fixed = any(p.path in paths for p in self.ws.problems)
            self.ws.problems[:] = [p for p in self.ws.problems if p.path not in paths]
            self.notify(f"Changed on disk, merged: {names}", timeout=4)
            if fixed or edits.PEOPLE in result.merged:
                # A file fixed, or people changed: references in the other files may have come
                # right (or gone wrong), so every file is read and checked again; not while a
                # conflict is open, since a reload takes the files as they are and would drop
                # the analyst's side of it (and the edits waiting for it).
                self._reload_wanted = True
                self._reload_if_settled()
            self._rows_changed(result.merged)
        if result.conflicts:
            self.notify(f"{len(result.conflicts)} file(s) changed on disk and clash with your edits: press C",
                        severity="warning", timeout=10)
            if len(self.screen_stack) == 1:
                self.action_conflicts()
        if self.article_id:
            self._show_article(keep_scroll=True)
        self.redraw_side()
        self._status_summary()

    def _rows_changed(self, targets) -> None:
        """The list rows (and so the status counts) of what was merged from disk: every row
        when people or meetings changed (names and meeting counts), else the articles' own."""
        from tui.core import edits
        from tui.core.views import article_rows, rows_with

        if edits.PEOPLE in targets or edits.MEETINGS in targets:
            self.all_rows = article_rows(self.ws)
        else:
            self.all_rows = rows_with(self.all_rows, self.ws, {aid for kind, aid in targets if kind == "article"})
        self._refresh_rows()

    def _reload_if_settled(self) -> None:
        if self._reload_wanted and not self.sync.conflicts:
            self._reload_wanted = False
            self.load_workspace()

    def action_conflicts(self) -> None:
        from tui.ui.screens.conflict import ConflictScreen

        if self.sync is None or not self.sync.conflicts:
            self.notify("No conflicts.", timeout=1.5)
            return
        target, conflict = next(iter(self.sync.conflicts.items()))

        def resolved(theirs: set[str] | None) -> None:
            if theirs is None:
                return
            try:
                self.sync.resolve(target, theirs)
            except Exception as error:  # noqa: BLE001
                self.notify(f"Not resolved: {error}", severity="error", timeout=8)
                return
            self.notify(f"{conflict.path.name}: resolved and saved", timeout=3)
            self._reload_if_settled()
            if self.article_id:
                self._show_article(keep_scroll=True)
            self.redraw_side()
            if self.sync.conflicts:
                self.action_conflicts()

        self.push_screen(ConflictScreen(conflict), resolved)


    # --- quitting: no decision is left only in memory ---------------------------------
    async def action_quit(self) -> None:
        """q: with a conflict left for later, ask what becomes of it before quitting."""
        from tui.ui.screens.conflict import QuitScreen

        if self.sync is None or not self.sync.conflicts:
            self.exit()
            return

        def chosen(way: str | None) -> None:
            if way is not None and self._settle_conflicts(way):
                self.exit()

        self.push_screen(QuitScreen([c.path for c in self.sync.conflicts.values()]), chosen)

    def _settle_conflicts(self, way: str) -> bool:
        """Every open conflict settled: "mine" keeps mine at each clash and writes the file,
        "theirs" takes the file's, "beside" leaves the file and writes mine beside it as
        NAME.mine.yaml. False (the app stays open) when one could not be."""
        for target, conflict in list(self.sync.conflicts.items()):
            try:
                if way == "beside":
                    self.sync.keep_beside(target)
                else:
                    self.sync.resolve(target, {c.key for c in conflict.clashes} if way == "theirs" else set())
            except Exception as error:  # noqa: BLE001 - said, and the app stays open with the conflict
                self.notify(f"{conflict.path}: not saved, so newsdesk is still open: {error}",
                            severity="error", timeout=10)
                return False
        if self.sync.conflicts and way != "beside":   # a file changed again meanwhile: look at it first
            self._show_sync(self.sync.found())
            return False
        return True

    def _on_signals(self) -> None:
        """SIGTERM or SIGHUP (a closed terminal, a logout, a shutdown): see _signalled."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, self._signalled, number)
            except (ValueError, RuntimeError, NotImplementedError):   # not the main thread, or no POSIX signals
                return

    def _signalled(self, number: int) -> None:
        """Closed from outside: mine of each open conflict is saved beside its file, then exit.
        Every other edit is on disk already."""
        import signal

        saved, failed = [], []
        for target in list(self.sync.conflicts if self.sync else ()):
            try:
                saved.append(str(self.sync.keep_beside(target)))
            except OSError as error:
                failed.append(f"{self.sync.path(target)}: {error.strerror or error}")
        name = signal.Signals(number).name
        lines = [f"newsdesk: {name}: your side of a conflict was saved as {path}" for path in saved]
        lines += [f"newsdesk: {name}: could not save your side of a conflict beside {why}" for why in failed]
        self.exit(return_code=128 + number, message="\n".join(lines) or None)


def _needed(value: str) -> str | None:
    return None if value.strip() else "cannot be empty"


def _split_list(value: str, sep: str) -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def _roles(value: str) -> list[Role]:
    from tui.core import models
    return [models.Role(*(x.strip() for x in part.split("@", 1))) for part in _split_list(value, ";")]


def _roles_problem(value: str) -> str | None:
    bad = [part for part in _split_list(value, ";") if "@" not in part]
    return f"“{bad[0]}”: write title @ article-id" if bad else None


# (name in the palette, help, action)
EDIT_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Undo", "Undo the last edit, in any article ( u )", "undo"),
    ("Redo", "Redo what was undone ( ctrl+r )", "redo"),
    ("Next unreviewed", "Jump to the next model-made item nobody reviewed ( r )", "next_unreviewed"),
    ("Alias queue", "Pairs of people that may be one: y / n / u ( A )", "alias_queue"),
    ("Change label", "Label picker for the entity under the cursor ( l )", "label"),
    ("Accept entity", "Mark the entity reviewed and right ( y )", "accept"),
    ("Accept all in article", "Every mention of this article nobody reviewed, after a confirmation ( Y )",
     "accept_all"),
    ("Reject entity", "Mark the entity wrong ( x )", "reject"),
    ("Link to person", "Fuzzy person picker ( i )", "link"),
    ("Merge people", "Fold another person into this one, with a preview ( M )", "merge"),
    ("Edit person", "Name, aliases, roles, affiliation, note ( e )", "edit_person"),
    ("Open in $EDITOR", "The YAML file behind the cursor, at its line, in $VISUAL or $EDITOR ( ctrl+e )",
     "open_in_editor"),
    ("Add meeting", "A meeting reported by the sentence at the cursor ( w )", "add_meeting"),
    ("Edit meeting", "Place, date, status, participants, or delete ( W )", "edit_meeting"),
    ("Edit article metadata", "Title, outlet, published date ( E )", "edit_meta"),
    ("Resolve conflicts", "Files changed on disk that clash with edits ( C )", "conflicts"),
    ("Apply the offered rule", "The rule the last correction suggests, to every open article ( R )", "apply_rule"),
)


class EditingCommands(Provider):
    """The correcting actions in the command palette (ctrl+p)."""

    async def discover(self) -> Hits:
        for name, help_text, action in EDIT_COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in EDIT_COMMANDS:
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action), help=help_text)


__all__ = ["EDIT_BINDINGS", "EditingCommands", "EditingMixin"]
