"""The layers hold (issue #13): the core imports neither Textual nor Rich, and no layer
imports one above it. The contracts are in pyproject.toml; import-linter checks them on
the import graph, function-local imports included. A second check imports every core
module for real, which also catches what the graph cannot see (importlib, a dependency
that pulls in Rich)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


# Every module below tui.core, found by walking the package (a new module is covered as it
# is added); prints the Textual and Rich modules that importing them loaded.
IMPORT_ALL = """
import importlib, pkgutil, sys
import tui.core
names = [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]
for name in names:
    importlib.import_module(name)
print(len(names), *sorted(m for m in sys.modules if m.partition(".")[0] in ("textual", "rich")))
"""


def terminal_modules_of_the_core(where: Path) -> tuple[int, list[str]]:
    """How many core modules a fresh interpreter imported from `where`, and which Textual
    or Rich modules came with them."""
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=where, capture_output=True, text=True,
                          timeout=120, check=True)
    count, *loaded = done.stdout.split()
    return int(count), loaded


def lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=where,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:]


def test_a_core_module_that_imports_textual_or_the_ui_breaks_them(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tui", tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    models = tmp_path / "tui" / "core" / "models.py"
    original = models.read_text(encoding="utf-8")
    models.write_text(original + "\n\ndef _draw():\n    from textual.widgets import Static\n    return Static\n",
                      encoding="utf-8")
    assert lint(tmp_path).returncode != 0
    models.write_text(original + "\n\ndef _app():\n    from tui.ui.app import NewsdeskApp\n    return NewsdeskApp\n",
                      encoding="utf-8")
    assert lint(tmp_path).returncode != 0
    models.write_text(original, encoding="utf-8")
    assert lint(tmp_path).returncode == 0


def test_importing_every_core_module_loads_neither_textual_nor_rich() -> None:
    count, loaded = terminal_modules_of_the_core(ROOT)
    assert count == len(list((ROOT / "tui" / "core").rglob("*.py"))) - 1   # every file but core/__init__.py
    assert loaded == []


def test_a_core_module_that_loads_rich_at_run_time_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tui", tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__"))
    dates = tmp_path / "tui" / "core" / "dates.py"
    dates.write_text(dates.read_text(encoding="utf-8") + '\nimport importlib\nimportlib.import_module("rich")\n',
                     encoding="utf-8")
    assert "rich" in terminal_modules_of_the_core(tmp_path)[1]


def test_the_app_module_leaves_the_editing_core_for_later() -> None:
    """The first frame does without edits, review and sync (rapidfuzz, yaml, hashlib: about
    60 ms): tui/ui/editing.py imports them in the methods that use them."""
    code = ("import sys, tui.ui.app; print(*sorted(m for m in sys.modules if m in "
            "('tui.core.edits', 'tui.core.review', 'tui.core.sync', 'rapidfuzz', 'yaml')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.split() == []
