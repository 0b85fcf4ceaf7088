"""How long the annotation store takes to load a big corpus, and how much the fast
line reader saves over the YAML reader.

    .venv/bin/python bench/gen_corpus.py OUT --count 10000     # once
    .venv/bin/python bench/bench_store.py OUT

Prints seconds for: every article file through load_annotation (fast reader), the same
files through the YAML reader only, people.yaml and meetings.yaml. The cyclic GC is off
while loading, as in open_workspace.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.store import AnnotationStore, _annotation  # noqa: E402
from tui.core.yaml_io import read_yaml  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a folder made by bench/gen_corpus.py")
    args = parser.parse_args()
    store = AnnotationStore(args.root / "annotations")
    ids = sorted(p.stem for p in store.articles_dir.glob("*.yaml") if not p.name.startswith("."))
    gc.disable()

    started = time.perf_counter()
    mentions = sum(len(store.load_annotation(i)[0].mentions) for i in ids)
    fast = time.perf_counter() - started

    started = time.perf_counter()
    for article_id in ids:
        _annotation(read_yaml(store.article_path(article_id)), article_id)
    slow = time.perf_counter() - started

    started = time.perf_counter()
    people, _ = store.load_people()
    meetings, _ = store.load_meetings(people=people)
    records = time.perf_counter() - started

    print(f"{len(ids):,} annotation files, {mentions:,} mentions: {fast:.2f} s "
          f"({fast / len(ids) * 1e3:.2f} ms a file); through the YAML reader {slow:.2f} s")
    print(f"{len(people):,} people and {len(meetings):,} meetings: {records:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
