"""Are these two one person? y same (merge), n different, u unsure, s skip for now.

The pairs come from tui.core.review.find_suggestions, in a worker thread: the first pair
is shown as soon as it is found and the rest queue up behind it, best first, while the
search goes on (the dialog says how far it got), and every key works meanwhile. A
corpus change (a "y" merges two people; a reload; people.yaml merged from disk) starts
the search again on the new people, and the stale run is cancelled, as it is when the
dialog closes. Every answer is remembered in decisions.yaml, so a pair is never asked
twice; "y" is an ordinary edit.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Container, Mapping
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.core.models import Person
from tui.core.review import Decisions, Suggestion, find_suggestions, rank_key
from tui.ui.messages import PeopleChanged

POST_EVERY = 0.1   # seconds between the search's posts, after its first pairs
PAUSE = 0.01       # seconds the search gives the event loop after each post


class Snapshot(NamedTuple):
    """What one search reads, taken on the UI thread: copies, since the app edits its own."""

    people: Mapping[str, Person]
    answered: Container[tuple[str, str]]   # Decisions.key pairs with an answer
    counts: Callable[[], Mapping[str, int]]   # the mentions of each person, for the cards (run in the thread)


def _card(person: Person, mentions: int | None) -> Content:
    counted = "counting mentions…" if mentions is None else f"{mentions} mention{'s' * (mentions != 1)}"
    lines = [Content.styled(person.name, "bold"), Content.styled(f"  {person.id} · {counted}", "$text-muted")]
    if person.aliases:
        lines.append(Content(f"  also: {', '.join(person.aliases)}"))
    for role in person.roles[:3]:
        lines.append(Content(f"  {role.title} ({role.article})"))
    if person.affiliation:
        lines.append(Content(f"  {person.affiliation}"))
    return Content("\n").join(lines)


class AliasQueue(ModalScreen[None]):
    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('y')", "Same"),
        Binding("n", "answer('n')", "Different"),
        Binding("u", "answer('u')", "Unsure"),
        Binding("s", "skip", "Skip"),
        Binding("escape,q", "dismiss(None)", "Close"),
    ]

    class PairsFound(Message):
        """A batch from the search: the pairs, and how many people it has been through."""

        def __init__(self, run: int, pairs: list[Suggestion], done: int, total: int) -> None:
            super().__init__()
            self.run, self.pairs, self.done, self.total = run, pairs, done, total

    class MentionsCounted(Message):
        def __init__(self, run: int, counts: Mapping[str, int]) -> None:
            super().__init__()
            self.run, self.counts = run, counts

    def __init__(self, snapshot: Callable[[], Snapshot], people: Callable[[], Mapping[str, Person]],
                 answer: Callable[[Suggestion, str], str | None]) -> None:
        """snapshot() is what a search reads; people() the app's people as they are now;
        answer(pair, key) makes the edit and returns an error message or None."""
        super().__init__()
        self._snapshot = snapshot
        self._people = people
        self._answer = answer
        self.skipped: set[tuple[str, str]] = set()
        self.current: Suggestion | None = None
        self._asked = 0   # pairs shown so far: none at all reads differently from all answered
        self._answered: set[tuple[str, str]] = set()   # in this dialog (Decisions.key)
        self._run = 0     # the search whose messages count; older ones are stale
        self._progress = (0, 0)
        self._complete = False
        self._found: list[Suggestion] = []   # by the current run, kept to replace the queue when it ends
        self._queue: list[tuple[Any, Suggestion]] = []   # a heap: best first
        self._queued: set[tuple[str, str]] = set()
        self._counts: Mapping[str, int] | None = None
        self._progress_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Same person?", classes="dialog-title", id="alias-title")
            yield Static("", id="alias-pair")
            yield Static("", id="alias-progress")
            yield Static("y same (merge, the first is kept) · n different · u unsure · s skip · Escape closes",
                         classes="dialog-help")

    def on_mount(self) -> None:
        self._show()
        # The threads start once the dialog is drawn: they take the GIL from the drawing.
        self.call_after_refresh(self._start)

    @property
    def searching(self) -> bool:
        """The search for pairs is still going on."""
        return not self._complete

    # --- the search ----------------------------------------------------------------------
    def _start(self) -> None:
        """(Re)start the search on the people as they are now; the queue already shown stays
        until the new run is complete, less the pairs of people merged away meanwhile."""
        self._run += 1
        self._complete, self._found, self._progress = False, [], (0, 0)
        self._search(self._run, self._snapshot())
        self._show()

    # A description of its own: Textual's default is the repr of every argument, which for
    # the copies of 20,000 people and their annotations took 10 s on the event loop.
    @work(thread=True, exclusive=True, group="alias-pairs", exit_on_error=False, description="alias pairs")
    def _search(self, run: int, snapshot: Snapshot) -> None:
        """Post what is found: the first pairs at once, then at most every POST_EVERY
        seconds (each post redraws the dialog), and the end. Once the first pairs are
        out, count the mentions for the cards. One thread, which pauses after each
        post: the event loop needs the GIL to draw what was posted."""
        worker = get_current_worker()
        found: list[tuple[Any, Suggestion]] = []
        posted, any_posted, counted = -POST_EVERY, False, False
        for done, total, pairs in find_suggestions(snapshot.people, snapshot.answered):
            if worker.is_cancelled:
                return
            found += [(rank_key(s, snapshot.people), s) for s in pairs]
            now = time.monotonic()
            if done == total or now - posted >= POST_EVERY or (found and not any_posted):
                self.post_message(self.PairsFound(run, found, done, total))
                posted, any_posted, found = now, any_posted or bool(found), []
                time.sleep(PAUSE)
            if any_posted and not counted:
                counted = True
                counts = snapshot.counts()
                if worker.is_cancelled:
                    return
                self.post_message(self.MentionsCounted(run, counts))

    @on(PairsFound)
    def _pairs_found(self, message: PairsFound) -> None:
        if message.run != self._run:
            return
        self._found += message.pairs
        self._progress = (message.done, message.total)
        self._complete = message.done == message.total
        people = self._people()
        if self._complete:   # this run's pairs are the queue now: none of a stale run is left
            self._queue = [(key, s) for key, s in self._found if self._wanted(s, people)]
            heapq.heapify(self._queue)
            self._queued = {(s.a, s.b) for _, s in self._queue}
        else:
            for key, s in message.pairs:
                if (s.a, s.b) not in self._queued and self._wanted(s, people):
                    heapq.heappush(self._queue, (key, s))
                    self._queued.add((s.a, s.b))
        self._show()

    @on(MentionsCounted)
    def _mentions_counted(self, message: MentionsCounted) -> None:
        if message.run == self._run:
            self._counts = message.counts
            self._show()

    @on(PeopleChanged)
    def _people_changed(self) -> None:
        self._start()

    def _wanted(self, pair: Suggestion, people: Mapping[str, Person]) -> bool:
        """Still to ask: not answered or skipped here, and both people still there."""
        return ((pair.a, pair.b) not in self.skipped and Decisions.key(pair.a, pair.b) not in self._answered
                and pair != self.current and pair.a in people and pair.b in people)

    # --- showing ---------------------------------------------------------------------------
    def _next(self) -> None:
        self.current = None
        people = self._people()
        while self._queue:
            _, pair = heapq.heappop(self._queue)
            self._queued.discard((pair.a, pair.b))
            if self._wanted(pair, people):
                self.current = pair
                self._asked += 1
                break
        self._show()

    def _show(self) -> None:
        if self.current is None and self._queue:
            self._next()
            return
        title = self.query_one("#alias-title", Static)
        pair = self.query_one("#alias-pair", Static)
        self._show_progress()
        if self.current is None:
            if not self._complete:
                title.update("Looking for people who may be one…")
                pair.update(Content.styled("The first pair shows as soon as it is found.", "$text-muted"))
                return
            if not self._asked:
                title.update("No likely duplicates found")
                note = "No two people look like one: nothing to ask."
            else:
                title.update("No more pairs to ask about")
                note = "Every likely pair has an answer."
            if self.skipped:
                note += f" {len(self.skipped)} skipped: open the queue again (A) to see them."
            pair.update(Content.styled(note, "$text-muted"))
            return
        left = len(self._queued) + 1
        count = f"{left} pair{'s' * (left != 1)} {'so far' if not self._complete else 'left'}"
        title.update(f"Same person? ({count})")
        people = self._people()
        a, b = self.current.a, self.current.b
        counts = self._counts
        pair.update(Content("\n").join([
            _card(people[a], None if counts is None else counts.get(a, 0)), Content(""),
            _card(people[b], None if counts is None else counts.get(b, 0)), Content(""),
            Content.styled(f"why asked: {self.current.reason}", "$text-muted")]))

    def _show_progress(self) -> None:
        progress = self.query_one("#alias-progress", Static)
        progress.display = not self._complete
        if not self._complete:
            done, total = self._progress
            share = f"{total:,} people: {done * 100 // total} %" if total else "the people"
            text = f"still looking through {share}"
            if text != self._progress_text:   # an update lays the dialog out again
                self._progress_text = text
                progress.update(Content.styled(text, "$text-muted"))

    # --- answers -----------------------------------------------------------------------------
    def action_answer(self, key: str) -> None:
        if self.current is None:
            return
        error = self._answer(self.current, key)
        if error:
            self.notify(error, severity="error", timeout=4)
            return
        self._answered.add(Decisions.key(self.current.a, self.current.b))
        self._next()

    def action_skip(self) -> None:
        if self.current is not None:
            self.skipped.add((self.current.a, self.current.b))
            self._next()
