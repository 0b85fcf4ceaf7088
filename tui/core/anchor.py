"""Put mentions back onto an article's text after the text changed.

A mention keeps only its offsets and its text, so the other mentions are the context:
the way patience diff aligns lines, mentions are aligned in order (never crossing) by

1. anchors: a mention whose text is unique among the mentions still to place and
   occurs exactly once (at word boundaries) in the text still free, or whose text sits
   exactly where the drift of its neighbours says it should; failing both, the mentions
   that agree on one shift (a block of text that moved keeps its mentions' spacing);
2. recursion into the gaps between anchors, where uniqueness is judged again;
3. in a gap with no anchor left, the occurrence nearest to where the neighbours' drift
   puts it, but only within the shift the edits in that gap can explain.

A mention that cannot be placed by these rules is an orphan: the caller keeps it (under
`orphans:` in the file) rather than guess. `reanchor` is used by the store on load and
by the annotate pipeline when it merges a re-run with the analyst's work.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui.core.models import Mention

Key = tuple[int, int]   # (start, end): mentions are ordered by it and may not cross


def reanchor(mentions: list[Mention], text: str) -> tuple[list[Mention], list[Mention]]:
    """(anchored, orphans): anchored are copies at their offsets in text, sorted by
    (start, end); orphans are the mentions whose text was not found, unchanged."""
    return placed(mentions, align(mentions, text))


def placed(mentions: list[Mention], starts: list[int | None]) -> tuple[list[Mention], list[Mention]]:
    """reanchor's result from align's starts."""
    anchored = [m if m.start == s else replace(m, start=s, end=s + len(m.text))
                for m, s in zip(mentions, starts) if s is not None]
    orphans = [m for m, s in zip(mentions, starts) if s is None]
    return sorted(anchored, key=lambda m: (m.start, m.end, m.label)), orphans


def align(mentions: Sequence[Mention], text: str) -> list[int | None]:
    """The new start of each mention in text, or None where it cannot be placed."""
    # Mentions on one span (a rejected ORG under the accepted PERSON that replaced it) are
    # one place in the text: aligned once, they move together. Aligned apart, they would
    # be two places that cannot both keep the order, and one would become an orphan.
    spans = {(m.start, m.end, m.text): m for m in mentions}
    unique = sorted(spans.values(), key=lambda m: (m.start, m.end))
    found = {t: occurrences(text, t) for t in {m.text for m in unique}}
    starts: list[int | None] = [None] * len(unique)
    _solve(unique, list(range(len(unique))), found, starts, None, None)
    start_of = {(m.start, m.end, m.text): s for m, s in zip(unique, starts)}
    return [start_of[(m.start, m.end, m.text)] for m in mentions]


def occurrences(text: str, needle: str) -> list[int]:
    """Starts of needle in text where it does not cut through a word."""
    found: list[int] = []
    if not needle:
        return found
    head, tail = _is_word(needle[0]), _is_word(needle[-1])
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not (head and at > 0 and _is_word(text[at - 1])) and not (tail and end < len(text) and _is_word(text[end])):
            found.append(at)
        at = text.find(needle, at + 1)
    return found


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class _Anchor:
    """A placed mention that bounds a gap: where it was and where it is now."""

    old: Key
    new: Key

    @property
    def drift(self) -> int:
        return self.new[0] - self.old[0]


def _candidates(mention: Mention, starts: list[int], left: _Anchor | None, right: _Anchor | None) -> list[int]:
    """Where mention may go between left and right: after one and before the other, and
    overlapping either only if it overlapped it before."""
    size, old = len(mention.text), (mention.start, mention.end)
    low = left.new if left else (-1, -1)
    high = right.new if right else (1 << 62, 1 << 62)
    first = left.new[0] if left and _overlap(old, left.old) else low[1] if left else 0
    last = right.new[1] if right and _overlap(old, right.old) else high[0]
    lo = bisect.bisect_left(starts, first)
    hi = bisect.bisect_right(starts, last - size)
    return [s for s in starts[lo:hi] if low < (s, s + size) < high]


def _overlap(a: Key, b: Key) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _solve(mentions: Sequence[Mention], idxs: list[int], found: dict[str, list[int]],
           starts: list[int | None], left: _Anchor | None, right: _Anchor | None) -> None:
    """Place mentions idxs (in old order) in the gap between the anchors left and right
    (None: the start or the end of the text)."""
    if not idxs:
        return
    # The start of the text has not moved; there is no such certainty about its end.
    drifts = {left.drift if left else 0} | ({right.drift} if right else set())
    candidates = {i: _candidates(mentions[i], found[mentions[i].text], left, right) for i in idxs}
    per_text = Counter(mentions[i].text for i in idxs)
    pairs: list[tuple[int, int]] = []   # (position in idxs, new start)
    for n, i in enumerate(idxs):
        mention, places = mentions[i], candidates[i]
        exact = sorted({mention.start + d for d in drifts} & set(places))
        if exact:
            pairs.extend((n, s) for s in exact)
        elif per_text[mention.text] == 1 and len(places) == 1:
            pairs.append((n, places[0]))
    if not pairs:
        pairs = _common_drift(mentions, idxs, candidates)
    anchors = _longest_chain(pairs, mentions, idxs)
    if not anchors:
        _nearest(mentions, idxs, candidates, starts, drifts)
        return
    prev_n, prev = -1, left
    for n, s in [*anchors, (len(idxs), None)]:
        anchor = right
        if s is not None:
            mention = mentions[idxs[n]]
            starts[idxs[n]] = s
            anchor = _Anchor((mention.start, mention.end), (s, s + len(mention.text)))
        _solve(mentions, idxs[prev_n + 1:n], found, starts, prev, anchor)
        prev_n, prev = n, anchor


def _common_drift(mentions: Sequence[Mention], idxs: list[int],
                  candidates: dict[int, list[int]]) -> list[tuple[int, int]]:
    """The pairs of the one shift that two or more mentions agree on, if there is one:
    text that moved as a block keeps its mentions' spacing."""
    support: Counter[int] = Counter()
    for i in idxs:
        support.update({s - mentions[i].start for s in candidates[i]})
    ranked = support.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return []
    drift = ranked[0][0]
    return [(n, mentions[i].start + drift) for n, i in enumerate(idxs)
            if mentions[i].start + drift in candidates[i]]


def _longest_chain(pairs: list[tuple[int, int]], mentions: Sequence[Mention],
                   idxs: list[int]) -> list[tuple[int, int]]:
    """The most pairs that keep both the old order and the new order (no crossings)."""
    # Sort by old position, and within one mention by new key descending, so that a
    # strictly increasing run takes at most one pair per mention.
    keyed = sorted(((n, (s, s + len(mentions[idxs[n]].text))) for n, s in pairs),
                   key=lambda p: (p[0], (-p[1][0], -p[1][1])))
    tails: list[tuple[int, int]] = []   # smallest last key of a chain of each length
    tail_at: list[int] = []
    back: list[int] = []
    for at, (_, key) in enumerate(keyed):
        length = bisect.bisect_left(tails, key)
        back.append(tail_at[length - 1] if length else -1)
        if length == len(tails):
            tails.append(key)
            tail_at.append(at)
        else:
            tails[length], tail_at[length] = key, at
    chain: list[tuple[int, int]] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        chain.append((keyed[at][0], keyed[at][1][0]))
        at = back[at]
    return chain[::-1]


def _nearest(mentions: Sequence[Mention], idxs: list[int], candidates: dict[int, list[int]],
             starts: list[int | None], drifts: set[int]) -> None:
    """No anchors left: each mention, in order, takes the occurrence nearest to where the
    drift puts it, if the edits in this gap can explain the shift."""
    lo_drift, hi_drift = min(drifts), max(drifts)
    after = (-1, -1)
    for i in idxs:
        mention = mentions[i]
        size = len(mention.text)
        fits = [s for s in candidates[i] if (s, s + size) > after and lo_drift <= s - mention.start <= hi_drift]
        if fits:
            best = min(fits, key=lambda s: (min(abs(s - mention.start - d) for d in drifts), s))
            starts[i] = best
            after = (best, best + size)
