"""Showing the corpus before the workspace has loaded.

Opening a workspace reads every article and annotation file: fine for a few hundred,
most of a minute for ten thousand. Meanwhile the app shows what is cheap:

  file_names()      the article files (a directory listing: the first frame's list)
  RowIndex          the rows of the last session, cached per annotation folder and
                    trusted only for files whose size and mtime have not changed (the
                    cache lives in the user's cache folder, never among the annotations)
  PreviewWorkspace  articles opened one at a time, with their annotation files (from the
                    derived index where it has them as the files are now), so reading
                    can start before the whole corpus is in
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.files import ARTICLE_SUFFIXES, DUMP_SUFFIXES, id_problem
from tui.core.views import ArticleRow

if TYPE_CHECKING:   # types only, as in views.py
    from tui.core.models import Annotation, Article, Meeting, Mention, Person, Problem

INDEX_VERSION = 3
SINGLE_SUFFIXES = tuple(s for s in ARTICLE_SUFFIXES if s not in DUMP_SUFFIXES)   # one article a file


def file_names(articles_dir: Path) -> dict[str, str]:
    """{article id: file name} for the files of one article each (names only: no stat, no
    reading; a dump's ids are in its rows, known once it is read). A name that cannot be
    an id is left out: the workspace reports it, and an escape sequence in it must not
    reach the terminal in the first frame."""
    try:
        with os.scandir(articles_dir) as entries:
            names = [e.name for e in entries if not e.name.startswith(".") and e.name.lower().endswith(SINGLE_SUFFIXES)]
    except OSError:
        return {}
    return {stem: name for name in sorted(names) if id_problem(stem := name.rsplit(".", 1)[0]) is None}


def has_articles(articles_dir: Path) -> bool:
    """Whether the folder holds any article file or dump (names only)."""
    try:
        with os.scandir(articles_dir) as entries:
            return any(not e.name.startswith(".") and e.name.lower().endswith(ARTICLE_SUFFIXES) for e in entries)
    except OSError:
        return False


def id_rows(ids: list[str]) -> list[ArticleRow]:
    """Rows that know only the article ids."""
    return [ArticleRow(i, i, "", "", 0, 0, 0, 0, False) for i in ids]


def _stamps(folder: Path, suffixes: tuple[str, ...], stems: bool = True) -> dict[str, tuple[int, int]]:
    """{file stem (else name): (size, mtime_ns)} for the files in folder with one of the suffixes."""
    stamps = {}
    try:
        entries = os.scandir(folder)
    except OSError:
        return {}
    with entries:
        for entry in entries:
            name = entry.name
            if (name.startswith(".") or not name.lower().endswith(suffixes)
                    or stems and id_problem(name.rsplit(".", 1)[0])):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            stamps[name.rsplit(".", 1)[0] if stems else name] = (st.st_size, st.st_mtime_ns)
    return stamps


def index_path(annotations_dir: Path) -> Path:
    """Where the row index of this annotation folder is cached."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdesk"
    # The folder's path spelled as a file name (hashlib would cost a few ms at startup).
    key = str(Path(annotations_dir).resolve()).strip("/").replace("%", "%25").replace("/", "%2F")
    return cache / f"rows-{key[-200:]}.json"


class RowIndex:
    """The stamps of the files on disk, and the cached rows still true of them. A dump's rows
    are cached with the dump's stamp: a dump that changed shows none until it is read again."""

    def __init__(self, articles_dir: Path, annotations_dir: Path) -> None:
        self.path = index_path(annotations_dir)
        self.articles = _stamps(Path(articles_dir), SINGLE_SUFFIXES)
        self.dumps = _stamps(Path(articles_dir), DUMP_SUFFIXES, stems=False)
        self.annotations = _stamps(Path(annotations_dir) / "articles", (".yaml",))

    def _stamp(self, article_id: str, dump: str | None = None) -> list:
        source = self.dumps.get(dump or "") if dump else self.articles.get(article_id)
        return [*(source or (0, 0)), *self.annotations.get(article_id, (0, 0))]

    def rows(self) -> list[ArticleRow]:
        """A row per article file and per row of an unchanged dump: the cached one where its
        files are unchanged, else the id alone."""
        import json  # here, in the worker: not an import the first frame waits for

        try:
            cached = json.loads(self.path.read_text(encoding="utf-8"))
            if cached.get("version") != INDEX_VERSION:
                cached = {}
        except (OSError, ValueError):
            cached = {}
        entries = cached.get("rows", {})
        rows = []
        ids = set(self.articles) | {aid for aid, entry in entries.items() if entry[2] in self.dumps}
        for article_id in sorted(ids):
            entry = entries.get(article_id)
            if entry and entry[0] == self._stamp(article_id, entry[2]) and len(entry[1]) == len(ArticleRow._fields):
                rows.append(ArticleRow(*entry[1]))
            elif article_id in self.articles:
                rows.extend(id_rows([article_id]))
        return rows

    def save(self, rows: list[ArticleRow], files: dict[str, str] | None = None) -> None:
        """Cache the rows of a loaded workspace, with the file name of each ({id: name})
        (atomically; a failure only costs speed next time)."""
        import json

        dump = {aid: name for aid, name in (files or {}).items() if name in self.dumps}
        data = {"version": INDEX_VERSION,
                "rows": {row.id: [self._stamp(row.id, dump.get(row.id)), list(row), dump.get(row.id)]
                         for row in rows if row.id in self.articles or row.id in dump}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


class PreviewWorkspace:
    """The Workspace interface over the articles opened so far, one file at a time.

    Cross-article pages (a person's mentions, meetings) only know the loaded articles;
    the app says so and swaps in the real workspace when open_workspace is done.
    """

    def __init__(self, articles_dir: Path, annotations_dir: Path, files: dict[str, str]) -> None:
        self.articles_dir, self.annotations_dir = Path(articles_dir), Path(annotations_dir)
        self.files = files
        self.articles: dict[str, Article] = {}
        self.annotations: dict[str, Annotation] = {}
        self.people: dict[str, Person] = {}
        self.meetings: dict[str, Meeting] = {}
        self.problems: list[Problem] = []
        self.store = None  # an AnnotationStore from the first load() on (yaml is not for the first frame)

    def load(self, article_id: str) -> bool:
        """Read one article and its annotation file (in a worker thread); False if it cannot be read."""
        from tui.core.corpus import read_article
        from tui.core.store import AnnotationStore

        if self.store is None:
            self.store = AnnotationStore(self.annotations_dir)
        if article_id in self.articles:
            return True
        if article_id not in self.files:
            return False
        from tui.core.index import peek

        if (known := peek(self.articles_dir, self.annotations_dir, article_id)) is not None:
            article, annotation, people = known   # as the files are now: no YAML to parse
            if people is not None or not self.people:
                self.people = people if people is not None else self.store.load_people()[0]
            if annotation is not None:
                self.annotations[article_id] = annotation
            self.articles[article_id] = article
            return True
        if not self.people:  # names for the linked mentions; problems are the workspace's to report
            self.people, _ = self.store.load_people()
        article, problems = read_article(self.articles_dir / self.files[article_id])
        self.problems += problems
        if article is None:
            return False
        annotation, problems = self.store.load_annotation(article_id, article)
        self.problems += problems
        if annotation is not None:
            self.annotations[article_id] = annotation
        self.articles[article_id] = article
        return True

    def stale_ids(self) -> list[str]:
        return []

    def mentions_of(self, person_id: str) -> list[tuple[str, Mention]]:
        return [(aid, m) for aid, a in self.annotations.items() for m in a.mentions
                if m.person == person_id and m.status != "rejected"]

    def citing(self, person_ids: set[str]) -> list[str]:
        return sorted(aid for aid, a in self.annotations.items() if any(m.person in person_ids for m in a.mentions))

    def meetings_of(self, person_id: str) -> list[Meeting]:
        return []

    def meetings_in(self, article_id: str) -> list[Meeting]:
        return []
