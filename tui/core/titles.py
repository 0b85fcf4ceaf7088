"""Role titles and honorifics around names: "Chinese Vice Foreign Minister Ma Zhaoxu".

A title is parsed from words, not matched against a list of whole titles, so unseen
combinations work: modifiers (ranks, portfolios, countries, government bodies) then a
head noun ("Minister"), repeated ("Defense Minister General"), then complements that
name a portfolio or region ("of State", "for East Asian and Pacific Affairs", "to China").
The words live in title_lexicon.py. Affiliation comes from a title's modifiers, never
from its complement ("the US ambassador to China" is a US official) nor from a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.core import title_lexicon as lex
from tui.core.title_tokens import (
    COMPLEMENT,
    COUNTRY,
    DOMAIN,
    HEAD,
    HON,
    MODIFIERS,
    ORG,
    ORGHEAD,
    POSSESSIVE,
    REGION,
    Unit,
    head_word,
    units,
)

_NAME_PARTICLES = frozenset("bin ibn al el van von der den de da del della di du dos das la le y".split())
# The kinds of word a title can start with (_parse).
_TITLE_STARTS = MODIFIERS | {HEAD, HON}
_ROMAN = re.compile(r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)$|(?:Jr|Sr)\.?$")


@dataclass(frozen=True, slots=True)
class Title:
    start: int
    end: int
    text: str
    heads: tuple[str, ...]          # folded head nouns: ("vice", "minister") → ("minister",)
    honorific: bool                 # "Mr", "Dr": a form of address, not a role
    capitalised: bool               # its last head is capitalised ("Vice Premier", not "spokesman")
    affiliation: str | None         # from its modifiers: "US Commerce Secretary" → "US"
    explicit_country: bool          # a country word gave the affiliation, not a body (or nothing)

    @property
    def is_role(self) -> bool:
        return not self.honorific and not set(self.heads) <= lex.NON_ROLE_HEADS

    @property
    def is_leader(self) -> bool:
        """A head of state or government: "President", "King", "Prime Minister"."""
        return bool(self.heads) and (self.heads[-1] in lex.LEADER_HEADS
                                     or self.text.casefold().endswith("prime minister"))


def _adjacent(text: str, a: Unit, b: Unit) -> bool:
    """b follows a on the same line with only spaces between."""
    gap = text[a.end:b.start]
    return not gap.strip() and "\n" not in gap


def _parse(text: str, us: list[Unit], i: int) -> tuple[int, list[int], list[int]] | None:
    """The title starting at us[i]: (end index, head indices, complement indices) or None."""
    u = us[i]
    if HON in u.kinds:
        return i + 1, [i], []
    heads: list[int] = []
    complement: list[int] = []
    end = None
    j = i
    while j < len(us):
        u = us[j]
        if j > i and not _adjacent(text, us[j - 1], u):
            break
        is_head = HEAD in u.kinds or (u.base == "general" and heads and heads[-1] == j - 1)
        if is_head:
            heads.append(j)
            j += 1
            end = j
            if u.possessive:
                break
            continue
        if u.kinds & MODIFIERS:
            j += 1
            continue
        if u.text in lex.CONNECTORS and end == j:
            k = _complement_end(text, us, j)
            if k is None:
                break
            complement.extend(range(j, k))
            j = end = k
            continue
        break
    if not heads or end is None:
        return None
    return end, heads, complement


def _complement_end(text: str, us: list[Unit], j: int) -> int | None:
    """After the connector at us[j] ("of", "for"…): the end of its complement, or None."""
    k, last = j + 1, None
    while k < len(us) and _adjacent(text, us[k - 1], us[k]):
        u = us[k]
        if u.kinds & COMPLEMENT:
            k += 1
            last = k
            if u.possessive:
                break
        elif u.text in ("the", "and", "&"):
            k += 1
        else:
            break
    return last


def _title(text: str, us: list[Unit], i: int, end: int, heads: list[int], complement: list[int]) -> Title:
    hon = HON in us[i].kinds and heads == [i]
    last_head = us[heads[-1]]
    if last_head.capitalised and not hon:
        # "former President Trump" keeps "former"; "back home President Biden" drops "home".
        while i < heads[0] and not us[i].capitalised and us[i].base not in lex.LOWER_RANKS_BEFORE_CAPITALS:
            i += 1
    # A country word beats a body: "Japan's National Security Council" is Japan's.
    countries: set[str] = set()
    bodies: set[str] = set()
    for k in range(i, end):
        u = us[k]
        if k not in complement and u.value is not None:
            (countries if COUNTRY in u.kinds else bodies).add(u.value)
    affiliations = countries or bodies
    start, stop = us[i].start, us[end - 1].end
    return Title(
        start=start, end=stop, text=POSSESSIVE.sub("", text[start:stop]),
        heads=tuple("general" if us[k].base == "general" else head_word(us[k].base) for k in heads),
        honorific=hon, capitalised=last_head.capitalised,
        affiliation=next(iter(affiliations)) if len(affiliations) == 1 else None,
        explicit_country=len(countries) == 1,
    )


def find_titles(text: str, start: int = 0, end: int | None = None) -> list[Title]:
    """Every title in text[start:end], longest first-to-last, without overlaps."""
    return [title for title, _ in _scan(text, start, end)[0]]


@lru_cache(maxsize=4096)
def body_titles(text: str, start: int, end: int) -> tuple[Title, ...]:
    """find_titles for an article body, remembered: repair and then linking both read
    every body's titles, and titles are small."""
    return tuple(title for title, _ in _scan_body(text, start, end)[0])


def _scan(text: str, start: int, end: int | None) -> tuple[tuple[tuple[Title, int], ...], list[Unit]]:
    us = units(text, start, end)
    found: list[tuple[Title, int]] = []
    i = 0
    while i < len(us):
        parsed = _parse(text, us, i) if us[i].kinds & _TITLE_STARTS else None
        if parsed is None:
            i += 1
            continue
        stop, heads, complement = parsed
        found.append((_title(text, us, i, stop, heads, complement), stop))
        i = stop
    return tuple(found), us


# The words of the last few bodies, which repair scans several times.
_scan_body = lru_cache(maxsize=16)(_scan)


def title_span_before(text: str, start: int) -> Title | None:
    """The title that ends right before the name at `start`, on the same line."""
    lo = max(text.rfind("\n", 0, start) + 1, start - 300)
    titles = find_titles(text, lo, start)
    if titles and not text[titles[-1].end:start].strip() and text[titles[-1].end:start]:
        return titles[-1]
    return None


def title_before(text: str, start: int) -> tuple[int, str] | None:
    """(title start, title) for "Vice Foreign Minister Ma Zhaoxu" at Ma's offset, else None."""
    title = title_span_before(text, start)
    return (title.start, title.text) if title else None


@dataclass(frozen=True, slots=True)
class TitledName:
    """A capitalised name run right after a title: a person the model may have missed."""

    title: Title
    start: int
    end: int


# An article right before a word: "the Sun", "the General Election" name no one.
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s+$")


def names_after_titles(text: str, start: int = 0, end: int | None = None) -> list[TitledName]:
    """Each title in text[start:end] that is directly followed by a name-like run.

    "Vice Foreign Minister for Asia Sun Weidong" → Sun Weidong; "Vice Premier He." → He.
    Lower-case heads ("spokesman", "top diplomat") need a name of two words or more and
    a head from NAME_INTRO_LOWER_HEADS; a run that holds an organisation word
    ("Xinhua News Agency", "General Motors") is not a name.
    """
    titled, us = _scan_body(text, start, end)
    out = []
    for title, stop in titled:
        if stop >= len(us) or not _adjacent(text, us[stop - 1], us[stop]):
            continue
        run_end = name_run(us, stop)
        if run_end == stop:
            continue
        count = run_end - stop
        if not title.capitalised and (count < 2 or title.heads[-1] not in lex.NAME_INTRO_LOWER_HEADS):
            continue
        if count == 1 and us[stop].base in lex.PRONOUN_LIKE and (not title.capitalised or title.honorific):
            continue
        if count == 1 and DETERMINER_BEFORE.search(text, max(0, title.start - 8), title.start):
            continue  # "the General Election", "a Special Adviser": no one is named "the General X"
        name_end = us[run_end - 1].end
        if us[run_end - 1].possessive:
            name_end -= len(POSSESSIVE.search(us[run_end - 1].text).group())  # type: ignore[union-attr]  # possessive: it has one
        out.append(TitledName(title, us[stop].start, name_end))
    return out


def name_run(us: list[Unit], k: int) -> int:
    """The index after the person-name words starting at us[k] (k itself when none).

    Name words are capitalised ("Xi", "S.", "Jean-Pierre"), with particles inside
    ("Ursula von der Leyen") and a closing numeral ("Charles III"). A run holding a
    country, a body or an organisation word is no name at all.
    """
    j = k
    while j < len(us) and j - k < 5:
        u = us[j]
        word = u.text
        if j > k and us[j - 1].possessive:
            break
        if j > k and u.start - us[j - 1].end > 1:
            break
        if u.kinds & {COUNTRY, ORG, ORGHEAD} and u.capitalised:
            return k
        if not word[:1].isupper() or not word[:1].isalpha():
            if j > k and word in _NAME_PARTICLES:   # "von der Leyen", "bin Salman"
                after = j
                while after < len(us) and us[after].text in _NAME_PARTICLES:
                    after += 1
                if after < len(us) and us[after].capitalised and after - j < 3:
                    j = after
                    continue
            break
        if u.base in lex.NOT_NAME_WORDS or u.kinds & {HEAD, DOMAIN, REGION, HON}:
            if j > k and _ROMAN.match(word):
                j += 1
                continue
            break
        j += 1
    return j


def split_name(text: str, start: int, end: int) -> tuple[Title | None, int, int]:
    """The name inside a PERSON span: leading title and trailing possessive removed.

    Returns (title or None, name start, name end). A span that would lose every name
    word ("President", "Secretary of State") comes back whole.
    """
    us = units(text, start, end)
    if not us:
        return None, start, end
    title: Title | None = None
    k = 0
    parsed = _parse(text, us, 0) if us[0].kinds & _TITLE_STARTS else None
    if parsed is not None:
        stop, heads, complement = parsed
        # Back off a complement that swallowed the name: "Secretary of State Washington".
        for cut in sorted({stop, *(c for c in complement if c > heads[-1]), heads[-1] + 1}, reverse=True):
            if cut < len(us) and name_run(us, cut) > cut:
                title = _title(text, us, 0, cut, [h for h in heads if h < cut],
                               [c for c in complement if c < cut])
                k = cut
                break
    name_start = us[k].start
    last = us[-1]
    name_end = last.end
    while name_end > name_start and not text[name_end - 1].isalnum() and text[name_end - 1] != ".":
        name_end -= 1
    possessive = POSSESSIVE.search(text, name_start, name_end)
    if possessive and possessive.end() == name_end and name_end - len(possessive.group()) > name_start:
        name_end -= len(possessive.group())
    return title, name_start, name_end


def strip_title(span_text: str) -> tuple[str | None, str]:
    """("Mr", "Xi") for "Mr Xi"; (None, "Nancy Pelosi") for "Nancy Pelosi’s"."""
    title, s, e = split_name(span_text, 0, len(span_text))
    return (title.text if title else None), span_text[s:e]


_APPOSITIVE_STOPS = frozenset(",;.:()[]—–-!?\"“”")
_APPOSITIVE_OPENERS = frozenset("the a an his her its their another".split())
_CLAUSE_WORDS = frozenset("""who whom whose which that said says told met meets was is were are has
    had have will would could should did does do being been""".split())


def appositive_role(text: str, name_end: int) -> str | None:
    """The role in ", the top US State Department official for Asia," after a name.

    The phrase must open with an article, a possessive or a title word, hold a head
    noun and no verb of its own ("Wang Yi, meeting his South Korean counterpart on
    Monday, said" is a clause, not a role). The leading article is dropped.
    """
    if text[name_end:name_end + 1] != "," or text[name_end + 1:name_end + 2] not in (" ", "\u00a0"):
        return None
    line_end = text.find("\n", name_end)
    us = units(text, name_end + 1, min(name_end + 250, len(text) if line_end < 0 else line_end))
    phrase: list[Unit] = []
    for u in us:
        if u.text in _APPOSITIVE_STOPS:
            break
        phrase.append(u)
    else:
        return None   # no closing punctuation on the line: not an appositive
    if not phrase or len(phrase) > 16:
        return None
    first = phrase[0]
    if not (first.text in _APPOSITIVE_OPENERS or first.kinds & (MODIFIERS | {HEAD})):
        return None
    if any(u.text in _CLAUSE_WORDS for u in phrase) or not any(HEAD in u.kinds for u in phrase):
        return None
    if first.text in ("the", "a", "an"):
        phrase = phrase[1:]
    return text[phrase[0].start:phrase[-1].end] if phrase else None


def affiliation_of(role_text: str) -> str | None:
    """The country or body a role belongs to, from its modifiers: "Chinese Foreign
    Ministry spokesman" → "China", "State Department spokesman" → "US",
    "ambassador to China" → None (a complement names the post, not the employer)."""
    affiliations = {t.affiliation for t in find_titles(role_text) if not t.honorific}
    affiliations.discard(None)
    return affiliations.pop() if len(affiliations) == 1 else None

