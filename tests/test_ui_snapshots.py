"""Snapshots of the main screens at 80x24 and 160x45 (pytest-textual-snapshot).

The app reads the real seed texts with the hand-made annotations of ui_fixtures, so
the pictures change when the reader changes, not when the NLP pipeline does. After
a deliberate change: look at the failing SVGs (snapshot_report.html), then run
`pytest tests/test_ui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from edit_fixtures import ready
from ui_fixtures import SEEDS, seed_workspace

from tui.ui.app import NewsdeskApp

WIDE, NARROW = (160, 45), (80, 24)


def make_app(tmp_path: Path, theme: str = "textual-dark") -> NewsdeskApp:
    app = NewsdeskApp(SEEDS, tmp_path / "annotations", annotate=False, loader=seed_workspace)
    app.theme = theme
    return app


async def settle(pilot) -> None:
    """ready(), then one more pause so the snapshot sees the last repaint."""
    await ready(pilot.app, pilot)
    await pilot.pause()


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
    return run_before


def test_wide_reader_with_entity_cursor(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=WIDE, run_before=keys("enter", "n", "n", "n"))


def test_wide_person_page(snap_compare, tmp_path):
    # The third entity of 000 is Daniel Kritenbrink: Enter opens his page.
    assert snap_compare(make_app(tmp_path), terminal_size=WIDE, run_before=keys("enter", "n", "n", "n", "enter"))


def test_wide_meeting_page_light_theme(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path, "textual-light"), terminal_size=WIDE,
                        run_before=keys("tab", "tab", "end", "enter"))


def test_narrow_article_list(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=NARROW, run_before=keys())


def test_narrow_reader(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=NARROW, run_before=keys("j", "enter", "n"))


def test_narrow_help(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), terminal_size=NARROW, run_before=keys("question_mark"))
