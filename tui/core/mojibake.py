"""Targeted repair of mojibake: UTF-8 text that was once decoded as Windows-1252.

ftfy changes nothing on the damage in the seeds because it is lossy: a closing
quote `”` (E2 80 9D) read as cp1252 is `â€` plus the undefined byte 9D, which
many tools drop, and some pages carry a bare `†` where the quote was. So:

1. Repair runs only when the text already shows mojibake markers; clean text
   is returned unchanged, byte for byte.
2. Complete sequences (`â€™`, `Ã©`, double-encoded `Ã¢â‚¬â„¢` …) are re-encoded
   to cp1252 bytes and decoded as UTF-8, which only succeeds on real sequences.
3. Lost-byte remnants (`â€`, `†`) become the quote the context calls for.
4. Lines of garbage no repair can recover (text in another encoding, such as
   GBK, decoded wrongly) are left alone; `is_garbage_line` finds them so that
   they can be marked as chrome.
"""

from __future__ import annotations

import re


def _cp1252_map() -> dict[str, int]:
    """Each character that cp1252 decodes from a byte 80–FF, mapped to that byte."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:  # 81 8D 8F 90 9D: some tools keep them as C1 controls
            table[chr(byte)] = byte
    return table


_BYTE = _cp1252_map()


def _char_class(low: int, high: int) -> str:
    return "[" + "".join(re.escape(c) for c, b in _BYTE.items() if low <= b <= high) + "]"


_CONT = _char_class(0x80, 0xBF)
_LEAD2 = _char_class(0xC2, 0xDF)
_LEAD3 = _char_class(0xE0, 0xEF)
_LEAD4 = _char_class(0xF0, 0xF4)
# One UTF-8 sequence seen through cp1252: a lead byte and its continuation bytes.
_SEQUENCE = re.compile(f"{_LEAD2}{_CONT}|{_LEAD3}{_CONT}{{2}}|{_LEAD4}{_CONT}{{3}}")
# Signs that a text was mis-decoded: `â€` (start of every curly quote and dash),
# or `Â`/`Ã` directly followed by a character from the continuation range.
MARKERS = re.compile(f"â€|[ÂÃ]{_CONT}")
# `â€` whose third byte was lost, and the bare dagger some pipelines leave instead.
_LOST_QUOTE = re.compile("â€|†")
# `Â` before a space: a no-break space (C2 A0) whose second byte became a plain space.
_LOST_NBSP = re.compile("Â(?= )")

_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Characters that are rare in real text but make up most of a mis-decoded line:
# C1 controls and Latin-1 symbols (80–BF), and the usual lead letters Â Ã â.
_ODD = re.compile("[\x80-\x9f\xa1-\xbf\u00c2\u00c3\u00e2]")
_NON_SPACE = re.compile(r"\S")
_LATIN1 = re.compile("[\u0080-\u00ff]")


def has_mojibake(text: str) -> bool:
    return MARKERS.search(text) is not None


def _decode_sequence(match: re.Match[str]) -> str:
    try:
        return bytes(_BYTE[c] for c in match.group()).decode("utf-8")
    except UnicodeDecodeError:  # looked like a sequence but is not valid UTF-8
        return match.group()


def _quote_for(text: str, start: int, end: int) -> str:
    """The curly quote a lost-byte remnant at text[start:end] stood for."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if text[start] == "†":
        # E2 80 A0: the lost 9D byte and the space after the quote fused into A0,
        # so the dagger stands for a closing quote and the space it swallowed.
        return "”" if after.isspace() or after in ".,;:!?)" else "” "
    if before.isalnum() and after.isalnum():
        return "’"  # inside a word: an apostrophe
    if (before.isspace() or before in "([{—–-") and not after.isspace():
        return "“"
    return "”"


def is_garbage_line(line: str) -> bool:
    """A line that is mostly mis-decoded bytes no repair can recover."""
    if line.isascii():
        return False
    visible = len(_NON_SPACE.findall(line))
    latin1 = len(_LATIN1.findall(line))
    if visible >= 4 and latin1 >= 0.6 * visible:
        return True  # real European text is mostly ASCII letters
    odd = len(_ODD.findall(line))
    if _CJK.search(line) and latin1:
        odd += len(_CJK.findall(line))  # CJK mixed with Latin-1 symbols: another encoding
    return odd >= 3 and odd >= 0.3 * visible


def _repair_line(line: str) -> tuple[str, int]:
    count = 0

    def decode(match: re.Match[str]) -> str:
        nonlocal count
        fixed = _decode_sequence(match)
        count += fixed != match.group()
        return fixed

    for _ in range(3):  # text mis-decoded twice needs two passes
        before = count
        line = _SEQUENCE.sub(decode, line)
        if count == before:
            break
    parts: list[str] = []
    pos = 0
    for match in _LOST_QUOTE.finditer(line):
        parts += [line[pos:match.start()], _quote_for(line, match.start(), match.end())]
        pos = match.end()
        count += 1
    parts.append(line[pos:])
    line, lost_nbsp = _LOST_NBSP.subn("", "".join(parts))
    return line, count + lost_nbsp


def repair(text: str) -> tuple[str, int]:
    """The repaired text and how many places were changed (0: text returned as is)."""
    if not has_mojibake(text):
        return text, 0
    lines = text.split("\n")
    total = 0
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        fixed, n = _repair_line(line)
        if n and not is_garbage_line(fixed):  # garbage stays as it was, to be marked
            lines[i] = fixed
            total += n
    return ("\n".join(lines), total) if total else (text, 0)
