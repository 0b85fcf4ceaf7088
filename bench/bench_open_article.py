"""Opening a 10,000-word article with 1,000 entities in the reader, against a plain Static.

Each case mounts its widget in a headless 120x40 app and times mount + first paint
(until call_after_refresh fires). Cases alternate, several rounds, medians reported;
the ratio is measured in this run. Target: reader <= 1.5x plain Static.

    .venv/bin/python bench/bench_open_article.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App  # noqa: E402
from textual.content import Content, Span  # noqa: E402
from textual.widgets import Static  # noqa: E402

from tui.core.views import paragraphs  # noqa: E402
from tui.ui.widgets.article_view import ArticleView, Highlight  # noqa: E402

WORDS = ("the talks in said officials were on a and of to that with minister foreign economic "
         "relations trade security visit agreed meeting week statement counterpart").split()
NAMES = ["Daniel Kritenbrink", "Ma Zhaoxu", "Beijing", "Washington", "State Department", "Chinese",
         "Wang Yi", "Jake Sullivan", "Malta", "Monday"]
LABELS = ["PERSON", "PERSON", "GPE", "GPE", "ORG", "NORP", "PERSON", "PERSON", "GPE", "DATE"]


def make_article(words: int = 10_000, entities: int = 1_000, seed: int = 7) -> tuple[str, list[Highlight]]:
    """Paragraphs of 60-120 words; every tenth word is an entity."""
    rng = random.Random(seed)
    parts: list[str] = []
    highlights: list[Highlight] = []
    pos = 0
    count = 0
    para_left = rng.randint(60, 120)
    every = max(1, words // entities - 1)  # names are two words: this lands on ~1,000
    i = 0
    while count < words:
        i += 1
        if i % every == 0 and len(highlights) < entities:
            k = rng.randrange(len(NAMES))
            word = NAMES[k]
            highlights.append(Highlight(pos, pos + len(word), LABELS[k], len(highlights)))
        else:
            word = rng.choice(WORDS)
        count += len(word.split())
        para_left -= 1
        sep = "\n\n" if para_left == 0 else " "
        if para_left == 0:
            para_left = rng.randint(60, 120)
        parts.append(word + sep)
        pos += len(word) + len(sep)
    return "".join(parts), highlights


class Bench(App[None]):
    CSS = "#subject { height: 1fr; }"

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make
        self.elapsed = 0.0

    async def on_mount(self) -> None:
        started = time.perf_counter()
        await self.make(self)
        self.call_after_refresh(self._done, started)

    def _done(self, started: float) -> None:
        self.elapsed = time.perf_counter() - started
        self.exit()


def run(make) -> float:
    app = Bench(make)
    asyncio.run(app.run_async(headless=True, size=(120, 40)))
    return app.elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    text, highlights = make_article()
    print(f"article: {len(text.split()):,} words, {len(text):,} characters, {len(highlights):,} entities")

    async def plain(app: App) -> None:
        await app.mount(Static(Content(text), id="subject"))

    async def static_spans(app: App) -> None:
        spans = [Span(h.start, h.end, "bold reverse") for h in highlights]
        await app.mount(Static(Content(text, spans), id="subject"))

    async def reader(app: App) -> None:
        view = ArticleView(id="subject")
        await app.mount(view)
        view.show(text, paragraphs(text, [], False), [], highlights)

    cases = {"plain Static": plain, "Static + 1,000 spans": static_spans, "newsdesk reader": reader}
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, make in cases.items():
            times[name].append(run(make))
    base = statistics.median(times["plain Static"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<22} median {median * 1000:7.1f} ms   ratio {median / base:4.2f}x")
    ratio = statistics.median(times["newsdesk reader"]) / base
    print(f"reader / plain Static = {ratio:.2f}x (target <= 1.5x): {'OK' if ratio <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
