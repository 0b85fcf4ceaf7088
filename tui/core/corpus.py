"""Read a folder of articles into `Article`s: decode, repair, mark chrome.

Text and Markdown files, saved web pages (pages.py) and the rows of JSONL, JSON and CSV
dumps (dumps.py): every text goes through the same checks (make_article). A bad file or
row becomes a `Problem` and never stops the others loading. Offsets in every `Article`
point into its decoded, newline-normalised, repaired text.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from . import chrome, metadata, mojibake, pages
from .controls import count_controls, junk_ratio, visible, visible_line
from .dumps import read_dump
from .files import (
    ARTICLE_SUFFIXES,
    DUMP_SUFFIXES,
    PAGE_SUFFIXES,
    NotRegularFile,
    id_problem,
    open_regular,
    read_regular,
)
from .models import Article, Problem

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Random bytes read as cp1252 or latin-1 have 20-32 % control or unassigned characters from
# 200 bytes up (measured, 20 seeds each size), the 2,055 real BBC articles and the seeds none;
# a short page with a few terminal escapes has about 6 % and still loads, with a warning.
MAX_JUNK = 0.12
MAX_FRONT_MATTER = 64 * 1024   # a closing fence further down is not front matter
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
    """One article file (text, Markdown or a saved web page), or None and the reason it cannot be read."""
    where = str(path)
    try:
        raw = read_regular(path, MAX_ARTICLE_BYTES)
    except (NotRegularFile, OSError) as err:
        return None, [_unreadable(path, err)]
    if len(raw) > MAX_ARTICLE_BYTES:
        size = path.stat().st_size
        return None, [Problem(where, None, f"file is {size / 1e6:.1f} MB, larger than the "
                                           f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for an article")]
    if not raw.startswith(_UTF16_BOMS) and (nul := raw.find(b"\0")) >= 0:
        return None, [Problem(where, _line_of(raw, nul), "binary file (NUL byte), not an article")]
    suffix = path.suffix.lower()
    warnings: list[Problem] = []
    given: dict[str, str] = {}
    fenced = 0
    if suffix in PAGE_SUFFIXES:   # the page declares its own encoding: the extractor reads the bytes
        page = pages.extract(raw) if raw.strip() else None
        if page is None and raw.strip():
            return None, [Problem(where, None, "no story text found in this web page")]
        text, given = page or ("", {})
    else:
        try:
            text, encoding = _decode(raw)
        except UnicodeDecodeError:
            return None, [Problem(where, None, "starts with a UTF-16 byte order mark but is not valid UTF-16")]
        if encoding not in ("utf-8", "utf-16"):
            warnings.append(Problem(where, None, f"not UTF-8, read as {encoding}", warning=True))
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem(where, None, "file is empty" if not raw else "file holds only whitespace")]
    if suffix == ".md":
        fenced, given, found = front_matter(text, where)
        warnings += found
    article, problem = make_article(path.stem, where, None, text, hashlib.sha256(raw).hexdigest(), warnings,
                                    given, fenced)
    return article, [problem] if problem else []


def _unreadable(path: Path, err: OSError | NotRegularFile) -> Problem:
    where = str(path)
    if isinstance(err, NotRegularFile):
        return Problem(where, None, str(err))
    if isinstance(err, FileNotFoundError):
        why = "a symlink to nothing: point it at an article file or remove it" if path.is_symlink() else "no such file"
        return Problem(where, None, why)
    return Problem(where, None, "a symlink loop: point the link at an article file or remove it"
                   if err.errno == errno.ELOOP else f"cannot read file: {err.strerror or err}")


def make_article(article_id: str, where: str, line: int | None, text: str, sha256: str, warnings: list[Problem],
                 given: Mapping[str, str], fenced: int = 0) -> tuple[Article | None, Problem | None]:
    """The checks every text gets, wherever it came from: mojibake repaired, binary junk
    refused, control characters made visible (untrusted text never drives the terminal),
    chrome marked. given: fields the file states (front matter, a page's or a row's);
    fenced: where front matter at the top ends (0: none)."""
    text, repaired = mojibake.repair(text)
    if (junk := junk_ratio(text)) > MAX_JUNK:
        return None, Problem(where, line, f"binary {'data' if line else 'file'}, not an article: {junk:.0%} of its "
                                          "characters are control characters or unassigned in Unicode: "
                                          "move it out of the folder")
    if repaired:
        warnings.append(Problem(where, line, f"repaired {repaired} mis-decoded character sequence"
                                             f"{'s' if repaired != 1 else ''} (mojibake)", warning=True))
    if controls := count_controls(text):
        warnings.append(Problem(where, line, f"{controls} control character{'s' if controls != 1 else ''} "
                                             "(terminal codes) shown as symbols, ␛ for ESC", warning=True))
    text = visible(text)   # one character for one: offsets and the sha256 stay valid
    given = {key: visible_line(value) for key, value in given.items()}
    layout = chrome.analyse(text, fenced)
    if layout.body == (0, 0):
        warnings.append(Problem(where, line, "no story text found: every line looks like page chrome",
                                warning=True))
    return Article(id=article_id, path=where, text=text, sha256=sha256, body=layout.body, chrome=layout.chrome,
                   meta=metadata.extract(layout, text, given), warnings=warnings, line=line), None


def front_matter(text: str, where: str) -> tuple[int, dict[str, str], list[Problem]]:
    """A Markdown file's YAML front matter: the offset where it ends, its fields as text,
    and a warning when it is malformed (its fields are then not used)."""
    if not text.startswith("---\n"):
        return 0, {}, []
    close = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:MAX_FRONT_MATTER], re.MULTILINE)
    if close is None:
        return 0, {}, [Problem(where, 1, "front matter opened with --- is never closed: the file is read "
                                         "as text, without its fields", warning=True)]
    block = text[4:4 + close.start()]
    fenced = 4 + close.end()
    import yaml  # only for a file with front matter

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)   # where the bad part opens
        why = getattr(err, "problem", None) or "cannot be parsed"
        return fenced, {}, [Problem(where, mark.line + 2 if mark else 1, f"front matter is not valid YAML: {why}: "
                                    "its fields are not used (the story is read)", warning=True)]
    if data is None:
        return fenced, {}, []
    if not isinstance(data, dict):   # prose between two rules, say: text, not fields
        return 0, {}, [Problem(where, 1, "the lines between the --- at the top and the next are not "
                                         "`key: value` fields: read as text", warning=True)]
    fields = {}
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(value)
        if isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool):
            fields[str(key).lower()] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return fenced, fields, []


def read_source(path: Path, fields: Mapping[str, str] | None = None) -> tuple[list[Article], list[Problem]]:
    """The articles of one file: the file itself, or each good row of a dump."""
    if path.suffix.lower() not in DUMP_SUFFIXES:
        article, found = read_article(path)
        return ([article] if article else []), found
    articles: list[Article] = []
    problems: list[Problem] = []
    where = str(path)
    try:
        with open_regular(path) as file:
            for row in read_dump(path, file, fields or {}, MAX_ARTICLE_BYTES):
                if isinstance(row, Problem):
                    problems.append(row)
                    continue
                text = row.values["text"].replace("\r\n", "\n").replace("\r", "\n")
                warnings = [Problem(where, row.line, w, warning=True) for w in row.warnings]
                given = {k: v for k, v in row.values.items() if k != "text"}
                article, problem = make_article(row.id, where, row.line, text, row.sha256, warnings, given)
                if article is not None:
                    articles.append(article)
                if problem is not None:
                    problems.append(problem)
    except (NotRegularFile, OSError) as err:
        problems.append(_unreadable(path, err))
    if not articles and not problems:
        problems.append(Problem(where, None, "no rows: the dump is empty"))
    return articles, problems


def list_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The article files and dumps in `folder` (not its subfolders), sorted; or why it cannot be listed."""
    if not folder.exists():
        return [], [Problem(str(folder), None, "folder does not exist")]
    if not folder.is_dir():
        return [], [Problem(str(folder), None, "not a folder")]
    try:
        # Not only files: a folder, a FIFO or a broken link named x.txt is reported, not skipped.
        return sorted(p for p in folder.iterdir()
                      if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")), []
    except OSError as err:
        return [], [Problem(str(folder), None, f"cannot list folder: {err.strerror or err}")]


def read_corpus(folder: Path, fields: Mapping[str, str] | None = None) -> tuple[list[Article], list[Problem]]:
    """Every article in `folder` (not its subfolders): its text files, pages and the rows of
    its dumps, sorted by id. An id given twice is reported and neither is loaded."""
    files, problems = list_files(folder)
    by_id: dict[str, list[Path]] = {}
    dumps: list[Path] = []
    for path in files:
        if path.suffix.lower() in DUMP_SUFFIXES:
            dumps.append(path)
        elif why := id_problem(path.stem):
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
        found_articles, found = _read_guarded(paths[0], fields)
        problems += found
        articles += found_articles
    for path in dumps:
        found_articles, found = _read_guarded(path, fields)
        problems += found
        articles += found_articles
    articles, found = unique(articles)
    return sorted(articles, key=lambda a: a.id), problems + found


def _read_guarded(path: Path, fields: Mapping[str, str] | None) -> tuple[list[Article], list[Problem]]:
    try:
        return read_source(path, fields)
    except Exception as err:  # noqa: BLE001 - a bug on one odd file must not hide the whole corpus
        return [], [Problem(str(path), None, f"could not be read: {type(err).__name__}: {err}")]


def unique(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """The articles whose id no other has (a dump's row against a file, or another row);
    each of the others reported at its place, as for two files of one stem."""
    by_id: dict[str, list[Article]] = {}
    for article in articles:
        by_id.setdefault(article.id, []).append(article)
    kept, problems = [], []
    for article_id, same in by_id.items():
        if len(same) == 1:
            kept.append(same[0])
        else:
            problems += duplicate_id(article_id, [(a.path, a.line) for a in same])
    return kept, problems


def duplicate_id(article_id: str, places: list[tuple[str, int | None]]) -> list[Problem]:
    """One problem at each (path, row line) that gives the same article id."""
    names = " and ".join(f"{Path(path).name}:{line}" if line else Path(path).name for path, line in places)
    return [Problem(path, line, f"id {article_id!r} is used by {names}: remove or change one (rows get their "
                                "id from their url, else from their text); neither is loaded")
            for path, line in places]


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
