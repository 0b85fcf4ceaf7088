"""The derived index: an SQLite copy of what the files say, for a fast start and text search.

    <annotations>/.newsdesk/index.sqlite    (with a .gitignore of "*" beside it)

The YAML and article files stay the only truth. The index holds, per article, what
reading its text file and its annotation file gave (the Article, the Annotation, the
problems found), the people and meetings, and an FTS5 table of the folded article text;
each with the stamp (inode, size, mtime_ns) its file had *before* it was read. A stamp
is never recorded for content that was not read from that file, so a file whose stamp
moved since is read again at the next `refresh`, and nothing else is.

An edit made in the app goes to the YAML first (store.py), then `put_*` copies the new
content here with the file's stamp cleared: search and pages see the edit at once, and
the next refresh reads the file again (its problems are worked out by the store, not
here). Deleting the file, or a corrupt or foreign-version one, costs only a rebuild.
Two processes share it through WAL mode and a busy timeout.

Serialisation is JSON of the models' fields, never pickle: the folder may be shared.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.corpus import duplicate_id, read_article, read_source
from tui.core.digest import Digest, digest_of
from tui.core.files import ARTICLE_SUFFIXES, DUMP_SUFFIXES, id_problem
from tui.core.models import Annotation, Article, ArticleMeta, Meeting, Mention, Person, Problem, Report, Role, Segment
from tui.core.normalize import fold_text
from tui.core.store import AnnotationStore, meeting_order
from tui.core.workspace import Workspace, known_people, open_workspace

SCHEMA_VERSION = 3   # 2: a mention's rule (patterns.py); dumps (one file, many articles) and Article.line
                     # 3: each article's digest (digest.py), so that the start decodes no annotation
APPLICATION_ID = 0x6E647378   # "ndsx": an SQLite file that is not ours is not read as ours
FOLDER = ".newsdesk"
FILE_NAME = "index.sqlite"
BUSY_MS = 10_000
BATCH = 200                   # articles read per write transaction (a crash loses at most one batch)

Stamp = tuple[int, int, int]  # (inode, size, mtime_ns): an atomic replace gives a new inode
ABSENT = (None, None, None)   # the stamp recorded for a file that is not there
CLEARED = (-1, -1, -1)        # the content came from the app, not the file: read the file next time

SCHEMA = (
    """CREATE TABLE files(key TEXT PRIMARY KEY, ino INTEGER, size INTEGER, mtime_ns INTEGER) WITHOUT ROWID;""",
    """CREATE TABLE units(
    n INTEGER PRIMARY KEY,          -- the rowid of the article's text in `texts`
    id TEXT UNIQUE NOT NULL,
    file TEXT NOT NULL,             -- the article file's name
    article TEXT,                   -- JSON, without its text; NULL when it could not be read
    text TEXT NOT NULL DEFAULT '',
    folded TEXT NOT NULL DEFAULT '',-- fold_text(text): what `texts` indexes
    annotation TEXT,                -- JSON; NULL without an annotation file
    text_problems TEXT NOT NULL DEFAULT '[]',
    yaml_problems TEXT NOT NULL DEFAULT '[]',
    read_only TEXT,                 -- JSON of the problem that makes the YAML read-only
    refs TEXT NOT NULL DEFAULT '',  -- person ids the annotation links to, one a line
    missing TEXT NOT NULL DEFAULT '',-- those that were not people when it was read
    row TEXT,                       -- JSON: Digest.row_json(), NULL when the article could not be read
    found TEXT                      -- JSON: Digest.found_json()
);""",
    """CREATE TABLE records(kind TEXT PRIMARY KEY, data TEXT NOT NULL, problems TEXT NOT NULL,
                     read_only TEXT) WITHOUT ROWID;""",
    """CREATE VIRTUAL TABLE texts USING fts5(folded, content='units', content_rowid='n',
                                      tokenize='unicode61 remove_diacritics 2');""",
    """CREATE TRIGGER units_ai AFTER INSERT ON units BEGIN
    INSERT INTO texts(rowid, folded) VALUES (new.n, new.folded);
END;""",
    """CREATE TRIGGER units_ad AFTER DELETE ON units BEGIN
    INSERT INTO texts(texts, rowid, folded) VALUES ('delete', old.n, old.folded);
END;""",
    """CREATE TRIGGER units_au AFTER UPDATE OF folded ON units BEGIN
    INSERT INTO texts(texts, rowid, folded) VALUES ('delete', old.n, old.folded);
    INSERT INTO texts(rowid, folded) VALUES (new.n, new.folded);
END;""",
    """CREATE VIRTUAL TABLE vocab USING fts5vocab(texts, 'row');""",
)


class IndexUnavailable(Exception):
    """The index cannot be used here (no folder to write it in, a disk error)."""


def index_file(annotations_dir: Path) -> Path:
    return Path(annotations_dir) / FOLDER / FILE_NAME


# ---- JSON of the models ---------------------------------------------------------------------

def _problem(p: Problem) -> list:
    return [p.path, p.line, p.message, p.warning]


def _problems_from(data: str) -> list[Problem]:
    return [Problem(*p) for p in json.loads(data)]


def _meta(m: ArticleMeta) -> list:
    return [m.title, m.outlet, m.published, m.dateline, m.credits]


def _meta_from(d: list) -> ArticleMeta:
    return ArticleMeta(d[0], d[1], d[2], d[3], credits=d[4])


def _mention(m: Mention) -> list:
    return [m.start, m.end, m.text, m.label, m.person, m.candidates, m.by, m.status, m.rule]


def _article_json(a: Article) -> str:
    return json.dumps([a.path, a.sha256, list(a.body), [[s.start, s.end, s.kind] for s in a.chrome],
                       _meta(a.meta), [_problem(w) for w in a.warnings], a.line], ensure_ascii=False)


def _article_from(article_id: str, data: str, text: str) -> Article:
    path, sha, body, chrome, meta, warnings, line = json.loads(data)
    return Article(article_id, path, text, sha, tuple(body), [Segment(*s) for s in chrome], _meta_from(meta),
                   [Problem(*w) for w in warnings], line)


def _annotation_json(a: Annotation) -> str:
    return json.dumps([a.source, a.sha256, _meta(a.meta), list(a.body), [[s.start, s.end, s.kind] for s in a.chrome],
                       a.note, [_mention(m) for m in a.mentions], a.model, [_mention(m) for m in a.orphans]],
                      ensure_ascii=False)


def _annotation_from(article_id: str, data: str) -> Annotation:
    source, sha, meta, body, chrome, note, mentions, model, orphans = json.loads(data)
    return Annotation(article_id, source, sha, _meta_from(meta), tuple(body), [Segment(*s) for s in chrome], note,
                      [Mention(*m) for m in mentions], model, [Mention(*m) for m in orphans])


def _people_json(people: dict[str, Person]) -> str:
    return json.dumps([[p.id, p.name, p.aliases, [[r.title, r.article] for r in p.roles], p.affiliation, p.note,
                        p.by, p.merged] for p in people.values()], ensure_ascii=False)


def _people_from(data: str) -> dict[str, Person]:
    people = {}
    for pid, name, aliases, roles, affiliation, note, by, merged in json.loads(data):
        people[pid] = Person(pid, name, aliases, [Role(*r) for r in roles], affiliation, note, by, merged)
    return people


def _meetings_json(meetings: dict[str, Meeting]) -> str:
    return json.dumps([[g.id, g.participants, g.status, g.place, g.date, g.date_text, g.unnamed,
                        [[r.article, r.start, r.end, r.evidence] for r in g.reports], g.note, g.by, g.review]
                       for g in meetings.values()], ensure_ascii=False)


def _meetings_from(data: str) -> dict[str, Meeting]:
    meetings = {}
    for row in json.loads(data):
        meetings[row[0]] = Meeting(*row[:7], [Report(*r) for r in row[7]], *row[8:])  # type: ignore[call-arg]  # 11 fields
    return meetings


def _digest_json(article: Article | None, annotation: Annotation | None) -> tuple[str | None, str | None]:
    if article is None:
        return None, None
    digest = digest_of(article, annotation)
    return json.dumps(digest.row_json(), ensure_ascii=False), json.dumps(digest.found_json(), ensure_ascii=False)


def _refs(annotation: Annotation | None) -> set[str]:
    if annotation is None:
        return set()
    return {pid for m in annotation.mentions for pid in (m.person, *m.candidates) if pid}


# ---- the files on disk ------------------------------------------------------------------------

@dataclass(slots=True)
class Scan:
    """The files as they are now: what a refresh compares the index with."""

    texts: dict[str, str] = field(default_factory=dict)             # article id -> file name
    stamps: dict[str, Stamp | None] = field(default_factory=dict)   # file key -> stamp
    problems: list[Problem] = field(default_factory=list)           # the articles folder's own
    orphan_yaml: list[str] = field(default_factory=list)            # annotation files without an article
    dumps: list[str] = field(default_factory=list)                  # dump file names (many articles each)


# The ids and lines of a dump's rows, given its name and stamp (Index.dump_rows caches them).
DumpRows = Callable[[str, "Stamp | None"], list[tuple[str, int]]]

def _stat(path: str | os.PathLike[str] | os.DirEntry) -> Stamp | None:
    try:
        st = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def scan(articles_dir: Path, annotations_dir: Path, dump_rows: DumpRows | None = None) -> Scan:
    """Stat every article file, dump and annotation file: one directory listing each, and
    no reading but of the dumps dump_rows does not know as they are now (one dump file gives
    many articles, whose ids are in its rows). The folder problems are those read_corpus
    reports outside the articles' own: names that cannot be ids, ids given twice."""
    out = Scan()
    articles_dir, annotations_dir = Path(articles_dir), Path(annotations_dir)
    claims: dict[str, list[tuple[str, int | None]]] = {}   # id -> (file name, row line) of each claim
    if not articles_dir.exists():
        out.problems.append(Problem(str(articles_dir), None, "folder does not exist"))
    elif not articles_dir.is_dir():
        out.problems.append(Problem(str(articles_dir), None, "not a folder"))
    else:
        by_id: dict[str, list[os.DirEntry]] = {}
        try:
            with os.scandir(articles_dir) as listing:
                for entry in sorted(listing, key=lambda e: e.name):
                    stem, dot, suffix = entry.name.rpartition(".")
                    if not dot or f".{suffix.lower()}" not in ARTICLE_SUFFIXES or entry.name.startswith("."):
                        continue
                    if f".{suffix.lower()}" in DUMP_SUFFIXES:
                        out.dumps.append(entry.name)
                        out.stamps[f"dump/{entry.name}"] = _stat(entry)
                    elif why := id_problem(stem):
                        out.problems.append(Problem(str(articles_dir / entry.name), None, why))
                    else:
                        by_id.setdefault(stem, []).append(entry)
        except OSError as err:
            out.problems.append(Problem(str(articles_dir), None, f"cannot list folder: {err.strerror or err}"))
        for article_id in sorted(by_id):
            entries = by_id[article_id]
            if len(entries) > 1:
                names = " and ".join(e.name for e in entries)
                out.problems += [Problem(str(articles_dir / e.name), None, f"id {article_id!r} is used by {names}: "
                                                                            "rename one; neither is loaded")
                                 for e in entries]
                continue
            claims[article_id] = [(entries[0].name, None)]
            out.stamps[f"text/{article_id}"] = _stat(entries[0])
        for name in out.dumps:
            stamp = out.stamps[f"dump/{name}"]
            for article_id, line in (dump_rows or _read_dump_rows(articles_dir))(name, stamp):
                claims.setdefault(article_id, []).append((name, line))
                out.stamps[f"text/{article_id}"] = stamp
    for article_id, where in claims.items():
        if len(where) == 1:
            out.texts[article_id] = where[0][0]
            continue
        out.problems += duplicate_id(article_id, [(str(articles_dir / name), line) for name, line in where])
        out.stamps.pop(f"text/{article_id}", None)
    out.texts = dict(sorted(out.texts.items()))
    yaml_dir = annotations_dir / "articles"
    try:
        with os.scandir(yaml_dir) as listing:
            for entry in listing:
                if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                    stem = entry.name[:-5]
                    if stem in out.texts:
                        out.stamps[f"yaml/{stem}"] = _stat(entry)
                    else:
                        out.orphan_yaml.append(entry.name)
    except FileNotFoundError:
        pass
    except OSError as err:
        out.problems.append(Problem(str(yaml_dir), None, f"cannot list folder: {err.strerror or err}"))
    out.orphan_yaml.sort()
    out.stamps["people"] = _stat(annotations_dir / "people.yaml")
    out.stamps["meetings"] = _stat(annotations_dir / "meetings.yaml")
    return out


def _read_dump_rows(articles_dir: Path) -> DumpRows:
    def rows(name: str, stamp: Stamp | None) -> list[tuple[str, int]]:
        return [(a.id, a.line or 0) for a in read_source(articles_dir / name)[0]]
    return rows


def _wal(con: sqlite3.Connection) -> None:
    """Switch to WAL. The switch needs the file alone, and SQLite does not wait for that
    the way the busy timeout waits for a write: two processes opening a new index at once
    saw "database is locked" (2 runs in 20). Retried until the busy timeout is spent."""
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# ---- the index --------------------------------------------------------------------------------

@dataclass(slots=True)
class Refreshed:
    """What one refresh did."""

    rebuilt: str | None = None      # why the index was started afresh (None: it was used)
    unavailable: str | None = None  # why no index could be used: the files were read as they are
    read: int = 0                   # articles read again from their files
    removed: int = 0
    total: int = 0


class Index:
    """One annotation folder's index. Thread-safe: one connection, used under a lock (each
    statement is short; reading the files happens outside it)."""

    def __init__(self, articles_dir: Path, annotations_dir: Path, fields: Mapping[str, str] | None = None) -> None:
        self.articles_dir, self.annotations_dir = Path(articles_dir), Path(annotations_dir)
        self.fields = dict(fields or {})   # --field overrides: a dump read with others is read again
        self.path = index_file(self.annotations_dir)
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self.rebuilt: str | None = None   # set when open() had to start afresh, and why
        self._open()

    # -- opening ----------------------------------------------------------------------------
    def _open(self) -> None:
        folder = self.path.parent
        if not self.annotations_dir.is_dir():   # nothing annotated yet: no folder is made for the index
            raise IndexUnavailable(f"no annotation folder {self.annotations_dir}")
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# newsdesk's derived index: rebuilt from the YAML files, never shared\n*\n",
                                  encoding="utf-8")
        except OSError as err:
            raise IndexUnavailable(f"cannot keep an index in {folder}: {err.strerror or err}") from err
        why = None if self.path.exists() else "there was none"
        if why is None:
            why = self._foreign()
            if why is not None:
                self._delete()
        try:
            self._create()
        except sqlite3.DatabaseError as err:   # a corrupt file that passed the header check
            self.close()
            self._delete()
            why = f"it could not be read ({err})"
            self._create()
        self.rebuilt = why

    def _foreign(self) -> str | None:
        """Why the file on disk cannot be used as it is, or None."""
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_MS / 1000)
            try:
                app, version = con.execute("PRAGMA application_id").fetchone()[0], \
                    con.execute("PRAGMA user_version").fetchone()[0]
                if app != APPLICATION_ID:
                    return "it was not a newsdesk index"
                if version != SCHEMA_VERSION:
                    return f"it was written by another version of newsdesk (format {version}, not {SCHEMA_VERSION})"
            finally:
                con.close()
        except sqlite3.DatabaseError as err:
            return f"it could not be read ({err})"
        return None

    def _delete(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as err:
                raise IndexUnavailable(f"cannot replace {self.path}: {err.strerror or err}") from err

    def _create(self) -> None:
        with self._write() as con:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:   # not made meanwhile
                for statement in SCHEMA:
                    con.execute(statement)
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _con(self) -> sqlite3.Connection:
        """The one connection, shared by the threads that use this index; hold self._lock to use it."""
        if self._connection is None:
            try:
                con = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                      check_same_thread=False)
                con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                _wal(con)
                con.execute("PRAGMA synchronous = NORMAL")   # WAL: a power cut may lose the last commit, never corrupt
            except sqlite3.Error as err:
                raise IndexUnavailable(f"cannot open {self.path}: {err}") from err
            self._connection = con
        return self._connection

    def _read(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        with self._lock:
            return self._con().execute(sql, args).fetchall()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE: another process waits its turn)."""
        with self._lock:
            con = self._con()
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def reset(self, why: str) -> None:
        """Start afresh: the file could not be read (corrupt). Only the cache is lost."""
        self.close()
        self._delete()
        self._create()
        self.rebuilt = why

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # -- refreshing from the files ----------------------------------------------------------
    def stale(self, now: Scan) -> tuple[list[str], list[str], set[str]]:
        """(articles to read again, articles gone, records changed: "people", "meetings")."""
        recorded = {key: (ino, size, mtime) for key, ino, size, mtime in
                    self._read("SELECT key, ino, size, mtime_ns FROM files")}
        known = {row[0] for row in self._read("SELECT id FROM units")}

        def moved(key: str) -> bool:   # never recorded, cleared by a save (CLEARED), or another stamp
            return recorded.get(key) != (now.stamps.get(key) or ABSENT)

        changed = [aid for aid in now.texts if aid not in known or moved(f"text/{aid}") or moved(f"yaml/{aid}")]
        gone = sorted(known - set(now.texts))
        records = {kind for kind in ("people", "meetings") if moved(kind)}
        return changed, gone, records

    def refresh(self, progress: Callable[[int, int], None] | None = None,
                should_stop: Callable[[], bool] = lambda: False) -> Refreshed:
        """Read again every file whose stamp moved (and what depends on it); drop what is gone."""
        done = Refreshed(rebuilt=self.rebuilt)
        self.rebuilt = None
        fresh: dict[str, tuple[list[Article], list[Problem]]] = {}   # the dumps read again, by name
        now = scan(self.articles_dir, self.annotations_dir, lambda name, stamp: self._dump_rows(name, stamp, fresh))
        changed, gone, records = self.stale(now)
        rows = {a.id: a for articles, _ in fresh.values() for a in articles if a.id in now.texts}
        changed = self._restamp_rows(changed, rows, now)
        store = AnnotationStore(self.annotations_dir)
        readable = set(self.ids())
        people = store.load_people()[0] if "people" in records else self.people()
        known = known_people(people)
        if "people" in records:   # links that came right or went wrong: those files' notices change
            have = set(changed)
            for aid, refs, missing in self._read("SELECT id, refs, missing FROM units"):
                if aid not in have and aid in now.texts and set(filter(None, refs.split("\n"))) - known \
                        != set(filter(None, missing.split("\n"))):
                    changed.append(aid)
        done.total = len(changed)
        for start in range(0, len(changed), BATCH):
            if should_stop():
                return done
            batch = [self._read_unit(store, aid, now, known, rows.get(aid)) for aid in changed[start:start + BATCH]]
            with self._write() as con:
                for unit in batch:
                    self._put_unit(con, *unit)
            done.read += len(batch)
            if progress:
                progress(done.read, done.total)
        if gone:
            with self._write() as con:
                for aid in gone:
                    self._drop_unit(con, aid)
            done.removed = len(gone)
        if "people" in records or set(self.ids()) != readable:   # its roles name articles
            people, problems = store.load_people(articles=set(self.ids()))
            with self._write() as con:
                self._put_record(con, "people", _people_json(people), problems, store, store.people_path,
                                 now.stamps["people"])
        if records or changed or gone:
            meetings, problems = store.load_meetings(people=known, articles=Decoded(self.ids(), self.texts))
            with self._write() as con:
                self._put_record(con, "meetings", _meetings_json(meetings), problems, store, store.meetings_path,
                                 now.stamps["meetings"])
        with self._write() as con:
            for name, (articles, problems) in fresh.items():
                data = {"fields": self.fields, "rows": [[a.id, a.line] for a in articles]}
                con.execute("INSERT OR REPLACE INTO records VALUES (?,?,?,NULL)",
                            (f"dump:{name}", json.dumps(data), json.dumps([_problem(p) for p in problems])))
                self._stamp(con, f"dump/{name}", now.stamps[f"dump/{name}"])
            for (kind,) in con.execute("SELECT kind FROM records WHERE kind LIKE 'dump:%'").fetchall():
                if kind[5:] not in now.dumps:
                    con.execute("DELETE FROM records WHERE kind = ?", (kind,))
                    con.execute("DELETE FROM files WHERE key = ?", (f"dump/{kind[5:]}",))
            con.execute("DELETE FROM records WHERE kind = 'scan'")
            con.execute("INSERT INTO records VALUES ('scan', ?, ?, NULL)",
                        (json.dumps(now.orphan_yaml), json.dumps([_problem(p) for p in now.problems])))
        return done

    def _dump_rows(self, name: str, stamp: Stamp | None, fresh: dict) -> list[tuple[str, int]]:
        """The ids and lines of a dump's rows: as recorded while the dump keeps its stamp (and
        the --field overrides are the same), else read again (kept in fresh for the refresh)."""
        recorded = self._read("SELECT ino, size, mtime_ns FROM files WHERE key = ?", (f"dump/{name}",))
        data = self._read("SELECT data FROM records WHERE kind = ?", (f"dump:{name}",))
        if stamp is not None and recorded and recorded[0] == stamp and data:
            known = json.loads(data[0][0])
            if known["fields"] == self.fields:
                return [tuple(row) for row in known["rows"]]
        try:
            fresh[name] = read_source(self.articles_dir / name, self.fields)
        except Exception as err:  # noqa: BLE001 - as read_corpus: a bug on one odd file must not hide the corpus
            fresh[name] = [], [Problem(str(self.articles_dir / name), None,
                                       f"could not be read: {type(err).__name__}: {err}")]
        return [(a.id, a.line or 0) for a in fresh[name][0]]

    def _restamp_rows(self, changed: list[str], rows: dict[str, Article], now: Scan) -> list[str]:
        """changed, less the rows of a dump read again whose own content and annotation file
        did not change (another row did): those only take the dump's new stamp and line."""
        if not rows:
            return changed
        recorded = {key: (ino, size, mtime) for key, ino, size, mtime in
                    self._read("SELECT key, ino, size, mtime_ns FROM files WHERE key LIKE 'yaml/%'")}
        same = []
        for aid in changed:
            article = rows.get(aid)
            if article is None or recorded.get(f"yaml/{aid}") != (now.stamps.get(f"yaml/{aid}") or ABSENT):
                continue
            old = self._read("SELECT article FROM units WHERE id = ? AND article IS NOT NULL", (aid,))
            if old and json.loads(old[0][0])[1] == article.sha256:
                same.append(article)
        if same:
            with self._write() as con:
                for article in same:
                    con.execute("UPDATE units SET file = ?, article = ?, row = ?, found = ? WHERE id = ?",
                                (now.texts[article.id], _article_json(article),
                                 *_digest_json(article, self.annotation(article.id)), article.id))
                    self._stamp(con, f"text/{article.id}", now.stamps.get(f"text/{article.id}"))
        kept = {a.id for a in same}
        return [aid for aid in changed if aid not in kept]

    def _read_unit(self, store: AnnotationStore, aid: str, now: Scan, known: set[str],
                   row: Article | None = None) -> tuple:
        """Read one article (row: one already read from its dump) and its annotation file, as
        open_workspace reads them. The stamps are those of the scan, taken before the read: a
        file changed meanwhile is read again next time."""
        path = self.articles_dir / now.texts[aid]
        dump = path.suffix.lower() in DUMP_SUFFIXES
        if row is None and dump:   # its dump did not change, so neither did its row
            row = self.article(aid) or next((a for a in read_source(path, self.fields)[0] if a.id == aid), None)
        try:
            article, text_problems = ((row, []) if row is not None else
                                      (None, [Problem(str(path), None, f"no row {aid!r} in the dump any more")]) if dump
                                      else read_article(path))
        except Exception as err:  # noqa: BLE001 - as read_corpus: a bug on one odd file must not hide the corpus
            article, text_problems = None, [Problem(str(path), None, f"could not be read: {type(err).__name__}: {err}")]
        yaml_problems: list[Problem] = []
        annotation = None
        if article is not None:
            annotation, yaml_problems = store.load_annotation(aid, article, people=known)
            if annotation is not None and annotation.sha256 != article.sha256 and annotation.orphans:
                yaml_problems.append(Problem(str(store.article_path(aid)), None,
                                             f"the article changed since it was annotated: {len(annotation.orphans)} "
                                             "mention(s) could not be found in its text and are kept under orphans: "
                                             "(run `newsdesk annotate` to refresh the file)"))
        elif f"yaml/{aid}" in now.stamps:   # as open_workspace: a file for an article it could not read
            yaml_problems.append(_no_article(store, aid, self.articles_dir))
        why = store.why_read_only(store.article_path(aid))
        return (aid, now.texts[aid], article, annotation, text_problems, yaml_problems, why, known,
                now.stamps.get(f"text/{aid}"), now.stamps.get(f"yaml/{aid}"))

    def _put_unit(self, con: sqlite3.Connection, aid: str, file: str, article: Article | None,
                  annotation: Annotation | None, text_problems: list[Problem], yaml_problems: list[Problem],
                  why: Problem | None, known: set[str], text_stamp: Stamp | None, yaml_stamp: Stamp | None) -> None:
        refs = _refs(annotation)
        text = article.text if article else ""
        folded = fold_text(text)
        values = (file, _article_json(article) if article else None, text, folded,
                  _annotation_json(annotation) if annotation else None,
                  json.dumps([_problem(p) for p in text_problems]), json.dumps([_problem(p) for p in yaml_problems]),
                  json.dumps(_problem(why)) if why else None, "\n".join(sorted(refs)),
                  "\n".join(sorted(refs - known)), *_digest_json(article, annotation))
        row = con.execute("SELECT folded FROM units WHERE id = ?", (aid,)).fetchone()
        if row is None:
            con.execute("INSERT INTO units(file, article, text, folded, annotation, text_problems, yaml_problems, "
                        "read_only, refs, missing, row, found, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (*values, aid))
        else:   # an update of `folded` alone re-indexes the text (trigger units_au)
            con.execute("UPDATE units SET file=?, article=?, text=?, folded=?, annotation=?, text_problems=?, "
                        "yaml_problems=?, read_only=?, refs=?, missing=?, row=?, found=? WHERE id = ?",
                        (*values, aid))
        self._stamp(con, f"text/{aid}", text_stamp)
        self._stamp(con, f"yaml/{aid}", yaml_stamp)

    def _drop_unit(self, con: sqlite3.Connection, aid: str) -> None:
        con.execute("DELETE FROM units WHERE id = ?", (aid,))
        con.execute("DELETE FROM files WHERE key IN (?, ?)", (f"text/{aid}", f"yaml/{aid}"))

    @staticmethod
    def _stamp(con: sqlite3.Connection, key: str, stamp: tuple | None) -> None:
        """Record a file's stamp (None: there is no such file)."""
        con.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (key, *(stamp or ABSENT)))

    def _put_record(self, con: sqlite3.Connection, kind: str, data: str, problems: list[Problem],
                    store: AnnotationStore, path: Path, stamp: Stamp | None) -> None:
        why = store.why_read_only(path)
        con.execute("INSERT OR REPLACE INTO records VALUES (?,?,?,?)",
                    (kind, data, json.dumps([_problem(p) for p in problems]),
                     json.dumps(_problem(why)) if why else None))
        self._stamp(con, kind, stamp)

    # -- the app's own saves --------------------------------------------------------------------
    def put_annotation(self, annotation: Annotation) -> None:
        """After the app saved annotation to its YAML file: search and pages see it now, and the
        file is read again at the next refresh (for its stamp and its problems)."""
        article = self.article(annotation.id)
        with self._write() as con:
            con.execute("UPDATE units SET annotation = ?, refs = ?, row = ?, found = ? WHERE id = ?",
                        (_annotation_json(annotation), "\n".join(sorted(_refs(annotation))),
                         *_digest_json(article, annotation), annotation.id))
            self._stamp(con, f"yaml/{annotation.id}", CLEARED)

    def put_people(self, people: dict[str, Person]) -> None:
        self._put_content("people", _people_json(people))

    def put_meetings(self, meetings: dict[str, Meeting]) -> None:
        self._put_content("meetings", _meetings_json(meetings))

    def _put_content(self, kind: str, data: str) -> None:
        with self._write() as con:
            if not con.execute("UPDATE records SET data = ? WHERE kind = ?", (data, kind)).rowcount:
                con.execute("INSERT INTO records VALUES (?, ?, '[]', NULL)", (kind, data))
            self._stamp(con, kind, CLEARED)

    # -- reading --------------------------------------------------------------------------------
    def ids(self) -> list[str]:
        return [row[0] for row in self._read("SELECT id FROM units WHERE article IS NOT NULL ORDER BY id")]

    def article(self, article_id: str) -> Article | None:
        rows = self._read("SELECT article, text FROM units WHERE id = ?", (article_id,))
        return _article_from(article_id, *rows[0]) if rows and rows[0][0] is not None else None

    def annotation(self, article_id: str) -> Annotation | None:
        rows = self._read("SELECT annotation FROM units WHERE id = ? AND article IS NOT NULL", (article_id,))
        return _annotation_from(article_id, rows[0][0]) if rows and rows[0][0] is not None else None

    def people(self) -> dict[str, Person]:
        rows = self._read("SELECT data FROM records WHERE kind = 'people'")
        return _people_from(rows[0][0]) if rows else {}

    def meetings(self) -> dict[str, Meeting]:
        rows = self._read("SELECT data FROM records WHERE kind = 'meetings'")
        meetings = _meetings_from(rows[0][0]) if rows else {}
        return dict(sorted(meetings.items(), key=lambda item: meeting_order(item[1])))

    def text_matches(self, match: str, limit: int) -> tuple[list[str], bool]:
        """The ids of the articles whose folded text matches an FTS5 query, best first (bm25),
        at most limit; and whether there were more."""
        try:
            rows = self._read("SELECT units.id FROM texts JOIN units ON units.n = texts.rowid WHERE texts MATCH ? "
                              "ORDER BY rank LIMIT ?", (match, limit + 1))
        except sqlite3.OperationalError:   # a query FTS5 cannot parse finds nothing
            return [], False
        return [r[0] for r in rows[:limit]], len(rows) > limit

    def vocabulary(self) -> list[str]:
        """Every word of the article texts (for typo-tolerant search: rapidfuzz picks the near ones)."""
        return [row[0] for row in self._read("SELECT term FROM vocab")]

    def texts(self, ids: list[str]) -> dict[str, Article]:
        """The articles with these ids (the ones that can be read)."""
        return {aid: _article_from(aid, data, text) for aid, data, text in
                self._where_ids("SELECT id, article, text FROM units WHERE article IS NOT NULL", ids)}

    def annotations(self, ids: list[str]) -> dict[str, Annotation]:
        """The annotations of these articles (those that have one)."""
        return {aid: _annotation_from(aid, data) for aid, data in self._where_ids(
            "SELECT id, annotation FROM units WHERE article IS NOT NULL AND annotation IS NOT NULL", ids)}

    def _where_ids(self, select: str, ids: list[str]) -> list[tuple]:
        """The rows of select (a query with a WHERE clause) whose id is one of ids, 500 ids a query."""
        rows = []
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            rows += self._read(f"{select} AND id IN ({','.join('?' * len(part))})", part)
        return rows

    def digests(self, places: bool = True) -> dict[str, Digest]:
        """Every readable article's digest, by id (places: with its people counts and places, for search)."""
        column = "found" if places else "NULL"
        return {aid: Digest.from_json(json.loads(row), json.loads(found) if found else None) for aid, row, found in
                self._read(f"SELECT id, row, {column} FROM units WHERE article IS NOT NULL ORDER BY id")}

    def shas(self) -> dict[str, tuple[str, str | None]]:
        """{article id: (the text's sha256, the annotation's or None)} for every readable article."""
        return {aid: (json.loads(article)[1], json.loads(row)[1]) for aid, article, row in
                self._read("SELECT id, article, row FROM units WHERE article IS NOT NULL ORDER BY id")}

    def warnings(self) -> list[Problem]:
        """What was odd about the articles that were read anyway, in id order."""
        return [Problem(*w) for (article,) in self._read("SELECT article FROM units WHERE article IS NOT NULL "
                                                         "ORDER BY id") for w in json.loads(article)[5]]

    def citing(self, person_ids: set[str]) -> list[str]:
        """The readable articles whose annotation links to one of these people, or lists one as a candidate."""
        found: set[str] = set()
        for pid in person_ids:
            found.update(row[0] for row in self._read(
                "SELECT id FROM units WHERE article IS NOT NULL AND annotation IS NOT NULL "
                "AND instr(char(10) || refs || char(10), char(10) || ? || char(10)) > 0", (pid,)))
        return sorted(found)

    def file_names(self) -> dict[str, str]:
        """{article id: the name of the file it was read from} for every readable article."""
        return dict(self._read("SELECT id, file FROM units WHERE article IS NOT NULL ORDER BY id"))

    def workspace(self):
        """The Workspace the files gave when the index last read them, as open_workspace
        returns it; its articles and annotations are decoded as they are asked for
        (Decoded), so this costs the problems, people and meetings, not the corpus. Call
        refresh() first."""
        store = AnnotationStore(self.annotations_dir)
        scan_rows = self._read("SELECT data, problems FROM records WHERE kind = 'scan'")
        scan_row = scan_rows[0] if scan_rows else None
        orphan_yaml, problems = (json.loads(scan_row[0]), _problems_from(scan_row[1])) if scan_row else ([], [])
        yaml_problems: list[Problem] = []
        for aid, data, tp, yp, why in self._read(
                "SELECT id, article, text_problems, yaml_problems, read_only FROM units "
                "WHERE text_problems != '[]' OR yaml_problems != '[]' OR read_only IS NOT NULL ORDER BY id"):
            problems += _problems_from(tp)
            yaml_problems += _problems_from(yp)
            if why and data is not None:
                store.mark_read_only(store.article_path(aid), Problem(*json.loads(why)))
        for (found,) in self._read("SELECT problems FROM records WHERE kind LIKE 'dump:%' ORDER BY kind"):
            problems += _problems_from(found)
        records = {kind: (data, _problems_from(found), why) for kind, data, found, why in self._read(
            "SELECT kind, data, problems, read_only FROM records WHERE kind IN ('people', 'meetings')")}
        for kind, path in (("people", store.people_path), ("meetings", store.meetings_path)):
            if kind in records:
                problems += records[kind][1]
                if records[kind][2]:
                    store.mark_read_only(path, Problem(*json.loads(records[kind][2])))
        problems += yaml_problems
        problems += [_no_article(store, name[:-5], self.articles_dir) for name in orphan_yaml]
        people = _people_from(records["people"][0]) if "people" in records else {}
        meetings = _meetings_from(records["meetings"][0]) if "meetings" in records else {}
        articles = Decoded(self.ids(), self.texts)
        annotations = Decoded([row[0] for row in self._read(
            "SELECT id FROM units WHERE article IS NOT NULL AND annotation IS NOT NULL ORDER BY id")], self.annotations)
        ws = Workspace(self.articles_dir, self.annotations_dir, articles, annotations, people,
                       dict(sorted(meetings.items(), key=lambda item: meeting_order(item[1]))), problems, store,
                       index=self)
        ws.people_changed()
        return ws


class Decoded(MutableMapping):
    """Articles or annotations by id, decoded from the index the first time each is asked
    for, then kept: the app's edits change the kept object, which stays the one every later
    lookup returns (two threads asking at once still get one object: setdefault)."""

    def __init__(self, ids: list[str], decode: Callable[[list[str]], dict]) -> None:
        self._ids = dict.fromkeys(ids)   # the keys, in order
        self._decode = decode
        self._kept: dict = {}

    def __getitem__(self, key: str):
        if key in self._kept:
            return self._kept[key]
        if key not in self._ids:
            raise KeyError(key)
        value = self._decode([key]).get(key)
        if value is None:   # gone from the index since: as if it never was
            raise KeyError(key)
        return self._kept.setdefault(key, value)

    def __setitem__(self, key: str, value) -> None:
        self._ids[key] = None
        self._kept[key] = value

    def __delitem__(self, key: str) -> None:
        del self._ids[key]
        self._kept.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def __len__(self) -> int:
        return len(self._ids)

    def items(self):   # a walk over all decodes them 500 to a query, not one by one
        return list(self._walk())

    def values(self):
        return [value for _, value in self._walk()]

    def _walk(self) -> Iterator[tuple[str, object]]:
        ids = list(self._ids)
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            missing = [key for key in part if key not in self._kept]
            for key, value in self._decode(missing).items():
                self._kept.setdefault(key, value)
            yield from ((key, self._kept[key]) for key in part if key in self._kept)


def peek(articles_dir: Path, annotations_dir: Path, article_id: str
         ) -> tuple[Article, Annotation | None, dict[str, Person] | None] | None:
    """One article, its annotation and the people, from an existing index, read-only (for
    the first frame, while the workspace loads); None unless the index has them as the
    files are now (same stamps). The people are None when people.yaml changed since."""
    path = index_file(annotations_dir)
    if not path.is_file():
        return None
    text_path = _article_path(Path(articles_dir), article_id)
    yaml_path = Path(annotations_dir) / "articles" / f"{article_id}.yaml"
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_MS / 1000)
        try:
            if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID or \
                    con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return None
            recorded = dict(con.execute("SELECT key, ino || ' ' || size || ' ' || mtime_ns FROM files "
                                        "WHERE key IN (?, ?, 'people')", (f"text/{article_id}", f"yaml/{article_id}")))
            row = con.execute("SELECT article, text, annotation FROM units WHERE id = ?", (article_id,)).fetchone()
            people = con.execute("SELECT data FROM records WHERE kind = 'people'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None

    def fresh(key: str, file: Path | None) -> bool:
        stamp = _stat(str(file)) if file else None
        return recorded.get(key) == (" ".join(map(str, stamp)) if stamp else None)

    if row is None or row[0] is None or text_path is None or not fresh(f"text/{article_id}", text_path) \
            or (yaml_path.exists() or row[2] is not None) and not fresh(f"yaml/{article_id}", yaml_path):
        return None
    people_fresh = people is not None and fresh("people", Path(annotations_dir) / "people.yaml")
    return (_article_from(article_id, row[0], row[1]), _annotation_from(article_id, row[2]) if row[2] else None,
            _people_from(people[0]) if people_fresh else None)


def _article_path(articles_dir: Path, article_id: str) -> Path | None:
    for suffix in ARTICLE_SUFFIXES:
        if suffix in DUMP_SUFFIXES:   # a row's text is in its dump: peek does not read dumps
            continue
        if (path := articles_dir / f"{article_id}{suffix}").exists():
            return path
    return None


def open_indexed(articles_dir: Path, annotations_dir: Path,
                 progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] = lambda: False,
                 fields: Mapping[str, str] | None = None) -> tuple[Workspace, Refreshed]:
    """The workspace, read through the index (kept open as ws.index): only the files whose stamp moved are read.
    Where no index can be kept (a read-only folder, a locked or failing database) the files
    are read as open_workspace reads them, and Refreshed.rebuilt says why."""
    try:
        index = Index(articles_dir, annotations_dir, fields)
    except (IndexUnavailable, sqlite3.Error) as err:
        return open_workspace(Path(articles_dir), Path(annotations_dir), fields), Refreshed(unavailable=str(err))
    try:
        try:
            done = index.refresh(progress, should_stop)
            ws = index.workspace()
        except sqlite3.OperationalError:
            raise   # locked for longer than the busy timeout, a full disk: not a reason to delete it
        except sqlite3.DatabaseError as err:   # corrupt beyond the header
            index.reset(f"it could not be read ({err})")
            done = index.refresh(progress, should_stop)
            ws = index.workspace()
    except (IndexUnavailable, sqlite3.Error) as err:
        index.close()
        return open_workspace(Path(articles_dir), Path(annotations_dir), fields), Refreshed(unavailable=str(err))
    ws.index = index
    return ws, done


def _no_article(store: AnnotationStore, article_id: str, articles_dir: Path) -> Problem:
    return Problem(str(store.articles_dir / f"{article_id}.yaml"), None, f"no article '{article_id}' in "
                   f"{articles_dir}: this annotation file is not loaded (kept as it is)")
