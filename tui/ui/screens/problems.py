"""The ! screen: input files that could not be read, as path:line: message."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.models import Problem


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,exclamation_mark,q", "dismiss", "Close")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        title = f"{len(self.problems)} problem{'s' * (len(self.problems) != 1)}" if self.problems else "No problems"
        lines = [Content.styled(title, "bold $accent"), Content("")]
        lines += [Content(str(problem)) for problem in self.problems]
        lines.append(Content.styled("\nEscape closes", "$text-muted"))
        with VerticalScroll(id="problems-box"):
            yield Static(Content("\n").join(lines))
