"""Getting the workspace into the app without blocking the first screen."""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.views import ArticleRow

# The same suffixes corpus.read_corpus reads.
ARTICLE_SUFFIXES = (".txt", ".md")


def quick_rows(articles_dir: Path) -> list[ArticleRow]:
    """Rows that only know the article ids (file stems): shown while the workspace loads."""
    try:
        names = [e.name for e in os.scandir(articles_dir)
                 if e.name.lower().endswith(ARTICLE_SUFFIXES) and not e.name.startswith(".") and e.is_file()]
    except OSError:
        return []
    stems = sorted(name.rsplit(".", 1)[0] for name in names)
    return [ArticleRow(stem, stem, "", "", 0, 0, 0, 0, False) for stem in stems]
