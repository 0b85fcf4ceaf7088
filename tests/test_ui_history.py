"""Back and forward (H, L) in the real app: they return to the spot, not only the article."""

from __future__ import annotations

from pathlib import Path

from edit_fixtures import ready
from ui_fixtures import SEEDS, seed_workspace

from tui.ui.app import NewsdeskApp
from tui.ui.widgets.article_table import ArticleTable
from tui.ui.widgets.article_view import ArticleView

ARTICLE_003 = "003_a13fe278588c347c"


async def open_003(app: NewsdeskApp, pilot) -> ArticleView:
    """Open the long article from the list, as a user would; the reader."""
    await ready(app, pilot)
    table = app.query_one(ArticleTable)
    table.focus()
    assert table.move_to(ARTICLE_003)
    await pilot.press("enter")
    return app.query_one(ArticleView)


async def test_back_and_forward_restore_the_cursor_and_the_scroll(tmp_path: Path) -> None:
    app = NewsdeskApp(SEEDS, tmp_path / "annotations", annotate=False, loader=seed_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_003(app, pilot)
        assert app.article_id == ARTICLE_003 and app.focused is view
        # Step down the article until the reader has scrolled well past its first screen.
        for _ in range(60):
            await pilot.press("n")
            if view.scroll_y > view.scrollable_content_region.height:
                break
        await pilot.press("n", "n")
        here = (app.article_id, view.cursor_mention, view.scroll_y)
        assert here[1] is not None and here[2] > 0
        await pilot.press("right_square_bracket")     # on to the next article in the list
        assert app.article_id != ARTICLE_003
        await pilot.press("n", "n", "n")
        there = (app.article_id, view.cursor_mention, view.scroll_y)
        assert there[1] is not None
        await pilot.press("H")
        await pilot.pause()
        assert (app.article_id, view.cursor_mention, view.scroll_y) == here
        await pilot.press("L")
        await pilot.pause()
        assert (app.article_id, view.cursor_mention, view.scroll_y) == there
        await pilot.press("H")
        await pilot.pause()
        assert (app.article_id, view.cursor_mention, view.scroll_y) == here


async def test_the_reading_position_survives_quick_resizes(tmp_path: Path) -> None:
    app = NewsdeskApp(SEEDS, tmp_path / "annotations", annotate=False, loader=seed_workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_003(app, pilot)
        await pilot.press("space", "space")
        anchor = view.top_offset
        assert anchor > 0
        for size in [(150, 45), (130, 40), (121, 44), (140, 45), (125, 30), (160, 45)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.pause()
        # the text that was at the top is on the top line still, not a few lines above it
        assert view.line_of(anchor) == round(view.scroll_y)
        # with the entity cursor: it stays on screen through the resizes
        await pilot.press("n")
        cursor = view.highlights[[h.mention for h in view.highlights].index(view.cursor_mention)].start
        for size in [(100, 30), (140, 20), (160, 45)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.pause()
        top = round(view.scroll_y)
        assert top <= view.line_of(cursor) < top + view.scrollable_content_region.height
