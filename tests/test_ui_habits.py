"""The habits of terminal power users (issue #14, item 4), driven through Pilot on the seeds."""

from __future__ import annotations

import re

from edit_fixtures import Session, start

from tui.ui.history import Place
from tui.ui.screens.confirm import ConfirmScreen

from tui.ui.widgets.article_table import ArticleTable
from tui.ui.widgets.article_view import ArticleView

A0, A3 = "000_340ba6ed93e242f0", "003_a13fe278588c347c"


async def in_reader(session: Session, pilot, article_id: str):
    """The app ready, the article open, the focus in the reader."""
    await start(session, pilot)
    session.app.go(Place(article_id))
    session.app.action_focus_pane("reader")
    await pilot.pause()
    return session.app


def status_text(app) -> str:
    return str(app.query_one("#status").content)


async def test_half_page_scroll_in_the_reader_and_the_list(session: Session) -> None:
    async with session.app.run_test(size=(100, 24)) as pilot:
        await start(session, pilot)
        session.app.action_focus_pane("reader")
        await pilot.pause()
        view = session.app.query_one(ArticleView)
        half = view.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        assert view.scroll_y == half
        await pilot.press("ctrl+d", "ctrl+u")
        assert view.scroll_y == half
        session.app.action_focus_pane("list")
        await pilot.pause()
        table = session.app.query_one(ArticleTable)
        table.cursor = 0
        await pilot.press("ctrl+d")
        assert table.cursor > 0
        await pilot.press("ctrl+u")
        assert table.cursor == 0


async def test_a_count_repeats_j_k_and_n_and_gives_the_labels_back(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        app = session.app
        app.action_focus_pane("reader")
        await pilot.pause()
        view = app.query_one(ArticleView)
        await pilot.press("1", "2")
        assert "count 12" in status_text(app)   # the pending count is shown
        await pilot.press("j")
        assert view.scroll_y == 12
        assert app.hidden_labels == frozenset()   # 1 and 2 toggled PERSON and NORP; j gave them back
        assert "count" not in status_text(app)
        await pilot.press("5", "k")
        assert view.scroll_y == 7
        await pilot.press("n")
        first = view.cursor_mention
        shown = [h.mention for h in view.highlights]
        await pilot.press("3", "n")
        assert view.cursor_mention == shown[shown.index(first) + 3]
        await pilot.press("2", "N")
        assert view.cursor_mention == shown[shown.index(first) + 1]
        # Escape drops a count and keeps the label as toggled; the next j moves one line.
        top = view.scroll_y
        await pilot.press("8", "escape")
        assert "count" not in status_text(app) and app.hidden_labels == {"DATE"}
        assert view.cursor_mention is not None   # Escape only dropped the count
        await pilot.press("j")
        assert view.scroll_y == top + 1
        # In the list: 3j moves three rows.
        app.action_focus_pane("list")
        await pilot.pause()
        table = app.query_one(ArticleTable)
        table.cursor = 0
        await pilot.press("3", "j")
        assert table.cursor == 3
        assert app.hidden_labels == {"DATE"}


async def test_find_in_the_article_highlights_every_hit_and_goes_from_one_to_the_next(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        view = app.query_one(ArticleView)
        text = view.text
        expected = [m.span() for m in re.finditer("biden", text, re.IGNORECASE)]
        assert len(expected) >= 3
        await pilot.press("ctrl+f")
        await pilot.press(*"BIDEN")   # case-insensitive
        await pilot.pause()
        count = app.query_one("#find-count")
        assert str(count.content) == f"1 of {len(expected)}"
        # every hit is drawn highlighted, the current one apart
        line = view.line_of(expected[0][0]) - round(view.scroll_y)
        assert 0 <= line < view.scrollable_content_region.height
        await pilot.press("enter", "enter")
        assert str(count.content) == f"3 of {len(expected)}"
        await pilot.press("shift+enter")
        assert str(count.content) == f"2 of {len(expected)}"
        second = expected[1]
        top = round(view.scroll_y)
        assert top <= view.line_of(second[0]) < top + view.scrollable_content_region.height
        styles = _styles_at(view, second[0])
        assert ".article-view--found-current" in styles
        assert ".article-view--found" in _styles_at(view, expected[0][0])
        await pilot.press("escape")   # closes, the reader stays at the hit, marked
        await pilot.pause()
        assert app.focused is view
        assert view.marked == second and round(view.scroll_y) == top
        assert ".article-view--found" not in _styles_at(view, expected[0][0])
        await pilot.press("ctrl+f")
        app.screen.query_one("#find").query_one("Input").value = "zqxvkw"
        await pilot.pause()
        assert str(count.content) == "no match"


def _styles_at(view: ArticleView, offset: int) -> set[str]:
    """The span styles drawn over a character of the reader."""
    start, end = view._lines[view.line_of(offset)]
    content = view._line_content(start, end, True)
    return {str(span.style) for span in content.spans if span.start <= offset - start < span.end}


async def test_accept_all_asks_with_the_count_then_accepts_as_one_undoable_edit(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A0)
        unreviewed = [m for m in session.disk(A0).mentions if not m.analyst_owned]
        gpe = [m for m in unreviewed if m.label == "GPE"]
        assert gpe and len(unreviewed) > len(gpe)
        await pilot.press("5")   # GPE hidden: not seen, so not accepted
        await pilot.press("Y")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{len(unreviewed) - len(gpe)} mentions" in app.screen.summary[0]
        assert f"{len(gpe)} more under hidden labels" in app.screen.summary[1]
        await pilot.press("n")   # cancelled: nothing written
        assert [m.status for m in session.disk(A0).mentions if not m.analyst_owned] == ["unreviewed"] * len(unreviewed)
        await pilot.press("Y", "y")
        await pilot.pause()
        left = [m for m in session.disk(A0).mentions if not m.analyst_owned]
        assert left == gpe
        assert all(m.status == "accepted" and m.by == "model"
                   for m in session.disk(A0).mentions if m.label != "GPE")
        await pilot.press("u")   # one undo takes all of it back
        await pilot.pause()
        assert [m for m in session.disk(A0).mentions if not m.analyst_owned] == unreviewed


async def test_copy_puts_the_sentence_and_its_citation_on_the_clipboard(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        i = await session.focus(pilot, A3, "Sun Weidong")
        m = session.ws.annotations[A3].mentions[i]
        text = session.ws.articles[A3].text
        sentence_start = text.rindex("Daniel Kritenbrink", 0, m.start)
        await pilot.press("ctrl+c")
        copied = app.clipboard
        assert copied.startswith("“Daniel Kritenbrink, the top State Department official for Asia, met with")
        assert "Sun Weidong on Thursday" in copied and "economies.”" in copied
        assert "‘Candid’ Talks Between U.S. and China Officials" in copied
        assert ", TIME, 2023-09-29" in copied
        assert copied.endswith(f"(article {A3}, offset {sentence_start})")
        assert any("Copied" in n.title and "Sun Weidong" in n.message for n in app._notifications)
        # The text a find left marked is copied the same way.
        await pilot.press("ctrl+f", *"Malta", "escape")
        await pilot.press("ctrl+c")
        assert "Malta" in app.clipboard and app.clipboard != copied


async def test_ctrl_e_picks_the_file_and_line_behind_the_cursor_or_the_page(session: Session) -> None:
    """Pilot's terminal cannot be handed to an editor (Textual's headless driver refuses to
    suspend): the app says which file and line to open instead. The real editor, in a real
    terminal, is test_ctrl_e_hands_the_file_to_the_editor_and_merges_its_edit below."""
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        i = await session.focus(pilot, A3, "Sun Weidong")
        m = session.ws.annotations[A3].mentions[i]
        path = session.root / "articles" / f"{A3}.yaml"
        line = path.read_text().splitlines().index(
            next(l for l in path.read_text().splitlines() if f"start: {m.start}, end: {m.end}" in l)) + 1
        await pilot.press("ctrl+e")
        assert any(f"{path}:{line}" in n.message for n in app._notifications)
        app.go(Place(A3, page=("person", "wang-yi")))
        app.action_focus_pane("side")
        await pilot.pause()
        people = session.root / "people.yaml"
        wanted = people.read_text().splitlines().index("- id: wang-yi") + 1
        await pilot.press("ctrl+e")
        assert any(f"{people}:{wanted}" in n.message for n in app._notifications)


def test_ctrl_e_hands_the_file_to_the_editor_and_merges_its_edit(tmp_path) -> None:
    """In tmux: $EDITOR is a script that edits the line it was sent to, as an editor does."""
    import shutil
    import stat

    from test_ui_terminal import NEWSDESK, Tmux
    from ui_fixtures import SEEDS, write_seed_annotations

    if shutil.which("tmux") is None:
        raise AssertionError("this test needs tmux")
    annotations = tmp_path / "annotations"
    write_seed_annotations(SEEDS, annotations)
    log = tmp_path / "editor.log"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nline="${{1#+}}"\nsed -n "${{line}}p" "$2" > {log}\n'
                      f'sed -i "${{line}}s/label: PERSON/label: ORG/" "$2"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    term = Tmux([NEWSDESK, SEEDS, "--annotations", annotations], 160, 45,
                {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                 "XDG_STATE_HOME": str(tmp_path / "state"), "EDITOR": str(editor), "VISUAL": ""})
    try:
        term.wait_for("Articles 5")
        term.wait_for("reviewed", timeout=20)
        term.keys("Tab")
        screen = ""
        for _ in range(12):   # to the first PERSON mention (the reader's bottom edge names it)
            term.keys("n")
            screen = term.screen()
            if "─ PERSON " in screen:
                break
        name = screen.split("─ PERSON ", 1)[1].split(" →", 1)[0].split(" ─", 1)[0].strip()
        term.keys("C-e")
        term.wait_until(lambda s: log.exists() and log.read_text(), "the editor ran")
        assert f"text: {name}," in log.read_text() and "label: PERSON" in log.read_text()
        term.wait_for(f"ORG {name}", timeout=10)   # resumed, merged, and the reader shows the new label
    finally:
        term.kill()
