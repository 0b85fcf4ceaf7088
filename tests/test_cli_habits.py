"""`newsdesk --version`, and `search` saying on stderr that nothing matched (issue #14, habits)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")   # the installed command, as a user runs it


def newsdesk(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSDESK, *map(str, args)], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_version_prints_the_installed_version_and_exits_0():
    result = newsdesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsdesk {version('newsdesk')}"
    assert re.fullmatch(r"newsdesk \d+\.\d+\S*\n", result.stdout)


def test_search_without_hits_says_so_on_stderr_and_keeps_stdout_clean(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    result = newsdesk("search", "zqxvkw", tmp_path / "seeds")
    assert (result.returncode, result.stdout) == (1, "")
    assert "zqxvkw" in result.stderr and "nothing matches" in result.stderr
    as_json = newsdesk("search", "zqxvkw", tmp_path / "seeds", "--json")
    assert (as_json.returncode, as_json.stdout.strip()) == (1, "[]")
    assert "nothing matches" in as_json.stderr
    found = newsdesk("search", "Blinken", tmp_path / "seeds")
    assert found.returncode == 0 and found.stdout and "nothing matches" not in found.stderr
