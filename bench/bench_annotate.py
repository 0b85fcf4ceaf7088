"""How much `newsdesk annotate` costs beyond spaCy itself.

Copies the seeds to at least 200 articles with distinct ids in a temporary folder, then,
in one process with one loaded model:
  - bare nlp.pipe over exactly the paragraphs the pipeline parses,
  - annotate() from scratch into an empty annotation folder (read, parse, mentions,
    linking, meetings, atomic saves),
  - annotate() again with nothing changed (the incremental path),
  - bare nlp.pipe with n_process=2.
Each timed step runs REPEAT times and the best time counts: the machine is shared.
Target: pipeline throughput >= 0.90 of bare nlp.pipe.

    .venv/bin/python bench/bench_annotate.py [--articles N] [--repeat R]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.annotate import annotate  # noqa: E402
from tui.core.corpus import paragraphs, read_corpus  # noqa: E402
from tui.core.nlp import load_model, model_label  # noqa: E402

SEEDS = ROOT / "seeds"
TARGET = 0.90


def make_corpus(folder: Path, count: int) -> None:
    """count articles: the seeds over and over, each copy under its own id."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(count):
        seed = seeds[i % len(seeds)]
        shutil.copyfile(seed, folder / f"copy{i // len(seeds):03d}_{seed.name}")


def best(repeat: int, step) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        make_corpus(folder, args.articles)
        articles, problems = read_corpus(folder)
        assert not problems, problems
        texts = [a.text[s:e] for a in articles for s, e in paragraphs(a)]

        nlp = load_model()
        list(nlp.pipe(texts[:64]))  # warm up
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        print(f"model {model_label(nlp)}; {len(articles)} articles, {len(texts)} paragraphs, {tokens} tokens")

        def bare() -> None:
            for _ in nlp.pipe(texts, batch_size=64):
                pass

        runs = iter(range(10 ** 6))
        summaries = []

        def pipeline() -> None:
            summaries.append(annotate(folder, Path(tmp) / f"annotations{next(runs)}", model=nlp))

        t_bare = best(args.repeat, bare)
        t_pipe = best(args.repeat, pipeline)
        last = summaries[-1]
        assert last.annotated == len(articles) and not last.problems, last.problems
        t_again = best(args.repeat, lambda: annotate(folder, Path(tmp) / "annotations0", model=nlp))
        t_two = best(1, lambda: [None for _ in nlp.pipe(texts, batch_size=64, n_process=2)])

        ratio = t_bare / t_pipe
        print(f"bare nlp.pipe           {t_bare:6.2f} s  {tokens / t_bare:7.0f} tokens/s")
        print(f"annotate from scratch   {t_pipe:6.2f} s  {tokens / t_pipe:7.0f} tokens/s  "
              f"ratio {ratio:.2f} to bare (target >= {TARGET:.2f}: {'met' if ratio >= TARGET else 'MISSED'})")
        print(f"annotate, nothing new   {t_again:6.2f} s  ({len(articles)} unchanged, model not used)")
        print(f"nlp.pipe n_process=2    {t_two:6.2f} s  gain {t_bare / t_two:.2f}x over n_process=1"
              " (includes starting the workers)")
        stages = min(summaries, key=lambda s: s.seconds).stages
        total = sum(stages.values())
        print("where annotate spends its time (best run):")
        for name, seconds in stages.items():
            print(f"  {name:<22} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
        linking_meetings = stages.get("linking", 0.0) + stages.get("meetings", 0.0) + stages.get("meeting candidates", 0.0)
        print(f"linking + meetings add {100 * linking_meetings / (total - linking_meetings):.1f} % to the rest of annotate"
              " (target <= 10 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
