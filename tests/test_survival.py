"""Analyst edits survive `newsdesk annotate` (issue #3 item 4, issue #2).

Each test starts from the seeds annotated once from scratch by the real model, makes an
edit the way an analyst does — by hand in the YAML file, as with a text editor, and
through tui/core/edits.py as the app does — then re-runs the pipeline in two ways:

    shifted  a sentence is put at the top of the edited articles, so every offset moves
             and the articles are parsed again;
    forced   the text is unchanged and annotate runs with force=True.

and reloads everything with open_workspace to check that the edit is still there.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tui.core.annotate import annotate, run_annotate_command
from tui.core.edits import (EditHistory, add_meeting, add_mention, delete_meeting, edit_meeting, edit_meta,
                            edit_person, link_person, merge_people, reject, relabel, resize)
from tui.core.models import Meeting, Mention
from tui.core.names import name_key
from tui.core.store import AnnotationStore
from tui.core.sync import Sync
from tui.core.workspace import Workspace, open_workspace

A000 = "000_340ba6ed93e242f0"
A002 = "002_0af8d4bc5d39ec79"
A004 = "004_a2871e021c39f267"
# Put at the top of an article: a plain story sentence, so the body still starts at 0.
LEAD = "Officials in both capitals declined to comment further on Wednesday.\n\n"
MODES = ("shifted", "forced")
WAYS = ("hand", "app")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, nlp_model) -> Path:
    """The seeds and their annotations after one run from scratch (never changed)."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", root / "seeds")
    summary = annotate(root / "seeds", root / "annotations", model=nlp_model)
    assert summary.problems == [] and summary.annotated == 5
    return root


@dataclass
class Desk:
    root: Path
    nlp: object

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def annotations(self) -> Path:
        return self.root / "annotations"

    def article_file(self, aid: str) -> Path:
        return self.seeds / f"{aid}.txt"

    def yaml(self, aid: str) -> Path:
        return AnnotationStore(self.annotations).article_path(aid)

    @property
    def people_file(self) -> Path:
        return AnnotationStore(self.annotations).people_path

    @property
    def meetings_file(self) -> Path:
        return AnnotationStore(self.annotations).meetings_path

    def open(self) -> Workspace:
        return open_workspace(self.seeds, self.annotations)

    def text(self, aid: str) -> str:
        return self.open().articles[aid].text

    def rerun(self, mode: str, articles: tuple[str, ...]) -> int:
        """Re-annotate after the edit; the shift of the articles' offsets (0 when forced)."""
        if mode == "shifted":
            for aid in articles:
                path = self.article_file(aid)
                path.write_bytes(LEAD.encode() + path.read_bytes())
        summary = annotate(self.seeds, self.annotations, model=self.nlp, force=mode == "forced")
        assert summary.problems == [], [str(p) for p in summary.problems]
        assert summary.annotated == (5 if mode == "forced" else len(articles))
        return len(LEAD) if mode == "shifted" else 0

    def apply(self, make_edit) -> None:
        """Make an edit the way the app does: through EditHistory, saved by Sync."""
        ws = self.open()
        sync = Sync(ws)
        EditHistory(ws, sync.save, sync.writable).do(make_edit(ws))


@pytest.fixture
def desk(pristine: Path, tmp_path: Path, nlp_model) -> Desk:
    shutil.copytree(pristine / "seeds", tmp_path / "seeds")
    shutil.copytree(pristine / "annotations", tmp_path / "annotations")
    return Desk(tmp_path, nlp_model)


# --- editing files by hand, as with a text editor ---------------------------------------

def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_record(path: Path, record_id: str, **fields: str) -> None:
    """Rewrite `key: value` lines of one `- id: record_id` block of people.yaml or meetings.yaml."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"- id: {record_id}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- id: ")), len(lines))
    for key, value in fields.items():
        at = [i for i in range(start, end) if lines[i].startswith(f"  {key}:")]
        assert len(at) == 1, f"no single '{key}:' line in {record_id}"
        lines[at[0]] = f"  {key}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")


def delete_record(path: Path, record_id: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"- id: {record_id}")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def mention_line(path: Path, start: int, text: str) -> str:
    """The one line of the annotation file holding the mention at start."""
    found = [line for line in path.read_text(encoding="utf-8").split("\n")
             if line.startswith(f"- {{start: {start}, ") and f"text: {text}," in line]
    assert len(found) == 1, f"no single mention line for {text!r} at {start}"
    return found[0]


def append_to_list(path: Path, key: str, block: str) -> None:
    """Add an item to the top-level list `key:` of a YAML file (made when it does not exist)."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{key}:\n"
    text = text.replace(f"{key}: []", f"{key}:")
    path.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")


# --- helpers over the reloaded workspace ---------------------------------------------------

def mentions_at(ws: Workspace, aid: str, start: int, end: int) -> list[Mention]:
    return [m for m in ws.annotations[aid].mentions if m.start < end and start < m.end]


def person_ids_named(ws: Workspace, name: str) -> set[str]:
    """People whose name or an alias is `name` (folded)."""
    key = name_key(name)
    return {pid for pid, p in ws.people.items() if key in {name_key(n) for n in (p.name, *p.aliases)}}


def assert_in_place(ws: Workspace) -> None:
    """Every mention reads its own text in its article: nothing silently wrong."""
    for aid, annotation in ws.annotations.items():
        text = ws.articles[aid].text
        for m in annotation.mentions:
            assert text[m.start:m.end] == m.text, (aid, m)
        assert annotation.sha256 == ws.articles[aid].sha256


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    return starts[nth], starts[nth] + len(phrase)


def index_of(ws: Workspace, aid: str, start: int, text: str) -> int:
    return next(i for i, m in enumerate(ws.annotations[aid].mentions) if m.start == start and m.text == text)


# --- 1. renaming a person -----------------------------------------------------------------

NEW_NAME = "Daniel J. Kritenbrink"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", (*WAYS, "hand-unmarked"))
def test_renamed_person_keeps_new_name_id_and_mentions(desk: Desk, way: str, mode: str) -> None:
    before = desk.open()
    assert before.people["daniel-kritenbrink"].by == "model"
    count = len(before.mentions_of("daniel-kritenbrink"))
    if way == "hand":
        edit_record(desk.people_file, "daniel-kritenbrink", name=NEW_NAME, by="analyst")
    elif way == "hand-unmarked":   # the analyst forgot `by: analyst`: the new name still holds
        edit_record(desk.people_file, "daniel-kritenbrink", name=NEW_NAME)
    else:
        desk.apply(lambda ws: edit_person(ws, "daniel-kritenbrink", name=NEW_NAME))

    desk.rerun(mode, (A000, A002))
    ws = desk.open()
    person = ws.people["daniel-kritenbrink"]
    assert (person.name, person.by) == (NEW_NAME, "analyst")
    # No record with the old name comes back, and every Kritenbrink mention links to him.
    assert person_ids_named(ws, "Daniel Kritenbrink") <= {"daniel-kritenbrink"}
    assert not any("kritenbrink" in pid for pid in ws.people if pid != "daniel-kritenbrink")
    kritenbrink = [m for a in ws.annotations.values() for m in a.mentions
                   if "Kritenbrink" in m.text and m.label == "PERSON" and m.status != "rejected"]
    assert len(kritenbrink) == count > 5
    assert {m.person for m in kritenbrink} == {"daniel-kritenbrink"}
    assert_in_place(ws)


# --- 2. merging two people ----------------------------------------------------------------

BILL = "In May, CIA Director Bill Burns held talks with Chinese officials in Beijing.\n\n"


def with_bill_burns(desk: Desk) -> None:
    """Article 004 also calls William Burns by his usual name, Bill Burns: the model makes
    a second person of him, and the analyst merges the two."""
    path = desk.article_file(A004)
    text = path.read_text(encoding="utf-8")
    cut = text.index("The cautiously positive tone")
    path.write_text(text[:cut] + BILL + text[cut:], encoding="utf-8")
    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    ws = desk.open()
    assert {"bill-burns", "william-burns"} <= ws.people.keys(), "the model should not know Bill is William"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", ("hand", "hand-merged-only", "app"))
def test_merged_person_stays_merged(desk: Desk, way: str, mode: str) -> None:
    with_bill_burns(desk)
    if way == "app":
        desk.apply(lambda ws: merge_people(ws, "william-burns", "bill-burns"))
    elif way == "hand":
        # As the format says: the folded id under `merged:`, the record the analyst's,
        # the other record deleted.
        edit_record(desk.people_file, "william-burns", merged="[bill-burns]", by="analyst")
        delete_record(desk.people_file, "bill-burns")
    else:
        # Only `merged:` written: it says it all, the rest must follow from it.
        edit_record(desk.people_file, "william-burns", merged="[bill-burns]")

    desk.rerun(mode, (A000, A004))
    ws = desk.open()
    assert "bill-burns" not in ws.people
    survivor = ws.people["william-burns"]
    assert "bill-burns" in survivor.merged and survivor.by == "analyst"
    assert ws.person("bill-burns") is survivor
    bills = [m for m in ws.annotations[A004].mentions if m.text == "Bill Burns"]
    assert bills and {m.person for m in bills} == {"william-burns"}
    williams = [m for a in ws.annotations.values() for m in a.mentions if m.text == "William Burns"]
    assert len(williams) == 2 and {m.person for m in williams} == {"william-burns"}
    assert {aid for aid, _ in ws.mentions_of("william-burns")} == {A000, "001_5843e84394fa44eb", A004}
    assert_in_place(ws)


# --- 3. adding an alias -------------------------------------------------------------------

TONY = "Tony Blinken arrived in Beijing on Sunday for two days of talks.\n\n"


@pytest.mark.parametrize("way", WAYS)
def test_alias_survives_and_links_the_name(desk: Desk, way: str) -> None:
    if way == "hand":
        edit_record(desk.people_file, "antony-blinken", aliases="[Blinken, Tony Blinken]", by="analyst")
    else:
        desk.apply(lambda ws: edit_person(ws, "antony-blinken", aliases=["Blinken", "Tony Blinken"]))
    # The article now calls him by the alias: linking must know it is him.
    path = desk.article_file(A004)
    path.write_bytes(TONY.encode() + path.read_bytes())
    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    for _ in MODES:   # and again with force: nothing drifts on a second run
        ws = desk.open()
        blinken = ws.people["antony-blinken"]
        assert blinken.aliases == ["Blinken", "Tony Blinken"] and blinken.by == "analyst"
        tony = [m for m in ws.annotations[A004].mentions if m.text == "Tony Blinken"]
        assert [(m.start, m.label, m.person) for m in tony] == [(0, "PERSON", "antony-blinken")]
        assert person_ids_named(ws, "Tony Blinken") == {"antony-blinken"}
        assert_in_place(ws)
        annotate(desk.seeds, desk.annotations, model=desk.nlp, force=True)


# --- 4. adding a meeting by hand ------------------------------------------------------------

HAND_MEETING = "m-analyst-qin-blinken-washington"
# A plan the model does not find: the analyst adds it.
EVIDENCE = ("Both sides expressed a desire to stabilise ties despite what one US official called their "
            "“profound” differences, and agreed that Mr Qin would visit Washington to continue the "
            "conversation, although no date was announced.")
PARTICIPANTS = ["qin-gang", "antony-blinken"]


def hand_meeting_yaml(start: int, end: int) -> str:
    return (f"- id: {HAND_MEETING}\n"
            f"  participants: [{', '.join(PARTICIPANTS)}]\n"
            "  status: planned\n"
            "  place: Washington\n"
            "  note: the conversation with Blinken goes on in Washington; no date\n"
            "  by: analyst\n"
            "  reports:\n"
            f"  - {{article: {A004}, start: {start}, end: {end}, evidence: \"{EVIDENCE}\"}}\n")


def qin_blinken(ws: Workspace, status: str) -> list[Meeting]:
    return [g for g in ws.meetings.values() if set(g.participants) == set(PARTICIPANTS) and g.status == status]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", WAYS)
def test_meeting_added_by_hand_survives_with_its_report_in_place(desk: Desk, way: str, mode: str) -> None:
    text = desk.text(A004)
    start, end = find(text, EVIDENCE)
    if way == "hand":
        append_to_list(desk.meetings_file, "meetings", hand_meeting_yaml(start, end))
    else:
        desk.apply(lambda ws: add_meeting(ws, A004, start, end, text, PARTICIPANTS, status="planned",
                                          place="Washington"))
    [before] = [g for g in qin_blinken(desk.open(), "planned") if g.by == "analyst"]

    shift = desk.rerun(mode, (A004,))
    ws = desk.open()
    assert [p for p in ws.problems if "report" in p.message] == []
    # The same record, and only that one: should the model find the plan, it is absorbed.
    [meeting] = qin_blinken(ws, "planned")
    [report] = meeting.reports
    assert (report.start, report.end, report.evidence) == (start + shift, end + shift, EVIDENCE)
    assert ws.articles[A004].text[report.start:report.end] == EVIDENCE
    moved = replace(before, reports=[replace(before.reports[0], start=start + shift, end=end + shift)])
    assert meeting == moved


def test_hand_meeting_whose_evidence_is_gone_is_flagged_not_moved(desk: Desk) -> None:
    """The sentence itself was rewritten: the report stays where it was and the workspace
    says so, rather than point at some other sentence."""
    text = desk.text(A004)
    start, end = find(text, EVIDENCE)
    append_to_list(desk.meetings_file, "meetings", hand_meeting_yaml(start, end))
    path = desk.article_file(A004)
    path.write_text(path.read_text(encoding="utf-8").replace("no date was announced", "no date was set"),
                    encoding="utf-8")
    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    ws = desk.open()
    [report] = ws.meetings[HAND_MEETING].reports
    assert (report.start, report.end, report.evidence) == (start, end, EVIDENCE)
    assert any(p.path == str(desk.meetings_file) and p.line and "evidence" in p.message for p in ws.problems)


# --- 5. marking an extracted meeting as wrong ------------------------------------------------

def raimondo_meeting(ws: Workspace) -> Meeting:
    found = [g for g in ws.meetings.values() if {"wang-wentao", "gina-raimondo"} <= set(g.participants)]
    assert len(found) == 1, "annotate should extract one Wang Wentao–Raimondo meeting from 000"
    return found[0]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", WAYS)
def test_meeting_marked_wrong_stays_rejected(desk: Desk, way: str, mode: str) -> None:
    meeting = raimondo_meeting(desk.open())
    assert meeting.by == "model" and meeting.review == "unreviewed"
    if way == "hand":
        edit_record(desk.meetings_file, meeting.id, review="rejected")
    else:
        desk.apply(lambda ws: delete_meeting(ws, meeting.id))

    desk.rerun(mode, (A000,))
    ws = desk.open()
    again = raimondo_meeting(ws)   # exactly one: not made again beside the rejected one
    assert (again.id, again.review, again.by) == (meeting.id, "rejected", "model")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", WAYS)
def test_meeting_corrected_by_the_analyst_keeps_the_correction(desk: Desk, way: str, mode: str) -> None:
    [meeting] = [g for g in desk.open().meetings.values() if set(g.participants) == {"daniel-kritenbrink",
                                                                                       "sun-weidong"}]
    assert meeting.by == "model" and meeting.date != "2023-08-10"
    if way == "hand":
        edit_record(desk.meetings_file, meeting.id, date="2023-08-10", place="Washington", review="accepted")
    else:
        desk.apply(lambda ws: edit_meeting(ws, meeting.id, date="2023-08-10", place="Washington"))

    desk.rerun(mode, ("003_a13fe278588c347c",))
    again = desk.open().meetings[meeting.id]
    assert (again.date, again.place, again.review) == ("2023-08-10", "Washington", "accepted")
    assert set(again.participants) == {"daniel-kritenbrink", "sun-weidong"}


# --- 6. mentions: added, rejected, relabelled, resized and linked by the analyst -------------

@dataclass(frozen=True)
class Expected:
    aid: str
    start: int
    text: str
    label: str
    status: str
    by: str
    person: str | None = None


def only(ws: Workspace, aid: str, start: int, end: int) -> Mention:
    [m] = mentions_at(ws, aid, start, end)
    return m


def mention_edits(desk: Desk, way: str) -> list[Expected]:
    """The analyst's review of 000 and 004: every kind of mention edit, made one way.

    Each edit is made to differ from what the model says (its output improves while the
    project goes on), so a re-run that dropped the edit would show.
    """
    t000, t004 = desk.text(A000), desk.text(A004)
    ws = desk.open()
    days, _ = find(t000, "days")
    indo, indo_end = find(t000, "Indo-Pacific")
    label = "GPE" if only(ws, A000, indo, indo_end).label == "LOC" else "LOC"
    # A boundary: the country word in or out, whichever the model did not do.
    ministry, ministry_end = find(t000, "Chinese Foreign Ministry spokesman")
    ministry_end -= len(" spokesman")
    model_span = only(ws, A000, ministry, ministry_end)
    short = ministry + len("Chinese ")
    span = (short, ministry_end) if model_span.start == ministry else (ministry, ministry_end)
    forum, forum_end = find(t000, "security forum")
    assert not mentions_at(ws, A000, forum, forum_end), "the model should miss the security forum"
    wang, _ = find(t004, "Wang", 1)
    person = "wang-wenbin" if only(ws, A004, wang, wang + 4).person != "wang-wenbin" else "wang-yi"
    # The app marks a relabelled or resized mention as the analyst's; a hand edit that
    # only sets `status: accepted` keeps `by: model`, and both survive.
    changed_by = "analyst" if way == "app" else "model"
    expected = [
        Expected(A000, days, "days", "DATE", "rejected", "model"),
        Expected(A000, indo, "Indo-Pacific", label, "accepted", changed_by),
        Expected(A000, span[0], t000[span[0]:span[1]], "ORG", "accepted", changed_by),
        Expected(A000, forum, "security forum", "EVENT", "accepted", "analyst"),
        Expected(A004, wang, "Wang", "PERSON", "accepted", "model", person),
    ]
    if way == "hand":
        y000, y004 = desk.yaml(A000), desk.yaml(A004)
        for e in expected[:2]:
            line = mention_line(y000, e.start, e.text)
            replace_once(y000, line, re.sub(r"label: \w+", f"label: {e.label}", line)
                         .replace("status: unreviewed", f"status: {e.status}"))
        line = mention_line(y000, model_span.start, model_span.text)
        replace_once(y000, line, f"- {{start: {span[0]}, end: {span[1]}, text: {t000[span[0]:span[1]]}, "
                                 "label: ORG, by: model, status: accepted}")
        # A mention written by hand without `by`: the store takes it as the analyst's.
        replace_once(y000, "\nmentions:\n",
                     f"\nmentions:\n- {{start: {forum}, end: {forum_end}, text: security forum, label: EVENT, "
                     "status: accepted}\n")
        line = mention_line(y004, wang, "Wang")
        replace_once(y004, line, re.sub(r"person: [\w-]+", f"person: {person}", line)
                     .replace("status: unreviewed", "status: accepted"))
    else:
        desk.apply(lambda ws: reject(ws, A000, index_of(ws, A000, days, "days")))
        desk.apply(lambda ws: relabel(ws, A000, index_of(ws, A000, indo, "Indo-Pacific"), label))
        desk.apply(lambda ws: resize(ws, A000, index_of(ws, A000, model_span.start, model_span.text),
                                     *span, t000))
        desk.apply(lambda ws: add_mention(ws, A000, forum, forum_end, "EVENT", t000))
        desk.apply(lambda ws: link_person(ws, A004, index_of(ws, A004, wang, "Wang"), person))
    return expected


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", WAYS)
def test_mention_edits_survive_at_their_new_offsets(desk: Desk, way: str, mode: str) -> None:
    expected = mention_edits(desk, way)
    edited = desk.open()
    for e in expected:   # the edit itself took, both ways
        assert any((m.start, m.text, m.label, m.status, m.by, m.person) ==
                   (e.start, e.text, e.label, e.status, e.by, e.person) for m in edited.annotations[e.aid].mentions), e

    shift = desk.rerun(mode, (A000, A004))
    ws = desk.open()
    assert_in_place(ws)
    for e in expected:
        start = e.start + shift
        here = mentions_at(ws, e.aid, start, start + len(e.text))
        assert (start, e.text, e.label, e.status, e.by, e.person) in \
            [(m.start, m.text, m.label, m.status, m.by, m.person) for m in here], (e, here)
        # Nothing the model makes afresh sits over the analyst's decision.
        assert all(m.analyst_owned for m in here), here
    assert not ws.annotations[A000].orphans and not ws.annotations[A004].orphans


# --- 7. article metadata and the note --------------------------------------------------------

NOTE = "Published 6 June 2023 per the Bloomberg site; \"Monday\" is 5 June."


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("way", WAYS)
def test_meta_and_note_survive(desk: Desk, way: str, mode: str) -> None:
    title = "US, China Hold ‘Candid’ Talks in Beijing"
    if way == "hand":
        path = desk.yaml(A000)
        replace_once(path, "  title: null\n", f"  title: '{title}'\n")
        replace_once(path, "  published: '2023'\n", "  published: 2023-06-06\n")
    else:
        desk.apply(lambda ws: edit_meta(ws, A000, title=title, published="2023-06-06"))
    # The note has no edit in the app yet: by hand both ways.
    replace_once(desk.yaml(A000), "\nnote: ''\n", f"\nnote: '{NOTE}'\n")
    assert desk.open().annotations[A000].note == NOTE

    desk.rerun(mode, (A000,))
    annotation = desk.open().annotations[A000]
    assert (annotation.meta.title, annotation.meta.published, annotation.note) == (title, "2023-06-06", NOTE)
    assert annotation.meta.outlet == "Bloomberg" and annotation.meta.credits == ["Colum Murphy"]


@pytest.mark.parametrize("mode", MODES)
def test_a_new_published_date_dates_the_meeting_as_a_rerun_does(desk: Desk, mode: str) -> None:
    """E re-dates the model's meeting at once, to the date the next run gives it too."""
    a003 = "003_a13fe278588c347c"

    def thursday_meeting(ws: Workspace) -> Meeting:
        [meeting] = [g for g in ws.meetings.values()
                     if set(g.participants) == {"daniel-kritenbrink", "sun-weidong"} and g.status == "held"]
        return meeting

    assert thursday_meeting(desk.open()).date_text == "on Thursday"
    desk.apply(lambda ws: edit_meta(ws, a003, published="2023-08-11"))
    assert thursday_meeting(desk.open()).date == "2023-08-10"
    desk.rerun(mode, (a003,))
    assert thursday_meeting(desk.open()).date == "2023-08-10"


# --- 8. an invalid file is reported, kept, and the rest is annotated ---------------------------

def test_invalid_hand_edited_file_is_reported_and_never_overwritten(desk: Desk, capsys) -> None:
    path = desk.yaml(A002)
    lines = path.read_text(encoding="utf-8").split("\n")
    bad = next(i for i, line in enumerate(lines) if line.startswith("- {start:"))
    lines[bad] = lines[bad].replace("}", "", 1)     # an unclosed flow mapping
    broken = "\n".join(lines).encode()
    path.write_bytes(broken)
    for aid in (A000, A002, A004):
        desk.article_file(aid).write_bytes(LEAD.encode() + desk.article_file(aid).read_bytes())

    summary = annotate(desk.seeds, desk.annotations, model=desk.nlp)
    assert path.read_bytes() == broken
    assert summary.failed == 1 and summary.annotated == 2
    [problem] = summary.problems
    assert problem.path == str(path) and problem.line is not None and bad + 1 <= problem.line <= bad + 2
    assert str(problem).startswith(f"{path}:{problem.line}: ")
    ws = desk.open()
    assert ws.stale_ids() == []
    for aid in (A000, A004):
        assert ws.annotations[aid].sha256 == ws.articles[aid].sha256
    # The command says the same, one line per problem, and exits 1.
    capsys.readouterr()
    assert run_annotate_command(desk.seeds, desk.annotations, None) == 1
    err = capsys.readouterr().err
    assert f"{path}:{problem.line}: " in err and "Traceback" not in err
    assert path.read_bytes() == broken


# --- a crash, a stop and a file changed meanwhile ------------------------------------------------

def test_stopped_run_loses_no_edit(desk: Desk) -> None:
    """Stopped after the first article: the parsed one is saved, the rest keep their old
    file (with the edit) and are done by the next run."""
    expected = mention_edits(desk, "app")
    for aid in (A000, A004):
        desk.article_file(aid).write_bytes(LEAD.encode() + desk.article_file(aid).read_bytes())
    summary = annotate(desk.seeds, desk.annotations, model=desk.nlp, should_stop=lambda: True)
    assert summary.cancelled and summary.annotated == 1
    assert sorted(desk.open().stale_ids()) == [A004]
    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    ws = desk.open()
    for e in expected:
        assert any((m.start, m.text, m.label, m.status, m.person) ==
                   (e.start + len(LEAD), e.text, e.label, e.status, e.person)
                   for m in ws.annotations[e.aid].mentions), e


def test_file_edited_during_a_run_is_not_overwritten(desk: Desk) -> None:
    """The analyst saves a file in an editor while annotate is parsing: their save wins
    (annotate says so, and the next run brings it up to date)."""
    path = desk.yaml(A000)
    line = mention_line(path, find(desk.text(A000), "days")[0], "days")
    desk.article_file(A000).write_bytes(LEAD.encode() + desk.article_file(A000).read_bytes())

    def edit_meanwhile() -> bool:
        replace_once(path, line, line.replace("status: unreviewed", "status: rejected"))
        return False

    summary = annotate(desk.seeds, desk.annotations, model=desk.nlp, should_stop=edit_meanwhile)
    assert any(p.path == str(path) and "changed" in p.message for p in summary.problems), summary.problems
    summary = annotate(desk.seeds, desk.annotations, model=desk.nlp)
    assert summary.problems == []
    ws = desk.open()
    days = find(ws.articles[A000].text, "days")[0]
    assert [(m.text, m.status) for m in mentions_at(ws, A000, days, days + 4)] == [("days", "rejected")]


def test_crash_in_a_run_leaves_every_file_as_it_was(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a late stage (simulated: nothing in the seeds makes one) must not cost the
    analyst anything: no file is half-updated, and the next good run keeps every edit."""
    import tui.core.annotate as annotate_module

    expected = mention_edits(desk, "app")
    desk.apply(lambda ws: edit_person(ws, "daniel-kritenbrink", name=NEW_NAME))
    files = sorted(desk.annotations.rglob("*.yaml"))
    before = {path: path.read_bytes() for path in files}
    for aid in (A000, A004):
        desk.article_file(aid).write_bytes(LEAD.encode() + desk.article_file(aid).read_bytes())

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the meetings stage")

    with monkeypatch.context() as patch:
        patch.setattr(annotate_module, "resolve_meetings", broken)
        with pytest.raises(RuntimeError):
            annotate(desk.seeds, desk.annotations, model=desk.nlp)
    assert {path: path.read_bytes() for path in sorted(desk.annotations.rglob("*.yaml"))} == before

    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    ws = desk.open()
    assert ws.people["daniel-kritenbrink"].name == NEW_NAME
    for e in expected:
        assert any((m.start, m.text, m.label, m.status, m.person) ==
                   (e.start + len(LEAD), e.text, e.label, e.status, e.person)
                   for m in ws.annotations[e.aid].mentions), e


def test_mention_edits_follow_an_updated_story(desk: Desk) -> None:
    """The outlet updates the story: a paragraph inserted mid-way, a teaser line dropped,
    a word changed next to an edited mention. Each edit lands on the same words."""
    expected = mention_edits(desk, "app")
    old = {aid: desk.text(aid) for aid in (A000, A004)}
    path = desk.article_file(A000)
    text = path.read_text(encoding="utf-8")
    text = text.replace("Read more: White House Sees ‘Growing Aggressiveness’ by Chinese Forces\n\n", "")
    text = text.replace("days after the two countries", "two days after the two countries")
    text = text.replace("Despite those efforts,", "Beijing days earlier hosted other envoys.\n\nDespite those efforts,")
    path.write_text(text, encoding="utf-8")
    path = desk.article_file(A004)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Mr Blinken's meeting", "Wang Wenbin later said Mr Blinken's meeting"),
                    encoding="utf-8")

    annotate(desk.seeds, desk.annotations, model=desk.nlp)
    ws = desk.open()
    assert_in_place(ws)
    for e in expected:
        # Where the words around the edit are now: the same context as before the update.
        before, after = old[e.aid][max(0, e.start - 20):e.start], old[e.aid][e.start + len(e.text):][:20]
        new_text = ws.articles[e.aid].text
        start = new_text.index(before + e.text + after) + len(before) if e.text != "days" else \
            new_text.index("two days after") + len("two ")
        assert (start, e.text, e.label, e.status, e.person) in \
            [(m.start, m.text, m.label, m.status, m.person) for m in ws.annotations[e.aid].mentions], e


def test_people_file_edited_during_a_run_is_not_overwritten(desk: Desk) -> None:
    """people.yaml saved by the analyst mid-run: nothing is written (articles linked to a
    registry that was not saved would dangle); the next run keeps the rename."""
    desk.article_file(A000).write_bytes(LEAD.encode() + desk.article_file(A000).read_bytes())
    before = desk.yaml(A000).read_bytes()

    def rename_meanwhile() -> bool:
        edit_record(desk.people_file, "daniel-kritenbrink", name=f"'{NEW_NAME}'", by="analyst")
        return False

    summary = annotate(desk.seeds, desk.annotations, model=desk.nlp, should_stop=rename_meanwhile)
    assert [p.path for p in summary.problems] == [str(desk.people_file)]
    assert "changed on disk" in summary.problems[0].message and summary.annotated == 0
    assert desk.yaml(A000).read_bytes() == before and desk.open().stale_ids() == [A000]
    assert annotate(desk.seeds, desk.annotations, model=desk.nlp).problems == []
    ws = desk.open()
    assert ws.people["daniel-kritenbrink"].name == NEW_NAME and ws.stale_ids() == []
    assert {m.person for aid, m in ws.mentions_of("daniel-kritenbrink")} == {"daniel-kritenbrink"}
