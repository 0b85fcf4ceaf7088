"""Repair the model's PERSON mentions in one article (see NLP-NOTES for the errors).

refine_mentions() runs after raw NER, before linking. It works on text and offsets
only (no spaCy) and never touches a mention an analyst made or reviewed, nor adds a
mention overlapping one (a rejected span must not come back).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

from tui.core import title_lexicon as lex
from tui.core.given_names import is_given_name
from tui.core.models import Article, Mention
from tui.core.names import end_words, hyphen_pairs, is_full_name, name_key, name_shaped, particle_surname
from tui.core.span_index import EditedSpans, SpanIndex
from tui.core.title_tokens import COUNTRY, ORG, ORGHEAD, POSSESSIVE, REGION, units
from tui.core.titles import (
    DETERMINER_BEFORE,
    Title,
    body_titles,
    names_after_titles,
    split_name,
    strip_title,
    title_span_before,
)

PERSON = "PERSON"
# Labels the model gives person names by mistake ("Wang" ORG, "Blinken" GPE).
MISLABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words before a place, not a person: "in Jordan", "to Washington".
_PLACE_PREPOSITIONS = frozenset("in at from to near into across outside inside toward towards via".split())
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”‘’(\n])\s*$")
_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_WORD_AFTER = re.compile(r"[’']?s?\s*([\w’'-]+)")   # used with .match(text, pos)


def refine_mentions(article: Article, mentions: list[Mention]) -> list[Mention]:
    """A new sorted list: titles and possessives cut from PERSON spans, title fragments
    dropped, "Xi-Biden" split, mislabelled names relabelled, missed names added."""
    text = article.text
    owned = [m for m in mentions if m.analyst_owned]
    lo, hi = article.body
    titles = body_titles(text, lo, hi)
    work = _drop_title_fragments(text, [m for m in mentions if not m.analyst_owned], titles)
    work = [r for m in work if (r := _trim_person(text, m)) is not None]
    work = _relabel_after_titles(article, work)
    work = _titled_names(article, work, owned)
    work = _split_hyphen_people(article, work, owned)
    work = _drop_after_determiners(text, work, owned)
    people = [m for m in work + owned if m.label == PERSON and m.status != "rejected"]
    alone = {k for k in map(clean_key, (m.text for m in people)) if not is_full_name(k)}
    work = relabel_known(text, work, set(known_words(people)), alone)
    strict = known_words(people, strict=True)
    work += bare_names(article, work + owned, {w for w, keys in strict.items() if len(keys) == 1})
    return sort_mentions(owned + work)


def name_participants(article: Article, mentions: list[Mention],
                      names: Iterable[tuple[int, int]]) -> list[Mention]:
    """PERSON mentions for the names meeting extraction found in its participants that the
    model left untagged or mislabelled ("refused to meet his Greek counterpart Yanis
    Varoufakis", "met Abbott" GPE): the meeting's grammar vouches for a person. A span
    that touches an analyst's or another PERSON mention is left as it is."""
    edits = EditedSpans(mentions)
    for start, end in names:
        touching = edits.overlapping(start, end)
        if any(m.label == PERSON or m.analyst_owned or m.label not in MISLABELS for m in touching):
            continue
        for m in touching:
            edits.drop(m)
        edits.add(Mention(start, end, article.text[start:end], PERSON))
    return edits.result()


def sort_mentions(mentions: Iterable[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, m.end, not m.analyst_owned)):
        if (m.start, m.end, m.label) not in seen:
            seen.add((m.start, m.end, m.label))
            out.append(m)
    return out


def known_words(people: Iterable[Mention], strict: bool = False) -> dict[str, set[str]]:
    """Short forms the person mentions vouch for → the full-name keys they stand for.

    A full name gives its first and last words (a Chinese family name comes first:
    "Wang" of "Wang Yi"). strict, for adding mentions to untagged text: the first word
    only when it also occurs alone as a PERSON ("Xi" for "Xi Jinping", but never
    "Daniel" for "Daniel Kritenbrink").
    """
    keys = [clean_key(m.text) for m in people]
    alone = {k for k in keys if not is_full_name(k)}
    out: dict[str, set[str]] = {}
    for key in keys:
        if is_full_name(key):
            words = key.split()
            firsts = {words[0]} & alone if strict else {words[0]}
            for word in {*end_words(key)[1:], particle_surname(key)} | firsts:
                if word:
                    out.setdefault(word, set()).add(key)
    for key in alone:
        out.setdefault(key, set()).add(key)
    return out


@lru_cache(maxsize=8192)
def clean_key(span_text: str) -> str:
    """The folded name of a PERSON span, titles and possessive cut: "Mr Xi’s" → "xi"."""
    return name_key(strip_title(span_text)[1])


@lru_cache(maxsize=256)
def _lowercase_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[a-z][\w’'-]*", text))


def _drop_title_fragments(text: str, mentions: list[Mention], titles: Iterable[Title]) -> list[Mention]:
    """Drop "State" (Secretary of State), "Trade", "National Security", "House"…: pieces
    of a title tagged as organisations. A real body inside a title ("State Department",
    "Foreign Ministry", "CIA") stays; a leading country comes back as GPE or NORP."""
    out = []
    in_titles = SpanIndex(titles)
    for m in mentions:
        inside = m.label != PERSON and in_titles.holds(m.start, m.end)
        parts = units(text, m.start, m.end) if inside else []
        if parts and parts[0].text in ("the", "The"):
            parts = parts[1:]
        # Geography alone ("Asia", "East Asian" in "for East Asian affairs") is a place.
        fragment = bool(parts) and all(p.kinds for p in parts) and not any(
            p.kinds & {ORG, ORGHEAD} for p in parts) and not all(p.kinds & {COUNTRY, REGION} for p in parts)
        if not fragment:
            out.append(m)
            continue
        if COUNTRY in parts[0].kinds:
            country = parts[0]
            label = "NORP" if POSSESSIVE.sub("", country.text) in lex.ADJECTIVE_FORMS else "GPE"
            out.append(Mention(country.start, country.end, text[country.start:country.end], label))
    return out


def _split_hyphen_people(article: Article, work: list[Mention], owned: list[Mention]) -> list[Mention]:
    """"Xi-Biden Meeting" tagged PERSON, or an untagged "the Xi-Biden meeting": one
    PERSON per side, when both sides are names of people in this article."""
    text = article.text
    people = [m for m in work + owned if m.label == PERSON and m.status != "rejected"]
    plain = [m for m in people if not hyphen_pairs(m.text)]
    words = set(known_words(plain))
    owned_at, edits = SpanIndex(owned), EditedSpans(work)
    for a_start, a_end, b_start, b_end in hyphen_pairs(text, *article.body):
        if text[a_start:a_end].casefold() not in words or text[b_start:b_end].casefold() not in words:
            continue
        if article.is_chrome(a_start, b_end) or owned_at.overlaps(a_start, b_end):
            continue
        covering = edits.overlapping(a_start, b_end)
        # Only a PERSON mention that is the pair plus trailing common words gives way.
        if any(m.label != PERSON or m.start < a_start or _has_name_after(text, b_end, m.end) for m in covering):
            continue
        for m in covering:
            edits.drop(m)
        for start, end in ((a_start, a_end), (b_start, b_end)):
            edits.add(Mention(start, end, text[start:end], PERSON))
    return edits.result()


def _has_name_after(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a capitalised word that is not a common noun
    of events ("Xi-Biden Meeting" has none; "Jean-Pierre Raffarin" has one)."""
    return any(w[0].isupper() and w.casefold() not in _EVENT_NOUNS for w in text[start:end].split())


_EVENT_NOUNS = frozenset("meeting meetings summit talks call deal pact phone relationship ties era"
                         " administration rivalry détente detente dialogue".split())


def _trim_person(text: str, m: Mention) -> Mention | None:
    """Cut the title and possessive from a model PERSON span ("Mr Xi" → "Xi"); drop a
    span with no name word ("President", "Chinese"), or a bare pronoun the model took
    for a name."""
    if m.label != PERSON:
        return m
    if cut := _TRAILING_JUNK.search(m.text):   # "Leadplex Inc - that", "Bill Cosby's TV"
        if cut.start() == 0:
            return None
        m = dataclasses.replace(m, end=m.start + cut.start(), text=m.text[:cut.start()])
    if lead := _descriptor_end(m.text):  # "MSP Karen Whitefield", "Striker Thierry Henry"
        m = dataclasses.replace(m, start=m.start + lead, text=m.text[lead:])
    title, start, end = split_name(text, m.start, m.end)
    if title is None and (start, end) == (m.start, m.end):
        words = m.text.split()
        if len(words) == 1 and words[0].casefold() in lex.PRONOUN_LIKE and title_span_before(text, m.start) is None:
            return None
        if not any(u.capitalised and not u.kinds for u in units(text, m.start, m.end)):
            return None
        return m
    return dataclasses.replace(m, start=start, end=end, text=text[start:end])


_LEAD = re.compile(r"(\S+)\s+(?=(\S+)\s+\S)")


def _descriptor_end(span: str) -> int:
    """Where a person noun glued before a name of two or more words ends, the next word
    a given name ("Producer Judy Craymer"), else 0; "Khoo Kay Peng" keeps its family name."""
    lead = _LEAD.match(span)
    if lead and lead.group(1).casefold() in lex.PERSON_NOUNS and is_given_name(lead.group(2)):
        return lead.end()
    return 0


def _drop_after_determiners(text: str, work: list[Mention], owned: list[Mention]) -> list[Mention]:
    """A one-word PERSON after "the"/"a"/"an" ("the Bill", "an Oscar") is no name, unless
    the article names a person with that word ("the Sharif family" beside Nawaz Sharif)."""
    full = {word for m in work + owned if m.label == PERSON and is_full_name(key := clean_key(m.text))
            for word in key.split()}
    return [m for m in work if not (m.label == PERSON and " " not in m.text.strip()
                                    and DETERMINER_BEFORE.search(text, max(0, m.start - 6), m.start)
                                    and clean_key(m.text) not in full)]


# What the model glues after a name: a dash and more words, or a possessive and a noun.
_TRAILING_JUNK = re.compile(r"\s+[-–—]\s*\S.*$|['’]s?\s+\S.*$")


def _relabel_after_titles(article: Article, work: list[Mention]) -> list[Mention]:
    """A name right after a title, tagged ORG/GPE ("Chancellor Olaf Scholz" ORG,
    "Foreign Minister Wang" ORG), is a PERSON; after a lower-case title ("her Indonesian
    counterpart Retno Marsudi" ORG) only a run shaped like a personal name."""
    text = article.text
    out = []
    named = {n.start: n for n in names_after_titles(text, *article.body)}
    for m in work:
        n = named.get(m.start)
        if (m.label in MISLABELS and n is not None and m.end <= n.end + 2
                and (n.title.capitalised or name_shaped(text[m.start:m.end]))):
            _, s, e = split_name(text, m.start, m.end)
            m = dataclasses.replace(m, start=s, end=e, text=text[s:e], label=PERSON)
        out.append(m)
    return out


def relabel_known(text: str, work: list[Mention], words: set[str], alone: set[str]) -> list[Mention]:
    """Relabel an ORG/GPE… mention that is a known person's short form ("Wang" ORG,
    "Blinken" GPE, "Von der Leyen" ORG) as PERSON, unless it is a place or reads like one
    ("in Jordan"). A place label (GPE, LOC, FAC) needs more: the word must also be
    tagged PERSON on its own somewhere (words in `alone`), so that "Austin, Texas"
    stays a place although Lloyd Austin is known."""
    out = []
    for m in work:
        if m.label in MISLABELS and not m.analyst_owned:
            _, s, e = split_name(text, m.start, m.end)
            word = text[s:e]
            needed = alone if m.label in _PLACE_LABELS else words
            if (name_key(word) in needed and word[:1].isupper()
                    and word not in lex.COUNTRY_FORMS and not _after_place_preposition(text, s)):
                m = dataclasses.replace(m, start=s, end=e, text=word, label=PERSON)
        out.append(m)
    return out


def _after_place_preposition(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return before is not None and before.group(1).casefold() in _PLACE_PREPOSITIONS


def _titled_names(article: Article, work: list[Mention], owned: list[Mention]) -> list[Mention]:
    """Add PERSON mentions for untagged names after titles ("Vice Foreign Minister for
    Asia Sun Weidong", "Vice Premier He": a pronoun-like name only after a capitalised
    title) and mend a name the model cut up ("Vice Premier Liu He" → "Liu";
    "Ursula von der Leyen" → PERSON "Ursula von" + GPE "Leyen")."""
    text = article.text
    owned_at, edits = SpanIndex(owned), EditedSpans(work)
    for n in names_after_titles(text, *article.body):
        if article.is_chrome(n.start, n.end) or owned_at.overlaps(n.start, n.end):
            continue
        if any((m.start, m.end, m.label) == (n.start, n.end, PERSON) for m in edits.near(n.start, n.end)):
            continue
        pieces = [m for m in edits.inside(n.start, n.end) if m.label == PERSON or m.label in MISLABELS]
        if pieces and pieces[0].start == n.start and pieces[0].label == PERSON:
            for m in pieces:
                edits.drop(m)
        if not edits.overlaps(n.start, n.end):
            edits.add(Mention(n.start, n.end, text[n.start:n.end], PERSON))
    return edits.result()


def bare_names(article: Article, present: list[Mention], words: AbstractSet[str]) -> list[Mention]:
    """PERSON mentions for untagged one-word short forms of known people ("Price said").

    words are folded short forms that stand for exactly one person. Pronoun-like and
    short ambiguous surnames (He, Ma, Li, Sun) are never added here, only after a
    title. The word must be capitalised and stand apart from other capitalised words
    ("Consumer Price Index"), not follow an article ("the Sun"); and where it is also
    an everyday word of this article ("oil price"), it must not open a sentence unless
    a reporting verb follows ("Price said").
    """
    forms = _short_forms(frozenset(words))
    if forms is None:
        return []
    text = article.text
    lowered = _lowercase_words(text)
    out: list[Mention] = []
    present_at = SpanIndex(present)   # matches never overlap each other: only present can
    lo, hi = article.body
    for s, e in _occurrences(text, lo, hi, forms):
        word = text[s:e]
        if not word[:1].isupper() or word.isupper() and len(word) > 1:   # "TV", "EU": not a short name
            continue
        if article.is_chrome(s, e) or present_at.overlaps(s, e) or text[e:e + 1] == "-" or text[s - 1:s] == "-":
            continue
        if not _stands_alone(text, s, e, word.casefold() in lowered):
            continue
        out.append(Mention(s, e, word, PERSON))
    return out


@lru_cache(maxsize=4)
def _short_forms(words: frozenset[str]) -> tuple[frozenset[str], re.Pattern[str] | None] | None:
    """bare_names' words as _occurrences looks them up: the one-word forms, and one pattern
    for the rest; None when no word may be added. Linking passes the corpus's thousands of
    words once per article: prepared once (frozenset hashes are cached, so a hit is cheap)."""
    words = frozenset(w for w in words if w not in lex.PRONOUN_LIKE and w not in lex.SHORT_AMBIGUOUS_SURNAMES
                      and len(w) > 1)
    if not words:
        return None
    simple = frozenset(w for w in words if _WORD.fullmatch(w))
    rest = words - simple
    return simple, _alternation(rest) if rest else None


def _alternation(words: Collection[str]) -> re.Pattern[str]:
    """Any of words as a whole word, ignoring case, the longest first. The lookahead on
    their first letters changes no match (every word starts with one of them) but spares
    trying each word at each word start: 4x faster with the BBC corpus's 49 particle
    names ("van persie"), which were scanned for in every article."""
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    return re.compile(r"\b(?=[" + firsts + r"])(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")\b", re.IGNORECASE)


def _occurrences(text: str, lo: int, hi: int, forms: tuple[frozenset[str], re.Pattern[str] | None],
                 ) -> list[tuple[int, int]]:
    """Where any of the words (folded) stands as a whole word in text[lo:hi], in text order,
    never overlapping (the longest first where two start together). One-word forms are
    looked up word by word in a set: an alternation of every known name, thousands on a
    large corpus, cost more than the rest of mention repair."""
    simple, pattern = forms
    found = [m.span() for m in _WORD.finditer(text, lo, hi) if m.group().casefold() in simple]
    if pattern is None:
        return found
    kept: list[tuple[int, int]] = []
    for s, e in sorted(found + [m.span() for m in pattern.finditer(text, lo, hi)], key=lambda se: (se[0], -se[1])):
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


_WORD = re.compile(r"\w+")


def _stands_alone(text: str, s: int, e: int, common: bool) -> bool:
    line_start = text.rfind("\n", 0, s) + 1
    sentence_start = bool(_SENTENCE_END.search(text, line_start, s)) or s == line_start
    before = _WORD_BEFORE.search(text, max(line_start, s - 40), s)
    prev = before.group(1) if before else ""
    if prev.casefold() in ("the", "a", "an") or (prev[:1].isupper() and not sentence_start):
        return False
    after = _WORD_AFTER.match(text, e, min(len(text), e + 40))
    nxt = after.group(1) if after and text[e:e + 1] in (" ", "’", "'") else ""
    if nxt[:1].isupper() and text[e:e + 1] == " ":
        return False
    if common and sentence_start:
        return nxt.casefold() in lex.REPORTING_VERBS
    return True
