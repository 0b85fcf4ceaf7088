"""Control characters in untrusted text, made visible and harmless.

Scraped articles and hand-edited YAML may carry terminal escapes: ESC ]0;… sets the
window title, ESC [2J clears the screen, OSC 52 writes the clipboard. Every C0 and C1
control character except newline and tab is replaced when text is read, and again
before the command line prints anything.

Each is replaced by one character, so offsets into an article (mentions, reports,
chrome) stay what they were and the file's sha256 still matches its annotations.
C0 characters and DEL become their Unicode "control pictures" (ESC shows as ␛), so an
analyst sees that the page carried one; C1 characters, which have no pictures, become
U+FFFD.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ABOVE_C1 = re.compile(r"[^\x00-\x9f]")
_PICTURES = {**{chr(c): chr(0x2400 + c) for c in range(0x20)}, "\x7f": "\u2421"}


def _picture(match: re.Match[str]) -> str:
    return _PICTURES.get(match.group(), "\ufffd")


def visible(text: str) -> str:
    """text with each control character but newline and tab replaced by one visible character."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text


def count_controls(text: str) -> int:
    """How many characters visible() replaces."""
    return len(_CONTROL.findall(text))


def visible_line(text: str) -> str:
    """text on one line: newlines and tabs become pictures too (a file name in a message)."""
    return _CONTROL_OR_BREAK.sub(_picture, text)


def junk_ratio(text: str) -> float:
    """The share of characters that no text holds: controls other than newline and tab
    (read text has no CR left), and code points Unicode leaves unassigned. Random bytes
    read as cp1252 or latin-1 score 0.1 to 0.25; real articles score 0."""
    if not text:
        return 0.0
    junk = len(_CONTROL.findall(text))
    if not text.isascii():   # categories of the distinct characters only: a page has few
        counts = Counter(_ABOVE_C1.findall(text))
        junk += sum(n for c, n in counts.items() if unicodedata.category(c) == "Cn")
    return junk / len(text)
