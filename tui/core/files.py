"""Which files newsdesk reads and writes, and how it reads one safely.

Only regular files are read: a FIFO named `people.yaml` would block the reader
forever and a device such as /dev/zero never ends. A file is opened without
blocking and checked on its open descriptor, so nothing can be swapped in between
the check and the read. Article ids are file stems, and a stem that cannot be an
id (a folder separator, a control character, spaces at either end) is refused by name.
An output path is written through a symlink to its target, and never replaces
a folder, a FIFO or a device.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# What ARTICLES_DIR may hold: one article a file, or a dump of many (docs/input-formats.md).
TEXT_SUFFIXES = (".txt", ".md")
PAGE_SUFFIXES = (".html", ".htm")
DUMP_SUFFIXES = (".jsonl", ".json", ".csv")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + PAGE_SUFFIXES + DUMP_SUFFIXES

# A folder separator here or on another system, or a control character.
_BAD_CHAR = re.compile(r"[/\\\x00-\x1f\x7f-\x9f]")


class OutputRefused(Exception):
    """An output path that must not be written; the message says why and what to do."""


class NotRegularFile(Exception):
    """The path names a FIFO, a device, a folder or a socket: not a file to read."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file but {kind}: newsdesk reads only plain files: remove or rename it")
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a stat mode that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def read_regular(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes of the regular file at path (so a caller can tell it is too big).

    Raises FileNotFoundError when there is no file, NotRegularFile for anything that is
    not a plain file (symlinks are followed), and OSError when it cannot be read."""
    return read_regular_with_stat(path, limit)[1]


def read_regular_with_stat(path: Path, limit: int) -> tuple[os.stat_result, bytes]:
    """read_regular, with the stat of the very file read (a rename between a stat and a
    read cannot pair one version's stamp with another's bytes)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(kind_of(st.st_mode))
        with os.fdopen(fd, "rb", closefd=False) as file:
            return st, file.read(limit + 1)
    finally:
        os.close(fd)


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """The regular file at path, open for reading in binary (a dump is read as a stream,
    never whole). Raises as read_regular does."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(kind_of(st.st_mode))
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        yield file


def output_target(path: Path) -> Path:
    """The file to write for the output path: itself, or the file a symlink points to
    (so the link stays a link). Raises OutputRefused for a folder, a FIFO, a device or
    a symlink loop."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):   # a symlink loop (RuntimeError before Python 3.13)
        raise OutputRefused(f"{path}: a symlink loop: name another file") from None
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise OutputRefused(f"{path}: {kind_of(mode)}, not a file: name a file to write "
                            "(or - for standard output)")
    return target


def id_problem(article_id: str) -> str | None:
    """Why a file stem cannot be an article id, or None when it can."""
    if not article_id or article_id.startswith("."):
        return "an article id cannot be empty or start with a dot: rename the file"
    if bad := _BAD_CHAR.search(article_id):
        char = bad.group()
        what = f"a folder separator '{char}'" if char in "/\\" else f"a control character (U+{ord(char):04X})"
    elif article_id != article_id.strip():
        what = "spaces at the start or end"
    else:
        return None
    return f"the file name has {what}, which an article id cannot hold: rename the file"
