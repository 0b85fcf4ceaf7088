"""`newsdesk export -o PATH` never clobbers: a symlink is written through to its
target, a folder, FIFO or device is refused before any work, `-o -` is standard
output; and CSV cells cannot run as spreadsheet formulas. The installed command,
on real files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.export import to_csv_tables
from tui.core.models import Person
from tui.core.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SEEDS, GOLD = ROOT / "seeds", ROOT / "annotations"
NEWSDESK = Path(sys.executable).with_name("newsdesk")


def export(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([NEWSDESK, "export", SEEDS, "--annotations", GOLD, *map(str, args)],
                          capture_output=True, text=True, timeout=60, cwd=cwd)


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real" / "network.json"
    target.parent.mkdir()
    target.write_text("old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "out.json"
    link.symlink_to(target)
    done = export("-o", link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["people"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640   # the file's mode is kept
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]   # no temp file left


def test_a_symlink_to_nothing_creates_its_target(tmp_path):
    link = tmp_path / "out.graphml"
    link.symlink_to(tmp_path / "made.graphml")
    done = export("--format", "graphml", "-o", link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and (tmp_path / "made.graphml").read_text().startswith("<graphml")


def test_csv_files_that_are_symlinks_are_written_through(tmp_path):
    folder, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "people.csv").symlink_to(elsewhere / "people.csv")
    done = export("--format", "csv", "-o", folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "people.csv").is_symlink()
    assert (elsewhere / "people.csv").read_text().startswith("id,name,")
    assert sorted(p.name for p in folder.iterdir()) == ["articles.csv", "edges.csv", "meetings.csv", "people.csv"]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_fifo_folder_or_device_is_refused_and_left_alone(tmp_path, kind):
    out = tmp_path / "out.json"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "folder":
        out.mkdir()
        (out / "keep.txt").write_text("mine\n")
    else:   # a link to /dev/null: a device, and the test never touches /dev itself
        out.symlink_to("/dev/null")
    done = export("-o", out)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    line = done.stderr.strip()
    assert line.startswith(f"newsdesk export: {out}: ") and "\n" not in line, done.stderr
    assert ("FIFO" if kind == "fifo" else "folder" if kind == "folder" else "device") in line
    assert {"fifo": stat.S_ISFIFO, "folder": stat.S_ISDIR, "device": stat.S_ISLNK}[kind](os.lstat(out).st_mode)
    if kind == "folder":
        assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_csv_into_a_file_is_refused(tmp_path):
    out = tmp_path / "report"
    out.write_text("mine\n")
    done = export("--format", "csv", "-o", out)
    assert done.returncode == 2 and "not a folder" in done.stderr
    assert out.read_text() == "mine\n"


def test_dash_is_standard_output(tmp_path):
    done = export("-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["people"]
    assert list(tmp_path.iterdir()) == []   # no file named "-"


def test_dash_for_csv_says_what_to_do(tmp_path):
    done = export("--format", "csv", "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and "--format json" in done.stderr
    assert list(tmp_path.iterdir()) == []


# ---- spreadsheet formulas ------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "  =1+1", "\t=cmd"]


def test_csv_cells_that_look_like_formulas_are_quoted(tmp_path):
    ws = open_workspace(SEEDS, GOLD)
    person = next(iter(ws.people.values()))
    ws.people["formula"] = Person("formula", FORMULAS[0], aliases=FORMULAS[1:], affiliation="=1+2")
    ws.people["plain"] = Person("plain", "Ana Smith-Jones", affiliation="US")
    tables = to_csv_tables(ws)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(tables["people.csv"]))}
    edges = list(csv.DictReader(io.StringIO(tables["edges.csv"])))
    assert edges and all(e["weight"].isdigit() for e in edges)   # numbers are not text: left alone
    assert rows["formula"]["name"] == "'" + FORMULAS[0]
    assert rows["formula"]["affiliation"] == "'=1+2"
    assert rows["formula"]["aliases"].startswith("'+1+1")
    assert rows["plain"]["name"] == "Ana Smith-Jones" and rows["plain"]["affiliation"] == "US"
    assert rows[person.id]["name"] == person.name
    for alias in FORMULAS[1:]:
        ws.people["formula"].aliases = [alias]
        cell = next(r for r in csv.DictReader(io.StringIO(to_csv_tables(ws)["people.csv"]))
                    if r["id"] == "formula")["aliases"]
        assert cell == "'" + alias, alias

