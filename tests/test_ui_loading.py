"""tui.ui.loading: the cached row index that lists the articles before the workspace loads."""

from __future__ import annotations

import os

from tui.core.views import ArticleRow
from tui.ui.loading import RowIndex, index_path


def corpus(tmp_path):
    articles, annotations = tmp_path / "articles", tmp_path / "annotations"
    articles.mkdir()
    (annotations / "articles").mkdir(parents=True)
    for stem in ("a", "b", "c"):
        (articles / f"{stem}.txt").write_text(f"Text of {stem}.", encoding="utf-8")
        (annotations / "articles" / f"{stem}.yaml").write_text(f"id: {stem}\n", encoding="utf-8")
    (articles / "notes.json").write_text("{}")       # not an article
    (articles / ".hidden.txt").write_text("x")      # hidden files are not articles
    return articles, annotations


def row(stem: str) -> ArticleRow:
    return ArticleRow(stem, f"Title {stem}", "AP", "2023-06-06", 2, 1, 3, 5, True)


def test_without_a_cache_rows_are_the_file_stems(tmp_path):
    articles, annotations = corpus(tmp_path)
    rows = RowIndex(articles, annotations).rows()
    assert [(r.id, r.title, r.annotated) for r in rows] == [("a", "a", False), ("b", "b", False), ("c", "c", False)]


def test_cached_rows_come_back_only_for_unchanged_files(tmp_path):
    articles, annotations = corpus(tmp_path)
    RowIndex(articles, annotations).save([row("a"), row("b"), row("c")])
    assert index_path(annotations).is_file()
    assert not any(p.name.startswith(".") for p in annotations.rglob("*"))  # nothing written there
    assert RowIndex(articles, annotations).rows() == [row("a"), row("b"), row("c")]

    (articles / "b.txt").write_text("Changed text of b, longer.", encoding="utf-8")
    yaml = annotations / "articles" / "c.yaml"
    yaml.write_text("id: c\n", encoding="utf-8")
    os.utime(yaml, ns=(1, 1))  # same size, other mtime
    (articles / "d.txt").write_text("New.", encoding="utf-8")
    rows = RowIndex(articles, annotations).rows()
    assert rows[0] == row("a")
    assert [(r.id, r.annotated) for r in rows[1:]] == [("b", False), ("c", False), ("d", False)]


def test_a_broken_cache_is_ignored(tmp_path):
    articles, annotations = corpus(tmp_path)
    path = index_path(annotations)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert [r.id for r in RowIndex(articles, annotations).rows()] == ["a", "b", "c"]
