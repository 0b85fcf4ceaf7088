"""Spans in start order, for questions asked once per mention of an article.

"Does anything overlap this name?" asked of every mention, by scanning every mention,
costs O(n²): minutes on a 1.5 MB article. Here each question costs a bisection.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Generic, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


class _Sorted(Generic[S]):
    def __init__(self, spans: Iterable[S]) -> None:
        self._items: list[S] = sorted(spans, key=lambda x: x.start)
        self._starts = [x.start for x in self._items]

    def inside(self, start: int, end: int) -> list[S]:
        """The spans within start..end, in start order."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [x for x in self._items[lo:hi] if x.end <= end]


class SpanIndex(_Sorted[S]):
    """A fixed set of spans. The furthest end reached by the spans up to each one answers
    overlaps and holds exactly, however long some span is (a page's trailing chrome)."""

    def __init__(self, spans: Iterable[S] = ()) -> None:
        super().__init__(spans)
        self._reach = list(accumulate((x.end for x in self._items), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)   # the spans that start before end
        return before > 0 and self._reach[before - 1] > start

    def holds(self, start: int, end: int) -> bool:
        """True when some span contains start..end."""
        upto = bisect.bisect_right(self._starts, start)
        return upto > 0 and self._reach[upto - 1] >= end


class EditedSpans(_Sorted[S]):
    """A list of spans being edited (spans dropped, added, replaced). It keeps the list's
    order: a replacement takes its original's place, an added span goes to the end.
    Questions look at the spans that start within the longest span's length before them:
    O(log n) while spans stay short, as the model's mentions do."""

    def __init__(self, spans: Iterable[S]) -> None:
        given = list(spans)
        self._order: list[S | None] = list(given)   # None where a span was dropped
        self._at = {id(x): i for i, x in enumerate(given)}
        super().__init__(given)
        self._longest = max((x.end - x.start for x in self._items), default=0)

    def __iter__(self) -> Iterator[S]:
        return (x for x in self._order if x is not None)

    def result(self) -> list[S]:
        return list(self)

    def drop(self, span: S) -> None:
        self._order[self._at.pop(id(span))] = None
        self._unindex(span)

    def add(self, span: S) -> None:
        self._at[id(span)] = len(self._order)
        self._order.append(span)
        self._index(span)

    def replace(self, old: S, new: S) -> None:
        at = self._at.pop(id(old))
        self._order[at], self._at[id(new)] = new, at
        self._unindex(old)
        self._index(new)

    def near(self, start: int, end: int) -> list[S]:
        """The spans that may touch start..end, a superset of those that do."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        return self._items[lo:bisect.bisect_right(self._starts, end)]

    def overlapping(self, start: int, end: int) -> list[S]:
        return [x for x in self.near(start, end) if x.start < end and start < x.end]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))

    def _index(self, span: S) -> None:
        at = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._items.insert(at, span)
        self._longest = max(self._longest, span.end - span.start)

    def _unindex(self, span: S) -> None:
        at = bisect.bisect_left(self._starts, span.start)
        while self._items[at] is not span:
            at += 1
        del self._starts[at], self._items[at]
