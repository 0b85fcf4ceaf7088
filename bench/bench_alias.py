"""The alias queue (A): blocked suggestions against every pair compared, and A in the app.

    .venv/bin/python bench/bench_alias.py [--annotations DIR ...] [--corpus DIR ...] [--largest N] [--app-only]

1. The core, on people made by gen_corpus.make_people, and on the people of each
   --annotations folder (a real corpus, say the BBC's, annotated by `newsdesk annotate`),
   also split so that every alias is a record of its own, as if linking merged nobody:
   review.suggestions, which compares only people that share a block, against
   review.suggestions_by_all_pairs, the method it replaced, at sizes where all pairs still
   runs. They must give the same pairs in the same order (else exit 1); the ratio is
   blocked / all pairs, CPU time of this thread. Then blocked alone as the people grow,
   up to --largest (the BBC's ratio of people to articles at 100,000 articles): its time
   against two single passes over the same names, measured at each size in the same
   run: folding every name to its key, and a bare rapidfuzz pass (one name scored
   against all of them, process.cdist). A ratio that stays flat as the people grow
   tenfold means the search grows as a pass does: linearly. (The pairs found grow a
   little faster than the people: a bare surname pairs with every full name it ends.)

2. The app, for each --corpus (a folder made by gen_corpus.py, with articles/ and
   annotations/): newsdesk headless at 160x45 under Pilot, the workspace loaded, then A
   pressed: the wall time until the first pair is drawn, and until the search is
   complete, against the start of an empty Textual app (a fresh process, its first
   frame, as in bench_startup.py) and a key bound to nothing (pressed and drawn),
   both measured in the same run. Also n (an answer) while the search is running, and
   one poll of the file watcher, which the app runs every second on the event loop
   and which every key waits for when they meet: so each is timed twice, as the app
   runs and with the watcher's poll made a no-op, which is A's own cost. The answers
   given are undone on disk afterwards (decisions.yaml is put back as it was). A
   corpus whose people.yaml or meetings.yaml is over the 20 MB the store reads (as at
   100,000 articles) is read with that limit lifted, in this process only.

Exits 1 when blocking loses or adds a pair.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from own_home import own_home  # noqa: E402

own_home()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_startup import EMPTY, timed  # noqa: E402
from gen_corpus import BBC_PEOPLE_PER_ARTICLE, make_people  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from tui.core.models import Person  # noqa: E402
from tui.core.names import name_key  # noqa: E402
from tui.core.review import Decisions, suggestions, suggestions_by_all_pairs  # noqa: E402
from tui.core.store import AnnotationStore  # noqa: E402

ALL_PAIRS_SIZES = (1000, 2000, 4546)

def cpu(fn, repeats: int = 1):
    """(best CPU seconds of this thread, the result)."""
    best, result = math.inf, None
    for _ in range(repeats):
        started = time.thread_time()
        result = fn()
        best = min(best, time.thread_time() - started)
    return best, result


def bare_passes(people) -> tuple[float, float]:
    """Two single passes over the names: every name folded to its key (name_key, as
    the search does first), and one key scored against every key with rapidfuzz."""
    folding, keys = cpu(lambda: [name_key(p.name) for p in people.values()], 3)
    return folding, cpu(lambda: process.cdist([keys[0]], keys, scorer=fuzz.ratio), 5)[0]


def compare(label: str, people, decisions: Decisions) -> bool:
    old_time, old = cpu(lambda: suggestions_by_all_pairs(people, decisions))
    new_time, new = cpu(lambda: suggestions(people, decisions), 3)
    lost, added = set(old) - set(new), set(new) - set(old)
    print(f"{label:<34} {len(people):>7,} people {len(old):>6,} pairs   all pairs {old_time:7.2f} s   "
          f"blocked {new_time:6.3f} s   ratio {new_time / old_time:.4f}x ({old_time / new_time:,.0f}x faster)   "
          f"lost {len(lost)}, added {len(added)}, same order: {old == new}")
    return old == new


def core(args) -> bool:
    decisions = Decisions(Path("/nonexistent/decisions.yaml"))
    same = True
    print("1. blocked suggestions against all pairs (CPU time, this thread)")
    for folder in args.annotations:
        people, _ = AnnotationStore(folder).load_people()
        same &= compare(f"people of {folder.parent.name}", people, decisions)
        same &= compare("  every alias its own record", unlinked(people), decisions)
    for size in ALL_PAIRS_SIZES:
        same &= compare("generated (gen_corpus)", make_people(random.Random(1), size), decisions)
    print("\n   blocked alone as the people grow, against single passes over the same names")
    sizes = [4546, round(10_000 * BBC_PEOPLE_PER_ARTICLE), args.largest]
    rows = []
    for size in sizes:
        people = make_people(random.Random(1), size)
        blocked, found = cpu(lambda: suggestions(people, decisions), 1 if size > 50_000 else 3)
        folding, bare = bare_passes(people)
        rows.append((size, blocked))
        print(f"   {size:>8,} people {len(found):>7,} pairs   "
              f"blocked {blocked:6.2f} s = {blocked / folding:4.0f}x folding "
              f"the names ({folding * 1000:4.0f} ms), {blocked / bare:5.0f}x a rapidfuzz pass ({bare * 1000:5.2f} ms); "
              f"{blocked / (size + len(found)) * 1e6:4.1f} us per person or pair")
    for (n1, t1), (n2, t2) in zip(rows, rows[1:]):
        print(f"   growth {n1:,} -> {n2:,} people: exponent {math.log(t2 / t1) / math.log(n2 / n1):.2f} (1 = linear)")
    return same


def empty_app_start() -> float:
    """Seconds from spawning an empty Textual app to its first frame (bench_startup.py)."""
    script = Path(tempfile.mkdtemp(prefix="newsdesk-bench-")) / "empty.py"
    script.write_text(EMPTY)
    return timed([str(script)])[0]["first"]


def unlinked(people: dict[str, Person]) -> dict[str, Person]:
    """Every name and alias its own record, as if linking had merged nobody: real names,
    and far more pairs for the rules to find."""
    return {f"{p.id}~{n}": Person(f"{p.id}~{n}", name) for p in people.values()
            for n, name in enumerate([p.name, *p.aliases])}


async def app_times(corpus: Path, rounds: int) -> dict[str, list[float]]:
    from tui.core.sync import PollResult
    from tui.ui.app import NewsdeskApp

    app = NewsdeskApp(corpus / "articles", corpus / "annotations", annotate=False)
    times: dict[str, list[float]] = defaultdict(list)
    async with app.run_test(size=(160, 45)) as pilot:
        started = time.perf_counter()
        while app.ws is None or app._side() is None:
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        times["workspace loaded"].append(time.perf_counter() - started)
        times["people"].append(len(app.ws.people))
        times["articles"].append(len(app.ws.articles))
        if app.ws.problems:
            print(f"     problems: {app.ws.problems[:3]}")
        for _ in range(3):
            started = time.perf_counter()
            app.sync.poll()
            times["file watcher, one poll"].append(time.perf_counter() - started)
        for paused in (False, True):
            if paused:   # A's own cost: the watcher's polls out of the way
                app.sync.poll = PollResult
            for name, seconds in (await press_a(app, pilot, rounds)).items():
                times[f"{name}{', watcher paused' if paused else ''}"] += seconds
    return times


async def press_a(app, pilot, rounds: int) -> dict[str, list[float]]:
    """rounds times: a no-op key, then A, n on the first pair, the search through, Escape.

    Pilot's press returns only once the app is idle, which it is not while the search
    posts its pairs: so A and n are pressed in a task, and each time is taken when the
    frame after what it waits for has been drawn."""
    from tui.ui.screens.alias_queue import AliasQueue

    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for _ in range(5):
            started = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            times["no-op key"].append(time.perf_counter() - started)
        started = time.perf_counter()
        pressing = asyncio.create_task(pilot.press("A"))
        await drawn(app, lambda: isinstance(app.screen, AliasQueue) and app.screen.current is not None)
        times["A: first pair drawn"].append(time.perf_counter() - started)
        queue, first = app.screen, app.screen.current
        answered = time.perf_counter()
        searching = queue.searching
        answering = asyncio.create_task(pilot.press("n"))
        await drawn(app, lambda: queue.current is not first)
        times["n while searching" if searching else "n (search over)"].append(time.perf_counter() - answered)
        await drawn(app, lambda: not queue.searching)
        times["A: search complete"].append(time.perf_counter() - started)
        await pressing
        await answering
        await pilot.press("escape")
        await pilot.pause()
    return times


async def drawn(app, condition) -> None:
    """Wait until condition() holds and the next frame has been drawn."""
    while not condition():
        await asyncio.sleep(0.001)
    frame = asyncio.Event()
    app.screen.call_after_refresh(frame.set)
    await frame.wait()


def apps(corpora: list[Path], rounds: int) -> None:
    import tui.core.sync
    import tui.core.yaml_io

    print("\n2. A in the app (wall time, medians; the machine may be shared)")
    for corpus in corpora:
        annotations = corpus / "annotations"
        big = [p.name for p in (annotations / "people.yaml", annotations / "meetings.yaml")
               if p.stat().st_size > tui.core.yaml_io.MAX_BYTES]
        if big:   # the app refuses them (yaml_io.MAX_BYTES): lifted here, to time A at all
            print(f"   note: {', '.join(big)} over the {tui.core.yaml_io.MAX_BYTES // 2**20} MB the app reads: "
                  f"limit lifted in this process")
            tui.core.yaml_io.MAX_BYTES = tui.core.sync.MAX_BYTES = 1 << 30
        decisions = annotations / "decisions.yaml"
        before = decisions.read_bytes() if decisions.exists() else None
        empty = statistics.median(empty_app_start() for _ in range(3))
        try:
            times = asyncio.run(app_times(corpus, rounds))
        finally:   # the answers given are the bench's, not the corpus's
            if before is None:
                decisions.unlink(missing_ok=True)
            else:
                decisions.write_bytes(before)
        print(f"   {corpus}: {times.pop('articles')[0]:,.0f} articles, {times.pop('people')[0]:,.0f} people, "
              f"loaded in {times.pop('workspace loaded')[0]:.0f} s; empty app start {empty * 1000:.0f} ms")
        for name, values in times.items():
            seconds = statistics.median(values)
            noop = statistics.median(times["no-op key" + (", watcher paused" if "paused" in name else "")])
            print(f"     {name:<24} {seconds * 1000:8.0f} ms   {seconds / empty:6.2f}x the empty app start   "
                  f"{seconds / noop:7.1f}x the no-op key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=Path, action="append", default=[],
                        help="an annotations folder whose people to compare on too (repeatable)")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a gen_corpus.py folder to time A on in the app (repeatable)")
    parser.add_argument("--largest", type=int, default=round(100_000 * BBC_PEOPLE_PER_ARTICLE),
                        help="people in the largest blocked-only run")
    parser.add_argument("--app-only", action="store_true", help="skip part 1")
    parser.add_argument("--rounds", type=int, default=3, help="times A is pressed on each corpus")
    args = parser.parse_args()
    same = args.app_only or core(args)
    apps(args.corpus, args.rounds)
    if not same:
        print("blocking lost or added pairs: see above")
        sys.exit(1)


if __name__ == "__main__":
    main()
