"""SpanIndex and EditedSpans answer as a scan of every span would."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tui.core.span_index import EditedSpans, SpanIndex


@dataclass(eq=False)
class Span:
    start: int
    end: int


def _spans(rng: random.Random, n: int) -> list[Span]:
    # mostly short spans, some long ones (a page's trailing chrome), some nested or equal
    return [Span(s, s + (rng.randint(1, 400) if rng.random() < 0.1 else rng.randint(1, 12)))
            for s in (rng.randint(0, 1000) for _ in range(n))]


def _overlapping(spans: list[Span], start: int, end: int) -> list[Span]:
    return [x for x in spans if x.start < end and start < x.end]


def test_answers_match_a_scan_of_every_span() -> None:
    rng = random.Random(10)
    for _ in range(200):
        spans = _spans(rng, rng.randint(0, 40))
        index = SpanIndex(spans)
        for _ in range(30):
            start = rng.randint(-5, 1005)
            end = start + rng.randint(1, 30)
            assert index.overlaps(start, end) == bool(_overlapping(spans, start, end))
            assert index.holds(start, end) == any(x.start <= start and end <= x.end for x in spans)
            assert {id(x) for x in index.inside(start, end)} == \
                {id(x) for x in spans if start <= x.start and x.end <= end}


def test_edits_keep_the_list_order_and_the_index_in_step() -> None:
    rng = random.Random(11)
    for _ in range(100):
        spans = _spans(rng, 30)
        edits, mirror = EditedSpans(spans), list(spans)
        for _ in range(20):
            roll = rng.random()
            if roll < 0.3 and mirror:
                gone = rng.choice(mirror)
                edits.drop(gone)
                mirror.remove(gone)
            elif roll < 0.6 and mirror:
                old, new = rng.choice(mirror), Span(rng.randint(0, 1000), 0)
                new.end = new.start + rng.randint(1, 20)
                edits.replace(old, new)
                mirror[mirror.index(old)] = new
            else:
                edits.add(Span(rng.randint(0, 1000), rng.randint(1001, 1020)))
                mirror.append(edits.result()[-1])
            start = rng.randint(0, 1000)
            end = start + rng.randint(1, 30)
            assert {id(x) for x in edits.overlapping(start, end)} == {id(x) for x in _overlapping(mirror, start, end)}
        assert edits.result() == mirror
