"""Score a set of annotations (the pipeline's) against the analysts' gold standard.

Three measures, each over the articles given:
- mentions: exact span and label, per label and overall (micro), rejected mentions ignored;
- person linking: of the gold PERSON mentions, how many have a predicted mention with the
  same span linked to the same person;
- meetings: a predicted meeting matches a gold one when the participant sets are equal and
  the status is the same; place and date agreement are reported over the matched pairs.
  A looser match (predicted participants a subset of the gold ones, at least two of them)
  shows how many meetings were found with someone missing.

- people: a predicted person (one with a live PERSON mention in the articles scored) is
  right when it maps to a gold person no other predicted person took; a person split in
  two counts once right and once wrong, a non-person ("Lib Dems") wrong.

Predicted person ids need not equal gold ids: they are mapped to gold people by name
(full name against gold names and multi-word aliases). A bare alias such as "Wang" never
maps a person by name, because it names several; a person the name does not map (the
pipeline's "Blair" where the gold says "Tony Blair") maps to the gold person that more
than half of its mention spans are linked to in the gold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.labels import EXTRACTED_LABELS
from tui.core.models import Annotation, Article, Meeting, Person, Problem


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Ratio:
    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(slots=True)
class Scores:
    mentions: dict[str, PRF] = field(default_factory=dict)   # label → PRF, plus "ALL"
    linking: Ratio = field(default_factory=Ratio)            # over gold PERSON mentions
    linking_found: Ratio = field(default_factory=Ratio)      # same, where the span was found
    people: PRF = field(default_factory=PRF)                 # person records, one per real person
    meetings: PRF = field(default_factory=PRF)               # participants + status
    meetings_full: PRF = field(default_factory=PRF)          # … and place and date agree
    meetings_overlap: PRF = field(default_factory=PRF)       # predicted ⊆ gold participants, ≥ 2
    meeting_place: Ratio = field(default_factory=Ratio)      # over matched pairs
    meeting_date: Ratio = field(default_factory=Ratio)       # over matched pairs
    person_map: dict[str, str] = field(default_factory=dict)  # predicted id → gold id
    missed_meetings: list[str] = field(default_factory=list)  # gold ids not found
    extra_meetings: list[str] = field(default_factory=list)   # predicted ids with no gold match
    problems: list[Problem] = field(default_factory=list)     # the predicted files' problems


@dataclass(slots=True)
class Side:
    """One set of annotations: per-article annotation, people and meetings."""

    annotations: dict[str, Annotation]
    people: dict[str, Person]
    meetings: list[Meeting]
    problems: list[Problem] = field(default_factory=list)  # what the store said on loading


class GoldError(Exception):
    """An annotations folder that does not load cleanly: scores over it would be wrong."""


def load_side(folder: Path, articles: Iterable[Article], *, strict: bool = False) -> Side:
    """Read an annotations folder through the store (so the format is the store's).

    strict (for the gold): raise GoldError when the store reports any problem at all.
    """
    from tui.core.store import AnnotationStore

    store = AnnotationStore(folder)
    people, problems = store.load_people()
    meetings, more = store.load_meetings(people=people)
    problems += more
    annotations: dict[str, Annotation] = {}
    for article in articles:
        annotation, more = store.load_annotation(article.id, article, people=people)
        problems += more
        if annotation is not None:
            annotations[article.id] = annotation
    if strict and problems:
        raise GoldError("\n".join(str(p) for p in problems))
    return Side(annotations, people, list(meetings.values()), problems)


def score(gold_dir: Path, predicted_dir: Path, articles: Iterable[Article]) -> Scores:
    """Scores of the annotations in predicted_dir against the gold in gold_dir, over articles."""
    articles = list(articles)
    gold = load_side(Path(gold_dir), articles, strict=True)
    predicted = load_side(Path(predicted_dir), articles)
    scores = score_sides(gold, predicted, [a.id for a in articles])
    scores.problems = predicted.problems
    return scores


def score_sides(gold: Side, predicted: Side, article_ids: Iterable[str]) -> Scores:
    ids = list(article_ids)
    scores = Scores()
    scores.person_map = map_people(predicted.people, gold.people)
    _map_by_spans(gold, predicted, ids, scores.person_map)
    _score_mentions(gold, predicted, ids, scores)
    _score_people(gold, predicted, ids, scores)
    _score_linking(gold, predicted, ids, scores)
    _score_meetings(gold, predicted, set(ids), scores)
    return scores


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


def map_people(predicted: dict[str, Person], gold: dict[str, Person]) -> dict[str, str]:
    """Map predicted person ids to gold ids by full-name equality; unmapped ids are left out."""
    by_name: dict[str, set[str]] = {}
    for person in gold.values():
        for name in [person.name, *person.aliases]:
            if len(name.split()) > 1 or name == person.name:
                by_name.setdefault(_norm(name), set()).add(person.id)
    mapping: dict[str, str] = {}
    for person in predicted.values():
        if person.id in gold and _norm(gold[person.id].name) == _norm(person.name):
            mapping[person.id] = person.id
            continue
        for name in [person.name, *person.aliases]:
            if len(name.split()) < 2 and name != person.name:
                continue
            found = by_name.get(_norm(name), set())
            if len(found) == 1:
                mapping[person.id] = next(iter(found))
                break
    return mapping


def _linked_spans(side: Side, ids: list[str]) -> dict[tuple[str, int, int], str]:
    """(article, start, end) → person id, for each live linked PERSON mention."""
    return {(article_id, m.start, m.end): m.person for article_id in ids
            for m in _live(side.annotations.get(article_id)) if m.label == "PERSON" and m.person}


def _map_by_spans(gold: Side, predicted: Side, ids: list[str], mapping: dict[str, str]) -> None:
    """Map each person the names left unmapped to the gold person most of its spans name."""
    gold_spans = _linked_spans(gold, ids)
    votes: dict[str, list[str | None]] = {}
    for span, person in _linked_spans(predicted, ids).items():
        if person not in mapping:
            votes.setdefault(person, []).append(gold_spans.get(span))
    for person, golds in votes.items():
        best = max(set(golds), key=golds.count)
        if best is not None and golds.count(best) * 2 > len(golds):
            mapping[person] = best


def _score_people(gold: Side, predicted: Side, ids: list[str], scores: Scores) -> None:
    wanted = set(_linked_spans(gold, ids).values())
    found: set[str] = set()
    for person in sorted(set(_linked_spans(predicted, ids).values())):
        target = scores.person_map.get(person)
        if target in wanted and target not in found:
            found.add(target)
            scores.people.tp += 1
        else:
            scores.people.fp += 1
    scores.people.fn = len(wanted - found)


def _live(annotation: Annotation | None) -> list:
    return [m for m in annotation.mentions if m.status != "rejected"] if annotation else []


def _score_mentions(gold: Side, predicted: Side, ids: list[str], scores: Scores) -> None:
    labels = list(EXTRACTED_LABELS)
    per = {label: PRF() for label in labels}
    for article_id in ids:
        g = {(m.start, m.end, m.label) for m in _live(gold.annotations.get(article_id))}
        p = {(m.start, m.end, m.label) for m in _live(predicted.annotations.get(article_id))}
        for key in g | p:
            prf = per.setdefault(key[2], PRF())
            if key in g and key in p:
                prf.tp += 1
            elif key in p:
                prf.fp += 1
            else:
                prf.fn += 1
    total = PRF()
    for prf in per.values():
        total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn
    scores.mentions = {**per, "ALL": total}


def _score_linking(gold: Side, predicted: Side, ids: list[str], scores: Scores) -> None:
    for article_id in ids:
        spans = {(m.start, m.end): m for m in _live(predicted.annotations.get(article_id))}
        for m in _live(gold.annotations.get(article_id)):
            if m.label != "PERSON" or m.person is None:
                continue
            scores.linking.total += 1
            hit = spans.get((m.start, m.end))
            if hit is None:
                continue
            scores.linking_found.total += 1
            if hit.person is not None and scores.person_map.get(hit.person) == m.person:
                scores.linking.hits += 1
                scores.linking_found.hits += 1


def _in_articles(meeting: Meeting, ids: set[str]) -> bool:
    return not meeting.reports or any(r.article in ids for r in meeting.reports)


def _same_place(a: str | None, b: str | None) -> bool:
    return _norm(a or "") == _norm(b or "")


def _score_meetings(gold: Side, predicted: Side, ids: set[str], scores: Scores) -> None:
    golds = [m for m in gold.meetings if m.review != "rejected" and _in_articles(m, ids)]
    preds = [m for m in predicted.meetings if m.review != "rejected" and _in_articles(m, ids)]
    mapped = {id(p): frozenset(scores.person_map.get(x, f"?{x}") for x in p.participants) for p in preds}

    def exact(g: Meeting, p: Meeting) -> bool:
        return mapped[id(p)] == frozenset(g.participants)

    def overlap(g: Meeting, p: Meeting) -> bool:
        """The predicted participants are gold participants, at least two of them (or all)."""
        people, wanted = mapped[id(p)], frozenset(g.participants)
        return people <= wanted and (len(people) >= 2 or people == wanted)

    pairs, missed, extra = _match(golds, preds, exact)
    scores.meetings = PRF(len(pairs), len(extra), len(missed))
    scores.missed_meetings = [g.id for g in missed]
    scores.extra_meetings = [p.id for p in extra]
    full = 0
    for g, p in pairs:
        place, date = _same_place(g.place, p.place), (g.date or None) == (p.date or None)
        scores.meeting_place.total += 1
        scores.meeting_date.total += 1
        scores.meeting_place.hits += place
        scores.meeting_date.hits += date
        full += place and date
    scores.meetings_full = PRF(full, len(preds) - full, len(golds) - full)
    loose, loose_missed, loose_extra = _match(golds, preds, overlap)
    scores.meetings_overlap = PRF(len(loose), len(loose_extra), len(loose_missed))


def _match(golds: list[Meeting], preds: list[Meeting], same_people: Callable[[Meeting, Meeting], bool]
           ) -> tuple[list[tuple[Meeting, Meeting]], list[Meeting], list[Meeting]]:
    """One-to-one pairs with equal status and `same_people`; the best place/date agreement wins."""
    def agreement(g: Meeting, p: Meeting) -> int:
        return int(_same_place(g.place, p.place)) + int((g.date or None) == (p.date or None))

    unmatched, pairs, missed = list(preds), [], []
    for g in golds:
        candidates = [p for p in unmatched if p.status == g.status and same_people(g, p)]
        if not candidates:
            missed.append(g)
            continue
        best = max(candidates, key=lambda p: agreement(g, p))
        unmatched.remove(best)
        pairs.append((g, best))
    return pairs, missed, unmatched


def format_table(scores: Scores) -> str:
    """A plain-text table, one measure a line."""
    rows = [("measure", "P", "R", "F1", "tp/fp/fn")]
    for label, prf in scores.mentions.items():
        if prf.tp + prf.fp + prf.fn:
            rows.append((f"mentions {label}", f"{prf.precision:.3f}", f"{prf.recall:.3f}",
                         f"{prf.f1:.3f}", f"{prf.tp}/{prf.fp}/{prf.fn}"))
    for name, prf in (("people", scores.people),
                      ("meetings", scores.meetings), ("meetings +place+date", scores.meetings_full),
                      ("meetings, participants overlap", scores.meetings_overlap)):
        rows.append((name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}",
                     f"{prf.tp}/{prf.fp}/{prf.fn}"))
    for name, ratio in (("person linking", scores.linking),
                        ("linking where span found", scores.linking_found),
                        ("meeting place agrees", scores.meeting_place),
                        ("meeting date agrees", scores.meeting_date)):
        rows.append((name, "", "", f"{ratio.value:.3f}", f"{ratio.hits}/{ratio.total}"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    if scores.missed_meetings:
        lines.append("missed meetings: " + ", ".join(scores.missed_meetings))
    if scores.extra_meetings:
        lines.append("unmatched predicted meetings: " + ", ".join(scores.extra_meetings))
    if scores.problems:
        lines.append(f"{len(scores.problems)} problems loading the predicted files, first: {scores.problems[0]}")
    return "\n".join(lines)


def as_json(scores: Scores) -> dict:
    """The scores as plain data: P/R/F1 and counts per measure, agreement ratios."""
    def prf(value: PRF) -> dict:
        return {"precision": round(value.precision, 4), "recall": round(value.recall, 4),
                "f1": round(value.f1, 4), "tp": value.tp, "fp": value.fp, "fn": value.fn}

    def ratio(value: Ratio) -> dict:
        return {"value": round(value.value, 4), "hits": value.hits, "total": value.total}

    return {
        "mentions": {label: prf(value) for label, value in scores.mentions.items()},
        "people": prf(scores.people),
        "linking": ratio(scores.linking),
        "linking_where_span_found": ratio(scores.linking_found),
        "meetings": prf(scores.meetings),
        "meetings_with_place_and_date": prf(scores.meetings_full),
        "meetings_participants_overlap": prf(scores.meetings_overlap),
        "meeting_place": ratio(scores.meeting_place),
        "meeting_date": ratio(scores.meeting_date),
        "missed_meetings": scores.missed_meetings,
        "unmatched_predicted_meetings": scores.extra_meetings,
        "problems": [str(p) for p in scores.problems],
    }
