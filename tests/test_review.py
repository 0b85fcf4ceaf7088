"""The review queue and the alias queue over the seed workspace."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from edit_fixtures import saved_workspace

from tui.core import edits
from tui.core.edits import EditError, EditHistory
from tui.core.models import Person
from tui.core.store import ReadOnlyError
from tui.core import review
from tui.core.review import (DECISIONS, Decisions, load_decisions, next_unreviewed, progress, save_decisions,
                             answer_edit, find_suggestions, suggestions, suggestions_by_all_pairs, unreviewed)

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


GIVEN = ("daniel danielle antony anthony sergei sergey jake michael michelle aleksandr alexander "
         "kim jong un il wang yi li xi").split()
FAMILY = ("kritenbrink blinken sullivan lavrov jinping wenbin qiang qing zelensky zelenskyy smith smyth "
          "schmidt johnson jonson aleksandrovich oleksandrovych vandenbroucke").split()


def _misspelt(word: str, rng: random.Random) -> str:
    """A letter dropped, added or changed; two for long words, as reporters do."""
    for _ in range(1 + (len(word) >= 12)):
        i = rng.randrange(len(word))
        letter = rng.choice("aeiouykh")
        word = rng.choice((word[:i] + word[i + 1:], word[:i] + letter + word[i:], word[:i] + letter + word[i + 1:]))
    return word


def tricky_people(n: int, seed: int) -> dict[str, Person]:
    """People the rules have work with: bare surnames and bare first words, initials,
    middle names, spelling variants of short and long words, aliases shared by several,
    the same name twice."""
    rng = random.Random(seed)
    found: dict[str, Person] = {}
    while len(found) < n:
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        if rng.random() < 0.35:
            family = _misspelt(family, rng)
        if rng.random() < 0.15 and len(given) > 2:
            given = _misspelt(given, rng)
        shape = rng.random()
        name = (family.title() if shape < 0.15 else given.title() if shape < 0.2   # "Xi" of "Xi Jinping"
                else f"{given[0].upper()}. {family.title()}" if shape < 0.3
                else f"{given.title()} {rng.choice(GIVEN).title()} {family.title()}" if shape < 0.4
                else f"{given.title()} {family.title()}")
        aliases = [rng.choice(FAMILY).title()] if rng.random() < 0.2 else []
        pid = f"p{len(found)}-{name}"
        found[pid] = Person(pid, name, aliases=aliases)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_blocking_finds_exactly_what_comparing_every_pair_finds(tmp_path: Path, seed: int) -> None:
    ps = tricky_people(500, seed)
    decisions = Decisions(tmp_path / "d.yaml")
    decisions.answers[Decisions.key(*sorted(ps)[:2])] = "different"
    everything = suggestions_by_all_pairs(ps, decisions)
    assert len({s.reason for s in everything}) == 4 and len(everything) > 500   # every rule has work
    assert suggestions(ps, decisions) == everything


def test_blocking_scores_few_pairs_beyond_those_it_suggests(tmp_path: Path, monkeypatch) -> None:
    scored = []
    pair = review._pair
    monkeypatch.setattr(review, "_pair", lambda *args: scored.append(1) or pair(*args))
    ps = tricky_people(2000, 4)
    found = suggestions(ps, Decisions(tmp_path / "d.yaml"))
    # all pairs would be 2,000,000; a block costs about what it yields
    assert len(scored) < 3 * len(found) + len(ps)


def test_pairs_arrive_in_batches_as_they_are_found(tmp_path: Path) -> None:
    ps = tricky_people(300, 5)
    batches = find_suggestions(ps, step=100)
    done, total, first = next(batches)
    assert (done, total) == (100, 300) and first
    rest = list(batches)
    assert [(d, t) for d, t, _ in rest] == [(200, 300), (300, 300)]
    found = [s for batch in (first, *(b for _, _, b in rest)) for s in batch]
    assert sorted(found, key=lambda s: (s.a, s.b)) == sorted(suggestions(ps, Decisions(tmp_path / "d.yaml")),
                                                             key=lambda s: (s.a, s.b))
    assert list(find_suggestions({})) == [(0, 0, [])]


def test_suggestion_order_does_not_depend_on_the_order_pairs_are_found_in(tmp_path: Path) -> None:
    ps = tricky_people(400, 6)
    for n in (1, 2, 3):   # three records of one name: ties on score and on both names
        ps[f"twin-{n}"] = Person(f"twin-{n}", "Jake Sullivan")
    best = suggestions(ps, Decisions(tmp_path / "d.yaml"))
    for seed in range(5):
        arrived = list(best)
        random.Random(seed).shuffle(arrived)
        assert review.ranked(arrived, ps) == best
    twins = [(s.a, s.b) for s in best if s.a.startswith("twin") and s.b.startswith("twin")]
    assert twins == [("twin-1", "twin-2"), ("twin-1", "twin-3"), ("twin-2", "twin-3")]


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
