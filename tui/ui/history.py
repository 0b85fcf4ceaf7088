"""Browser-style back/forward history of places the analyst has been."""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Place(NamedTuple):
    """Where the reader is: an article, a spot in it, and the side page shown."""

    article: str | None
    spot: tuple[int, int] | None = None    # the text range under the cursor or marked
    page: tuple[str, str] | None = None    # ("person", id), ("meeting", id) or None for the article page
    top: int | None = None                 # the text offset at the top of the reader (None: wherever spot puts it)
    pane: str | None = None                # the pane in front, brought back where one pane shows at a time


class History(Generic[T]):
    """Back and forward stacks around the current place; visiting a new place clears forward."""

    def __init__(self, limit: int = 200) -> None:
        self._back: list[T] = []
        self._forward: list[T] = []
        self._limit = limit

    def visit(self, leaving: T) -> None:
        """Record the place being left for a new one."""
        if self._back and self._back[-1] == leaving:
            return
        self._back.append(leaving)
        del self._back[:-self._limit]
        self._forward.clear()

    def back(self, current: T) -> T | None:
        """The previous place (current goes onto forward), or None at the start."""
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: T) -> T | None:
        """The next place (current goes onto back), or None at the end."""
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()

    @property
    def can_back(self) -> bool:
        return bool(self._back)

    @property
    def can_forward(self) -> bool:
        return bool(self._forward)
