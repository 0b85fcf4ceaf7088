"""Meeting extraction and resolution, measured.

1. Extraction precision/recall on the sentences of tests/test_meetings.py (written
   outside the seeds, plus the negatives) and on the seeds' meeting sentences: a found
   candidate is right when its sides hold exactly the expected names and its status is
   the expected one.
2. The whole pipeline on the seeds (parse, link, extract, resolve) scored against the
   gold meetings in annotations/ with tui/core/scoring.py. The seeds carry no date; the
   gold's `published` is copied onto the articles first, as an analyst would set it.

Run: .venv/bin/python bench/bench_meetings.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"P {p:.2f} R {r:.2f} (tp {tp}, fp {fp}, fn {fn})"


def extraction(nlp) -> None:
    import test_meetings as t

    tp = fp = fn = 0
    for text, expect in t.OUTSIDE:
        last = text.rfind("\n") + 1  # earlier lines only set the scene
        found = [c for c in t._extract(nlp, text) if c.sentence[0] >= last]
        hits = [c for c in found if t._matches(c, expect)]
        tp += bool(hits)
        fn += not hits
        fp += len(found) - bool(hits)
    for text in t.NEGATIVE:
        fp += len(t._extract(nlp, text))
    print(f"extraction, {len(t.OUTSIDE)} outside sentences + {len(t.NEGATIVE)} negatives: {_prf(tp, fp, fn)}")
    tp = fp = fn = 0
    for stem, expects in t.SEED_EXPECT.items():
        _, found = t._seed(nlp, stem)
        named = [c for c in found if len(c.unnamed) < len(c.sides)]
        for expect in expects:
            hit = next((c for c in named if t._matches(c, expect)), None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                named.remove(hit)
        fp += len(named)
    print(f"extraction, seeds (named reports): {_prf(tp, fp, fn)}")


def pipeline(nlp) -> None:
    from tui.core.corpus import read_corpus
    from tui.core.linking import link_corpus, refine_mentions
    from tui.core.meetings import extract_candidates, resolve_meetings
    from tui.core.nlp import parse_articles, raw_mentions
    from tui.core.scoring import Side, load_side, score_sides

    articles_list, _ = read_corpus(ROOT / "seeds")
    gold = load_side(ROOT / "annotations", articles_list, strict=True)
    articles = {a.id: a for a in articles_list}
    for aid, annotation in gold.annotations.items():
        articles[aid].meta.published = annotation.meta.published
    started = time.perf_counter()
    mentions, candidates = {}, {}
    for article, docs in parse_articles(nlp, articles_list):
        mentions[article.id] = refine_mentions(article, raw_mentions(article, docs))
        candidates[article.id] = extract_candidates(article, docs)
    people = link_corpus(articles, mentions, {})
    meetings = resolve_meetings(candidates, mentions, articles, {}, set(articles))
    elapsed = time.perf_counter() - started
    scores = score_sides(gold, Side({}, people, list(meetings.values())), list(articles))
    m = scores.meetings
    print(f"pipeline on the seeds ({elapsed:.1f} s): {len(meetings)} meetings; gold {m.tp + m.fn}")
    print(f"  participants + status: {_prf(m.tp, m.fp, m.fn)}")
    o = scores.meetings_overlap
    print(f"  loose (subset of gold participants): {_prf(o.tp, o.fp, o.fn)}")
    print(f"  place agrees {scores.meeting_place.hits}/{scores.meeting_place.total}, "
          f"date agrees {scores.meeting_date.hits}/{scores.meeting_date.total} over matched pairs")
    print(f"  missed: {', '.join(scores.missed_meetings) or '-'}")
    print(f"  extra:  {', '.join(scores.extra_meetings) or '-'}")
    for meeting in meetings.values():
        print(f"    {meeting.id}: {meeting.status} {meeting.participants} {meeting.unnamed or ''} "
              f"place={meeting.place} date={meeting.date} ({meeting.date_text}) reports={len(meeting.reports)}")


def main() -> None:
    from tui.core.nlp import load_model

    nlp = load_model()
    extraction(nlp)
    pipeline(nlp)


if __name__ == "__main__":
    main()
