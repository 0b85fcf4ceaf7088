"""`newsdesk annotate --jobs N` against `--jobs 1` (issue #12 item 7).

Links every article of the BBC corpus into one flat temporary folder (the texts are read
where they are, never copied; --source DIR for another folder of .txt articles, --seeds N
for the seeds copied to N articles), then runs the command as a user does, a fresh process each
time, from scratch into an empty annotation folder: `--jobs 1` and `--jobs N` alternately,
REPEAT times each. Wall time is what counts here (the point is to use more cores), so the
load average is printed beside each run; the best run of each side gives the ratio.
Each pair of runs must write byte-identical files, and the script fails if they do not.
The CPU time of all processes is shown too: with other work on the machine the cores are
not free, and the wall ratio falls while the CPU time tells whether the work grew.
Target: >= 1.6x with --jobs 2 on a 2-core machine. --dask runs the parallel side as
`--dask local --jobs N` instead, a Dask LocalCluster of N workers (the `cluster` extra).

    .venv/bin/python bench/bench_jobs.py [--jobs N] [--dask] [--repeat R] [--source DIR | --seeds N]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_annotate import BBC, fill, load  # noqa: E402

TARGET = 1.6


def run(articles: Path, annotations: Path, jobs: int, dask: bool = False) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the command and its workers."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tui", "annotate", str(articles), "--annotations", str(annotations),
                           "--jobs", str(jobs), *(["--dask", "local"] if dask else [])],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"--jobs {jobs} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)   # the workers too: their parent waited for them
    return usage.ru_utime + usage.ru_stime


def same_files(a: Path, b: Path) -> bool:
    """Every file under a and b, by relative path, byte for byte (the lock file aside)."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} - {Path(".newsdesk.lock")}
    if names != {p.relative_to(b) for p in b.rglob("*") if p.is_file()} - {Path(".newsdesk.lock")}:
        return False
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--dask", action="store_true",
                        help="the parallel side on a Dask LocalCluster of --jobs workers")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--source", type=Path, default=BBC, metavar="DIR")
    source.add_argument("--seeds", type=int, metavar="N", help="the seeds copied to N articles instead")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        articles = Path(tmp) / "articles"
        fill(articles, None if args.seeds else args.source, args.seeds or 0)
        count = sum(1 for _ in articles.iterdir())
        if not count:
            raise SystemExit(f"no articles in {args.source}: name a folder with --source, or use --seeds N")
        many_name = f"--dask local --jobs {args.jobs}" if args.dask else f"--jobs {args.jobs}"
        print(f"{count} articles; {os.cpu_count()} cores; {load()}", flush=True)
        one, many = [], []
        for n in range(args.repeat):
            (wall1, cpu1), (wall, cpu) = run(articles, Path(tmp) / f"one{n}", 1), \
                run(articles, Path(tmp) / f"many{n}", args.jobs, args.dask)
            one.append(wall1)
            many.append(wall)
            if not same_files(Path(tmp) / f"one{n}", Path(tmp) / f"many{n}"):
                print(f"run {n + 1}: {many_name} wrote other files than --jobs 1")
                return 1
            print(f"  run {n + 1}: --jobs 1 {wall1:.1f} s ({cpu1:.1f} s cpu), {many_name} {wall:.1f} s "
                  f"({cpu:.1f} s cpu in all processes): {wall1 / wall:.2f}x, same files; {load()}", flush=True)
            shutil.rmtree(Path(tmp) / f"one{n}")
            shutil.rmtree(Path(tmp) / f"many{n}")
        ratio = min(one) / min(many)
        print(f"{many_name} against --jobs 1, best of {args.repeat} each (wall): {ratio:.2f}x"
              f"  (target >= {TARGET:.1f}x: {'met' if ratio >= TARGET else 'MISSED'}); {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
