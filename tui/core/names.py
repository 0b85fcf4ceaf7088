"""Person-name keys, slugs and the spelling-variant test used by linking.

Keys use search's folding (normalize.fold: ASCII, lower case, no possessive, hyphens
as spaces), so "Yoon Suk-yeol" and "Yoon Suk Yeol" are one key, as are "Blinken's"
and "Blinken".
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from tui.core.given_names import is_given_name
from tui.core.normalize import fold

# Thresholds for "same person, spelled differently", measured (fuzz.ratio on keys):
#   different people: Wang Wenbin / Wang Wentao 73 (the seeds' highest), Kim Jong Un /
#   Kim Jong Il 82, Wang Yi / Wang Yu 86, Li Qiang / Li Qing 93 (!);
#   same person: Anthony / Antony Blinken 97, Volodymyr Zelensky / Zelenskyy 97,
#   Sergei / Sergey Lavrov 92.
# Whole-name ratio alone cannot separate Li Qiang from Li Qing, so a variant must also
# differ in exactly one word, both spellings of it at least 6 letters long and at most
# one letter apart in length (Qiang/Qing and Daniel/Danielle fail), with that word's
# own ratio at least 83 (Sergei/Sergey 83.3, Antony/Anthony 92; Michael/Michelle 80 fails).
VARIANT_NAME_RATIO = 90.0
VARIANT_WORD_RATIO = 83.0
VARIANT_MIN_WORD = 6

_HYPHEN_PAIR = re.compile(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b")
# Words that open a surname: "von der Leyen", "bin Salman", "de Gaulle".
PARTICLES = frozenset("bin ibn al el van von der den de da del della di du dos das la le".split())


def name_key(name: str) -> str:
    """"Nancy Pelosi’s" → "nancy pelosi"; "Yoon Suk-yeol" → "yoon suk yeol"."""
    return fold(name)


def slug(name: str) -> str:
    """"Daniel Kritenbrink" → "daniel-kritenbrink" (the Person id)."""
    return "-".join(name_key(name).split()) or "person"


def is_full_name(key: str) -> bool:
    """Two words or more: "xi jinping", "s jaishankar"; not "xi"."""
    return len(key.split()) >= 2


# "bin Salman", "ibn Saud": the word after these is the father's name, not a surname.
PATRONYM_MARKERS = frozenset({"bin", "ibn", "bint"})


def end_words(key: str) -> tuple[str, ...]:
    """The words a short form may be: the first (Chinese family name: "Xi" of
    "Xi Jinping") and the last ("Blinken" of "Antony Blinken"), unless the last is a
    father's name: "Salman" of "Mohammed bin Salman" is his father, King Salman."""
    words = key.split()
    if len(words) == 1 or words[-2] in PATRONYM_MARKERS:
        return (words[0],)
    return (words[0], words[-1])


def is_variant(a: str, b: str) -> bool:
    """True when keys a and b are one person's name spelled two ways (see thresholds)."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or fuzz.ratio(a, b) < VARIANT_NAME_RATIO:
        return False
    differing = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return (min(len(x), len(y)) >= VARIANT_MIN_WORD and abs(len(x) - len(y)) <= 1
            and fuzz.ratio(x, y) >= VARIANT_WORD_RATIO)


def same_name(a: str, b: str) -> bool:
    """One person's name: a spelling variant, or the same name with and without middle
    initials ("antony j blinken" / "antony blinken"). Two different sets of initials
    are two people ("george h w bush" / "george w bush")."""
    if is_variant(a, b):
        return True
    bare_a, bare_b = _without_initials(a), _without_initials(b)
    return bare_a == bare_b and (bare_a == a or bare_b == b)


def _without_initials(key: str) -> str:
    words = key.split()
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]) if len(words) > 2 else key


def particle_surname(key: str) -> str | None:
    """"von der leyen" for "ursula von der leyen": the surname a particle opens."""
    words = key.split()
    return " ".join(words[1:]) if len(words) >= 3 and words[1] in PARTICLES else None


def hyphen_pairs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int, int]]:
    """Offsets (a_start, a_end, b_start, b_end) of each "Xi-Biden" in text[start:end]."""
    end = len(text) if end is None else end
    return [(m.start(1), m.end(1), m.start(2), m.end(2)) for m in _HYPHEN_PAIR.finditer(text, start, end)]


def looks_like_a_name(name: str) -> bool:
    """A name nothing else vouches for must look like one: two or more capitalised words,
    no digits, the first or the last a given name somewhere in the world ("Gordon Brown",
    "Xi Jinping"). "Iron Maiden", "Lib Dems" and a lone "Doom" are not."""
    words = name.split()
    return name_shaped(name) and (is_given_name(words[0]) or is_given_name(words[-1]))


def name_shaped(name: str) -> bool:
    """Two to five capitalised words (particles aside), no digits: "Retno Marsudi"."""
    words = name.split()
    return (2 <= len(words) <= 5 and not any(c.isdigit() for c in name)
            and all(w[0].isupper() for w in words if w.casefold() not in PARTICLES))
