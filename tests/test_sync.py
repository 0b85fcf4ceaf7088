"""Saving edits and merging external changes: the seed workspace written to tmp_path."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import pytest
from edit_fixtures import hold_lock_and_save, saved_workspace

from tui.core import edits
from tui.core.annotate import annotate
from tui.core.edits import MEETINGS, PEOPLE, EditError, EditHistory
from tui.core.review import DECISIONS
from tui.core.store import AnnotationStore, ReadOnlyError
from tui.core.sync import Sync, describe, distance, merge, stamps

A0, A1 = "000_340ba6ed93e242f0", "001_5843e84394fa44eb"


class Desk:
    def __init__(self, root: Path) -> None:
        self.ws = saved_workspace(root)
        self.sync = Sync(self.ws)
        self.history = EditHistory(self.ws, self.sync.save, self.sync.writable)
        self.store = self.ws.store

    def index(self, aid: str, text: str, nth: int = 0) -> int:
        return [i for i, m in enumerate(self.ws.annotations[aid].mentions) if m.text == text][nth]

    def disk(self, aid: str):
        return AnnotationStore(self.store.root).load_annotation(aid, self.ws.articles[aid])[0]


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk(tmp_path)


def hand_edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_edits_are_on_disk_at_once(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    assert desk.disk(A0).mentions[i].label == "FAC"
    desk.history.undo()
    assert desk.disk(A0).mentions[i].label == "ORG"
    assert not desk.sync.poll()   # our own saves are not external changes


def test_external_edit_elsewhere_in_the_file_merges(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    path = desk.store.article_path(A0)
    hand_edit(path, "note: ''", "note: checked by hand")     # a hand edit of another field
    hand_edit(path, "mentions:\n", "# reviewed by Ann on Monday\nmentions:\n")
    result = desk.sync.poll()
    assert result.merged == [("article", A0)] and not result.conflicts
    assert desk.ws.annotations[A0].note == "checked by hand"
    assert desk.ws.annotations[A0].mentions[i].label == "FAC"
    # the next edit keeps both, and the hand-written comment
    desk.history.do(edits.accept(desk.ws, A0, desk.index(A0, "Ma Zhaoxu")))
    text = path.read_text(encoding="utf-8")
    assert "# reviewed by Ann on Monday\nmentions:\n" in text and "note: checked by hand" in text
    on_disk = desk.disk(A0)
    assert on_disk.mentions[i].label == "FAC" and on_disk.note == "checked by hand"


def test_external_edit_while_ours_is_only_in_memory_is_merged_and_written(desk: Desk) -> None:
    # the disk gets a new person by hand; ours has an edit to another person
    desk.history.do(edits.edit_person(desk.ws, "wang-yi", affiliation="PRC"))
    path = desk.store.people_path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("people:\n", "people:\n- id: li-qiang\n  name: Li Qiang\n", 1), encoding="utf-8")
    result = desk.sync.poll()
    assert result.merged == [PEOPLE]
    assert desk.ws.people["li-qiang"].name == "Li Qiang" and desk.ws.people["wang-yi"].affiliation == "PRC"


def test_a_stale_editor_buffer_merges_around_our_edit(desk: Desk) -> None:
    """The analyst opened the file in an editor before the app's edit, and saves later:
    the app's edit is not lost, theirs is taken."""
    path = desk.store.article_path(A0)
    stale = path.read_text(encoding="utf-8")
    desk.history.do(edits.relabel(desk.ws, A0, desk.index(A0, "State Department"), "FAC"))
    path.write_text(stale.replace("note: ''", "note: by hand"), encoding="utf-8")
    assert desk.sync.poll().merged == [("article", A0)]
    on_disk = desk.disk(A0)
    assert on_disk.note == "by hand" and any(m.label == "FAC" for m in on_disk.mentions)


def _stale_relabel(desk: Desk) -> tuple[Path, int, str]:
    """The app relabels ORG → FAC while an editor buffer from before changes it to GPE."""
    path = desk.store.article_path(A0)
    stale = path.read_text(encoding="utf-8")
    i = desk.index(A0, "State Department")
    m = desk.ws.annotations[A0].mentions[i]
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    line = next(line for line in stale.splitlines() if f"start: {m.start}," in line)
    path.write_text(stale.replace(line, line.replace("label: ORG", "label: GPE")), encoding="utf-8")
    return path, m.start, f"{m.start}-{m.end}"


def test_colliding_edit_becomes_a_conflict_and_nothing_is_written(desk: Desk) -> None:
    path, start, span = _stale_relabel(desk)
    before = path.read_bytes()
    result = desk.sync.poll()
    assert len(result.conflicts) == 1
    clash = result.conflicts[0].clashes[0]
    assert span in clash.key and (clash.ours.label, clash.theirs.label) == ("FAC", "GPE")
    # an edit to the file waits in the session: made, but the file is left as it is
    desk.history.do(edits.accept(desk.ws, A0, desk.index(A0, "Ma Zhaoxu")))
    assert path.read_bytes() == before
    # their side wins: our FAC goes, their GPE stays, and the edit that waited is written
    desk.sync.resolve(("article", A0), {clash.key})
    assert {m.label for m in desk.disk(A0).mentions if m.start == start} == {"GPE"}
    assert {m.status for m in desk.disk(A0).mentions if m.text == "Ma Zhaoxu"} == {"accepted"}
    assert not desk.sync.conflicts


def test_conflict_resolved_our_way(desk: Desk) -> None:
    stale = desk.store.people_path.read_text(encoding="utf-8")
    desk.history.do(edits.edit_person(desk.ws, "wang-yi", note="ours"))
    hand = re.sub(r"(name: Wang Yi\n(?:  .*\n)*?  note: )''", r"\1theirs", stale)
    assert hand != stale
    desk.store.people_path.write_text(hand, encoding="utf-8")
    conflict = desk.sync.poll().conflicts[0]
    assert [c.key for c in conflict.clashes] == ["person wang-yi note"]
    desk.sync.resolve(PEOPLE, set())
    assert AnnotationStore(desk.store.root).load_people()[0]["wang-yi"].note == "ours"


def test_invalid_file_is_read_only_and_never_overwritten(desk: Desk) -> None:
    path = desk.store.meetings_path
    path.write_text(path.read_text(encoding="utf-8").replace("status: held", "status: [held", 1), encoding="utf-8")
    broken = path.read_bytes()
    result = desk.sync.poll()
    assert result.problems and re.match(rf"{re.escape(str(path))}:\d+: ", str(result.problems[0]))
    with pytest.raises(EditError, match="read-only"):
        desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    with pytest.raises(ReadOnlyError):
        desk.sync.save(desk.ws, MEETINGS)
    assert path.read_bytes() == broken
    assert desk.ws.meetings["m-sullivan-wang"].place == "Malta"   # the app keeps what it had
    # fixed by hand: writable again, and edits go through
    path.write_text(broken.decode().replace("status: [held", "status: held"), encoding="utf-8")
    assert desk.sync.poll().merged == [MEETINGS]
    desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    assert "Valletta" in path.read_text(encoding="utf-8")


def test_a_meetings_file_gone_invalid_lists_its_error_and_no_false_missing_people(desk: Desk) -> None:
    # its participants are people, one by an id merged away (linking follows `merged`): the
    # problems screen shows the one error, not "no person" for each of them
    desk.history.do(edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    path = desk.store.meetings_path
    hand_edit(path, "- id: m-kritenbrink-sun\n  participants: [daniel-kritenbrink, ma-zhaoxu]",
              "- id: m-kritenbrink-sun\n  participants: [daniel-kritenbrink, sun-weidong]")
    hand_edit(path, "status: held", "status: maybe")
    result = desk.sync.poll()
    assert len(result.problems) == 1, result.problems
    assert result.problems[0].message.startswith("status: 'maybe' is not one of")
    assert path in desk.store.read_only


def test_undo_across_two_articles_on_disk(desk: Desk) -> None:
    before = {aid: desk.store.article_path(aid).read_bytes() for aid in (A0, A1)}
    desk.history.do(edits.reject(desk.ws, A0, desk.index(A0, "State Department")))
    desk.history.do(edits.relabel(desk.ws, A1, desk.index(A1, "Washington"), "LOC"))
    after = {aid: desk.store.article_path(aid).read_bytes() for aid in (A0, A1)}
    assert after[A0] != before[A0] and after[A1] != before[A1]
    desk.history.undo()
    desk.history.undo()
    assert {aid: desk.store.article_path(aid).read_bytes() for aid in (A0, A1)} == before
    desk.history.redo()
    desk.history.redo()
    assert {aid: desk.store.article_path(aid).read_bytes() for aid in (A0, A1)} == after


def test_undo_of_something_changed_on_disk_is_refused(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    m = desk.ws.annotations[A0].mentions[i]
    path = desk.store.article_path(A0)
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if f"start: {m.start}," in line)
    path.write_text(text.replace(line, line.replace("status: accepted", "status: rejected")), encoding="utf-8")
    assert desk.sync.poll().merged
    snapshot = copy.deepcopy(desk.ws.annotations[A0])
    with pytest.raises(edits.StaleEdit):
        desk.history.undo()
    assert desk.ws.annotations[A0] == snapshot


def test_mine_is_kept_beside_a_conflicted_file_never_over_an_earlier_copy(desk: Desk) -> None:
    _stale_relabel(desk)
    (conflict,) = desk.sync.poll().conflicts
    first = desk.sync.keep_beside(conflict.target)
    first.write_text("# merged by hand, half done\n", encoding="utf-8")
    second = desk.sync.keep_beside(conflict.target)
    assert first.read_text(encoding="utf-8") == "# merged by hand, half done\n"
    assert (first.name, second.name) == (f"{A0}.mine.yaml", f"{A0}.mine-2.yaml")
    assert "label: FAC" in next(x for x in second.read_text(encoding="utf-8").splitlines() if "State Department" in x)


def test_annotate_saves_under_the_same_lock_and_never_over_a_save_made_meanwhile(seed_copy, blank_nlp) -> None:
    """Another newsdesk reads an annotation file, and saves it a second later, all under the
    folder lock (as the app does). `newsdesk annotate` running meanwhile waits for the lock,
    then sees the file changed and leaves it alone, saying so; without the lock it wrote
    first and the other process's save silently replaced its result."""
    annotate(seed_copy.articles, seed_copy.annotations, model=blank_nlp)
    path = AnnotationStore(seed_copy.annotations).article_path(A0)
    child = hold_lock_and_save(seed_copy.annotations, A0, "saved by the other process", 1.0)
    summary = annotate(seed_copy.articles, seed_copy.annotations, model=blank_nlp, force=True)
    assert child.wait(30) == 0
    assert "note: saved by the other process" in path.read_text(encoding="utf-8")
    assert [p.message for p in summary.problems if p.path == str(path)] == [
        "changed on disk while annotating: not overwritten; run `newsdesk annotate` again to update it"]


def test_a_clash_names_the_kind_of_record_and_each_side_in_a_few_words(desk: Desk) -> None:
    base = desk.ws.meetings
    mid = sorted(base)[0]
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours[mid].place, theirs[mid].place = "Diaoyutai", "Zhongnanhai"
    merged, clashes = merge(MEETINGS, base, ours, theirs)
    assert [(c.key, c.ours, c.theirs) for c in clashes] == [(f"meeting {mid} place", "Diaoyutai", "Zhongnanhai")]
    assert merged[mid].place == "Diaoyutai"   # ours until the analyst chooses
    assert distance(MEETINGS, ours, ours) == 0 and distance(MEETINGS, None, None) == 0
    assert distance(MEETINGS, ours, theirs) == 1
    # what the conflict screen shows for each side
    mention = next(m for m in desk.ws.annotations[A0].mentions if m.person)
    assert describe(mention) == f"{mention.label} “{mention.text}” {mention.status} → {mention.person}"
    unlinked = dataclasses.replace(mention, person=None)
    assert describe(unlinked) == f"{mention.label} “{mention.text}” {mention.status}"
    assert describe(None) == "(removed)"
    assert describe(["a", "b"]) == "a, b" and describe([]) == "(none)"
    assert describe("") == "(empty)" and describe("Diaoyutai") == "Diaoyutai"
    assert describe(desk.ws.people["wang-yi"]) == "person wang-yi"
    assert describe(desk.ws.meetings[mid]) == f"meeting {mid}"


def test_both_sides_retitling_an_article_clash_on_its_title(desk: Desk) -> None:
    base = desk.ws.annotations[A0]
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.meta.title, theirs.meta.title = "Talks resume", "Talks stall"
    merged, clashes = merge(("article", A0), base, ours, theirs)
    assert [(c.key, c.ours, c.theirs) for c in clashes] == [("meta title", "Talks resume", "Talks stall")]
    assert merged.meta.title == "Talks resume"
    merged, clashes = merge(("article", A0), base, ours, theirs, {"meta title": "theirs"})
    assert clashes == [] and merged.meta.title == "Talks stall"


def test_a_file_changed_while_the_workspace_was_read_is_merged_not_overwritten(tmp_path: Path) -> None:
    """The stamps are taken before the workspace is read; a hand edit that lands after
    them is not in the workspace, and the next save merges it instead of replacing it."""
    desk = Desk(tmp_path)
    before = stamps(tmp_path)
    path = desk.store.article_path(A0)
    hand_edit(path, "note: ''", "note: checked by hand")
    sync = Sync(desk.ws, loaded=before)
    history = EditHistory(desk.ws, sync.save, sync.writable)
    history.do(edits.relabel(desk.ws, A0, desk.index(A0, "State Department"), "FAC"))
    on_disk = desk.disk(A0)
    assert on_disk.note == "checked by hand"
    assert on_disk.mentions[desk.index(A0, "State Department")].label == "FAC"


def test_files_untouched_while_the_workspace_was_read_are_not_reported_as_changed(tmp_path: Path) -> None:
    desk = Desk(tmp_path)
    sync = Sync(desk.ws, loaded=stamps(tmp_path))
    history = EditHistory(desk.ws, sync.save, sync.writable)
    history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    history.do(edits.edit_person(desk.ws, "wang-yi", note="checked"))
    history.do(edits.relabel(desk.ws, A0, desk.index(A0, "State Department"), "FAC"))
    assert not sync.poll()   # no "changed on disk, merged" for any of them
    assert "Valletta" in desk.store.meetings_path.read_text(encoding="utf-8")


def test_a_file_deleted_on_disk_is_reported_and_the_next_edit_writes_it_back(desk: Desk) -> None:
    path = desk.store.article_path(A0)
    path.unlink()
    assert [str(p) for p in desk.sync.poll().problems] == [
        f"{path}: deleted on disk; the app's copy is kept and written back on the next edit"]
    desk.history.do(edits.relabel(desk.ws, A0, desk.index(A0, "State Department"), "FAC"))
    assert desk.disk(A0).mentions[desk.index(A0, "State Department")].label == "FAC"


def test_an_edit_saved_just_after_its_file_was_deleted_writes_it_back(desk: Desk) -> None:
    path = desk.store.article_path(A1)
    path.unlink()   # no poll in between: the save itself finds the file gone
    desk.history.do(edits.relabel(desk.ws, A1, desk.index(A1, "Washington"), "LOC"))
    assert desk.disk(A1).mentions[desk.index(A1, "Washington")].label == "LOC"


def test_an_edit_saved_just_after_its_file_went_invalid_is_refused_and_taken_back(desk: Desk) -> None:
    path = desk.store.meetings_path
    hand_edit(path, "status: held", "status: maybe")
    broken = path.read_bytes()
    with pytest.raises(ReadOnlyError):   # no poll in between: the save itself finds the file invalid
        desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    assert path.read_bytes() == broken
    assert desk.ws.meetings["m-sullivan-wang"].place == "Malta"
    assert not desk.history.can_undo


def test_alias_answers_are_not_saved_without_a_decisions_file(desk: Desk) -> None:
    assert desk.sync.decisions is None
    assert desk.sync.writable(DECISIONS) == "no decisions file — not saved until the file is fixed"


def test_orphans_added_on_both_sides_are_both_kept(desk: Desk) -> None:
    from tui.core.models import Mention

    base = copy.deepcopy(desk.ws.annotations[A0])
    base.orphans = [Mention(0, 4, "Wang", "PERSON")]
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.orphans.append(Mention(10, 14, "Xi J", "PERSON", by="analyst", status="accepted"))
    theirs.orphans.append(Mention(20, 25, "Biden", "PERSON", by="analyst", status="accepted"))
    merged, clashes = merge(("article", A0), base, ours, theirs)
    assert clashes == [] and [m.text for m in merged.orphans] == ["Wang", "Xi J", "Biden"]


def test_a_hand_edit_read_again_is_checked_against_its_article(desk: Desk) -> None:
    path = desk.store.article_path(A0)
    text = path.read_text(encoding="utf-8")
    body = re.search(r"^body: \[(\d+), (\d+)\]$", text, re.M)
    hand_edit(path, body[0], f"body: [{body[1]}, 999999]")   # past the end of the unchanged article
    result = desk.sync.poll()
    assert [p.message for p in result.problems] == [
        f"body: {body[1]}-999999 runs past the end of the article ({len(desk.ws.articles[A0].text)} characters)"]
    assert path in desk.store.read_only


@pytest.mark.parametrize("kind", ["people", "meetings"])
def test_a_deleted_people_or_meetings_file_keeps_the_apps_records(desk: Desk, kind: str) -> None:
    records = copy.deepcopy(getattr(desk.ws, kind))
    (desk.store.root / f"{kind}.yaml").unlink()
    assert [p.message for p in desk.sync.poll().problems] == [
        "deleted on disk; the app's copy is kept and written back on the next edit"]
    assert getattr(desk.ws, kind) == records


def problems_after(desk: Desk, path: Path, *changes: tuple[str, str]) -> list[str]:
    """The problems the next poll reports after hand edits (old, new) of one file."""
    for old, new in changes:
        hand_edit(path, old, new)
    return [p.message for p in desk.sync.poll().problems]


def test_a_people_file_gone_invalid_lists_its_roles_citing_no_article_too(desk: Desk) -> None:
    messages = problems_after(desk, desk.store.people_path, ("- id: wang-yi\n", "- id: wang-yi\n  colour: blue\n"),
                              ("roles: []", "roles:\n  - {title: Envoy, article: no-such-article}"))
    assert "role 'Envoy': no article 'no-such-article'" in messages
    assert any(m.startswith("person: unknown key 'colour'") for m in messages)


def test_mine_is_kept_beside_a_conflicted_people_file(desk: Desk) -> None:
    # the app notes wang-yi while an editor buffer from before notes him differently
    path = desk.store.people_path
    stale = path.read_text(encoding="utf-8")
    desk.history.do(edits.edit_person(desk.ws, "wang-yi", note="ours"))
    record = "- id: wang-yi\n  name: Wang Yi\n  aliases: []\n  roles: []\n  affiliation: China\n  note: ''\n"
    assert record in stale
    path.write_text(stale.replace(record, record.replace("note: ''", "note: theirs")), encoding="utf-8")
    (conflict,) = desk.sync.poll().conflicts
    mine = desk.sync.keep_beside(conflict.target)
    assert mine.name == "people.mine.yaml"
    assert AnnotationStore(desk.store.root).load_people()[0]["wang-yi"].note == "theirs"   # the file as it is
    assert "  note: ours\n" in mine.read_text(encoding="utf-8")


# ---- behaviours mutation testing found unchecked (seed 7, rounds 5, 7 and 8) ----------------

def test_rules_and_alias_answers_are_saved_only_from_a_file_read_cleanly(desk: Desk) -> None:
    from tui.core.models import Problem
    from tui.core.patterns import PATTERNS, Patterns
    from tui.core.review import Decisions

    path = desk.store.root / "patterns.yaml"
    assert desk.sync.writable(PATTERNS) == "patterns.yaml has not been read in this session: not saved"
    problem = Problem(str(path), 3, "rules: expected a list")
    desk.sync.patterns = Patterns(path, problems=[problem, Problem(str(path), 9, "another")])
    assert desk.sync.writable(PATTERNS) == f"{path}:3: rules: expected a list — not saved until the file is fixed"
    desk.sync.patterns = Patterns(path)
    assert desk.sync.writable(PATTERNS) is None
    decisions = desk.store.root / "decisions.yaml"
    desk.sync.decisions = Decisions(decisions, problem=Problem(str(decisions), 2, "bad answer"))
    assert desk.sync.writable(DECISIONS) == f"{decisions}:2: bad answer — not saved until the file is fixed"
    desk.sync.decisions = Decisions(decisions)
    assert desk.sync.writable(DECISIONS) is None
    with pytest.raises(ReadOnlyError, match="not saved until the file is fixed"):
        desk.sync.patterns = Patterns(path, problems=[problem])
        desk.sync.save(desk.ws, PATTERNS)


def test_a_third_copy_beside_a_conflicted_file_is_mine_3(desk: Desk) -> None:
    _stale_relabel(desk)
    (conflict,) = desk.sync.poll().conflicts
    names = [desk.sync.keep_beside(conflict.target).name for _ in range(3)]
    assert names == [f"{A0}.mine.yaml", f"{A0}.mine-2.yaml", f"{A0}.mine-3.yaml"]


def test_a_person_removed_in_the_app_stays_removed_unless_the_disk_changed_them() -> None:
    from tui.core.models import Person

    base = {"a": Person("a", "Ann"), "b": Person("b", "Bo"), "c": Person("c", "Cy")}
    ours = {"a": Person("a", "Ann"), "c": Person("c", "Cy")}               # b removed (merged away)
    theirs = {"a": Person("a", "Ann", note="by hand"), "b": Person("b", "Bo"), "c": Person("c", "Cy")}
    merged, clashes = merge(PEOPLE, base, ours, theirs)
    assert clashes == [] and merged == {"a": Person("a", "Ann", note="by hand"), "c": Person("c", "Cy")}
    theirs["b"] = Person("b", "Bo", note="changed by hand")
    merged, clashes = merge(PEOPLE, base, ours, theirs)
    assert [(c.key, c.ours, c.theirs) for c in clashes] == [("person b", None, theirs["b"])]
    assert "b" not in merged
    # and the other way: removed on disk, unchanged here
    merged, clashes = merge(PEOPLE, base, base, ours)
    assert clashes == [] and set(merged) == {"a", "c"}


def test_a_stale_editor_buffer_keeps_the_apps_new_title(desk: Desk) -> None:
    """The app retitles the article while an editor buffer from before relabels a mention:
    the buffer descends from the version before the retitle, so the title is ours."""
    path = desk.store.article_path(A0)
    stale = path.read_text(encoding="utf-8")
    desk.history.do(edits.edit_meta(desk.ws, A0, title="Ours"))
    m = desk.ws.annotations[A0].mentions[desk.index(A0, "Beijing", 1)]
    line = next(line for line in stale.splitlines() if f"start: {m.start}," in line)
    path.write_text(stale.replace(line, line.replace("label: GPE", "label: LOC")), encoding="utf-8")
    assert desk.sync.poll().merged == [("article", A0)]
    on_disk = desk.disk(A0)
    assert on_disk.meta.title == "Ours" and [x.label for x in on_disk.mentions if x.start == m.start] == ["LOC"]


def test_a_conflict_resolved_after_another_hand_edit_is_merged_afresh(desk: Desk) -> None:
    path, _, _ = _stale_relabel(desk)
    (conflict,) = desk.sync.poll().conflicts
    hand_edit(path, "note: ''", "note: second look")
    desk.sync.resolve(conflict.target, set())
    # the new hand edit is taken, not written over; the clash is still there to answer
    assert desk.ws.annotations[A0].note == "second look" and desk.disk(A0).note == "second look"
    assert conflict.target in desk.sync.conflicts
    assert [c.key for c in desk.sync.conflicts[conflict.target].clashes] == [c.key for c in conflict.clashes]


def test_an_article_annotated_after_the_start_is_watched_too(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    later = ws.annotations.pop(A1)
    sync = Sync(ws)
    ws.annotations[A1] = later     # `newsdesk annotate` wrote it meanwhile
    assert not sync.poll()
    hand_edit(ws.store.article_path(A1), "note: ''", "note: by hand")
    assert sync.poll().merged == [("article", A1)] and ws.annotations[A1].note == "by hand"


def test_a_file_gone_invalid_also_lists_the_people_it_names_who_do_not_exist(desk: Desk) -> None:
    messages = problems_after(desk, desk.store.meetings_path, ("status: held", "status: maybe"),
                              ("participants: [jake-sullivan, wang-yi]", "participants: [jake-sullivan, li-qiang]"))
    assert "meeting 'm-sullivan-wang': no person 'li-qiang' in people.yaml" in messages
    messages = problems_after(desk, desk.store.article_path(A0), ("person: ma-zhaoxu", "person: li-qiang"),
                              ("sha256:", "colour: blue\nsha256:"))
    assert "mention 'Ma Zhaoxu': no person 'li-qiang' in people.yaml" in messages


def test_a_touched_file_is_read_once_not_at_every_poll(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tui.core import sync as sync_module

    path = desk.store.article_path(A0)
    reads = []
    real = sync_module.read_regular_with_stat
    monkeypatch.setattr(sync_module, "read_regular_with_stat", lambda p, n: (reads.append(p), real(p, n))[1])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    for _ in range(3):
        assert not desk.sync.poll()
    assert reads == [path]


def test_an_edit_of_an_article_annotated_after_the_start_is_saved(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    later = ws.annotations.pop(A1)
    sync = Sync(ws)
    history = EditHistory(ws, sync.save, sync.writable)
    ws.annotations[A1] = later
    history.do(edits.edit_meta(ws, A1, title="Written at once"))
    assert AnnotationStore(ws.store.root).load_annotation(A1)[0].meta.title == "Written at once"


def test_mine_is_kept_beside_a_conflicted_meetings_file(desk: Desk) -> None:
    path = desk.store.meetings_path
    stale = path.read_text(encoding="utf-8")
    desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    path.write_text(stale.replace("place: Malta", "place: Gozo"), encoding="utf-8")
    (conflict,) = desk.sync.poll().conflicts
    mine = desk.sync.keep_beside(conflict.target)
    assert mine.name == "meetings.mine.yaml"
    assert AnnotationStore(desk.store.root).load_meetings()[0]["m-sullivan-wang"].place == "Gozo"
    assert "  place: Valletta\n" in mine.read_text(encoding="utf-8")


# ---- found by the measuring rounds 6 and 9 of seed 7, after the figure was taken ------------

def test_a_poll_that_finds_only_a_problem_or_only_a_conflict_is_news(desk: Desk) -> None:
    desk.store.people_path.unlink()
    assert desk.sync.poll()
    _stale_relabel(desk)
    result = desk.sync.poll()
    assert result and result.conflicts and not result.problems and not result.merged


def test_an_edit_that_settles_a_clash_ends_the_conflict_and_is_written(desk: Desk) -> None:
    stale = desk.store.people_path.read_text(encoding="utf-8")
    desk.history.do(edits.edit_person(desk.ws, "wang-yi", note="ours"))
    desk.store.people_path.write_text(re.sub(r"(name: Wang Yi\n(?:  .*\n)*?  note: )''", r"\1theirs", stale),
                                      encoding="utf-8")
    assert desk.sync.poll().conflicts
    desk.history.do(edits.edit_person(desk.ws, "wang-yi", note="theirs", affiliation="PRC"))
    assert not desk.sync.conflicts
    on_disk = AnnotationStore(desk.store.root).load_people()[0]["wang-yi"]
    assert (on_disk.note, on_disk.affiliation) == ("theirs", "PRC")


def test_mentions_sharing_a_span_are_told_apart_in_a_clash_by_their_order() -> None:
    from tui.core.models import Annotation, ArticleMeta, Mention

    spans = [Mention(0, 4, "Wang", label, status="rejected") for label in ("PERSON", "ORG", "GPE")]
    base = Annotation("a1", "a1.txt", "", ArticleMeta(), (0, 4), mentions=spans)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.mentions[1].status, theirs.mentions[1].status = "accepted", "unreviewed"
    ours.mentions[2].status, theirs.mentions[2].status = "accepted", "unreviewed"
    _, clashes = merge(("article", "a1"), base, ours, theirs)
    assert [c.key for c in clashes] == ["mention 0-4#2", "mention 0-4#3"]


def test_a_meetings_file_gone_invalid_lists_reports_citing_no_article_too(desk: Desk) -> None:
    messages = problems_after(desk, desk.store.meetings_path, ("status: held", "status: maybe"),
                              ("- {article: 003_a13fe278588c347c,", "- {article: no-such-article,"))
    assert "report: no article 'no-such-article'" in messages
