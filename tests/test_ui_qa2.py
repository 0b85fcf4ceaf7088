"""Second newcomer QA run, driven through Pilot: label colours in a 256-colour terminal,
the side panel's grouping and date columns, the person page's empty state, the footer
at 80 columns and the add-meeting form with one named participant."""

from __future__ import annotations

import pytest
from rich.color import ColorSystem
from edit_fixtures import Session, start
from test_ui_editing import A0
from textual.color import Color
from textual.content import Content
from textual.widgets import Input

from tui.core.labels import EXTRACTED_LABELS
from tui.core.models import Report, Role
from tui.core.views import article_title, compact_date
from tui.ui.history import Place
from tui.ui.messages import Link, OpenLink
from tui.ui.screens.form import FormScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.widgets._lines import component_style
from tui.ui.widgets.article_view import ArticleView
from tui.ui.widgets.entity_colours import label_style, mark_style
from tui.ui.widgets.footer import KeyBar, fitting
from tui.ui.widgets.link_list import LinkList
from tui.ui.widgets.side_panel import SidePanel
from tui.ui.widgets.timeline import article_axis


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    def luminance(c: Color) -> float:
        def channel(v: int) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
async def test_labels_keep_distinct_readable_colours_in_256_colours(session: Session, theme: str) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.theme = theme
        await pilot.pause()
        view = session.app.query_one(ArticleView)
        base = view.get_visual_style()
        dark = session.app.current_theme.dark
        styles = {**{label: label_style(label, dark) for label in EXTRACTED_LABELS}, "mark": mark_style(dark),
                  "cursor": component_style(view, "article-view--cursor", base), "other": label_style("LAW", dark)}
        seen = {}
        for name, style in styles.items():
            style = base + style
            assert contrast(style.foreground, style.background) >= 4.5, (theme, name)
            seen[name] = style.rich_style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).number
        assert len(set(seen.values())) == len(styles), seen
        # and none of them is the reader's own background
        assert base.rich_style.bgcolor.downgrade(ColorSystem.EIGHT_BIT).number not in seen.values()


def option_texts(links) -> list[str]:
    return [str(links.get_option_at_index(i).prompt) for i in range(links.option_count)]


async def test_meeting_page_groups_reports_by_article_and_rows_hang_under_the_names(session: Session) -> None:
    meeting = session.ws.meetings["m-kritenbrink-ma"]
    first = meeting.reports[0]
    text = session.ws.articles[first.article].text
    # a second sentence of the same article reports the meeting too; the date is a range
    end = text.index(".", first.end + 2) + 1
    meeting.reports.insert(1, Report(first.article, first.end + 1, end, text[first.end + 1:end]))
    meeting.date = "2023-06-05/2023-06-07"
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A0, page=("meeting", "m-kritenbrink-ma")))
        await pilot.pause()
        side = session.app.query_one(SidePanel)
        links = side.query_one("#meeting-links", LinkList)
        texts = option_texts(links)
        title = article_title(session.ws, first.article)
        assert sum(t.startswith(title) for t in texts) == 1      # the title once, with the count
        assert f"{title}  2 reports" in texts
        heading_at = texts.index(f"{title}  2 reports")
        # reports are sentences, as in the search: 2 here plus the other article's
        assert any(t.startswith(f"Reported: {len(meeting.reports)} reports in ") for t in texts), texts
        assert texts[heading_at + 1].startswith("  “") and texts[heading_at + 2].startswith("  “")
        # a long sentence wraps under its opening quote, not at column 0
        wrapped = [t for t in texts if t.startswith("  “") and "\n" in t]
        assert wrapped and all(line.startswith("   ") for t in wrapped for line in t.split("\n")[1:])
        # the article page lists the meeting with the range in its date column
        side.switch("article")
        await pilot.pause()
        rows = [t for t in option_texts(side.query_one("#article-links", LinkList)) if "held" in t]
        assert any(t.startswith("5–7 Jun 2023 held") for t in rows), rows


async def test_home_in_a_side_list_keeps_the_first_heading_on_screen(session: Session) -> None:
    async with session.app.run_test(size=(140, 24)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A0, page=("meeting", "m-kritenbrink-ma")))
        await pilot.pause()
        links = session.app.query_one("#meeting-links", LinkList)
        assert links.virtual_size.height > links.scrollable_content_region.height   # it scrolls
        links.focus()
        await pilot.press("end")
        await pilot.pause()
        assert links.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert links.highlighted == 1 and links.scroll_y == 0     # "Participants (2)" stays in view


def test_compact_dates() -> None:
    assert compact_date("2023-06-12/2023-06-18") == "12–18 Jun 2023"
    assert compact_date("2023-06-28/2023-07-02") == "28 Jun–2 Jul 2023"
    assert compact_date("2022-12-30/2023-01-02") == "30 Dec 2022–2 Jan 2023"
    assert compact_date("2023-06-05") == "5 Jun 2023"
    assert compact_date("2023-06") == "Jun 2023"
    assert compact_date("last week") == "last week"
    assert compact_date("2023-13-01") == "2023-13-01"


def test_the_article_axis_numbers_sit_under_each_articles_bars() -> None:
    axis = article_axis(5, 40)
    assert [axis.index(str(n)) // 8 for n in range(1, 6)] == [0, 1, 2, 3, 4]   # 8 columns per article
    assert article_axis(3, 3) == "1 3"    # 2 would touch 1
    assert article_axis(100, 30) == "1" + " " * 26 + "100"


async def test_the_person_tab_explains_itself_before_a_person_is_open(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        side = session.app.query_one(SidePanel)
        side.switch("person")
        await pilot.pause()
        assert "n / N" in str(side.query_one("#person-head").render())
        assert not side.query_one("#person-spark").display or not side.query_one("#person-spark").region.area
        assert not side.query_one("#person-timeline").region.area
        session.app.go(Place(A0, page=("person", "daniel-kritenbrink")))
        await pilot.pause()
        assert side.query_one("#person-spark").region.area
        assert side.query_one("#spark-axis").region.area
        assert "1" in str(side.query_one("#spark-axis").render())


async def test_a_long_role_is_cut_with_an_ellipsis(session: Session) -> None:
    person = session.ws.people["ma-zhaoxu"]
    person.roles = [Role("President " * 12, A0) for _ in range(5)]
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A0, page=("person", "ma-zhaoxu")))
        await pilot.pause()
        head = session.app.query_one("#person-head")
        lines = [line.text for line in head.render_lines(head.region.reset_offset)]
        roles = [line for line in lines if line.strip().startswith("role")]
        assert len(roles) == 3 and all(line.rstrip().endswith("…") for line in roles)
        assert any("2 more roles" in line for line in lines)


async def test_at_80x24_the_person_page_head_leaves_the_rows_to_meetings_and_mentions(session: Session) -> None:
    person = session.ws.people["ma-zhaoxu"]
    person.roles = [Role(f"Vice Foreign Minister {n}", A0) for n in range(5)]
    async with session.app.run_test(size=(80, 24)) as pilot:
        await start(session, pilot)
        session.app.post_message(OpenLink(Link("person", "ma-zhaoxu")))   # as Enter on a name does
        await pilot.pause()
        await pilot.pause()
        side = session.app.query_one(SidePanel)
        head = side.query_one("#person-head")
        lines = [line.text.strip() for line in head.render_lines(head.region.reset_offset)]
        assert lines[0].startswith("Ma Zhaoxu · ")              # the affiliation beside the name
        assert any(line.endswith("more roles") for line in lines)   # the count is not cut off
        timeline = side.query_one("#person-timeline")
        assert timeline.region.height == 2 and "held" in str(timeline.render()).splitlines()[1]
        # the list keeps half of the 18 rows under the tabs (7 before)
        assert side.query_one("#person-links").region.height >= 9
        await pilot.resize_terminal(80, 45)   # a tall screen shows the roles again
        await pilot.pause()
        await pilot.pause()
        lines = [line.text.strip() for line in head.render_lines(head.region.reset_offset)]
        assert sum(line.startswith("role") for line in lines) == 3 and lines[-1].endswith("2 more roles")


async def test_the_footer_shows_whole_keys_with_help_at_80_columns_and_follows_a_resize(session: Session) -> None:
    async with session.app.run_test(size=(140, 24)) as pilot:
        await start(session, pilot)
        footer = session.app.query_one(KeyBar)
        assert footer_text(footer).rstrip().endswith("▏^p palette")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        text = footer_text(footer)
        assert text.startswith("? Help ") and "palette" not in text
        assert text.rstrip().endswith("q Quit")   # the less needed keys went, not Quit
        keys, _ = fitting(*footer.keys(), 80)
        assert len(keys) >= 5
        # whole keys only: every key drawn is there in full, and the line is not cut mid-key
        assert all(f"{key.display} {key.description}" in text for key in keys)
        assert text.rstrip().endswith(f"{keys[-1].display} {keys[-1].description}")
        # the panes follow the new size at once, not one resize late
        assert session.app.query_one("#side-pane").has_class("-hidden")
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        await pilot.pause()
        assert not session.app.query_one("#side-pane").has_class("-hidden")
        assert footer_text(footer).rstrip().endswith("▏^p palette")


async def test_the_footer_follows_the_focus_and_a_click_presses_its_key(session: Session) -> None:
    async with session.app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        footer = session.app.query_one(KeyBar)
        assert "n Entity" not in footer_text(footer)
        await pilot.press("tab")   # to the reader, whose keys join the footer
        await pilot.pause()
        assert "n Entity" in footer_text(footer)
        start_x = footer_text(footer).index("? Help")
        await pilot.click(KeyBar, offset=(start_x + 1, 0))
        await pilot.pause()
        assert isinstance(session.app.screen, HelpScreen)


async def test_the_pane_with_the_focus_is_the_one_drawn_highlighted(session: Session) -> None:
    app = session.app

    def highlighted() -> list[str]:
        return [pane for pane in ("list", "reader", "side") if app.query_one(f"#{pane}-pane").has_class("-focused")]

    async with app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        assert highlighted() == ["list"] and app._pane_of(app.focused) == "list"
        for pane in ("reader", "side", "list"):
            await pilot.press("tab")
            await pilot.pause()
            assert highlighted() == [pane] == [app._pane_of(app.focused)]
        await pilot.click("#reader")
        await pilot.pause()
        assert highlighted() == ["reader"]
        await pilot.press("question_mark")   # a dialog takes the focus; the pane stays marked under it
        await pilot.pause()
        assert highlighted() == ["reader"]
        await pilot.press("escape")
        await pilot.pause()
        assert highlighted() == ["reader"] == [app._pane_of(app.focused)]


def footer_text(footer: KeyBar) -> str:
    return footer.render_lines(footer.region.reset_offset)[0].text


async def test_w_with_one_person_marked_asks_for_the_unnamed_counterpart_in_a_form_that_fits(session: Session) -> None:
    async with session.app.run_test(size=(80, 24)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "Kritenbrink")   # "On Monday, Kritenbrink discussed … with Chinese officials"
        before = set(session.meetings())
        await pilot.press("w")
        assert session.app.screen.marked == ["daniel-kritenbrink"]
        await pilot.press("enter")
        form = session.app.screen
        assert isinstance(form, FormScreen)
        inputs = list(form.query(Input))
        assert [i.id for i in inputs][0] == "field-unnamed"
        assert all(0 <= i.region.y and i.region.bottom <= 24 and i.region.height for i in inputs)  # all on screen
        form.query_one("#field-date").value = "2023-06-04"
        await pilot.press("ctrl+s")
        assert session.app.screen is form                  # not saved: who else was there?
        form.query_one("#field-unnamed").value = "Chinese officials"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (new_id,) = set(session.meetings()) - before
        meeting = session.meetings()[new_id]
        assert meeting.participants == ["daniel-kritenbrink"] and meeting.unnamed == ["Chinese officials"]
        assert meeting.date == "2023-06-04"
        # W edits it: one named participant is enough while the unnamed one is there
        session.app.query_one(SidePanel).show_meeting(session.app.ws, new_id)
        await pilot.pause()
        await pilot.press("W")
        form = session.app.screen
        assert form.query_one("#field-participants").value == "Daniel Kritenbrink"
        form.query_one("#field-status").value = "planned"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.meetings()[new_id].status == "planned"


async def test_reader_and_legend_change_entity_colours_with_the_theme(session: Session) -> None:
    app = session.app

    def person_backgrounds() -> set[str]:
        legend, view = app.query_one("#legend"), app.query_one(ArticleView)
        lines = [*legend.render_lines(legend.region.reset_offset), *view.render_lines(view.region.reset_offset)]
        return {seg.style.bgcolor.name for line in lines for seg in line
                if seg.text.strip() in ("PERSON 18", "Xi Jinping", "Joe Biden")}

    def list_background() -> str:   # a row that is not under the cursor
        table = app.query_one("#articles")
        return list(table.render_lines(table.region.reset_offset)[3])[0].style.bgcolor.name

    async with app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        app.go(Place("003_a13fe278588c347c"))
        await pilot.pause()
        assert person_backgrounds() == {"#af8700"}      # legend chip and names alike
        dark_list = list_background()
        app.theme = "textual-light"
        await pilot.pause()
        assert person_backgrounds() == {"#ffd75f"}
        # the article list, whose rows are cached, is redrawn in the new theme too
        assert list_background() != dark_list
        assert list_background() == app.query_one("#articles").get_visual_style().rich_style.bgcolor.name


async def test_moving_the_entity_cursor_redraws_the_lines_it_leaves(session: Session) -> None:
    app = session.app
    async with app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        app.go(Place("003_a13fe278588c347c"))
        app.action_focus_pane("reader")
        await pilot.pause()
        view = app.query_one(ArticleView)

        def drawn() -> list[str]:   # each line's text with its styles, as it would reach the terminal
            return ["".join(f"{seg.text}{seg.style}" for seg in line)
                    for line in view.render_lines(view.region.reset_offset)]

        before = drawn()
        await pilot.press("n")
        await pilot.pause()
        on_first = drawn()
        assert on_first != before
        await pilot.press("n")
        await pilot.pause()
        on_second = drawn()
        first_lines = [i for i, (a, b) in enumerate(zip(before, on_first)) if a != b]
        # the lines of the first entity are back as they were; the second entity's lines changed
        assert all(on_second[i] == before[i] for i in first_lines if on_first[i] != on_second[i])
        assert on_second != on_first and on_second != before
        await pilot.press("escape")
        await pilot.pause()
        assert drawn() == before


async def test_the_entity_card_grows_and_shrinks_with_what_it_says(session: Session) -> None:
    async with session.app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        side = session.app.query_one(SidePanel)
        card = side.query_one("#entity-card")
        for text, height in (("one line", 1), ("a\nb\nc\nd", 4), ("word " * 40, 5), ("x", 1), ("y", 1)):
            side._card(Content(text.strip()))
            await pilot.pause()
            assert card.content_region.height == height, text


async def test_two_tabs_before_a_refresh_move_two_panes(session: Session) -> None:
    app = session.app
    async with app.run_test(size=(160, 45)) as pilot:
        await start(session, pilot)
        assert app._pane_of(app.focused) == "list"
        app.action_pane(1)   # as two Tabs in one burst: the second comes before the first focus move
        app.action_pane(1)
        await pilot.pause()
        await pilot.pause()
        assert app._pane_of(app.focused) == "side"
        app.action_pane(-1)
        app.action_pane(-1)
        await pilot.pause()
        await pilot.pause()
        assert app._pane_of(app.focused) == "list"


async def test_a_meeting_opened_from_the_search_at_80_columns_brings_up_the_side_panel(session: Session) -> None:
    app = session.app
    async with app.run_test(size=(80, 24)) as pilot:
        await start(session, pilot)
        before = app._pane_of(app.focused)
        app.post_message(OpenLink(Link("meeting", "m-kritenbrink-ma")))
        await pilot.pause()
        await pilot.pause()
        assert not app.query_one("#side-pane").has_class("-hidden")
        assert app._pane_of(app.focused) == "side"
        assert app.query_one(SidePanel).page == ("meeting", "m-kritenbrink-ma")
        await pilot.press("H")   # back to the pane it came from, in front again
        await pilot.pause()
        await pilot.pause()
        assert app._pane_of(app.focused) == before != "side"
