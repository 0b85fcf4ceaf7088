"""The two review queues: model-made items nobody reviewed, and probable alias pairs.

The first works like newsboat's "next unread": from where the reader is, the next
mention (or meeting report) the model made that no one accepted or rejected, across
articles in list order. The second asks, pair by pair, whether two person records are
one person ("Kritenbrink" / "Daniel Kritenbrink"), as nomenklatura's de-duplication
screen does; each answer is kept in annotations/decisions.yaml so a pair is never asked
again, and "same" merges the two through edits.merge_people (so it can be undone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from tui.core.edits import Edit, EditError, EditSource, Target, merge_people
from tui.core.models import Annotation, Person, Problem
from tui.core.names import end_words, is_full_name, is_variant, name_key

DECISIONS_FILE = "decisions.yaml"
ANSWERS = {"y": "same", "n": "different", "u": "unsure"}
DECISIONS: Target = ("decisions", "")


# --- next unreviewed -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Item:
    """Something to review: a mention (kind "mention", index into mentions) or a meeting."""

    article: str
    start: int
    end: int
    kind: str
    ref: int | str     # mention index, or meeting id


def unreviewed(ws: EditSource, article_id: str) -> list[Item]:
    """An article's model-made mentions and meeting reports nobody reviewed, by offset."""
    items = []
    annotation: Annotation | None = ws.annotations.get(article_id)
    if annotation is not None:
        items = [Item(article_id, m.start, m.end, "mention", i) for i, m in enumerate(annotation.mentions)
                 if not m.analyst_owned]
    for meeting in ws.meetings.values():
        if meeting.review == "unreviewed" and meeting.by == "model":
            items += [Item(article_id, r.start, r.end, "meeting", meeting.id) for r in meeting.reports
                      if r.article == article_id]
    return sorted(items, key=lambda it: (it.start, it.end))


def next_unreviewed(ws: EditSource, order: list[str], article_id: str | None,
                    after: tuple[int, int] = (-1, -1)) -> Item | None:
    """The first unreviewed item after the span `after` (start, end) in article_id, else
    in the articles after it in `order` (wrapping round to the ones before, then back to
    the top of this one). Items come by (start, end): a name, then the sentence it opens."""
    if article_id in order:
        i = order.index(article_id)
        sequence = order[i:] + order[:i]
    else:
        sequence, after = list(order), (-1, -1)
    for n, aid in enumerate(sequence):
        for item in unreviewed(ws, aid):
            if n > 0 or (item.start, item.end) > after:
                return item
    if article_id in order:
        items = unreviewed(ws, article_id)
        return items[0] if items else None
    return None


def progress(ws: EditSource, article_id: str) -> tuple[int, int]:
    """(reviewed, total) mentions of an article; rejected ones count as reviewed."""
    annotation = ws.annotations.get(article_id)
    if annotation is None:
        return 0, 0
    return sum(m.analyst_owned for m in annotation.mentions), len(annotation.mentions)


# --- alias suggestions ---------------------------------------------------------------

@dataclass(slots=True)
class Decisions:
    """The answers given in the alias queue, keyed by the sorted pair of person ids."""

    path: Path
    answers: dict[tuple[str, str], str] = field(default_factory=dict)
    problem: Problem | None = None    # the file is invalid: shown, never overwritten
    seen: dict[tuple[str, str], str] = field(default_factory=dict)   # as last loaded or saved

    @staticmethod
    def key(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    def answer(self, a: str, b: str) -> str | None:
        return self.answers.get(self.key(a, b))

    def to_yaml(self) -> dict[str, Any]:
        return {"pairs": [{"people": list(k), "answer": v} for k, v in sorted(self.answers.items())]}


def load_decisions(annotations_dir: Path) -> Decisions:
    """decisions.yaml of an annotations folder; a broken file gives a Problem, not an error."""
    path = Path(annotations_dir) / DECISIONS_FILE
    decisions = Decisions(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return decisions
    except OSError as error:
        decisions.problem = Problem(str(path), None, error.strerror or str(error))
        return decisions
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        decisions.problem = Problem(str(path), mark.line + 1 if mark else None,
                                    f"not valid YAML: {getattr(error, 'problem', error)}")
        return decisions
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, list):
        decisions.problem = Problem(str(path), 1, "expected a mapping with a list `pairs:`")
        return decisions
    for n, entry in enumerate(pairs, 1):
        people = entry.get("people") if isinstance(entry, dict) else None
        answer = entry.get("answer") if isinstance(entry, dict) else None
        if (not isinstance(people, list) or len(people) != 2 or not all(isinstance(p, str) for p in people)
                or answer not in ANSWERS.values()):
            decisions.problem = Problem(str(path), _line_of(text, n),
                                        f"pair {n}: needs `people: [id, id]` and `answer: same|different|unsure`")
            decisions.answers.clear()
            return decisions
        decisions.answers[Decisions.key(*people)] = answer
    decisions.seen = dict(decisions.answers)
    return decisions


def _line_of(text: str, n: int) -> int | None:
    """The line of the n-th "- " list entry (1-based) in the file, for the message."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("- "):
            seen += 1
            if seen == n:
                return number
    return None


def save_decisions(decisions: Decisions) -> None:
    """Write decisions.yaml atomically, keeping hand-written comments; never over a broken file."""
    from tui.core.roundtrip import preserve
    from tui.core.store import ReadOnlyError
    from tui.core.yaml_io import write_atomic

    if decisions.problem is not None:
        raise ReadOnlyError(f"{decisions.problem} — not saved until the file is fixed")
    disk = load_decisions(decisions.path.parent)
    if disk.problem is not None:   # broken by hand since it was loaded: leave it to the analyst
        decisions.problem = disk.problem
        raise ReadOnlyError(f"{disk.problem} — not saved until the file is fixed")
    # Answers changed in the file by hand since it was read are kept, unless this session
    # answered the same pair since: then the newer answer, ours, wins.
    for pair in set(disk.answers) | set(decisions.seen):
        theirs, base = disk.answers.get(pair), decisions.seen.get(pair)
        if theirs != base and decisions.answers.get(pair) == base:
            if theirs is None:
                decisions.answers.pop(pair, None)
            else:
                decisions.answers[pair] = theirs
    try:
        old = decisions.path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        old = None
    body = yaml.safe_dump(decisions.to_yaml(), sort_keys=False, allow_unicode=True, default_flow_style=None)
    text = preserve(old, f"# newsdesk alias answers: same, different or unsure; never asked again\n{body}")
    write_atomic(decisions.path, text.encode("utf-8"))
    decisions.seen = dict(decisions.answers)


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """Record (or take back) an answer: an edit change, so "y" + merge undo together."""

    decisions: Decisions
    pair: tuple[str, str]
    before: str | None
    after: str | None

    @property
    def target(self) -> Target:
        return DECISIONS

    def inverse(self) -> DecisionChange:
        return DecisionChange(self.decisions, self.pair, self.after, self.before)

    def describe(self) -> str:
        return f"remember {' / '.join(self.pair)}: {self.after or 'not answered'}"

    def apply(self, ws: EditSource) -> None:
        if self.after is None:
            self.decisions.answers.pop(self.pair, None)
        else:
            self.decisions.answers[self.pair] = self.after


@dataclass(frozen=True, slots=True)
class Suggestion:
    a: str           # person ids: a is the fuller name, kept on a merge
    b: str
    score: float
    reason: str


def suggestions(people: Mapping[str, Person], decisions: Decisions) -> list[Suggestion]:
    """Pairs of people that are probably one, unanswered, most likely first.

    Rules (names.py keys): one name is the last or first word of the other's full name
    ("Kritenbrink" / "Daniel Kritenbrink", "Xi" / "Xi Jinping"); the two are spelling
    variants ("Antony" / "Anthony Blinken"); one's name is the other's alias; or the same
    surname with a matching initial ("D. Kritenbrink"). A bare surname shared by two
    full names is ambiguous, so it is offered with each, and the analyst picks.
    """
    keys = {pid: [name_key(n) for n in (p.name, *p.aliases) if name_key(n)] for pid, p in people.items()}
    found: dict[tuple[str, str], Suggestion] = {}
    ids = sorted(people)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            if decisions.answer(x, y) is not None:
                continue
            scored = _pair(people[x], keys[x], people[y], keys[y])
            if scored is not None:
                a, b = (x, y) if len(people[x].name) >= len(people[y].name) else (y, x)
                found[(a, b)] = Suggestion(a, b, *scored)
    return sorted(found.values(), key=lambda s: (-s.score, people[s.a].name, people[s.b].name))


def _pair(px: Person, kx: list[str], py: Person, ky: list[str]) -> tuple[float, str] | None:
    if not kx or not ky:
        return None
    main_x, main_y = kx[0], ky[0]
    # The name of one among the other's names; a shared alias alone ("Wang" of Wang Yi
    # and of Wang Wenbin) says the alias is ambiguous, not that they are one.
    if main_x in ky or main_y in kx:
        return 100.0, "the name of one is an alias of the other"
    for short, full in ((main_x, main_y), (main_y, main_x)):
        if not is_full_name(short) and is_full_name(full) and short in end_words(full):
            return 95.0, "one name is part of the other"
        if _initial_match(short, full):
            return 90.0, "same surname, matching initial"
    if is_variant(main_x, main_y):
        return fuzz.ratio(main_x, main_y), "the same name spelled two ways"
    return None


def _initial_match(short: str, full: str) -> bool:
    """"d kritenbrink" ~ "daniel kritenbrink": same last word, first letters agree."""
    s, f = short.split(), full.split()
    return (len(s) == len(f) >= 2 and s[-1] == f[-1] and s[:-1] != f[:-1]
            and all(len(a) == 1 and b.startswith(a) for a, b in zip(s[:-1], f[:-1])))


def answer_edit(ws: EditSource, decisions: Decisions, suggestion: Suggestion, key: str) -> Edit:
    """The edit for a y/n/u answer: the answer recorded, and for y the merge (b into a)."""
    if key not in ANSWERS:
        raise EditError(f"answer with y, n or u, not {key!r}")
    if decisions.problem is not None:
        raise EditError(f"{decisions.problem} — fix the file first")
    pair = Decisions.key(suggestion.a, suggestion.b)
    record = DecisionChange(decisions, pair, decisions.answers.get(pair), ANSWERS[key])
    names = f"{ws.people[suggestion.a].name} / {ws.people[suggestion.b].name}"
    if key == "y":
        edit = merge_people(ws, suggestion.a, suggestion.b)
        edit.changes.append(record)  # type: ignore[arg-type]
        return edit
    return Edit(f"{names}: {ANSWERS[key]}", [record])  # type: ignore[list-item]

