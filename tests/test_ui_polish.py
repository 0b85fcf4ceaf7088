"""QA findings from a newcomer's run, each driven through Pilot: panes that must redraw
after an edit or a reload, the reader after a theme switch, narrow-screen behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_editing import A3, Session, start

from tui.ui.history import Place
from tui.ui.widgets.side_panel import SidePanel


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session(tmp_path / "annotations")


def head_text(app, kind: str) -> str:
    return str(app.query_one(f"#{kind}-head").render())


async def test_meeting_page_redraws_after_y_on_a_meeting_report(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A3))
        session.app.action_focus_pane("reader")
        for _ in range(80):
            await pilot.press("r")
            if session.app._review_item.kind == "meeting":
                break
        item = session.app._review_item
        assert "review unreviewed" in head_text(session.app, "meeting")
        await pilot.press("y")
        await pilot.pause()
        assert session.meetings()[item.ref].review == "accepted"
        assert "review accepted" in head_text(session.app, "meeting")
        await pilot.press("a", "m")   # another tab and back: still the saved record
        assert "review accepted" in head_text(session.app, "meeting")
        await pilot.press("u")
        await pilot.pause()
        assert "review unreviewed" in head_text(session.app, "meeting")
        assert session.app.query_one(SidePanel).page == ("meeting", item.ref)
