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
from typing import NamedTuple

from tui.core import title_lexicon as lex

# A word keeps inner dots, apostrophes and hyphens: "U.S", "China’s", "Secretary-General".
_TOKEN = re.compile(r"[^\W\d_]\w*(?:[.'’\-][^\W_]\w*)*|\d\w*|[^\w\s]")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_ABBREVIATIONS = lex.HONORIFICS | frozenset(
    "gen sen rep gov adm col maj capt cmdr lt sgt jr sr amb pres sec asst".split())
_NAME_PARTICLES = frozenset("bin ibn al el van von der den de da del della di du dos das la le y".split())
_ROMAN = re.compile(r"(?:I{1,3}|IV|V|VI{1,3}|IX|X)$|(?:Jr|Sr)\.?$")
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
_MODIFIERS = frozenset({RANK, DOMAIN, COUNTRY, ORG, ORGHEAD, REGION})
_COMPLEMENT = frozenset({COUNTRY, REGION, DOMAIN, ORG, ORGHEAD})


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


def units(text: str, start: int = 0, end: int | None = None) -> list[Unit]:
    """Classify the words of text[start:end], joining known multi-word names."""
    end = len(text) if end is None else end
    tokens: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text, start, end):
        word, s, e = match.group(), match.start(), match.end()
        if text[e:e + 1] == "." and e < end and (
                (len(word) == 1 and word.isupper()) or "." in word or word.casefold() in _ABBREVIATIONS):
            word, e = word + ".", e + 1
        if tokens and s < tokens[-1][2]:   # the dot already joined to "U.S."
            continue
        tokens.append((word, s, e))
    out: list[Unit] = []
    i = 0
    while i < len(tokens):
        word, s, e = tokens[i]
        joined = _join_multiword(text, tokens, i) if word in _MULTIWORD else None
        if joined:
            out.append(joined[0])
            i = joined[1]
            continue
        out.append(Unit(word, s, e, *_classify(word), word[:1].isupper()))
        i += 1
    return out


def _join_multiword(text: str, tokens: list[tuple[str, int, int]], i: int) -> tuple[Unit, int] | None:
    for words, value, kind in _MULTIWORD[tokens[i][0]]:
        j = i + len(words)
        if j > len(tokens):
            continue
        got = [t[0] for t in tokens[i:j]]
        last = _POSSESSIVE.sub("", got[-1])
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
    base_cased = _POSSESSIVE.sub("", word)
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
    head = _head_word(base)   # "then-Secretary", "ex-President"
    if head in lex.HEADS and (capitalised or head not in lex.CAPITALISED_HEADS):
        kinds.add(HEAD)
    for vocabulary, kind in ((lex.RANKS, RANK), (lex.DOMAINS, DOMAIN), (lex.ORG_HEADS, ORGHEAD)):
        if base in vocabulary:
            kinds.add(kind)
    if base in lex.REGIONS and capitalised:
        kinds.add(REGION)
    return frozenset(kinds), None, possessive, base


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
        if u.kinds & _MODIFIERS:
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
        if u.kinds & _COMPLEMENT:
            k += 1
            last = k
            if u.possessive:
                break
        elif u.text in ("the", "and", "&"):
            k += 1
        else:
            break
    return last


def _title(text: str, us: list[Unit], i: int, end: int, heads: list[int], complement: list[int]) -> Title | None:
    hon = HON in us[i].kinds and heads == [i]
    last_head = us[heads[-1]]
    if last_head.capitalised and not hon:
        # "former President Trump" keeps "former"; "back home President Biden" drops "home".
        while i < heads[0] and not us[i].capitalised and us[i].base not in lex.LOWER_RANKS_BEFORE_CAPITALS:
            i += 1
    # A country word beats a body: "Japan's National Security Council" is Japan's.
    countries, bodies = set(), set()
    for k in range(i, end):
        u = us[k]
        if k not in complement and u.value is not None:
            (countries if COUNTRY in u.kinds else bodies).add(u.value)
    affiliations = countries or bodies
    start, stop = us[i].start, us[end - 1].end
    return Title(
        start=start, end=stop, text=_POSSESSIVE.sub("", text[start:stop]),
        heads=tuple("general" if us[k].base == "general" else _head_word(us[k].base) for k in heads),
        honorific=hon, capitalised=last_head.capitalised,
        affiliation=next(iter(affiliations)) if len(affiliations) == 1 else None,
        explicit_country=len(countries) == 1,
    )


def _head_word(base: str) -> str:
    first, dash, last = base.partition("-")
    return last if dash and base not in lex.HEADS and first in lex.RANKS else base


def find_titles(text: str, start: int = 0, end: int | None = None) -> list[Title]:
    """Every title in text[start:end], longest first-to-last, without overlaps."""
    return [title for title, _ in _titles_with_units(text, start, end)[0]]


# Repair and linking scan the same article body several times: parse it once.
@lru_cache(maxsize=256)
def _titles_with_units(text: str, start: int, end: int | None) -> tuple[tuple[tuple[Title, int], ...], list[Unit]]:
    us = units(text, start, end)
    found: list[tuple[Title, int]] = []
    i = 0
    while i < len(us):
        parsed = _parse(text, us, i) if (us[i].kinds & (_MODIFIERS | {HEAD, HON})) else None
        if parsed is None:
            i += 1
            continue
        stop, heads, complement = parsed
        title = _title(text, us, i, stop, heads, complement)
        if title is not None:
            found.append((title, stop))
        i = stop
    return tuple(found), us


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


def names_after_titles(text: str, start: int = 0, end: int | None = None) -> list[TitledName]:
    """Each title in text[start:end] that is directly followed by a name-like run.

    "Vice Foreign Minister for Asia Sun Weidong" → Sun Weidong; "Vice Premier He." → He.
    Lower-case heads ("spokesman", "top diplomat") need a name of two words or more and
    a head from NAME_INTRO_LOWER_HEADS; a run that holds an organisation word
    ("Xinhua News Agency", "General Motors") is not a name.
    """
    titled, us = _titles_with_units(text, start, end)
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
        name_end = us[run_end - 1].end
        if us[run_end - 1].possessive:
            name_end -= len(_POSSESSIVE.search(us[run_end - 1].text).group())
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
    parsed = _parse(text, us, 0) if us[0].kinds & (_MODIFIERS | {HEAD, HON}) else None
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
    possessive = _POSSESSIVE.search(text, name_start, name_end)
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
    if not (first.text in _APPOSITIVE_OPENERS or first.kinds & (_MODIFIERS | {HEAD})):
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

