"""corpus.py: reading article folders, decoding, mojibake repair, chrome and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import paragraphs, read_article, read_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    articles, problems = read_corpus(SEEDS)
    assert problems == []
    return {a.id[:3]: a for a in articles}


def test_seeds_load_sorted_by_id(seeds):
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    assert seeds["001"].id == "001_5843e84394fa44eb"


def test_paragraphs_are_stripped_body_text_outside_chrome(seeds):
    for article in seeds.values():
        spans = paragraphs(article)
        assert spans
        for start, end in spans:
            chunk = article.text[start:end]
            assert chunk == chunk.strip() and chunk
            assert not article.is_chrome(start, end), chunk
