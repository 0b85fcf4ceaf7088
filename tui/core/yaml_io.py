"""The YAML layer under the annotation store: safe reading with line numbers, a
deterministic writer, and atomic replacement of files on disk.

Reading walks libyaml's event stream (the C parser) and builds plain data itself:
every plain scalar stays a string (the schema in store.py converts numbers, so
`text: 2023` or `note: yes` never turn into an int or a bool), anchors and aliases
are refused before anything is built, nesting is capped (libyaml's own composer
recurses in C and crashes the process on deep input), and each key and list item
remembers its line for error messages.

Writing goes through PyYAML's emitter, which quotes a string only when YAML needs it,
with line wrapping switched off so that one flow mapping stays on one line.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tui.core.controls import visible
from tui.core.files import NotRegularFile, read_regular
from tui.core.models import Problem

MAX_BYTES = 20 * 1024 * 1024
# Our files nest five levels deep; anything much deeper is not one of ours.
MAX_DEPTH = 20

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
NULL_TAG = "tag:yaml.org,2002:null"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # what a plain scalar reads as None
_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_NO_WRAP = 1 << 30

KeyPath = tuple[str | int, ...]


@dataclass(slots=True)
class Parsed:
    """A YAML file read into dicts, lists, strings and None, with the line of every part.

    `data` is None when the file could not be read at all; `problems` then says why.
    """

    path: str
    data: object = None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, keypath: KeyPath) -> int | None:
        """The line of keypath, or of the nearest enclosing part that has one."""
        while keypath and keypath not in self.lines:
            keypath = keypath[:-1]
        return self.lines.get(keypath)


class _Refused(Exception):
    """Stops reading a file: something in it is not allowed anywhere in our files."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# ---- reading --------------------------------------------------------------------------------

def read_yaml(path: Path) -> Parsed | None:
    """Parse the YAML file at path; None when there is no such file."""
    text = read_text(path)
    return text if not isinstance(text, str) else parse_text(text, str(path))


def read_text(path: Path) -> str | Parsed | None:
    """The text of the file at path; a Parsed holding only the problem when it cannot be
    read (too big, binary, not UTF-8, empty); None when there is no such file."""
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return None
    except NotRegularFile as error:   # a FIFO would block the reader forever
        return Parsed(str(path), problems=[Problem(str(path), None, str(error))])
    except OSError as error:
        return Parsed(str(path), problems=[Problem(str(path), None, f"cannot read: {error.strerror or error}")])
    try:
        return _decode(raw)
    except _Refused as refused:
        return Parsed(str(path), problems=[Problem(str(path), refused.line, refused.message)])


def parse_text(text: str, path: str) -> Parsed:
    """Parse decoded text; never raises."""
    try:
        return _compose(text, path)
    except _Refused as refused:
        return Parsed(path, problems=[Problem(path, refused.line, refused.message)])


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _Refused(None, f"file larger than the {MAX_BYTES // (1024 * 1024)} MB limit: not read")
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise _Refused(line, "binary file (it contains NUL bytes), not YAML")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise _Refused(line, f"not UTF-8: byte 0x{raw[error.start]:02x} at column {column} "
                             "(save the file as UTF-8)") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _Refused(None, "empty file")
    return text


class _Frame:
    """A mapping or list being filled while the event stream is read."""

    __slots__ = ("container", "keypath", "key")

    def __init__(self, container: dict | list, keypath: KeyPath) -> None:
        self.container = container
        self.keypath = keypath
        self.key: str | None = None   # mappings: the key whose value comes next


def _compose(text: str, path: str) -> Parsed:
    parsed = Parsed(path)
    lines = parsed.lines
    stack: list[_Frame] = []
    root: list[object] = []
    documents = 0

    def place(value: object, line: int) -> KeyPath | None:
        """Put a finished value (or a new container) where it belongs; its key path."""
        if not stack:
            root.append(value)
            lines[()] = line
            return ()
        top = stack[-1]
        container = top.container
        if type(container) is list:
            keypath = (*top.keypath, len(container))
            container.append(value)
            lines[keypath] = line
            return keypath
        if top.key is None:   # value is a key
            if not isinstance(value, str):
                raise _Refused(line, "a key must be a plain name, not a list or mapping")
            keypath = (*top.keypath, value)
            if value in container:
                parsed.problems.append(Problem(path, line, f"duplicate key '{value}' "
                                                           f"(first on line {lines[keypath]})"))
            else:
                lines[keypath] = line
            top.key = value
            return None
        keypath = (*top.keypath, top.key)
        container[top.key] = value  # type: ignore[call-overload]  # a mapping: a list returned above
        top.key = None
        return keypath

    # Any: events are told apart by `type(event) is`, quicker than isinstance in this loop,
    # and mypy does not narrow through the `kind` alias
    event: Any
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            kind = type(event)
            if kind is ScalarEvent:
                line = event.start_mark.line + 1
                _refuse_anchor_and_tag(event, line, STR_TAG)
                plain = event.implicit[0] and event.tag is None
                # "\e]0;…" in double quotes is an escape sequence: made visible as in articles,
                # and the file is not ours to rewrite so: read-only until a person removes it
                shown = visible(event.value)
                if shown != event.value:
                    first = next(b for a, b in zip(event.value, shown) if a != b)
                    parsed.problems.append(Problem(path, line, f"a control character in a value (shown as {first}): "
                                                               "remove it; the file stays read-only until then"))
                place(None if plain and event.value in NULLS else shown, line)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                line = event.start_mark.line + 1
                _refuse_anchor_and_tag(event, line, MAP_TAG if kind is MappingStartEvent else SEQ_TAG)
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep: not one of our files")
                container: dict | list = {} if kind is MappingStartEvent else []
                keypath = place(container, line)   # refuses a list or mapping as a key
                stack.append(_Frame(container, keypath or ()))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is AliasEvent:
                raise _Refused(event.start_mark.line + 1,
                               f"YAML alias *{event.anchor}: anchors and aliases are not allowed here")
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark.line + 1, "a second YAML document ('---'): "
                                                              "one file holds one document")
    except yaml.YAMLError as error:
        raise _Refused(*_yaml_error(error, text)) from None
    if not root:
        raise _Refused(None, "empty file: only comments, no content")
    parsed.data = root[0]
    return parsed


def _refuse_anchor_and_tag(event: ScalarEvent | MappingStartEvent | SequenceStartEvent,
                           line: int, allowed_tag: str) -> None:
    if event.anchor is not None:
        raise _Refused(line, f"YAML anchor &{event.anchor}: anchors and aliases are not allowed here")
    if event.tag is not None and event.tag != allowed_tag:
        raise _Refused(line, f"YAML tag {event.tag}: tags are not allowed here")


def _yaml_error(error: yaml.YAMLError, text: str) -> tuple[int | None, str]:
    """Line and message for a libyaml error: "invalid YAML: <what> (<where it started>)"."""
    if isinstance(error, yaml.MarkedYAMLError) and (mark := error.problem_mark) is not None:
        message = f"invalid YAML: {error.problem}"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None and context_mark.line != mark.line:
            message += f" ({context} that started on line {context_mark.line + 1})"
        elif context:
            message += f" ({context})"
        return mark.line + 1, message
    position = getattr(error, "position", None)   # ReaderError: a character YAML forbids
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    reason = getattr(error, "reason", None) or str(error).split("\n")[0]
    character = getattr(error, "character", None)
    if isinstance(character, int):
        reason = f"character U+{character:04X}: {reason}"
    elif isinstance(character, str) and character:
        reason = f"character U+{ord(character[0]):04X}: {reason}"
    return line, f"invalid YAML: {reason}"


# ---- reading the writer's own layout, line by line ----------------------------------------
# libyaml hands Python about 20 events per mention line: 5 ms for a file of 50 mentions,
# too slow for 10,000 files at startup. Files in exactly the writer's layout are read
# line by line with regexes instead, into the same data and lines _compose gives; for
# anything else the readers return None and the caller uses read_yaml/parse_text, which
# also explain what is wrong. A value here is a plain scalar that YAML reads as its own
# literal text, or a single-quoted one.
BAD = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"   # non-printables, odd breaks
VALUE_PATTERN = (rf"(?:'(?:[^'\n{BAD}]|'')*'"
                 rf"|[^\s\-?:,\[\]{{}}#&*!|>'\"%@`{BAD}](?:[^,\[\]{{}}#:\n{BAD}]*[^,\[\]{{}}#:\s{BAD}])?)")
VALUE = re.compile(VALUE_PATTERN)
LIST = re.compile(rf"\[(?:{VALUE_PATTERN}(?:, {VALUE_PATTERN})*)?\]")
TOP = re.compile(r"([a-z_0-9]+):(?: (.*))?")
SUB = re.compile(r"  ([a-z_0-9]+):(?: (.*))?")
ITEM = re.compile(r"- ([a-z_0-9]+):(?: (.*))?")
FLOW_MAP = re.compile(rf"\{{[a-z_0-9]+: {VALUE_PATTERN}(?:, [a-z_0-9]+: {VALUE_PATTERN})*\}} *")
FLOW_PAIR = re.compile(rf"([a-z_0-9]+): ({VALUE_PATTERN})")
CANNOT = object()   # a value the line reader does not take: use the YAML reader


def line_value(token: str) -> str | None:
    """A plain or single-quoted scalar as the YAML reader reads it."""
    return token[1:-1].replace("''", "'") if token[0] == "'" else None if token in NULLS else token


def line_field(raw: str | None) -> object:
    """A block mapping's value: a scalar or a one-line list of scalars (None: nothing)."""
    if raw is None:
        return None
    raw = raw.rstrip(" ")
    if VALUE.fullmatch(raw):
        return line_value(raw)
    if LIST.fullmatch(raw):
        return [line_value(v) for v in VALUE.findall(raw)]
    return CANNOT if raw else None


def read_records(text: str, path: str, top: str) -> Parsed | None:
    """people.yaml or meetings.yaml in the writer's layout, read line by line into the
    same data and lines as the YAML reader gives; None for anything else."""
    data: dict[str, object] = {}
    parsed = Parsed(path, data)
    lines = parsed.lines
    records: list[dict[str, object]] = []
    record: dict[str, object] | None = None
    keypath: KeyPath = ()
    last_key: str | None = None   # a record key with no value yet: a list of mappings may follow
    for n, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line.startswith("  - "):
            if record is None or last_key is None or not FLOW_MAP.fullmatch(line, 4):
                return None
            if record[last_key] is None:
                record[last_key] = []
            items = cast("list[dict[str, object]]", record[last_key])
            item: dict[str, object] = {}
            for key, raw in FLOW_PAIR.findall(line, 4):
                if key in item:
                    return None
                item[key] = line_value(raw)
            lines[(*keypath, last_key, len(items))] = n
            items.append(item)
            continue
        if line.startswith("- "):
            match = ITEM.fullmatch(line)
            if match is None or top not in data or data[top] is not (records if records else None):
                return None
            data[top] = records
            record, keypath = {}, (top, len(records))
            lines[keypath] = n
            records.append(record)
        elif line.startswith("  "):
            match = SUB.fullmatch(line)
            if match is None or record is None:
                return None
        else:
            match = TOP.fullmatch(line)
            if match is None or match[1] != top or top in data or match[2] not in (None, "[]"):
                return None
            data[top] = [] if match[2] else None
            lines[()] = lines[(top,)] = n
            continue
        value = line_field(match[2])
        if value is CANNOT or match[1] in record:
            return None
        record[match[1]] = value
        lines[(*keypath, match[1])] = n
        last_key = match[1] if value is None else None
    return parsed if top in data else None


# ---- writing --------------------------------------------------------------------------------

def scalar(value: str | int | None, flow: bool = False) -> ScalarNode:
    """A scalar node; strings with line breaks become `|` blocks, or "..." inside a flow."""
    if value is None:
        return ScalarNode(NULL_TAG, "null")
    if isinstance(value, bool):
        raise TypeError(f"booleans are not part of the format: {value!r}")
    if isinstance(value, int):
        return ScalarNode(INT_TAG, str(value))
    style = None
    if any(b in value for b in _LINE_BREAKS):
        style = '"' if flow else "|"
    return ScalarNode(STR_TAG, value, style=style)


def block_map(pairs: list[tuple[str, Node]]) -> MappingNode:
    return MappingNode(MAP_TAG, [(scalar(k), v) for k, v in pairs], flow_style=False)


def flow_map(pairs: list[tuple[str, str | int | None | list]]) -> MappingNode:
    """A one-line {key: value, ...}; list values become one-line [a, b] lists."""
    return MappingNode(MAP_TAG, [(scalar(k, True), flow_seq(v) if isinstance(v, list) else scalar(v, True))
                                 for k, v in pairs], flow_style=True)


def flow_seq(items: list[str | int | None]) -> SequenceNode:
    return SequenceNode(SEQ_TAG, [scalar(i, True) for i in items], flow_style=True)


def block_seq(items: list[Node]) -> SequenceNode:
    return SequenceNode(SEQ_TAG, items, flow_style=False if items else True)


def render(root: Node, header: str) -> str:
    """The YAML text of root after a one-line comment header."""
    body = yaml.serialize(root, Dumper=yaml.CSafeDumper, allow_unicode=True, width=_NO_WRAP)
    return f"# {header}\n{body}"


# ---- writing line by line ------------------------------------------------------------------
# PyYAML builds a node for each value and its serializer calls the resolver twice for
# each scalar, in Python: 5 s of CPU for the BBC corpus's 2,055 annotation files. Their
# writer (store.py) writes the lines itself instead, each value as PyYAML's emitter
# writes it in that place: a string the emitter surely writes as it is goes in verbatim,
# any other is written by PyYAML once, alone in the same kind of place, and remembered.
# tests/test_store.py checks the two writers agree, on hostile strings too.

# libyaml writes these plain, inside a flow ({}, []) and outside one: a letter first (no
# indicator, no "---"), then no flow indicator (,?[]{}), no ":" or "#", no line break,
# no space at either end, and only characters libyaml calls printable.
_SAFE_WIDE = "\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"   # not U+2028/9 (breaks), U+FEFF
_VERBATIM = re.compile(rf"[A-Za-z{_SAFE_WIDE}](?:[A-Za-z0-9 .'\-&()/_{_SAFE_WIDE}]*[A-Za-z0-9.'\-&()/_{_SAFE_WIDE}])?")
_RESOLVER = yaml.resolver.Resolver()   # the dumper's: which plain strings would read back as a bool or null


def emitted(value: str | int | None, flow: bool) -> str | None:
    """The text PyYAML writes for value as a mapping value or list item: inside a flow
    ({}, []) or else in a block. None for a string with a line break in a block: a `|`
    block, indented by where it stands, which only the YAML writer writes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        raise TypeError(f"booleans are not part of the format: {value!r}")
    if isinstance(value, int):
        return str(value)
    return _emitted(value, flow)


@lru_cache(maxsize=1 << 16)
def _emitted(value: str, flow: bool) -> str | None:
    if _VERBATIM.fullmatch(value) and _RESOLVER.resolve(ScalarNode, value, (True, False)) == STR_TAG:
        return value
    if not flow and any(b in value for b in _LINE_BREAKS):
        return None
    opening, closing = ("{k: ", "}\n") if flow else ("k: ", "\n")
    node = flow_map([("k", value)]) if flow else block_map([("k", scalar(value))])
    text = yaml.serialize(node, Dumper=yaml.CSafeDumper, allow_unicode=True, width=_NO_WRAP)
    if text.count("\n") != 1 or not text.startswith(opening) or not text.endswith(closing):
        return None   # not one line: the caller uses the YAML writer
    return text[len(opening):-len(closing)]


def flow_text(value: str | int | None | list | tuple) -> str | None:
    """A value inside a flow; a list as [a, b]."""
    if not isinstance(value, (list, tuple)):
        return emitted(value, True)
    items = [emitted(item, True) for item in value]
    return None if None in items else f"[{', '.join(items)}]"   # type: ignore[arg-type]  # no None left


def flow_map_text(pairs: list[tuple[str, str | int | None | list]]) -> str | None:
    """The line flow_map gives: {key: value, ...}."""
    values = [flow_text(v) for _, v in pairs]
    return None if None in values else "{" + ", ".join(f"{k}: {v}" for (k, _), v in zip(pairs, values)) + "}"


def block_seq_lines(key: str, items: list[str | None]) -> list[str | None]:
    """key with block_seq of one-line items under it, as lines: "key: []" when empty."""
    return [f"{key}: []"] if not items else [f"{key}:", *(None if i is None else f"- {i}" for i in items)]


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace path with data so that a crash leaves the old file or the new one, whole.

    Temp file in the same folder, fsync, os.replace, fsync of the folder. A file that
    already holds exactly data is left alone (no needless mtime change); returns
    whether it wrote. A symlink is followed: its target is replaced and the link kept.
    """
    with AtomicBatch(threads=0) as batch:
        if not batch.add(path, data):
            return False
        failed = batch.commit()
    if failed:
        raise failed[path]
    return True


@dataclass(slots=True)
class _Temp:
    path: Path                     # as the caller named it
    target: Path                   # the file it replaces: path with symlinks resolved
    temp: Path
    synced: Future[None] | None    # its fsync, running in a thread (None: done already)


class AtomicBatch:
    """Files replaced as write_atomic replaces one, and made durable together.

    Each file is written whole to a hidden temp file beside its target and fsynced, and
    only then renamed over the target: a crash leaves every file old or new, whole, as
    write_atomic does. What the files share is the waiting: the temp files are fsynced
    by `threads` threads at once (the file system commits them in one go: 2,055 files one
    by one took 8 s, at once a fraction of a second), and each folder is fsynced once,
    after its last rename, where write_atomic syncs it once per file. commit() returns
    when every rename is durable; temp files not renamed by then are removed on exit.

        with AtomicBatch() as batch:
            for path, data in files:
                batch.add(path, data)
            failed = batch.commit()   # {path: OSError} of the files not replaced
    """

    def __init__(self, threads: int = 8) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="fsync") if threads else None
        self._temps: deque[_Temp] = deque()
        self.renamed: list[Path] = []   # paths replaced so far, as the caller named them

    def __enter__(self) -> AtomicBatch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)   # no fsync may still hold a temp file being removed
        for t in self._temps:
            with suppress(FileNotFoundError):
                t.temp.unlink()
        self._temps.clear()

    def add(self, path: Path, data: bytes) -> bool:
        """Write data to a temp file beside path, to take its name at commit(); False, and
        nothing written, when the file holds exactly data already. Raises OSError when the
        temp file cannot be written (nothing is left behind then)."""
        target = Path(os.path.realpath(path))
        try:
            if target.read_bytes() == data:
                return False
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = None
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        file = os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
        try:
            file.write(data)
            file.flush()
            if mode is not None:
                os.fchmod(file.fileno(), mode)
            synced = None
            if self._pool is None:
                _sync_and_close(file)
            else:
                synced = self._pool.submit(_sync_and_close, file)
        except BaseException:
            with suppress(OSError):
                file.close()
            with suppress(FileNotFoundError):
                temp.unlink()
            raise
        self._temps.append(_Temp(Path(path), target, temp, synced))
        return True

    def commit(self) -> dict[Path, OSError]:
        """Rename each temp file whose fsync succeeded over its target, in the order added,
        then fsync each folder once. Returns the files not replaced, or replaced but not
        durably (their folder's fsync failed), with the reason."""
        failed: dict[Path, OSError] = {}
        folders: dict[Path, list[Path]] = {}
        try:
            while self._temps:
                t = self._temps[0]   # removed from the batch only once renamed or given up
                try:
                    if t.synced is not None:
                        t.synced.result()
                    os.replace(t.temp, t.target)
                except OSError as error:
                    failed[t.path] = error
                    with suppress(FileNotFoundError):
                        t.temp.unlink()
                else:
                    self.renamed.append(t.path)
                    folders.setdefault(t.target.parent, []).append(t.path)
                self._temps.popleft()
        finally:   # also when interrupted: what was renamed is made durable
            for folder, paths in folders.items():
                try:
                    _sync_folder(folder)
                except OSError as error:
                    failed.update(dict.fromkeys(paths, error))
        return failed


def _sync_and_close(file: BinaryIO) -> None:
    with file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
