"""Is `newsdesk annotate` linear in the length of one article?

Builds single articles of about 100 KB, 400 KB and 1.5 MB in a temporary folder, from
real news text: the BBC corpus at ../shared/corpora/bbc-news when it is there (read, never
copied into the project), else the seeds over and over. For each size, in one process
with one loaded model, alternately REPEAT times, keeping the best run of each:
  - bare nlp.pipe over exactly the paragraphs annotate parses,
  - annotate() from scratch into an empty annotation folder.
Prints annotate / bare for each size (1.0 would be spaCy's cost alone), and the growth
exponent from each size to the next: log(time ratio) / log(size ratio). 1.0 is linear,
2.0 quadratic; bare nlp.pipe's exponent is the floor. Ratios and exponents use CPU time
(the fair measure on a shared machine); wall time is shown too. Before the fixes a 1.5 MB
article took 454 s.

    .venv/bin/python bench/bench_huge_article.py [--sizes 100,400,1500] [--repeat R] [--source DIR]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_annotate import Timing  # noqa: E402

from tui.core.annotate import annotate  # noqa: E402
from tui.core.corpus import paragraphs, read_article  # noqa: E402
from tui.core.nlp import load_model, model_label  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"


def write_article(path: Path, source: Path, size: int) -> int:
    """One article of at least size characters: the source's texts, in order, repeated
    when they run out, separated by blank lines. Returns its length."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(source.rglob("*.txt"))]
    parts, length = [], 0
    while length < size:
        parts.append(texts[len(parts) % len(texts)])
        length += len(parts[-1]) + 2
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return length


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,400,1500", help="article sizes in KB")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--source", type=Path, default=BBC if BBC.is_dir() else ROOT / "seeds")
    args = parser.parse_args()
    sizes = [int(kb) * 1000 for kb in args.sizes.split(",")]

    nlp = load_model()
    print(f"model {model_label(nlp)}; text from {args.source}")
    print(f"{'size':>9} {'paragraphs':>10} {'bare cpu s':>10} {'annotate cpu s':>14} {'annotate/bare':>13} "
          f"{'(wall s: bare, annotate)':>25}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"a{size}"
            folder.mkdir()
            length = write_article(folder / "long.txt", args.source, size)
            article, problems = read_article(folder / "long.txt")
            assert article is not None and not problems, problems
            texts = [article.text[s:e] for s, e in paragraphs(article)]
            bare, full = Timing(), Timing()
            for n in range(args.repeat):
                bare.run(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=64)))
                summary = full.run(lambda: annotate(folder, Path(tmp) / f"annotations{size}_{n}", model=nlp))
                assert summary.annotated == 1 and not summary.problems, summary.problems
            rows.append((length, bare.cpu, full.cpu))
            print(f"{length / 1000:7.0f}KB {len(texts):10} {bare.cpu:10.1f} {full.cpu:14.1f} "
                  f"{full.cpu / bare.cpu:13.2f} {bare.wall:15.1f}, {full.wall:.1f}", flush=True)
    print("growth exponent, log(time ratio) / log(size ratio) (1.0 linear, 2.0 quadratic):")
    for (n0, b0, a0), (n1, b1, a1) in zip(rows, rows[1:]):
        grow = math.log(n1 / n0)
        print(f"  {n0 / 1000:.0f} KB -> {n1 / 1000:.0f} KB (x{n1 / n0:.1f}): annotate {math.log(a1 / a0) / grow:.2f}, "
              f"bare nlp.pipe {math.log(b1 / b0) / grow:.2f}; time ratio annotate x{a1 / a0:.1f}, bare x{b1 / b0:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
