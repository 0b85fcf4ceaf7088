"""Edits over the seed workspace: each edit, its undo and redo, and what is saved."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from edit_fixtures import saved_workspace

from tui.core import edits
from tui.core.edits import PEOPLE, EditError, EditHistory, StaleEdit
from tui.core.models import Meeting, Report

A0, A1, A4 = "000_340ba6ed93e242f0", "001_5843e84394fa44eb", "004_a2871e021c39f267"


class Desk:
    """A hand-made seed workspace with an edit history that records what it saves."""

    def __init__(self, root) -> None:
        self.ws = saved_workspace(root)
        self.saved: list[tuple[str, str]] = []
        self.history = EditHistory(self.ws, lambda ws, target: self.saved.append(target))

    def index(self, article_id: str, text: str, nth: int = 0) -> int:
        hits = [i for i, m in enumerate(self.ws.annotations[article_id].mentions) if m.text == text]
        return hits[nth]

    def mention(self, article_id: str, text: str, nth: int = 0):
        return self.ws.annotations[article_id].mentions[self.index(article_id, text, nth)]

    def state(self):
        return copy.deepcopy((self.ws.annotations, self.ws.people, self.ws.meetings))


@pytest.fixture
def desk(tmp_path) -> Desk:
    return Desk(tmp_path)


def roundtrip(desk: Desk, edit: edits.Edit) -> None:
    """do, undo, redo: undo gives back exactly the state before, redo the state after."""
    before = desk.state()
    desk.history.do(edit)
    after = desk.state()
    assert after != before
    desk.history.undo()
    assert desk.state() == before
    desk.history.redo()
    assert desk.state() == after


def test_relabel_makes_the_mention_analyst_owned(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    roundtrip(desk, edits.relabel(desk.ws, A0, i, "FAC"))
    m = desk.ws.annotations[A0].mentions[i]
    # the model never said FAC: the mention as it stands is the analyst's
    assert (m.label, m.by, m.status) == ("FAC", "analyst", "accepted")
    assert m.analyst_owned
    assert desk.saved == [("article", A0)] * 3


def test_undo_of_a_relabel_gives_back_the_model_record_exactly(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    original = copy.deepcopy(desk.ws.annotations[A0].mentions[i])
    assert (original.by, original.status) == ("model", "unreviewed")
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    desk.history.undo()
    assert desk.ws.annotations[A0].mentions[i] == original


def test_accept_reject_and_link_keep_the_model_as_maker(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    desk.history.do(edits.accept(desk.ws, A0, i))
    assert desk.ws.annotations[A0].mentions[i].by == "model"
    j = desk.index(A0, "Beijing", 1)
    desk.history.do(edits.reject(desk.ws, A0, j))
    assert desk.ws.annotations[A0].mentions[j].by == "model"
    k = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.link_person(desk.ws, A0, k, "wang-yi"))
    assert desk.ws.annotations[A0].mentions[k].by == "model"


def test_relabel_away_from_person_drops_the_link(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.relabel(desk.ws, A0, i, "ORG"))
    assert desk.ws.annotations[A0].mentions[i].person is None
    with pytest.raises(EditError):
        edits.relabel(desk.ws, A0, i, "NOPE")


def test_resize_moves_boundaries_by_words(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    i = desk.index(A0, "Ma Zhaoxu")
    m = desk.ws.annotations[A0].mentions[i]
    # grow the start one word left: "Minister Ma Zhaoxu" or whatever word comes before
    start = edits.word_boundary(text, m.start, -1, edge="start")
    assert start < m.start
    roundtrip(desk, edits.resize(desk.ws, A0, i, start, m.end, text))
    resized = desk.ws.annotations[A0].mentions[i]
    assert resized.text == text[start:m.end] and (resized.by, resized.status) == ("analyst", "accepted")
    # shrink the end one word back: "Ma"
    end = edits.word_boundary(text, resized.end, -1, edge="end")
    assert text[resized.start:end].endswith("Ma")


def test_resize_refuses_overlap_and_empty(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    i = desk.index(A0, "Daniel Kritenbrink")
    nxt = desk.ws.annotations[A0].mentions[i + 1]
    with pytest.raises(EditError, match="overlap"):
        edits.resize(desk.ws, A0, i, desk.ws.annotations[A0].mentions[i].start, nxt.end, text)
    m = desk.ws.annotations[A0].mentions[i]
    with pytest.raises(EditError):
        edits.resize(desk.ws, A0, i, m.start, m.start, text)


def test_word_boundary_on_made_up_text() -> None:
    text = "Vice-Premier He Lifeng met U.S. Treasury Secretary Janet Yellen."
    assert text[:edits.word_boundary(text, 0, 1, edge="end")] == "Vice-Premier"
    yellen = text.index("Yellen")
    assert edits.word_boundary(text, yellen, -1, edge="start") == text.index("Janet")
    assert edits.word_boundary(text, len(text), 1, edge="end") == len(text)


def test_accept_reject_delete(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    roundtrip(desk, edits.accept(desk.ws, A0, i))
    with pytest.raises(EditError, match="already"):
        edits.accept(desk.ws, A0, i)
    j = desk.index(A0, "Beijing", 1)
    roundtrip(desk, edits.reject(desk.ws, A0, j))
    assert desk.ws.annotations[A0].mentions[j].status == "rejected"
    # a model mention is kept as rejected on delete, so a re-run does not bring it back
    k = desk.index(A0, "Ma Zhaoxu")
    n = len(desk.ws.annotations[A0].mentions)
    desk.history.do(edits.delete(desk.ws, A0, k))
    assert len(desk.ws.annotations[A0].mentions) == n
    assert desk.ws.annotations[A0].mentions[k].status == "rejected"


def test_add_mention_then_delete_keeps_it_rejected(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    start = text.index("Vice Foreign Minister")
    end = start + len("Vice Foreign Minister")
    n = len(desk.ws.annotations[A0].mentions)
    roundtrip(desk, edits.add_mention(desk.ws, A0, start - 1, end + 1, "ORG", text))  # spaces trimmed
    mentions = desk.ws.annotations[A0].mentions
    assert len(mentions) == n + 1
    added = next(m for m in mentions if m.start == start)
    assert (added.text, added.by, added.end) == ("Vice Foreign Minister", "analyst", end)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    # nothing tells an added mention from a relabelled model one: kept as rejected, so a
    # re-run never brings the model's version back under it
    desk.history.do(edits.delete(desk.ws, A0, mentions.index(added)))
    assert len(desk.ws.annotations[A0].mentions) == n + 1
    assert desk.mention(A0, "Vice Foreign Minister").status == "rejected"


def test_delete_a_relabelled_model_mention_keeps_it_rejected(desk: Desk) -> None:
    desk.history.do(edits.relabel(desk.ws, A0, desk.index(A0, "State Department"), "FAC"))
    n = len(desk.ws.annotations[A0].mentions)
    desk.history.do(edits.delete(desk.ws, A0, desk.index(A0, "State Department")))
    m = desk.mention(A0, "State Department")
    assert len(desk.ws.annotations[A0].mentions) == n and (m.label, m.status) == ("FAC", "rejected")


def test_delete_an_added_mention_over_a_rejected_one_removes_it(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    m = desk.mention(A0, "State Department")
    desk.history.do(edits.reject(desk.ws, A0, desk.index(A0, "State Department")))
    desk.history.do(edits.add_mention(desk.ws, A0, m.start, m.start + len("State"), "ORG", text))
    n = len(desk.ws.annotations[A0].mentions)
    desk.history.do(edits.delete(desk.ws, A0, desk.index(A0, "State")))
    assert len(desk.ws.annotations[A0].mentions) == n - 1
    assert desk.mention(A0, "State Department").status == "rejected"   # still keeps the model's away


def test_add_mention_refuses_overlap_but_replaces_rejected(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    m = desk.mention(A0, "State Department")
    with pytest.raises(EditError, match="overlaps"):
        edits.add_mention(desk.ws, A0, m.start, m.end, "FAC", text)
    desk.history.do(edits.reject(desk.ws, A0, desk.index(A0, "State Department")))
    n = len(desk.ws.annotations[A0].mentions)
    desk.history.do(edits.add_mention(desk.ws, A0, m.start, m.end, "FAC", text))
    assert len(desk.ws.annotations[A0].mentions) == n
    assert desk.mention(A0, "State Department").label == "FAC"


def test_link_and_new_person(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    roundtrip(desk, edits.link_person(desk.ws, A0, i, "wang-yi"))
    assert desk.ws.annotations[A0].mentions[i].person == "wang-yi"
    roundtrip(desk, edits.new_person(desk.ws, A0, desk.index(A0, "State Department"), "Matthew Miller"))
    assert "matthew-miller" in desk.ws.people
    assert desk.ws.people["matthew-miller"].by == "analyst"
    m = desk.mention(A0, "State Department")
    assert (m.person, m.label) == ("matthew-miller", "PERSON")
    assert set(desk.saved[-2:]) == {PEOPLE, ("article", A0)}


def test_new_person_gets_a_unique_id(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.new_person(desk.ws, A0, i, "Wang Yi"))
    assert "wang-yi-2" in desk.ws.people


def test_split_mention_takes_the_alias_when_no_other_mention_uses_it(desk: Desk) -> None:
    # "Xi" in 003 is the only "Xi" mention of xi-jinping? make it so by counting
    ws = desk.ws
    xi = [(aid, i) for aid, a in ws.annotations.items() for i, m in enumerate(a.mentions)
          if m.text == "Xi" and m.person == "xi-jinping"]
    aid, i = xi[0]
    roundtrip(desk, edits.split_mention(ws, aid, i, "Xi Mingze"))
    assert ws.annotations[aid].mentions[i].person == "xi-mingze"
    assert ("Xi" in ws.people["xi-jinping"].aliases) == (len(xi) > 1)
    with pytest.raises(EditError, match="not linked"):
        edits.split_mention(ws, A0, desk.index(A0, "State Department"))


def test_merge_moves_mentions_aliases_meetings_and_shows_it_first(desk: Desk) -> None:
    ws = desk.ws
    sun_mentions = [(aid, m.start) for aid, a in ws.annotations.items() for m in a.mentions
                    if m.person == "sun-weidong"]
    edit = edits.merge_people(ws, "ma-zhaoxu", "sun-weidong")
    summary = edits.merge_summary(ws, edit)
    assert ws.people["sun-weidong"]  # nothing changed yet: a preview
    assert any("new aliases: Sun Weidong" in line for line in summary)
    assert not any(line.startswith("note of") for line in summary)   # neither has a note
    assert any("m-kritenbrink-sun" in line for line in summary)
    assert len(edit.preview()) == len(edit.changes)
    roundtrip(desk, edit)
    assert "sun-weidong" not in ws.people
    kept = ws.people["ma-zhaoxu"]
    assert "Sun Weidong" in kept.aliases and kept.merged == ["sun-weidong"]
    assert ws.meetings["m-kritenbrink-sun"].participants == ["daniel-kritenbrink", "ma-zhaoxu"]
    moved = {(aid, m.start) for aid, a in ws.annotations.items() for m in a.mentions if m.person == "ma-zhaoxu"}
    assert set(sun_mentions) <= moved and sun_mentions
    with pytest.raises(EditError):
        edits.merge_people(ws, "ma-zhaoxu", "ma-zhaoxu")


def test_merge_from_a_split_off_mention_keeps_the_documented_record(desk: Desk) -> None:
    ws = desk.ws
    desk.history.do(edits.edit_person(ws, "wang-yi", aliases=["Wang"], note="Director of the Foreign Affairs Office"))
    aid, i = next((aid, i) for aid, a in sorted(ws.annotations.items()) for i, m in enumerate(a.mentions)
                  if m.person == "wang-yi")
    desk.history.do(edits.split_mention(ws, aid, i, "Wang Yi"))
    assert ws.annotations[aid].mentions[i].person == "wang-yi-2"
    desk.history.do(edits.edit_person(ws, "wang-yi-2", note="Said to be\nthe same man"))
    before = desk.state()
    # M on the split-off mention: the analyst asks to fold wang-yi into wang-yi-2
    keep, fold = edits.merge_order(ws, "wang-yi-2", "wang-yi")
    assert (keep, fold) == ("wang-yi", "wang-yi-2")
    edit = edits.merge_people(ws, keep, fold)
    summary = edits.merge_summary(ws, edit)
    assert summary[0].startswith("keeps wang-yi (Wang Yi); wang-yi-2")
    # the preview shows both notes: the merged record keeps them both
    assert summary[-2:] == ["note of wang-yi: Director of the Foreign Affairs Office",
                            "note of wang-yi-2: Said to be the same man"]
    desk.history.do(edit)
    kept = ws.people["wang-yi"]
    assert "wang-yi-2" not in ws.people and kept.merged == ["wang-yi-2"]
    assert kept.aliases == ["Wang"] and kept.note == "Director of the Foreign Affairs Office\nSaid to be\nthe same man"
    assert ws.annotations[aid].mentions[i].person == "wang-yi"
    desk.history.undo()
    assert desk.state() == before   # both records back exactly


def test_merge_back_a_short_name_split_off_restores_the_alias(desk: Desk) -> None:
    ws = desk.ws
    aid, i = next((aid, i) for aid, a in sorted(ws.annotations.items()) for i, m in enumerate(a.mentions)
                  if m.text == "Xi" and m.person == "xi-jinping")
    desk.history.do(edits.split_mention(ws, aid, i))          # a new person "Xi", id "xi"
    assert ws.people["xi"].name == "Xi"
    keep, fold = edits.merge_order(ws, "xi", "xi-jinping")    # M on the split-off "Xi"
    assert (keep, fold) == ("xi-jinping", "xi")                 # the full name stays
    desk.history.do(edits.merge_people(ws, keep, fold))
    assert "Xi" in ws.people["xi-jinping"].aliases and ws.people["xi-jinping"].name == "Xi Jinping"


def test_merge_the_other_way_keeps_every_name(desk: Desk) -> None:
    ws = desk.ws
    desk.history.do(edits.edit_person(ws, "wang-yi", aliases=["Wang", "Wang Yi (FM)"]))
    desk.history.do(edits.new_person(ws, A0, desk.index(A0, "Ma Zhaoxu"), "Foreign Minister Wang"))
    # kept as asked (the swap on the preview): the folded record's name and aliases join it
    roundtrip(desk, edits.merge_people(ws, "foreign-minister-wang", "wang-yi"))
    kept = ws.people["foreign-minister-wang"]
    assert kept.aliases == ["Wang Yi", "Wang", "Wang Yi (FM)"]
    desk.history.undo()
    # the other way round, the folded record's mention reads "Ma Zhaoxu": an alias too
    desk.history.do(edits.merge_people(ws, "wang-yi", "foreign-minister-wang"))
    assert ws.people["wang-yi"].aliases == ["Wang", "Wang Yi (FM)", "Foreign Minister Wang", "Ma Zhaoxu"]


def test_merge_order_prefers_the_established_record(desk: Desk) -> None:
    ws = desk.ws
    # more mentions: Xi Jinping (11) over Sun Weidong (1), whichever is named first
    assert edits.merge_order(ws, "sun-weidong", "xi-jinping") == ("xi-jinping", "sun-weidong")
    # a full name over a short one, though the short one is the analyst's
    desk.history.do(edits.new_person(ws, A0, desk.index(A0, "Ma Zhaoxu"), "Kritenbrink"))
    assert edits.merge_order(ws, "kritenbrink", "daniel-kritenbrink") == ("daniel-kritenbrink", "kritenbrink")
    # the analyst's record over the model's
    desk.history.do(edits.edit_person(ws, "sun-weidong", note="checked"))
    assert edits.merge_order(ws, "ma-zhaoxu", "sun-weidong") == ("sun-weidong", "ma-zhaoxu")
    # nothing tells them apart: the first is kept
    assert edits.merge_order(ws, "jake-sullivan", "ma-zhaoxu") == ("jake-sullivan", "ma-zhaoxu")
    with pytest.raises(EditError):
        edits.merge_order(ws, "jake-sullivan", "nobody")


def test_merge_participants_are_not_doubled(desk: Desk) -> None:
    desk.history.do(edits.merge_people(desk.ws, "daniel-kritenbrink", "ma-zhaoxu"))
    assert desk.ws.meetings["m-kritenbrink-ma"].participants == ["daniel-kritenbrink"]


def test_edit_person_fields(desk: Desk) -> None:
    roundtrip(desk, edits.edit_person(desk.ws, "wang-yi", name="Wang Yi", aliases=["Wang"],
                                      roles=[("Foreign Minister", A4)], affiliation="PRC", note="top diplomat"))
    p = desk.ws.people["wang-yi"]
    assert (p.aliases, p.roles[0].title, p.affiliation, p.note, p.by) == (
        ["Wang"], "Foreign Minister", "PRC", "top diplomat", "analyst")
    with pytest.raises(EditError):
        edits.edit_person(desk.ws, "wang-yi", name=" ")
    with pytest.raises(EditError):
        edits.edit_person(desk.ws, "wang-yi", age=3)


def test_meetings_add_edit_delete(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(ws, A4, start, start + 40, text, ["antony-blinken", "wang-yi"], place="Beijing",
                             date="2023-06-19")
    roundtrip(desk, edit)
    mid = edit.changes[0].id
    meeting = ws.meetings[mid]
    assert meeting.reports[0].article == A4 and meeting.by == "analyst"
    roundtrip(desk, edits.edit_meeting(ws, mid, place="Diaoyutai", status="planned", date="2023-06"))
    assert (ws.meetings[mid].place, ws.meetings[mid].status) == ("Diaoyutai", "planned")
    with pytest.raises(EditError):
        edits.edit_meeting(ws, mid, status="maybe")
    with pytest.raises(EditError):
        edits.add_meeting(ws, A4, 0, 5, text, ["wang-yi"])
    roundtrip(desk, edits.delete_meeting(ws, mid))
    assert mid not in ws.meetings
    # a model meeting is kept as rejected
    desk.history.do(edits.delete_meeting(ws, "m-sullivan-wang"))
    assert ws.meetings["m-sullivan-wang"].review == "rejected"
    assert edits.check_date("June 5") and edits.check_date("2023-06-04/2023-06-05") is None


def _planned_summit(ws) -> str:
    """A model-made plan for a Xi–Biden meeting in November 2023, reported by 003."""
    text = ws.articles["003_a13fe278588c347c"].text
    start = text.index("potential meeting between Xi and Biden")
    ws.meetings["xi-biden-planned-2023-11"] = Meeting(
        "xi-biden-planned-2023-11", ["xi-jinping", "joe-biden"], "planned", date="2023-11",
        reports=[Report("003_a13fe278588c347c", start, start + 38, text[start:start + 38])])
    return "xi-biden-planned-2023-11"


def _biden_sentence(ws) -> tuple[str, int, int]:
    aid, m = next((aid, m) for aid, a in sorted(ws.annotations.items()) if aid != "003_a13fe278588c347c"
                  for m in a.mentions if m.person == "joe-biden")
    return (aid, *edits.sentence_around(ws.articles[aid].text, m.start, m.end))


def test_w_on_a_reported_meeting_adds_a_report_to_it(desk: Desk) -> None:
    ws = desk.ws
    mid = _planned_summit(ws)
    aid, start, end = _biden_sentence(ws)
    text = ws.articles[aid].text
    before = desk.state()
    edit = edits.add_meeting(ws, aid, start, end, text, ["joe-biden", "xi-jinping"], "planned", date="2023-11")
    assert mid in edit.description and len(edit.changes) == 1 and edit.changes[0].id == mid
    desk.history.do(edit)
    meeting = ws.meetings[mid]
    assert set(ws.meetings) == set(before[2])                 # no second meeting
    assert (aid, start) in [(r.article, r.start) for r in meeting.reports] and len(meeting.reports) == 2
    # the analyst vouched for it: a re-run keeps the report
    assert (meeting.by, meeting.review) == ("model", "accepted")
    with pytest.raises(EditError, match="already"):
        edits.add_meeting(ws, aid, start, end, text, ["joe-biden", "xi-jinping"], "planned", date="2023-11")
    desk.history.undo()
    assert desk.state() == before


def test_w_on_an_undated_plan_joins_the_plan_its_article_was_published_ahead_of(desk: Desk) -> None:
    # "Biden will meet Xi" in an article of 20 September: the planned November summit, which
    # only the article's own date can tell
    ws = desk.ws
    mid = _planned_summit(ws)
    aid, _, _ = _biden_sentence(ws)
    ws.articles[aid].meta.published = "2023-09-20"
    assert edits.existing_meeting(ws, aid, ["joe-biden", "xi-jinping"], "planned").id == mid
    ws.articles[aid].meta.published = "2022-09-20"   # more than a planning horizon ahead
    assert edits.existing_meeting(ws, aid, ["joe-biden", "xi-jinping"], "planned") is None


def test_w_makes_a_separate_meeting_when_asked_or_when_nothing_matches(desk: Desk) -> None:
    ws = desk.ws
    mid = _planned_summit(ws)
    aid, start, end = _biden_sentence(ws)
    text = ws.articles[aid].text
    people = ["joe-biden", "xi-jinping"]
    assert edits.existing_meeting(ws, aid, people, "planned", date="2023-11-15").id == mid
    # held is not planned; another month does not overlap; a meeting marked wrong is never joined
    assert edits.existing_meeting(ws, aid, people, "held", date="2023-11") is None
    assert edits.existing_meeting(ws, aid, people, "planned", date="2023-12") is None
    ws.meetings[mid].review = "rejected"
    assert edits.existing_meeting(ws, aid, people, "planned", date="2023-11") is None
    ws.meetings[mid].review = "unreviewed"
    edit = edits.add_meeting(ws, aid, start, end, text, people, "planned", date="2023-11", separate=True)
    desk.history.do(edit)
    new = ws.meetings[edit.changes[0].id]
    # ids as the pipeline makes them: date, then how the articles call each person
    assert new.id == "m-2023-11-biden-xi" and new.by == "analyst" and mid in ws.meetings
    again = edits.add_meeting(ws, aid, start, end, text, people, "planned", date="2023-11", separate=True)
    assert again.changes[0].id == "m-2023-11-biden-xi-2"


def test_edit_meta(desk: Desk) -> None:
    roundtrip(desk, edits.edit_meta(desk.ws, A1, title="Kritenbrink in Beijing", outlet="AP", published="2023-06-05"))
    assert desk.ws.annotations[A1].meta.title == "Kritenbrink in Beijing"
    with pytest.raises(EditError, match="YYYY"):
        edits.edit_meta(desk.ws, A1, published="5 June")


def test_a_new_published_date_dates_the_model_meetings_again(desk: Desk) -> None:
    ws, a3 = desk.ws, "003_a13fe278588c347c"
    assert (ws.meetings["m-kritenbrink-sun"].date, ws.meetings["m-kritenbrink-sun"].date_text) == (
        "2023-09-21", "on Thursday")
    before = desk.state()
    edit = edits.edit_meta(ws, a3, published="2023-10-02")      # a Monday: Thursday is 28 September
    desk.history.do(edit)
    assert ws.meetings["m-kritenbrink-sun"].date == "2023-09-28"
    assert ws.meetings["m-kritenbrink-sun"].review == "unreviewed"   # still the model's, to review
    assert set(edit.targets) == {("article", a3), edits.MEETINGS}
    desk.history.undo()
    assert desk.state() == before                                  # one edit: both taken back
    # "on Monday" is 000's words, not 001's: only 000's date moves that meeting
    desk.history.do(edits.edit_meta(ws, A1, published="2023-06-20"))
    assert ws.meetings["m-kritenbrink-ma"].date == "2023-06-05"
    desk.history.do(edits.edit_meta(ws, A0, published="2023-06-13"))
    assert ws.meetings["m-kritenbrink-ma"].date == "2023-06-12"


def test_a_new_published_date_leaves_reviewed_and_analyst_meetings_alone(desk: Desk) -> None:
    ws, a3 = desk.ws, "003_a13fe278588c347c"
    desk.history.do(edits.edit_meeting(ws, "m-kritenbrink-sun", review="accepted"))
    desk.history.do(edits.edit_meta(ws, a3, published="2023-10-02"))
    assert ws.meetings["m-kritenbrink-sun"].date == "2023-09-21"
    ws.meetings["m-kritenbrink-ma"].by = "analyst"
    edit = edits.edit_meta(ws, A0, published="2023-06-13")
    assert [type(c) for c in edit.changes] == [edits.MetaChange]


def test_a_meeting_review_is_named_by_what_it_does(desk: Desk) -> None:
    ws = desk.ws
    assert edits.edit_meeting(ws, "m-kritenbrink-sun", review="rejected").description == "reject meeting m-kritenbrink-sun"
    assert edits.edit_meeting(ws, "m-kritenbrink-sun", review="accepted").description == "accept meeting m-kritenbrink-sun"
    assert edits.edit_meeting(ws, "m-kritenbrink-sun", place="Malta").description == "edit meeting m-kritenbrink-sun"


def test_undo_redo_across_two_articles(desk: Desk) -> None:
    start = desk.state()
    desk.history.do(edits.accept(desk.ws, A0, desk.index(A0, "State Department")))
    desk.history.do(edits.relabel(desk.ws, A1, desk.index(A1, "Washington"), "ORG"))
    after = desk.state()
    assert desk.history.undo().article == A1
    assert desk.history.undo().article == A0
    assert desk.history.undo() is None
    assert desk.state() == start
    desk.history.redo()
    desk.history.redo()
    assert desk.state() == after and desk.history.redo() is None
    # a new edit clears redo
    desk.history.undo()
    desk.history.do(edits.reject(desk.ws, A4, 3))
    assert not desk.history.can_redo


def test_undo_after_an_external_change_is_refused_and_kept(desk: Desk) -> None:
    i = desk.index(A0, "State Department")
    desk.history.do(edits.relabel(desk.ws, A0, i, "FAC"))
    desk.ws.annotations[A0].mentions[i].label = "ORG"   # someone changed it on disk meanwhile
    before = desk.state()
    with pytest.raises(StaleEdit):
        desk.history.undo()
    assert desk.state() == before and desk.history.can_undo


def test_failed_save_takes_the_edit_back_everywhere(tmp_path) -> None:
    desk = Desk(tmp_path)
    calls: list[tuple[str, str]] = []

    def save(ws, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full")

    history = EditHistory(desk.ws, save)
    before = desk.state()
    i = desk.index(A0, "State Department")
    with pytest.raises(OSError):
        history.do(edits.new_person(desk.ws, A0, i, "Matthew Miller"))
    assert desk.state() == before and not history.can_undo
    assert calls == [PEOPLE, ("article", A0), PEOPLE]   # the file written first was written back


def test_read_only_target_is_refused_before_anything_changes(desk: Desk) -> None:
    history = EditHistory(desk.ws, lambda ws, t: None,
                          writable=lambda t: f"{t[1]} is read-only" if t == ("article", A0) else None)
    before = desk.state()
    with pytest.raises(EditError, match="read-only"):
        history.do(edits.accept(desk.ws, A0, desk.index(A0, "State Department")))
    assert desk.state() == before


# --- the sentence `w` takes as a meeting's evidence -----------------------------------

def _sentence(text: str, word: str) -> str:
    i = text.index(word)
    start, end = edits.sentence_around(text, i, i + len(word))
    return text[start:end]


def test_sentence_around_does_not_stop_at_us_in_seed_001(desk: Desk) -> None:
    text = desk.ws.articles[A1].text
    sentence = _sentence(text, "Tuesday")
    assert sentence.startswith("Senior U.S. and Chinese diplomats held")
    assert sentence.endswith("officials said Tuesday.")


@pytest.mark.parametrize(("text", "word", "sentence"), [
    ("He arrived. Mr. Blinken met Wang Yi on Jan. 5 in Washington, D.C. The talks lasted hours.", "Wang",
     "Mr. Blinken met Wang Yi on Jan. 5 in Washington, D.C."),
    ("Former President George W. Bush met J. Biden. They talked.", "Biden",
     "Former President George W. Bush met J. Biden."),
    ("Talks stalled in the U.S. The next day, Xi met Biden in San Francisco. Later more.", "Xi",
     "The next day, Xi met Biden in San Francisco."),
    ("Gen. Milley met Gen. Li at St. Petersburg’s No. 2 hall. “It went well,” he said.", "Li",
     "Gen. Milley met Gen. Li at St. Petersburg’s No. 2 hall."),
    ("Sen. Schumer and Rep. Ocasio-Cortez met the U.K. envoy at 10 a.m. Tuesday. Dr. Lee joined.", "envoy",
     "Sen. Schumer and Rep. Ocasio-Cortez met the U.K. envoy at 10 a.m. Tuesday."),
    ("“Will they meet?” he asked. “Yes.”", "asked", "“Will they meet?” he asked."),
    ("Talks ended. Élisabeth Borne met Li Qiang. Ömer Çelik said so.", "Li", "Élisabeth Borne met Li Qiang."),
    ("Talks ended. Officials met (Gen. Milley was there) on Monday. More.", "Officials",
     "Officials met (Gen. Milley was there) on Monday."),
    ("Talks ended. 5G was discussed by both sides. More.", "both", "5G was discussed by both sides."),
])
def test_sentence_around_made_up_abbreviations(text: str, word: str, sentence: str) -> None:
    assert _sentence(text, word) == sentence


def test_sentence_around_respects_paragraphs() -> None:
    # a headline and a dateline have no full stop, yet the lead does not run into them
    text = ("Xi and Biden to meet in November\n\nWASHINGTON (Reuters)\nPresident Joe Biden will meet Xi Jinping "
            "in San Francisco, officials said on Tuesday\n\nThe talks follow months of preparation.")
    assert _sentence(text, "Biden will") == ("President Joe Biden will meet Xi Jinping in San Francisco, "
                                            "officials said on Tuesday")
    assert _sentence(text, "November") == "Xi and Biden to meet in November"
    # a hard-wrapped paragraph is one paragraph: the sentence runs on across the line break
    wrapped = ("Wang Yi met Blinken in Beijing on Monday, the foreign ministry said in a\n"
               "statement, adding that the two sides agreed to keep talking. Next sentence is\n"
               "here and it is long enough to count as one wrapped line of text.")
    assert _sentence(wrapped, "statement") == wrapped[:wrapped.index(" Next")]


def test_the_first_and_last_mentions_can_be_edited_and_no_further(desk: Desk) -> None:
    mentions = desk.ws.annotations[A0].mentions
    roundtrip(desk, edits.relabel(desk.ws, A0, 0, "GPE"))
    assert mentions[0].label == "GPE" and mentions[0].by == "analyst"
    roundtrip(desk, edits.reject(desk.ws, A0, len(mentions) - 1))
    for index in (-1, len(mentions)):
        with pytest.raises(EditError, match=f"no mention #{index}"):
            edits.relabel(desk.ws, A0, index, "GPE")


def test_what_an_edit_changes_is_described_for_the_history_and_the_confirmation(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    assert edits.delete(desk.ws, A0, i).description == "delete “Ma Zhaoxu” (kept as rejected)"
    text = desk.ws.articles[A0].text
    start = text.index("Vice Foreign Minister")
    desk.history.do(edits.add_mention(desk.ws, A0, start, start + len("Vice Foreign Minister"), "ORG", text))
    added = next(n for n, m in enumerate(desk.ws.annotations[A0].mentions) if m.start == start and m.by == "analyst")
    desk.history.do(edits.reject(desk.ws, A0, added))
    assert edits.delete(desk.ws, A0, added).description == "delete “Vice Foreign Minister”"
    # the confirmation lists what moves and what changes, and nothing that does not
    i, m = desk.index(A0, "Ma Zhaoxu"), desk.mention(A0, "Ma Zhaoxu")
    resized = edits.resize(desk.ws, A0, i, m.start + 3, m.end, text)
    assert resized.preview() == [f"{A0}: PERSON “Ma Zhaoxu” → “Zhaoxu” accepted"]
    assert edits.relabel(desk.ws, A0, i, "ORG").preview() == \
        [f"{A0}: PERSON “Ma Zhaoxu” → ORG person ma-zhaoxu → – accepted"]
    added_meeting = edits.add_meeting(desk.ws, A0, m.start, m.end, text, ["ma-zhaoxu", "wang-yi"])
    desk.history.do(added_meeting)
    mid = added_meeting.changes[0].id
    assert edits.delete_meeting(desk.ws, mid).preview() == [f"remove meeting {mid}"]


def test_a_refused_edit_says_what_to_do(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    with pytest.raises(EditError, match="no person 'ma-zhao'"):
        edits.link_person(desk.ws, A0, i, "ma-zhao")
    text = desk.ws.articles[A0].text
    start = text.index("Vice Foreign Minister")
    with pytest.raises(EditError, match="select at least one character"):
        edits.add_mention(desk.ws, A0, start, start, "ORG", text)


def test_refused_people_and_meeting_edits_say_exactly_why_and_change_nothing(desk: Desk) -> None:
    ws = desk.ws
    desk.history.do(edits.delete_meeting(ws, "m-sullivan-wang"))   # a model meeting: kept as rejected
    before = desk.state()
    refusals = [
        (lambda: edits.merge_people(ws, "wang-yi", "wang-yi"), "a person cannot be merged with themselves"),
        (lambda: edits.merge_people(ws, "wang-yi", "li-qiang"), "no person 'li-qiang'"),
        (lambda: edits.merge_people(ws, "li-qiang", "wang-yi"), "no person 'li-qiang'"),
        (lambda: edits.edit_meeting(ws, "m-kritenbrink-ma", review="unreviewed"), "nothing changed"),
        (lambda: edits.delete_meeting(ws, "m-sullivan-wang"), "meeting m-sullivan-wang is rejected already"),
    ]
    for make, message in refusals:
        with pytest.raises(EditError) as refused:
            make()
        assert str(refused.value) == message
    assert desk.state() == before


def test_merging_people_keeps_the_candidates_of_a_mention_linked_to_someone_else(desk: Desk) -> None:
    # linked to wang-yi, with two others the model weighed: the one folded away is renamed
    # among them, and both stay for the analyst, since the link is to neither
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person="wang-yi", candidates=["sun-weidong", "xi-jinping"])
    desk.history.do(edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    assert (mentions[i].person, mentions[i].candidates) == ("wang-yi", ["ma-zhaoxu", "xi-jinping"])


def test_a_new_mention_may_end_where_another_starts(desk: Desk) -> None:
    # spans are half-open: "US-" (hyphen and all) ends where "China" starts, and shares no character
    text = desk.ws.articles[A0].text
    start = text.index("US-China")
    assert any(m.start == start + 3 and m.text == "China" for m in desk.ws.annotations[A0].mentions)
    desk.history.do(edits.add_mention(desk.ws, A0, start, start + 3, "GPE", text))
    assert [(m.start, m.text) for m in desk.ws.annotations[A0].mentions if start <= m.start <= start + 3] == [
        (start, "US-"), (start + 3, "China")]


def test_relabel_away_from_person_drops_the_candidates_and_a_link_accepts(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person=None, candidates=["ma-zhaoxu", "sun-weidong"])
    desk.history.do(edits.relabel(desk.ws, A0, i, "ORG"))
    assert (mentions[i].label, mentions[i].candidates) == ("ORG", [])   # an ORG is nobody
    j = desk.index(A0, "State Department")
    assert mentions[j].status == "unreviewed"
    desk.history.do(edits.link_person(desk.ws, A0, j, "wang-yi"))
    assert (mentions[j].person, mentions[j].status) == ("wang-yi", "accepted")   # the analyst said who


def test_a_split_takes_the_alias_only_its_mention_read_and_undo_gives_it_back(desk: Desk) -> None:
    ws = desk.ws
    i = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.link_person(ws, A0, i, "wang-yi"))
    desk.history.do(edits.edit_person(ws, "wang-yi", aliases=[*ws.people["wang-yi"].aliases, "Ma Zhaoxu"]))
    aliases = list(ws.people["wang-yi"].aliases)
    roundtrip(desk, edits.split_mention(ws, A0, i, "Ma Zhaoxu"))
    assert ws.people["wang-yi"].aliases == [a for a in aliases if a != "Ma Zhaoxu"]
    desk.history.undo()
    assert ws.people["wang-yi"].aliases == aliases


def test_an_added_mention_or_meeting_remembers_its_article_and_spot_for_undo(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    start = text.index("US-China")
    edit = edits.add_mention(desk.ws, A0, start, start + 2, "GPE", text)
    assert (edit.article, edit.spot) == (A0, (start, start + 2))
    text = desk.ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(desk.ws, A4, start, start + 40, text, ["antony-blinken", "wang-yi"], separate=True)
    report = edit.changes[0].after.reports[0]   # the sentence, spaces trimmed
    assert (edit.article, edit.spot) == (A4, (report.start, report.end)) and report.start == start


def test_a_mention_can_be_resized_to_start_at_the_first_character(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    first = desk.ws.annotations[A0].mentions[0]
    assert first.start > 0 and not text[0].isspace()
    desk.history.do(edits.resize(desk.ws, A0, 0, 0, first.end, text))
    assert (desk.ws.annotations[A0].mentions[0].start, desk.ws.annotations[A0].mentions[0].text) == (
        0, text[:first.end])


def test_refused_meta_edits_say_exactly_why(desk: Desk) -> None:
    ws = desk.ws
    del ws.annotations[A1]
    for make, message in [
        (lambda: edits.edit_meta(ws, A1, title="x"), f"{A1} has no annotation file yet: run newsdesk annotate"),
        (lambda: edits.edit_meta(ws, A0, headline="x", byline="y"), "article metadata has no byline, headline"),
    ]:
        with pytest.raises(EditError) as refused:
            make()
        assert str(refused.value) == message


def test_relabel_to_the_same_label_keeps_the_link_and_changes_nothing(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.link_person(desk.ws, A0, i, "ma-zhaoxu"))
    with pytest.raises(EditError, match="nothing to change"):
        edits.relabel(desk.ws, A0, i, "PERSON")
    assert desk.ws.annotations[A0].mentions[i].person == "ma-zhaoxu"


def test_a_new_meeting_keeps_its_place_and_an_edit_remembers_where_it_is_reported(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(ws, A4, start, start + 40, text, ["antony-blinken", "wang-yi"], place="Beijing",
                             separate=True)
    desk.history.do(edit)
    meeting = ws.meetings[edit.changes[0].id]
    assert meeting.place == "Beijing"
    first = meeting.reports[0]
    assert (edits.edit_meeting(ws, meeting.id, note="x").article,
            edits.edit_meeting(ws, meeting.id, note="x").spot) == (first.article, (first.start, first.end))


@pytest.mark.parametrize(("kind", "record", "what"), [("people", "wang-yi", "person"),
                                                      ("meetings", "m-sullivan-wang", "meeting")])
def test_an_undo_of_a_record_changed_meanwhile_names_the_record(desk: Desk, kind: str, record: str,
                                                               what: str) -> None:
    edit = edits.edit_person if kind == "people" else edits.edit_meeting
    desk.history.do(edit(desk.ws, record, note="checked"))
    getattr(desk.ws, kind)[record].note = "changed on disk meanwhile"
    with pytest.raises(StaleEdit) as stale:
        desk.history.undo()
    assert str(stale.value) == f"{what} {record} changed since"


def test_a_meeting_is_found_for_an_edit_source_without_articles(desk: Desk) -> None:
    # EditSource asks only for annotations, people and meetings; articles are optional
    class Source:
        annotations, people, meetings = desk.ws.annotations, desk.ws.people, desk.ws.meetings

    mid = _planned_summit(desk.ws)
    aid, _, _ = _biden_sentence(desk.ws)
    assert edits.existing_meeting(Source, aid, ["joe-biden", "xi-jinping"], "planned", date="2023-11").id == mid
    assert edits.existing_meeting(Source, aid, ["joe-biden", "xi-jinping"], "planned") is None


def test_relabel_of_a_person_with_candidates_to_person_changes_nothing(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person=None, candidates=["ma-zhaoxu", "sun-weidong"],
                                      status="accepted")
    with pytest.raises(EditError, match="nothing to change"):   # the candidates stay for the analyst
        edits.relabel(desk.ws, A0, i, "PERSON")


def test_an_added_mention_is_accepted_and_a_stale_undo_names_the_mention(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    start = text.index("US-China")
    desk.history.do(edits.add_mention(desk.ws, A0, start, start + 2, "GPE", text))
    added = desk.mention(A0, "US")
    assert (added.by, added.status) == ("analyst", "accepted")
    added.label = "NORP"   # changed on disk meanwhile
    with pytest.raises(StaleEdit) as stale:
        desk.history.undo()
    assert str(stale.value) == f"{A0}: “US” changed since"


def test_a_meeting_with_one_named_person_and_an_unnamed_counterpart(desk: Desk) -> None:
    text = desk.ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(desk.ws, A4, start, start + 40, text, ["antony-blinken"], unnamed=["Chinese officials"])
    desk.history.do(edit)
    assert desk.ws.meetings[edit.changes[0].id].unnamed == ["Chinese officials"]


def test_a_merge_summary_lists_the_meetings_that_move(desk: Desk) -> None:
    summary = edits.merge_summary(desk.ws, edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    assert "meetings: m-kritenbrink-sun" in summary


def test_existing_meeting_asks_about_held_meetings_unless_told(desk: Desk) -> None:
    meeting = desk.ws.meetings["m-sullivan-wang"]
    aid = meeting.reports[0].article
    assert edits.existing_meeting(desk.ws, aid, ["jake-sullivan", "wang-yi"], place="Malta",
                                  date="2023-09").id == "m-sullivan-wang"


def test_editing_an_unreviewed_meeting_accepts_it(desk: Desk) -> None:
    assert desk.ws.meetings["m-sullivan-wang"].review == "unreviewed"
    desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="Valletta"))
    assert desk.ws.meetings["m-sullivan-wang"].review == "accepted"


def test_a_merge_keeps_three_candidates_when_the_link_is_one_of_them(desk: Desk) -> None:
    # linked to the kept person, and two others weighed as well: still worth showing
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person="sun-weidong",
                                      candidates=["sun-weidong", "wang-yi", "xi-jinping"])
    desk.history.do(edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    assert (mentions[i].person, mentions[i].candidates) == ("ma-zhaoxu", ["ma-zhaoxu", "wang-yi", "xi-jinping"])


def test_the_person_a_split_takes_an_alias_from_becomes_the_analysts(desk: Desk) -> None:
    ws = desk.ws
    i = desk.index(A0, "Ma Zhaoxu")
    desk.history.do(edits.link_person(ws, A0, i, "wang-yi"))
    ws.people["wang-yi"].aliases.append("Ma Zhaoxu")
    ws.people["wang-yi"].by = "model"
    desk.history.do(edits.split_mention(ws, A0, i, "Ma Zhaoxu"))
    assert ws.people["wang-yi"].by == "analyst"


def test_merging_people_replaces_the_gone_one_among_a_mentions_candidates(desk: Desk) -> None:
    # "Wang" the model could not tell apart: three people it may be
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person=None, candidates=["wang-yi", "ma-zhaoxu", "sun-weidong"])
    roundtrip(desk, edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    assert mentions[i].candidates == ["wang-yi", "ma-zhaoxu"]
    assert "sun-weidong" not in desk.ws.people


def test_a_new_meeting_keeps_its_status_and_an_edit_checks_the_new_participants(desk: Desk) -> None:
    text = desk.ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(desk.ws, A4, start, start + 40, text, ["antony-blinken", "wang-yi"], status="planned")
    desk.history.do(edit)
    mid = edit.changes[0].id
    assert desk.ws.meetings[mid].status == "planned"
    with pytest.raises(EditError, match="no person 'li-qiang'"):
        edits.edit_meeting(desk.ws, mid, participants=["antony-blinken", "li-qiang"])
    with pytest.raises(EditError, match="at least two participants"):
        edits.edit_meeting(desk.ws, mid, participants=["antony-blinken"])


# ---- behaviours mutation testing found unchecked (seed 7, rounds 5, 7 and 8) ----------------

def test_accept_all_accepts_what_nobody_reviewed_but_hidden_labels_as_one_edit(desk: Desk) -> None:
    ws = desk.ws
    mentions = ws.annotations[A0].mentions
    # one the analyst made (unreviewed but theirs) is left as it is
    mentions[3] = dataclasses.replace(mentions[3], by="analyst")
    before = desk.state()
    edit = edits.accept_all(ws, A0, skip_labels=["GPE"])
    waiting = [m for m in before[0][A0].mentions if not m.analyst_owned and m.label != "GPE"]
    assert edit.description == f"accept {len(waiting)} mentions in {A0}"
    assert (edit.article, edit.spot, edit.targets) == (A0, None, [("article", A0)])
    roundtrip(desk, edit)
    after = {(m.start, m.end): m for m in mentions}
    for m in before[0][A0].mentions:
        expected = "accepted" if m in waiting else m.status
        assert after[(m.start, m.end)] == dataclasses.replace(m, status=expected)
    assert any(m.label == "GPE" and m.status == "unreviewed" for m in mentions)
    assert mentions[3].status == "unreviewed"


def test_accept_all_names_one_mention_and_refuses_when_nothing_waits(desk: Desk) -> None:
    ws = desk.ws
    labels = {m.label for m in ws.annotations[A0].mentions}
    assert edits.accept_all(ws, A0, skip_labels=labels - {"ORG"}).description == f"accept 3 mentions in {A0}"
    i = desk.index(A0, "State Department")
    desk.history.do(edits.accept(ws, A0, i))
    desk.history.do(edits.accept(ws, A0, desk.index(A0, "State Department", 1)))
    assert edits.accept_all(ws, A0, skip_labels=labels - {"ORG"}).description == f"accept 1 mention in {A0}"
    desk.history.do(edits.accept_all(ws, A0))
    for make, message in [(lambda: edits.accept_all(ws, A0), f"{A0}: every mention shown has been reviewed"),
                          (lambda: edits.accept_all(ws, "nope"), "nope: no annotation file yet")]:
        with pytest.raises(EditError) as refused:
            make()
        assert str(refused.value) == message


def test_each_mention_edit_says_what_it_does_and_where(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A0].text
    i, m = desk.index(A0, "Ma Zhaoxu"), desk.mention(A0, "Ma Zhaoxu")
    for edit, description in [
        (edits.accept(ws, A0, i), "accept “Ma Zhaoxu”"),
        (edits.reject(ws, A0, i), "reject “Ma Zhaoxu”"),
        (edits.relabel(ws, A0, i, "ORG"), "“Ma Zhaoxu” PERSON → ORG"),
        (edits.resize(ws, A0, i, m.start + 3, m.end, text), "“Ma Zhaoxu” → “Zhaoxu”"),
        (edits.link_person(ws, A0, i, "wang-yi"), "link “Ma Zhaoxu” → Wang Yi"),
        (edits.link_person(ws, A0, i, None), "link “Ma Zhaoxu” → nobody"),
    ]:
        assert edit.description == description
        assert (edit.article, edit.spot) == (A0, (edit.changes[0].after.start, edit.changes[0].after.end))


def test_linking_a_mention_to_a_person_makes_it_a_person(desk: Desk) -> None:
    j = desk.index(A0, "State Department")
    desk.history.do(edits.link_person(desk.ws, A0, j, "wang-yi"))
    m = desk.ws.annotations[A0].mentions[j]
    assert (m.label, m.person, m.by) == ("PERSON", "wang-yi", "analyst")


def test_a_mention_may_be_resized_up_to_its_neighbours_but_not_into_them(desk: Desk) -> None:
    text = desk.ws.articles[A0].text
    start = text.index("US-China")
    desk.history.do(edits.add_mention(desk.ws, A0, start, start + 2, "GPE", text))
    mentions = desk.ws.annotations[A0].mentions

    def at(offset: int) -> int:
        return next(i for i, m in enumerate(mentions) if m.start == offset)

    end = mentions[at(start + 3)].end   # "China"
    desk.history.do(edits.resize(desk.ws, A0, at(start), start, start + 3, text))    # ends where China starts
    with pytest.raises(EditError, match="it would overlap another entity"):
        edits.resize(desk.ws, A0, at(start), start, start + 4, text)
    desk.history.do(edits.resize(desk.ws, A0, at(start + 3), start + 3, end, text))  # starts where US- ends
    assert [m.text for m in desk.ws.annotations[A0].mentions if start <= m.start < end] == ["US-", "China"]


def test_deleting_a_mention_beside_a_rejected_one_keeps_it_rejected(desk: Desk) -> None:
    # a rejected mention that only touches it is not under it: the analyst's mention may be
    # a relabelled model one, so it stays as rejected
    text = desk.ws.articles[A0].text
    start = text.index("US-China")
    china = next(i for i, m in enumerate(desk.ws.annotations[A0].mentions) if m.start == start + 3)
    desk.history.do(edits.reject(desk.ws, A0, china))
    desk.history.do(edits.add_mention(desk.ws, A0, start, start + 3, "GPE", text))
    n = len(desk.ws.annotations[A0].mentions)
    edit = edits.delete(desk.ws, A0, desk.index(A0, "US-"))
    assert edit.description == "delete “US-” (kept as rejected)"
    desk.history.do(edit)
    assert len(desk.ws.annotations[A0].mentions) == n and desk.mention(A0, "US-").status == "rejected"


def test_an_edit_removing_a_mention_or_a_meeting_remembers_where_it_was(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A0].text
    m = desk.mention(A0, "State Department")
    desk.history.do(edits.reject(ws, A0, desk.index(A0, "State Department")))
    desk.history.do(edits.add_mention(ws, A0, m.start, m.start + 5, "ORG", text))
    edit = edits.delete(ws, A0, desk.index(A0, "State"))
    assert (edit.article, edit.spot) == (A0, (m.start, m.start + 5))
    report = ws.meetings["m-sullivan-wang"].reports[0]
    edit = edits.delete_meeting(ws, "m-sullivan-wang")
    assert (edit.description, edit.article, edit.spot) == (
        "delete meeting m-sullivan-wang", report.article, (report.start, report.end))
    ws.meetings["m-sullivan-wang"].reports = []
    assert (edits.delete_meeting(ws, "m-sullivan-wang").article,
            edits.delete_meeting(ws, "m-sullivan-wang").spot) == (None, None)


def test_a_merge_takes_the_folded_persons_roles_and_becomes_the_analysts(desk: Desk) -> None:
    ws = desk.ws
    ws.people["sun-weidong"].roles = [edits.Role("Vice Foreign Minister for Asia", "003_a13fe278588c347c")]
    ws.people["ma-zhaoxu"].affiliation = None
    roundtrip(desk, edits.merge_people(ws, "ma-zhaoxu", "sun-weidong"))
    kept = ws.people["ma-zhaoxu"]
    assert [r.title for r in kept.roles] == ["Vice Foreign Minister", "Vice Foreign Minister for Asia"]
    assert (kept.by, kept.affiliation, kept.note) == ("analyst", "China", "")


def test_a_merge_drops_two_candidates_once_the_link_is_one_of_them(desk: Desk) -> None:
    i = desk.index(A0, "Ma Zhaoxu")
    mentions = desk.ws.annotations[A0].mentions
    mentions[i] = dataclasses.replace(mentions[i], person="sun-weidong", candidates=["sun-weidong", "wang-yi"])
    desk.history.do(edits.merge_people(desk.ws, "ma-zhaoxu", "sun-weidong"))
    assert (mentions[i].person, mentions[i].candidates) == ("ma-zhaoxu", [])


def test_a_merge_summary_counts_the_mentions_per_article(desk: Desk) -> None:
    ws = desk.ws
    summary = edits.merge_summary(ws, edits.merge_people(ws, "daniel-kritenbrink", "ma-zhaoxu"))
    assert summary == [
        "keeps daniel-kritenbrink (Daniel Kritenbrink); ma-zhaoxu (Ma Zhaoxu) is folded into it",
        "1 mention in 000_340ba6ed93e242f0", "1 mention in 001_5843e84394fa44eb",
        "meetings: m-kritenbrink-ma", "new aliases: Ma Zhaoxu"]
    ws.people["jake-sullivan"].note = "NSA"
    del ws.meetings["m-sullivan-wang"]
    for a in ws.annotations.values():
        a.mentions = [m for m in a.mentions if m.person not in ("jake-sullivan", "joe-biden")]
    ws.people["jake-sullivan"].aliases.append("Joe Biden")
    summary = edits.merge_summary(ws, edits.merge_people(ws, "jake-sullivan", "joe-biden"))
    assert summary[1:] == ["new aliases: Biden", "note of jake-sullivan: NSA"]
    ws.people["jake-sullivan"].aliases.append("Biden")
    ws.people["jake-sullivan"].note = ""
    summary = edits.merge_summary(ws, edits.merge_people(ws, "jake-sullivan", "joe-biden"))
    assert summary[1:] == ["no mentions or meetings move"]


def test_meeting_and_person_edits_refuse_with_the_reason(desk: Desk) -> None:
    ws = desk.ws
    for make, message in [
        (lambda: edits.edit_meeting(ws, "m-sullivan-wang", venue="x", when="y"), "a meeting has no venue, when"),
        (lambda: edits.edit_meeting(ws, "m-nope", place="x"), "no meeting 'm-nope'"),
        (lambda: edits.edit_person(ws, "wang-yi", name=" "), "a person needs a name"),
        (lambda: edits.edit_person(ws, "wang-yi", age=3, height=2), "a person has no age, height"),
        (lambda: edits.edit_person(ws, "nobody", note="x"), "no person 'nobody'"),
    ]:
        with pytest.raises(EditError) as refused:
            make()
        assert str(refused.value) == message


def test_an_emptied_meeting_place_or_date_is_none(desk: Desk) -> None:
    desk.history.do(edits.edit_meeting(desk.ws, "m-sullivan-wang", place="", date=""))
    meeting = desk.ws.meetings["m-sullivan-wang"]
    assert (meeting.place, meeting.date) == (None, None)


def test_a_report_from_another_place_is_a_meeting_of_its_own(desk: Desk) -> None:
    ws = desk.ws
    aid, m = next((aid, m) for aid, a in sorted(ws.annotations.items()) for m in a.mentions
                  if m.person == "jake-sullivan" and aid != "003_a13fe278588c347c")
    text = ws.articles[aid].text
    start, end = edits.sentence_around(text, m.start, m.end)
    people = ["jake-sullivan", "wang-yi"]
    assert edits.add_meeting(ws, aid, start, end, text, people, date="2023-09", place="Malta").changes[0].id \
        == "m-sullivan-wang"
    edit = edits.add_meeting(ws, aid, start, end, text, people, date="2023-09", place="Vienna")
    assert edit.changes[0].id != "m-sullivan-wang" and edit.changes[0].before is None
    assert edit.changes[0].after.place == "Vienna"


def test_record_edits_say_what_they_do(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A4].text
    start = text.index("Blinken")
    assert edits.edit_person(ws, "wang-yi", note="x").description == "edit Wang Yi"
    assert edits.merge_people(ws, "ma-zhaoxu", "sun-weidong").description == \
        "merge Sun Weidong (sun-weidong) into Ma Zhaoxu (ma-zhaoxu)"
    us = ws.articles[A0].text.index("US-China")
    assert edits.add_mention(ws, A0, us, us + 2, "GPE", ws.articles[A0].text).description == "add GPE “US”"
    edit = edits.add_meeting(ws, A4, start, start + 40, text, ["antony-blinken"], unnamed=["Chinese officials"],
                             separate=True)
    assert edit.description == "add meeting Antony Blinken & Chinese officials"
    meeting = edit.changes[0].after
    assert (meeting.review, meeting.by, meeting.reports[0].evidence) == ("accepted", "analyst", text[start:start + 40].strip())
    assert meeting.id and meeting.id == edit.changes[0].id


def test_a_rule_stops_being_the_mentions_maker_only_when_its_span_label_or_person_changes(desk: Desk) -> None:
    mentions = desk.ws.annotations[A0].mentions
    i = desk.index(A0, "Ma Zhaoxu")
    mentions[i] = dataclasses.replace(mentions[i], rule="vice-ministers")
    desk.history.do(edits.accept(desk.ws, A0, i))
    assert mentions[i].rule == "vice-ministers"
    desk.history.do(edits.link_person(desk.ws, A0, i, "wang-yi"))
    assert mentions[i].rule is None


def test_a_mention_may_run_from_the_first_to_the_last_character_of_the_text(desk: Desk) -> None:
    ws = desk.ws
    text = ws.articles[A0].text
    last = ws.annotations[A0].mentions[-1]
    end = len(text.rstrip())
    assert last.end < end
    desk.history.do(edits.resize(ws, A0, len(ws.annotations[A0].mentions) - 1, last.start, end, text))
    assert ws.annotations[A0].mentions[-1].end == end
    with pytest.raises(EditError) as refused:
        edits.resize(ws, A0, 0, 5, 5, text)
    assert str(refused.value) == "a mention needs at least one character"
    first = ws.annotations[A0].mentions[0]
    desk.history.do(edits.add_mention(ws, A0, 0, first.start - 1, "ORG", text))
    assert ws.annotations[A0].mentions[0].start == 0


def test_a_merge_summary_counts_many_mentions_in_the_plural(desk: Desk) -> None:
    summary = edits.merge_summary(desk.ws, edits.merge_people(desk.ws, "joe-biden", "xi-jinping"))
    assert summary[1:] == [f"1 mention in {A0}", "2 mentions in 002_0af8d4bc5d39ec79",
                           "5 mentions in 003_a13fe278588c347c", f"3 mentions in {A4}", "new aliases: Xi Jinping, Xi"]


def test_accepting_a_mention_keeps_the_candidates_the_model_weighed(desk: Desk) -> None:
    mentions = desk.ws.annotations[A0].mentions
    i = desk.index(A0, "Ma Zhaoxu")
    mentions[i] = dataclasses.replace(mentions[i], person=None, candidates=["ma-zhaoxu", "sun-weidong"])
    roundtrip(desk, edits.accept(desk.ws, A0, i))
    assert (mentions[i].status, mentions[i].candidates) == ("accepted", ["ma-zhaoxu", "sun-weidong"])


# ---- found by the measuring rounds 6 and 9 of seed 7, after the figure was taken ------------

def test_a_meeting_with_an_unnamed_counterpart_can_be_edited(desk: Desk) -> None:
    text = desk.ws.articles[A4].text
    start = text.index("Blinken")
    edit = edits.add_meeting(desk.ws, A4, start, start + 40, text, ["antony-blinken"], unnamed=["Chinese officials"])
    desk.history.do(edit)
    mid = edit.changes[0].id
    desk.history.do(edits.edit_meeting(desk.ws, mid, note="in the Great Hall"))
    assert desk.ws.meetings[mid].note == "in the Great Hall"


def test_a_merge_summary_lists_every_meeting_that_moves(desk: Desk) -> None:
    summary = edits.merge_summary(desk.ws, edits.merge_people(desk.ws, "antony-blinken", "daniel-kritenbrink"))
    assert "meetings: m-kritenbrink-ma, m-kritenbrink-sun" in summary

