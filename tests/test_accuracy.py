"""Accuracy of the pipeline against the committed gold standard (annotations/), and the
behaviour of the scorer itself on small hand-built cases."""

from __future__ import annotations

from tui.core.models import Annotation, ArticleMeta, Meeting, Mention, Person
from tui.core.scoring import Side, format_table, map_people, score_sides


def _annotation(article_id: str, mentions: list[Mention]) -> Annotation:
    return Annotation(id=article_id, source=f"{article_id}.txt", sha256="0", meta=ArticleMeta(),
                      body=(0, 1000), mentions=mentions)


def _side(mentions: list[Mention], people: list[Person], meetings: list[Meeting]) -> Side:
    return Side({"a": _annotation("a", mentions)}, {p.id: p for p in people}, meetings)


GOLD_PEOPLE = [Person("wang-yi", "Wang Yi", aliases=["Wang Yi", "Wang"]),
               Person("wang-wenbin", "Wang Wenbin", aliases=["Wang Wenbin", "Wang"]),
               Person("antony-blinken", "Antony Blinken", aliases=["Antony Blinken", "Blinken"])]


def test_people_map_by_full_name_never_by_a_shared_surname() -> None:
    predicted = {"p1": Person("p1", "Wang Yi"), "p2": Person("p2", "Wang"),
                 "p3": Person("p3", "Tony", aliases=["Antony Blinken"])}
    mapping = map_people(predicted, {p.id: p for p in GOLD_PEOPLE})
    assert mapping == {"p1": "wang-yi", "p3": "antony-blinken"}


def test_mentions_need_exact_span_and_label_and_rejected_ones_do_not_count() -> None:
    gold = _side([Mention(0, 7, "Wang Yi", "PERSON", person="wang-yi", status="accepted"),
                  Mention(10, 16, "Beijing", "GPE", status="accepted"),
                  Mention(20, 25, "State", "ORG", status="rejected")], GOLD_PEOPLE, [])
    predicted = _side([Mention(0, 7, "Wang Yi", "PERSON", person="x"),
                       Mention(10, 16, "Beijing", "ORG"),       # wrong label
                       Mention(20, 25, "State", "ORG"),          # gold rejected it: a false positive
                       Mention(30, 34, "Wang", "PERSON", status="rejected")],  # ignored
                      [Person("x", "Wang Yi")], [])
    s = score_sides(gold, predicted, ["a"])
    assert (s.mentions["PERSON"].tp, s.mentions["PERSON"].fp, s.mentions["PERSON"].fn) == (1, 0, 0)
    assert (s.mentions["GPE"].fn, s.mentions["ORG"].fp) == (1, 2)
    assert (s.mentions["ALL"].tp, s.mentions["ALL"].fp, s.mentions["ALL"].fn) == (1, 2, 1)
    assert s.linking.hits == 1 and s.linking.total == 1


def test_linking_counts_a_wrong_person_and_a_missing_span_as_misses() -> None:
    gold = _side([Mention(0, 4, "Wang", "PERSON", person="wang-yi", status="accepted"),
                  Mention(10, 14, "Wang", "PERSON", person="wang-wenbin", status="accepted"),
                  Mention(20, 27, "Blinken", "PERSON", person="antony-blinken", status="accepted")],
                 GOLD_PEOPLE, [])
    predicted = _side([Mention(0, 4, "Wang", "PERSON", person="w1"),
                       Mention(10, 14, "Wang", "PERSON", person="w1")],
                      [Person("w1", "Wang Yi")], [])
    s = score_sides(gold, predicted, ["a"])
    assert (s.linking.hits, s.linking.total) == (1, 3)
    assert (s.linking_found.hits, s.linking_found.total) == (1, 2)


def test_meetings_match_on_participants_and_status_then_report_place_and_date() -> None:
    gold_meetings = [
        Meeting("g1", ["antony-blinken", "wang-yi"], "held", place="Beijing", date="2023-06-19"),
        Meeting("g2", ["antony-blinken", "wang-yi"], "planned"),
        Meeting("g3", ["wang-wenbin", "wang-yi"], "held"),
    ]
    predicted_meetings = [
        Meeting("p1", ["tony", "yi"], "held", place="beijing", date="2023-06-18"),
        Meeting("p2", ["tony", "yi"], "declined"),           # status differs from g2
        Meeting("p3", ["tony", "yi", "nobody"], "held"),    # an unmapped extra participant
        Meeting("p4", ["tony", "yi"], "held", review="rejected"),  # analyst rejected: ignored
    ]
    people = [Person("tony", "Antony Blinken"), Person("yi", "Wang Yi"), Person("nobody", "Nobody")]
    s = score_sides(_side([], GOLD_PEOPLE, gold_meetings), _side([], people, predicted_meetings), ["a"])
    assert (s.meetings.tp, s.meetings.fp, s.meetings.fn) == (1, 2, 2)
    assert (s.meeting_place.hits, s.meeting_date.hits) == (1, 0)
    assert s.meetings_full.tp == 0
    assert s.missed_meetings == ["g2", "g3"]
    table = format_table(s)
    assert "meetings" in table and "person linking" in table


def test_overlap_match_counts_a_meeting_found_with_a_participant_missing() -> None:
    gold_meetings = [Meeting("g", ["antony-blinken", "wang-yi", "wang-wenbin"], "held"),
                     Meeting("solo", ["wang-yi"], "held", unnamed=["his counterpart"])]
    predicted_meetings = [Meeting("p", ["tony", "yi"], "held"), Meeting("q", ["yi", "tony"], "planned")]
    people = [Person("tony", "Antony Blinken"), Person("yi", "Wang Yi")]
    s = score_sides(_side([], GOLD_PEOPLE, gold_meetings), _side([], people, predicted_meetings), ["a"])
    assert (s.meetings.tp, s.meetings.fp, s.meetings.fn) == (0, 2, 2)
    # "p" overlaps "g"; "q" has the wrong status; one named person never overlaps "solo"
    assert (s.meetings_overlap.tp, s.meetings_overlap.fp, s.meetings_overlap.fn) == (1, 1, 1)
