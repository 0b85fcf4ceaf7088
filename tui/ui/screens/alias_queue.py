"""Are these two one person? y same (merge), n different, u unsure, s skip for now.

Pairs come best first from tui.core.review.suggestions; every answer is remembered in
decisions.yaml, so a pair is never asked twice. "y" is an ordinary edit: u undoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.models import Person
from tui.core.review import Suggestion


def _card(person: Person, mentions: int) -> Content:
    lines = [Content.styled(person.name, "bold"), Content.styled(f"  {person.id} · {mentions} mention{'s' * (mentions != 1)}",
                                                                  "$text-muted")]
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

    def __init__(self, pairs: Callable[[], list[Suggestion]], people: Callable[[], dict[str, Person]],
                 counts: Callable[[], dict[str, int]], answer: Callable[[Suggestion, str], str | None]) -> None:
        """answer(pair, key) makes the edit and returns an error message or None."""
        super().__init__()
        self._pairs = pairs
        self._people = people
        self._counts = counts
        self._answer = answer
        self.skipped: set[tuple[str, str]] = set()
        self.current: Suggestion | None = None
        self._asked = 0   # pairs shown so far: none at all reads differently from all answered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Same person?", classes="dialog-title", id="alias-title")
            yield Static("", id="alias-pair")
            yield Static("y same (merge, the first is kept) · n different · u unsure · s skip · Escape closes",
                         classes="dialog-help")

    def on_mount(self) -> None:
        self._next()

    def _next(self) -> None:
        pending = [p for p in self._pairs() if (p.a, p.b) not in self.skipped]
        self.current = pending[0] if pending else None
        pair = self.query_one("#alias-pair", Static)
        if self.current is None:
            if not self._asked:
                self.query_one("#alias-title", Static).update("No likely duplicates found")
                note = "No two people look like one: nothing to ask."
            else:
                self.query_one("#alias-title", Static).update("No more pairs to ask about")
                note = "Every likely pair has an answer."
            if self.skipped:
                note += f" {len(self.skipped)} skipped: open the queue again (A) to see them."
            pair.update(Content.styled(note, "$text-muted"))
            return
        self._asked += 1
        people, counts = self._people(), self._counts()
        left = f"{len(pending)} pair{'s' * (len(pending) != 1)} left"
        self.query_one("#alias-title", Static).update(f"Same person? ({left})")
        pair.update(Content("\n").join([
            _card(people[self.current.a], counts.get(self.current.a, 0)), Content(""),
            _card(people[self.current.b], counts.get(self.current.b, 0)), Content(""),
            Content.styled(f"why asked: {self.current.reason}", "$text-muted")]))

    def action_answer(self, key: str) -> None:
        if self.current is None:
            return
        error = self._answer(self.current, key)
        if error:
            self.notify(error, severity="error", timeout=4)
            return
        self._next()

    def action_skip(self) -> None:
        if self.current is not None:
            self.skipped.add((self.current.a, self.current.b))
            self._next()
