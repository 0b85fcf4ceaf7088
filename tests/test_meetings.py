"""Meeting extraction (real model) and resolution/merging of reports into meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui.core.corpus import read_article
from tui.core.meetings import MeetingCandidate, extract_candidates
from tui.core.models import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


# --- helpers ---------------------------------------------------------------------------

def _article(text: str, aid: str = "t") -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text, sha256="", body=(0, len(text)))


def _docs(nlp, text: str) -> list[tuple[int, object]]:
    """One Doc per line, as the pipeline gives one per paragraph."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, nlp(line)))
        pos += len(line) + 1
    return out


def _extract(nlp, text: str) -> list[MeetingCandidate]:
    return extract_candidates(_article(text), _docs(nlp, text))


@dataclass
class Expect:
    names: set[str]                       # a name found in some side each
    status: str = "held"
    place: str | None = None
    date: str | None = None
    unnamed: list[str] = field(default_factory=list)
    call: bool = False


def _side_names(candidate: MeetingCandidate, names: set[str]) -> set[str]:
    """The expected names that some participant side of the candidate contains."""
    return {n for n in names if any(n in side for side in candidate.side_texts)}


def _matches(candidate: MeetingCandidate, expect: Expect) -> bool:
    return (_side_names(candidate, expect.names) == expect.names
            and candidate.status == expect.status)


# --- sentences written outside the seeds: every construction -----------------------------

OUTSIDE: list[tuple[str, Expect]] = [
    ("Indian Prime Minister Narendra Modi hosted Japanese Prime Minister Fumio Kishida in New Delhi on Monday.",
     Expect({"Narendra Modi", "Fumio Kishida"}, place="New Delhi", date="on Monday")),
    ("Kishida was received by King Charles at Buckingham Palace on Tuesday.",
     Expect({"Kishida", "King Charles"}, place="Buckingham Palace", date="on Tuesday")),
    ("Scholz did not meet Xi during the summit.",
     Expect({"Scholz", "Xi"}, "declined")),
    ("Turkish President Tayyip Erdogan is scheduled to meet Russian President Vladimir Putin in Sochi next week.",
     Expect({"Tayyip Erdogan", "Vladimir Putin"}, "planned", "Sochi", "next week")),
    ("French President Emmanuel Macron and Xi discussed Ukraine during a meeting in Guangzhou on Friday.",
     Expect({"Emmanuel Macron", "Xi"}, place="Guangzhou", date="on Friday")),
    ("South African President Cyril Ramaphosa had no plans to meet Putin at the BRICS summit in Johannesburg.",
     Expect({"Cyril Ramaphosa", "Putin"}, "declined", "Johannesburg")),
    ("Premier Li Qiang met with Singaporean Prime Minister Lee Hsien Loong today in Beijing.",
     Expect({"Li Qiang", "Lee Hsien Loong"}, place="Beijing", date="today")),
    ("Japanese Prime Minister Fumio Kishida held talks with South Korean President Yoon Suk Yeol in Seoul on Sunday.",
     Expect({"Fumio Kishida", "Yoon Suk Yeol"}, place="Seoul", date="on Sunday")),
    ("Brazilian President Luiz Inacio Lula da Silva sat down with Argentine President Alberto Fernandez at the "
     "presidential palace on Tuesday.",
     Expect({"Lula da Silva", "Alberto Fernandez"}, place="the presidential palace", date="on Tuesday")),
    ("French President Emmanuel Macron spoke by phone with Chinese President Xi Jinping on Thursday.",
     Expect({"Emmanuel Macron", "Xi Jinping"}, date="on Thursday", call=True)),
    ("Australian Foreign Minister Penny Wong visited Beijing and met Chinese Foreign Minister Wang Yi.",
     Expect({"Penny Wong", "Wang Yi"}, place="Beijing")),
    ("US President Joe Biden will meet Mexican President Andres Manuel Lopez Obrador in Mexico City next month.",
     Expect({"Joe Biden", "Lopez Obrador"}, "planned", "Mexico City", "next month")),
    ("Antony Blinken is expected to meet Saudi Crown Prince Mohammed bin Salman in Jeddah on Wednesday.",
     Expect({"Antony Blinken", "Mohammed bin Salman"}, "planned", "Jeddah", "on Wednesday")),
    ("Ukrainian President Volodymyr Zelenskiy and US President Joe Biden agreed to meet in Washington in December.",
     Expect({"Volodymyr Zelenskiy", "Joe Biden"}, "planned", "Washington", "in December")),
    ("Indian External Affairs Minister Subrahmanyam Jaishankar rejected a meeting with Pakistani Foreign Minister "
     "Bilawal Bhutto Zardari.",
     Expect({"Subrahmanyam Jaishankar", "Bilawal Bhutto"}, "declined")),
    ("Hungarian Prime Minister Viktor Orban refused to meet European Commission President Ursula von der Leyen in "
     "Brussels on Thursday.",
     Expect({"Viktor Orban", "Ursula von der Leyen"}, "declined", "Brussels", "on Thursday")),
    ("Russian President Vladimir Putin snubbed French President Emmanuel Macron at the summit in Astana.",
     Expect({"Vladimir Putin", "Emmanuel Macron"}, "declined", "Astana")),
    ("The deal was brokered by Qatari Emir Tamim bin Hamad Al Thani, who met Iranian President Ebrahim Raisi in "
     "Tehran last week.",
     Expect({"Tamim bin Hamad", "Ebrahim Raisi"}, place="Tehran", date="last week")),
    ("Kenyan President William Ruto, meeting his Ugandan counterpart in Kampala on Saturday, called for calm.",
     Expect({"William Ruto"}, place="Kampala", date="on Saturday", unnamed=["his Ugandan counterpart"])),
    ("Italian Prime Minister Giorgia Meloni arrived in Tunis on Sunday. She met Tunisian President Kais Saied at "
     "the Carthage Palace.",
     Expect({"Giorgia Meloni", "Kais Saied"}, place="Carthage Palace")),
    ("Pope Francis hopes to meet Russian Patriarch Kirill later this year.",
     Expect({"Pope Francis", "Kirill"}, "planned", date="later this year")),
    ("Officials are preparing for a possible meeting between Biden and Xi in San Francisco in November.",
     Expect({"Biden", "Xi"}, "planned", "San Francisco", "in November")),
    ("The summit between Biden and Xi took place in Woodside, California.",
     Expect({"Biden", "Xi"}, place="Woodside, California")),
    ("Blinken's talks with Wang Yi in Beijing lasted five hours.",
     Expect({"Blinken", "Wang Yi"}, place="Beijing")),
    ("U.S. National Security Adviser Jake Sullivan and Chinese Foreign Minister Wang Yi met in Vienna on Wednesday.",
     Expect({"Jake Sullivan", "Wang Yi"}, place="Vienna", date="on Wednesday")),
    ("Chinese Vice President Han Zheng met with U.S. businessman Elon Musk in Beijing on Tuesday.",
     Expect({"Han Zheng", "Elon Musk"}, place="Beijing", date="on Tuesday")),
    ("US Secretary of State Antony Blinken met Saudi Foreign Minister Prince Faisal bin Farhan and Egyptian Foreign "
     "Minister Sameh Shoukry in Riyadh.",
     Expect({"Antony Blinken", "Faisal bin Farhan", "Sameh Shoukry"}, place="Riyadh")),
    ("Erdogan will hold talks with Putin in Sochi on Monday.",
     Expect({"Erdogan", "Putin"}, "planned", "Sochi", "on Monday")),
    ("President Joe Biden cancelled a meeting with Australian Prime Minister Anthony Albanese in Sydney.",
     Expect({"Joe Biden", "Anthony Albanese"}, "declined", "Sydney")),
    ("Macron told reporters he would meet Chinese President Xi Jinping in Beijing next month.",
     Expect({"Macron", "Xi Jinping"}, "planned", "Beijing", "next month")),
]

NEGATIVE = [
    "The two sides discussed a meeting of their leaders.",
    "Chinese Foreign Ministry spokesman Wang Wenbin made the remarks at a regular press briefing in Beijing on Tuesday.",
    "The Group of 20 summit opened in New Delhi on Saturday.",
    "Negotiators resumed talks about trade on Monday.",
    "Lavrov said that meetings between leaders are always useful.",
    "The company said the new product met expectations.",
    "Biden met reporters at the White House on Friday.",
    "Xi is expected to attend the APEC summit in San Francisco.",
    "Blinken would visit China sometime soon.",
    "Yellen said the working groups will meet regularly.",
    "Analysts said a meeting between the two leaders is unlikely before the election.",
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expect"), OUTSIDE, ids=[t[:40] for t, _ in OUTSIDE])
def test_outside_sentence(nlp_model, text: str, expect: Expect) -> None:
    found = _extract(nlp_model, text)
    assert len(found) == 1, [c.side_texts for c in found]
    c = found[0]
    assert _side_names(c, expect.names) == expect.names, c.side_texts
    assert c.status == expect.status
    assert c.place == expect.place
    assert c.date_text == expect.date
    assert c.unnamed == expect.unnamed
    assert c.call == expect.call
    # each side is a span of the article, and the evidence sentence holds the trigger
    for (start, end), side in zip(c.sides, c.side_texts):
        assert text[start:end] == side
    assert c.sentence[0] <= c.trigger_span[0] < c.trigger_span[1] <= c.sentence[1]


@pytest.mark.model
@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative_sentence_gives_no_meeting(nlp_model, text: str) -> None:
    assert _extract(nlp_model, text) == []


@pytest.mark.model
def test_pronoun_side_points_at_the_antecedent_in_an_earlier_paragraph(nlp_model) -> None:
    text = ("Italian Prime Minister Giorgia Meloni arrived in Tunis on Sunday.\n"
            "Later that day she met Tunisian President Kais Saied.")
    [c] = _extract(nlp_model, text)
    assert "Giorgia Meloni" in c.side_texts
    assert text[c.sides[0][0]:c.sides[0][1]] == "Giorgia Meloni"


@pytest.mark.model
def test_surname_the_model_mislabels_is_named_once_the_article_named_the_person(nlp_model) -> None:
    sentence = "Biden will meet Mexican President Andres Manuel Lopez Obrador in Mexico City next month."
    [alone] = _extract(nlp_model, sentence)
    assert alone.unnamed == ["Biden"]  # the model does not tag this "Biden" as PERSON
    [c] = _extract(nlp_model, "US President Joe Biden flew to Mexico on Sunday.\n" + sentence)
    assert c.unnamed == []
    assert c.side_texts[0] == "Biden"


@pytest.mark.model
def test_anonymous_lede_is_kept_only_for_its_place(nlp_model) -> None:
    [c] = _extract(nlp_model, "Senior Indian and Japanese officials held talks in Tokyo on Friday.")
    assert c.unnamed == ["Senior Indian and Japanese officials"]
    assert c.place == "Tokyo"
    assert _extract(nlp_model, "Senior Indian and Japanese officials held talks on Friday.") == []


# --- the seeds: the real articles through the corpus reader -------------------------------

def _seed(nlp, stem: str) -> tuple[Article, list[MeetingCandidate]]:
    from tui.core.nlp import parse_articles

    [path] = SEEDS.glob(f"{stem}_*.txt")
    article, problems = read_article(path)
    assert article is not None, problems
    [(article, docs)] = list(parse_articles(nlp, [article]))
    return article, extract_candidates(article, docs)


SEED_EXPECT: dict[str, list[Expect]] = {
    "000": [
        Expect({"Kritenbrink", "Ma Zhaoxu"}, date="on Monday"),
        Expect({"Joe Biden", "Xi Jinping"}, "planned", call=True),
        Expect({"Wang Wentao", "Gina Raimondo", "Katherine Tai"}, date="Last month"),
        Expect({"Jake Sullivan", "Wang Yi"}, place="Europe", date="Last month"),
        Expect({"Li Shangfu"}, "declined", "Singapore", "at the weekend", unnamed=["his US counterpart"]),
        Expect({"Kritenbrink"}, date="On Monday", unnamed=["Chinese officials"]),
    ],
    "002": [
        Expect({"Xie Feng", "Daniel Kritenbrink", "Laura Rosenberger"}, date="on Sunday and Monday"),
        Expect({"Wang Yi"}, date="on Monday", unnamed=["his South Korean counterpart"]),
        Expect({"Xi Jinping", "Joe Biden"}, place="Bali", date="last month"),
        Expect({"Xi", "Biden"}),
    ],
    "003": [  # the headline ("Raise Hopes of Xi-Biden Meeting") is the title, not a paragraph
        Expect({"Kritenbrink", "Sun Weidong"}, date="on Thursday"),
        Expect({"Jake Sullivan", "Wang Yi"}, place="Malta", date="earlier this month"),
        Expect({"Xi", "Biden"}, "planned"),
    ],
    "004": [
        Expect({"Antony Blinken"}, place="Beijing", unnamed=["China’s top foreign policy official"]),
        Expect({"Blinken", "Wang Yi"}, date="on Monday morning"),
        Expect({"Blinken", "Qin Gang"}, date="on Sunday"),
        Expect({"Blinken", "Xi Jinping"}, "planned", date="later on Monday"),
        Expect({"Xi Jinping", "Bill Gates"}, place="Beijing", date="last week"),
        Expect({"Joe Biden", "Xi"}, place="Bali, Indonesia", date="late last year"),
        Expect({"Biden", "Xi"}, "planned", date="over the next several months"),
        Expect({"Li Shangfu", "Lloyd Austin"}, "declined", "Singapore", "this month"),
    ],
}


@pytest.mark.model
@pytest.mark.parametrize("stem", sorted(SEED_EXPECT))
def test_seed_meetings(nlp_model, stem: str) -> None:
    _, found = _seed(nlp_model, stem)
    named = [c for c in found if len(c.unnamed) < len(c.sides)]
    remaining = list(named)
    for expect in SEED_EXPECT[stem]:
        match = next((c for c in remaining if _matches(c, expect) and c.unnamed == expect.unnamed), None)
        assert match is not None, (expect, [(c.side_texts, c.status) for c in remaining])
        assert (match.place, match.date_text, match.call) == (expect.place, expect.date, expect.call)
        remaining.remove(match)
    assert remaining == [], [(c.side_texts, c.status) for c in remaining]


@pytest.mark.model
def test_seed_ledes_are_anonymous_reports_with_their_place(nlp_model) -> None:
    _, found = _seed(nlp_model, "000")
    ledes = [c for c in found if len(c.unnamed) == len(c.sides)]
    assert [(c.place, c.sentence[0] < 300) for c in ledes] == [("Beijing", True)]
    _, found = _seed(nlp_model, "003")
    assert [c.place for c in found if len(c.unnamed) == len(c.sides)] == ["Washington"]


@pytest.mark.model
def test_seed_001_names_the_talks_and_skips_the_unrelated_tail(nlp_model) -> None:
    article, found = _seed(nlp_model, "001")
    named = [c for c in found if len(c.unnamed) < len(c.sides)]
    assert [(_side_names(c, {"Kritenbrink", "Ma Zhaoxu"}), c.status) for c in named] == [
        ({"Kritenbrink", "Ma Zhaoxu"}, "held")]
    assert all(c.sentence[1] <= article.body[1] for c in found)
