"""The ? screen: every key binding, read from the BINDINGS so it never drifts."""

from __future__ import annotations

from typing import ClassVar, Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(bindings: Iterable[BindingType], key_display) -> list[tuple[str, str]]:
    """(keys, description) for each binding, with its alternative keys joined."""
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        keys = [key_display(Binding(key, binding.action, key_display=binding.key_display))
                for key in binding.key.split(",")]
        rows.append((" ".join(dict.fromkeys(keys)), binding.tooltip or binding.description or binding.action))
    return rows


def sections() -> list[tuple[str, list[BindingType]]]:
    """Where each set of bindings applies, in the order a newcomer needs them."""
    from textual.widgets import OptionList

    from tui.ui.app import FilterInput, NewsdeskApp
    from tui.ui.editing import EDIT_BINDINGS
    from tui.ui.widgets.article_table import ArticleTable
    from tui.ui.widgets.article_view import ArticleView
    from tui.ui.widgets.link_list import LinkList

    return [
        ("Everywhere", [b for b in NewsdeskApp.BINDINGS if b not in EDIT_BINDINGS]),
        ("Article list", ArticleTable.BINDINGS),
        ("Filter box", FilterInput.BINDINGS),
        ("Reader", ArticleView.BINDINGS),
        ("Correcting (reader)", EDIT_BINDINGS),
        ("Side panel lists", [*LinkList.BINDINGS, *OptionList.BINDINGS]),
        ("Mouse", [Binding("click", "", "an entity, row or link opens it; a legend chip toggles its label"),
                   Binding("drag", "", "drag over words in the reader: a new entity (label picker)")]),
    ]


class HelpScreen(ModalScreen[None]):
    """Key bindings by where they apply; Escape or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        lines: list[Content] = [
            Content.assemble(("newsdesk keys", "bold $accent"),
                             ("   ctrl+p: every command by name · Escape or ? closes this", "$text-muted")),
            Content(""),
        ]
        for title, bindings in sections():
            lines.append(Content.styled(title, "bold"))
            for keys, description in binding_rows(bindings, self.app.get_key_display):
                lines.append(Content.assemble((f"  {keys:<24}", "$text-accent"), description))
            lines.append(Content(""))
        with VerticalScroll(id="help-box"):
            yield Static(Content("\n").join(lines), id="help-text")
