"""Tests written against bugs a mutation probe injected and the rest of the suite let
through: the order of an atomic save, where its temp file goes, empty mention spans,
and the roll-back of an undo refused half way. Real files in tmp_path throughout."""

from __future__ import annotations

import copy
import dataclasses
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from edit_fixtures import saved_workspace
from test_store import annotation

from tui.core import edits, sync
from tui.core.edits import EditHistory, StaleEdit
from tui.core.models import Meeting, Mention, Report
from tui.core.store import AnnotationStore, ReadOnlyError, StoreError
from tui.core.yaml_io import AtomicBatch, write_atomic

# ---- write_atomic: fsync the data, then rename, then fsync the folder ------------------------


class Recorder:
    """Spies on os.fsync and os.replace that call the real ones and note what they were
    given: for fsync, the kind, inode and size of the file behind the descriptor."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple] = []
        fsync, replace = os.fsync, os.replace

        def spy_fsync(fd: int) -> None:
            info = os.fstat(fd)
            kind = "dir" if stat.S_ISDIR(info.st_mode) else "file"
            self.calls.append(("fsync", kind, info.st_ino, info.st_size))
            fsync(fd)

        def spy_replace(src, dst) -> None:
            self.calls.append(("replace", Path(src), Path(dst)))
            replace(src, dst)

        monkeypatch.setattr(os, "fsync", spy_fsync)
        monkeypatch.setattr(os, "replace", spy_replace)


@pytest.mark.parametrize("exists", [False, True])
def test_write_atomic_syncs_the_data_before_the_rename_and_the_folder_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool) -> None:
    path = tmp_path / "articles" / "a1.yaml"
    if exists:
        path.parent.mkdir()
        path.write_bytes(b"old: version\n")
    data = b"id: a1\nnote: the new version\n"
    recorder = Recorder(monkeypatch)
    assert write_atomic(path, data) is True
    file_sync, (_, temp, target), dir_sync = recorder.calls
    # the temp file, whole, reached the disk before it took the name
    assert file_sync == ("fsync", "file", path.stat().st_ino, len(data))
    assert target == path and temp.parent == path.parent and temp != path
    # then the rename itself, by syncing the folder that holds the name
    assert dir_sync[:3] == ("fsync", "dir", path.parent.stat().st_ino)
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == ["a1.yaml"]


def test_write_atomic_makes_its_temp_file_beside_the_target_not_in_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A temp file elsewhere would be renamed across folders (or file systems: EXDEV), and
    # a kill would leave it in whatever folder the app was started from.
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = tmp_path / "annotations" / "people.yaml"
    recorder = Recorder(monkeypatch)
    write_atomic(path, b"people: []\n")
    [(_, temp, _)] = [call for call in recorder.calls if call[0] == "replace"]
    assert temp.is_absolute() and temp.parent == path.parent
    assert temp.name.startswith(".people.yaml.") and temp.name.endswith(".tmp")   # hidden, and named for its file
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              failure: BaseException) -> None:
    path = tmp_path / "people.yaml"
    path.write_bytes(b"people: []\n")
    path.chmod(0o640)

    def fail(fd: int) -> None:   # a full disk, or ctrl+c, at the fsync
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(failure)):
        write_atomic(path, b"people:\n- id: x\n")
    assert path.read_bytes() == b"people: []\n"
    assert [p.name for p in tmp_path.iterdir()] == ["people.yaml"]
    monkeypatch.undo()
    assert write_atomic(path, b"people:\n- id: x\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640   # the file's own permissions are kept
    assert write_atomic(path, b"people:\n- id: x\n") is False   # same bytes: not written again


def test_a_new_file_gets_its_folders_and_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "annotations" / "articles" / "a1.yaml"
    umask = os.umask(0o022)
    try:
        assert write_atomic(path, b"id: a1\n") is True
    finally:
        os.umask(umask)
    assert path.read_bytes() == b"id: a1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644   # as open(path, "w") would make it


def _replaced_after_their_data(calls: list[tuple], paths: list[Path]) -> None:
    """Each path was renamed into place only after its whole data was fsynced."""
    for path in paths:
        at = next(n for n, call in enumerate(calls) if call[0] == "replace" and call[2] == path)
        info = path.stat()
        assert ("fsync", "file", info.st_ino, info.st_size) in calls[:at], path


def test_a_batch_syncs_each_file_before_its_rename_and_each_folder_once_after_its_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [tmp_path / "articles" / f"a{n}.yaml" for n in range(3)] + [tmp_path / "people.yaml"]
    paths[1].parent.mkdir()
    paths[1].write_bytes(b"old: version\n")
    recorder = Recorder(monkeypatch)   # the fsyncs come from the batch's threads: the list is shared
    with AtomicBatch() as batch:
        assert all(batch.add(path, f"id: {path.stem}\n".encode()) for path in paths)
        assert not any(call[0] == "replace" for call in recorder.calls)   # nothing takes a name before commit
        assert batch.commit() == {}
    assert [path.read_bytes() for path in paths] == [f"id: {path.stem}\n".encode() for path in paths]
    _replaced_after_their_data(recorder.calls, paths)
    folders = [call[2] for call in recorder.calls if call[:2] == ("fsync", "dir")]
    assert sorted(folders) == sorted({p.parent.stat().st_ino for p in paths})   # once each
    for path in paths:   # ... and after the last rename into it
        last = max(n for n, call in enumerate(recorder.calls) if call[0] == "replace" and call[2].parent == path.parent)
        assert ("fsync", "dir", path.parent.stat().st_ino) in [c[:3] for c in recorder.calls[last:]]
    assert sorted(p.name for p in paths[0].parent.iterdir()) == ["a0.yaml", "a1.yaml", "a2.yaml"]


def test_a_batch_file_whose_fsync_fails_keeps_its_old_version_and_the_others_are_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [tmp_path / f"a{n}.yaml" for n in range(3)]
    for path in paths:
        path.write_bytes(b"old: version\n")
    fsync = os.fsync

    def full_disk_for_a1(fd: int) -> None:
        if os.fstat(fd).st_size == len(b"id: a1, the longer one\n"):
            raise OSError(28, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk_for_a1)
    with AtomicBatch() as batch:
        for path in paths:
            batch.add(path, f"id: {path.stem}{', the longer one' if path.stem == 'a1' else ''}\n".encode())
        failed = batch.commit()
    assert list(failed) == [paths[1]] and failed[paths[1]].strerror == "No space left on device"
    assert [path.read_bytes() for path in paths] == [b"id: a0\n", b"old: version\n", b"id: a2\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a0.yaml", "a1.yaml", "a2.yaml"]   # no temp file


def test_a_batch_interrupted_between_renames_keeps_what_it_renamed_and_leaves_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [tmp_path / f"a{n}.yaml" for n in range(3)]
    for path in paths:
        path.write_bytes(b"old: version\n")
    recorder = Recorder(monkeypatch)
    replace = os.replace

    def ctrl_c_at_the_second(src, dst) -> None:
        if Path(dst).name == "a1.yaml":
            raise KeyboardInterrupt
        replace(src, dst)

    monkeypatch.setattr(os, "replace", ctrl_c_at_the_second)
    with pytest.raises(KeyboardInterrupt), AtomicBatch() as batch:
        for path in paths:
            batch.add(path, b"new: version\n")
        batch.commit()
    assert batch.renamed == [paths[0]]
    assert [path.read_bytes() for path in paths] == [b"new: version\n", b"old: version\n", b"old: version\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a0.yaml", "a1.yaml", "a2.yaml"]
    assert ("fsync", "dir", tmp_path.stat().st_ino) in [c[:3] for c in recorder.calls]   # the rename made durable


def test_a_batch_left_without_commit_has_finished_every_fsync_when_the_with_block_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as when filling the batch fails half way: what the batch started must be over when it
    # returns, no fsync still running on a temp file it has removed
    paths = [tmp_path / f"a{n}.yaml" for n in range(3)]
    for path in paths:
        path.write_bytes(b"old: version\n")
    fsync, synced = os.fsync, []

    def slow_fsync(fd: int) -> None:
        time.sleep(0.2)
        fsync(fd)
        synced.append(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    with AtomicBatch(threads=3) as batch:
        for path in paths:
            batch.add(path, b"new: version\n")
    assert len(synced) == 3
    assert [path.read_bytes() for path in paths] == [b"old: version\n"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a0.yaml", "a1.yaml", "a2.yaml"]


def test_a_batch_runs_at_most_its_number_of_fsyncs_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fsync, lock = os.fsync, threading.Lock()
    running, most = [0], [0]

    def counted(fd: int) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        fsync(fd)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(os, "fsync", counted)
    with AtomicBatch(threads=2) as batch:
        for n in range(8):
            batch.add(tmp_path / f"a{n}.yaml", b"id: x\n")
        assert batch.commit() == {}
    assert most[0] == 2


def test_a_folder_whose_fsync_fails_reports_the_error_of_the_file_renamed_into_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.yaml"
    fsync = os.fsync

    def folder_fails(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(5, "Input/output error")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", folder_fails)
    with pytest.raises(OSError) as failed:
        write_atomic(path, b"people: []\n")
    assert failed.value.strerror == "Input/output error"   # renamed, but not durably: the caller is told
    assert path.read_bytes() == b"people: []\n"


def test_a_long_file_name_still_leaves_room_for_its_temp_file(tmp_path: Path) -> None:
    # the temp name adds 14 characters (".", ".", 8 hex digits, ".tmp"); names stop at 255
    path = tmp_path / ("a" * 236 + ".yaml")
    assert write_atomic(path, b"id: x\n") is True
    assert path.read_bytes() == b"id: x\n"


# ---- the store: a mention needs at least one character -------------------------------------

@pytest.mark.parametrize("empty", ["start", "reversed"])
def test_an_empty_mention_span_is_refused_and_the_file_kept_read_only(tmp_path: Path, empty: str) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    ann = annotation()
    store.save_annotation(ann)
    path = store.article_path("a1")
    beijing = next(m for m in ann.mentions if m.text == "Beijing")
    start, end = (beijing.start, beijing.start) if empty == "start" else (beijing.end, beijing.start)
    lines = path.read_text().split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "text: Beijing" in line)
    lines[number - 1] = lines[number - 1].replace(f"start: {beijing.start}, end: {beijing.end}",
                                                  f"start: {start}, end: {end}")
    assert lines[number - 1] != path.read_text().split("\n")[number - 1]
    path.write_text("\n".join(lines))
    hand_edited = path.read_bytes()
    loaded, problems = store.load_annotation("a1")
    assert [(p.path, p.line) for p in problems] == [(str(path), number)]
    assert "Beijing" not in [m.text for m in loaded.mentions]   # not read as an empty mention
    assert path in store.read_only
    with pytest.raises(ReadOnlyError):
        store.save_annotation(ann)
    assert path.read_bytes() == hand_edited


# ---- undo refused half way: everything it had applied is taken back --------------------------

def test_a_refused_merge_undo_leaves_the_workspace_and_the_files_as_they_were(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    store = AnnotationStore(tmp_path)
    saved: list[tuple[str, str]] = []

    def save(ws, target) -> None:
        saved.append(target)
        if target[0] == "article":
            store.save_annotation(ws.annotations[target[1]])
        elif target[0] == "people":
            store.save_people(ws.people)
        else:
            store.save_meetings(ws.meetings)

    history = EditHistory(ws, save)
    # A mistaken merge: Kritenbrink (7 mentions, 2 meetings) folded into Ma Zhaoxu.
    edit = edits.merge_people(ws, "ma-zhaoxu", "daniel-kritenbrink")
    moved = [c for c in edit.changes if isinstance(c, edits.MentionChange)]
    assert len({c.article for c in moved}) >= 2 and len(moved) >= 5
    history.do(edit)
    # A moved mention half way down the list changes underneath (a hand edit, reloaded):
    # undo takes back the people, the meetings and the mentions after it first, then
    # meets the changed one.
    middle = moved[len(moved) // 2]
    changed = next(m for m in ws.annotations[middle.article].mentions if m == middle.after)
    changed.status = "rejected"
    state = copy.deepcopy((ws.annotations, ws.people, ws.meetings))
    files = {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    saved.clear()
    with pytest.raises(StaleEdit):
        history.undo()
    assert (ws.annotations, ws.people, ws.meetings) == state
    assert "daniel-kritenbrink" not in ws.people and ws.people["ma-zhaoxu"].merged == ["daniel-kritenbrink"]
    assert saved == [] and {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")} == files
    assert history.can_undo   # still there, to try again once the file is sorted out


# ---- edits the mutation run found untested ---------------------------------------------------

A0 = "000_340ba6ed93e242f0"


def test_merge_order_names_the_missing_person_and_weighs_copies_merges_and_live_mentions(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    for a, b in (("nobody", "wang-yi"), ("wang-yi", "nobody")):
        with pytest.raises(edits.EditError, match="'nobody'"):
            edits.merge_order(ws, a, b)
    # Jake Sullivan and Wang Yi: two full names, model records; Wang Yi has more mentions
    assert edits.merge_order(ws, "jake-sullivan", "wang-yi") == ("wang-yi", "jake-sullivan")
    # rejected mentions are no standing: with his four rejected, Jake Sullivan's two win
    for m in (m for a in ws.annotations.values() for m in a.mentions if m.person == "wang-yi"):
        m.status = "rejected"
    assert edits.merge_order(ws, "wang-yi", "jake-sullivan") == ("jake-sullivan", "wang-yi")
    # a record something was merged into is established, whoever has more mentions
    ws.people["sun-weidong"].merged = ["sun-w"]
    assert edits.merge_order(ws, "xi-jinping", "sun-weidong") == ("sun-weidong", "xi-jinping")
    # "xi-jinping-2" is the copy, though it has every mention: the first keeps its id
    ws.people["xi-jinping-2"] = dataclasses.replace(ws.people["xi-jinping"], id="xi-jinping-2")
    for m in (m for a in ws.annotations.values() for m in a.mentions if m.person == "xi-jinping"):
        m.person = "xi-jinping-2"
    assert edits.merge_order(ws, "xi-jinping-2", "xi-jinping") == ("xi-jinping", "xi-jinping-2")
    # nothing tells them apart: the first named is kept, either way round
    ws.people["xi-twin"] = dataclasses.replace(ws.people["xi-jinping"], id="xi-twin")
    assert edits.merge_order(ws, "xi-jinping", "xi-twin") == ("xi-jinping", "xi-twin")
    assert edits.merge_order(ws, "xi-twin", "xi-jinping") == ("xi-twin", "xi-jinping")


def test_joining_a_meeting_fills_what_it_lacks_and_refuses_only_an_overlapping_report(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    text = ws.articles[A0].text
    first = edits.sentence_around(text, text.index("Wang Yi"), text.index("Wang Yi") + 7)
    second = edits.sentence_around(text, first[1] + 2, first[1] + 3)
    assert first[1] < second[0]
    partial = Meeting("m-partial", ["jake-sullivan"], "held", unnamed=["top diplomat"],
                      reports=[Report(A0, first[0], first[1], text[first[0]:first[1]])])
    report = Report(A0, second[0], second[1], text[second[0]:second[1]])
    edit = edits._join_meeting(ws, partial, report, ["jake-sullivan", "wang-yi"], "Europe", "2023-05")
    assert (edit.article, edit.spot) == (A0, second)   # where undo shows it again
    [change] = edit.changes
    joined = change.after
    assert joined.participants == ["jake-sullivan", "wang-yi"] and joined.unnamed == []   # now named
    assert (joined.place, joined.date, joined.review) == ("Europe", "2023-05", "accepted")
    assert [(r.start, r.end) for r in joined.reports] == [first, second]
    # what the meeting says already stays; a counterpart stays unnamed while one person is named
    full = dataclasses.replace(partial, participants=["jake-sullivan", "wang-yi"], place="Malta", date="2023-09",
                               unnamed=["aides"], review="rejected")
    joined = edits._join_meeting(ws, full, report, ["wang-yi"], "Europe", "2023-05").changes[0].after
    assert (joined.place, joined.date, joined.unnamed, joined.review) == ("Malta", "2023-09", ["aides"], "rejected")
    # a report touching the sentence, or the same offsets in another article, is not this one
    for other in (Report(A0, first[0], second[0], ""), Report(A0, second[1], second[1] + 5, ""),
                  Report("001_5843e84394fa44eb", *second, "")):
        edits._join_meeting(ws, dataclasses.replace(partial, reports=[other]), report, ["wang-yi"], None, None)
    for inside in (Report(A0, second[0], second[0] + 1, ""), Report(A0, second[1] - 1, second[1] + 5, "")):
        with pytest.raises(edits.EditError, match="already"):
            edits._join_meeting(ws, dataclasses.replace(partial, reports=[inside]), report, ["wang-yi"], None, None)



# ---- sync: a change on each side to overlapping spans --------------------------------------

def _with(ann, *mentions: Mention):
    out = copy.deepcopy(ann)
    out.mentions = sorted([*out.mentions, *mentions], key=lambda m: (m.start, m.end, m.label))
    return out


@pytest.mark.parametrize("choice", [None, "ours", "theirs"])
def test_spans_changed_on_both_sides_that_overlap_clash_and_the_choice_decides(choice: str | None) -> None:
    base = annotation()
    beijing = next(m for m in base.mentions if m.text == "Beijing")
    ours = copy.deepcopy(base)   # the analyst widened "Beijing" to "Beijing on"
    ours.mentions = [dataclasses.replace(m, end=m.end + 3, text="Beijing on", by="analyst")
                     if m == beijing else m for m in ours.mentions]
    mine = next(m for m in ours.mentions if m.text == "Beijing on")
    on_monday = Mention(beijing.end + 1, beijing.end + 10, "on Monday", "DATE", by="analyst")
    far = Mention(0, 4, "Vice", "ORG", by="analyst")   # theirs too, before it and far from "Beijing on"
    theirs = _with(base, far, on_monday)
    key = f"overlap {mine.start}-{mine.end} / {on_monday.start}-{on_monday.end}"
    merged, clashes = sync.merge(("article", "a1"), base, ours, theirs, {key: choice} if choice else None)
    assert [(c.key, c.ours, c.theirs) for c in clashes] == ([(key, mine, on_monday)] if choice is None else [])
    assert far in merged.mentions
    texts = [m.text for m in merged.mentions]
    assert ("Beijing on" in texts, "on Monday" in texts) == ((False, True) if choice == "theirs" else (True, False))
    assert "Beijing" not in texts and len(merged.mentions) == len(base.mentions) + 1


def test_one_span_widened_over_two_of_theirs_gives_way_to_both_when_told() -> None:
    base = annotation()
    beijing = next(m for m in base.mentions if m.text == "Beijing")
    ours = copy.deepcopy(base)
    ours.mentions = [dataclasses.replace(m, start=m.start - 3, end=m.end + 3, text="in Beijing on", by="analyst")
                     if m == beijing else m for m in ours.mentions]
    mine = next(m for m in ours.mentions if m.text == "in Beijing on")
    before = Mention(mine.start - 5, mine.start + 1, "met in", "EVENT", by="analyst")
    after = Mention(mine.end - 2, mine.end + 7, "on Monday", "DATE", by="analyst")
    keys = [f"overlap {mine.start}-{mine.end} / {m.start}-{m.end}" for m in (before, after)]
    merged, clashes = sync.merge(("article", "a1"), base, ours, _with(base, before, after),
                                 {key: "theirs" for key in keys})
    assert clashes == [] and before in merged.mentions and after in merged.mentions and mine not in merged.mentions


def test_a_relabel_on_both_sides_clashes_on_the_mention_key() -> None:
    base = annotation()
    beijing = next(m for m in base.mentions if m.text == "Beijing")
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    for ann, label in ((ours, "LOC"), (theirs, "FAC")):
        ann.mentions = [dataclasses.replace(m, label=label) if m == beijing else m for m in ann.mentions]
    merged, clashes = sync.merge(("article", "a1"), base, ours, theirs)
    assert [c.key for c in clashes] == [f"mention {beijing.start}-{beijing.end}"]
    merged, clashes = sync.merge(("article", "a1"), base, ours, theirs, {clashes[0].key: "theirs"})
    assert clashes == [] and "FAC" in [m.label for m in merged.mentions if m.text == "Beijing"]


@pytest.mark.parametrize("start, end, status", [
    (3, 10, "accepted"),     # just after the widened span, touching it: no overlap
    (-12, 0, "accepted"),    # just before it, touching
    (1, 10, "rejected"),     # a rejected mention blocks nothing
])
def test_changes_on_both_sides_that_do_not_overlap_are_both_kept(start: int, end: int, status: str) -> None:
    base = annotation()
    beijing = next(m for m in base.mentions if m.text == "Beijing")
    ours = copy.deepcopy(base)
    ours.mentions = [dataclasses.replace(m, end=m.end + 3, text="Beijing on", by="analyst")
                     if m == beijing else m for m in ours.mentions]
    added = Mention(beijing.end + start if start > 0 else beijing.start + start,
                    beijing.end + end if start > 0 else beijing.start + end, "x", "DATE", by="analyst", status=status)
    merged, clashes = sync.merge(("article", "a1"), base, ours, _with(base, added))
    assert clashes == []
    widened = next(m for m in ours.mentions if m.text == "Beijing on")
    assert widened in merged.mentions and added in merged.mentions
    assert len(merged.mentions) == len(base.mentions) + 1


def test_a_new_person_record_is_whole_and_the_mention_points_only_at_it(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    i = next(i for i, m in enumerate(ws.annotations[A0].mentions) if m.text == "State Department")
    ws.annotations[A0].mentions[i].candidates = ["wang-yi", "xi-jinping"]   # it had been left undecided
    edit = edits.new_person(ws, A0, i, "  Matthew Miller ", affiliation="US")
    spot = (ws.annotations[A0].mentions[i].start, ws.annotations[A0].mentions[i].end)
    assert (edit.description, edit.article, edit.spot) == ("new person Matthew Miller", A0, spot)
    EditHistory(ws, lambda ws, target: None).do(edit)
    person = ws.people["matthew-miller"]
    assert (person.id, person.name, person.affiliation, person.by) == ("matthew-miller", "Matthew Miller", "US",
                                                                       "analyst")
    m = ws.annotations[A0].mentions[i]
    assert (m.person, m.candidates, m.label, m.status) == ("matthew-miller", [], "PERSON", "accepted")
    with pytest.raises(edits.EditError, match="name"):
        edits.new_person(ws, A0, i, "   ")
    # split off a linked person: the description says from whom
    j = next(j for j, m in enumerate(ws.annotations[A0].mentions) if m.person == "daniel-kritenbrink")
    assert edits.new_person(ws, A0, j, "D. K.").description.startswith("split “")


def test_a_temp_file_whose_flush_and_close_both_fail_on_a_full_disk_is_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A buffered file that could not flush tries again on close, and fails again: the save
    # reports the first failure and leaves no temp file behind.
    store = AnnotationStore(tmp_path)
    store.save_annotation(annotation())
    path = store.article_path("a1")
    old = path.read_bytes()
    fdopen = os.fdopen

    class FullDisk:
        def __init__(self, file) -> None:
            self.file = file

        def write(self, data: bytes) -> int:
            return len(data)

        def flush(self) -> None:
            raise OSError(28, "No space left on device")

        def close(self) -> None:
            self.file.close()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: FullDisk(fdopen(fd, mode, *a, **k))
                        if mode == "wb" else fdopen(fd, mode, *a, **k))
    changed = annotation()
    changed.note = "not saved"
    with pytest.raises(StoreError, match="not saved: No space left on device"):
        store.save_annotation(changed)
    assert path.read_bytes() == old and sorted(p.name for p in path.parent.iterdir()) == ["a1.yaml"]
