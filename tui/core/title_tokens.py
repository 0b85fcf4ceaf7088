"""Split text into classified words for title parsing: "U.S." → a country (US),
"Vice" → a rank, "Minister" → a head noun, "State Department" → a body (US).

The vocabularies live in title_lexicon.py; titles.py parses titles from these units.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tui.core import title_lexicon as lex

# A word keeps inner dots, apostrophes and hyphens: "U.S", "China’s", "Secretary-General".
_TOKEN = re.compile(r"[^\W\d_]\w*(?:[.'’\-][^\W_]\w*)*|\d\w*|[^\w\s]")
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_ABBREVIATIONS = lex.HONORIFICS | frozenset(
    "gen sen rep gov adm col maj capt cmdr lt sgt jr sr amb pres sec asst".split())
_MULTIWORD: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
for _phrase, _value, _kind in [(p, v, "country") for p, v in lex.COUNTRY_FORMS.items()] + \
        [(p, v, "org") for p, v in lex.ORG_AFFILIATIONS.items()]:
    if " " in _phrase:
        _words = tuple(_phrase.split())
        _MULTIWORD.setdefault(_words[0], []).append((_words, _value, _kind))
for _options in _MULTIWORD.values():
    _options.sort(key=lambda option: -len(option[0]))

# Unit kinds. A word may be several: "Deputy" is a head and a rank.
HON, HEAD, RANK, DOMAIN, COUNTRY, ORG, ORGHEAD, REGION = (
    "hon", "head", "rank", "domain", "country", "org", "orghead", "region")
MODIFIERS = frozenset({RANK, DOMAIN, COUNTRY, ORG, ORGHEAD, REGION})
COMPLEMENT = frozenset({COUNTRY, REGION, DOMAIN, ORG, ORGHEAD})


class Unit(NamedTuple):
    """A word, a known multi-word name ("State Department") or a punctuation mark."""

    text: str
    start: int
    end: int
    kinds: frozenset[str]
    value: str | None       # the affiliation a country or body gives
    possessive: bool
    base: str               # folded, without possessive and final dot: "china", "mr"
    capitalised: bool


def units(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Classify the words of text[start:end], joining known multi-word names."""
    end = len(text) if end is None else end
    tokens: list[tuple[str, int, int]] = []
    last = -1   # where the previous token ends
    for match in _TOKEN.finditer(text, start, end):
        s, e = match.span()
        if s < last:   # the dot already joined to "U.S."
            continue
        word = match.group()
        if e < end and text[e] == "." and (
                (len(word) == 1 and word.isupper()) or "." in word or word.casefold() in _ABBREVIATIONS):
            word, e = word + ".", e + 1
        tokens.append((word, s, e))
        last = e
    out: list[Unit] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        joined = _join_multiword(text, tokens, i) if token[0] in _MULTIWORD else None
        if joined:
            out.append(joined[0])
            i = joined[1]
            continue
        # tuple.__new__ directly: Unit(...) goes through a Python-level __new__, a third
        # of the cost of scanning every word of every body for titles
        out.append(_new_unit(Unit, token + _word_fields(token[0])))
        i += 1
    return out


_new_unit = tuple.__new__


@lru_cache(maxsize=65536)
def _word_fields(word: str) -> tuple[frozenset[str], str | None, bool, str, bool]:
    """A word's Unit fields after text, start and end."""
    return (*_classify(word), word[:1].isupper())


def _join_multiword(text: str, tokens: list[tuple[str, int, int]], i: int) -> tuple[Unit, int] | None:
    for words, value, kind in _MULTIWORD[tokens[i][0]]:
        j = i + len(words)
        if j > len(tokens):
            continue
        got = [t[0] for t in tokens[i:j]]
        last = POSSESSIVE.sub("", got[-1])
        if got[:-1] == list(words[:-1]) and last == words[-1]:
            s, e = tokens[i][1], tokens[j - 1][2]
            if "\n" in text[s:e]:
                return None
            kinds = frozenset({COUNTRY if kind == "country" else ORG})
            phrase = text[s:e]
            return Unit(phrase, s, e, kinds, value, last != got[-1], " ".join(words).casefold(), True), j
    return None


@lru_cache(maxsize=65536)
def _classify(word: str) -> tuple[frozenset[str], str | None, bool, str]:
    """(kinds, affiliation, possessive, folded base) of one word."""
    base_cased = POSSESSIVE.sub("", word)
    possessive = base_cased != word
    base = base_cased.rstrip(".").casefold()
    if base_cased in lex.COUNTRY_FORMS:
        return frozenset({COUNTRY}), lex.COUNTRY_FORMS[base_cased], possessive, base
    if base_cased in lex.ORG_AFFILIATIONS:
        return frozenset({ORG}), lex.ORG_AFFILIATIONS[base_cased], possessive, base
    capitalised = word[:1].isupper()
    kinds = set()
    if base in lex.HONORIFICS and capitalised:
        kinds.add(HON)
    head = head_word(base)   # "then-Secretary", "ex-President"
    if head in lex.HEADS and (capitalised or head not in lex.CAPITALISED_HEADS):
        kinds.add(HEAD)
    for vocabulary, kind in ((lex.RANKS, RANK), (lex.DOMAINS, DOMAIN), (lex.ORG_HEADS, ORGHEAD)):
        if base in vocabulary:
            kinds.add(kind)
    if base in lex.REGIONS and capitalised:
        kinds.add(REGION)
    return frozenset(kinds), None, possessive, base


def head_word(base: str) -> str:
    first, dash, last = base.partition("-")
    return last if dash and base not in lex.HEADS and first in lex.RANKS else base
