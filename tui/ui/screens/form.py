"""A small form of text fields (person, meeting, article metadata): Tab moves, Enter
saves, Escape cancels. Fields are checked as they are typed; the form does not close
while one is wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

DELETE = "\x00delete"
SHORT_SCREEN = 32   # rows


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    check: Callable[[str], str | None] | None = None   # the problem with a value, or None
    placeholder: str = ""


class FormScreen(ModalScreen[dict[str, str] | None]):
    """Returns {field name: text} on save, {DELETE: ""} when deleting is offered and chosen."""

    CSS_PATH = Path(__file__).with_name("editing.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        # priority: a focused Input would take ctrl+d as "delete right"
        Binding("ctrl+d", "delete", "Delete", show=False, priority=True),
    ]

    def __init__(self, title: str, fields: list[Field], *, deletable: str | None = None,
                 saving: str = "saves (u undoes it)") -> None:
        """deletable: what ctrl+d deletes ("this meeting"), or None when it cannot; saving:
        what Enter does, for the help line (an export writes a file, which u does not undo)."""
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.deletable = deletable
        self.saving = saving

    @property
    def initial(self) -> dict[str, str]:
        return {f.name: f.value for f in self.fields}

    def refilled(self, values: dict[str, str]) -> FormScreen:
        """The same form again, holding values (what was typed when its save was refused)."""
        fields = [replace(f, value=values.get(f.name, f.value)) for f in self.fields]
        return FormScreen(self.title_text, fields, deletable=self.deletable, saving=self.saving)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll():
                for f in self.fields:
                    yield Static(f.label, classes="field-label")
                    yield Input(f.value, placeholder=f.placeholder, id=f"field-{f.name}")
                    yield Static("", id=f"error-{f.name}", classes="field-error -empty")
            help_text = f"Tab next field · Enter or ctrl+s {self.saving} · Escape cancels"
            if self.deletable:
                help_text += f" · ctrl+d deletes {self.deletable}"
            yield Static(help_text, classes="dialog-help")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.deletable is not None if action == "delete" else True

    def on_mount(self) -> None:
        self._fit()
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # A short terminal: one-row fields without gaps, so a meeting's four fit in 24 rows.
        self.set_class(self.app.size.height < SHORT_SCREEN, "-short")

    def _problem(self, f: Field) -> str | None:
        value = self.query_one(f"#field-{f.name}", Input).value.strip()
        return f.check(value) if f.check else None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        f = next((f for f in self.fields if f.name == name), None)
        if f is not None:
            problem = self._problem(f)
            event.input.set_class(problem is not None, "-invalid")
            error = self.query_one(f"#error-{f.name}", Static)
            error.update(problem or "")
            error.set_class(problem is None, "-empty")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        for f in self.fields:
            if problem := self._problem(f):
                self.query_one(f"#field-{f.name}", Input).focus()
                self.notify(f"{f.label}: {problem}", severity="error", timeout=3)
                return
        self.dismiss({f.name: self.query_one(f"#field-{f.name}", Input).value.strip() for f in self.fields})

    def action_delete(self) -> None:
        self.dismiss({DELETE: ""})
