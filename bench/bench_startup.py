"""Startup time of newsdesk against an empty Textual app, each in a fresh subprocess.

Each round spawns the empty app and newsdesk (headless, 160x45). A child prints the
wall clock when its first frame has been drawn (on_mount + call_after_refresh; for
newsdesk its after_first_frame hook, which then starts loading the rest); the
time counted is from spawning the process to that moment, so the interpreter start
and every import are in it. newsdesk also prints when the workspace is loaded and
the first article drawn ("ready"), then exits. Medians over the rounds; ratios are
against the empty app measured in the same run.

Targets: first screen <= 1.3x the empty app on the seeds; <= 2x on 10,000 articles
(bench/gen_corpus.py).

    .venv/bin/python bench/bench_startup.py [ARTICLES_DIR] [--annotations DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from own_home import own_home  # noqa: E402

own_home()

EMPTY = """
import time
from textual.app import App
class Empty(App):
    def on_mount(self):
        self.call_after_refresh(self.first)
    def first(self):
        print("first", time.time(), flush=True)
        self.exit()
Empty().run(headless=True, size=(160, 45))
"""

NEWSDESK = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from tui.ui.app import NewsdeskApp
articles, annotations, until = sys.argv[1:4]
class Timed(NewsdeskApp):
    def after_first_frame(self):
        print("first", time.time(), flush=True)
        if until == "first":
            self.exit()
        else:
            super().after_first_frame()
    def on_workspace_loaded(self, message):
        self.call_after_refresh(self.ready)
    def ready(self):
        print("ready", time.time(), flush=True)
        # What "/" does first: the search index of this workspace, then one query.
        from tui.core.search import build_index
        build_index(self.ws).search("wang")
        print("search", time.time(), flush=True)
        self.exit()
    def on_workspace_failed(self, message):
        print(message.error, file=sys.stderr)
        self.exit(return_code=1)
app = Timed(Path(articles), Path(annotations), annotate=False)
app.run(headless=True, size=(160, 45))
sys.stdout.flush()
os._exit(app.return_code or 0)  # do not wait for a workspace thread still reading
"""


def timed(args: list[str]) -> tuple[dict[str, float], str]:
    """Seconds from spawning to each event the child printed, and its last error line if it failed."""
    spawned = time.time()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
    error = (done.stderr.strip().splitlines() or ["failed"])[-1] if done.returncode else ""
    events = dict(line.split() for line in done.stdout.splitlines() if line.startswith(("first", "ready", "search")))
    return {name: float(when) - spawned for name, when in events.items()}, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--annotations", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-ready", dest="ready", action="store_false",
                        help="time the first screen only (one warm-up run still waits for ready, to fill the "
                             "row cache); for corpora that take a minute to load")
    args = parser.parse_args()
    annotations = args.annotations or (ROOT / "annotations" if args.articles == ROOT / "seeds"
                                       else args.articles.resolve().parent / "annotations")
    count = sum(1 for p in args.articles.iterdir() if p.suffix.lower() in (".txt", ".md"))
    print(f"corpus: {args.articles} ({count:,} articles), annotations: {annotations}", flush=True)
    # Scripts in files, not `python -c`: Textual reads CSS next to the app class's source.
    scripts = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    (scripts / "empty.py").write_text(EMPTY)
    (scripts / "newsdesk.py").write_text(NEWSDESK)
    empty = [str(scripts / "empty.py")]
    newsdesk = [str(scripts / "newsdesk.py"), str(args.articles), str(annotations),
                "ready" if args.ready else "first"]
    # Warm-up, not timed: the file cache, and newsdesk's row cache (written once the workspace is loaded).
    timed(empty)
    warm, error = timed(newsdesk[:-1] + ["ready"])
    if "ready" not in warm:
        raise SystemExit(f"newsdesk failed: {error}")
    times: dict[str, list[float]] = {"empty app": [], "first screen": [], "ready": [], "search ready": []}
    errors: set[str] = set()
    for _ in range(args.rounds):
        for name, case in (("empty app", empty), ("newsdesk", newsdesk)):
            events, error = timed(case)
            if "first" not in events:
                raise SystemExit(f"{name} failed: {error}")
            errors.add(error)
            if name == "empty app":
                times["empty app"].append(events["first"])
            else:
                times["first screen"].append(events["first"])
                if "ready" in events:
                    times["ready"].append(events["ready"])
                if "search" in events:
                    times["search ready"].append(events["search"])
    base = statistics.median(times["empty app"])
    for name, values in times.items():
        if not values:
            print(f"{name:<14} never: {' / '.join(e for e in errors if e)}")
            continue
        median = statistics.median(values)
        print(f"{name:<14} median {median * 1000:7.0f} ms   ratio {median / base:4.2f}x")
    target = 1.3 if count <= 100 else 2.0
    ratio = statistics.median(times["first screen"]) / base
    print(f"first screen / empty app = {ratio:.2f}x (target <= {target}x): {'OK' if ratio <= target else 'OVER'}")


if __name__ == "__main__":
    main()
