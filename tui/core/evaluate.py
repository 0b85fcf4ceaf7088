"""`newsdesk eval`: how far to trust the machine on a corpus, measured against the articles
an analyst has reviewed.

The pipeline runs from scratch in a temporary folder, on copies of the reviewed articles
only, and its output is scored against the analyst's files with scoring.py. Nothing in the
analyst's folders is written. An article counts as reviewed when its annotation file has no
model-made mention left unreviewed: a half-corrected file would score the machine against
itself.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.models import Article, Problem
from tui.core.scoring import GoldError, Scores, load_side, score

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(slots=True)
class Evaluation:
    scores: Scores
    scored: list[str]                                     # article ids scored
    unreviewed: list[str] = field(default_factory=list)   # gold files with model output left to review
    without_gold: list[str] = field(default_factory=list)  # articles with no gold file at all


def reviewed_articles(articles: list[Article], gold_dir: Path) -> tuple[list[Article], list[str], list[str]]:
    """The articles whose gold file is fully reviewed; the ids left out, and why."""
    side = load_side(gold_dir, articles, strict=True)
    reviewed, unreviewed, missing = [], [], []
    for article in articles:
        annotation = side.annotations.get(article.id)
        if annotation is None:
            missing.append(article.id)
        elif all(m.analyst_owned for m in annotation.mentions):
            reviewed.append(article)
        else:
            unreviewed.append(article.id)
    return reviewed, unreviewed, missing


def evaluate(articles_dir: Path, gold_dir: Path, *, model: str | Language | None = None,
             with_meta: bool = False, work_dir: Path | None = None,
             fields: Mapping[str, str] | None = None) -> Evaluation:
    """Annotate copies of the reviewed articles from scratch and score them against the gold.

    with_meta starts the run from the analyst's title, outlet, publication date, body and
    chrome (the analyst's usual order: set the date, then annotate), so that relative meeting
    dates can resolve; mentions, people and meetings are still the pipeline's own.
    Raises GoldError when the gold does not load cleanly or no article in it is reviewed.
    """
    from tui.core.annotate import annotate
    from tui.core.corpus import read_corpus
    from tui.core.store import AnnotationStore

    articles, problems = read_corpus(Path(articles_dir), fields)   # an unreadable article is left out, and said
    gold_dir = Path(gold_dir)
    reviewed, unreviewed, missing = reviewed_articles(articles, gold_dir)
    if not reviewed:
        raise GoldError(f"{gold_dir}: no article has a fully reviewed annotation file "
                        f"({len(unreviewed)} partly reviewed, {len(missing)} without one)")
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-", dir=work_dir) as tmp:
        copies, predicted = Path(tmp) / "articles", Path(tmp) / "annotations"
        copies.mkdir()
        for path in sorted({article.path for article in reviewed}):   # a dump whole: its other rows are annotated too
            shutil.copy2(path, copies / Path(path).name)
        if with_meta:
            store = AnnotationStore(predicted)
            for annotation in load_side(gold_dir, reviewed, strict=True).annotations.values():
                store.save_annotation(dataclasses.replace(annotation, mentions=[], orphans=[], note=""))
        summary = annotate(copies, predicted, model=model, force=with_meta, fields=fields)
        scores = score(gold_dir, predicted, reviewed)
        scores.problems = problems + [_outside(p, tmp) for p in [*summary.problems, *scores.problems]]
    return Evaluation(scores, [a.id for a in reviewed], unreviewed, missing)


def _outside(problem: Problem, tmp: str) -> Problem:
    """A problem of the temporary run, named without the temporary folder's path."""
    return dataclasses.replace(problem, path=problem.path.replace(tmp, "<eval run>"))
