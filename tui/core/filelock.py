"""The lock every newsdesk process takes to check an annotation file and write it.

One lock for the whole annotations folder (`<root>/.newsdesk.lock`), not one per file:
an edit can write several files at once (a merge touches people.yaml, meetings.yaml and
articles), and one lock needs no locking order, so two processes cannot deadlock. A save
holds it for milliseconds. `fcntl.flock` is released by the kernel when the process
dies, so a killed process never leaves the folder locked.

The lock is re-entrant within a process (flock on a second descriptor of the same file
would wait for ourselves); threads of one process take turns on an RLock.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

LOCK_NAME = ".newsdesk.lock"
WAIT_SECONDS = 10.0


class LockError(Exception):
    """The lock could not be taken: another process held it too long, or no lock file."""


@dataclass
class _Held:
    rlock: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    fd: int | None = None


_held: dict[str, _Held] = {}
_registry = threading.Lock()


@contextmanager
def folder_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of the annotations folder root (created if missing)."""
    path = os.path.abspath(os.path.join(root, LOCK_NAME))
    with _registry:
        held = _held.setdefault(path, _Held())
    with held.rlock:
        if held.depth == 0:
            held.fd = _take(path, wait)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0:
                fd, held.fd = held.fd, None
                assert fd is not None   # set while depth > 0
                os.close(fd)   # closing the descriptor releases the flock


def _take(path: str, wait: float) -> int:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise LockError(f"cannot create the lock file {path}: {error.strerror or error}; "
                        "make the annotations folder writable") from error
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise LockError(f"{path}: another newsdesk has been writing these annotation files for "
                                f"{wait:.0f} s; nothing was saved: try again when it is done") from None
            time.sleep(0.02)
