"""Read a folder of .txt/.md articles into `Article`s: decode, repair, mark chrome.

A bad file becomes a `Problem` and never stops the others loading. Offsets in
every `Article` point into its decoded, newline-normalised, repaired text.
"""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

from . import chrome, metadata, mojibake
from .controls import count_controls, junk_ratio, visible
from .files import NotRegularFile, id_problem, read_regular
from .models import Article, Problem

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Random bytes read as cp1252 or latin-1 have 20-32 % control or unassigned characters from
# 200 bytes up (measured, 20 seeds each size), the 2,055 real BBC articles and the seeds none;
# a short page with a few terminal escapes has about 6 % and still loads, with a warning.
MAX_JUNK = 0.12
SUFFIXES = (".txt", ".md")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    if raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined: latin-1 reads anything
        return raw.decode("latin-1"), "latin-1"


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def read_article(path: Path) -> tuple[Article | None, list[Problem]]:
    """One article file, or None and the reason it cannot be read."""
    where = str(path)
    try:
        raw = read_regular(path, MAX_ARTICLE_BYTES)
    except NotRegularFile as err:
        return None, [Problem(where, None, str(err))]
    except FileNotFoundError:
        why = "a symlink to nothing: point it at an article file or remove it" if path.is_symlink() else "no such file"
        return None, [Problem(where, None, why)]
    except OSError as err:
        why = ("a symlink loop: point the link at an article file or remove it" if err.errno == errno.ELOOP
               else f"cannot read file: {err.strerror or err}")
        return None, [Problem(where, None, why)]
    if len(raw) > MAX_ARTICLE_BYTES:
        size = path.stat().st_size
        return None, [Problem(where, None, f"file is {size / 1e6:.1f} MB, larger than the "
                                           f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for an article")]
    if not raw.startswith(_UTF16_BOMS) and (nul := raw.find(b"\0")) >= 0:
        return None, [Problem(where, _line_of(raw, nul), "binary file (NUL byte), not an article")]
    try:
        text, encoding = _decode(raw)
    except UnicodeDecodeError:
        return None, [Problem(where, None, "starts with a UTF-16 byte order mark but is not valid UTF-16")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem(where, None, "file is empty" if not raw else "file holds only whitespace")]
    warnings: list[Problem] = []
    if encoding not in ("utf-8", "utf-16"):
        warnings.append(Problem(where, None, f"not UTF-8, read as {encoding}", warning=True))
    text, repaired = mojibake.repair(text)
    if (junk := junk_ratio(text)) > MAX_JUNK:
        return None, [Problem(where, None, f"binary file, not an article: {junk:.0%} of its characters are control "
                                           "characters or unassigned in Unicode: move it out of the folder")]
    if repaired:
        warnings.append(Problem(where, None, f"repaired {repaired} mis-decoded character sequence"
                                             f"{'s' if repaired != 1 else ''} (mojibake)", warning=True))
    if controls := count_controls(text):
        warnings.append(Problem(where, None, f"{controls} control character{'s' if controls != 1 else ''} "
                                             "(terminal codes) shown as symbols, ␛ for ESC", warning=True))
    text = visible(text)   # one character for one: offsets and the sha256 stay valid
    layout = chrome.analyse(text)
    if layout.body == (0, 0):
        warnings.append(Problem(where, None, "no story text found: every line looks like page chrome",
                                warning=True))
    article = Article(
        id=path.stem, path=where, text=text, sha256=hashlib.sha256(raw).hexdigest(),
        body=layout.body, chrome=layout.chrome, meta=metadata.extract(layout, text), warnings=warnings,
    )
    return article, []


def read_corpus(folder: Path) -> tuple[list[Article], list[Problem]]:
    """Every .txt/.md article in `folder` (not its subfolders), sorted by id."""
    if not folder.exists():
        return [], [Problem(str(folder), None, "folder does not exist")]
    if not folder.is_dir():
        return [], [Problem(str(folder), None, "not a folder")]
    try:
        # Not only files: a folder, a FIFO or a broken link named x.txt is reported, not skipped.
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    except OSError as err:
        return [], [Problem(str(folder), None, f"cannot list folder: {err.strerror or err}")]
    by_id: dict[str, list[Path]] = {}
    problems: list[Problem] = []
    for path in files:
        if why := id_problem(path.stem):
            problems.append(Problem(str(path), None, why))
        else:
            by_id.setdefault(path.stem, []).append(path)
    articles: list[Article] = []
    for article_id in sorted(by_id):
        paths = by_id[article_id]
        if len(paths) > 1:
            names = " and ".join(p.name for p in paths)
            problems += [Problem(str(p), None, f"id {article_id!r} is used by {names}: "
                                               "rename one; neither is loaded") for p in paths]
            continue
        try:
            article, found = read_article(paths[0])
        except Exception as err:  # a bug on one odd file must not hide the whole corpus
            article, found = None, [Problem(str(paths[0]), None, f"could not be read: {type(err).__name__}: {err}")]
        problems += found
        if article is not None:
            articles.append(article)
    return articles, problems


def paragraphs(article: Article) -> list[tuple[int, int]]:
    """(start, end) of each body paragraph outside chrome, stripped of whitespace.

    A blank line ends a paragraph; so does a line break after a sentence end or
    after a line much shorter than the next (a dateline above the lead), while
    the even lines of a hard-wrapped paragraph stay together."""
    text = article.text
    start, end = article.body
    spans: list[tuple[int, int]] = []
    pos = start
    for segment in sorted(article.chrome, key=lambda s: s.start):
        if segment.start < end and start < segment.end:
            spans += paragraphs_in(text, pos, max(pos, segment.start))
            pos = max(pos, segment.end)
    return spans + paragraphs_in(text, pos, end)


def paragraphs_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraphs of text[start:end], drawn as paragraphs() draws them."""
    spans: list[tuple[int, int]] = []
    para: tuple[int, int] | None = None
    for line in chrome.split_lines(text[start:end]):
        line_start, line_end = start + line.start, start + line.end
        if para and _breaks(text, para[1], line_start, line_end):
            spans.append(para)
            para = None
        para = (para[0] if para else line_start, line_end)
    return spans + [para] if para else spans


def _breaks(text: str, prev_end: int, start: int, end: int) -> bool:
    """Whether a paragraph ends between the line ending at prev_end and text[start:end]."""
    if text.count("\n", prev_end, start) > 1:
        return True
    previous = text[text.rfind("\n", 0, prev_end) + 1:prev_end].strip()
    return (previous.rstrip("\"”’')]").endswith((".", "!", "?", ":", ";"))
            or len(previous) < 0.6 * (end - start))
