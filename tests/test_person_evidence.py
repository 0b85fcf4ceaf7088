"""A model-made person must be positively a person (issue #11): a title, a stated role or a
person noun vouches for it, or its name looks like a personal name (a given name first or
last). What fails is not a person: its mentions take the label the corpus gives the same
words elsewhere, or go. The analyst's own mentions and records are never touched."""

from __future__ import annotations

import random
import re

import pytest

from test_linking import make_article, make_mentions
from tui.core.linking import link_corpus, refine_mentions
from tui.core.mention_repair import _alternation, bare_names
from tui.core.names import looks_like_a_name
from tui.core.models import Mention, Person


def _link(texts: dict[str, tuple[str, list[tuple]]], people: dict[str, Person] | None = None,
          **fields) -> tuple[dict[str, Person], dict[str, list[Mention]]]:
    articles = {aid: make_article(text, aid) for aid, (text, _) in texts.items()}
    mentions = {aid: make_mentions(text, specs, **fields) for aid, (text, specs) in texts.items()}
    return link_corpus(articles, mentions, people or {}), mentions


@pytest.mark.parametrize("name, expected", [
    ("Gordon Brown", True), ("Xi Jinping", True), ("Nicola Sturgeon", True), ("Ursula von der Leyen", True),
    ("Iron Maiden", False), ("Lib Dems", False), ("Quarter Pounder", False), ("Doom", False),
    ("Gordon", False), ("Tony Blair 2", False), ("Gordon brown", False),
])
def test_what_looks_like_a_name(name: str, expected: bool) -> None:
    assert looks_like_a_name(name) is expected


def test_names_without_evidence_are_not_people_and_take_the_corpus_label() -> None:
    registry, mentions = _link({
        "a": ("Absa said talks with Barclays continue. Led Zeppelin topped the poll. Gordon Brown spoke.",
              [("Absa", "PERSON"), ("Barclays", "ORG"), ("Led Zeppelin", "PERSON"), ("Gordon Brown", "PERSON")]),
        "b": ("Shares in Absa rose.", [("Absa", "ORG")]),
    })
    assert [p.name for p in registry.values()] == ["Gordon Brown"]
    assert [(m.text, m.label, m.person) for m in mentions["a"]] == [
        ("Absa", "ORG", None), ("Barclays", "ORG", None), ("Gordon Brown", "PERSON", "gordon-brown")]


@pytest.mark.parametrize("text, name", [
    ("Mr Barot said the plan would go ahead.", "Barot"),                    # an honorific
    ("Senegalese singer Youssou N'Dour won the prize.", "Youssou N'Dour"),  # a person noun
    ("Labour MP Karen Whitefield said so.", "Karen Whitefield"),
    ("The country's de facto leader, Aung San Suu Kyi, said so.", "Aung San Suu Kyi"),   # noun, comma
    ("Her close ally Htin Kyaw is president.", "Htin Kyaw"),
    ("Tinariwen, the foreign minister, said so.", "Tinariwen"),  # a stated role
])
def test_a_title_a_person_noun_or_a_role_vouches_for_a_name(text: str, name: str) -> None:
    registry, _ = _link({"a": (text, [(name, "PERSON")])})
    assert [p.name for p in registry.values()] == [name]


def test_a_noun_behind_a_bracket_does_not_vouch() -> None:
    registry, mentions = _link({"a": ("the first mp3 player (Diamound Multimedia) was made.",
                                      [("Diamound Multimedia", "PERSON")])})
    assert registry == {} and mentions["a"] == []


def test_the_analysts_mentions_and_records_stay_as_they_are() -> None:
    analyst = {"doom": Person("doom", "Doom", by="analyst")}
    registry, mentions = _link({"a": ("Doom won the award.", [("Doom", "PERSON")])}, analyst,
                               person="doom", by="analyst", status="accepted")
    assert registry == analyst
    assert [(m.text, m.label, m.person) for m in mentions["a"]] == [("Doom", "PERSON", "doom")]


@pytest.mark.parametrize("text, span, label", [
    ("Julie Bishop met her Indonesian counterpart Retno Marsudi in Jakarta.", "Retno Marsudi", "PERSON"),
    ("She met her counterpart Rolls Royce Holdings 2 in London.", "Rolls Royce Holdings 2", "ORG"),  # no name shape
])
def test_a_lower_case_title_makes_a_name_shaped_run_a_person(text: str, span: str, label: str) -> None:
    article = make_article(text)
    refined = refine_mentions(article, make_mentions(text, [(span, "ORG")]))
    assert [(m.text, m.label) for m in refined] == [(span, label)]


@pytest.mark.parametrize("text, span, kept", [
    ("three firms - PayPerAction LLC and Leadplex Inc - that are suspected", "Leadplex Inc - that", "Leadplex Inc"),
    ("Bill Cosby's TV show returns in May.", "Bill Cosby's TV", "Bill Cosby"),
    ("MPs debated the Bill on Monday.", "Bill", None),
    ("She won an Oscar in 2004.", "Oscar", None),
    # a person noun glued before a full name; a family name first stays
    ("MSP Karen Whitefield said the plan was wrong.", "MSP Karen Whitefield", "Karen Whitefield"),
    ("Producer Judy Craymer said the show would tour.", "Producer Judy Craymer", "Judy Craymer"),
    ("Khoo Kay Peng chairs the firm.", "Khoo Kay Peng", "Khoo Kay Peng"),
    ("Singer Joss said so.", "Singer Joss", "Singer Joss"),   # no full name after it: may be a surname
])
def test_junk_glued_to_a_name_is_cut_and_a_determiner_makes_no_name(text: str, span: str, kept: str | None) -> None:
    refined = refine_mentions(make_article(text), make_mentions(text, [(span, "PERSON")]))
    assert [m.text for m in refined] == ([kept] if kept else [])


def test_a_name_after_the_stays_when_the_article_names_that_person() -> None:
    text = "Nawaz Sharif met Modi. They flew to the Sharif family home."
    refined = refine_mentions(make_article(text), make_mentions(text, [("Nawaz Sharif", "PERSON"), ("Modi", "PERSON"),
                                                                       ("Sharif", "PERSON", 1)]))
    assert [m.text for m in refined] == ["Nawaz Sharif", "Modi", "Sharif"]


def test_an_acronym_is_never_added_as_a_known_short_form() -> None:
    text = "The show was on TV again, and Cosby said so."
    added = bare_names(make_article(text), [], {"tv", "cosby"})
    assert [m.text for m in added] == ["Cosby"]


def test_the_words_of_one_call_never_stand_for_those_of_the_next() -> None:
    """bare_names prepares each set of words once (linking passes the corpus's set for every
    article): a set with another name, or one word fewer, is prepared afresh."""
    text = "Price said so, and Cosby agreed with Von der Leyen."
    calls = [{"price"}, {"cosby", "von der leyen"}, {"cosby"}, frozenset({"price", "cosby"})]
    assert [[m.text for m in bare_names(make_article(text), [], words)] for words in calls] == [
        ["Price"], ["Cosby", "Von der Leyen"], ["Cosby"], ["Price", "Cosby"]]


def test_the_names_of_several_words_are_found_where_a_plain_alternation_finds_them() -> None:
    """The lookahead on first letters changes no match of the alternation of particle
    names, with case folding's odd letters too (Kelvin sign, long s, dotless i)."""
    rng = random.Random(3)
    odd = {"k": ["k", "K", "\u212a"], "s": ["s", "S", "\u017f"], "i": ["i", "I", "\u0131", "\u0130"],
           "v": ["v", "V"], "a": ["a", "A", "é"], "n": ["n", "N"]}
    found = 0
    for _ in range(300):
        words = ["".join(rng.choice("ksvian -'") for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(1, 6))]
        plain = re.compile(r"\b(" + "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True)) + r")\b",
                           re.IGNORECASE)
        # the words themselves, in odd cases, between spaces, hyphens, letters and digits
        text = "".join(rng.choice([" ", "-", "x", "9", "_", "\n", ""])
                       + "".join(rng.choice(odd.get(c, [c])) for c in rng.choice(words)) for _ in range(8))
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in _alternation(set(words)).finditer(text)] == expected, (words, text)
        found += len(expected)
    assert found > 300


def test_a_one_word_name_the_corpus_mostly_labels_otherwise_is_not_a_person() -> None:
    texts = {
        "a": ("The court sided with owner Yukos on Monday.", [("Yukos", "PERSON")]),   # "owner" vouches
        "b": ("Shares in Yukos fell.", [("Yukos", "ORG")]),
        "c": ("Yukos said it would appeal.", [("Yukos", "ORG")]),
    }
    registry, mentions = _link(texts)
    assert registry == {}
    assert [(m.text, m.label) for m in mentions["a"]] == [("Yukos", "ORG")]
    # an honorific outweighs the corpus: "Mr Barot" is a person though "Barot" is an ORG elsewhere
    texts["a"] = ("Mr Barot said so.", [("Barot", "PERSON")])
    texts["b"] = ("Barot Holdings said so.", [("Barot", "ORG")])
    texts["c"] = ("Barot rose.", [("Barot", "ORG")])
    registry, _ = _link(texts)
    assert [p.name for p in registry.values()] == ["Barot"]


def test_a_capitalised_word_before_a_comma_is_a_list_not_an_office() -> None:
    registry, _ = _link({"a": ("The poll includes Queen, Muse and Oasis.", [("Muse", "PERSON")])})
    assert registry == {}
