"""Repair the model's non-PERSON mentions in one article, following docs/gold-guidelines.md.

repair_entities() runs right after refine_mentions (the PERSON side). Like it, it works on
text and offsets only (no spaCy), never touches a mention an analyst made or reviewed, and
never adds one overlapping such a mention (a rejected span must not come back). Rules:

- durations in hours or minutes are TIME, which is not extracted: no DATE;
- a wire tag "(Reuters) -", "(Bloomberg) --", "(CNN) —" opening the story is an ORG, and
  the dateline city in capitals before it a GPE;
- a hyphenated region ("Indo-Pacific", "Asia-Pacific", "Euro-Atlantic") is a LOC;
- a region inside a title's complement is marked: LOC "Asia" in "Vice Foreign Minister
  for Asia", NORP "Eurasian" in "for European and Eurasian Affairs";
- a department named after coordinated regions is one ORG: "North American and
  Oceanian Affairs Department", not NORP + ORG;
- a named event is one EVENT span: "G-20 summit", "Shangri-La Dialogue", "Paris Olympics".

Decisions where the guidelines are silent:
- with a lower-case head only "summit" makes an event ("the NATO summit", "the BRICS
  summit"); "a Brookings conference" or "the Davos forum" are gatherings described by
  their host or place;
- a capitalised "Forum" or "Games" is left to the model: most such names are
  organisations (World Economic Forum, Pacific Islands Forum, Epic Games);
- a summit named only by countries, government bodies, places or people ("the US-China
  summit", "a White House summit", "the Geneva summit", "the Xi-Biden summit") keeps
  their mentions and gets no EVENT; a bloc's summit is an event ("the EU summit").
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable

from tui.core import title_lexicon as lex
from tui.core.mention_repair import sort_mentions
from tui.core.models import Article, Mention
from tui.core.span_index import EditedSpans, SpanIndex
from tui.core.title_tokens import COUNTRY, HEAD, HON, ORG, ORGHEAD, REGION, Unit, units
from tui.core.titles import body_titles

# A rule edits the model's mentions (work) in place; owned are the analyst's, never touched.
# Edits go through an index: a rule fires a few times per paragraph, and rebuilding the
# article's list each time cost O(n²) on a long article.
Rule = Callable[[Article, EditedSpans[Mention], SpanIndex[Mention]], None]


def repair_entities(article: Article, mentions: list[Mention]) -> list[Mention]:
    """A new sorted list with the rules above applied to the model's non-PERSON mentions."""
    owned = [m for m in mentions if m.analyst_owned]
    model = [m for m in mentions if not m.analyst_owned]
    edits, owned_at = EditedSpans(model), SpanIndex(owned)
    for rule in _RULES:
        rule(article, edits, owned_at)
    work = edits.result()
    if len(work) == len(model) and all(a is b for a, b in zip(work, model)):
        return list(mentions)   # nothing to repair (the usual case): no sort
    return sort_mentions(owned + work)


def _put(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention], start: int, end: int,
         label: str) -> None:
    """One mention [start, end) of label in place of the model's pieces inside it.

    Nothing changes when the span is chrome, touches an analyst's mention, cuts across a
    model mention, or holds a PERSON (people are the other repair's business)."""
    if start >= end or article.is_chrome(start, end) or owned.overlaps(start, end):
        return
    overlapping = work.overlapping(start, end)
    if any(m.label == "PERSON" or m.start < start or m.end > end for m in overlapping):
        return
    for m in overlapping:
        work.drop(m)
    work.add(Mention(start, end, article.text[start:end], label))


def _matches_at(text: str, lo: int, hi: int, firsts: Iterable[str], pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """pattern's matches in text[lo:hi] that start a word with one of firsts, in order.

    str.find for the first words, then one match at each: a regex scan of every body
    costs a hundred times more, and this runs on every article."""
    found = []
    for first in firsts:
        at = text.find(first, lo, hi)
        while at >= 0:
            if (at == 0 or not text[at - 1].isalnum()) and (match := pattern.match(text, at, hi)):
                found.append(match)
            at = text.find(first, at + 1, hi)
    return sorted(found, key=lambda m: m.start())


def _mark(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention], start: int, end: int,
          label: str, mislabels: frozenset[str] = frozenset()) -> None:
    """A mention of label at [start, end): where the model has that very span, it is
    relabelled when its label is one of mislabels (any but PERSON when none are given);
    elsewhere a new mention replaces the pieces inside the span (see _put)."""
    same = [m for m in work.near(start, end) if (m.start, m.end) == (start, end)]
    if not same:
        _put(article, work, owned, start, end, label)
    elif same[0].label in mislabels if mislabels else same[0].label not in (label, "PERSON"):
        work.replace(same[0], dataclasses.replace(same[0], label=label))


# ---- durations --------------------------------------------------------------------------

# "seven and a half hours", "90 minutes", "a 45-minute call", "the past 48 hours".
_CLOCK_UNITS = re.compile(r"\b(?:hours?|minutes?|seconds)\b", re.IGNORECASE)


def _durations(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """Hour and minute counts are TIME (OntoNotes), which the pipeline does not extract."""
    for m in [m for m in work if m.label == "DATE" and _CLOCK_UNITS.search(m.text)]:
        work.drop(m)


# ---- wire tags --------------------------------------------------------------------------

# At the head of a line, after an optional dateline in capitalised words ("NAIROBI,
# Kenya"): one to four capitalised words in brackets, then a dash or the story itself.
_WIRE_TAG = re.compile(
    r"(?P<dateline>(?:[A-Z0-9][\w.’'-]*,?[ \t]+){0,5})\((?P<name>[A-Z][\w.&’'-]+(?:[ \t][A-Z][\w.&’'-]*){0,3})\)"
    r"(?:[ \t]*(?:--|[-–—])|(?=[A-Z]))")
_WIRE_LINE = re.compile(r"^[^\n]+", re.MULTILINE)
# A city in a dateline: "NAIROBI", "KUALA LUMPUR".
_CAPITALS = re.compile(r"\b[A-Z][A-Z.’'-]+(?:[ \t][A-Z][A-Z.’'-]+)*\b")


def _wire_tags(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """"(Bloomberg) --", "WASHINGTON (Reuters) -", "(CNN)President…" opening the story: the
    outlet is an ORG, and a city in capitals before it is a GPE (the model misses "PARIS",
    calls "TOKYO" an ORG). Only the first lines of the body are read: a story opens with
    its tag, and a bracket further down is "(Taiwan) -" in a hard-wrapped sentence."""
    text = article.text
    lo, hi = article.body
    for line in itertools.islice(_WIRE_LINE.finditer(text, lo, hi), 3):
        match = _WIRE_TAG.match(text, line.start(), line.end())
        if match is None:
            continue
        _mark(article, work, owned, *match.span("name"), "ORG")
        for city in _CAPITALS.finditer(text, *match.span("dateline")):
            _mark(article, work, owned, *city.span(), "GPE")


# ---- hyphenated regions -----------------------------------------------------------------

_COMPOUND_FIRSTS = ("Indo-", "Asia-", "Euro-", "Afro-")
_REGION_COMPOUND = re.compile(
    r"(?:Indo|Asia|Euro|Afro)-(?:Pacific|Atlantic|Asia|Africa|Arctic|Mediterranean|Eurasia|Europe)\b")
# Labels the model gives these regions by mistake.
_PLACE_MISLABELS = frozenset({"ORG", "GPE", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})


def _hyphen_regions(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """"the Indo-Pacific" tagged ORG, or an untagged "Asia-Pacific region": a LOC. Not
    when a capitalised word follows: "Indo-Pacific Command", "Asia-Pacific Economic
    Cooperation" are names of their own."""
    text = article.text
    lo, hi = article.body
    for match in _matches_at(text, lo, hi, _COMPOUND_FIRSTS, _REGION_COMPOUND):
        start, end = match.span()
        if _capitalised_after(text, end):
            continue
        _mark(article, work, owned, start, end, "LOC", _PLACE_MISLABELS)


def _capitalised_after(text: str, end: int) -> bool:
    """A capitalised word follows on the same line: the span is part of a longer name."""
    after = re.match(r"[ \t]+(\S)", text[end:end + 3])
    return after is not None and after.group(1).isupper()


# ---- places inside titles ---------------------------------------------------------------

# Words that only point a direction: a place alone in a pair ("Middle East"), not alone.
_DIRECTIONS = frozenset("north south east west central eastern western northern southern near far middle latin".split())
# A run ending in one of these is an adjective: NORP ("East Asian", "Middle Eastern").
_REGION_ADJECTIVES = frozenset("asian african european eurasian oceanian korean nordic arab arabian eastern "
                               "western northern southern".split())
_GEOGRAPHY = frozenset({REGION, COUNTRY})
_WORDS = re.compile(r"[\w-]+")
_CONNECTOR = re.compile(r"\b(?:" + "|".join(lex.CONNECTORS) + r") ")


def _title_places(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """Regions named in a title's complement are marked (guidelines, "Job titles are not
    entities"): LOC "Asia" in "Vice Foreign Minister for Asia", NORP "East Asian" and LOC
    "Pacific" in "for East Asian and Pacific Affairs". A run holding a country ("for China
    and Taiwan affairs", "for Northern Ireland") is the model's to tag."""
    text = article.text
    for title in body_titles(text, *article.body):
        connector = _CONNECTOR.search(title.text)   # cheap tests first: units() is slow
        if connector is None or not any(w[:1].isupper() and w.casefold() in lex.REGIONS
                                        for w in _WORDS.findall(title.text, connector.end())):
            continue
        for run in _complement_runs(units(text, title.start + connector.start(), title.end)):
            if any(COUNTRY in u.kinds for u in run):
                continue
            words = [u.base for u in run]
            if len(words) == 1 and words[0] in _DIRECTIONS:
                continue
            start, end = run[0].start, run[-1].end
            label = "NORP" if words[-1] in _REGION_ADJECTIVES else "LOC"
            _mark(article, work, owned, start, end, label, _PLACE_MISLABELS - {"NORP", "GPE"})


def _complement_runs(us: list[Unit]) -> Iterable[list[Unit]]:
    """Runs of capitalised region or country words after the title's first connector,
    except one that opens a body's name ("of the Pacific Fleet", "of Central Command")."""
    run: list[Unit] = []
    seen_connector = False
    for u in [*us, None]:
        if u is not None and not seen_connector:
            seen_connector = u.text in lex.CONNECTORS
            continue
        if u is not None and _geographic(u):
            run.append(u)
            continue
        if run and not (u is not None and u.capitalised and u.kinds & {ORG, ORGHEAD}):
            yield run
        run = []


# ---- departments named after regions ----------------------------------------------------

_DEPARTMENT_HEADS = frozenset("department bureau division directorate office section desk".split())


def _departments(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """ORG "Oceanian Affairs Department" after "North American and": one ORG for the whole
    "North American and Oceanian Affairs Department" (a named department holds no other
    entity). The ORG must open with a region word, or with a country word and say
    "Affairs"; every coordinated piece before it must be region or country words."""
    text = article.text
    for m in [m for m in work if m.label == "ORG" and m.text.rsplit(None, 1)[-1].casefold() in _DEPARTMENT_HEADS]:
        us = units(text, m.start, m.end)
        if len(us) < 2 or us[-1].base not in _DEPARTMENT_HEADS or not _geographic(us[0]):
            continue
        if REGION not in us[0].kinds and not any(u.base == "affairs" for u in us):
            continue
        before = units(text, max(text.rfind("\n", 0, m.start) + 1, m.start - 120), m.start)
        start, k = m.start, len(before) - 1
        while k > 0 and before[k].text in ("and", ","):
            j = k - 1
            while j >= 0 and _geographic(before[j]):
                j -= 1
            if j == k - 1:
                break
            start, k = before[j + 1].start, j
        if start < m.start:
            _put(article, work, owned, start, m.end, "ORG")


def _geographic(u: Unit) -> bool:
    return u.capitalised and bool(u.kinds & _GEOGRAPHY) and not u.possessive


# ---- named events -----------------------------------------------------------------------

# Capitalised heads end an event's name ("Shangri-La Dialogue", "Paris Olympics"); in lower
# case only "summit" does ("the G-20 summit"). The last three name an event on their own.
# Not "Games": "Epic Games" is a company, and the model tags "Asian Games" itself.
_SELF_NAMED = frozenset({"Olympics", "Olympiad", "Paralympics"})
_HEADS = ("Summit", "summit", "Dialogue", "Conference", "Olympics", "Olympiad", "Paralympics")
_HEAD_WORD = re.compile(r"(?:Summit|Dialogue|Conference|summit|Olympics|Olympiad|Paralympics)\b")
# "Summit of the Americas", "Summit for Democracy": the name follows the head.
_NAME_AFTER_SUMMIT = re.compile(r"Summit[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?[A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*)*")
_INNER_WORDS = frozenset({"of", "and", "&", "for"})
_DESCRIPTIVE_LABELS = frozenset({"PERSON", "GPE", "NORP", "LOC", "DATE"})
# Groupings in title_lexicon.COUNTRY_FORMS: a summit of theirs is a named event ("NATO summit").
_BLOCS = frozenset({"EU", "UN", "NATO", "WHO", "WTO", "IMF", "World Bank", "ASEAN", "African Union", "IAEA"})


def _events(article: Article, work: EditedSpans[Mention], owned: SpanIndex[Mention]) -> None:
    """"Group of 20 summit", "G-20 summit", "Asia-Pacific Economic Cooperation summit",
    "Munich Security Conference": one EVENT each, in place of the model's ORG, FAC or GPE
    pieces ("Group of" ORG, "G7" GPE, "Asia-Pacific Economic Cooperation" FAC)."""
    text = article.text
    lo, hi = article.body
    for match in _matches_at(text, lo, hi, _HEADS, _HEAD_WORD):
        head, end = match.span()
        if match.group() == "Summit" and (after := _NAME_AFTER_SUMMIT.match(text, head, hi)):
            end = after.end()
        elif _capitalised_after(text, end):   # "Humanitarian Dialogue Centre", "… Summit In India"
            continue
        start = _name_before(text, head)
        if start is None:
            continue
        if start == head and end == match.end() and match.group() not in _SELF_NAMED:
            continue
        if start < head and match.group() not in _SELF_NAMED and _only_description(
                text, start, head, work.inside(start, head) + owned.inside(start, head)):
            continue
        _mark(article, work, owned, start, end, "EVENT")


def _name_before(text: str, head: int) -> int | None:
    """Where the capitalised name right before text[head] starts (head itself when none).

    Name words are capitalised, hyphenated parts all capitalised or digits ("G-20",
    "Shangri-La", not "US-hosted"); "of", "and" join them, a number may follow "of"
    ("Group of 20"). A possessive ends the name ("last year’s Group of 20 summit"), but
    one inside a name ("Chinese People’s Political Consultative Conference") makes it
    no event name to guess at: None.
    """
    # Narrow down by plain words first: units() costs ~1 µs a character.
    cut = head
    for word in reversed(text[max(text.rfind("\n", 0, head) + 1, head - 120):head].split(" ")[:-1]):
        if not (word[:1].isupper() or word[:1].isdigit() or word in _INNER_WORDS):
            break
        cut -= len(word) + 1
    us = units(text, cut, head)
    first = len(us)   # the first unit of the name so far
    k = len(us) - 1
    while k >= 0:
        u = us[k]
        if text[u.end:us[k + 1].start if k + 1 < len(us) else head] not in ("", " "):
            break
        if u.possessive:
            if first < len(us) and u.capitalised and k > 0 and us[k - 1].capitalised:
                return None
            break
        if u.text in _INNER_WORDS:
            if first == len(us) or k == 0 or not _name_word(us[k - 1].text):
                break
        elif u.text.isdigit():
            if k == 0 or us[k - 1].text != "of":
                break
            first = k
        elif _name_word(u.text):
            first = k
        else:
            break
        k -= 1
    # Sentence openers and titles do not start a name: "At", "The", "Last", "President".
    while first < len(us) and (us[first].text in _INNER_WORDS or us[first].base in lex.NOT_NAME_WORDS
                               or us[first].kinds & {HON, HEAD}):
        first += 1
    return us[first].start if first < len(us) else head


def _name_word(word: str) -> bool:
    return word[:1].isalnum() and all(part[:1].isupper() or part.isdigit() for part in word.split("-"))


def _only_description(text: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """The words before the head only say where, who or whose: countries and government
    bodies ("the US-China summit", "a White House summit"), or mentions of places, people
    and dates ("the Geneva summit", "the Xi-Biden summit"). A grouping is a name even when
    the model calls it a place: "G7", "G-20" (a number), "BRICS" (an acronym)."""
    phrase = text[start:end]
    if _hosts_only(phrase):
        return True
    if any(ch.isdigit() for ch in phrase):
        return False
    rest = list(phrase)
    covered = False
    for m in mentions:
        if m.label in _DESCRIPTIVE_LABELS and m.status != "rejected" and start <= m.start and m.end <= end \
                and not (m.text.isupper() and m.text.isalpha() and len(m.text) > 2):
            rest[m.start - start:m.end - start] = " " * (m.end - m.start)
            covered = True
    return covered and not re.search(r"[A-Za-z]{2,}", re.sub(r"\band\b", "", "".join(rest)))


def _hosts_only(phrase: str) -> bool:
    """"US-China", "the United States and Japan", "White House": countries (not blocs
    such as NATO or the EU) and government bodies, joined by "and" or hyphens."""
    for u in units(phrase):
        if u.text in ("and", "&", ",", "-", "–") or u.kinds & {ORG}:
            continue
        parts = [u.text] if COUNTRY in u.kinds else u.text.split("-")
        if not all(lex.COUNTRY_FORMS.get(p) not in (None, *_BLOCS) or p in lex.ORG_AFFILIATIONS for p in parts):
            return False
    return True


_RULES: tuple[Rule, ...] = (_durations, _wire_tags, _hyphen_regions, _title_places, _departments, _events)
