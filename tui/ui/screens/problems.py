"""The ! screen: input files that could not be read, as path:line: message, then the warnings
about articles that were read anyway (path: warning: message)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.models import Problem
from tui.core.views import problem_counts


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,exclamation_mark,q", "dismiss", "Close")]

    def __init__(self, problems: list[Problem], warnings: list[Problem] | tuple = ()) -> None:
        super().__init__()
        self.problems = problems
        self.warnings = list(warnings)

    def compose(self) -> ComposeResult:
        title = problem_counts(len(self.problems), len(self.warnings)) or "No problems"
        lines = [Content.styled(title, "bold $accent"), Content("")]
        lines += [Content(str(problem)) for problem in [*self.problems, *self.warnings]]
        lines.append(Content.styled("\nEscape closes", "$text-muted"))
        with VerticalScroll(id="problems-box"):
            yield Static(Content("\n").join(lines))

