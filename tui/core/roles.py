"""Role words around a person: the roles a text states for a name, which country a
coordinated title inherits, which titles hint at who a bare surname is, and when two
role texts name the same office."""

from __future__ import annotations

import re
from functools import lru_cache

from tui.core import title_lexicon as lex
from tui.core.title_tokens import COUNTRY, units
from tui.core.titles import Title, affiliation_of, find_titles

_SENTENCE_BREAK = re.compile(r"[.!?\n]")


def stated_roles(text: str, title: Title | None, appositive: str | None) -> list[tuple[str, str | None]]:
    """(role or "", affiliation) that the text states for a name: from the title before
    it and from its appositive. "his US counterpart" gives an affiliation but no role."""
    out: list[tuple[str, str | None]] = []
    if title is not None and not title.honorific:
        affiliation = title.affiliation or coordinated_affiliation(text, title)
        out.append((title.text if title.is_role else "", affiliation))
    if appositive:
        out.append((appositive, affiliation_of(appositive)))
    return out


def _sentence_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, pos - 400), pos)]
    return starts[-1] if starts else max(0, pos - 400)


# "<title> <Name> and <title>": the second title shares the first's country.
_NAME_AND = re.compile(r"\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:,\s*and|,|and)\s+$")


def coordinated_affiliation(text: str, title: Title) -> str | None:
    """The country a coordinated title inherits: in "Chinese Commerce Minister Wang
    Wentao met US Commerce Secretary Gina Raimondo and Trade Representative Katherine
    Tai", Tai is US. Only when the pair is set against another country's official
    earlier in the sentence, and never for a head of state or government ("US President
    Biden met Chinese President Xi and Prime Minister Modi": Modi is not Chinese)."""
    if title.is_leader:
        return None
    titles = [t for t in find_titles(text, _sentence_start(text, title.start), title.start) if not t.honorific]
    if len(titles) < 2:
        return None
    first, other = titles[-1], titles[:-1]
    if not first.explicit_country or not _NAME_AND.fullmatch(text, first.end, title.start):
        return None
    if any(t.explicit_country and t.affiliation != first.affiliation for t in other):
        return first.affiliation
    return None


def role_hints(text: str, start: int, title: Title | None) -> list[Title]:
    """Titles that say who a short form is: its own ("Foreign Minister Wang"), else the
    unattached ones earlier in its sentence ("the Foreign Ministry spokesman, asked…,
    said Wang")."""
    if title is not None and title.is_role:
        return [title]
    return [t for t in find_titles(text, _sentence_start(text, start), start)
            if t.is_role and not re.match(r"\s+[A-Z]", text[t.end:t.end + 2])]


@lru_cache(maxsize=4096)
def role_core(role: str) -> str:
    """A role without its country and articles: "Chinese Foreign Ministry spokesman" →
    "foreign ministry spokesman"; "China’s Defence Minister" → "defense minister"."""
    words = [u.base for u in units(role) if not u.kinds & {COUNTRY} and u.base.isalpha()
             and u.base not in ("the", "a", "an", "his", "her", "its")]
    return " ".join(words).replace("defence", "defense")


def roles_match(hint: str, role: str) -> bool:
    """Equal, or one ends with the other ("spokesman" / "foreign ministry spokesman"),
    but a rank makes another office: "foreign minister" is not "vice foreign minister"."""
    if not hint or not role:
        return False
    if hint == role:
        return True
    short, long = sorted((hint, role), key=len)
    if not long.endswith(" " + short):
        return False
    before = long[: -len(short) - 1].split()
    return not before or before[-1] not in lex.SUBORDINATE_RANKS


@lru_cache(maxsize=4096)
def _office(role: str) -> tuple[frozenset[str], frozenset[str]]:
    """(head nouns, subordinate ranks) of a role: "Vice Foreign Minister" →
    ({"minister"}, {"vice"})."""
    heads = frozenset(h for t in find_titles(role) for h in t.heads)
    ranks = frozenset(w for w in role_core(role).split() if w in lex.SUBORDINATE_RANKS)
    return heads, ranks


def same_office_kind(hint: str, role: str) -> bool:
    """Loose agreement, for vetoing a link: "Secretary Blinken" fits "Secretary of
    State", "Foreign Minister Jaishankar" fits "External Affairs Minister", but "Premier
    Li" does not fit "Defense Minister", nor "Vice Foreign Minister" "Foreign Minister"."""
    hint_heads, hint_ranks = _office(hint)
    role_heads, role_ranks = _office(role)
    return bool(hint_heads & role_heads) and hint_ranks == role_ranks
