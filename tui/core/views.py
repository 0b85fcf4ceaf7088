"""Derived views the reader shows: list rows, people per article, snippets, timelines.

Plain functions over a workspace (see workspace.py) that return plain data, so that
the UI holds no domain logic and every number on screen is tested here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:   # types only: the app's first frame does without models.py's dataclasses
    from tui.core.digest import Digest, Named
    from tui.core.models import Annotation, Article, Meeting, Mention, Person


class WorkspaceLike(Protocol):
    """The part of tui.core.workspace.Workspace these views read."""

    articles: dict[str, Article]
    annotations: dict[str, Annotation]
    people: dict[str, Person]
    meetings: dict[str, Meeting]

    def meetings_in(self, article_id: str) -> list[Meeting]: ...

    def digests(self, places: bool = True) -> dict[str, Digest]: ...

    def digest(self, article_id: str) -> Digest: ...

    def citing(self, person_ids: set[str]) -> list[str]: ...


class ArticleRow(NamedTuple):
    """One line of the article list. (A NamedTuple: one is built per article at startup,
    4x faster than a frozen dataclass, and the class itself is quicker to define.)"""

    id: str
    title: str          # the title, or the id when there is none
    outlet: str
    published: str      # ISO date or year, "" when unknown
    people: int         # distinct people (linked persons, else distinct PERSON texts)
    meetings: int
    reviewed: int       # mentions an analyst made or reviewed
    total: int          # all mentions, rejected ones included
    annotated: bool     # an annotation file exists
    names: str = ""     # the people named, for the filter: "Antony Blinken\nWang Yi"

    @property
    def unreviewed(self) -> int:
        return self.total - self.reviewed


def article_row(article_id: str, digest: Digest, meetings: int, names: dict[str, Person] | None = None) -> ArticleRow:
    """The list row for one article, from its digest (digest.py).

    names: the people file, to name linked people (else their ids) for the filter.
    """
    people = named_people(digest.named, names)
    return ArticleRow(
        id=article_id,
        title=digest.title or article_id,
        outlet=digest.outlet,
        published=digest.published,
        people=len(people),
        meetings=meetings,
        reviewed=digest.reviewed,
        total=digest.total,
        annotated=digest.annotated,
        names="\n".join(p.name for p in people),
    )


def article_rows(ws: WorkspaceLike) -> list[ArticleRow]:
    """A row for every article, in id order (one pass over the meetings, not one per article)."""
    meetings: Counter[str] = Counter()
    for meeting in ws.meetings.values():
        meetings.update({report.article for report in meeting.reports})
    return [article_row(aid, digest, meetings[aid], ws.people)
            for aid, digest in sorted(ws.digests(places=False).items())]


def rows_with(rows: list[ArticleRow], ws: WorkspaceLike, changed: set[str]) -> list[ArticleRow]:
    """rows with the rows of the changed articles made again, the others kept: an article
    file that changed on disk costs its own row, not one for each article."""
    meetings: Counter[str] = Counter()
    for meeting in ws.meetings.values():
        meetings.update({report.article for report in meeting.reports} & changed)
    return [article_row(row.id, ws.digest(row.id), meetings[row.id], ws.people) if row.id in changed else row
            for row in rows]


SORT_KEYS = ("date", "title", "review")
FILTER_SIMILARITY = 80  # rapidfuzz ratio: one slip in five letters, two in ten


def title_key(title: str) -> str:
    """A title folded for sorting: case and leading quotes or punctuation ignored, so that
    ‘Candid’ Talks sorts under C."""
    return re.sub(r"^[\W_]+", "", title).casefold() or title.casefold()


def sort_rows(rows: Iterable[ArticleRow], key: str) -> list[ArticleRow]:
    """Rows by newest date (undated last), by title, or with the most unreviewed first."""
    rows = list(rows)
    if key == "title":
        return sorted(rows, key=lambda r: (title_key(r.title), r.id))
    if key == "review":
        return sorted(rows, key=lambda r: (-r.unreviewed, r.id))
    if key != "date":
        raise ValueError(f"unknown sort key {key!r}; expected one of {SORT_KEYS}")
    by_id = sorted(rows, key=lambda r: r.id)
    dated = sorted((r for r in by_id if r.published), key=lambda r: r.published, reverse=True)  # stable: ties by id
    return dated + [r for r in by_id if not r.published]


def filter_rows(rows: Iterable[ArticleRow], query: str) -> list[ArticleRow]:
    """Rows where every word of the query is in the title, outlet, date, id or a person's
    name: as part of a word, or, from four letters, as a word misspelt by one or two
    ("blinkin", "pekin", "Zelensky"), accents and case aside, as `/` forgives them."""
    if not query.split():
        return list(rows)
    # rapidfuzz and the folding tables cost ~28 ms to import: not on the first frame's path
    from tui.core.normalize import fold

    words = fold(query).split()
    return [r for r in rows if _all_words_in(words, fold(f"{r.title} {r.outlet} {r.published} {r.id} {r.names}"))]


def _all_words_in(words: list[str], haystack: str) -> bool:
    from rapidfuzz import fuzz

    tokens = haystack.split()
    return all(w in haystack or len(w) >= 4 and any(
        fuzz.ratio(w, t) >= FILTER_SIMILARITY for t in tokens) for w in words)


def shown_mentions(annotation: Annotation | None) -> list[tuple[int, Mention]]:
    """(index in annotation.mentions, mention) for mentions worth highlighting, by offset.

    Rejected mentions are kept in the file so a re-run does not bring them back,
    but they are wrong, so the reader never shows them.
    """
    if annotation is None:
        return []
    pairs = [(i, m) for i, m in enumerate(annotation.mentions) if m.status != "rejected"]
    return sorted(pairs, key=lambda p: (p[1].start, -p[1].end))


@dataclass(frozen=True, slots=True)
class PersonCount:
    """A person named in one article: linked (person set) or only a name."""

    person: str | None     # Person.id when linked
    name: str              # display name: the person's name, else the mention text
    count: int
    first: int             # index in annotation.mentions of the first mention


def people_in_article(mentions: list[Mention], people: dict[str, Person] | None = None) -> list[PersonCount]:
    """PERSON mentions grouped by person (or by text when unlinked), most mentioned first."""
    from tui.core.digest import named_in

    return named_people(named_in(mentions), people)


def named_people(named: Iterable[Named], people: dict[str, Person] | None = None) -> list[PersonCount]:
    """The people of an article's digest, named from the people file, most mentioned first."""
    out = [PersonCount(n.person, ((people[n.person].name if people and n.person in people else n.person)
                                  if n.person else n.text) or "?", n.count, n.first) for n in named]
    return sorted(out, key=lambda p: (-p.count, p.name.casefold()))


_SPACE = re.compile(r"\s+")


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s|\n")
_CLAUSE_MARK = re.compile(r"[,;:()—–]\s*|\s[-–—]\s")


def snippet(text: str, start: int, end: int, limit: int = 160) -> tuple[str, str, str]:
    """(before, match, after): the mention with a clause or so of its sentence on each
    side ("Kritenbrink met *Ma Zhaoxu* in Beijing on Monday, officials said"), one line,
    at most about `limit` characters; "…" where the sentence goes on."""
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    hi = stop.start() + 1 if stop else len(text)
    marks_before = [m.end() for m in _CLAUSE_MARK.finditer(text, lo, start)]
    marks_after = [m.start() for m in _CLAUSE_MARK.finditer(text, end, hi)]
    left = marks_before[-2] if len(marks_before) >= 2 else lo   # the clause before, and this one
    right = marks_after[1] if len(marks_after) >= 2 else hi
    room = max(0, limit - (end - start)) // 2
    left, right = max(left, start - room), min(right, end + room)
    before, match, after = (_SPACE.sub(" ", s) for s in (text[left:start], text[start:end], text[end:right]))
    # Cut at a word boundary so that the context does not start or end mid-word.
    if left > lo:
        before = "…" + (before[before.index(" ") + 1:] if left == start - room and " " in before else before.lstrip())
    if right < hi:
        after = (after[:after.rindex(" ")] if right == end + room and " " in after else after.rstrip(" ,;:")) + "…"
    return before.lstrip() if left == lo else before, match, after


def count_mentions(annotations: Iterable[Annotation]) -> Counter[str]:
    """For each person id, how many (not rejected) mentions link to them."""
    return Counter(m.person for ann in annotations for m in ann.mentions if m.person and m.status != "rejected")


def mentions_per_article(ws: WorkspaceLike, person_id: str,
                         order: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """(article id, number of mentions of the person) for every article, in `order` (default: id order)."""
    ids = list(order) if order is not None else sorted(ws.articles)
    counts: Counter[str] = Counter()
    for aid in ws.citing({person_id}):   # the others have none
        counts[aid] = sum(1 for m in ws.annotations[aid].mentions if m.person == person_id and m.status != "rejected")
    return [(aid, counts[aid]) for aid in ids]


def co_occurring(ws: WorkspaceLike, person_id: str) -> list[tuple[str, int]]:
    """Other linked people named in the same articles: (person id, shared articles), most first."""
    counts: Counter[str] = Counter()
    for aid in ws.citing({person_id}):
        present = {m.person for m in ws.annotations[aid].mentions if m.person and m.status != "rejected"}
        if person_id in present:
            counts.update(present - {person_id})
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def meeting_start(meeting: Meeting) -> date | None:
    """The first day of a meeting's date ("2023-06-05", "2023-06-04/2023-06-05", "2023-06", "2023")."""
    if not meeting.date:
        return None
    first = meeting.date.split("/")[0].strip()
    parts = first.split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(*numbers[:3])
    except (TypeError, ValueError):
        return None


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _day(value: str) -> tuple[int, int, int] | None:
    """(year, month or 0, day or 0) of "2023-06-05", "2023-06" or "2023"; None for anything else."""
    try:
        numbers = [int(p) for p in value.strip().split("-")]
    except ValueError:
        return None
    if not 1 <= len(numbers) <= 3 or (len(numbers) > 1 and not 1 <= numbers[1] <= 12):
        return None
    year, month, day = (numbers + [0, 0])[:3]
    return year, month, day


def compact_date(value: str) -> str:
    """A meeting date for a narrow column: "5 Jun 2023", "12–18 Jun 2023", "28 Jun–2 Jul 2023",
    "Jun 2023"; a value it cannot read comes back as it is."""
    days = [_day(p) for p in value.split("/")]
    parts = [d for d in days if d is not None]
    if not value or len(parts) > 2 or len(parts) < len(days):
        return value

    def show(d: tuple[int, int, int], *, month: bool = True, year: bool = True) -> str:
        y, m, day = d
        words = [str(day)] if day else []
        if m and month:
            words.append(_MONTHS[m - 1])
        if year:
            words.append(str(y))
        return " ".join(words)

    if len(parts) == 1 or parts[0] == parts[1]:
        return show(parts[0])
    (y1, m1, d1), (y2, m2, d2) = parts
    if y1 != y2 or not (m1 and m2 and d1 and d2):
        return f"{show(parts[0])}–{show(parts[1])}"
    if m1 != m2:
        return f"{show(parts[0], year=False)}–{show(parts[1])}"
    return f"{d1}–{show(parts[1])}"


def timeline(meetings: Iterable[Meeting]) -> list[tuple[date | None, Meeting]]:
    """Meetings in date order, undated ones last (their order kept)."""
    dated = [(meeting_start(m), m) for m in meetings]
    return sorted(dated, key=lambda dm: (dm[0] is None, dm[0] or date.min))


def axis_positions(days: list[date], width: int) -> list[int]:
    """Columns 0..width-1 for dates placed on a linear axis from the first to the last."""
    if not days or width <= 0:
        return []
    lo, hi = min(days), max(days)
    span = (hi - lo).days
    if span == 0:
        return [width // 2 for _ in days]
    return [round((d - lo).days / span * (width - 1)) for d in days]


def problem_counts(problems: int, warnings: int) -> str:
    """"2 problems, 1 warning", naming only what there is ("" for neither)."""
    return ", ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in ((problems, "problem"), (warnings, "warning")) if n)


def person_name(ws: WorkspaceLike, person_id: str) -> str:
    """The person's name, or the id when the person file does not know it."""
    person = ws.people.get(person_id)
    return person.name if person else person_id


def reports_in_articles(reports: int, articles: int) -> str:
    """ "5 reports in 3 articles": a report is a sentence that reports the meeting, the
    word the search and the meeting page share."""
    return f"{reports} report{'s' * (reports != 1)} in {articles} article{'s' * (articles != 1)}"


def article_title(ws: WorkspaceLike, article_id: str) -> str:
    """The title (the annotation's, else the text's), or the id when there is none."""
    annotation = ws.annotations.get(article_id)
    article = ws.articles.get(article_id)
    meta = annotation.meta if annotation else (article.meta if article else None)
    return (meta.title if meta and meta.title else None) or article_id


def person_label(person: Person) -> str:
    """One line about a person: affiliation and the first role."""
    bits = [person.roles[0].title] if person.roles else []
    if person.affiliation:
        bits.append(person.affiliation)
    return ", ".join(bits)


def chrome_ranges(body: tuple[int, int], chrome: Iterable, length: int) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) ranges outside the story: before/after the body and chrome segments."""
    ranges = [(0, body[0]), (body[1], length), *((s.start, s.end) for s in chrome)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def paragraphs(text: str, chrome: list[tuple[int, int]], hide_chrome: bool) -> list[tuple[int, int]]:
    """The text as display paragraphs: [start, end) per line of the text.

    With hide_chrome, chrome is cut out of each line (a line keeps its non-chrome
    pieces, each as its own paragraph) and runs of blank lines collapse to one.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if not hide_chrome:
            out.append((pos, end))
        else:
            pieces = _subtract((pos, end), chrome)
            out.extend(p for p in pieces if text[p[0]:p[1]].strip())
            if not line.strip() and out and text[out[-1][0]:out[-1][1]].strip():
                out.append((pos, end))  # keep one blank line between paragraphs
        pos = end + 1
    while hide_chrome and out and not text[out[-1][0]:out[-1][1]].strip():
        out.pop()
    return out


def _subtract(span: tuple[int, int], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of span outside the sorted, merged ranges."""
    start, end = span
    pieces = []
    for lo, hi in ranges:
        if hi <= start or lo >= end:
            continue
        if lo > start:
            pieces.append((start, lo))
        start = max(start, hi)
    if start < end:
        pieces.append((start, end))
    return pieces
