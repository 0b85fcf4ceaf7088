"""Kill rate per file from a seeded random sample of mutants, when a full run is too slow.

    .venv/bin/python tests/tools/mutation_sample.py --sample 40 --seed 1          # run and report
    .venv/bin/python tests/tools/mutation_sample.py --sample 40 --seed 1 --round 1  # the next,
                                                                  # disjoint sample
    .venv/bin/python tests/tools/mutation_sample.py --sample 40 --seed 1 --no-run   # report only

Each file's mutants are shuffled with random.Random(seed); round R is the R-th slice of N,
so rounds of one seed never share a mutant. Write tests against the survivors of one round,
then measure on the next: a rate measured on the mutants the tests were written for would
be biased. The rate is given with its 95% Wilson interval. Statuses are mutmut's own, read
from mutants/ as in mutation_score.py.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}
MUTMUT = Path(sys.executable).with_name("mutmut")


def files() -> list[str]:
    return tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]


def statuses(name: str) -> dict[str, str]:
    """Mutant name -> status, for one mutated file."""
    meta = Path("mutants") / f"{name}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {key: status_by_exit_code[code] for key, code in codes.items()}


def sample(names: list[str], size: int, seed: int, round_: int) -> list[str]:
    shuffled = sorted(names)
    random.Random(seed).shuffle(shuffled)
    return shuffled[round_ * size:(round_ + 1) * size]


def wilson(caught: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion caught / n."""
    if not n:
        return 0.0, 1.0
    p = caught / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, required=True, help="mutants per file")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--round", type=int, default=0, help="which disjoint slice of the shuffle")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--no-run", action="store_true", help="only report what mutants/ holds")
    parser.add_argument("--only", nargs="*", default=None, help="file names to sample (default: all)")
    args = parser.parse_args()

    targets = [f for f in files() if args.only is None or Path(f).name in args.only]
    if not args.no_run and not all((Path("mutants") / f"{f}.meta").exists() for f in targets):
        # mutmut makes the mutants (and their .meta files) at the start of a run
        subprocess.run([MUTMUT, "run", "--max-children", "1", "no.such.mutant"], check=False)
    chosen = {f: sample(list(statuses(f)), args.sample, args.seed, args.round) for f in targets}
    if not args.no_run:
        names = [n for picked in chosen.values() for n in picked]
        subprocess.run([MUTMUT, "run", "--max-children", str(args.max_children), *names], check=False)

    print(f"sample of {args.sample} per file, seed {args.seed}, round {args.round}")
    print(f"{'file':<12} {'caught':>6} {'checked':>8} {'rate':>7}  {'95% interval':<15} not checked")
    survivors = []
    for name in targets:
        status = statuses(name)
        counts = Counter(status[n] for n in chosen[name])
        checked = sum(n for s, n in counts.items() if s != "not checked")
        caught = sum(counts[s] for s in CAUGHT)
        low, high = wilson(caught, checked)
        rate = f"{caught / checked:.1%}" if checked else "-"
        print(f"{Path(name).name:<12} {caught:>6} {checked:>8} {rate:>7}  {low:.1%}-{high:.1%}"
              f"{'':<4} {counts['not checked']}")
        survivors += [n for n in chosen[name] if status[n] not in CAUGHT | {"not checked"}]
    for name in survivors:
        print(f"  missed: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
