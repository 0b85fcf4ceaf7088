"""Find a phrase in one article's text: every hit, as character offsets (the reader's find bar)."""

from __future__ import annotations

import re


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) of each hit, case-insensitive; the query's spaces match any run of
    white space, so that a phrase is found across a line break."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]
