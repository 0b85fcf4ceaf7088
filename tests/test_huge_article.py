"""annotate's own work grows linearly with an article's length.

A 1.5 MB article took 454 s: steps that asked, for every mention, a question of every
other mention, title, chrome segment or person of the article. The measure here is no
clock but the lines of newsdesk's own code executed (sys.settrace on tui/, spaCy's work
not counted), on one article made of the seeds once and four times over: linear work
gives at most 4x; the quadratic steps gave 5.2x at this size (7.2x at twice the size).
bench/bench_huge_article.py shows the times.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType

import pytest

import tui
from tui.core.annotate import annotate

TUI = str(Path(tui.__file__).parent)
pytestmark = pytest.mark.model


def _lines_run(articles: Path, annotations: Path, nlp) -> int:
    """Lines of tui/ executed by one annotate run."""
    count = 0

    def in_tui(frame: FrameType, event: str, arg: object):
        nonlocal count
        count += event == "line"
        return in_tui

    def calls(frame: FrameType, event: str, arg: object):
        return in_tui if frame.f_code.co_filename.startswith(TUI) else None

    sys.settrace(calls)
    try:
        summary = annotate(articles, annotations, model=nlp)
    finally:
        sys.settrace(None)
    assert (summary.annotated, summary.problems) == (1, [])
    return count


def test_four_times_the_article_is_at_most_four_times_the_work(tmp_path: Path, seeds_dir: Path, nlp_model) -> None:
    story = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(seeds_dir.glob("*.txt")))
    work = {}
    for copies in (1, 4):
        folder = tmp_path / f"x{copies}"
        folder.mkdir()
        (folder / "long.txt").write_text("\n\n".join([story] * copies) + "\n", encoding="utf-8")
        work[copies] = _lines_run(folder, tmp_path / f"annotations{copies}", nlp_model)
    # Fixed costs (the people and meetings files) make linear work a little under 4x.
    assert work[4] / work[1] <= 4.0, work
