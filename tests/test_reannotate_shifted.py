"""Re-annotating the gold after every seed article gained a line at the top: every mention
the analyst reviewed, rejected ones included, follows its text, with no orphan and no notice.

The real model and the installed command, on a copy of seeds/ and annotations/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.store import AnnotationStore
from tui.core.workspace import open_workspace

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOLD = PROJECT_ROOT / "annotations"
LINE = "This story has been updated.\n"
pytestmark = pytest.mark.model


def _records(annotations: Path, article_id: str, shift: int = 0) -> tuple[list[tuple], list]:
    """(every mention as a comparable record, moved by shift; the orphans), read as filed."""
    annotation, problems = AnnotationStore(annotations).load_annotation(article_id)
    assert annotation is not None and problems == []
    return sorted((m.start + shift, m.end + shift, m.text, m.label, m.by, m.status, m.person,
                   tuple(m.candidates)) for m in annotation.mentions), annotation.orphans


def test_a_line_added_at_the_top_moves_every_gold_mention(tmp_path: Path, seeds_dir: Path) -> None:
    articles, annotations = tmp_path / "seeds", tmp_path / "annotations"
    shutil.copytree(seeds_dir, articles)
    shutil.copytree(GOLD, annotations)
    for path in articles.glob("*.txt"):
        path.write_bytes(LINE.encode() + path.read_bytes())

    # Before the re-run, the app re-anchors on load: no "could not be found" notice. (The
    # meeting reports' stale offsets get their own notice until annotate moves them.)
    problems = open_workspace(articles, annotations).problems
    assert [p for p in problems if Path(p.path).parent.name == "articles"] == []

    run = subprocess.run([sys.executable, "-m", "tui", "annotate", str(articles), "--annotations", str(annotations)],
                         cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert all(": warning: " in line for line in run.stderr.splitlines()), run.stderr   # seed 001's mojibake
    ids = sorted(p.stem for p in articles.glob("*.txt"))
    assert len(ids) == 5
    for article_id in ids:
        mentions, orphans = _records(annotations, article_id)
        gold, _ = _records(GOLD, article_id, shift=len(LINE))
        assert orphans == []
        assert mentions == gold, article_id
