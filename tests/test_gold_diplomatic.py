"""The diplomatic gold (tests/gold/diplomatic, issue #11) is whole and loads cleanly.

It is hand-edited YAML, so a slip (a mention whose text moved, a meeting naming a person who
is not in people.yaml, an article in both halves) would silently skew every score taken
against it. The scorer's strict loader refuses any such problem; these tests run it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.corpus import read_corpus
from tui.core.scoring import load_side

GOLD = Path(__file__).resolve().parent / "gold" / "diplomatic"


def _split() -> dict[str, list[str]]:
    halves: dict[str, list[str]] = {}
    current = None
    for line in (GOLD / "split.txt").read_text(encoding="utf-8").splitlines():
        if line in ("# dev", "# test"):
            current = halves.setdefault(line[2:], [])
        elif line and not line.startswith("#"):
            assert current is not None, f"split.txt: {line!r} comes before '# dev' or '# test'"
            current.append(line)
    return halves


def test_split_puts_every_article_in_exactly_one_half() -> None:
    halves = _split()
    articles = sorted(p.stem for p in (GOLD / "articles").glob("*.txt"))
    assert len(articles) >= 20
    assert sorted(halves["dev"] + halves["test"]) == articles
    assert not set(halves["dev"]) & set(halves["test"])


@pytest.mark.parametrize("half", ["dev", "test"])
def test_each_half_loads_with_no_problem_and_covers_its_articles(half: str) -> None:
    ids = _split()[half]
    articles, problems = read_corpus(GOLD / "articles")
    assert not problems
    mine = [a for a in articles if a.id in ids]
    side = load_side(GOLD / half, mine, strict=True)  # raises GoldError on any problem
    assert sorted(side.annotations) == sorted(ids)
    assert sorted(p.stem for p in (GOLD / half / "articles").glob("*.yaml")) == sorted(ids)
    # every file states its date, so every gold article has one, and every meeting cites one
    # of this half's articles
    assert all(a.meta.published for a in side.annotations.values())
    assert all(r.article in ids for m in side.meetings for r in m.reports)
    linked = {m.person for a in side.annotations.values() for m in a.mentions
              if m.label == "PERSON" and m.status != "rejected"}
    assert None not in linked
    assert {p for m in side.meetings for p in m.participants} <= linked <= set(side.people)
