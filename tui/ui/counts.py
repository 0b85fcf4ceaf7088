"""Vim-style count prefixes for NewsdeskApp: `5j` scrolls five lines, `3n` goes three entities on.

The digits are the label keys too (1-8 show or hide a label, 0 shows them all). A digit
pressed in the reader or the article list does both: it toggles its label at once, as it
always has, and starts a count, shown in the status line. When j, k, n or N (or an arrow)
follows, the count is used and the labels are put back as they were before the first
digit; Escape drops the count and keeps the labels as toggled, as does any other key.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content

from tui.core.labels import EXTRACTED_LABELS

COUNT_KEYS = frozenset({"j", "k", "n", "N", "up", "down"})   # the keys that use a count
MAX_DIGITS = 4


class CountMixin:
    """The pending count of NewsdeskApp (see the module docstring)."""

    _count = ""
    _count_before: tuple[frozenset[str], int | None] | None = None   # labels and cursor before the digits

    hidden_labels: frozenset[str]

    def action_digit(self, digit: int) -> None:
        """A digit key: its label toggled, and the count it starts (where j, k and n work)."""
        if (self._pane_of(self.focused) in ("reader", "list") and len(self.screen_stack) == 1
                and (self._count or digit)):   # as in vim, a count does not start with 0
            if not self._count:
                self._count_before = (self.hidden_labels, self._view().cursor_mention)
            self._count = (self._count + str(digit))[-MAX_DIGITS:]
        if digit:
            self.action_toggle_label(EXTRACTED_LABELS[digit - 1])
        else:
            self.action_all_labels()
        if self._count:
            self._status(Content.assemble((f"count {self._count}", "bold $accent"),
                                          ("  j k: lines · n N: entities · Escape: no count", "$text-muted")))

    def take_count(self) -> int:
        """The pending count (1 without one), used up; the labels its digits toggled come back."""
        if not self._count:
            return 1
        count = int(self._count)
        hidden, cursor = self._count_before or (self.hidden_labels, None)
        self.clear_count()
        if hidden != self.hidden_labels:
            self.hidden_labels = hidden
            if self.article_id:
                self._show_article(keep_scroll=True)
                if cursor is not None:
                    self._view().focus_mention(cursor)
        return count

    def clear_count(self) -> None:
        if self._count:
            self._count, self._count_before = "", None
            self._status_summary()

    async def on_event(self, event: Any) -> None:
        if (isinstance(event, events.Key) and self._count and not event.is_forwarded
                and event.key not in COUNT_KEYS and not event.key.isdigit()):
            self.clear_count()
            if event.key == "escape":   # Escape only drops the count (the cursor stays)
                return
        await super().on_event(event)


def count_of(app: Any) -> int:
    """The count typed before a key in the app (1 where the app keeps none), used up."""
    take = getattr(app, "take_count", None)
    return take() if take else 1
