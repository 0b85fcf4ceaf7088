"""The layers hold (issue #13): the core imports neither Textual nor Rich, and no layer
imports one above it. The contracts are in pyproject.toml; import-linter checks them on
the import graph, function-local imports included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


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
