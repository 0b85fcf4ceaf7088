"""Spans in start order, for questions asked once per mention of an article.

"Does anything overlap this name?" asked of every mention, by scanning every mention,
costs O(n²): minutes on a 1.5 MB article. SpanIndex answers from the spans that start
within the longest span's length before the query, found by bisection, so an article's
worth of questions costs O(n log n) while spans stay short (names and titles are).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class SpanIndex(Generic[S]):
    def __init__(self, spans: Iterable[S] = ()) -> None:
        self._items: list[S] = sorted(spans, key=lambda x: x.start)
        self._starts = [x.start for x in self._items]
        self._longest = max((x.end - x.start for x in self._items), default=0)

    def add(self, span: S) -> None:
        at = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._items.insert(at, span)
        self._longest = max(self._longest, span.end - span.start)

    def remove(self, span: S) -> None:
        """Remove this very object (not an equal one)."""
        at = bisect.bisect_left(self._starts, span.start)
        while self._items[at] is not span:
            at += 1
        del self._starts[at], self._items[at]

    def near(self, start: int, end: int) -> list[S]:
        """The spans that may touch start..end, a superset of those that do."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        return self._items[lo:bisect.bisect_right(self._starts, end)]

    def overlapping(self, start: int, end: int) -> list[S]:
        return [x for x in self.near(start, end) if x.start < end and start < x.end]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))

    def holds(self, start: int, end: int) -> bool:
        """True when some span contains start..end."""
        return any(x.start <= start and end <= x.end for x in self.near(start, end))

    def inside(self, start: int, end: int) -> list[S]:
        """The spans within start..end, in start order."""
        return [x for x in self.near(start, end) if start <= x.start and x.end <= end]


class EditedSpans(Generic[S]):
    """A list of spans being edited (spans dropped, added, replaced) with a SpanIndex of
    those still in it. It keeps the list's order: a replacement takes its original's
    place, an added span goes to the end."""

    def __init__(self, spans: Iterable[S]) -> None:
        self._items: list[S | None] = list(spans)
        self._at = {id(x): i for i, x in enumerate(self._items)}
        self.index = SpanIndex(self._items)

    def __iter__(self) -> Iterator[S]:
        return (x for x in self._items if x is not None)

    def drop(self, span: S) -> None:
        self._items[self._at.pop(id(span))] = None
        self.index.remove(span)

    def add(self, span: S) -> None:
        self._at[id(span)] = len(self._items)
        self._items.append(span)
        self.index.add(span)

    def replace(self, old: S, new: S) -> None:
        at = self._at.pop(id(old))
        self._items[at], self._at[id(new)] = new, at
        self.index.remove(old)
        self.index.add(new)

    def result(self) -> list[S]:
        return list(self)
