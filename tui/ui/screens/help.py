"""The ? screen: every key binding, read from the BINDINGS so it never drifts."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(bindings: Iterable[BindingType], key_display,
                 overrides: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, description) for each action, with its alternative keys joined (also keys
    that two bindings give the same action, as j and ↓ in a list); overrides are the keys
    config.toml gives bindings by name."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        key = (overrides or {}).get(binding.id or "", binding.key)
        shown = binding.key_display if key == binding.key else None
        keys = [key_display(Binding(k, binding.action, key_display=shown)) for k in key.split(",")]
        description = binding.tooltip or binding.description or binding.action
        known, _ = rows.setdefault(binding.action or description, ([], description))
        known.extend(keys)
    return [(" ".join(dict.fromkeys(keys)), description) for keys, description in rows.values()]


def sections() -> list[tuple[str, list[BindingType]]]:
    """Where each set of bindings applies, in the order a newcomer needs them."""
    from textual.widgets import OptionList

    from tui.ui.app import FilterInput, NewsdeskApp
    from tui.ui.editing import EDIT_BINDINGS
    from tui.ui.widgets.article_table import ArticleTable
    from tui.ui.widgets.article_view import ArticleView
    from tui.ui.widgets.find_bar import FindInput
    from tui.ui.widgets.link_list import LinkList

    return [
        ("Everywhere", [b for b in NewsdeskApp.BINDINGS if b not in EDIT_BINDINGS]),
        ("Article list", ArticleTable.BINDINGS),
        ("Filter box", FilterInput.BINDINGS),
        ("Reader", ArticleView.BINDINGS),
        ("Find bar (ctrl+f)", FindInput.BINDINGS),
        ("Correcting (reader)", EDIT_BINDINGS),
        ("Side panel lists", sorted([*OptionList.BINDINGS, *LinkList.BINDINGS],
                                    key=lambda b: LIST_ORDER.get(b.action if isinstance(b, Binding) else b[1], 9))),
        ("Counts", [Binding("5j", "", "a number before j k n N (or ↑ ↓) repeats it: 5j five lines, 3n three "
                                       "entities on; the status line shows it, Escape drops it (a digit still "
                                       "toggles its label, and the label comes back when the count is used)")]),
        ("Mouse", [Binding("click", "", "an entity, row or link opens it; a legend chip toggles its label"),
                   Binding("drag", "", "drag over words in the reader: a new entity (label picker)")]),
    ]


LIST_ORDER = {"cursor_up": 0, "cursor_down": 1, "page_up": 2, "page_down": 3, "first": 4, "last": 5, "select": 6}
KEYS_WIDTH = 24


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
        # Long descriptions wrap under themselves, not under the keys: box, border, padding, scrollbar.
        room = max(20, min(90, self.app.size.width) - 6 - 2 - KEYS_WIDTH)
        indent = "\n" + " " * (2 + KEYS_WIDTH)
        for title, bindings in sections():
            lines.append(Content.styled(title, "bold"))
            for keys, description in binding_rows(bindings, self.app.get_key_display,
                                                   getattr(self.app, "key_overrides", None)):
                wrapped = indent.join(textwrap.wrap(description, room)) or description
                lines.append(Content.assemble((f"  {keys:<{KEYS_WIDTH}}", "$text-accent"), wrapped))
            lines.append(Content(""))
        with VerticalScroll(id="help-box"):
            yield Static(Content("\n").join(lines), id="help-text")
