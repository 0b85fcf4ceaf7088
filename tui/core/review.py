"""The two review queues: model-made items nobody reviewed, and probable alias pairs.

The first works like newsboat's "next unread": from where the reader is, the next
mention (or meeting report) the model made that no one accepted or rejected, across
articles in list order. The second asks, pair by pair, whether two person records are
one person ("Kritenbrink" / "Daniel Kritenbrink"), as nomenklatura's de-duplication
screen does; each answer is kept in annotations/decisions.yaml so a pair is never asked
again, and "same" merges the two through edits.merge_people (so it can be undone).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from tui.core.edits import Edit, EditError, EditSource, Target, merge_people
from tui.core.models import Annotation, Person, Problem
from tui.core.names import VARIANT_MIN_WORD, VARIANT_WORD_RATIO, end_words, is_full_name, is_variant, name_key

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
        decisions.answers[Decisions.key(*people)] = str(answer)   # one of ANSWERS, checked above
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
    found = [s for _, _, batch in find_suggestions(people, decisions.answers) for s in batch]
    return ranked(found, people)


def ranked(found: Iterable[Suggestion], people: Mapping[str, Person]) -> list[Suggestion]:
    """Most likely first; then by name, then by id, so that the order never depends on
    the order the pairs were found in."""
    return sorted(found, key=lambda s: rank_key(s, people))


def rank_key(s: Suggestion, people: Mapping[str, Person]) -> tuple[float, str, str, str, str]:
    return -s.score, people[s.a].name, people[s.b].name, s.a, s.b


def find_suggestions(people: Mapping[str, Person], answered: Container[tuple[str, str]] = (),
                     step: int = 256) -> Iterator[tuple[int, int, list[Suggestion]]]:
    """The pairs suggestions() ranks, as they are found: (people done, people in all,
    the pairs found since the last yield), every `step` people and once at the end.

    Near-linear: people are taken in id order, and each is scored (by the same rules as
    ever) only against the earlier ones that share a block with it: a name key, a first
    or last word, a surname with the same initials, or a spelling variant of one word
    with every other word the same (_Blocks). Every pair the rules accept shares such a
    block, so none is lost (suggestions_by_all_pairs is the reference the tests and
    bench/bench_alias.py hold this to). `answered` holds Decisions.key pairs to leave out.
    """
    ids = sorted(people)
    keys: dict[str, list[str]] = {}   # of the people done: worked out as they come, so the first pairs come at once
    blocks = _Blocks()
    found: list[Suggestion] = []
    for n, y in enumerate(ids, 1):
        ky = keys[y] = _keys(people[y])
        if ky:
            py = people[y]
            for x in sorted(blocks.candidates(ky)):
                if Decisions.key(x, y) in answered:
                    continue
                px = people[x]
                scored = _pair(px, keys[x], py, ky)
                if scored is not None:
                    a, b = (x, y) if len(px.name) >= len(py.name) else (y, x)
                    found.append(Suggestion(a, b, *scored))
            blocks.add(y, ky)
        if n % step == 0 or n == len(ids):
            yield n, len(ids), found
            found = []
    if not ids:
        yield 0, 0, []


def suggestions_by_all_pairs(people: Mapping[str, Person], decisions: Decisions) -> list[Suggestion]:
    """suggestions() the quadratic way, every pair scored: the reference that blocking is
    tested and benchmarked against (27 s on 5,960 people), not for the app."""
    keys = {pid: _keys(p) for pid, p in people.items()}
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
    return ranked(found.values(), people)


def _keys(person: Person) -> list[str]:
    """The person's name keys, the name's first (the "main" key the rules compare)."""
    return [k for k in map(name_key, (person.name, *person.aliases)) if k]


class _Blocks:
    """The people seen so far, filed so that a newcomer finds each one it may pair with.

    A pair `_pair` accepts always shares one of these blocks:
    - rule "alias": the main key of one is a key of the other (by_key, by_main);
    - rule "part of": a one-word main key is the first or last word of the other's
      (singles, ends);
    - rule "initial": same word count, same last word, same first letters, and one of
      the two has only initials before the surname (initialled, fulls);
    - rule "spelling": every word the same but one, and that one a spelling variant:
      for each word of the newcomer's main key, each variant of it seen so far
      (spellings) put in its place makes a main key to look up in by_main.
    Each lookup gives pairs the rules accept, or nearly (a name twice, a variant word
    whose whole name is not close enough), so the cost is that of the suggestions.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, list[str]] = defaultdict(list)    # every key -> ids
        self.by_main: dict[str, list[str]] = defaultdict(list)   # main key -> ids
        self.singles: dict[str, list[str]] = defaultdict(list)   # one-word main key -> ids
        self.ends: dict[str, list[str]] = defaultdict(list)      # first/last word of a longer main -> ids
        self.fulls: dict[tuple, list[str]] = defaultdict(list)       # (words, last, initials) -> ids
        self.initialled: dict[tuple, list[str]] = defaultdict(list)  # the same, initials-only ones
        self.spellings = _Spellings()

    def candidates(self, keys: list[str]) -> set[str]:
        main = keys[0]
        words = main.split()
        found: set[str] = set(self.by_key.get(main, ()))
        for key in set(keys):
            found.update(self.by_main.get(key, ()))
        if len(words) == 1:
            found.update(self.ends.get(main, ()))
        else:
            found.update(self.singles.get(words[0], ()))
            found.update(self.singles.get(words[-1], ()))
            block = _initials_block(words)
            found.update((self.fulls if _initialled(words) else self.initialled).get(block, ()))
        for i, word in enumerate(words):
            if len(word) >= VARIANT_MIN_WORD:
                for variant in self.spellings.variants(word):
                    found.update(self.by_main.get(" ".join([*words[:i], variant, *words[i + 1:]]), ()))
        return found

    def add(self, pid: str, keys: list[str]) -> None:
        main = keys[0]
        words = main.split()
        for key in dict.fromkeys(keys):
            self.by_key[key].append(pid)
        self.by_main[main].append(pid)
        if len(words) == 1:
            self.singles[main].append(pid)
        else:
            for word in dict.fromkeys(end_words(main)):
                self.ends[word].append(pid)
            block = _initials_block(words)
            self.fulls[block].append(pid)
            if _initialled(words):
                self.initialled[block].append(pid)


def _initials_block(words: list[str]) -> tuple:
    return len(words), words[-1], "".join(w[0] for w in words[:-1])


def _initialled(words: list[str]) -> bool:
    """"d kritenbrink", "j k rowling": only initials before the surname."""
    return all(len(w) == 1 for w in words[:-1])


class _Spellings:
    """Every word seen so far, with the other words it may be a spelling variant of: at
    most one letter longer or shorter and within VARIANT_WORD_RATIO (names.is_variant
    asks that of the one word two names differ in, and more).

    Two such words have a common subsequence that each reaches by deleting at most
    _max_deletions(its length) letters, so a new word is compared only with the words
    that share one of those deletion forms (the symmetric-deletion index; forms are
    kept as their hashes: a collision only adds a word to compare). Each word is filed
    once, whatever names it is in, and its variants are kept both ways.
    """

    def __init__(self) -> None:
        self.known: dict[str, list[str]] = {}          # word -> its variants so far
        self.forms: dict[int, str | list[str]] = {}    # hash of a deletion form -> the word(s)

    def variants(self, word: str) -> list[str]:
        """The variants of word among the words seen so far; word is seen from now on."""
        known = self.known.get(word)
        if known is not None:
            return known
        near: set[str] = set()
        forms = self.forms
        for form in map(hash, _deletions(word, _max_deletions(len(word)))):
            filed = forms.get(form)
            if filed is None:
                forms[form] = word
            elif isinstance(filed, str):
                near.add(filed)
                forms[form] = [filed, word]
            else:
                near.update(filed)
                filed.append(word)
        found = [w for w in near if abs(len(w) - len(word)) <= 1 and fuzz.ratio(w, word) >= VARIANT_WORD_RATIO]
        for other in found:
            self.known[other].append(word)
        self.known[word] = found
        return found


@cache
def _max_deletions(length: int) -> int:
    """How many letters a word of this length may have to lose to reach what it shares
    with a spelling variant. The variant is within one letter of its length and within
    VARIANT_WORD_RATIO of it (fuzz.ratio: 100 x (1 - insertions and deletions / both
    lengths)), so the two are at most d = 17 % of both lengths apart, and each side
    makes at most ceil(d / 2) of the deletions. Worked out with the other word one letter
    longer, the most it can be: one letter up to 8 letters, two up to 14, three up to 20."""
    most = math.floor((1 - VARIANT_WORD_RATIO / 100) * (2 * length + 1) + 1e-9)
    return (most + 1) // 2


def _deletions(word: str, depth: int) -> set[str]:
    """word and every string made from it by deleting up to `depth` letters."""
    forms = {word}
    edge = {word}
    for _ in range(depth):
        edge = {w[:i] + w[i + 1:] for w in edge for i in range(len(w))}
        forms |= edge
    return forms


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
        edit.changes.append(record)  # type: ignore[arg-type]  # a change of the same shape, not in Change
        return edit
    return Edit(f"{names}: {ANSWERS[key]}", [record])  # type: ignore[list-item]  # as above

