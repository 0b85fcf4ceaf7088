"""Re-anchoring mentions after the article text changed."""

from __future__ import annotations

from collections import Counter

from tui.core.anchor import occurrences, reanchor
from tui.core.models import Mention

OLD = ("Foreign Minister Wang Yi met Antony Blinken in Beijing. "
       "Later, Wang told reporters the US and China agreed to talk.\n\n"
       "Spokesman Wang Wenbin said China wants stable ties. "
       "Blinken flew home on Monday, and Wang saw him off.")


def mentions_in(text: str, *spans: tuple[str, int, str]) -> list[Mention]:
    """Mentions of (text, nth occurrence, label), with a person id that tells them apart."""
    found = []
    for needle, nth, label in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        found.append(Mention(start, start + len(needle), needle, label, person=f"{needle}#{nth}"))
    return found


MENTIONS = mentions_in(OLD, ("Wang Yi", 0, "PERSON"), ("Antony Blinken", 0, "PERSON"), ("Beijing", 0, "GPE"),
                       ("Wang", 1, "PERSON"), ("US", 0, "GPE"), ("China", 0, "GPE"),
                       ("Wang Wenbin", 0, "PERSON"), ("China", 1, "GPE"), ("Blinken", 1, "PERSON"),
                       ("Monday", 0, "DATE"), ("Wang", 3, "PERSON"))


def check(anchored: list[Mention], text: str) -> None:
    """Every anchored mention sits on its own text, in order."""
    assert all(text[m.start:m.end] == m.text for m in anchored)
    assert [(m.start, m.end) for m in anchored] == sorted((m.start, m.end) for m in anchored)


def by_person(anchored: list[Mention]) -> dict[str, int]:
    return {m.person: m.start for m in anchored}


def people_moved(old: str, new: str, *names: str) -> dict[str, int]:
    """Where the PERSON mentions of names (in order of their occurrence in old) are in new;
    none of them may become an orphan."""
    seen: Counter[str] = Counter()
    spans = []
    for name in names:
        spans.append((name, seen[name], "PERSON"))
        seen[name] += 1
    anchored, orphans = reanchor(mentions_in(old, *spans), new)
    assert orphans == []
    return by_person(anchored)


def two_wangs_between_anchors(old: str) -> list[Mention]:
    """Blinken, two Wangs and Sullivan: the Wangs can only be told apart by position."""
    return mentions_in(old, ("Blinken", 0, "PERSON"), ("Wang", 0, "PERSON"), ("Wang", 1, "PERSON"),
                       ("Sullivan", 0, "PERSON"))


def test_unchanged_text_changes_nothing() -> None:
    anchored, orphans = reanchor(MENTIONS, OLD)
    assert anchored == MENTIONS and orphans == []


def test_insertion_before_shifts_every_mention() -> None:
    new = "UPDATE: adds comments from the ministry.\n\n" + OLD
    anchored, orphans = reanchor(MENTIONS, new)
    shift = len(new) - len(OLD)
    assert orphans == []
    assert by_person(anchored) == {m.person: m.start + shift for m in MENTIONS}
    check(anchored, new)


def test_insertion_in_the_middle_shifts_only_what_follows() -> None:
    cut = OLD.index("Spokesman")
    new = OLD[:cut] + "China's side, Wang said, was firm. " + OLD[cut:]
    anchored, orphans = reanchor(MENTIONS, new)
    assert orphans == []
    shift = len(new) - len(OLD)
    assert by_person(anchored) == {m.person: m.start + (shift if m.start >= cut else 0) for m in MENTIONS}
    check(anchored, new)


def test_deleted_words_leave_the_rest_in_place() -> None:
    new = OLD.replace("Later, ", "")
    anchored, orphans = reanchor(MENTIONS, new)
    assert orphans == []
    cut = OLD.index("Later, ")
    assert by_person(anchored) == {m.person: m.start - (7 if m.start > cut else 0) for m in MENTIONS}


def test_duplicate_names_each_keep_their_own_occurrence() -> None:
    text = "Wang said yes. Then Wang said no. Finally Wang left."
    mentions = mentions_in(text, ("Wang", 0, "PERSON"), ("Wang", 1, "PERSON"), ("Wang", 2, "PERSON"))
    new = "Reporting by Li. " + text.replace("Then ", "Then, after a pause, ")
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert [m.person for m in anchored] == ["Wang#0", "Wang#1", "Wang#2"]
    assert [m.start for m in anchored] == [i for i in occurrences(new, "Wang")]


def test_removed_paragraph_orphans_its_mentions_and_not_a_lookalike() -> None:
    first, second = OLD.split("\n\n")
    new = second   # the first paragraph, with "Wang Yi", "Wang" and one "China", is gone
    anchored, orphans = reanchor(MENTIONS, new)
    check(anchored, new)
    assert {m.person for m in orphans} == {"Wang Yi#0", "Antony Blinken#0", "Beijing#0", "Wang#1", "US#0",
                                           "China#0"}
    # the second paragraph's Wang and China are theirs, not the first paragraph's
    shift = len(first) + 2
    assert by_person(anchored) == {m.person: m.start - shift for m in MENTIONS if m.start >= shift}


def test_text_that_no_longer_exists_is_an_orphan() -> None:
    new = OLD.replace("Antony Blinken", "the US secretary of state")
    anchored, orphans = reanchor(MENTIONS, new)
    assert [m.person for m in orphans] == ["Antony Blinken#0"]
    assert orphans[0] is MENTIONS[1]   # orphans keep their old offsets
    check(anchored, new)
    assert len(anchored) == len(MENTIONS) - 1


def test_a_name_inside_a_longer_word_is_not_an_occurrence() -> None:
    assert occurrences("Wangfujing, Wang, Wang's and Huang", "Wang") == [12, 18]
    assert occurrences("U.S.-China and U.S.", "U.S.") == [0, 15]
    mentions = [Mention(0, 4, "Wang", "PERSON")]
    anchored, orphans = reanchor(mentions, "At Wangfujing nobody spoke.")
    assert anchored == [] and orphans == mentions


def test_wrong_offsets_move_a_unique_name_but_never_guess_between_duplicates() -> None:
    # an analyst typed offsets a few characters off
    text = "Wang met Blinken. Wang left. Wang came back."
    typo = [Mention(8, 16, "Blinken", "PERSON"), Mention(20, 24, "Wang", "PERSON", person="second")]
    anchored, orphans = reanchor(typo, text)
    assert [(m.text, m.start) for m in anchored] == [("Blinken", 9)]
    assert orphans == typo[1:]   # the second Wang or the third? not a guess: kept as an orphan


def test_moved_paragraphs_keep_order_and_never_cross() -> None:
    first, second = OLD.split("\n\n")
    new = second + "\n\n" + first   # paragraphs swapped: one of them cannot keep its order
    anchored, orphans = reanchor(MENTIONS, new)
    check(anchored, new)
    assert len(anchored) + len(orphans) == len(MENTIONS)
    assert len(anchored) >= 5
    for m in anchored:   # whatever was kept is where its own text is
        assert new[m.start:m.end] == m.text


def test_an_unrelated_text_anchors_nothing_by_accident() -> None:
    new = "Wang Yi's deputy visited China, and China's exports fell in Tokyo trading."
    anchored, orphans = reanchor(MENTIONS, new)
    # "Wang" and "China" occur, but several mentions share those texts and nothing says
    # which is which: no anchor, no guess (only "Wang Yi", unique on both sides, stays)
    assert [m.person for m in anchored] == ["Wang Yi#0"]
    assert len(orphans) == len(MENTIONS) - 1


def test_a_block_that_moved_is_found_by_its_spacing() -> None:
    text = "Wang said yes. Then Wang said no. Finally Wang left."
    mentions = mentions_in(text, ("Wang", 1, "PERSON"), ("Wang", 2, "PERSON"))
    new = "Wang had spoken first. " + text
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert [m.start for m in anchored] == [m.start + 23 for m in mentions]


def test_mentions_sharing_a_span_all_follow_it() -> None:
    # The analyst rejected the model's ORG "Wang" and made it a PERSON: two mentions on one
    # span. Aligned as two places, one of them could not keep the order and was orphaned.
    text = "Bloomberg reports that spokesman Wang said so. Later Wang met Blinken."
    mentions = [Mention(0, 9, "Bloomberg", "GPE", status="rejected"),
                Mention(0, 9, "Bloomberg", "ORG", by="analyst", status="accepted"),
                *[Mention(m.start, m.end, m.text, label, by=by, status=status)
                  for m in mentions_in(text, ("Wang", 0, "ORG"), ("Wang", 1, "ORG"), ("Blinken", 0, "GPE"))
                  for label, by, status in (("ORG", "model", "rejected"), ("PERSON", "analyst", "accepted"))]]
    new = "Updated with the ministry's reply.\n" + text
    shift = len(new) - len(text)
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert sorted((m.start, m.label, m.status) for m in anchored) == \
        sorted((m.start + shift, m.label, m.status) for m in mentions)
    check(anchored, new)


def test_occurrences_never_cut_a_word_at_either_end() -> None:
    assert occurrences("Wang met Wang", "Wang") == [0, 9]                   # at both ends of the text
    assert occurrences("RUN-up to the UN vote", "UN") == [14]
    assert occurrences("talks with theU.S. side and the U.S. team", "U.S.") == [32]
    assert occurrences("the O'Neills and O'Neill", "O'Neill") == [17]
    assert occurrences("the Group of 77 and the Group of 7", "Group of 7") == [24]
    assert occurrences("@Wang_Yi and Wang", "Wang") == [13]                 # a handle is one word


def test_a_deleted_repeat_is_an_orphan_not_stacked_on_the_first() -> None:
    old = "Wang spoke first. Wang spoke again."
    mentions = mentions_in(old, ("Wang", 0, "PERSON"), ("Wang", 1, "PERSON"))
    anchored, orphans = reanchor(mentions, "Wang spoke first.")
    assert [(m.person, m.start) for m in anchored] == [("Wang#0", 0)]
    assert orphans == mentions[1:]


def test_a_surname_is_not_found_inside_the_full_name_before_it() -> None:
    old = "Antony Blinken met the press. Later Blinken said talks went well."
    mentions = mentions_in(old, ("Antony Blinken", 0, "PERSON"), ("Blinken", 1, "PERSON"))
    new = old.replace("the press.", "the press in Beijing.")
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert by_person(anchored) == {"Antony Blinken#0": 0, "Blinken#1": new.rindex("Blinken")}


def test_a_name_nested_in_an_organisation_moves_with_it() -> None:
    old = "Bank of China lent more. China's exports fell."
    mentions = mentions_in(old, ("Bank of China", 0, "ORG"), ("China", 0, "GPE"), ("China", 1, "GPE"))
    new = "UPDATE: " + old
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert by_person(anchored) == {m.person: m.start + 8 for m in mentions}


def test_repeated_names_between_edits_take_the_occurrences_the_edits_explain() -> None:
    # Words added before, between and after the two Wangs: neither shift matches a
    # neighbour's, so each takes the nearest occurrence that keeps the order.
    old = "Blinken arrived. Wang greeted him, and Wang smiled. Sullivan left."
    mentions = two_wangs_between_anchors(old)
    new = "Blinken arrived in Beijing. Wang greeted him warmly, and Wang smiled broadly. Sullivan left."
    anchored, orphans = reanchor(mentions, new)
    assert orphans == []
    assert by_person(anchored) == {"Blinken#0": 0, "Wang#0": 28, "Wang#1": 57, "Sullivan#0": 78}
    check(anchored, new)


def test_a_dropped_dateline_moves_names_to_the_very_start() -> None:
    old = "Reuters - Wang said, and Wang left the room. Sullivan stayed."
    new = "Wang said, and then Wang left. Sullivan stayed."
    assert people_moved(old, new, "Wang", "Wang", "Sullivan") == {"Wang#0": 0, "Wang#1": 20, "Sullivan#0": 31}


def test_the_nearest_occurrence_wins_over_a_new_one_added_before_it() -> None:
    old = "Blinken arrived. Wang greeted him. Sullivan left."
    new = "Blinken arrived; a statement from Wang's office came later. Wang greeted him warmly. Sullivan left."
    assert people_moved(old, new, "Blinken", "Wang", "Sullivan")["Wang#0"] == new.index("Wang greeted")


def test_a_shift_the_edits_cannot_explain_is_an_orphan() -> None:
    # Between the anchors the text only grew by 11 and then by 1, yet the one Wang left
    # is 11 further on: it may be either Wang, so both stay orphans rather than a guess.
    old = "Blinken arrived. Wang greeted him, and Wang smiled. Sullivan left."
    mentions = two_wangs_between_anchors(old)
    anchored, orphans = reanchor(mentions, "Blinken arrived in Beijing. Wang greeted him warmly. Sullivan left.")
    assert [m.person for m in anchored] == ["Blinken#0", "Sullivan#0"]
    assert [m.person for m in orphans] == ["Wang#0", "Wang#1"]


def test_mistyped_overlapping_offsets_of_one_name_keep_one_and_orphan_the_other() -> None:
    # The analyst added "Yi" one character off, overlapping the model's "Yi"
    mentions = [Mention(4, 6, "Yi", "PERSON", person="model"), Mention(3, 5, "Yi", "PERSON", person="typo")]
    anchored, orphans = reanchor(mentions, "RUN Yi then")
    assert [(m.person, m.start) for m in anchored] == [("model", 4)]
    assert [m.person for m in orphans] == ["typo"]
    mentions = [Mention(5, 12, "Wang Yi", "PERSON", person="model"), Mention(8, 15, "Wang Yi", "PERSON", person="typo")]
    anchored, orphans = reanchor(mentions, "then Wang Yi")
    assert [(m.person, m.start) for m in anchored] == [("model", 5)]
    assert [m.person for m in orphans] == ["typo"]


def test_a_name_after_an_anchor_follows_the_anchors_shift() -> None:
    # "Wang" occurs twice (once inside "Wang Yi", not a mention): the shift of Blinken
    # before it says which one the analyst's mention is.
    old = "Blinken met Wang Yi's deputy. Wang said no."
    mentions = mentions_in(old, ("Blinken", 0, "PERSON"), ("Wang", 1, "PERSON"))
    anchored, orphans = reanchor(mentions, "UPDATE: " + old)
    assert orphans == []
    assert by_person(anchored) == {"Blinken#0": 8, "Wang#1": 38}


def test_two_names_that_now_fit_one_place_are_not_both_put_there_crossed() -> None:
    old = "Wang Yi arrived. Wang said hello."
    mentions = mentions_in(old, ("Wang Yi", 0, "PERSON"), ("Wang", 1, "PERSON"))
    new = "UPDATE: Wang Yi said hello."
    anchored, orphans = reanchor(mentions, new)
    check(anchored, new)
    assert len(anchored) == 1 and len(orphans) == 1   # either, but never both in swapped order


def test_a_shift_two_readings_support_equally_is_not_guessed() -> None:
    # One "WANG: Yes." line of the transcript is gone: the first or the second? Both
    # readings move two mentions alike, so neither is taken.
    old = "WANG: Yes. WANG: Yes. WANG: No."
    mentions = mentions_in(old, ("WANG", 0, "PERSON"), ("WANG", 1, "PERSON"), ("WANG", 2, "PERSON"))
    anchored, orphans = reanchor(mentions, "[Transcript] WANG: Yes. WANG: No.")
    assert {"WANG#0", "WANG#1"} <= {m.person for m in orphans}
    assert anchored == [] or [m.person for m in anchored] == ["WANG#2"]


def test_a_sentence_cut_between_two_names_leaves_one_place_for_one_of_them() -> None:
    old = "Blinken arrived at noon. Wang greeted him, and Wang smiled warmly. Sullivan left."
    mentions = two_wangs_between_anchors(old)
    new = "Blinken arrived. Wang smiled. Sullivan left."
    anchored, orphans = reanchor(mentions, new)
    check(anchored, new)
    assert [(m.text, m.start) for m in anchored] == [("Blinken", 0), ("Wang", 17), ("Sullivan", 30)]
    assert [m.text for m in orphans] == ["Wang"]   # two mentions never share one place
