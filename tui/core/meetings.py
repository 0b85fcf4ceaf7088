"""Meetings between named people: extraction per article, then one record per meeting.

extract_candidates() turns parsed paragraphs into MeetingCandidates (the tree rules are
in meeting_rules.py). resolve_meetings() maps their participant phrases to linked people,
dates them and merges reports of the same meeting across articles, keeping analyst work.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from tui.core.anchor import occurrences
from tui.core.dates import date_bounds, resolve_date
from tui.core.meeting_rules import ArticleState, about_sport, find_meetings
from tui.core.models import Article, Meeting, Mention, Person, Report
from tui.core.roles import role_core, roles_match
from tui.core.span_index import SpanIndex
from tui.core.titles import find_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc


# A meeting dated this many days before or after publication took place during the visit or
# summit the story is filed from, so the dateline gives its place when the text gives none.
DATELINE_DAYS_BEFORE, DATELINE_DAYS_AFTER = -3, 3


@dataclass(slots=True)
class MeetingCandidate:
    """One sentence's report of a meeting, before participants are linked to people."""

    article: str
    sides: list[tuple[int, int]]       # participant noun phrases, article offsets
    status: str                        # held, planned or declined
    sentence: tuple[int, int]          # the evidence sentence
    trigger: str                       # "met", "talks", "hosted"
    unnamed: list[str] = field(default_factory=list)  # "his US counterpart"
    place: str | None = None
    place_span: tuple[int, int] | None = None
    date_text: str | None = None       # "on Monday", as written
    date_span: tuple[int, int] | None = None
    trigger_span: tuple[int, int] | None = None
    side_texts: list[str] = field(default_factory=list)
    side_names: list[tuple[int, int] | None] = field(default_factory=list)  # untagged names in sides
    call: bool = False                 # a phone or video call: talks, but no shared place
    joins: bool = False                # "X was also present at the meeting": joins the one before
    sequel: bool = False               # "He then chaired a meeting": not the meeting just reported
    group: bool = False                # an unnamed side is a group ("dissidents"), not one person


def extract_candidates(article: Article, docs: list[tuple[int, Doc]]) -> list[MeetingCandidate]:
    """Meeting reports in an article's parsed body paragraphs.

    `docs` pairs each paragraph's spaCy Doc (parser enabled) with its offset into
    article.text, in reading order; pronouns may point back to earlier paragraphs.
    """
    ents = [e for _, doc in docs for e in doc.ents]
    state = ArticleState(sport=about_sport(article.text),
                         organisations=Counter(e.text for e in ents if e.label_ == "ORG"),
                         person_words={w for e in ents if e.label_ == "PERSON" for w in e.text.split()})
    out: list[MeetingCandidate] = []
    for offset, doc in docs:
        for found in find_meetings(doc, offset, article.text, state):
            out.append(MeetingCandidate(
                article=article.id,
                sides=found.sides,
                status=found.status,
                sentence=found.sentence,
                trigger=found.trigger,
                unnamed=[t for t, named in zip(found.side_texts, found.named) if not named],
                place=found.place,
                place_span=found.place_span,
                date_text=found.date_text,
                date_span=found.date_span,
                trigger_span=found.trigger_span,
                side_texts=found.side_texts,
                side_names=found.side_names,
                call=found.call,
                joins=found.joins,
                sequel=found.sequel,
                group=found.group,
            ))
    return out


# --- resolution: candidates → meeting records -------------------------------------------

CALL_NOTE = "call (phone or video), not in person"
LEDE_REACH = 1500       # chars: how far ahead an anonymous lede looks for its named meeting
CLOSE_DAYS = 3          # articles published this close may report one undated meeting
PLAN_HORIZON_DAYS = 366  # an undated plan is one with a dated meeting at most this far ahead
# A date that points back at the meeting reported just before it in the article.
SAME_DAY = re.compile(r"(?:on |during |later |earlier )?(?:the same|that) (?:day|evening|morning|night|afternoon)",
                      re.IGNORECASE)


@dataclass(slots=True)
class _Proto:
    """One candidate mapped to people: a meeting as one sentence reports it."""

    article: str
    position: int                  # trigger offset: nearness within an article
    participants: list[str]
    unnamed: list[str]
    status: str
    place: str | None
    date: str | None
    date_text: str | None
    call: bool
    reports: list[Report]
    joins: bool = False
    sequel: bool = False
    group: bool = False


@dataclass(slots=True)
class _Record:
    """A meeting being resolved. A long article can report one meeting hundreds of times:
    anchors and known make each new report's look-up quick, not a scan of all the others."""

    meeting: Meeting
    frozen: bool                            # analyst-made or reviewed: never altered
    anchors: dict[str, list[int]] = field(default_factory=dict)   # article → offsets, sorted
    known: set[tuple[str, int]] | None = None   # (article, start) of the reports, once merged into
    sequels: set[str] = field(default_factory=set)  # articles where a report of it is a sequel

    def anchor(self, article: str, offset: int) -> None:
        bisect.insort(self.anchors.setdefault(article, []), offset)

    def distance(self, article: str, offset: int) -> int | None:
        """From offset to the nearest place this meeting is reported in article."""
        at = self.anchors.get(article, [])
        i = bisect.bisect_left(at, offset)
        return min((abs(at[j] - offset) for j in (i - 1, i) if 0 <= j < len(at)), default=None)


def _record(meeting: Meeting, frozen: bool, anchors: Iterable[tuple[str, int]]) -> _Record:
    record = _Record(meeting, frozen)
    for article, offset in anchors:
        record.anchor(article, offset)
    return record


def resolve_meetings(candidates: dict[str, list[MeetingCandidate]], mentions: dict[str, list[Mention]],
                     articles: dict[str, Article], existing: dict[str, Meeting],
                     refreshed: set[str], people: dict[str, Person] | None = None) -> dict[str, Meeting]:
    """The meetings after this run: `existing` (meetings.yaml as loaded) with the model's
    reports from `refreshed` articles replaced by those articles' new candidates.
    `people` (the linked registry) names "the chancellor" by the roles it knows.

    Analyst-made, edited or reviewed meetings are returned untouched; a new report that
    matches one of them is absorbed by it (so a rejected meeting is never made again).
    """
    records = _kept_records(existing, refreshed, articles)
    protos: list[_Proto] = []
    for aid in sorted(refreshed & candidates.keys()):
        if aid in articles:
            protos += _attach_joiners(_attach_ledes(_protos(candidates[aid], mentions.get(aid, []),
                                                            articles[aid], people or {})))
    # Full records first, so that a partial report ("refused to meet his US counterpart")
    # finds the meeting that names the counterpart wherever it was reported.
    protos.sort(key=lambda p: (len(p.participants) < 2, p.article, p.position))
    new: list[_Record] = []
    # Compatible records always share a participant: look only at those, in record order
    # (the order breaks ties), instead of at every record of the corpus.
    order: dict[int, int] = {}
    by_person: dict[str, dict[int, _Record]] = {}

    def index(record: _Record) -> None:
        order.setdefault(id(record), len(order))
        for pid in record.meeting.participants:
            by_person.setdefault(pid, {})[id(record)] = record

    for known in records:
        index(known)
    for proto in protos:
        pool = {key: r for pid in proto.participants for key, r in by_person.get(pid, {}).items()}
        record = _best_match(proto, [pool[key] for key in sorted(pool, key=order.__getitem__)], articles)
        if record is None:
            record = _record(_new_meeting(proto), False, [(proto.article, proto.position)])
            records.append(record)
            new.append(record)
        elif not record.frozen:
            _merge(record, proto)
        if proto.sequel:
            record.sequels.add(proto.article)
        index(record)
    # Ids of new meetings say what the merged record is: its date and its people.
    taken = {r.meeting.id for r in records if r not in new}
    name = meeting_namer(mentions)
    for record in new:
        record.meeting.id = name(record.meeting, taken)
        taken.add(record.meeting.id)
    return {r.meeting.id: r.meeting for r in records}


def _kept_records(existing: dict[str, Meeting], refreshed: set[str], articles: dict[str, Article]) -> list[_Record]:
    records = []
    for meeting in existing.values():
        if meeting.by == "analyst" or meeting.review != "unreviewed":
            moved = [_reanchored(r, articles) for r in meeting.reports]
            if moved != meeting.reports:  # only the offsets follow the text; nothing else changes
                meeting = replace(meeting, reports=moved)
            records.append(_record(meeting, True, [(r.article, r.start) for r in meeting.reports]))
            continue
        reports = [_reanchored(r, articles) for r in meeting.reports if r.article not in refreshed]
        if reports:
            kept = replace(meeting, participants=list(meeting.participants), unnamed=list(meeting.unnamed),
                           reports=reports)
            records.append(_record(kept, False, [(r.article, r.start) for r in reports]))
    return records


def _reanchored(report: Report, articles: dict[str, Article]) -> Report:
    """The report moved to where its evidence is now in the article's text (the occurrence
    nearest its old place), after the article changed. Left as it is when the evidence is
    not found: the workspace then flags it rather than show the wrong sentence."""
    article = articles.get(report.article)
    if article is None or not report.evidence or article.text[report.start:report.end] == report.evidence:
        return report
    found = occurrences(article.text, report.evidence)
    if not found:
        return report
    start = min(found, key=lambda s: (abs(s - report.start), s))
    return replace(report, start=start, end=start + len(report.evidence))


def _protos(found: list[MeetingCandidate], mentions: list[Mention], article: Article,
            registry: dict[str, Person]) -> list[_Proto]:
    people = SpanIndex(m for m in mentions if m.label == "PERSON" and m.person and m.status != "rejected")
    present = sorted({m.person for m in mentions if m.label == "PERSON" and m.person in registry
                      and m.status != "rejected"})
    published = article.meta.published
    out = []
    last_date: str | None = None
    for c in found:
        participants: list[str] = []
        unnamed: list[str] = []
        for start, end in c.sides:
            inside = people.inside(start, end)
            for m in inside:
                if m.person not in participants:
                    participants.append(m.person)  # type: ignore[arg-type]  # people holds linked mentions only
            if inside:
                continue
            text = " ".join(article.text[start:end].split())
            holder = _role_holder(text, present, registry)
            if holder is not None and holder not in participants:
                participants.append(holder)
            elif text and text not in unnamed:
                unnamed.append(text)
        if not participants and (not c.place or c.joins):
            continue
        if len(participants) == 1 and not unnamed and not c.joins:
            continue  # "Xi snubbed that meeting": no one to meet
        date = resolve_date(c.date_text, published, planned=c.status == "planned") if c.date_text else None
        if date is None and c.date_text and SAME_DAY.fullmatch(c.date_text.strip()):
            date = last_date   # "Lavrov met Zarif separately the same day"
        last_date = date or last_date
        start, end = c.sentence
        place = c.place
        if place is None and not c.call and _during_the_story(date, article.text[start:end], article):
            place = _dateline_city(article)
        out.append(_Proto(
            article=article.id, position=c.trigger_span[0] if c.trigger_span else start,
            participants=participants, unnamed=unnamed if len(participants) < 2 else [],
            status=c.status, place=place, date=date, date_text=c.date_text, call=c.call,
            reports=[Report(article.id, start, end, article.text[start:end])], joins=c.joins,
            sequel=c.sequel, group=c.group and len(participants) < 2,
        ))
    return out


def _dateline_city(article: Article) -> str | None:
    """ "SEOUL, South Korea" → "Seoul": the city the story is filed from."""
    dateline = article.meta.dateline
    if not dateline:
        return None
    city = dateline.split(",")[0].strip()
    return city.title() if city.isupper() else city


def _during_the_story(date: str | None, sentence: str, article: Article) -> bool:
    """A meeting the text gives no place of happened where the story is filed from when it
    falls in the days around publication ("on Monday evening"), or "on the sidelines" of
    the summit reported (docs/gold-guidelines.md, diplomatic meetings, place)."""
    if date is None:
        return "sidelines" in sentence
    day, bounds = _day(article), date_bounds(date)
    return day is not None and bounds is not None and DATELINE_DAYS_BEFORE <= (bounds[0] - day).days \
        and (bounds[1] - day).days <= DATELINE_DAYS_AFTER


def _role_holder(text: str, present: list[str], registry: dict[str, Person]) -> str | None:
    """ "the chancellor": the one person the article names whom the corpus knows by that
    role. A role of another rank ("the deputy prime minister") or two holders name no one."""
    titles = find_titles(text)
    if not text.lower().startswith("the ") or len(titles) != 1 or titles[0].start != 4 \
            or titles[0].end != len(text) or not titles[0].is_role:
        return None
    hint = role_core(titles[0].text)
    fits = [pid for pid in present if any(roles_match(hint, role_core(r.title)) for r in registry[pid].roles)]
    return fits[0] if len(fits) == 1 else None


def _attach_joiners(protos: list[_Proto]) -> list[_Proto]:
    """People "also present at the meeting" join the named meeting reported just before."""
    out: list[_Proto] = []
    host: _Proto | None = None   # the last one in out with participants
    for proto in sorted(protos, key=lambda p: p.position):
        if not proto.joins:
            out.append(proto)
            host = proto if proto.participants else host
            continue
        if host is not None and proto.position - host.position <= LEDE_REACH:
            host.participants += [x for x in proto.participants if x not in host.participants]
            if len(host.participants) >= 2:
                host.unnamed = []
            host.reports += proto.reports
    return out


def _attach_ledes(protos: list[_Proto]) -> list[_Proto]:
    """An anonymous lede ("Senior US and Chinese officials held talks in Beijing") lends
    its place and its report to the named meeting right after it, when they agree."""
    protos.sort(key=lambda p: p.position)
    out = []
    following: list[_Proto | None] = [None] * len(protos)   # the first proto after k with participants
    for k in range(len(protos) - 2, -1, -1):
        following[k] = protos[k + 1] if protos[k + 1].participants else following[k + 1]
    for k, proto in enumerate(protos):
        if proto.participants:
            out.append(proto)
            continue
        named = following[k]
        if named is None or named.position - proto.position > LEDE_REACH:
            continue
        if (named.status == proto.status and named.call == proto.call
                and _places_agree(named.place, proto.place) and _dates_overlap(named.date, proto.date) is not False):
            named.place = named.place or proto.place
            if named.date is None and proto.date is not None:
                named.date, named.date_text = proto.date, proto.date_text
            named.reports = proto.reports + named.reports
    return out


def _best_match(proto: _Proto, records: list[_Record], articles: dict[str, Article]) -> _Record | None:
    best: tuple[tuple, _Record] | None = None
    for record in records:
        if (proto.sequel or proto.article in record.sequels) and proto.article in record.anchors:
            continue  # "He then chaired a meeting": another meeting than those the article told before
        if not _compatible(proto, record.meeting, articles):
            continue
        near = record.distance(proto.article, proto.position)
        shared = len(set(proto.participants) & set(record.meeting.participants))
        key = (10**9 if near is None else near, -shared)
        if best is None or key < best[0]:
            best = (key, record)
    return best[1] if best else None


def _compatible(proto: _Proto, meeting: Meeting, articles: dict[str, Article]) -> bool:
    if proto.status != meeting.status or proto.call != (meeting.note == CALL_NOTE):
        return False
    mine, theirs = set(proto.participants), set(meeting.participants)
    if len(mine) >= 2 and len(theirs) >= 2:
        if len(mine & theirs) < 2:
            return False
    elif not (mine and theirs and (mine <= theirs or theirs <= mine)):
        return False
    elif proto.group and len(theirs) >= 2:
        return False  # "Obama is due to meet dissidents": not his meeting with Castro
    if not _places_agree(proto.place, meeting.place):
        return False
    overlap = _dates_overlap(proto.date, meeting.date)
    if overlap is not None:
        return overlap
    # A date missing on one side: the same place, or reports close together in time,
    # or a planned meeting still ahead when the undated report was written.
    if proto.place and meeting.place:
        return True
    if any(_close(proto.article, r.article, articles) for r in meeting.reports):
        return True
    return proto.status == "planned" and _still_ahead(proto, meeting, articles)


def matching_meeting(meetings: Iterable[Meeting], article: str, participants: list[str], status: str,
                     place: str | None, date: str | None, articles: dict[str, Article]) -> Meeting | None:
    """The meeting a report of `article` naming these people would join under the rules
    resolve_meetings() follows (status, people, place and date agree), the one sharing most
    people first; None when there is none. Meetings marked wrong are never offered."""
    proto = _Proto(article=article, position=0, participants=list(participants), unnamed=[], status=status,
                   place=place or None, date=date or None, date_text=None, call=False, reports=[])
    shared = set(participants)
    # whether it was a phone or video call is not asked when a meeting is added by hand
    found = [m for m in meetings if m.review != "rejected"
             and _compatible(replace(proto, call=m.note == CALL_NOTE), m, articles)]
    found.sort(key=lambda m: (-len(shared & set(m.participants)), len(set(m.participants) ^ shared), m.id))
    return found[0] if found else None


def _still_ahead(proto: _Proto, meeting: Meeting, articles: dict[str, Article]) -> bool:
    """ "Over the next several months, I'll be meeting Xi" (June) and "a potential meeting
    between Xi and Biden" (September): one plan, as long as its dates reach the later report."""
    if proto.date:
        dated, undated = proto.date, [r.article for r in meeting.reports]
    elif meeting.date:
        dated, undated = meeting.date, [proto.article]
    else:
        return False
    bounds = date_bounds(dated)
    days = [d for d in (_day(articles.get(a)) for a in undated) if d is not None]
    return bounds is not None and bool(days) and all(
        bounds[1] >= d and (bounds[0] - d).days <= PLAN_HORIZON_DAYS for d in days)


def _close(a: str, b: str, articles: dict[str, Article]) -> bool:
    if a == b:
        return True
    first = _day(articles.get(a))
    second = _day(articles.get(b))
    return first is not None and second is not None and abs((first - second).days) <= CLOSE_DAYS


def _day(article: Article | None) -> date | None:
    bounds = date_bounds(article.meta.published) if article and article.meta.published else None
    return bounds[0] if bounds and bounds[0] == bounds[1] else None


def _places_agree(a: str | None, b: str | None) -> bool:
    """Equal, or one missing, or one names the other's first part ("Bali, Indonesia")."""
    if not a or not b:
        return True
    x, y = _place_key(a), _place_key(b)
    return x == y or x.split(",")[0] == y.split(",")[0]


def _place_key(place: str) -> str:
    text = " ".join(place.casefold().split())
    return text.removeprefix("the ")


def _dates_overlap(a: str | None, b: str | None) -> bool | None:
    """None when either date is missing or unreadable."""
    if not a or not b:
        return None
    x, y = date_bounds(a), date_bounds(b)
    if x is None or y is None:
        return None
    return x[0] <= y[1] and y[0] <= x[1]


def _merge(record: _Record, proto: _Proto) -> None:
    meeting = record.meeting
    was_partial = len(meeting.participants) < 2
    meeting.participants += [p for p in proto.participants if p not in meeting.participants]
    if len(meeting.participants) >= 2:
        if was_partial:
            meeting.unnamed = []  # the counterpart is named now: "his US counterpart" was Austin
    else:
        meeting.unnamed += [u for u in proto.unnamed if u not in meeting.unnamed]
    meeting.place = meeting.place or proto.place
    if proto.date and (meeting.date is None or _span_days(proto.date) < _span_days(meeting.date)):
        meeting.date, meeting.date_text = proto.date, proto.date_text
    elif meeting.date is None and meeting.date_text is None:
        meeting.date_text = proto.date_text
    if record.known is None:   # the first merge: sorted once, then kept sorted
        meeting.reports.sort(key=_report_order)
        record.known = {_report_order(r) for r in meeting.reports}
    for report in proto.reports:
        if _report_order(report) not in record.known:
            bisect.insort(meeting.reports, report, key=_report_order)
            record.known.add(_report_order(report))
    record.anchor(proto.article, proto.position)


def _report_order(report: Report) -> tuple[str, int]:
    return report.article, report.start


def _span_days(iso: str) -> int:
    bounds = date_bounds(iso)
    return (bounds[1] - bounds[0]).days if bounds else 10**6


def new_meeting_id(meeting: Meeting, taken: set[str], mentions: dict[str, list[Mention]]) -> str:
    """ "m-2023-06-05-kritenbrink-ma-zhaoxu": date (or "undated") and up to three names."""
    return meeting_namer(mentions)(meeting, taken)


def meeting_namer(mentions: dict[str, list[Mention]]) -> Callable[[Meeting, set[str]], str]:
    """new_meeting_id with the corpus read once: naming every new meeting of a run costs
    one pass over the mentions, not one per meeting."""
    words: dict[str, dict[str, int]] = {}   # person id -> one-word names -> count
    everyone: set[str] = set()
    for items in mentions.values():
        for m in items:
            if not m.person:
                continue
            everyone.add(m.person)
            if len(m.text.split()) == 1 and m.status != "rejected" and (word := _slug(m.text)):
                counts = words.setdefault(m.person, {})
                counts[word] = counts.get(word, 0) + 1
    in_ids: dict[str, set[str]] = {}        # a word -> the ids it is part of
    for pid in everyone:
        for word in pid.split("-"):
            in_ids.setdefault(word, set()).add(pid)

    def surname(person: str) -> str:
        """How the articles call the person on their own ("Kritenbrink", "Xi"), else the id
        (also when the word is part of someone else's id: "Wang" is three people)."""
        counts = words.get(person)
        if counts and (best := max(counts, key=lambda w: (counts[w], w))) in person.split("-"):
            if in_ids.get(best, set()) <= {person}:
                return best
        return person

    def name(meeting: Meeting, taken: set[str]) -> str:
        names = sorted(surname(p) for p in meeting.participants)[:3]
        stem = "m-" + (meeting.date.split("/")[0] if meeting.date else "undated")
        if names:
            stem += "-" + "-".join(names)
        meeting_id, n = stem, 2
        while meeting_id in taken:
            meeting_id, n = f"{stem}-{n}", n + 1
        return meeting_id

    return name


def _new_meeting(proto: _Proto) -> Meeting:
    return Meeting(
        id="", participants=list(proto.participants), status=proto.status,
        place=proto.place, date=proto.date, date_text=proto.date_text, unnamed=list(proto.unnamed),
        reports=sorted(proto.reports, key=lambda r: (r.article, r.start)),
        note=CALL_NOTE if proto.call else "",
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().replace("’s", "").replace("'s", "")).strip("-")
