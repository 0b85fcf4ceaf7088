"""Text search through the derived index's FTS5 table gives what scanning every text gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tui.core.search as search
from tui.core.index import open_indexed
from tui.core.search import build_index
from tui.core.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["spy balloon", "SOLEMN position", "Xi Biden meeting", "Connor Nijsse", "Growing Aggressiveness",
           "solemn positon", "Wang", "kritenbrnk", "spy ball", "Beijing", "s", "“candid”", "no such words here"]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The seeds searched by scanning every text, and through the index."""
    tmp = tmp_path_factory.mktemp("fts")
    shutil.copytree(ROOT / "annotations", tmp / "annotations", ignore=shutil.ignore_patterns(".newsdesk"))
    ws, _ = open_indexed(ROOT / "seeds", tmp / "annotations")
    assert ws.index is not None
    yield build_index(open_workspace(ROOT / "seeds", tmp / "annotations")), build_index(ws)
    ws.index.close()


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_the_same_text_hits_as_a_scan(both, query):
    scanned, indexed = both
    assert indexed.search_groups(query, kinds=["text"], limit=50) == scanned.search_groups(query, kinds=["text"],
                                                                                           limit=50)


def test_only_the_best_candidates_of_the_index_are_scanned(both, monkeypatch):
    scanned, indexed = both
    monkeypatch.setattr(search, "CANDIDATES", 2)
    group, = indexed.search_groups("Beijing", kinds=["text"], limit=50)
    everywhere, = scanned.search_groups("Beijing", kinds=["text"], limit=50)
    assert group.more and len({h.article_id for h in group.hits}) == 2
    assert len({h.article_id for h in everywhere.hits}) == 5
