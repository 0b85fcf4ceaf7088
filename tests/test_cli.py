"""The bare `newsdesk` command on bad folders: one clear line and exit 2, never the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _newsdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_missing_folder(tmp_path):
    result = _newsdesk(str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "nowhere: no such folder" in result.stderr


def test_folder_without_articles_does_not_open_an_empty_app(tmp_path):
    (tmp_path / "notes.yaml").write_text("x: 1\n")
    result = _newsdesk(str(tmp_path))
    assert result.returncode == 2
    assert f"no articles in {tmp_path}" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_names_every_subcommand():
    result = _newsdesk("--help")
    assert result.returncode == 0
    assert "annotate, export, search" in result.stdout
