"""The `!` screen: what went wrong with the input files, whether found on loading or by the
background annotate run, and the warnings about articles read anyway."""

from __future__ import annotations

import shutil
from pathlib import Path

from edit_fixtures import problems_screen_text, ready

from tui.ui.app import NewsdeskApp

ROOT = Path(__file__).resolve().parent.parent
A002 = "002_0af8d4bc5d39ec79"


def copy_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds and their gold annotations: nothing to annotate, so no model is loaded."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    return tmp_path / "seeds", tmp_path / "annotations"


async def test_warnings_are_on_the_problems_screen_and_in_the_status_line(tmp_path):
    articles, annotations = copy_corpus(tmp_path)
    (articles / "cp1252.txt").write_bytes(b"Caf\xe9 talks in Beijing were \x93frank\x94, officials said.\n")
    app = NewsdeskApp(articles, annotations, annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert "2 warnings (press !)" in str(app.query_one("#status").render())
        text = await problems_screen_text(app, pilot)
    assert text.startswith("2 warnings")
    assert f"{articles / 'cp1252.txt'}: warning: not UTF-8, read as cp1252" in text
    assert f"{next(articles.glob('001_*.txt'))}: warning: repaired 5 mis-decoded character sequences" in text


async def test_a_save_refused_by_the_background_annotate_run_reaches_the_problems_screen(tmp_path):
    articles, annotations = copy_corpus(tmp_path)
    article = next(articles.glob(f"{A002}.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nNed Price spoke again on Friday.\n",
                       encoding="utf-8")
    locked = annotations / "articles" / f"{A002}.yaml"
    before = locked.read_bytes()
    locked.chmod(0o444)   # the analyst locked the file: annotate must not replace it
    app = NewsdeskApp(articles, annotations)   # annotates the changed article in the background
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert app._annotated   # the run happened (a locked file needs no model: it is not parsed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 problem, 1 warning (press !)" in str(app.query_one("#status").render())
        text = await problems_screen_text(app, pilot)
    assert text.startswith("1 problem, 1 warning")
    assert f"{locked}: the article changed but its annotation file is write-protected: not updated" in text
    assert locked.read_bytes() == before
