"""Kill rate per file of the last `make mutate` run, from mutmut's records in mutants/.

    .venv/bin/python tests/tools/mutation_score.py

A mutant counts as caught when a test failed, timed out or crashed on it; the rate is
caught / checked, where mutants not checked yet (a run stopped early, or run for one
file only) are left out and listed. "no tests" mutants are in code that the selected
tests never run: they count as missed.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}


def main() -> int:
    files = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]["only_mutate"]
    print(f"{'file':<24} {'caught':>7} {'checked':>8} {'rate':>7}   survived  no tests  not checked")
    for name in files:
        meta = Path("mutants") / f"{name}.meta"
        if not meta.exists():
            print(f"{name:<24} not run")
            continue
        statuses = Counter(status_by_exit_code[code] for code in json.loads(meta.read_text())["exit_code_by_key"].values())
        checked = sum(n for status, n in statuses.items() if status != "not checked")
        caught = sum(statuses[s] for s in CAUGHT)
        rate = f"{caught / checked:.1%}" if checked else "-"
        print(f"{Path(name).name:<24} {caught:>7} {checked:>8} {rate:>7}   {statuses['survived']:>8}  "
              f"{statuses['no tests']:>8}  {statuses['not checked']:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
