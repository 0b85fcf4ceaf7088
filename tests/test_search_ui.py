"""Pilot tests of search in the app: the / screen and the command palette provider.

The reader is the real NewsdeskApp over a copy of the seeds and their reviewed
annotations; the search screen is pushed the way the app's `/` binding pushes it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import shutil

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from tui.ui.app import NewsdeskApp
from tui.ui.history import Place
from tui.ui.screens.search import SearchScreen
from tui.ui.search_provider import SearchProvider
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.side_panel import SidePanel


class SearchingApp(NewsdeskApp):
    """The reader with the search palette provider plugged in."""

    COMMANDS = NewsdeskApp.COMMANDS | {SearchProvider}


ROOT = Path(__file__).resolve().parent.parent


def make_app(tmp_path: Path, loader=None) -> SearchingApp:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "annotations", tmp_path / "annotations")
    return SearchingApp(tmp_path / "seeds", tmp_path / "annotations", annotate=False, loader=loader)


async def open_search(app: NewsdeskApp, pilot) -> SearchScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = SearchScreen()
    app.push_screen(screen)
    for _ in range(100):  # the index is built once the app's workspace is there
        await settle(app, pilot)
        if screen._index is not None:
            return screen
    raise AssertionError("the search screen never got an index")


async def settle(app: NewsdeskApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(app: NewsdeskApp, pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


@asynccontextmanager
async def searching(tmp_path: Path, typed: str = "") -> AsyncIterator[tuple[SearchingApp, object, SearchScreen]]:
    """The app at 140x45 with the search screen open and `typed` typed into it."""
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await open_search(app, pilot)
        await type_text(app, pilot, typed)
        await settle(app, pilot)
        yield app, pilot, screen


def rows(screen: SearchScreen) -> list[str]:
    results = screen.query_one(OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


def highlighted(screen: SearchScreen) -> str:
    results = screen.query_one(OptionList)
    return str(results.get_option_at_index(results.highlighted).prompt)


async def test_typing_a_misspelt_name_and_enter_opens_the_person(tmp_path):
    async with searching(tmp_path, "kritenbrnk") as (app, pilot, screen):
        assert screen.shown_query == "kritenbrnk"      # the last keystroke's results, not a stale one
        shown = rows(screen)
        assert shown[0] == "People · 1"
        assert highlighted(screen).startswith("Daniel Kritenbrink")
        assert any(row.startswith("Meetings · ") for row in shown)
        assert any(row.startswith("In the text · ") for row in shown)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is not screen
        assert app.query_one(SidePanel).page == ("person", "daniel-kritenbrink")


async def test_matched_characters_are_highlighted(tmp_path):
    async with searching(tmp_path, "Yi Wang") as (app, pilot, screen):
        results = screen.query_one(OptionList)
        prompt = results.get_option_at_index(results.highlighted).prompt
        marked = [prompt.plain[s.start:s.end] for s in prompt.spans if "underline" in str(s.style)]
        assert marked == ["Wang", "Yi"]


async def test_a_meeting_result_opens_the_meeting_page(tmp_path):
    async with searching(tmp_path, "sullivan malta") as (app, pilot, screen):
        # Down moves through the results while the box keeps the focus
        while not highlighted(screen).startswith("Jake Sullivan – Wang Yi · Malta"):
            before = screen.query_one(OptionList).highlighted
            await pilot.press("down")
            assert screen.query_one(OptionList).highlighted != before, rows(screen)
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.query_one(SidePanel).page == ("meeting", "sullivan-wang-yi-malta-2023-09")


async def test_a_text_result_opens_the_article_at_the_phrase(tmp_path):
    async with searching(tmp_path, "solemn position") as (app, pilot, screen):
        assert rows(screen)[0].startswith("In the text · 2")
        await pilot.press("down")  # the second hit
        target = highlighted(screen)
        await pilot.press("enter")
        await settle(app, pilot)
        article = app.ws.articles[app.article_id]
        start = article.text.index("solemn position")
        assert app.article_id == "001_5843e84394fa44eb" and "solemn position" in target
        view = app.query_one(ArticleView)
        line = view.line_of(start)
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height


async def test_escape_closes_without_going_anywhere(tmp_path):
    async with searching(tmp_path) as (app, pilot, screen):
        before = app.article_id, app.query_one(SidePanel).page
        assert before[0] is not None
        await type_text(app, pilot, "Blinken")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is not screen
        assert (app.article_id, app.query_one(SidePanel).page) == before


async def test_odd_queries_say_what_happened(tmp_path):
    async with searching(tmp_path) as (app, pilot, screen):
        summary = screen.query_one("#search-summary")
        assert "type a name" in str(summary.content)
        await type_text(app, pilot, "zqxv")
        await settle(app, pilot)
        assert rows(screen) == [] and "nothing matches" in str(summary.content)
        box = screen.query_one(Input)
        box.value = "Блинкен"
        await settle(app, pilot)
        assert highlighted(screen).startswith("Antony Blinken")
        box.value = "王毅"
        await settle(app, pilot)
        assert highlighted(screen).startswith("Wang Yi")
        box.value = "x" * 10_000
        await settle(app, pilot)
        assert screen.shown_query == "x" * 10_000
        box.value = ""
        await settle(app, pilot)
        assert rows(screen) == [] and "type a name" in str(summary.content)


async def test_stale_results_are_dropped(tmp_path):
    async with searching(tmp_path, "Blinken") as (app, pilot, screen):
        shown = rows(screen)
        screen.post_message(SearchScreen.Results(screen._generation - 1, "Xi", [], 0.0))
        await settle(app, pilot)
        assert rows(screen) == shown and screen.shown_query == "Blinken"


@asynccontextmanager
async def in_palette(tmp_path: Path, typed: str = "") -> AsyncIterator[tuple[SearchingApp, object, list[str]]]:
    """The app with the command palette open, `typed` typed, and the prompts it shows."""
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        app.action_command_palette()
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await type_text(app, pilot, typed)
        await pilot.pause(0.5 if typed else 0)  # the palette gathers hits on a short timer
        await settle(app, pilot)
        palette = app.screen.query_one(OptionList)
        yield app, pilot, [str(palette.get_option_at_index(i).prompt) for i in range(palette.option_count)]


async def choose(app: SearchingApp, pilot, prompts: list[str], start: str) -> None:
    app.screen.query_one(OptionList).highlighted = next(i for i, p in enumerate(prompts) if p.startswith(start))
    await pilot.press("enter")
    await settle(app, pilot)


async def test_the_palette_forgives_typos(tmp_path):
    async with in_palette(tmp_path, "Blinkin") as (app, pilot, prompts):
        assert any(p.startswith("Person: Antony Blinken") for p in prompts), prompts
        await choose(app, pilot, prompts, "Person: Antony Blinken")
        assert app.query_one(SidePanel).page == ("person", "antony-blinken")


async def test_the_palette_mixes_only_exact_text_hits_with_commands(tmp_path):
    async with in_palette(tmp_path, "theme") as (app, pilot, prompts):
        assert any("theme" in p.casefold() for p in prompts), prompts        # the command
        assert not any(p.startswith("Text:") for p in prompts), prompts     # not "the me…"
    async with in_palette(tmp_path / "again", "spy balloon") as (app, pilot, prompts):
        assert any(p.startswith("Text:") and "spy balloon" in p for p in prompts), prompts


async def test_the_palette_offers_the_search_screen(tmp_path):
    async with in_palette(tmp_path) as (app, pilot, prompts):
        await choose(app, pilot, prompts, "Search everything")
        assert isinstance(app.screen, SearchScreen)
        await type_text(app, pilot, "Sec. Yellen")
        await settle(app, pilot)
        assert highlighted(app.screen).startswith("Janet Yellen")


async def test_search_opened_while_loading_waits_for_the_workspace(tmp_path):
    import threading

    from tui.core.workspace import open_workspace

    release = threading.Event()

    def slow_loader(articles: Path, annotations: Path):
        release.wait(10)
        return open_workspace(articles, annotations)

    app = make_app(tmp_path, slow_loader)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = SearchScreen("Blinkin")
        app.push_screen(screen)
        await pilot.pause(0.3)
        assert "still loading" in str(screen.query_one("#search-summary").content)
        release.set()
        for _ in range(100):
            await settle(app, pilot)
            if screen.shown_query == "Blinkin":
                break
        assert highlighted(screen).startswith("Antony Blinken")


async def test_organisations_and_places_are_one_group(tmp_path):
    async with searching(tmp_path, "state") as (app, pilot, screen):
        shown = rows(screen)
        headers = [str(option.prompt) for option in screen.query_one(OptionList).options if option.disabled]
        assert not any(h.startswith(("Organisations ·", "Places ·")) for h in headers)
        together = shown.index(next(h for h in headers if h.startswith("Organisations and places · ")))
        tagged = shown[together + 1]
        assert "State Department" in tagged and "  organisation · " in tagged


async def test_enter_on_a_place_in_the_reader_searches_for_it_and_a_hit_opens_the_spot(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        aid = "004_a2871e021c39f267"
        mentions = app.ws.annotations[aid].mentions
        beijing = next(i for i, m in enumerate(mentions) if m.text == "Beijing" and m.label == "GPE")
        app.go(Place(aid))
        app.action_focus_pane("reader")
        await pilot.pause()
        app.query_one(ArticleView).focus_mention(beijing)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for _ in range(100):
            await settle(app, pilot)
            if screen.shown_query == "Beijing":
                break
        shown = rows(screen)
        # what an analyst asks of a place: it, the meetings held there, every mention
        assert shown[0] == "Organisations and places · 1" and shown[1].startswith("Beijing")
        assert "Meetings · 3" in shown
        assert any(row.startswith("In the text · ") for row in shown)
        while not highlighted(screen).startswith("…officials held “candid” talks in Beijing"):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is not screen
        assert app.article_id == "000_340ba6ed93e242f0"
        m = app.ws.annotations[app.article_id].mentions[app.query_one(ArticleView).cursor_mention]
        assert m.text == "Beijing"


async def test_opening_search_does_not_format_the_workspace(tmp_path, monkeypatch):
    # Textual names a worker by the repr of its arguments unless given a description;
    # for the workspace that is every article's text (seconds at 10,000 articles).
    from tui.core.models import Person

    formatted = []
    monkeypatch.setattr(Person, "__repr__", lambda self: formatted.append(self.id) or self.id)
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        for _ in range(200):   # pressed before the first frame: the workspace still loads, then the index is built
            if app.screen._index is not None:
                break
            await pilot.pause(0.05)
        assert app.screen._index is not None and formatted == []
