"""Pick people by typing: fuzzy (tui.core.search), typo-tolerant, best first.

One person (link a mention, merge), or several (a meeting's participants: Space marks,
Enter takes the marked). The last row offers a new person named as typed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.models import Person

NEW = "\x00new"


@dataclass(frozen=True, slots=True)
class Picked:
    """What the picker returns: person ids, or a new person's name."""

    ids: tuple[str, ...] = ()
    new_name: str | None = None


def person_line(person: Person, mentions: int = 0, *, same_name: bool = False) -> Content:
    """Name, then what tells people apart; same_name adds the id (two people share the name)."""
    bits = [person.affiliation or "", ", ".join(person.aliases[:3]),
            person.roles[0].title if person.roles else "", f"{mentions}×" if mentions else "",
            f"id {person.id}" if same_name else ""]
    return Content.assemble((person.name, "bold"), ("  " + " · ".join(b for b in bits if b), "$text-muted"))


class PersonPicker(ModalScreen[Picked | None]):
    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("tab", "mark", "Mark", show=False, priority=True),
    ]
    LIMIT = 30

    def __init__(self, title: str, people: dict[str, Person], index: Any, *, query: str = "",
                 multiple: bool = False, marked: list[str] | None = None, allow_new: bool = True,
                 exclude: set[str] | None = None, counts: dict[str, int] | None = None) -> None:
        """index: a tui.core.search.SearchIndex over the workspace (people kind)."""
        super().__init__()
        self.title_text = title
        self.people = people
        self.index = index
        self.query_text = query
        self.multiple = multiple
        self.marked: list[str] = list(marked or [])
        self.allow_new = allow_new
        self.exclude = exclude or set()
        self.counts = counts or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(self.query_text, placeholder="type a name: typos and initials are fine", id="query")
            yield Static("", id="marked")
            yield OptionList(id="people")
            help_text = ("↑↓ choose · Tab mark or unmark · Enter done" if self.multiple else "↑↓ choose · Enter pick")
            yield Static(help_text + " · Escape cancels", classes="dialog-help")

    def on_mount(self) -> None:
        self._refresh()

    def _ids(self, query: str) -> list[str]:
        if not query.strip():
            return sorted((p for p in self.people if p not in self.exclude),
                          key=lambda p: (-self.counts.get(p, 0), self.people[p].name.casefold()))[:self.LIMIT]
        hits = self.index.search(query, kinds=("person",), limit=self.LIMIT) if self.index is not None else []
        return [h.target_id for h in hits if h.target_id in self.people and h.target_id not in self.exclude]

    def _refresh(self) -> None:
        query = self.query_one(Input).value
        options = []
        ids = self._ids(query)
        names = Counter(self.people[pid].name.casefold() for pid in ids)
        for pid in ids:
            mark = "[x] " if pid in self.marked else ("[ ] " if self.multiple else "")
            person = self.people[pid]
            line = person_line(person, self.counts.get(pid, 0), same_name=names[person.name.casefold()] > 1)
            options.append(Option(Content(mark) + line, id=pid))
        if self.allow_new and query.strip():
            options.append(Option(Content.styled(f"+ new person “{query.strip()}”", "$success"), id=NEW))
        listing = self.query_one(OptionList)
        listing.set_options(options)
        if options:
            listing.highlighted = 0
        names = ", ".join(self.people[p].name for p in self.marked if p in self.people)
        self.query_one("#marked", Static).update(Content.styled(f"marked: {names}", "$accent") if names else "")

    @on(Input.Changed)
    def _typed(self) -> None:
        self._refresh()

    def action_move(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = ((listing.highlighted or 0) + step) % listing.option_count

    def _highlighted(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_mark(self) -> None:
        pid = self._highlighted()
        if not self.multiple or pid in (None, NEW):
            return
        if pid in self.marked:
            self.marked.remove(pid)
        else:
            self.marked.append(pid)
        keep = self.query_one(OptionList).highlighted
        self._refresh()
        self.query_one(OptionList).highlighted = keep

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self._highlighted())

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, pid: str | None) -> None:
        if pid == NEW:
            self.dismiss(Picked(new_name=self.query_one(Input).value.strip()))
        elif self.multiple:
            if pid is not None and pid not in self.marked and not self.marked:
                self.marked.append(pid)
            self.dismiss(Picked(tuple(self.marked)))
        elif pid is not None:
            self.dismiss(Picked((pid,)))
