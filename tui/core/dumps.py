"""Rows of a JSONL, JSON or CSV dump: one article a row, as scrapers and news APIs give them.

The fields are found by their common names, whatever their case (`text`/`body`/`content`,
`title`/`headline`, …; `source: {name: …}` as news APIs nest it); `--field text=body`
names one. A row's id comes from its url, or else from a hash of its text, so it stays
the same when rows are reordered or the dump grows. A bad row is a `Problem` at its line
and the others still load. JSONL and CSV are read as a stream, a row at a time.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from .models import Problem

# Each field and the names it goes by, most likely first (matched case-insensitively).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "date": ("date", "published", "publishedAt", "published_at"),
    "url": ("url", "link"),
    "source": ("source", "outlet"),
    "author": ("author", "byline"),
}
MAX_JSON_BYTES = 256 * 1024 * 1024   # a JSON document is parsed whole; larger dumps belong in JSONL
_CHUNK = 1024 * 1024
_UNDECODED = re.compile("[\udc80-\udcff]")   # a byte that was not UTF-8, kept by surrogateescape


class FieldError(ValueError):
    """A `--field` override that cannot be used; the message says why."""


def parse_field(spec: str) -> tuple[str, str]:
    """"text=body" -> ("text", "body"); a nested key is "source.name"."""
    field, sep, name = spec.partition("=")
    field = field.strip().lower()
    if not sep or not name.strip():
        raise FieldError(f"expected FIELD=NAME, as in text=body, got {spec!r}")
    if field not in FIELD_NAMES:
        raise FieldError(f"unknown field {field!r}: one of {', '.join(FIELD_NAMES)}")
    return field, name.strip()


@dataclass(slots=True)
class Row:
    """One row's fields as text, where it starts, and what it said that was odd."""

    line: int
    values: dict[str, str]         # field -> value; "text" is always there
    warnings: list[str]

    @property
    def id(self) -> str:
        return row_id(self.values.get("url"), self.values["text"])

    @property
    def sha256(self) -> str:
        """A hash of this row's own content: another row changing leaves it alone."""
        return hashlib.sha256(json.dumps(self.values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def row_id(url: str | None, text: str) -> str:
    """"https://x.example/world/blinken-visit" -> "blinken-visit-1a2b3c4d"; no url: "text-" and a hash."""
    if url and url.strip():
        url = url.strip()
        digest = hashlib.sha256(url.encode()).hexdigest()
        slug = _slug(url)
        return f"{slug}-{digest[:8]}" if slug else f"url-{digest[:12]}"
    return f"text-{hashlib.sha256(text.strip().encode()).hexdigest()[:12]}"


def _slug(url: str) -> str:
    parts = urlsplit(url)
    segments = [re.sub(r"\.(?:s?html?|php|aspx?)$", "", s, flags=re.I) for s in parts.path.split("/") if s]
    words = segments[-1:] if segments and not segments[-1].isdigit() else segments[-2:]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words or [parts.hostname or ""]).lower()).strip("-")
    return slug[:48].strip("-")


def read_dump(path: Path, file: BinaryIO, fields: Mapping[str, str], limit: int
              ) -> Iterator[Row | Problem]:
    """The rows of the open dump file, each a Row or the Problem that keeps it out."""
    suffix = path.suffix.lower()
    reader = _jsonl if suffix == ".jsonl" else _json if suffix == ".json" else _csv
    for line, record in reader(path, file, limit):
        if isinstance(record, Problem):
            yield record
        elif isinstance(record, tuple):    # a JSONL line read as cp1252, and the warning
            yield _row(str(path), line, record[0], fields, limit, [record[1]])
        else:
            yield _row(str(path), line, record, fields, limit, [])


def _row(where: str, line: int, record: object, fields: Mapping[str, str], limit: int,
         warnings: list[str]) -> Row | Problem:
    if not isinstance(record, dict):
        return Problem(where, line, f"a row must be an object of fields, not {_kind(record)}")
    lowered = {str(k).lower(): v for k, v in record.items()}
    values: dict[str, str] = {}
    for field, names in FIELD_NAMES.items():
        name = fields.get(field)
        value = _lookup(record, lowered, name) if name else next(
            (lowered[n.lower()] for n in names if lowered.get(n.lower()) not in (None, "")), None)
        if value is None:
            if field == "text":
                looked = f"field {name!r}" if name else ", ".join(names)
                return Problem(where, line, f"no text: no {looked} in this row (name the text's field with "
                                            "--field text=NAME)")
            continue
        text = _as_text(field, value)
        if text is None:
            return Problem(where, line, f"{field} ({name or 'found by name'}) is {_kind(value)}, not text")
        if text.strip():
            values[field] = text
    if "text" not in values:
        return Problem(where, line, "the text is empty")
    if len(values["text"].encode("utf-8", "surrogatepass")) > limit:
        return Problem(where, line, f"the text is larger than the {limit / 1e6:.0f} MB limit for an article")
    odd = [field for field, value in values.items() if _UNDECODED.search(value)]
    for field in odd:   # a CSV cell that was not UTF-8 (a spreadsheet's cp1252): read as cp1252, and said
        values[field] = values[field].encode("utf-8", "surrogateescape").decode("cp1252", "replace")
    if odd:
        warnings.append(f"not UTF-8, read as cp1252 ({', '.join(odd)})")
    return Row(line, values, warnings)


def _lookup(record: dict, lowered: dict, name: str) -> object:
    """The value of an override name: a key, or a dotted path into nested objects."""
    if name in record:
        return record[name]
    if name.lower() in lowered:
        return lowered[name.lower()]
    value: object = record
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = {str(k).lower(): v for k, v in value.items()}.get(part.lower())
    return value


def _as_text(field: str, value: object) -> str | None:
    if isinstance(value, str):
        return value
    if field == "text":
        return None
    if isinstance(value, dict) and field == "source":   # NewsAPI: {"id": "bbc-news", "name": "BBC News"}
        name = value.get("name") or value.get("title")
        return name if isinstance(name, str) else None
    if isinstance(value, list) and field == "author" and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field != "url":
        return str(value)
    return None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true or false", type(None): "null",
            int: "a number", float: "a number", str: "text"}.get(type(value), type(value).__name__)


def _decode(raw: bytes) -> tuple[str, bool]:
    """The text of a row's bytes, and whether it had to be read as cp1252."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace"), True


def _jsonl(path: Path, file: BinaryIO, limit: int) -> Iterator[tuple[int, object]]:
    where, line = str(path), 0
    while raw := file.readline(limit + 1):
        line += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (more := file.readline(_CHUNK)) and not more.endswith(b"\n"):
                pass
            yield line, Problem(where, line, f"row is larger than the {limit / 1e6:.0f} MB limit for an article")
            continue
        if line == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        text, cp1252 = _decode(raw.rstrip(b"\r\n"))
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            yield line, Problem(where, line, f"not valid JSON: {err.msg} (column {err.colno})")
            continue
        yield line, (record, "not UTF-8, read as cp1252") if cp1252 else record


def _json(path: Path, file: BinaryIO, limit: int) -> Iterator[tuple[int, object]]:
    """The records of a JSON array, or of the first array of records in an object
    ({"articles": [...]} as news APIs give), or the object itself when it holds none;
    each with the line it starts on."""
    where = str(path)
    raw = file.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        yield 0, Problem(where, None, f"a JSON file larger than {MAX_JSON_BYTES // 2**20} MB: write the rows "
                                      "as JSONL (one JSON object a line), which newsdesk reads as a stream")
        return
    text, _ = _decode(raw.removeprefix(codecs.BOM_UTF8))
    del raw
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)
    pos = _skip(text, 0)
    try:
        if text.startswith("{", pos):
            start, found = pos, _array_in_object(text, pos, decoder)
            if found is None:   # no list of records in it: the object is the one article
                yield lines.at(start), decoder.raw_decode(text, start)[0]
                return
            pos = found
        if not text.startswith("[", pos):
            yield 0, Problem(where, lines.at(pos), "expected a JSON list of articles ([{...}, ...])")
            return
        pos = _skip(text, pos + 1)
        while not text.startswith("]", pos):
            record, end = decoder.raw_decode(text, pos)
            yield lines.at(pos), record
            pos = _skip(text, end)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
            elif not text.startswith("]", pos):
                raise json.JSONDecodeError("expected ',' or ']'", text, pos)
    except json.JSONDecodeError as err:
        yield 0, Problem(where, err.lineno, f"not valid JSON: {err.msg} (column {err.colno}); "
                                            "the records after it are not read")


def _array_in_object(text: str, pos: int, decoder: json.JSONDecoder) -> int | None:
    """Where the first list of objects among an object's values starts, or None."""
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        _, pos = decoder.raw_decode(text, pos)    # the key
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise json.JSONDecodeError("expected ':'", text, pos)
        pos = _skip(text, pos + 1)
        if text.startswith("[", pos) and text.startswith("{", _skip(text, pos + 1)):
            return pos
        _, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("}", pos):
            raise json.JSONDecodeError("expected ',' or '}'", text, pos)
    return None


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


class _LineCounter:
    """Line numbers of offsets met in increasing order, counted once."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _csv(path: Path, file: BinaryIO, limit: int) -> Iterator[tuple[int, object]]:
    where = str(path)
    stream = io.TextIOWrapper(file, encoding="utf-8-sig", errors="surrogateescape", newline="")
    # The delimiter is the one the header row uses (a spreadsheet in some locales writes ";"):
    # column names hold none, where story text may hold them all.
    header_line = stream.readline(64 * 1024)
    delimiter = max(",;\t|", key=header_line.count)
    stream.seek(0)
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    reader = csv.reader(stream, delimiter=delimiter if delimiter in header_line else ",")
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as err:
        yield 1, Problem(where, 1, f"the header row cannot be read as CSV: {err}")
        return
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield line, Problem(where, line, f"not a valid CSV row: {err}")
            continue
        if cells:
            yield line, dict(zip(header, cells))
