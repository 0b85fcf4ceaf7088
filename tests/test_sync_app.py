"""The app's saves against files that change under it (issue #10, items 1-4): the real app
through Pilot, a second newsdesk as a real process (tests/app_driver.py), real files."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from app_driver import Driver
from edit_fixtures import Session, hold_lock_and_save, start
from textual.widgets import Input

from tui.core.store import AnnotationStore
from tui.ui import editing
from tui.ui.screens.conflict import ConflictScreen, QuitScreen
from tui.ui.screens.form import FormScreen

A0 = "000_340ba6ed93e242f0"


@pytest.fixture
def no_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's one-second watch timer off: an edit then always lands before the app has
    noticed the change on disk, the window these tests are about (a poll in between would
    let today's code pass by luck)."""
    monkeypatch.setattr(editing, "POLL_SECONDS", 3600)


def mention(session: Session, aid: str, text: str, nth: int = 0):
    return [m for m in session.disk(aid).mentions if m.text == text][nth]


def relabelled(text: str, session: Session, aid: str, name: str, old: str, new: str) -> str:
    """The file text with one mention's label changed (same length: the file keeps its size)."""
    m = [m for m in session.ws.annotations[aid].mentions if m.text == name][0]
    line = next(x for x in text.splitlines() if f"start: {m.start}, end: {m.end}," in x)
    assert len(old) == len(new) and f"label: {old}" in line
    return text.replace(line, line.replace(f"label: {old}", f"label: {new}"))


async def test_two_instances_keep_each_others_edits(session: Session, no_poll: None) -> None:
    """A rejects a mention and quits; B, open all along, edits the same file 0.3 s later."""
    async with session.app.run_test(size=(140, 45)) as pilot:   # B
        await start(session, pilot)
        other = Driver(session.root)                              # A
        other.send(focus=[A0, "Beijing", 1])
        other.send(press=["x"])
        other.send(press=["q"])
        assert other.close() == 0
        assert mention(session, A0, "Beijing", 1).status == "rejected"
        time.sleep(0.3)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("y")
        await pilot.pause()
    assert mention(session, A0, "State Department").status == "accepted"
    assert mention(session, A0, "Beijing", 1).status == "rejected"   # A's rejection is still there


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.8])
async def test_a_colleagues_version_landing_before_an_edit_is_kept(session: Session, no_poll: None,
                                                                     delay: float) -> None:
    """As from `git pull`: the file replaced `delay` s before an edit. At 0 s it is rewritten
    in place with the same size and mtime (one mtime tick): only its content tells."""
    path = AnnotationStore(session.root).article_path(A0)
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        theirs = relabelled(path.read_text(encoding="utf-8"), session, A0, "Foreign Ministry", "ORG", "FAC")
        if delay:
            pulled = path.with_name(".pulled")
            pulled.write_text(theirs, encoding="utf-8")
            os.replace(pulled, path)
        else:
            before = path.stat()
            with open(path, "r+b") as file:
                file.write(theirs.encode("utf-8"))
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        time.sleep(delay)
        await pilot.press("y")
        await pilot.pause()
    assert mention(session, A0, "Foreign Ministry").label == "FAC"          # the colleague's change
    assert mention(session, A0, "State Department").status == "accepted"    # and the edit


async def test_a_save_waits_for_another_newsdesk_holding_the_lock(session: Session, no_poll: None) -> None:
    """Another process checks and writes under the folder lock (as `newsdesk annotate` does):
    the app's save waits for it, then merges what it wrote instead of overwriting it."""
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        child = hold_lock_and_save(session.root, A0, "written while holding the lock", 0.6)
        began = time.monotonic()
        await pilot.press("y")
        await pilot.pause()
        waited = time.monotonic() - began
    assert child.wait(30) == 0
    assert waited > 0.3, "the save did not wait for the lock"
    assert not [n.message for n in session.app._notifications if n.severity == "error"]   # noqa: SLF001
    assert session.disk(A0).note == "written while holding the lock"
    assert mention(session, A0, "State Department").status == "accepted"


def _linked(session: Session, pid: str) -> tuple[str, str]:
    return next((aid, m.text) for aid, a in sorted(session.ws.annotations.items())
                for m in a.mentions if m.person == pid)


async def test_a_hand_edit_of_a_note_just_before_the_app_saves_that_person_is_a_conflict(
        session: Session, no_poll: None) -> None:
    path = AnnotationStore(session.root).people_path
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, *_linked(session, "wang-yi"))
        await pilot.press("e")
        assert isinstance(session.app.screen, FormScreen)
        session.app.screen.query_one("#field-note", Input).value = "mine: met Sullivan in Malta"
        text = path.read_text(encoding="utf-8")
        start_of = text.index("name: Wang Yi")
        hand = text[:start_of] + text[start_of:].replace("note: ''", "note: theirs, by hand", 1)
        path.write_text(hand, encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(session.app.screen, ConflictScreen)
        assert path.read_text(encoding="utf-8") == hand                      # not overwritten
        assert session.ws.people["wang-yi"].note == "mine: met Sullivan in Malta"   # and mine is kept
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
    assert session.people()["wang-yi"].note == "mine: met Sullivan in Malta"


async def test_a_later_hand_edit_of_a_field_the_app_wrote_is_not_a_conflict(session: Session) -> None:
    path = AnnotationStore(session.root).article_path(A0)
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        await retitle(session, pilot, "Talks in Beijing")
        assert session.disk(A0).meta.title == "Talks in Beijing"
        path.write_text(path.read_text(encoding="utf-8").replace("title: Talks in Beijing",
                                                                 "title: Candid talks in Beijing"), encoding="utf-8")
        await pilot.pause(editing.POLL_SECONDS * 1.5)   # the app's own watch timer
        assert not isinstance(session.app.screen, ConflictScreen) and not session.app.sync.conflicts
        assert session.ws.annotations[A0].meta.title == "Candid talks in Beijing"


async def test_a_change_on_disk_updates_the_list_row_and_the_review_count(session: Session) -> None:
    """As from `git pull` or `newsdesk import`: the reader is not the only place that shows it."""
    from tui.ui.widgets.article_table import ArticleTable

    def to_review() -> int:
        status = str(session.app.query_one("#status").render())
        return int(status.split("to review: ")[1].split(" mention")[0]) if "to review: " in status else 0

    store = AnnotationStore(session.root)
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        before, waiting = next(r for r in session.app.all_rows if r.id == A0), to_review()
        assert before.unreviewed > 0
        annotation, _ = store.load_annotation(A0)
        for m in annotation.mentions:   # a colleague reviewed the whole article
            m.by, m.status = "analyst", "accepted" if m.status == "unreviewed" else m.status
        store.save_annotation(annotation)
        session.app._poll_files()   # noqa: SLF001 - the timer's own call, without waiting a second for it
        await pilot.pause()
        row = next(r for r in session.app.query_one(ArticleTable).rows if r.id == A0)
        assert (row.reviewed, row.total) == (before.total, before.total)
        assert to_review() == waiting - before.unreviewed


async def _open_conflict(session: Session, pilot) -> tuple[Path, bytes]:
    """The app relabels State Department ORG → FAC; a stale editor buffer saves it as GPE:
    a real conflict, left for later (Escape). Returns the file and its bytes."""
    path = AnnotationStore(session.root).article_path(A0)
    stale = path.read_text(encoding="utf-8")
    await session.focus(pilot, A0, "State Department")
    await pilot.press("l", "f")
    await pilot.pause()
    path.write_text(relabelled(stale, session, A0, "State Department", "ORG", "GPE"), encoding="utf-8")
    session.app._poll_files()   # noqa: SLF001 - the timer's own call, without waiting a second for it
    await pilot.pause()
    assert isinstance(session.app.screen, ConflictScreen)
    await pilot.press("escape")
    await pilot.pause()
    return path, path.read_bytes()


TYPED = "Typed while the file was in conflict"


async def retitle(session: Session, pilot, title: str) -> None:
    """E, a new title typed into the form, Enter."""
    await pilot.press("E")
    session.app.screen.query_one("#field-title", Input).value = title
    await pilot.press("enter")
    await pilot.pause()


async def test_an_edit_to_a_file_in_conflict_waits_and_the_form_text_is_kept(session: Session) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        path, theirs = await _open_conflict(session, pilot)
        await retitle(session, pilot, TYPED)
        assert not isinstance(session.app.screen, FormScreen)
        assert path.read_bytes() == theirs                        # the file waits
        assert session.ws.annotations[A0].meta.title == TYPED
        await pilot.press("C")
        await pilot.press("ctrl+s")                               # mine at the clash
        await pilot.pause()
    on_disk = session.disk(A0)
    assert on_disk.meta.title == TYPED
    assert mention(session, A0, "State Department").label == "FAC"


@pytest.mark.parametrize(("key", "label"), [("m", "FAC"), ("t", "GPE"), ("b", "GPE")])
async def test_quit_with_a_conflict_asks_and_keeps_the_answer(session: Session, key: str, label: str) -> None:
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        path, theirs = await _open_conflict(session, pilot)
        await pilot.press("q")
        assert isinstance(session.app.screen, QuitScreen)
        await pilot.press("escape")                              # stay: nothing changes
        assert not isinstance(session.app.screen, QuitScreen) and path.read_bytes() == theirs
        await pilot.press("q", key)
        await pilot.pause()
        assert session.app._exit   # noqa: SLF001 - the app is on its way out
    assert mention(session, A0, "State Department").label == label
    mine = path.with_name(f"{A0}.mine.yaml")
    assert mine.exists() == (key == "b")
    if key == "b":
        assert path.read_bytes() == theirs
        assert "label: FAC" in [x for x in mine.read_text(encoding="utf-8").splitlines()
                                if "text: State Department" in x][0]


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)])
def test_a_signal_saves_mine_beside_the_file_and_exits(tmp_path: Path, number: int) -> None:
    """The real app in its own process (app_driver.py), a conflict open, then SIGTERM or
    SIGHUP from outside, as a shutdown or a closed terminal sends it."""
    session = Session(tmp_path / "annotations")
    path = AnnotationStore(session.root).article_path(A0)
    stale = path.read_text(encoding="utf-8")
    app = Driver(session.root)
    app.send(focus=[A0, "State Department", 0])
    app.send(press=["l", "f"])
    theirs = relabelled(stale, session, A0, "State Department", "ORG", "GPE")
    path.write_text(theirs, encoding="utf-8")
    app.send(wait="conflict")   # the app's watch timer found it
    app.process.send_signal(number)
    assert app.close() == 0
    assert path.read_text(encoding="utf-8") == theirs
    mine = path.with_name(f"{A0}.mine.yaml")
    line = next(x for x in mine.read_text(encoding="utf-8").splitlines() if "text: State Department" in x)
    assert "label: FAC" in line


async def test_an_annotation_file_that_is_a_symlink_is_written_through_the_link(session: Session) -> None:
    path = AnnotationStore(session.root).article_path(A0)
    real = session.root.parent / "shared" / path.name
    real.parent.mkdir()
    os.replace(path, real)
    path.symlink_to(real)
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("y")
        await pilot.pause()
    assert path.is_symlink() and path.resolve() == real.resolve()
    assert mention(session, A0, "State Department").status == "accepted"
    assert [p.name for p in real.parent.iterdir()] == [path.name]   # no temp file left beside the target


async def test_a_write_protected_file_is_not_replaced_and_the_analyst_is_told(session: Session) -> None:
    """As `newsdesk annotate` does: a file without write permission is left alone (checked by
    mode, since root, which these tests may run as, passes every access check)."""
    path = AnnotationStore(session.root).article_path(A0)
    path.chmod(0o444)
    before = path.read_bytes()
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        i = await session.focus(pilot, A0, "State Department")
        await pilot.press("y")
        await pilot.pause()
        assert path.read_bytes() == before
        assert session.ws.annotations[A0].mentions[i].status == "unreviewed"   # nothing half-done
        told = [n.message for n in session.app._notifications]   # noqa: SLF001
        assert any("write-protected" in m and "chmod u+w" in m and str(path) in m for m in told), told
    assert path.stat().st_mode & 0o777 == 0o444


async def test_a_refused_form_comes_back_with_what_was_typed(session: Session) -> None:
    path = AnnotationStore(session.root).people_path
    path.chmod(0o444)
    before = path.read_bytes()
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, *_linked(session, "wang-yi"))
        await pilot.press("e")
        session.app.screen.query_one("#field-note", Input).value = "a long note typed by hand"
        await pilot.press("enter")
        await pilot.pause()
        assert path.read_bytes() == before
        assert isinstance(session.app.screen, FormScreen)   # open again, the text still in it
        assert session.app.screen.query_one("#field-note", Input).value == "a long note typed by hand"
        path.chmod(0o644)                                    # as the refusal said: make it writable
        await pilot.press("enter")
        await pilot.pause()
    assert session.people()["wang-yi"].note == "a long note typed by hand"


async def test_a_change_landing_while_the_workspace_is_read_is_not_dropped(tmp_path: Path) -> None:
    session = Session(tmp_path / "annotations")
    path = AnnotationStore(session.root).article_path(A0)

    def load(articles: Path, annotations: Path):
        """The workspace as read, and then a colleague's version lands before the app is ready."""
        path.write_text(relabelled(path.read_text(encoding="utf-8"), session, A0, "Foreign Ministry", "ORG", "FAC"),
                        encoding="utf-8")
        return session.ws

    session.app._loader = load   # noqa: SLF001 - the app's loader hook (Session sets it too)
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        await session.focus(pilot, A0, "State Department")
        await pilot.press("y")
        await pilot.pause()
    assert mention(session, A0, "Foreign Ministry").label == "FAC"
    assert mention(session, A0, "State Department").status == "accepted"


async def test_a_reload_waits_while_a_conflict_is_open(session: Session) -> None:
    """people.yaml changing on disk makes the app read every file again; with a conflict open
    that would drop the analyst's side and the edits waiting for it, so it waits too."""
    people = AnnotationStore(session.root).people_path
    async with session.app.run_test(size=(140, 45)) as pilot:
        await start(session, pilot)
        path, theirs = await _open_conflict(session, pilot)
        await retitle(session, pilot, TYPED)
        people.write_text(people.read_text(encoding="utf-8").replace("people:\n", "people:\n- id: li-qiang\n"
                                                                     "  name: Li Qiang\n", 1), encoding="utf-8")
        session.app._poll_files()   # noqa: SLF001 - the timer's own call
        await session.app.workers.wait_for_complete()
        await pilot.pause()
        assert "li-qiang" in session.app.ws.people
        assert session.app.ws.annotations[A0].meta.title == TYPED
        assert session.app.sync.conflicts and path.read_bytes() == theirs
        await pilot.press("C", "ctrl+s")
        await session.app.workers.wait_for_complete()
        await pilot.pause()
        assert not session.app.sync.conflicts
    assert session.disk(A0).meta.title == TYPED
    assert mention(session, A0, "State Department").label == "FAC"
