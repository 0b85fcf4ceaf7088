"""Every correcting path driven through Pilot, then the YAML on disk checked."""

from __future__ import annotations

from edit_fixtures import Session, start

from tui.core.models import Person
from tui.core.review import load_decisions
from tui.core.store import AnnotationStore
from tui.ui.history import Place
from tui.ui.screens.alias_queue import AliasQueue
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.form import FormScreen
from tui.ui.screens.label_picker import LabelPicker
from tui.ui.screens.person_picker import PersonPicker
from tui.ui.widgets.article_view import ArticleView

A0, A1, A3 = "000_340ba6ed93e242f0", "001_5843e84394fa44eb", "003_a13fe278588c347c"


async def test_relabel_with_the_picker_then_undo_and_redo(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        i = await session.focus(pilot, A0, "State Department")
        await pilot.press("l")
        assert isinstance(session.app.screen, LabelPicker)
        await pilot.press("f")   # FAC
        await pilot.pause()
        m = session.disk(A0).mentions[i]
        assert (m.label, m.by, m.status) == ("FAC", "analyst", "accepted")
        await pilot.press("u")
        assert session.disk(A0).mentions[i].label == "ORG"
        await pilot.press("ctrl+r")
        assert session.disk(A0).mentions[i].label == "FAC"


async def test_accept_reject_delete_and_resize(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        i = await session.focus(pilot, A0, "State Department")
        await pilot.press("y")
        assert session.disk(A0).mentions[i].status == "accepted"
        j = await session.focus(pilot, A0, "Beijing", 1)
        await pilot.press("x")
        assert session.disk(A0).mentions[j].status == "rejected"
        k = await session.focus(pilot, A0, "Ma Zhaoxu")
        start_k = session.ws.annotations[A0].mentions[k].start
        await pilot.press("less_than_sign")            # start a word left: "Minister Ma Zhaoxu"
        grown = next(m for m in session.disk(A0).mentions if m.end == session.ws.annotations[A0].mentions[k].end)
        assert grown.start < start_k and grown.text.endswith("Ma Zhaoxu") and grown.analyst_owned
        await pilot.press("shift+left")                # end a word left: "… Ma"
        assert any(m.text.endswith(" Ma") for m in session.disk(A0).mentions)
        await pilot.press("d")                         # a model mention: kept as rejected
        assert any(m.text.endswith(" Ma") and m.status == "rejected" for m in session.disk(A0).mentions)


async def test_new_entity_from_a_keyboard_selection(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "Daniel Kritenbrink")
        text = session.ws.articles[A0].text
        await pilot.press("x")   # reject it, so a new span may cover it (the cursor moves on)
        rejected = session.ws.annotations[A0].mentions[session.index(A0, "Daniel Kritenbrink")]
        session.app.go(Place(A0, (rejected.start, rejected.end)))   # back to its text, marked
        await pilot.press("v", "shift+right", "shift+right")
        start_, end = session.app._selection
        assert text[start_:end] == "Daniel Kritenbrink, the"
        await pilot.press("shift+left", "right", "left")   # slide a word right and back
        assert text[slice(*session.app._selection)] == "Daniel Kritenbrink"
        await pilot.press("enter")
        assert isinstance(session.app.screen, LabelPicker)
        await pilot.press("o")
        await pilot.pause()
        added = [m for m in session.disk(A0).mentions if m.by == "analyst" and m.label == "ORG"]
        assert [m.text for m in added] == ["Daniel Kritenbrink"]
        assert session.app._selection is None


async def test_new_entity_from_a_mouse_drag(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A0))
        session.app.action_focus_pane("reader")
        await pilot.pause()
        view = session.app.query_one(ArticleView)
        text = session.ws.articles[A0].text
        # the first line of the body: "(Bloomberg) -- Senior US and Chinese officials …"
        row = next(y for y, (s, e) in enumerate(view._lines) if text[s:e].startswith("(Bloomberg)"))
        line_start = view._lines[row][0]
        senior = text.index("Senior", line_start) - line_start
        us = text.index(" US ", line_start) + 1 - line_start
        y = row - round(view.scroll_y)
        x0 = view.content_region.x - view.region.x
        await pilot.mouse_down(view, offset=(x0 + senior + 1, y))
        await pilot.mouse_up(view, offset=(x0 + us + 1, y))   # mid-word: whole words are taken
        await pilot.pause()
        assert isinstance(session.app.screen, LabelPicker)
        await pilot.press("n")   # NORP
        await pilot.pause()
        added = [m for m in session.disk(A0).mentions if m.by == "analyst"]
        assert [(m.text, m.label) for m in added] == [("Senior US", "NORP")]


async def test_link_new_person_split_edit_person(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        i = await session.focus(pilot, A0, "Ma Zhaoxu")
        await pilot.press("i")
        assert isinstance(session.app.screen, PersonPicker)
        session.app.screen.query_one("#query").value = ""
        await pilot.press(*"wang yi")
        await pilot.press("enter")
        assert session.disk(A0).mentions[i].person == "wang-yi"
        # a new person from a mention
        await session.focus(pilot, A0, "State Department")
        await pilot.press("I")
        assert isinstance(session.app.screen, FormScreen)
        await pilot.press("enter")
        assert "state-department" in session.people()
        # split a mention off its person
        j = await session.focus(pilot, A0, "Ma Zhaoxu")
        await pilot.press("S")
        await pilot.press("enter")
        assert session.disk(A0).mentions[j].person == "ma-zhaoxu-2"
        assert session.people()["ma-zhaoxu-2"].by == "analyst"
        # edit the person under the cursor
        await pilot.press("e")
        form = session.app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-affiliation").value = "PRC"
        form.query_one("#field-aliases").value = "Ma, Vice Minister Ma"
        await pilot.press("ctrl+s")
        person = session.people()["ma-zhaoxu-2"]
        assert (person.affiliation, person.aliases) == ("PRC", ["Ma", "Vice Minister Ma"])


async def merge_preview(session: Session, pilot) -> None:
    """M on Ma Zhaoxu, Sun Weidong picked: the preview screen."""
    await start(session, pilot)
    await session.focus(pilot, A0, "Ma Zhaoxu")
    await pilot.press("M")
    await pilot.press(*"sun wei")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(session.app.screen, ConfirmScreen)


async def test_merge_shows_a_preview_first(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await merge_preview(session, pilot)
        assert "sun-weidong" in session.people()       # nothing changed before confirming
        await pilot.press("y")
        people = session.people()
        assert "sun-weidong" not in people and "Sun Weidong" in people["ma-zhaoxu"].aliases
        assert "ma-zhaoxu" in session.meetings()["m-kritenbrink-sun"].participants
        await pilot.press("u")
        assert "sun-weidong" in session.people()


async def test_merge_preview_swaps_which_record_is_kept(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await merge_preview(session, pilot)
        assert session.app.screen.summary[0].startswith("keeps ma-zhaoxu")   # more mentions
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(session.app.screen, ConfirmScreen)
        assert session.app.screen.summary[0].startswith("keeps sun-weidong")
        await pilot.press("y")
        people = session.people()
        assert "ma-zhaoxu" not in people and "Ma Zhaoxu" in people["sun-weidong"].aliases
        assert people["sun-weidong"].merged == ["ma-zhaoxu"]


async def test_add_meeting_joins_the_meeting_the_sentence_reports(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "Kritenbrink")    # "On Monday, Kritenbrink discussed …"
        await pilot.press("w")
        await pilot.press(*"ma zhaoxu", "tab", "enter")
        session.app.screen.query_one("#field-place").value = "Beijing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        meetings = session.meetings()
        assert set(meetings) == set(session.ws.meetings) and "m-2023-06-05-kritenbrink-ma" not in meetings
        joined = meetings["m-kritenbrink-ma"]
        assert joined.review == "accepted" and len(joined.reports) == 3
        await pilot.press("u")
        assert len(session.meetings()["m-kritenbrink-ma"].reports) == 2
        # the model's own report sentence: nothing to add, and no second meeting either
        await session.focus(pilot, A0, "Daniel Kritenbrink")
        await pilot.press("w", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert set(session.meetings()) == set(meetings)
        assert any("already" in n.message for n in session.app._notifications)
        # asked for, a separate meeting is made: `s` on the question
        await session.focus(pilot, A0, "Kritenbrink")
        await pilot.press("w", *"ma zhaoxu", "tab", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(session.app.screen, ConfirmScreen)   # undated, but the same article
        await pilot.press("s")
        await pilot.pause()
        (new_id,) = set(session.meetings()) - set(meetings)
        assert new_id == "m-undated-kritenbrink-ma-zhaoxu"


async def test_add_edit_delete_a_meeting_and_edit_metadata(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "Daniel Kritenbrink")
        before = set(session.meetings())
        await pilot.press("w")
        picker = session.app.screen
        assert isinstance(picker, PersonPicker)
        assert picker.marked == ["daniel-kritenbrink", "ma-zhaoxu"]   # the people in the sentence
        await pilot.press("enter")
        assert isinstance(session.app.screen, FormScreen)
        session.app.screen.query_one("#field-place").value = "Beijing"
        # a day before the model's Beijing meeting of the two: a meeting of its own, made at once
        session.app.screen.query_one("#field-date").value = "2023-06-04"
        await pilot.press("ctrl+s")
        (new_id,) = set(session.meetings()) - before
        assert new_id == "m-2023-06-04-kritenbrink-ma-zhaoxu"
        meeting = session.meetings()[new_id]
        assert (meeting.place, meeting.date, meeting.by) == ("Beijing", "2023-06-04", "analyst")
        assert "Kritenbrink" in meeting.reports[0].evidence and meeting.reports[0].article == A0
        # edit it from the cursor in its sentence, then delete it
        await session.focus(pilot, A0, "Daniel Kritenbrink")
        session.app.query_one("#side").show_meeting(session.ws, new_id)
        await pilot.press("W")
        form = session.app.screen
        form.query_one("#field-status").value = "maybe"
        await pilot.press("ctrl+s")
        assert isinstance(session.app.screen, FormScreen)          # not saved: status is wrong
        form.query_one("#field-status").value = "planned"
        assert form.query_one("#field-participants").value == "Daniel Kritenbrink, Ma Zhaoxu"
        form.query_one("#field-participants").value = "Daniel Kritenbrink, Ma Zhaoxu, Nobody"
        await pilot.press("ctrl+s")
        assert isinstance(session.app.screen, FormScreen)          # not saved: no such person
        form.query_one("#field-participants").value = "Daniel Kritenbrink, ma zhaoxu, Sun Weidong"
        await pilot.press("ctrl+s")
        assert session.meetings()[new_id].status == "planned"
        assert session.meetings()[new_id].participants == ["daniel-kritenbrink", "ma-zhaoxu", "sun-weidong"]
        await pilot.press("W", "ctrl+d")
        assert new_id not in session.meetings()
        # article metadata
        await pilot.press("E")
        session.app.screen.query_one("#field-title").value = "Kritenbrink in Beijing"
        session.app.screen.query_one("#field-published").value = "June 5"
        await pilot.press("ctrl+s")
        assert isinstance(session.app.screen, FormScreen)
        session.app.screen.query_one("#field-published").value = "2023-06-05"
        await pilot.press("ctrl+s")
        meta = session.disk(A0).meta
        assert (meta.title, meta.published) == ("Kritenbrink in Beijing", "2023-06-05")


async def test_next_unreviewed_and_the_alias_queue(session: Session) -> None:
    session.ws.people["kritenbrink"] = Person("kritenbrink", "Kritenbrink")
    session.ws.people["daniel-kritenbrink"].aliases = []
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.action_focus_pane("reader")
        view = session.app.query_one(ArticleView)
        for _ in range(10):   # past any meeting reports to the first mention
            await pilot.press("r")
            if session.app._review_item.kind == "mention":
                break
        first = view.cursor_mention
        assert first is not None and not session.ws.annotations[session.app.article_id].mentions[first].analyst_owned
        await pilot.press("y", "r")
        assert view.cursor_mention != first
        await pilot.press("A")
        await session.app.workers.wait_for_complete()   # the search for pairs runs in a thread
        await pilot.pause()
        queue = session.app.screen
        assert isinstance(queue, AliasQueue) and {queue.current.a, queue.current.b} == {"daniel-kritenbrink",
                                                                                         "kritenbrink"}
        await pilot.press("y")
        assert "kritenbrink" not in session.people()
        assert load_decisions(session.root).answer("kritenbrink", "daniel-kritenbrink") == "same"


async def test_undo_and_redo_across_two_articles(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        files = [AnnotationStore(session.root).article_path(a) for a in (A0, A1)]
        before = [f.read_bytes() for f in files]
        await session.focus(pilot, A0, "State Department")
        await pilot.press("x")
        await session.focus(pilot, A1, "Washington")
        await pilot.press("l", "l")
        after = [f.read_bytes() for f in files]
        assert after[0] != before[0] and after[1] != before[1]
        await pilot.press("u")
        assert session.app.article_id == A1
        await pilot.press("u")
        assert session.app.article_id == A0     # the undo shows where it happened
        assert [f.read_bytes() for f in files] == before
        await pilot.press("ctrl+r", "ctrl+r")
        assert [f.read_bytes() for f in files] == after


async def test_external_edit_and_conflict_while_the_app_is_open(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        path = AnnotationStore(session.root).article_path(A0)
        stale = path.read_text(encoding="utf-8")
        i = await session.focus(pilot, A0, "State Department")
        await pilot.press("l", "f")
        # a hand edit elsewhere in the file merges in
        path.write_text(path.read_text(encoding="utf-8").replace("note: ''", "note: from git"), encoding="utf-8")
        session.app._poll_files()
        await pilot.pause()
        assert session.ws.annotations[A0].note == "from git" and session.disk(A0).mentions[i].label == "FAC"
        # an editor buffer from before the relabel changes the same mention: a conflict
        m = session.ws.annotations[A0].mentions[i]
        line = next(x for x in stale.splitlines() if f"start: {m.start}," in x)
        path.write_text(stale.replace(line, line.replace("label: ORG", "label: GPE")), encoding="utf-8")
        session.app._poll_files()
        await pilot.pause()
        assert isinstance(session.app.screen, ConflictScreen)
        written = path.read_bytes()
        await pilot.press("T", "ctrl+s")
        await pilot.pause()
        assert path.read_bytes() != written
        assert {x.label for x in session.disk(A0).mentions if x.start == m.start} == {"GPE"}


async def test_invalid_file_shows_the_problem_and_stays_untouched(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        path = AnnotationStore(session.root).article_path(A0)
        broken = path.read_text(encoding="utf-8").replace("mentions:\n", "mentions:\n  - [oops\n", 1)
        path.write_text(broken, encoding="utf-8")
        session.app._poll_files()
        await pilot.pause()
        assert any(str(p).startswith(f"{path}:") and str(p).split(":")[1].isdigit() for p in session.ws.problems)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("x")
        assert path.read_text(encoding="utf-8") == broken
        assert session.ws.annotations[A0].mentions[session.index(A0, "State Department")].status == "unreviewed"
        await pilot.press("exclamation_mark")
        assert str(path) in str(session.app.screen.problems[0]) or any(
            str(path) in str(p) for p in session.app.screen.problems)


async def test_r_walks_every_item_once_and_y_reviews_a_meeting(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        session.app.go(Place(A3))
        session.app.action_focus_pane("reader")
        seen = []
        for _ in range(80):
            await pilot.press("r")
            item = session.app._review_item
            if item.kind == "meeting":
                break
            seen.append((item.article, item.start, item.end))
        assert item.kind == "meeting" and len(seen) == len(set(seen))   # r never stands still
        await pilot.press("y")
        assert session.meetings()[item.ref].review == "accepted"
        await pilot.press("u")
        assert session.meetings()[item.ref].review == "unreviewed"


async def test_moving_the_cursor_drops_the_selection(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "Daniel Kritenbrink")
        await pilot.press("v")
        assert session.app._selection is not None
        await pilot.press("n")          # the entity cursor moves on: Enter opens it, as before
        await pilot.press("enter")
        assert session.app._selection is None and not isinstance(session.app.screen, LabelPicker)


async def test_a_selection_may_cover_exactly_an_entity(session: Session) -> None:
    """v on a one-word entity selects exactly that word: marked, though an entity has that span."""
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        i = await session.focus(pilot, A0, "Beijing")
        m = session.ws.annotations[A0].mentions[i]
        await pilot.press("v")
        assert session.app._live_selection() == (m.start, m.end)
        await pilot.press("enter")
        assert isinstance(session.app.screen, LabelPicker)
        await pilot.press("escape", "escape")
        assert session.app._selection is None
