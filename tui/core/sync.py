"""Saving the analyst's edits, and noticing when the files change under the app.

Every annotation file the workspace holds is watched by polling (mtime, size, then a
hash when those moved): about forty stat calls a second for a corpus of forty articles,
portable, and with no watcher thread whose events race our own writes (watchdog would
report each of our saves too). The app calls `poll()` from a one-second timer.

When a file changed on disk (a hand edit, a git pull), it is read again and merged three
ways: base = what the app last loaded or saved, ours = what it holds now, theirs = the
disk. Mentions are matched by (start, end, label), people and meetings by id, and merged
field by field; changes on one side only are taken as they are. Where both sides changed
the same thing differently a Conflict is kept, the file is not written, and edits to it
are refused until `resolve()` is told, per item, whose version wins. A file that no
longer validates becomes read-only (the store refuses to write it) and its Problem is
reported; the app keeps what it had.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.edits import MEETINGS, PEOPLE, Target
from tui.core.filelock import LockError
from tui.core.files import NotRegularFile, read_regular_with_stat
from tui.core.models import Annotation, Meeting, Mention, Person, Problem
from tui.core.patterns import PATTERNS, Patterns, save_patterns
from tui.core.review import DECISIONS, Decisions, save_decisions
from tui.core.workspace import bulk_load
from tui.core.yaml_io import MAX_BYTES

Stamp = tuple[int, int, int]   # (inode, mtime_ns, size): a replaced file has a new inode
MAX_VERSIONS = 100


@dataclass(slots=True)
class Clash:
    """One thing both sides changed: shown with both versions, resolved one way or the other."""

    key: str            # "mention 120-131 PERSON", "person wang-yi name", "meta title"
    ours: Any
    theirs: Any


@dataclass(slots=True)
class Conflict:
    target: Target
    path: Path
    clashes: list[Clash]
    merged: Any          # the merge with our side taken at every clash
    theirs: Any          # the disk's content, for taking their side


@dataclass(slots=True)
class PollResult:
    """What one poll found: files merged in, conflicts, and files that went invalid."""

    merged: list[Target] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.merged or self.conflicts or self.problems)


@dataclass(slots=True)
class _Seen:
    stamp: Stamp | None
    digest: str | None
    # Every version of the content the app loaded or saved this session (deep copies),
    # oldest first: a file saved from an editor buffer opened an hour ago descends from
    # an old one, and merging against the newest would drop the edits made since.
    versions: list[Any]

    @property
    def base(self) -> Any:
        return self.versions[-1]

    def add(self, content: Any) -> None:
        if not self.versions or self.versions[-1] != content:
            self.versions.append(copy.deepcopy(content))
            del self.versions[:-MAX_VERSIONS]

    def base_of(self, target: Target, theirs: Any) -> Any:
        """The version theirs most likely started from: the closest; of equals, the newest.
        A hand edit made after the app's save descends from what the app wrote, so a field
        the app changed and the analyst then changed again is theirs, not a conflict."""
        return min(reversed(self.versions), key=lambda v: distance(target, v, theirs))


class Sync:
    """Saves targets through the workspace's store and watches their files."""

    def __init__(self, ws: Any, decisions: Decisions | None = None,
                 loaded: dict[Path, Stamp | None] | None = None) -> None:
        """loaded: the files' stamps (stamps()) taken before ws was read from them; a file
        whose stamp moved since is read again and merged at the next check, not taken as
        the version ws holds."""
        self.ws = ws
        self.store = ws.store
        self.decisions = decisions   # the alias answers (review.py), saved but not merged
        self.patterns: Patterns | None = None   # the rules (patterns.py), once the app has read them
        self.conflicts: dict[Target, Conflict] = {}
        self._seen: dict[Target, _Seen] = {}
        self._found = PollResult()   # what saves found on disk, reported by the next poll
        with bulk_load():   # a copy of every record: a million small objects on 10,000 articles
            for target in self.targets():
                self._remember(target)
                seen = self._seen[target]
                if loaded is not None and loaded.get(self.path(target)) != seen.stamp:
                    seen.digest = "changed while the workspace was read"

    # --- what is watched ---------------------------------------------------------
    def targets(self) -> list[Target]:
        return [*(("article", aid) for aid in sorted(self.ws.annotations)), PEOPLE, MEETINGS]

    def path(self, target: Target) -> Path:
        if target == PEOPLE:
            return self.store.people_path
        if target == MEETINGS:
            return self.store.meetings_path
        return self.store.article_path(target[1])

    def _content(self, target: Target) -> Any:
        if target == PEOPLE:
            return self.ws.people
        if target == MEETINGS:
            return self.ws.meetings
        return self.ws.annotations.get(target[1])

    def _set_content(self, target: Target, value: Any) -> None:
        if target == PEOPLE:
            self.ws.people.clear()
            self.ws.people.update(value)
        elif target == MEETINGS:
            self.ws.meetings.clear()
            self.ws.meetings.update(value)
        else:
            self.ws.annotations[target[1]] = value

    def _remember(self, target: Target, written: bytes | None = None) -> None:
        """Note the file as the app now knows it; written: the bytes the app just wrote."""
        path = self.path(target)
        if written is None:
            stamp, digest = _stat(path)
        else:
            stamp, digest = _stat_only(path), hashlib.sha256(written).hexdigest()
        seen = self._seen.setdefault(target, _Seen(stamp, digest, []))
        seen.stamp, seen.digest = stamp, digest
        seen.add(self._content(target))

    # --- saving ------------------------------------------------------------------
    def writable(self, target: Target) -> str | None:
        """None when target may be written, else why not (for the status line). A file
        in conflict may be edited: the edits wait in the session until it is resolved."""
        if target == DECISIONS:
            problem = self.decisions.problem if self.decisions else "no decisions file"
            return f"{problem} — not saved until the file is fixed" if problem else None
        if target == PATTERNS:
            if self.patterns is None:
                return "patterns.yaml has not been read in this session: not saved"
            problem = self.patterns.problems[0] if self.patterns.problems else None
            return f"{problem} — not saved until the file is fixed" if problem else None
        path = self.path(target)
        if path in self.store.read_only:
            return f"{path} is invalid on disk and read-only until it is fixed (see problems: !)"
        return None

    def save(self, ws: Any, target: Target) -> None:
        """Save one target (the EditHistory saver). Under the folder lock the file is first
        compared with the version the app last saw: what changed on disk is merged in (a
        clash becomes a conflict, and the file waits), so nothing on disk is overwritten
        unseen."""
        if problem := self.writable(target):
            from tui.core.store import ReadOnlyError

            raise ReadOnlyError(problem)
        with self.store.lock():
            # an edit of decisions or patterns comes from the session that set them
            if target == DECISIONS:
                save_decisions(self.decisions)  # type: ignore[arg-type]
                return
            if target == PATTERNS:
                save_patterns(self.patterns)  # type: ignore[arg-type]
                return
            changed = self._catch_up(target, self._found)
            if target in self.conflicts:   # the edit waits in the session; its clashes may have changed
                if not changed:
                    self._merge_in(target, self.conflicts[target].theirs, PollResult())
            elif not changed or self.path(target) in self.store.read_only or not self.path(target).exists():
                self._write(target)   # a file gone invalid refuses, and says why

    def found(self) -> PollResult:
        """What saves found changed on disk since this was last asked (or polled)."""
        result, self._found = self._found, PollResult()
        return result

    def _write(self, target: Target) -> None:
        if target == PEOPLE:
            written = self.store.save_people(self.ws.people)
        elif target == MEETINGS:
            written = self.store.save_meetings(self.ws.meetings)
        else:
            written = self.store.save_annotation(self.ws.annotations[target[1]])
        self._remember(target, written)
        self._to_index(target)

    def _to_index(self, target: Target) -> None:
        """After the file holds the content: the derived index (index.py) too, if the workspace
        has one. If that fails the file's stamp there is stale, so it is read again at the next start."""
        index = getattr(self.ws, "index", None)
        if index is None:
            return
        import sqlite3

        try:
            if target == PEOPLE:
                index.put_people(self.ws.people)
            elif target == MEETINGS:
                index.put_meetings(self.ws.meetings)
            else:
                index.put_annotation(self.ws.annotations[target[1]])
        except sqlite3.Error:
            pass

    def keep_beside(self, target: Target) -> Path:
        """Write the app's version of a conflicted file beside it, as NAME.mine.yaml (or
        NAME.mine-2.yaml, ..., never over an earlier one); the file itself is left as it
        is on disk. Returns the path written."""
        from tui.core.store import annotation_text, meetings_text, people_text
        from tui.core.yaml_io import write_atomic

        path = self.path(target)
        mine, n = path.with_name(f"{path.stem}.mine.yaml"), 2
        while mine.exists():
            mine, n = path.with_name(f"{path.stem}.mine-{n}.yaml"), n + 1
        content = self._content(target)
        text = (people_text(content) if target == PEOPLE else meetings_text(content) if target == MEETINGS
                else annotation_text(content))
        write_atomic(mine, text.encode("utf-8"))
        return mine

    # --- watching ----------------------------------------------------------------
    def poll(self) -> PollResult:
        """Look for files changed on disk since they were last seen; merge them in. Also
        reports what saves found since the last poll."""
        result = self.found()
        for target in self.targets():
            seen = self._seen.get(target)
            if seen is None:
                self._remember(target)
            elif _stat_only(self.path(target)) != seen.stamp:
                try:   # another newsdesk is saving: look again on the next poll
                    with self.store.lock(wait=0):
                        self._catch_up(target, result)
                except LockError:
                    continue
        return result

    def _catch_up(self, target: Target, result: PollResult) -> bool:
        """Under the lock: whether the file changed since the app last saw it (by content,
        not only mtime and size: a file replaced within one mtime tick at the same size
        counts); if so it is merged in (and written when ours adds to it)."""
        seen = self._seen.get(target)
        if seen is None:
            return False
        stamp, digest = _stat(self.path(target))
        if digest == seen.digest:   # touched, not changed
            seen.stamp = stamp
            return False
        self._reload(target, seen, stamp, digest, result)
        return True

    def _reload(self, target: Target, seen: _Seen, stamp: Stamp | None, digest: str | None,
                result: PollResult) -> None:
        theirs, problems = self._load(target)
        seen.stamp, seen.digest = stamp, digest
        path = self.path(target)
        if path in self.store.read_only:
            result.problems.extend(problems)   # read-only after a load means it reported why
            return
        if theirs is None:   # deleted on disk: keep ours, write it back on the next edit
            result.problems.append(Problem(str(path), None, "deleted on disk; the app's copy is kept "
                                                            "and written back on the next edit"))
            return
        self._merge_in(target, theirs, result)

    def _merge_in(self, target: Target, theirs: Any, result: PollResult, choice: Choice | None = None) -> None:
        """Merge theirs (the file's content) into ours: a clash keeps the conflict open and
        the file as it is (their side of everything else is shown already); otherwise the
        merge is written when it adds ours to theirs."""
        seen = self._seen[target]
        merged, clashes = merge(target, seen.base_of(target, theirs), self._content(target), theirs, choice)
        self._set_content(target, merged)
        if clashes:
            self.conflicts[target] = Conflict(target, self.path(target), clashes, merged, theirs)
            result.conflicts.append(self.conflicts[target])
            return
        self.conflicts.pop(target, None)
        seen.add(theirs)
        if merged != theirs:   # our unsaved-by-them changes go onto their file
            self._write(target)
        else:
            self._to_index(target)
        result.merged.append(target)

    def _load(self, target: Target) -> tuple[Any, list[Problem]]:
        """The file read again, checked as open_workspace checks it."""
        known = set(self.ws.people) | {old for p in self.ws.people.values() for old in p.merged}
        if target == PEOPLE:
            people, problems = self.store.load_people(articles=self.ws.articles)
            return (people if self.path(target).exists() else None), problems
        if target == MEETINGS:
            meetings, problems = self.store.load_meetings(people=known, articles=self.ws.articles)
            return (meetings if self.path(target).exists() else None), problems
        aid = target[1]
        return self.store.load_annotation(aid, self.ws.articles.get(aid), people=known)

    def resolve(self, target: Target, theirs_for: set[str]) -> None:
        """Settle a conflict: the clashes whose key is in theirs_for take the disk's
        version, the rest keep ours; the result is saved. When the file changed again
        since the conflict was shown, it is merged afresh and may stay in conflict."""
        conflict = self.conflicts[target]
        choice = {c.key: ("theirs" if c.key in theirs_for else "ours") for c in conflict.clashes}
        with self.store.lock():
            if not self._catch_up(target, self._found):
                self._merge_in(target, conflict.theirs, PollResult(), choice)


def stamps(root: Path) -> dict[Path, Stamp | None]:
    """The stamps of the annotation files under root: taken before a workspace is read,
    for Sync(loaded=...)."""
    root = Path(root)
    paths = [root / "people.yaml", root / "meetings.yaml"]
    try:
        paths += (root / "articles").iterdir()
    except OSError:   # no folder yet, or unreadable: the workspace reports it
        pass
    return {path: _stat_only(path) for path in paths}


def _stat_only(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:   # gone, or a symlink loop: nothing to stamp
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _stat(path: Path) -> tuple[Stamp | None, str | None]:
    """The stamp and content hash of one open file, so that both describe the same version."""
    try:
        st, data = read_regular_with_stat(path, MAX_BYTES)
        return (st.st_ino, st.st_mtime_ns, st.st_size), hashlib.sha256(data).hexdigest()
    except FileNotFoundError:
        return None, None
    except (NotRegularFile, OSError):   # a FIFO would block for ever; the store reports what it is
        return _stat_only(path), None


# --- three-way merge -------------------------------------------------------------------

Choice = dict[str, str]   # clash key -> "ours" or "theirs"


def merge(target: Target, base: Any, ours: Any, theirs: Any,
          choice: Choice | None = None) -> tuple[Any, list[Clash]]:
    """Merge target's content (an annotation, or the people or meetings dict) three ways.

    At a clash the choice for its key decides; without one, ours is kept and the clash
    returned."""
    clashes: list[Clash] = []
    merger = _Merger(choice or {}, clashes)
    if target == PEOPLE or target == MEETINGS:
        kind = "person" if target == PEOPLE else "meeting"
        return merger.records(kind, base or {}, ours or {}, theirs), clashes
    return merger.annotation(base, ours, theirs), clashes


@dataclass(slots=True)
class _Merger:
    choice: Choice
    clashes: list[Clash]

    def value(self, key: str, base: Any, ours: Any, theirs: Any) -> Any:
        if ours == theirs or theirs == base:
            return ours
        if ours == base:
            return theirs
        if key in self.choice:
            return theirs if self.choice[key] == "theirs" else ours
        self.clashes.append(Clash(key, ours, theirs))
        return ours

    def fields(self, prefix: str, base: Any, ours: Any, theirs: Any) -> Any:
        """A dataclass (the same kind on all three sides) merged field by field."""
        out = {f.name: self.value(f"{prefix} {f.name}", getattr(base, f.name), getattr(ours, f.name),
                                  getattr(theirs, f.name)) for f in dataclasses.fields(theirs)}
        return type(theirs)(**copy.deepcopy(out))

    def keyed(self, prefix: str, base: dict, ours: dict, theirs: dict, whole: bool) -> dict:
        """Dicts of records merged by key; a record added, removed or changed on one side
        is taken; records changed on both sides merge field by field (whole: as one value)."""
        out = {}
        for key in list(dict.fromkeys([*ours, *theirs, *base])):
            b, o, t = base.get(key), ours.get(key), theirs.get(key)
            if o is None or t is None or b is None or whole:
                value = self.value(f"{prefix} {key}", b, o, t)
            else:
                value = self.fields(f"{prefix} {key}", b, o, t)
            if value is not None:
                out[key] = value
        return out

    def records(self, kind: str, base: dict, ours: dict, theirs: dict) -> dict:
        return dict(sorted(self.keyed(kind, base, ours, theirs, whole=False).items()))

    def mentions(self, base: list[Mention], ours: list[Mention], theirs: list[Mention]) -> list[Mention]:
        """Mentions matched by span: a relabel on each side clashes on that span, and a new
        or moved span on one side that overlaps one the other side made or changed clashes
        as an overlap."""
        b, o, t = _by_span(base), _by_span(ours), _by_span(theirs)
        merged = self.keyed("mention", b, o, t, whole=True)
        changed = {side: [k for k, m in merged.items() if m == d.get(k) and m != b.get(k) and m.status != "rejected"]
                   for side, d in (("ours", o), ("theirs", t))}
        for ko in changed["ours"]:
            for kt in changed["theirs"]:
                mo, mt = merged.get(ko), merged.get(kt)
                if ko == kt or mo is None or mt is None or not (mo.start < mt.end and mt.start < mo.end):
                    continue
                key = f"overlap {ko} / {kt}"
                if self.choice.get(key) == "theirs":
                    del merged[ko]
                else:
                    if key not in self.choice:
                        self.clashes.append(Clash(key, mo, mt))
                    del merged[kt]
        return sorted(merged.values(), key=lambda m: (m.start, m.end, m.label))

    def annotation(self, base: Annotation | None, ours: Annotation | None, theirs: Annotation) -> Annotation:
        if ours is None:
            return theirs
        base = base or ours
        out = copy.deepcopy(theirs)
        for f in dataclasses.fields(Annotation):
            if f.name in ("mentions", "orphans"):
                value = self.mentions(getattr(base, f.name), getattr(ours, f.name), getattr(theirs, f.name))
            elif f.name == "meta":
                value = self.fields("meta", base.meta, ours.meta, theirs.meta)
            else:
                value = self.value(f.name, getattr(base, f.name), getattr(ours, f.name), getattr(theirs, f.name))
            setattr(out, f.name, copy.deepcopy(value))
        return out


def distance(target: Target, a: Any, b: Any) -> int:
    """How many fields of records differ between two versions of target's content."""
    if a is None or b is None:
        return 0 if a is b else 1 << 20
    if target == PEOPLE or target == MEETINGS:
        return sum(_fields_apart(a.get(k), b.get(k)) for k in {*a, *b})
    n = 0
    for f in dataclasses.fields(Annotation):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in ("mentions", "orphans"):
            x, y = _by_span(x), _by_span(y)
            n += sum(_fields_apart(x.get(k), y.get(k)) for k in {*x, *y})
        else:
            n += _fields_apart(x, y)
    return n


def _fields_apart(x: Any, y: Any) -> int:
    if x == y:
        return 0
    if x is None or y is None or not dataclasses.is_dataclass(x) or type(x) is not type(y):
        return 4   # a whole record added or removed weighs more than a field
    return sum(getattr(x, f.name) != getattr(y, f.name) for f in dataclasses.fields(x))


def _by_span(mentions: list[Mention]) -> dict[str, Mention]:
    """Mentions by "start-end" (with "#2" for a second one on the same span)."""
    out: dict[str, Mention] = {}
    for m in mentions:
        key, n = f"{m.start}-{m.end}", 2
        while key in out:
            key, n = f"{m.start}-{m.end}#{n}", n + 1
        out[key] = m
    return out


def describe(value: Any) -> str:
    """A clash side in a few words, for the conflict screen."""
    if value is None:
        return "(removed)"
    if isinstance(value, Mention):
        bits = [value.label, f"“{value.text}”", value.status]
        if value.person:
            bits.append(f"→ {value.person}")
        return " ".join(bits)
    if isinstance(value, (Person, Meeting)):
        return f"{type(value).__name__.lower()} {value.id}"
    if isinstance(value, list):
        return ", ".join(describe(v) for v in value) or "(none)"
    return str(value) if value != "" else "(empty)"

