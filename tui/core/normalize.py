"""Fold names and phrases into the form search compares: "Mr. Blinken’s" -> "blinken".

Folding: any script to ASCII (anyascii: "Блинкен" -> "blinken", "王毅" -> "wang yi",
"Đặng" -> "dang"), lower case, possessives dropped ("Pelosi’s", "Burns'"),
apostrophes inside words joined ("O'Brien" -> "obrien"), every other non-alphanumeric
character a single space. `fold_map` also returns, for each folded character, the
index of the character it came from, so that matches can be highlighted in the
original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from tui.core import title_lexicon as lex

APOSTROPHES = "'’‘`´ʼ"
_ASCII_POSSESSIVE = re.compile(r"(?<=[a-z0-9.])['`]s(?![a-z0-9])")
_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# "U.S.", "U.K.", "D.C.": letters with dots fold to one word ("us"), as they are written
# without them too. A single initial ("A. Blinken") stays a word of its own.
_ACRONYM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """The ASCII lower-case text for one non-ASCII character ("" for combining marks).

    Han characters become a syllable with spaces around it ("王毅" -> " wang  yi "),
    so a Chinese name splits into the tokens an English text spells.
    """
    if char in APOSTROPHES:
        return "'"
    category = unicodedata.category(char)
    if category == "Mn":
        return ""
    if category[0] in "PSZC":  # anyascii would spell out "🙂" as ":slightly_smiling_face:"
        return " "
    folded = anyascii(char).lower()
    if folded and "CJK" in unicodedata.name(char, ""):
        return f" {folded} "
    return folded


def fold_map(text: str) -> tuple[str, list[int]]:
    """Fold `text`; the second value maps each folded character to its source index.

    Separators collapse to one space and are stripped at both ends.
    """
    out: list[str] = []
    src: list[int] = []
    pending_space = -1  # source index of a separator not yet written, or -1
    skip_to = 0
    acronym_dots = {m.start() + k for m in _ACRONYM.finditer(text) for k in range(1, len(m.group()), 2)}
    for i, char in enumerate(text):
        if i < skip_to or i in acronym_dots:
            continue
        piece = char.lower() if char.isascii() else _fold_char(char)
        for ch in piece:
            if ch.isascii() and ch.isalnum():
                if pending_space >= 0 and out:
                    out.append(" ")
                    src.append(pending_space)
                pending_space = -1
                out.append(ch)
                src.append(i)
            elif ch in "'`":
                if _is_possessive(text, i):
                    skip_to = i + 2  # drop the "s" too
            elif pending_space < 0:
                pending_space = i
    return "".join(out), src


def _is_possessive(text: str, i: int) -> bool:
    """True for the apostrophe of "Pelosi’s" (but not of "'so" or "O'Sullivan")."""
    return (i > 0 and (text[i - 1].isalnum() or text[i - 1] == ".")  # "the U.K.’s"
            and text[i + 1:i + 2] in ("s", "S")
            and not text[i + 2:i + 3].isalnum())


# Dashes and the middle dot fold to a separator either way: spelt as spaces, a label such
# as "Xi – Biden · Bali" takes the ASCII path (ten times faster) to the same result.
_SEPARATORS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u00b7", " "))


def fold(text: str) -> str:
    """`fold_map` without the map: the form every search key and query is stored in."""
    if text.isascii() or (text := text.translate(_SEPARATORS)).isascii():
        return _fold_ascii(text)
    return fold_map(text)[0]


def _fold_ascii(text: str) -> str:
    text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    text = _ASCII_POSSESSIVE.sub("", text.lower())
    return " ".join(_ASCII_NON_ALNUM.sub(" ", text.replace("'", "").replace("`", "")).split())


# Title words come from the linker's lexicon (title_lexicon.py), folded. A name loses a
# leading run of them ("Sec. Yellen", "U.S. Secretary of State Antony Blinken", "Vice
# Premier He") when the run holds a real title word: a country or portfolio word alone
# is kept ("Jordan Peterson", "Paris Hilton"), and so is a name that is all titles.
_ABBREVIATED_TITLES = frozenset("sec secy pres asst amb gen sen rep gov adm col maj capt cmdr lt sgt".split())
TITLE_WORDS = frozenset(lex.HONORIFICS | lex.HEADS | lex.RANKS | _ABBREVIATED_TITLES)
TITLE_MODIFIERS = frozenset(
    lex.DOMAINS | lex.REGIONS
    | {w for form in lex.COUNTRY_FORMS for w in fold(form).split() if len(w) > 1}
    | {"u", "s", "k", "n", "e"}  # the letters of "U.S.", "U.K.", "U.N.", "E.U."
)
TITLE_FILLERS = frozenset(lex.CONNECTORS | {"the", "and"})


def strip_titles(tokens: list[str]) -> list[str]:
    """Drop the leading title of a folded name.

    ["secretary", "of", "state", "antony", "blinken"] -> ["antony", "blinken"];
    ["vice", "premier", "he"] -> ["he"]; ["secretary", "of", "state"] and
    ["paris", "hilton"] are kept.
    """
    i, titled = 0, False
    while i < len(tokens):
        token = tokens[i]
        if token in TITLE_WORDS:
            titled = True
        elif token not in TITLE_MODIFIERS and not (i > 0 and token in TITLE_FILLERS):
            break
        i += 1
    return tokens[i:] if titled and i < len(tokens) else tokens


class _TextFold(dict[int, str]):
    """str.translate table for `fold_text`, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isascii():
            out = char.lower() if char.isalnum() else " "
        else:
            ascii_ = anyascii(char)
            if len(ascii_) == 1 and ascii_.isalnum():
                out = ascii_.lower()           # é -> e, л -> l
            else:
                out = char.lower() if char.isalnum() and len(char.lower()) == 1 else " "
        self[code] = out
        return out


_TEXT_FOLD = _TextFold()


def fold_text(text: str) -> str:
    """A fold that keeps every offset: one character out for each character in.

    For phrase search in article text. Accents and Cyrillic fold to ASCII letters,
    letters without a one-letter ASCII form (王, ж) stay as they are in lower case,
    everything else is a space.
    """
    return text.translate(_TEXT_FOLD)
