"""tui.core.views: the derived data the reader shows."""

from __future__ import annotations

from datetime import date

from tui.core.digest import digest_of
from tui.core.models import Annotation, ArticleMeta, Meeting, Mention, Person, Role, Segment
from tui.core.views import (ArticleRow, article_row, axis_positions, chrome_ranges, filter_rows, meeting_start,
                            paragraphs, people_in_article, person_label, shown_mentions, snippet, sort_rows,
                            timeline)


def row(id_: str, title: str = "", published: str = "", unreviewed: int = 0, outlet: str = "") -> ArticleRow:
    return ArticleRow(id_, title or id_, outlet, published, 0, 0, 10 - unreviewed, 10, True)


def test_sort_by_date_puts_newest_first_and_undated_last():
    rows = [row("a", published=""), row("b", published="2023-06-06"), row("c", published="2022"),
            row("d", published="2023-11-01")]
    assert [r.id for r in sort_rows(rows, "date")] == ["d", "b", "c", "a"]


def test_sort_by_title_ignores_case_and_review_puts_most_unreviewed_first():
    rows = [row("1", "beta"), row("2", "Alpha", unreviewed=2), row("3", "gamma", unreviewed=5),
            row("4", "‘Candid’ talks"), row("5", '"Dear" readers')]
    assert [r.title for r in sort_rows(rows, "title")] == ["Alpha", "beta", "‘Candid’ talks", '"Dear" readers', "gamma"]
    assert [r.id for r in sort_rows(rows, "review")][:2] == ["3", "2"]


def test_filter_needs_every_word_somewhere_in_title_outlet_date_or_id():
    rows = [row("x1", "Talks in Beijing", "2023-06-06", outlet="Reuters"),
            row("x2", "Talks in Malta", "2023-09-17", outlet="Bloomberg")]
    assert [r.id for r in filter_rows(rows, "talks reuters")] == ["x1"]
    assert [r.id for r in filter_rows(rows, "TALKS")] == ["x1", "x2"]
    assert [r.id for r in filter_rows(rows, "2023-09")] == ["x2"]
    assert filter_rows(rows, "talks tokyo") == []
    assert len(filter_rows(rows, "   ")) == 2
    named = [ArticleRow("x3", "Talks", "", "", 1, 0, 0, 1, True, names="Antony Blinken\nWang Yi")]
    assert [r.id for r in filter_rows(rows + named, "blinken")] == ["x3"]
    # forgiving as / is: a slip of spelling, case and accents
    assert [r.id for r in filter_rows(rows + named, "blinkin beijng")] == []
    assert [r.id for r in filter_rows(rows + named, "antony blinkin")] == ["x3"]
    assert [r.id for r in filter_rows(rows, "Máltá")] == ["x2"]
    assert filter_rows(rows, "blim") == []   # under four letters, no guessing


def test_article_row_counts_people_by_person_and_falls_back_to_the_id():
    mentions = [Mention(0, 4, "Wang", "PERSON", person="wang-yi", status="accepted"),
                Mention(10, 17, "Wang Yi", "PERSON", person="wang-yi"),
                Mention(20, 25, "Smith", "PERSON"),
                Mention(30, 36, "Smith.", "PERSON", status="rejected"),
                Mention(40, 47, "Beijing", "GPE", by="analyst")]
    annotation = Annotation("a1", "a1.txt", "0" * 64, ArticleMeta(outlet="AP"), (0, 50), mentions=mentions)
    r = article_row("a1", digest_of(None, annotation), meetings=2, names={"wang-yi": Person("wang-yi", "Wang Yi")})
    assert (r.title, r.outlet, r.people, r.meetings) == ("a1", "AP", 2, 2)
    assert sorted(r.names.split("\n")) == ["Smith", "Wang Yi"]
    assert (r.reviewed, r.total, r.unreviewed) == (3, 5, 2)
    assert article_row("a2", digest_of(None, None), 0).annotated is False


def test_people_in_article_groups_linked_and_unlinked_mentions():
    mentions = [Mention(50, 54, "Wang", "PERSON", person="wang-yi"),
                Mention(0, 7, "Wang Yi", "PERSON", person="wang-yi"),
                Mention(20, 25, "Smith", "PERSON"), Mention(60, 65, "Smith", "PERSON"),
                Mention(70, 75, "Jones", "PERSON", status="rejected"), Mention(80, 85, "Paris", "GPE")]
    people = people_in_article(mentions, {"wang-yi": Person("wang-yi", "Wang Yi")})
    assert [(p.person, p.name, p.count) for p in people] == [(None, "Smith", 2), ("wang-yi", "Wang Yi", 2)]
    assert people[1].first == 1  # the earliest mention in the text, not the first in the list


def test_shown_mentions_drops_rejected_and_sorts_by_offset():
    mentions = [Mention(9, 12, "b", "ORG"), Mention(0, 3, "a", "ORG", status="rejected"), Mention(2, 5, "c", "GPE")]
    annotation = Annotation("a", "a", "", ArticleMeta(), (0, 20), mentions=mentions)
    assert [i for i, _ in shown_mentions(annotation)] == [2, 0]
    assert shown_mentions(None) == []


def test_snippet_shows_a_clause_each_side_within_the_sentence():
    text = ("Alpha beta gamma.\nDaniel Kritenbrink met Ma Zhaoxu in Beijing on Monday, officials said, "
            "adding that the talks were candid, constructive and long.")
    start = text.index("Ma Zhaoxu")
    # the sentence from its start (not the one before), to the end of the next clause
    assert snippet(text, start, start + 9) == ("Daniel Kritenbrink met ", "Ma Zhaoxu",
                                                " in Beijing on Monday, officials said…")
    assert snippet("Xi spoke.", 0, 2, 80) == ("", "Xi", " spoke.")
    # a long sentence: the clause before and after, cut at a clause mark
    long = ("The US and China, after months of tension over Taiwan, trade and the balloon, agreed on Monday "
            "that Secretary of State Antony Blinken would visit Beijing, officials in both capitals said, "
            "though no date was set.")
    start = long.index("Antony Blinken")
    before, match, after = snippet(long, start, start + 14)
    assert before == "…trade and the balloon, agreed on Monday that Secretary of State "
    assert after == " would visit Beijing, officials in both capitals said…"


def test_snippet_cut_short_keeps_the_match_whole_and_cuts_context_at_words():
    text = "Daniel Kritenbrink met Ma Zhaoxu in Beijing on Monday, officials said."
    start = text.index("Ma Zhaoxu")
    before, match, after = snippet(text, start, start + 9, limit=30)
    assert match == "Ma Zhaoxu"
    assert before.startswith("…") and before.endswith("met ") and len(before) < 15
    assert after.startswith(" in") and after.endswith("…")


def test_chrome_ranges_merge_and_paragraphs_hide_chrome():
    text = "Skip\n\nTitle\n\nBody one.\n\nRead more: x\n\nBody two.\n\n© 2023"
    body = (text.index("Title"), text.index("\n\n©"))
    rm = text.index("Read more")
    ranges = chrome_ranges(body, [Segment(rm, rm + 12, "related"), Segment(0, 4, "navigation")], len(text))
    assert ranges == [(0, body[0]), (rm, rm + 12), (body[1], len(text))]
    shown = [text[a:b] for a, b in paragraphs(text, ranges, hide_chrome=True)]
    assert shown == ["Title", "", "Body one.", "", "Body two."]
    full = paragraphs(text, ranges, hide_chrome=False)
    assert [text[a:b] for a, b in full] == text.split("\n")


def test_paragraphs_keep_the_story_part_of_a_line_that_is_partly_chrome():
    text = "Lead (Updates with quote)\nNext"
    cut = text.index(" (Updates")
    chrome = [(cut, cut + len(" (Updates with quote)"))]
    assert [text[a:b] for a, b in paragraphs(text, chrome, True)] == ["Lead", "Next"]


def test_meeting_dates_and_timeline_order():
    m = [Meeting("a", [], "held", date="2023-06-04/2023-06-05"), Meeting("b", [], "planned"),
         Meeting("c", [], "held", date="2022-11"), Meeting("d", [], "held", date="June")]
    assert meeting_start(m[0]) == date(2023, 6, 4)
    assert meeting_start(m[2]) == date(2022, 11, 1)
    assert meeting_start(m[3]) is None
    assert [x.id for _, x in timeline(m)] == ["c", "a", "b", "d"]


def test_axis_positions_span_the_width():
    days = [date(2023, 1, 1), date(2023, 1, 11), date(2023, 1, 6)]
    assert axis_positions(days, 11) == [0, 10, 5]
    assert axis_positions([date(2023, 1, 1)] * 2, 9) == [4, 4]
    assert axis_positions([], 10) == []


def test_person_label():
    person = Person("x", "X", roles=[Role("Vice Foreign Minister", "a")], affiliation="China")
    assert person_label(person) == "Vice Foreign Minister, China"
    assert person_label(Person("y", "Y")) == ""
