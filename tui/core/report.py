"""What every command says on stderr about its input, in one wording.

Exit statuses: 0 all well; 1 some file had a problem and the rest was done; 2 nothing could
be done. A warning (an article read as cp1252, say) is not a problem: it is printed, as
`path: warning: …`, and leaves the status alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from tui.core.models import Problem

NOTHING_DONE = 2


def print_problems(problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> None:
    """Warnings first, then problems: the lines that change the exit status come last, by the summary."""
    for problem in [*warnings, *problems]:
        print(problem, file=sys.stderr)


def folder_refused(prog: str, folder: Path) -> bool:
    """True, having said why, when ARTICLES_DIR is missing or not a folder."""
    if folder.is_dir():
        return False
    print(f"{prog}: {folder}: {'not a folder' if folder.exists() else 'no such folder'}", file=sys.stderr)
    return True


def no_annotations(prog: str, folder: Path, then: str = "") -> None:
    """Say that the annotation folder is missing, in the words every subcommand uses."""
    print(f"{prog}: no annotations in {folder}: run newsdesk annotate first, or name the folder "
          f"with --annotations{then}", file=sys.stderr)


def no_articles(prog: str, folder: Path) -> int:
    """Say that the folder holds no article that could be read; the exit status for it."""
    print(f"{prog}: no articles in {folder} (newsdesk reads .txt, .md, .html and .htm files, and "
          ".jsonl, .json and .csv dumps)", file=sys.stderr)
    return NOTHING_DONE
