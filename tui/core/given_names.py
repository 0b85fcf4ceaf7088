"""Given names from many countries, as evidence that a capitalised run is a person's name.

The list is gender-guesser's dictionary (Jörg Michael's nam_dict: about 48,000 given
names from Europe, Asia, Africa and the Americas). Only the names are read, never the
genders: newsdesk does not guess a person's gender. Read once, on first use, by annotate
only (about half a second).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _names() -> frozenset[str]:
    data = files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in data.splitlines():
        if line[:1] not in ("#", "=", "") and len(line) > 3:
            name = line[3:29].strip().casefold()
            names.update((name.replace("+", "-"), name.replace("+", " ")))
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """True when word ("Gordon", "gordon") is a given name somewhere in the world."""
    return word.strip(".").casefold() in _names()
