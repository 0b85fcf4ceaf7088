"""Getting the article list on screen before the workspace has loaded.

Opening a workspace reads every article and annotation file: fine for a few hundred,
tens of seconds for ten thousand. So the first screen lists the articles from a
cheap index instead: the file names, plus the rows of the last session, cached per
annotation folder and trusted only for files whose size and mtime have not changed.
The cache lives in the user's cache folder, never in the analyst's annotation folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import astuple, fields
from pathlib import Path

from tui.core.views import ArticleRow

# The same suffixes corpus.read_corpus reads.
ARTICLE_SUFFIXES = (".txt", ".md")
INDEX_VERSION = 1


def _stamps(folder: Path, suffixes: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """{file stem: (size, mtime_ns)} for the files in folder with one of the suffixes."""
    stamps = {}
    try:
        entries = os.scandir(folder)
    except OSError:
        return {}
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            stamps[name.rsplit(".", 1)[0]] = (st.st_size, st.st_mtime_ns)
    return stamps


def index_path(annotations_dir: Path) -> Path:
    """Where the row index of this annotation folder is cached."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdesk"
    key = hashlib.sha1(str(Path(annotations_dir).resolve()).encode()).hexdigest()[:16]
    return cache / f"rows-{key}.json"


class RowIndex:
    """The stamps of the files on disk, and the cached rows still true of them."""

    def __init__(self, articles_dir: Path, annotations_dir: Path) -> None:
        self.path = index_path(annotations_dir)
        self.articles = _stamps(Path(articles_dir), ARTICLE_SUFFIXES)
        self.annotations = _stamps(Path(annotations_dir) / "articles", (".yaml",))

    def _stamp(self, article_id: str) -> list:
        return [*self.articles.get(article_id, (0, 0)), *self.annotations.get(article_id, (0, 0))]

    def rows(self) -> list[ArticleRow]:
        """A row per article file: the cached one where its files are unchanged, else the id alone."""
        try:
            cached = json.loads(self.path.read_text(encoding="utf-8"))
            if cached.get("version") != INDEX_VERSION:
                cached = {}
        except (OSError, ValueError):
            cached = {}
        entries = cached.get("rows", {})
        rows = []
        for article_id in sorted(self.articles):
            entry = entries.get(article_id)
            if entry and entry[0] == self._stamp(article_id) and len(entry[1]) == len(fields(ArticleRow)):
                rows.append(ArticleRow(*entry[1]))
            else:
                rows.append(ArticleRow(article_id, article_id, "", "", 0, 0, 0, 0, False))
        return rows

    def save(self, rows: list[ArticleRow]) -> None:
        """Cache the rows of a loaded workspace (atomically; a failure only costs speed next time)."""
        data = {"version": INDEX_VERSION,
                "rows": {row.id: [self._stamp(row.id), list(astuple(row))] for row in rows if row.id in self.articles}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
