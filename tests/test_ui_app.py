"""Pilot tests of the reader: navigation, cross-links and history on the real seed texts."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from edit_fixtures import ready
from ui_fixtures import SEEDS, seed_workspace, write_seed_annotations

from tui.core.views import title_key
from tui.core.workspace import open_workspace
from tui.ui.app import NewsdeskApp
from tui.ui.history import Place
from tui.ui.messages import Link, OpenLink
from tui.ui.widgets.article_table import ArticleTable
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.link_list import LinkList
from tui.ui.widgets.side_panel import SidePanel

ARTICLE_000 = "000_340ba6ed93e242f0"
ARTICLE_001 = "001_5843e84394fa44eb"
ARTICLE_003 = "003_a13fe278588c347c"


def make_app(tmp_path: Path) -> NewsdeskApp:
    return NewsdeskApp(SEEDS, tmp_path / "annotations", annotate=False, loader=seed_workspace)


async def open_from_list(app: NewsdeskApp, pilot, article_id: str) -> None:
    """Put the list cursor on an article and press Enter, as a user would."""
    table = app.query_one(ArticleTable)
    table.focus()
    assert table.move_to(article_id)
    await pilot.press("enter")
    assert app.article_id == article_id


def reader_text(app: NewsdeskApp) -> str:
    view = app.query_one(ArticleView)
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


async def test_opens_the_newest_article_and_lists_all(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        table = app.query_one(ArticleTable)
        assert len(table.rows) == 5
        # Newest first; 000 and 001 share a date (then by id); 002 is undated, so last.
        assert [r.id[:3] for r in table.rows] == ["003", "004", "000", "001", "002"]
        # Before the first load nothing is known but file names: the first by name was read
        # on its own, and gives way to the top of the sorted list, which every later start opens.
        assert app.article_id == table.rows[0].id == ARTICLE_003
        assert "National Security Advisor Jake Sullivan" in reader_text(app)
        untitled = next(r for r in table.rows if r.id.startswith("004"))
        assert untitled.title == untitled.id


async def test_entity_cursor_person_page_and_history(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await open_from_list(app, pilot, ARTICLE_000)
        assert app.focused is app.query_one(ArticleView)  # Enter in the list moves on to the reader
        view = app.query_one(ArticleView)
        mentions = app.ws.annotations[app.article_id].mentions
        # Step to the first PERSON entity.
        for _ in range(20):
            await pilot.press("n")
            if mentions[view.cursor_mention].label == "PERSON":
                break
        focused = mentions[view.cursor_mention]
        assert focused.person == "daniel-kritenbrink"
        card = str(app.query_one("#entity-card").render())
        assert "Daniel Kritenbrink" in card and "PERSON" in card
        await pilot.press("enter")
        side = app.query_one(SidePanel)
        assert side.page == ("person", "daniel-kritenbrink")
        head = str(app.query_one("#person-head").render())
        assert "Daniel Kritenbrink" in head and "Assistant Secretary of State" in head
        await pilot.press("H")
        assert side.page is None
        await pilot.press("L")
        assert side.page == ("person", "daniel-kritenbrink")


async def test_curly_brackets_keep_to_a_label_and_star_to_a_person(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await open_from_list(app, pilot, ARTICLE_000)
        view = app.query_one(ArticleView)
        mentions = app.ws.annotations[app.article_id].mentions
        shown = [mentions[h.mention] for h in view.highlights]
        await pilot.press("n")
        while mentions[view.cursor_mention].label != "GPE":
            await pilot.press("n")
        start = view.cursor_mention
        places = [m for m in shown if m.label == "GPE" and m.start > mentions[start].start]
        for place in places[:3]:
            await pilot.press("right_curly_bracket")
            assert mentions[view.cursor_mention] == place
        await pilot.press("left_curly_bracket")
        assert mentions[view.cursor_mention] == places[1]
        # "*": the next mention of the same person, whatever lies between
        first = next(m for k, m in enumerate(shown) if m.person and any(o.person == m.person for o in shown[k + 1:]))
        later = [m for m in shown if m.person == first.person and m.start > first.start]
        while mentions[view.cursor_mention] != first:
            await pilot.press("N" if mentions[view.cursor_mention].start > first.start else "n")
        await pilot.press("asterisk")
        assert mentions[view.cursor_mention] == later[0]
        await pilot.press("number_sign")
        assert mentions[view.cursor_mention] == first


async def test_following_a_mention_in_another_article_switches_and_highlights(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await open_from_list(app, pilot, ARTICLE_000)
        app.post_message(OpenLink(Link("person", "sun-weidong")))
        await pilot.pause()
        links = app.query_one("#person-links", LinkList)
        spot_ids = [o.id for o in links.options if o.id and o.id.startswith("spot")]
        assert spot_ids, "Sun Weidong's mentions are listed"
        links.focus()
        links.highlighted = next(i for i, o in enumerate(links.options) if o.id == spot_ids[0])
        await pilot.press("enter")
        assert app.article_id == ARTICLE_003
        view = app.query_one(ArticleView)
        mention = app.ws.annotations[ARTICLE_003].mentions[view.cursor_mention]
        assert mention.text == "Sun Weidong"
        assert "Sun Weidong" in reader_text(app)  # scrolled into view
        await pilot.press("H")  # back to where we came from
        assert app.article_id == ARTICLE_000


async def test_meeting_page_lists_reports_and_opens_the_evidence(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await open_from_list(app, pilot, ARTICLE_000)
        links = app.query_one("#article-links", LinkList)
        index = next(i for i, o in enumerate(links.options) if o.id and o.id.startswith("meeting"))
        links.focus()
        links.highlighted = index
        await pilot.press("enter")
        assert app.query_one(SidePanel).page == ("meeting", "m-kritenbrink-ma")
        head = str(app.query_one("#meeting-head").render())
        assert "Beijing" in head and "2023-06-05" in head and "on Monday" in head
        meeting_links = app.query_one("#meeting-links", LinkList)
        reports = [i for i, o in enumerate(meeting_links.options) if o.id and o.id.startswith("spot")]
        assert len(reports) == 2
        meeting_links.focus()
        meeting_links.highlighted = reports[0]
        await pilot.press("enter")
        report = app.ws.meetings["m-kritenbrink-ma"].reports[0]
        assert app.article_id == report.article
        assert app.query_one(ArticleView)._mark == (report.start, report.end)


async def test_filter_sort_and_article_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        await pilot.press("f")
        await pilot.press(*"candid")
        table = app.query_one(ArticleTable)
        assert {r.id for r in table.rows} == {ARTICLE_000, ARTICLE_001, ARTICLE_003}
        await pilot.press("escape")
        assert len(table.rows) == 5
        await pilot.press("f", *"xqzw")   # nothing matches: the list pane says so
        assert not table.rows and "no match" in str(app.query_one("#list-pane").border_title)
        await pilot.press("escape")
        before = table.highlighted
        await pilot.press("s")  # by title
        titles = [title_key(r.title) for r in table.rows]   # ‘Candid’ under C
        assert titles == sorted(titles)
        assert table.highlighted == before  # the cursor stays on its article
        first, second = table.rows[0].id, table.rows[1].id
        await pilot.press("g", "enter")
        assert app.article_id == first
        await pilot.press("right_square_bracket")
        assert app.article_id == second
        await pilot.press("left_square_bracket")
        assert app.article_id == first


async def test_the_status_counts_unreviewed_meetings_with_the_mentions(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        status = str(app.query_one("#status").render())
        todo = status.split("to review: ")[1].split(" · ")[0]
        assert todo.endswith(", 3 meetings") and "mentions" in todo   # what `r` walks through


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_unfocused_pane_borders_stand_out_from_the_background(tmp_path, theme):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.theme = theme
        await pilot.pause()
        pane = next(p for p in app.query(".pane") if not p.has_class("-focused"))
        border = pane.styles.border_top[1]
        background = app.screen.styles.background
        assert abs(border.brightness - background.brightness) >= 0.2, (theme, border, background)


async def test_a_title_cut_on_a_short_screen_is_whole_in_the_header_tooltip(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("tab")   # one pane at 80 columns: the list
        await open_from_list(app, pilot, ARTICLE_003)
        header = app.query_one("#reader-title")
        title = "‘Candid’ Talks Between U.S. and China Officials Raise Hopes of Xi-Biden Meeting in November"
        assert app.query_one("#panes").has_class("-short")   # one line, cut with an ellipsis
        assert header.tooltip == title


async def test_label_keys_hide_and_show_highlights(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        assert any(h.label == "PERSON" for h in view.highlights)
        await pilot.press("5")  # GPE off
        assert not any(h.label == "GPE" for h in view.highlights)
        assert any(h.label == "PERSON" for h in view.highlights)
        await pilot.press("0")
        assert any(h.label == "GPE" for h in view.highlights)


async def test_narrow_terminal_shows_one_pane_and_tab_switches(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        shown = lambda: [p for p in ("list", "reader", "side")  # noqa: E731
                         if not app.query_one(f"#{p}-pane").has_class("-hidden")]
        assert shown() == ["list"]
        await pilot.press("enter")
        await pilot.pause()
        assert shown() == ["reader"]
        await pilot.press("tab")
        await pilot.pause()
        assert shown() == ["side"]
        await pilot.press("tab")
        await pilot.pause()
        assert shown() == ["list"]


async def test_help_lists_bindings_from_the_code(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        for words in ("Next entity", "Previous article in the list", "Show/hide PERSON",
                      "Back to where you were", "Filter the article list"):
            assert words in text
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


async def test_clicking_an_entity_opens_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        view = app.query_one(ArticleView)
        mentions = app.ws.annotations[app.article_id].mentions
        target = next(h for h in view.highlights if mentions[h.mention].person == "daniel-kritenbrink")
        y = view.line_of(target.start)
        x = target.start - view._lines[y][0]
        view.scroll_to(y=max(0, y - 2), animate=False, immediate=True)
        await pilot.pause()
        region = view.content_region
        await pilot.click(offset=(region.x + x + 1, region.y + y - round(view.scroll_y)))
        await pilot.pause()
        assert view.cursor_mention == target.mention
        assert app.query_one(SidePanel).page == ("person", "daniel-kritenbrink")


async def test_command_palette_runs_actions(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        first = app.article_id
        order = [r.id for r in app.query_one(ArticleTable).rows]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Next article")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.article_id == order[order.index(first) + 1]


async def test_chrome_key_hides_page_furniture(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        app.go(Place(ARTICLE_001))  # the CTV page: "Skip to main content" is navigation
        await pilot.pause()
        assert "Skip to main content" in reader_text(app)
        await pilot.press("c")
        assert "Skip to main content" not in reader_text(app)
        assert "Kritenbrink" in reader_text(app) or "Senior U.S. and Chinese diplomats" in reader_text(app)
        await pilot.press("c")
        assert "Skip to main content" in reader_text(app)


async def test_articles_open_one_by_one_while_the_workspace_loads(tmp_path):
    """A corpus that takes long to load: the list and single articles come first."""
    annotations = tmp_path / "annotations"
    write_seed_annotations(SEEDS, annotations)
    release = threading.Event()

    def slow_loader(articles_dir: Path, annotations_dir: Path):
        release.wait(30)
        return open_workspace(articles_dir, annotations_dir)

    app = NewsdeskApp(SEEDS, annotations, annotate=False, loader=slow_loader)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(100):
            if app.article_id is not None and app._side() is not None:
                break
            await pilot.pause(0.05)
        assert app.ws is None
        assert app.article_id == ARTICLE_000  # the first file, read on its own
        assert "talks in Beijing, days after the two countries" in reader_text(app)
        assert "reading 5 articles" in str(app.query_one("#status").render())
        await open_from_list(app, pilot, ARTICLE_003)
        for _ in range(100):
            if ARTICLE_003 in app.shown.articles:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert app.article_id == ARTICLE_003
        view = app.query_one(ArticleView)
        assert any(h.label == "PERSON" for h in view.highlights)  # its annotation file was read too
        release.set()
        await ready(app, pilot)
        assert app.ws is not None and app.article_id == ARTICLE_003
        assert "5 articles" in str(app.query_one("#status").render())
