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
            next(line for line in path.read_text().splitlines() if f"start: {m.start}, end: {m.end}" in line)) + 1
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
    import time

    from test_ui_terminal import NEWSDESK, Tmux
    from ui_fixtures import SEEDS, write_seed_annotations

    if shutil.which("tmux") is None:
        raise AssertionError("this test needs tmux")
    annotations = tmp_path / "annotations"
    write_seed_annotations(SEEDS, annotations)
    log = tmp_path / "editor.log"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\nline="${{1#+}}"\nsed -n "${{line}}p" "$2" > {log}\n'
                      f'sed -i "${{line}}s/label: [A-Z]*/label: EVENT/" "$2"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    term = Tmux([NEWSDESK, SEEDS, "--annotations", annotations], 160, 45,
                {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                 "XDG_STATE_HOME": str(tmp_path / "state"), "EDITOR": str(editor), "VISUAL": ""})
    # The reader's bottom edge, whole (a toast may cover part of it for a while).
    entity = re.compile(r"─ (PERSON|NORP|FAC|ORG|GPE|LOC|EVENT|DATE) ([^▌│─]+?)(?: → [^▌│─]*?)?(?: \(Enter[^▌│─]*\))? ─╯")
    try:
        term.wait_for("Articles 5")
        term.wait_for("reviewed", timeout=20)
        term.keys("Tab")
        for _ in range(5):   # n puts the cursor on an entity; the reader's bottom edge names it
            term.keys("n")
            try:
                term.wait_until(lambda s: entity.search(s), "an entity under the cursor", 4)
                break
            except AssertionError:   # the key came before the reader was ready for it
                continue
        time.sleep(1)   # settled: no n still on its way
        label, name = entity.search(term.wait_until(lambda s: entity.search(s), "the entity named", 10)).groups()
        term.keys("C-e")
        term.wait_until(lambda s: log.exists() and log.read_text(), "the editor ran")
        assert f"text: {name}," in log.read_text() and f"label: {label}" in log.read_text()
        term.wait_for(f"EVENT {name}", timeout=10)   # resumed, merged, and the reader shows the new label
    finally:
        term.kill()


# --- config.toml and the last place ---------------------------------------------------------

def configured(tmp_path, text: str, folder: str = "annotations"):
    """config.toml where the app looks for it (conftest points XDG_CONFIG_HOME at
    tmp_path/config), and a session of the app on the seeds."""
    path = tmp_path / "config" / "newsdesk" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path, Session(tmp_path / folder)


async def test_the_config_file_sets_theme_sort_labels_chrome_and_keys(tmp_path) -> None:
    from tui.ui.screens.search import SearchScreen

    _, session = configured(tmp_path, 'theme = "nord"\nsort = "title"\nhidden_labels = ["GPE"]\nchrome = "hidden"\n\n'
                                      '[keys]\nsearch = "ctrl+s"\n')
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        assert app.theme == "nord" and app.sort_key == "title" and app.chrome_hidden
        assert not any(h.label == "GPE" for h in app.query_one(ArticleView).highlights)
        assert "s: by title" in app.query_one("#list-pane").border_subtitle
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.press("slash")   # the old key is free again
        assert not isinstance(app.screen, SearchScreen)
        await pilot.press("question_mark")   # the help says the new key
        help_text = str(app.screen.query_one("#help-text").content)
        assert any(line.split()[0] == "^s" for line in help_text.splitlines() if "Search people" in line)
        assert not [n for n in app._notifications if n.title == "Settings"]


async def test_a_wrong_setting_is_said_with_its_line_and_the_default_is_used(tmp_path) -> None:
    path, session = configured(tmp_path, '# mine\ntheme = "no-such-theme"\nsort = 3\nhidden_labels = ["GPE", "FOO"]\n'
                                         'chrome = "gone"\ncolour = "red"\n\n[keys]\nno_such_action = "ctrl+s"\n'
                                         'find = ""\n')
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        said = [n.message for n in app._notifications if n.title == "Settings"]
        for line, setting in ((2, "theme"), (3, "sort"), (4, "hidden_labels"), (5, "chrome"), (6, "colour"),
                              (9, "keys.no_such_action"), (10, "keys.find")):
            assert any(m.startswith(f"{path}:{line}: {setting}") for m in said), (line, said)
        assert app.theme != "no-such-theme" and app.sort_key == "date" and not app.chrome_hidden
        assert app.hidden_labels == {"GPE"}   # the good label kept
        await pilot.press("ctrl+f")   # an empty key left ctrl+f as it was
        assert app.query_one("#find").has_class("-open")
    broken, session = configured(tmp_path, 'theme = "nord"\nsort = \n', "annotations2")
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        assert any(n.message.startswith(f"{broken}:2: not valid TOML") for n in app._notifications)
        assert app.sort_key == "date"


async def test_settings_changed_in_the_app_are_saved_keeping_the_comments(tmp_path) -> None:
    from tui.core.config import load_config

    path, session = configured(tmp_path, "# my newsdesk\ntheme = \"nord\"  # easy on the eyes\n\n[keys]\n"
                                         "search = \"ctrl+s\"  # as in my editor\n")
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        await pilot.press("s", "c", "8")
        app.theme = "gruvbox"   # what ctrl+p → theme does
        await pilot.pause(0.8)   # the write waits for a burst of keys to end
        config, problems = load_config(path)
        assert not problems
        assert (config.theme, config.sort, config.hidden_labels, config.chrome) == \
               ("gruvbox", "title", {"DATE"}, "hidden")
        assert config.keys == {"search": "ctrl+s"}
        text = path.read_text()
        assert "# my newsdesk" in text and "# easy on the eyes" in text and "# as in my editor" in text


async def test_the_last_place_in_a_corpus_is_opened_on_the_next_start(tmp_path) -> None:
    session = Session(tmp_path / "annotations")
    async with session.app.run_test(size=(140, 45)) as pilot:
        await in_reader(session, pilot, A0)
        i = await session.focus(pilot, A0, "Beijing", 1)
        view = session.app.query_one(ArticleView)
        await pilot.press("3", "j")
        top = view.top_offset
        assert top > 0
        await pilot.press("q")
    assert (tmp_path / "state" / "newsdesk" / "state.json").is_file()
    again = Session(tmp_path / "annotations")
    async with again.app.run_test(size=(140, 45)) as pilot:
        await start(again, pilot)
        view = again.app.query_one(ArticleView)
        assert again.app.article_id == A0
        assert view.cursor_mention == i and view.top_offset == top


async def test_export_from_the_palette_writes_what_the_command_writes(tmp_path) -> None:
    import subprocess
    import sys

    from tui.ui.screens.form import FormScreen
    from ui_fixtures import SEEDS

    session = Session(tmp_path / "annotations")
    async with session.app.run_test(size=(140, 45)) as pilot:
        app = await in_reader(session, pilot, A3)
        await pilot.press("ctrl+p", *"export graphml")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")   # the default: beside the annotation folder
        await pilot.pause()
        written = tmp_path / "newsdesk-export.graphml"
        assert written.is_file()
        assert any(n.title == "Exported graphml" and str(written) in n.message for n in app._notifications)
        # csv, to a folder typed in; then again: the files are there, so it asks first
        for _ in range(2):
            app.action_export("csv")
            await pilot.pause()
            app.screen.query_one("Input").value = str(tmp_path / "out")
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Replace 4 files" in app.screen.title_text
        await pilot.press("y")
        app.action_export("prodigy")   # Prodigy's JSONL, from the interop export
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    newsdesk = [sys.executable, "-m", "tui", "export", SEEDS, "--annotations", tmp_path / "annotations"]
    subprocess.run([*map(str, newsdesk), "--format", "graphml", "-o", str(tmp_path / "cli.graphml")], check=True)
    subprocess.run([*map(str, newsdesk), "--format", "csv", "-o", str(tmp_path / "cli")], check=True)
    subprocess.run([*map(str, newsdesk), "--format", "prodigy", "-o", str(tmp_path / "cli.jsonl")], check=True)
    assert written.read_bytes() == (tmp_path / "cli.graphml").read_bytes()
    assert (tmp_path / "newsdesk-export.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    for name in ("people.csv", "meetings.csv", "articles.csv", "edges.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
