"""`newsdesk eval`: the real command on copies of the seeds and their gold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS, GOLD = ROOT / "seeds", ROOT / "annotations"

pytestmark = pytest.mark.model


def _eval(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "eval", *map(str, args)], capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    shutil.copytree(GOLD, tmp_path / "gold")
    return tmp_path / "gold"


def test_scores_only_fully_reviewed_articles_and_writes_nothing(gold: Path) -> None:
    partly = gold / "articles" / "001_5843e84394fa44eb.yaml"
    text = partly.read_text()
    first = text.index("by: model, status: accepted")
    partly.write_text(text[:first] + "by: model, status: unreviewed" + text[first + len("by: model, status: accepted"):])
    before = _snapshot(gold), _snapshot(SEEDS)
    result = _eval(SEEDS, "--gold", gold, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["partly_reviewed"] == ["001_5843e84394fa44eb"]
    assert len(report["articles"]) == 4 and "001_5843e84394fa44eb" not in report["articles"]
    assert report["mentions"]["ALL"]["tp"] > 200 and report["people"]["tp"] > 10
    assert {"linking", "meetings", "meeting_place", "meeting_date"} <= set(report)
    assert (_snapshot(gold), _snapshot(SEEDS)) == before


def test_the_table_names_what_was_left_out(gold: Path) -> None:
    (gold / "articles" / "004_a2871e021c39f267.yaml").unlink()
    result = _eval(SEEDS, "--gold", gold)
    assert result.returncode == 0, result.stderr
    assert "4 reviewed articles scored; left out: 0 partly reviewed, 1 without annotations" in result.stdout
    assert "people" in result.stdout and "meeting date agrees" in result.stdout


def test_nothing_reviewed_is_exit_2_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "gold"
    empty.mkdir()
    result = _eval(SEEDS, "--gold", empty)
    assert result.returncode == 2
    assert f"{empty}: no article has a fully reviewed annotation file" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_gold_file_is_named_with_its_line(gold: Path) -> None:
    (gold / "people.yaml").write_text("people:\n- id: x\n  name: [not, a, name]\n")
    result = _eval(SEEDS, "--gold", gold)
    assert result.returncode == 2
    assert f"{gold / 'people.yaml'}:3:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    result = _eval(tmp_path / "nowhere", "--gold", GOLD)
    assert result.returncode == 2 and "nowhere: no such folder" in result.stderr
