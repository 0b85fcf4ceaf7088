"""The review queue and the alias queue over the seed workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_fixtures import saved_workspace

from tui.core import edits
from tui.core.edits import EditError, EditHistory
from tui.core.models import Person
from tui.core.store import ReadOnlyError
from tui.core.review import (DECISIONS, Decisions, load_decisions, next_unreviewed, progress, save_decisions,
                             answer_edit, suggestions, unreviewed)

A0, A1 = "000_340ba6ed93e242f0", "001_5843e84394fa44eb"


def test_next_unreviewed_walks_forward_across_articles_and_wraps(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    order = sorted(ws.annotations)
    first = next_unreviewed(ws, order, A0)
    assert first.article == A0
    assert first == unreviewed(ws, A0)[0]
    assert all(not ws.annotations[A0].mentions[i.ref].analyst_owned for i in unreviewed(ws, A0) if i.kind == "mention")
    after = next_unreviewed(ws, order, A0, (first.start, first.end))
    assert (after.start, after.end) > (first.start, first.end)
    last = unreviewed(ws, order[-1])[-1]
    wrapped = next_unreviewed(ws, order, order[-1], (last.start, last.end))
    assert wrapped.article == order[0]
    # reviewing everything in A0 moves the queue on to the next article
    history = EditHistory(ws, lambda ws, t: None)
    for item in unreviewed(ws, A0):
        if item.kind == "mention":
            history.do(edits.accept(ws, A0, item.ref))
        else:
            history.do(edits.edit_meeting(ws, item.ref, review="accepted"))
    assert next_unreviewed(ws, order, A0).article == A1
    assert progress(ws, A0) == (len(ws.annotations[A0].mentions),) * 2


def test_model_meetings_are_in_the_queue(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    items = unreviewed(ws, "003_a13fe278588c347c")
    assert {"m-sullivan-wang", "m-kritenbrink-sun"} <= {i.ref for i in items if i.kind == "meeting"}


def people(*names: str) -> dict[str, Person]:
    from tui.core.names import slug

    return {slug(n): Person(slug(n), n) for n in names}


def test_suggestions_on_made_up_names(tmp_path: Path) -> None:
    ps = people("Daniel Kritenbrink", "Kritenbrink", "Wang Yi", "Wang Wenbin", "Anthony Blinken",
                "Antony Blinken", "J. Sullivan", "Jake Sullivan", "Li Qiang", "Li Qing", "Xi", "Xi Jinping")
    found = {(s.a, s.b) for s in suggestions(ps, Decisions(tmp_path / "d.yaml"))}
    assert ("daniel-kritenbrink", "kritenbrink") in found
    assert ("xi-jinping", "xi") in found
    assert ("jake-sullivan", "j-sullivan") in found
    assert ("anthony-blinken", "antony-blinken") in found or ("antony-blinken", "anthony-blinken") in found
    assert not any({"wang-yi", "wang-wenbin"} == {a, b} for a, b in found)
    # a shared ambiguous alias is not a reason; a name that is the other's alias is
    ps["wang-yi"].aliases, ps["wang-wenbin"].aliases = ["Wang"], ["Wang"]
    ps["li-qiang"].aliases = ["Premier Li"]
    ps["premier-li"] = Person("premier-li", "Premier Li")
    found = {(s.a, s.b) for s in suggestions(ps, Decisions(tmp_path / "d.yaml"))}
    assert not any({"wang-yi", "wang-wenbin"} == {a, b} for a, b in found)
    assert any({"li-qiang", "premier-li"} == {a, b} for a, b in found)
    assert not any({"li-qiang", "li-qing"} == {a, b} for a, b in found)


def test_answers_are_remembered_on_disk_and_y_merges(tmp_path: Path) -> None:
    ws = saved_workspace(tmp_path)
    ws.people["kritenbrink"] = Person("kritenbrink", "Kritenbrink")
    ws.people["daniel-kritenbrink"].aliases = []
    decisions = load_decisions(tmp_path)
    saved = []

    def save(ws, target):
        saved.append(target)
        if target == DECISIONS:
            save_decisions(decisions)

    history = EditHistory(ws, save)
    pair = next(s for s in suggestions(ws.people, decisions) if s.b == "kritenbrink")
    history.do(answer_edit(ws, decisions, pair, "y"))
    assert "kritenbrink" not in ws.people and "Kritenbrink" in ws.people["daniel-kritenbrink"].aliases
    assert load_decisions(tmp_path).answer("kritenbrink", "daniel-kritenbrink") == "same"
    history.undo()
    assert "kritenbrink" in ws.people and load_decisions(tmp_path).answers == {}
    history.redo()
    others = suggestions(ws.people, decisions)
    if others:
        history.do(answer_edit(ws, decisions, others[0], "n"))
        assert all({s.a, s.b} != {others[0].a, others[0].b} for s in suggestions(ws.people, load_decisions(tmp_path)))
    with pytest.raises(EditError):
        answer_edit(ws, decisions, pair, "q")


def test_broken_decisions_file_is_a_problem_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    path.write_text("pairs:\n- people: [a, b]\n  answer: same\n- people: [c]\n  answer: maybe\n", encoding="utf-8")
    decisions = load_decisions(tmp_path)
    assert str(decisions.problem).startswith(f"{path}:4: pair 2")
    with pytest.raises(ReadOnlyError):
        save_decisions(decisions)
    assert "maybe" in path.read_text(encoding="utf-8")


def test_hand_edits_to_the_decisions_file_are_kept_on_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    path.write_text("pairs:\n- people: [a, b]\n  answer: unsure\n", encoding="utf-8")
    decisions = load_decisions(tmp_path)
    # by hand, while the app runs: a, b becomes different, and c, d is added
    path.write_text("# by Ann\npairs:\n- people: [a, b]\n  answer: different\n- people: [c, d]\n  answer: same\n",
                    encoding="utf-8")
    decisions.answers[("e", "f")] = "unsure"
    save_decisions(decisions)
    again = load_decisions(tmp_path)
    assert again.answers == {("a", "b"): "different", ("c", "d"): "same", ("e", "f"): "unsure"}
    assert "# by Ann" in path.read_text(encoding="utf-8")
