"""Meeting extraction (real model) and resolution/merging of reports into meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tui.core.corpus import read_article
from tui.core.meetings import MeetingCandidate, extract_candidates
from tui.core.meeting_rules import about_sport
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
    joins: bool = False


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
    # government readouts and wire styles
    ("On the afternoon of April 6, President Xi Jinping met with French President Emmanuel Macron at the Great "
     "Hall of the People.",
     Expect({"Xi Jinping", "Emmanuel Macron"}, place="Great Hall of the People", date="April 6")),
    ("Prime Minister Anthony Albanese will travel to Beijing next month to meet President Xi Jinping.",
     Expect({"Anthony Albanese", "Xi Jinping"}, "planned", "Beijing", "next month")),
    ("Secretary Blinken met today with Ukrainian Foreign Minister Dmytro Kuleba in Kyiv.\n"
     "The Secretary also met with Egyptian President Abdel Fattah al-Sisi on the sidelines of the summit.",
     Expect({"Blinken", "Abdel Fattah al-Sisi"})),
    ("Saudi Crown Prince Mohammed bin Salman welcomed Syrian President Bashar al-Assad to Jeddah on Friday.",
     Expect({"Mohammed bin Salman", "Bashar al-Assad"}, place="Jeddah", date="on Friday")),
    ("Kim Jong Un received Russian Defence Minister Sergei Shoigu in Pyongyang.",
     Expect({"Kim Jong Un", "Sergei Shoigu"}, place="Pyongyang")),
    ("Erdogan hosted Swedish Prime Minister Ulf Kristersson and NATO Secretary General Jens Stoltenberg in Vilnius.",
     Expect({"Erdogan", "Ulf Kristersson", "Jens Stoltenberg"}, place="Vilnius")),
    ("Ukrainian President Volodymyr Zelenskiy said he was ready to meet Putin but only to discuss a withdrawal.",
     Expect({"Volodymyr Zelenskiy", "Putin"}, "planned")),
    ("Sunak and Macron have agreed to hold a summit in Paris in March.",
     Expect({"Sunak", "Macron"}, "planned", "Paris", "in March")),
    ("Yoon Suk Yeol is due to meet Kishida on the sidelines of the G7 summit in Hiroshima.",
     Expect({"Yoon Suk Yeol", "Kishida"}, "planned", "Hiroshima")),
    ("Modi will hold bilateral talks with Anthony Albanese on Wednesday.",
     Expect({"Modi", "Anthony Albanese"}, "planned", date="on Wednesday")),
    ("The talks between Lula and Xi lasted more than two hours.",
     Expect({"Lula", "Xi"})),
    ("After meeting Xi, Blinken told reporters the talks had been candid.",
     Expect({"Xi", "Blinken"})),
    # a held-out batch: written after the rules above, measured before fixing (see report)
    ("Polish President Andrzej Duda met his Lithuanian counterpart Gitanas Nauseda in Warsaw on Tuesday.",
     Expect({"Andrzej Duda", "Gitanas Nauseda"}, place="Warsaw", date="on Tuesday")),
    ("Egyptian President Abdel Fattah el-Sisi held a phone call with Israeli Prime Minister Benjamin Netanyahu "
     "on Sunday.",
     Expect({"el-Sisi", "Benjamin Netanyahu"}, date="on Sunday", call=True)),
    ("Brazil's Lula will visit Washington next week and meet President Joe Biden at the White House.",
     Expect({"Lula", "Joe Biden"}, "planned", "White House", "next week")),
    ("Nigerian President Bola Tinubu met behind closed doors with opposition leader Atiku Abubakar in Abuja.",
     Expect({"Bola Tinubu", "Atiku Abubakar"}, place="Abuja")),
    ("Philippine President Ferdinand Marcos Jr. and Chinese President Xi Jinping agreed to hold talks on the "
     "South China Sea.",
     Expect({"Ferdinand Marcos", "Xi Jinping"}, "planned")),
    ("Indonesian President Joko Widodo was welcomed by Australian Prime Minister Anthony Albanese in Sydney on "
     "Tuesday.",
     Expect({"Joko Widodo", "Anthony Albanese"}, place="Sydney", date="on Tuesday")),
    ("Macron is scheduled to hold talks with Indian Prime Minister Narendra Modi in Paris on July 14.",
     Expect({"Macron", "Narendra Modi"}, "planned", "Paris", "on July 14")),
    ("Argentine President Javier Milei met Pope Francis at the Vatican on Monday, a year after calling him an "
     "imbecile.",
     Expect({"Javier Milei", "Pope Francis"}, place="Vatican", date="on Monday")),
    ("A meeting between Turkish President Recep Tayyip Erdogan and Greek Prime Minister Kyriakos Mitsotakis is "
     "planned for December.",
     Expect({"Recep Tayyip Erdogan", "Kyriakos Mitsotakis"}, "planned", date="for December")),
    ("Netanyahu and Biden did not discuss the hostage deal when they met in Tel Aviv, officials said.",
     Expect({"Netanyahu", "Biden"}, place="Tel Aviv")),
    # a second held-out batch (P 0.83, R 0.83 before its fixes)
    ("In a rare meeting, North Korean leader Kim Jong Un and Russian President Vladimir Putin discussed military "
     "cooperation.",
     Expect({"Kim Jong Un", "Vladimir Putin"})),
    ("Mexican President Claudia Sheinbaum said she would meet U.S. President Donald Trump at the G7 summit in Canada.",
     Expect({"Claudia Sheinbaum", "Donald Trump"}, "planned", "Canada")),
    ("Xi received visiting Spanish Prime Minister Pedro Sanchez at the Diaoyutai State Guesthouse on Friday.",
     Expect({"Xi", "Pedro Sanchez"}, place="Diaoyutai State Guesthouse", date="on Friday")),
    ("Talks between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev ended without "
     "a deal.",
     Expect({"Nikol Pashinyan", "Ilham Aliyev"})),
    ("King Abdullah II of Jordan met with U.S. Secretary of State Antony Blinken in Amman on Saturday.",
     Expect({"King Abdullah II", "Antony Blinken"}, place="Amman", date="on Saturday")),
    ("British Foreign Secretary David Cameron met Chinese Foreign Minister Wang Yi on the sidelines of the Munich "
     "Security Conference.",
     Expect({"David Cameron", "Wang Yi"})),
    ("Thai Prime Minister Srettha Thavisin is set to meet Cambodian Prime Minister Hun Manet in Bangkok next week.",
     Expect({"Srettha Thavisin", "Hun Manet"}, "planned", "Bangkok", "next week")),
    ("The meeting between Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan was cancelled.",
     Expect({"William Ruto", "Samia Suluhu Hassan"}, "declined")),
    ("Peruvian President Dina Boluarte held a meeting with Chilean President Gabriel Boric in Lima.",
     Expect({"Dina Boluarte", "Gabriel Boric"}, place="Lima")),
    ("Fijian Prime Minister Sitiveni Rabuka told reporters he had met New Zealand's Christopher Luxon in Suva last "
     "month.",
     Expect({"Sitiveni Rabuka", "Christopher Luxon"}, place="Suva", date="last month")),
    ("Hungarian Prime Minister Viktor Orban paid a surprise visit to Moscow, where he met Putin on Friday.",
     Expect({"Viktor Orban", "Putin"}, place="Moscow", date="on Friday")),
    # talks measured in hours stand where the talks do; their hosts take part
    ("Ethiopian Prime Minister Abiy Ahmed and Eritrean President Isaias Afwerki agreed on Sunday to reopen "
     "the border, after more than six hours of talks in Nairobi hosted by Kenyan President William Ruto.",
     Expect({"Abiy Ahmed", "Isaias Afwerki", "William Ruto"}, place="Nairobi", date="on Sunday")),
    # calls from someone are calls with them
    ("Turkish President Recep Tayyip Erdogan has declined to take telephone calls from French President "
     "Emmanuel Macron.",
     Expect({"Recep Tayyip Erdogan", "Emmanuel Macron"}, "declined", call=True)),
    # a day the model tags TIME, not DATE
    ("Catherine Ashton met Iranian Foreign Minister Mohammad Javad Zarif in Geneva on Saturday night.",
     Expect({"Catherine Ashton", "Mohammad Javad Zarif"}, place="Geneva", date="on Saturday night")),
    ("Indian Prime Minister Narendra Modi flew home from Kabul, where he met Afghan President Ashraf Ghani "
     "earlier in the day.",
     Expect({"Narendra Modi", "Ashraf Ghani"}, place="Kabul", date="earlier in the day")),
    # a plan undone by the clause coordinated with it is declined; another clause is not
    ("Italian Prime Minister Giorgia Meloni had been due to meet Indian Prime Minister Narendra Modi in Rome "
     "on Thursday, but she called off the talks after a storm.",
     Expect({"Giorgia Meloni", "Narendra Modi"}, "declined", "Rome", "on Thursday")),
    ("Kenyan President William Ruto had been scheduled to hold talks with Ugandan President Yoweri Museveni "
     "on Friday, but the meeting was cancelled.",
     Expect({"William Ruto", "Yoweri Museveni"}, "declined", date="on Friday")),
    ("Chilean President Gabriel Boric had planned to meet Peruvian President Dina Boluarte on Monday and "
     "cancelled a trip to Bolivia.",
     Expect({"Gabriel Boric", "Dina Boluarte"}, "planned", date="on Monday")),
    # a meeting of one's life is not one with a date; one in a hotel of theirs still is
    ("Obama met Castro in their hotel in Panama City.",
     Expect({"Obama", "Castro"}, place="Panama City")),
    # the present tense of a time clause under "would" is a time to come
    ("Australian Prime Minister Anthony Albanese said he would raise the detentions when he meets Chinese "
     "Premier Li Qiang.",
     Expect({"Anthony Albanese", "Li Qiang"}, "planned")),
    # "with ministers including X and Y": the people named take part
    ("Indian Prime Minister Narendra Modi met Bangladeshi Prime Minister Sheikh Hasina in Dhaka, with "
     "ministers including Foreign Minister S. Jaishankar and Finance Minister Nirmala Sitharaman.",
     Expect({"Narendra Modi", "Sheikh Hasina", "S. Jaishankar", "Nirmala Sitharaman"}, place="Dhaka")),
    # a call "to" a named person is talks with them
    ("Australian Prime Minister Anthony Albanese spoke to New Zealand Prime Minister Chris Hipkins by "
     "telephone on Monday.",
     Expect({"Anthony Albanese", "Chris Hipkins"}, date="on Monday", call=True)),
]

NEGATIVE = [
    # a side must be positively a person: welcoming, receiving or hosting a thing is no meeting
    "The Finance Minister welcomed the report on Tuesday.",
    "Ms Jones welcomed his release from prison.",
    "Mr Howard welcomed the decision to lift the ban.",
    "The bill received a first reading in the Commons on Monday.",
    "Both channels will host the timeslot next week.",
    # a person's thing is not the person; the meeting itself is not its own participant
    "Chancellor Angela Merkel welcomed Obama's remarks on trade.",
    "The charity Oxfam will host Mr Clarke's speech on Friday.",
    "Monday's meeting on trade reform is being hosted by German Chancellor Angela Merkel.",
    # a show, a film and "anyone" are no counterparts; "is not in talks" is the news
    "Letterman, who hosted the Late Show for 22 years, retired in 2015.",
    "Stiller is in London to promote his film, Meet the Parents, which also stars Robert De Niro.",
    'Mourinho said: "I am not in talks with anyone else."',
    "She wept after receiving her Oscar from actor Jeremy Irons.",   # "her Oscar" is a thing she has
    # draws in sport, a club, how two people got to know each other, welcoming a crowd
    "Nadal will meet Richard Gasquet in the second round after beating Tommy Haas.",
    "The Spaniard will meet fourth seed Andy Murray next.",
    "She won 6-3 6-4 to set up a third round meeting with defending champion Serena Williams.",
    "Ramos will miss the meeting with Dundee United on Saturday.",
    "Lennon and McCartney met as teenagers at a church fete.",
    "Mr Ebbers denied he had frequently met Mr Sullivan to discuss the accounts.",   # a denial reports no meeting
    "Arsenal defender Ashley Cole wants a new deal.\nCole is in negotiations with the Gunners over it.",  # a team
    "Merkel and Sarkozy first met in their student days in Leipzig.",
    "Blair and Brown met in their early twenties in Edinburgh.",
    "Howard and Clarke met at university in the 1960s.",
    "The mayor, who is due to welcome delegates to the summit on Monday, will speak later.",
    "Mr Howard welcomed the words of Mr Kennedy on the issue.",
    # a call to do something is a demand; "her" is the subject again, not a counterpart
    "Mr Howard rejected the Greens' call to publish the figures.",
    "Ms Jowell was urged to raise the issue at her first meeting with whoever wins.",
    "The two sides discussed a meeting of their leaders.",
    "Chinese Foreign Ministry spokesman Wang Wenbin made the remarks at a regular press briefing in Beijing on Tuesday.",
    "The Group of 20 summit opened in New Delhi on Saturday.",
    "Negotiators resumed talks about trade on Monday.",
    "Lavrov said that meetings between leaders are always useful.",
    "The company said the new product met expectations.",
    "Biden met reporters at the White House on Friday.",
    "Albanese spoke to reporters by phone on Monday.",   # a call to no one named
    "Xi is expected to attend the APEC summit in San Francisco.",
    "Blinken would visit China sometime soon.",
    "Yellen said the working groups will meet regularly.",
    "Analysts said a meeting between the two leaders is unlikely before the election.",
    "French President Emmanuel Macron has not met Vladimir Putin since February.",
    "The two sides held talks.",
    "Kishida has yet to meet Chinese leader Xi Jinping this year.",
    "The summit was attended by dozens of leaders.",
    "The two presidents met for nearly four hours at the Filoli estate in Woodside, California, on Wednesday.",
    "Modi and Sharif have not held bilateral talks since 2015.",
    "Putin is unlikely to meet Zelenskiy any time soon, the Kremlin said.",
    # an award, a show and an award's nomination are things; a name under "show" too
    "Conti received an Oscar in 1983 for the original score of The Right Stuff.",
    "Leigh had previously received three Oscar nominations for Secrets and Lies.",
    "Former TV presenter Andrea Arnold, who hosted children's shows Motormouth and Number 73 in the 1980s, won best short film.",
    "Bill Cosby was a stand-up before hosting the children's show Fat Albert and the Cosby Kids.",
    "Adam Curry worked at MTV hosting the Top 20 Video Countdown.",
    # one named person and no one an analyst could follow up
    "Cat Deeley said she had met some really incredible people.",
    "Oliver Irish will greet visitors at the show.",
    "Juninho's agent said the player is hoping for talks with Martin O'Neill.",
    "Rick Parry met everything else head on.",
    # in an article about sport, "will meet" is the next game
    "Lleyton Hewitt beat Tommy Haas 6-3 6-4 to reach the second round of the tournament, his fourth "
    "title match of the season.\nLocal favourite Hewitt will meet France's Arnaud Clement, while "
    "champion Roger Federer faces Fabrice Santoro.",
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expect"), OUTSIDE, ids=[t[:40] for t, _ in OUTSIDE])
def test_outside_sentence(nlp_model, text: str, expect: Expect) -> None:
    found = _extract(nlp_model, text)
    c = found[-1]  # the sentence under test is the last one
    assert len(found) == text.count("\n") + 1, [c.side_texts for c in found]
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
    assert any(text[c.sentence[0]:c.sentence[1]] in line for line in text.split("\n"))


@pytest.mark.model
@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative_sentence_gives_no_meeting(nlp_model, text: str) -> None:
    assert _extract(nlp_model, text) == []


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Chelsea beat Arsenal 2-1 in the league, their fourth win of the season, and the striker scored "
    "twice in the match.\nChelsea boss Jose Mourinho held a clandestine meeting with Arsenal defender "
    "Ashley Cole.",
    "Chelsea beat Arsenal 2-1 in the league, their fourth win of the season, and the striker scored "
    "twice in the match.\nArsene Wenger met Thierry Henry on Monday to discuss a new contract.",
    "Roger Federer won the title.\nFederer met Tony Blair on Monday.",  # two words are no sport article
])
def test_talks_in_an_article_about_sport_stay_talks(nlp_model, text: str) -> None:
    [c] = _extract(nlp_model, text)
    assert c.unnamed == [] and len(c.sides) == 2


def test_an_article_about_sport_is_told_by_its_words() -> None:
    assert about_sport("Hewitt beat Haas 6-3 6-4 in the second round of the tournament, "
                       "his fourth title match of the season.")
    assert not about_sport("Roger Federer won the title.")
    assert not about_sport("The prime minister met the chancellor to discuss the budget. " * 5
                           + "Labour won the vote.")


@pytest.mark.model
def test_pronoun_side_points_at_the_antecedent_in_an_earlier_paragraph(nlp_model) -> None:
    text = ("Italian Prime Minister Giorgia Meloni arrived in Tunis on Sunday.\n"
            "Later that day she met Tunisian President Kais Saied.")
    [c] = _extract(nlp_model, text)
    assert "Giorgia Meloni" in c.side_texts
    assert text[c.sides[0][0]:c.sides[0][1]] == "Giorgia Meloni"


@pytest.mark.model
def test_he_who_met_someone_is_not_the_one_he_met(nlp_model) -> None:
    text = ("Tory leader Michael Howard told BBC News that the government was making a mistake. "
            "He said after meeting Tony Blair he had been left with the impression that nothing would change.")
    [c] = _extract(nlp_model, text)
    assert sorted(text[a:b] for a, b in c.sides) == ["Michael Howard", "Tony Blair"]


@pytest.mark.model
def test_he_is_the_person_whose_trip_the_last_sentence_was_about(nlp_model) -> None:
    text = ("Shadow foreign secretary Michael Ancram said the move would be wrong.\n"
            'Mr Ancram argued: "The government is giving in to pressure." Mr Straw\'s China trip is '
            "part of regular meetings with Beijing ministers. He will meet Chinese counterpart "
            "Minister Li Zhaoxing to discuss relations.")
    [c] = _extract(nlp_model, text)
    assert text[c.sides[0][0]:c.sides[0][1]] == "Straw"


@pytest.mark.model
def test_surname_the_model_mislabels_is_named_once_the_article_named_the_person(nlp_model) -> None:
    sentence = "Biden will meet Mexican President Andres Manuel Lopez Obrador in Mexico City next month."
    [alone] = _extract(nlp_model, sentence)
    assert alone.unnamed == ["Biden"]  # the model does not tag this "Biden" as PERSON
    [c] = _extract(nlp_model, "US President Joe Biden flew to Mexico on Sunday.\n" + sentence)
    assert c.unnamed == []
    assert c.side_texts[0] == "Biden"


@pytest.mark.model
def test_talks_with_a_name_the_article_tags_as_an_organisation_are_no_meeting(nlp_model) -> None:
    story = ("Disgraced former Chelsea striker Adrian Mutu is to begin talks with Juventus as he looks for a new club.\n"
             "Juventus have confirmed that they are interested in the Romanian.\n"
             "A Juventus official said the talks would start next week.")
    assert _extract(nlp_model, story) == []   # the sides are not people (docs/gold-guidelines.md)
    # a bare surname, tagged as an organisation once, is still the person talked with
    [lone] = _extract(nlp_model, story.split("\n")[0].replace("Juventus", "Tsipras"))
    assert lone.unnamed == ["Tsipras"]


@pytest.mark.model
@pytest.mark.parametrize(("text", "names"), [
    ("Also present at the talks were Foreign Minister Annalena Baerbock and her French counterpart "
     "Catherine Colonna.", {"Annalena Baerbock", "Catherine Colonna"}),
    ("German Finance Minister Christian Lindner also attended the meeting.", {"Christian Lindner"}),
    ("Japanese Foreign Minister Yoshimasa Hayashi joined the talks on Tuesday.", {"Yoshimasa Hayashi"}),
])
def test_people_present_at_the_meeting_join_it(nlp_model, text: str, names: set[str]) -> None:
    [c] = _extract(nlp_model, text)
    assert c.joins
    assert _side_names(c, names) == names


@pytest.mark.model
def test_the_secretary_is_the_person_whose_title_came_before_the_name(nlp_model) -> None:
    text = ("Secretary of State Hillary Clinton met President Thein Sein in Naypyidaw on Thursday. "
            "The Secretary also met Lower House Speaker Thura Shwe Mann.")
    _, second = _extract(nlp_model, text)
    assert second.side_texts == ["Hillary Clinton", "Lower House Speaker Thura Shwe Mann"]


@pytest.mark.model
@pytest.mark.parametrize(("text", "names", "place"), [
    ("Swedish Prime Minister Ulf Kristersson had been expected to meet Turkish President Tayyip Erdogan in "
     "Ankara, but he postponed the trip and flew to Warsaw instead, where he met Polish Prime Minister "
     "Donald Tusk.", {"Ulf Kristersson", "Donald Tusk"}, "Warsaw"),
    ("Spanish Prime Minister Pedro Sanchez skipped a dinner with French President Emmanuel Macron and flew "
     "to Rabat, where he met King Mohammed VI on Friday.", {"Pedro Sanchez", "Mohammed VI"}, None),
])
def test_subject_he_is_the_named_subject_of_the_clause_above_not_the_last_name(nlp_model, text, names, place) -> None:
    c = _extract(nlp_model, text)[-1]
    assert _side_names(c, names) == names and len(c.sides) == 2, c.side_texts
    assert place is None or c.place == place   # the small model tags "Rabat" PERSON


@pytest.mark.model
@pytest.mark.parametrize(("text", "sides", "call"), [
    # a reporting organisation is no speaker for "he" to stand for
    ("British Foreign Secretary David Lammy did not travel to the summit.\nHe spoke to Indian External "
     "Affairs Minister Subrahmanyam Jaishankar by telephone on Sunday, the Foreign Office said.",
     ["David Lammy", "Indian External Affairs Minister Subrahmanyam Jaishankar"], True),
    # given names an Ethiopian or Eritrean story calls people by, which the model tags GPE,
    # LAW or nothing; "both men" are the two just named
    ("Ethiopian Prime Minister Abiy Ahmed said on Monday that Eritrean Foreign Minister Osman Saleh and "
     "presidential adviser Yemane Gebreab would be welcome.\n"
     "Osman travelled to Addis Ababa with Yemane last month, when both men met Abiy at his office.",
     ["Osman", "Yemane", "Abiy"], False),
    # the model's span holds the title ("Sultan Haitham bin Tarik Al Said"), the article then
    # says "Sultan Haitham"; the parser hangs "with" on "telephone"
    ("Oman's Sultan Haitham bin Tarik Al Said did not attend the summit.\n"
     "Sultan Haitham spoke by telephone with Iranian President Masoud Pezeshkian on Sunday about the "
     "Gulf crisis, Oman's state news agency said.",
     ["Sultan Haitham", "Iranian President Masoud Pezeshkian"], True),
])
def test_the_person_behind_a_pronoun_or_given_name_is_a_named_side(nlp_model, text, sides, call) -> None:
    [c] = _extract(nlp_model, text)
    assert c.side_texts == sides and c.unnamed == [] and c.call == call


@pytest.mark.model
def test_a_meeting_between_the_two_is_the_pair_just_reported(nlp_model) -> None:
    text = ("Kenyan President William Ruto will meet Ugandan President Yoweri Museveni in Kampala next week.\n"
            "A meeting between the two in March was called off.")
    c = _extract(nlp_model, text)[-1]
    assert c.side_texts == ["Kenyan President William Ruto", "Ugandan President Yoweri Museveni"]
    assert c.status == "declined" and c.date_text == "in March"


@pytest.mark.model
def test_both_leaders_are_the_pair_just_reported(nlp_model) -> None:
    text = ("Kenyan President William Ruto and Ugandan President Yoweri Museveni held talks in Nairobi on Monday.\n"
            "United Nations Secretary-General Antonio Guterres is due to meet both leaders on Tuesday.")
    c = _extract(nlp_model, text)[-1]
    assert _side_names(c, {"Antonio Guterres", "William Ruto", "Yoweri Museveni"}) == {
        "Antonio Guterres", "William Ruto", "Yoweri Museveni"} and c.unnamed == [] and c.status == "planned"


@pytest.mark.model
def test_the_two_men_are_the_pair_just_reported(nlp_model) -> None:
    text = ("Indian Prime Minister Narendra Modi met Australian Prime Minister Anthony Albanese in Sydney on "
            "Wednesday.\nThe two leaders had a warm conversation about cricket and trade.")
    first, second = _extract(nlp_model, text)
    assert second.side_texts == first.side_texts
    assert second.status == "held"


@pytest.mark.model
def test_planned_encounter_that_was_snubbed_is_declined(nlp_model) -> None:
    text = ("President Emmanuel Macron has not met Vladimir Putin since February.\n"
            "The two men were expected to rub shoulders at the summit in Bali, but Putin snubbed that meeting.")
    [c] = _extract(nlp_model, text)
    assert _side_names(c, {"Macron", "Putin"}) == {"Macron", "Putin"}
    assert (c.status, c.place) == ("declined", "Bali")


@pytest.mark.model
def test_taking_part_in_the_dinner_joins_the_meeting_just_reported(nlp_model) -> None:
    text = ("Greek Prime Minister Alexis Tsipras met European Commission President Jean-Claude Juncker in "
            "Brussels on Wednesday. Eurogroup chief Jeroen Dijsselbloem also took part in the dinner.")
    first, second = _extract(nlp_model, text)
    assert (second.joins, second.side_texts) == (True, ["Eurogroup chief Jeroen Dijsselbloem"])
    assert _extract(nlp_model, "The dinner was held at the embassy.") == []


@pytest.mark.model
def test_attending_a_summit_joins_nothing(nlp_model) -> None:
    assert _extract(nlp_model, "Xi will attend the summit in San Francisco.") == []


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
        Expect({"Sarah Beran", "Nicholas Burns", "Yang Tao"}, joins=True),  # "also present at the meeting"
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
        Expect({"Kritenbrink", "Sun Weidong"}),  # "The two men had a … conversation"
        Expect({"Jake Sullivan", "Wang Yi"}, place="Malta", date="earlier this month"),
        Expect({"Xi", "Biden"}, "planned"),
        # "The two men were expected to rub shoulders at the G-20 summit in India …, but Xi
        # abruptly snubbed that meeting"
        Expect({"Biden", "Xi"}, "declined", "India", "earlier this month"),
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
        assert (match.place, match.date_text, match.call, match.joins) == (
            expect.place, expect.date, expect.call, expect.joins)
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
    # "… Ma Zhaoxu had candid … communication", then "the two officials held … discussions"
    assert [(_side_names(c, {"Kritenbrink", "Ma Zhaoxu"}), c.status) for c in named] == [
        ({"Kritenbrink", "Ma Zhaoxu"}, "held")] * 2
    assert all(c.sentence[1] <= article.body[1] for c in found)


# --- resolution and merging: hand-made candidates over real text, no model needed ---------

from tui.core.meetings import CALL_NOTE, matching_meeting, resolve_meetings  # noqa: E402
from tui.core.models import ArticleMeta, Meeting, Mention, Person, Report, Role  # noqa: E402


class Corpus:
    """Articles written sentence by sentence, with PERSON mentions linked by hand."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.mentions: dict[str, list[Mention]] = {}
        self.candidates: dict[str, list[MeetingCandidate]] = {}

    def article(self, aid: str, published: str | None, text: str, people: dict[str, str]) -> Article:
        article = _article(text, aid)
        article.meta = ArticleMeta(published=published)
        self.articles[aid] = article
        found = []
        for name, person in people.items():
            start = -1
            while (start := text.find(name, start + 1)) >= 0:
                found.append(Mention(start, start + len(name), name, "PERSON", person=person))
        self.mentions[aid] = sorted(found, key=lambda m: m.start)
        self.candidates[aid] = []
        return article

    def report(self, aid: str, sentence: str, sides: list[str], status: str = "held", *,
               place: str | None = None, date_text: str | None = None, call: bool = False,
               joins: bool = False) -> MeetingCandidate:
        text = self.articles[aid].text
        s = text.index(sentence)
        spans = [(s + sentence.index(side), s + sentence.index(side) + len(side)) for side in sides]
        candidate = MeetingCandidate(
            article=aid, sides=spans, status=status, sentence=(s, s + len(sentence)), trigger="met",
            unnamed=[], place=place, date_text=date_text, trigger_span=(s, s + 3), side_texts=sides,
            call=call, joins=joins)
        self.candidates[aid].append(candidate)
        return candidate

    def resolve(self, existing: dict[str, Meeting] | None = None,
                refreshed: set[str] | None = None, people: dict[str, Person] | None = None) -> dict[str, Meeting]:
        return resolve_meetings(self.candidates, self.mentions, self.articles, existing or {},
                                set(self.articles) if refreshed is None else refreshed, people)


def _two_reports_of_the_weekend_refusal() -> Corpus:
    c = Corpus()
    c.article("a", "2023-06-06",
              "China's Defense Minister Li Shangfu refused to meet his US counterpart at a conference in "
              "Singapore at the weekend.", {"Li Shangfu": "li-shangfu"})
    c.report("a", c.articles["a"].text, ["China's Defense Minister Li Shangfu", "his US counterpart"],
             "declined", place="Singapore", date_text="at the weekend")
    c.article("b", "2023-06-19",
              "Li Shangfu also rejected a meeting with his US counterpart Lloyd Austin during a defence "
              "forum in Singapore this month. Li was sanctioned.",
              {"Li Shangfu": "li-shangfu", "Lloyd Austin": "lloyd-austin", "Li": "li-shangfu"})
    c.report("b", "Li Shangfu also rejected a meeting with his US counterpart Lloyd Austin during a defence "
             "forum in Singapore this month.", ["Li Shangfu", "his US counterpart Lloyd Austin"],
             "declined", place="Singapore", date_text="this month")
    return c


def test_partial_report_merges_into_the_named_one_across_articles() -> None:
    [meeting] = _two_reports_of_the_weekend_refusal().resolve().values()
    assert meeting.participants == ["li-shangfu", "lloyd-austin"]
    assert meeting.unnamed == []
    assert meeting.status == "declined"
    assert meeting.place == "Singapore"
    assert (meeting.date, meeting.date_text) == ("2023-06-03/2023-06-04", "at the weekend")  # the narrower
    assert [r.article for r in meeting.reports] == ["a", "b"]
    assert meeting.reports[0].evidence.startswith("China's Defense Minister Li Shangfu refused")
    assert meeting.id == "m-2023-06-03-li-lloyd-austin"
    assert meeting.by == "model" and meeting.review == "unreviewed"


def test_partial_report_alone_keeps_its_unnamed_counterpart() -> None:
    c = Corpus()
    c.article("a", "2022-12-13", "Foreign Minister Wang Yi, meeting his South Korean counterpart on Monday, "
              "said trade moves hurt.", {"Wang Yi": "wang-yi"})
    c.report("a", c.articles["a"].text, ["Foreign Minister Wang Yi", "his South Korean counterpart"],
             date_text="on Monday")
    [meeting] = c.resolve().values()
    assert (meeting.participants, meeting.unnamed) == (["wang-yi"], ["his South Korean counterpart"])
    assert meeting.date == "2022-12-12"


def test_the_chancellor_is_the_one_person_of_the_article_known_by_that_role() -> None:
    def person(pid: str, *titles: str) -> Person:
        return Person(pid, pid, roles=[Role(t, "elsewhere") for t in titles])
    registry = {p.id: p for p in (person("gordon-brown", "UK Chancellor of the Exchequer", "Chancellor"),
                                  person("tony-blair", "Prime Minister"),
                                  person("john-prescott", "Deputy Prime Minister"))}
    c = Corpus()
    text = ("Mr Blair said he had discussed the claims with the chancellor. "
            "Mr Brown said he had discussed the campaign with the prime minister. "
            "Mr Prescott said he had spoken to the deputy prime minister.")
    c.article("a", None, text, {"Blair": "tony-blair", "Brown": "gordon-brown", "Prescott": "john-prescott"})
    c.report("a", "Mr Blair said he had discussed the claims with the chancellor.", ["Blair", "the chancellor"])
    c.report("a", "Mr Brown said he had discussed the campaign with the prime minister.",
             ["Brown", "the prime minister"], date_text="on Saturday")
    c.report("a", "Mr Prescott said he had spoken to the deputy prime minister.",
             ["Prescott", "the deputy prime minister"])
    found = {frozenset(m.participants): m.unnamed for m in c.resolve(people=registry).values()}
    assert found == {frozenset({"gordon-brown", "tony-blair"}): [],
                     frozenset({"john-prescott"}): ["the deputy prime minister"]}
    # without the registry, as before: the role stays unnamed
    assert all(m.unnamed for m in c.resolve().values())


def test_a_partial_report_with_an_outside_group_is_not_the_named_meeting() -> None:
    c = Corpus()
    people = {"Obama": "barack-obama", "Castro": "raul-castro"}
    text = "Obama is due to hold talks with Castro. Obama is also due to meet dissidents."
    c.article("a", "2016-03-20", text, people)
    c.report("a", "Obama is due to hold talks with Castro.", ["Obama", "Castro"], "planned")
    candidate = c.report("a", "Obama is also due to meet dissidents.", ["Obama", "dissidents"], "planned")
    candidate.group = True
    assert sorted((m.participants, m.unnamed) for m in c.resolve().values()) == [
        (["barack-obama"], ["dissidents"]), (["barack-obama", "raul-castro"], [])]
    candidate.group = False   # "his Cuban counterpart" may be Castro: it joins
    assert len(c.resolve()) == 1


def test_one_named_person_and_no_counterpart_is_no_meeting() -> None:
    c = Corpus()
    c.article("a", "2023-06-06", "Xi snubbed Biden at the summit.", {"Xi": "xi-jinping"})  # "Biden" not linked
    c.report("a", c.articles["a"].text, ["Xi", "Biden"], "declined")
    [meeting] = c.resolve().values()
    assert (meeting.participants, meeting.unnamed) == (["xi-jinping"], ["Biden"])
    c.candidates["a"][0].sides = c.candidates["a"][0].sides[:1]
    assert c.resolve() == {}


def test_same_people_in_two_places_are_two_meetings() -> None:
    c = Corpus()
    people = {"Jake Sullivan": "jake-sullivan", "Wang Yi": "wang-yi"}
    c.article("a", "2023-06-06", "Jake Sullivan sat down with Wang Yi for two days in Europe.", people)
    c.report("a", c.articles["a"].text, ["Jake Sullivan", "Wang Yi"], place="Europe", date_text="last month")
    c.article("b", "2023-09-29", "Jake Sullivan and Wang Yi met in Malta earlier this month.", people)
    c.report("b", c.articles["b"].text, ["Jake Sullivan", "Wang Yi"], place="Malta", date_text="earlier this month")
    meetings = c.resolve()
    assert sorted((m.place, m.date) for m in meetings.values()) == [("Europe", "2023-05"), ("Malta", "2023-09")]
    assert sorted(meetings) == ["m-2023-05-jake-sullivan-wang-yi", "m-2023-09-jake-sullivan-wang-yi"]


def test_same_meeting_in_two_articles_is_one_record_with_two_reports() -> None:
    c = Corpus()
    people = {"Xi Jinping": "xi-jinping", "Joe Biden": "joe-biden", "Xi": "xi-jinping", "Biden": "joe-biden"}
    c.article("a", "2022-12-13", "The meeting in Bali between Xi Jinping and Joe Biden took place last month.", people)
    c.report("a", c.articles["a"].text, ["Xi Jinping", "Joe Biden"], place="Bali", date_text="last month")
    c.article("b", "2023-06-19", "Joe Biden and Xi – who met late last year in Bali, Indonesia – spoke.", people)
    c.report("b", "Joe Biden and Xi – who met late last year in Bali, Indonesia – spoke.", ["Joe Biden", "Xi"],
             place="Bali, Indonesia", date_text="late last year")
    [meeting] = c.resolve().values()
    assert meeting.place == "Bali"
    assert meeting.date == "2022-11"
    assert {r.article for r in meeting.reports} == {"a", "b"}


def test_held_and_planned_meetings_of_a_pair_stay_apart() -> None:
    c = Corpus()
    people = {"Xi": "xi-jinping", "Biden": "joe-biden"}
    c.article("a", "2023-06-19", "Xi and Biden met in Bali last year. Biden will meet Xi again in November.", people)
    c.report("a", "Xi and Biden met in Bali last year.", ["Xi", "Biden"], place="Bali", date_text="last year")
    c.report("a", "Biden will meet Xi again in November.", ["Biden", "Xi"], "planned", date_text="in November")
    meetings = c.resolve()
    assert sorted((m.status, m.date) for m in meetings.values()) == [("held", "2022"), ("planned", "2023-11")]


def test_undated_reports_merge_only_when_place_or_publication_agree() -> None:
    people = {"Kritenbrink": "daniel-kritenbrink", "Ma Zhaoxu": "ma-zhaoxu"}

    def corpus(second_published: str, place: str | None) -> Corpus:
        c = Corpus()
        c.article("a", "2023-06-06", "Kritenbrink met Ma Zhaoxu on Monday.", people)
        c.report("a", c.articles["a"].text, ["Kritenbrink", "Ma Zhaoxu"], date_text="on Monday")
        c.article("b", second_published, "Kritenbrink and Ma Zhaoxu had candid communication.", people)
        c.report("b", c.articles["b"].text, ["Kritenbrink", "Ma Zhaoxu"], place=place)
        return c

    assert len(corpus("2023-06-06", None).resolve()) == 1       # published the same day
    assert len(corpus("2023-09-29", None).resolve()) == 2       # months apart, nothing to tie them
    c = corpus("2023-09-29", "Beijing")
    c.candidates["a"][0].place = "Beijing"
    assert len(c.resolve()) == 1                                # months apart but the same place


def test_planned_meeting_still_ahead_absorbs_a_later_undated_plan() -> None:
    c = Corpus()
    people = {"Xi": "xi-jinping", "Biden": "joe-biden"}
    c.article("a", "2023-06-19", "Biden said over the next several months he will be meeting Xi.", people)
    c.report("a", c.articles["a"].text, ["Biden", "Xi"], "planned", date_text="over the next several months")
    c.article("b", "2023-09-29", "Aides prepare for a potential meeting between Xi and Biden.", people)
    c.report("b", c.articles["b"].text, ["Xi", "Biden"], "planned")
    [meeting] = c.resolve().values()
    assert meeting.date == "2023-06-19/2023-12"
    c.articles["b"].meta.published = "2024-02-01"  # the plan's months are over by then
    assert len(c.resolve()) == 2


def test_an_undated_plan_is_not_a_dated_meeting_years_later() -> None:
    c = Corpus()
    people = {"Obama": "barack-obama", "Wen": "wen-jiabao"}
    c.article("a", "2009-12-18", "Obama had planned to meet Wen alone.", people)
    c.report("a", c.articles["a"].text, ["Obama", "Wen"], "planned")
    c.article("b", "2016-03-20", "Obama is due to meet Wen on Tuesday.", people)
    c.report("b", c.articles["b"].text, ["Obama", "Wen"], "planned", date_text="on Tuesday")
    assert sorted(m.date or "" for m in c.resolve().values()) == ["", "2016-03-22"]


def test_the_same_day_is_the_day_of_the_meeting_just_reported() -> None:
    c = Corpus()
    people = {"Ashton": "catherine-ashton", "Zarif": "javad-zarif", "Lavrov": "sergei-lavrov"}
    text = "Ashton met Zarif on Saturday. Lavrov met Zarif separately the same day."
    c.article("a", "2013-11-24", text, people)
    c.report("a", "Ashton met Zarif on Saturday.", ["Ashton", "Zarif"], date_text="on Saturday")
    c.report("a", "Lavrov met Zarif separately the same day.", ["Lavrov", "Zarif"], date_text="the same day")
    assert sorted((m.participants[0], m.date) for m in c.resolve().values()) == [
        ("catherine-ashton", "2013-11-23"), ("sergei-lavrov", "2013-11-23")]


def test_the_dateline_city_is_the_place_of_meetings_during_the_story_only() -> None:
    c = Corpus()
    people = {"Pompeo": "mike-pompeo", "Lavrov": "sergei-lavrov", "Soini": "timo-soini", "Abe": "shinzo-abe"}
    text = ("Pompeo met Lavrov on Monday evening. Soini met Abe on the sidelines. Pompeo spoke to Abe by "
            "phone on Sunday. Soini met Lavrov last year.")
    c.article("a", "2019-05-07", text, people).meta.dateline = "ROVANIEMI, Finland"
    c.report("a", "Pompeo met Lavrov on Monday evening.", ["Pompeo", "Lavrov"], date_text="on Monday evening")
    c.report("a", "Soini met Abe on the sidelines.", ["Soini", "Abe"])
    c.report("a", "Pompeo spoke to Abe by phone on Sunday.", ["Pompeo", "Abe"], date_text="on Sunday", call=True)
    c.report("a", "Soini met Lavrov last year.", ["Soini", "Lavrov"], date_text="last year")
    places = {tuple(sorted(m.participants)): m.place for m in c.resolve().values()}
    assert places == {("mike-pompeo", "sergei-lavrov"): "Rovaniemi", ("shinzo-abe", "timo-soini"): "Rovaniemi",
                      ("mike-pompeo", "shinzo-abe"): None,          # a call is in two places
                      ("sergei-lavrov", "timo-soini"): None}        # long before the story


def test_a_call_is_kept_apart_from_a_meeting() -> None:
    c = Corpus()
    people = {"Xi": "xi-jinping", "Biden": "joe-biden"}
    c.article("a", "2023-06-06", "Biden spoke by phone with Xi on Monday. Biden met Xi on Monday.", people)
    c.report("a", "Biden spoke by phone with Xi on Monday.", ["Biden", "Xi"], date_text="on Monday", call=True)
    c.report("a", "Biden met Xi on Monday.", ["Biden", "Xi"], date_text="on Monday")
    meetings = sorted(c.resolve().values(), key=lambda m: m.note)
    assert [m.note for m in meetings] == ["", CALL_NOTE]
    assert {m.id for m in meetings} == {"m-2023-06-05-biden-xi", "m-2023-06-05-biden-xi-2"}


def test_anonymous_lede_gives_its_place_to_the_named_meeting_after_it() -> None:
    c = Corpus()
    text = ("Senior US and Chinese officials held talks in Beijing. "
            "Kritenbrink met with Ma Zhaoxu on Monday. Burns was also present at the meeting.")
    c.article("a", "2023-06-06", text, {"Kritenbrink": "daniel-kritenbrink", "Ma Zhaoxu": "ma-zhaoxu",
                                        "Burns": "nicholas-burns"})
    c.report("a", "Senior US and Chinese officials held talks in Beijing.", ["Senior US and Chinese officials"],
             place="Beijing")
    c.report("a", "Kritenbrink met with Ma Zhaoxu on Monday.", ["Kritenbrink", "Ma Zhaoxu"], date_text="on Monday")
    c.report("a", "Burns was also present at the meeting.", ["Burns"], joins=True)
    [meeting] = c.resolve().values()
    assert meeting.place == "Beijing"
    assert meeting.participants == ["daniel-kritenbrink", "ma-zhaoxu", "nicholas-burns"]
    assert len(meeting.reports) == 3
    c.candidates["a"][1].status = "planned"  # a lede about talks held does not date a plan
    [meeting] = c.resolve().values()
    assert meeting.place is None and len(meeting.reports) == 2


def test_meetings_sharing_one_participant_stay_apart_and_sharing_two_merge() -> None:
    # Blinken met Wang Yi, and on the same day in the same city met Qin Gang: two meetings.
    # Only records that share two people are one meeting.
    people = {"Blinken": "antony-blinken", "Wang Yi": "wang-yi", "Qin Gang": "qin-gang"}
    first = "Blinken met Wang Yi in Beijing on Sunday."
    second = "Blinken met Qin Gang in Beijing on Sunday."
    c = Corpus()
    c.article("a", "2023-06-19", f"{first} {second}", people)
    c.report("a", first, ["Blinken", "Wang Yi"], place="Beijing", date_text="on Sunday")
    c.report("a", second, ["Blinken", "Qin Gang"], place="Beijing", date_text="on Sunday")
    meetings = c.resolve()
    assert sorted(m.participants for m in meetings.values()) == [["antony-blinken", "qin-gang"],
                                                                  ["antony-blinken", "wang-yi"]]
    assert all(len(m.reports) == 1 for m in meetings.values())
    # a w on the second sentence, by hand, is not offered the first meeting either
    assert matching_meeting([meetings[k] for k in meetings if "wang" in k], "a", ["antony-blinken", "qin-gang"],
                            "held", "Beijing", "2023-06-18", c.articles) is None
    # three people met: a report naming two of them is the same meeting
    second = "Blinken met Qin Gang and Wang Yi in Beijing on Sunday."
    c = Corpus()
    c.article("a", "2023-06-19", f"{first} {second}", people)
    c.report("a", first, ["Blinken", "Wang Yi"], place="Beijing", date_text="on Sunday")
    c.report("a", second, ["Blinken", "Qin Gang", "Wang Yi"], place="Beijing", date_text="on Sunday")
    [meeting] = c.resolve().values()
    assert sorted(meeting.participants) == ["antony-blinken", "qin-gang", "wang-yi"] and len(meeting.reports) == 2


def test_rejected_person_mentions_are_not_participants() -> None:
    c = Corpus()
    c.article("a", "2023-06-06", "Kritenbrink met Ma Zhaoxu.", {"Kritenbrink": "daniel-kritenbrink",
                                                                 "Ma Zhaoxu": "ma-zhaoxu"})
    c.mentions["a"][1].status = "rejected"
    c.report("a", c.articles["a"].text, ["Kritenbrink", "Ma Zhaoxu"])
    [meeting] = c.resolve().values()
    assert (meeting.participants, meeting.unnamed) == (["daniel-kritenbrink"], ["Ma Zhaoxu"])


# --- incremental runs and analyst work ---------------------------------------------------

def _model_meeting(mid: str, reports: list[Report], **kw) -> Meeting:
    return Meeting(mid, ["li-shangfu", "lloyd-austin"], "declined", place="Singapore",
                   date="2023-06-03/2023-06-04", date_text="at the weekend", reports=reports, **kw)


def test_refreshed_article_replaces_only_its_own_model_reports() -> None:
    c = _two_reports_of_the_weekend_refusal()
    first = c.resolve()
    [mid] = first
    # Article a changes and no longer reports the meeting; b was not re-annotated.
    c.candidates = {"a": []}
    second = c.resolve(existing=first, refreshed={"a"})
    assert list(second) == [mid]
    assert [r.article for r in second[mid].reports] == ["b"]
    assert [r.article for r in first[mid].reports] == ["a", "b"]  # the input was not changed
    # Then b is re-annotated without it as well: the model meeting goes.
    c.candidates = {"b": []}
    assert c.resolve(existing=second, refreshed={"b"}) == {}


def test_rerun_of_unchanged_candidates_gives_the_same_meetings() -> None:
    c = _two_reports_of_the_weekend_refusal()
    first = c.resolve()
    again = c.resolve(existing=first)
    assert again == first


def test_analyst_meetings_are_never_altered_and_absorb_matching_reports() -> None:
    c = _two_reports_of_the_weekend_refusal()
    analyst = _model_meeting("li-austin", [Report("a", 0, 10, "China's De")], by="analyst", note="mine")
    edited = Meeting("m-undated-x", ["xi-jinping", "joe-biden"], "held", by="analyst",
                     reports=[Report("a", 0, 5, "China")])
    existing = {"li-austin": analyst, "m-undated-x": edited}
    snapshot = repr(existing)
    result = c.resolve(existing=existing)
    assert list(result) == ["li-austin", "m-undated-x"]  # no model duplicate of the analyst's meeting
    assert repr(result) == snapshot                      # reports of refreshed articles kept, nothing changed


def test_rejected_meeting_is_never_made_again() -> None:
    c = _two_reports_of_the_weekend_refusal()
    rejected = _model_meeting("m-2023-06-03-li-lloyd-austin", [Report("b", 0, 5, "Li Sh")], review="rejected")
    result = c.resolve(existing={rejected.id: rejected})
    assert list(result) == [rejected.id]
    assert result[rejected.id].review == "rejected"
    assert result[rejected.id].reports == [Report("b", 0, 5, "Li Sh")]


def test_new_meeting_ids_stay_unique_against_kept_ones() -> None:
    c = _two_reports_of_the_weekend_refusal()
    accepted = Meeting("m-2023-06-03-li-lloyd-austin", ["li-shangfu", "lloyd-austin"], "held",
                       place="Geneva", review="accepted", reports=[Report("z", 0, 1, "x")])
    result = c.resolve(existing={accepted.id: accepted})
    assert sorted(result) == ["m-2023-06-03-li-lloyd-austin", "m-2023-06-03-li-lloyd-austin-2"]
    assert result["m-2023-06-03-li-lloyd-austin"] is accepted


# --- the whole pipeline on the seeds ----------------------------------------------------

GOLD_PUBLISHED = {"000": "2023-06-06", "001": "2023-06-06", "002": "2022-12-13", "003": "2023-09-29",
                  "004": "2023-06-19"}


@pytest.mark.model
def test_seed_pipeline_merges_and_separates_like_the_gold(nlp_model) -> None:
    from tui.core.corpus import read_corpus
    from tui.core.linking import link_corpus, refine_mentions
    from tui.core.nlp import parse_articles, raw_mentions

    listed, _ = read_corpus(SEEDS)
    articles = {a.id: a for a in listed}
    for article in listed:
        article.meta.published = GOLD_PUBLISHED[article.id[:3]]
    mentions, candidates = {}, {}
    for article, docs in parse_articles(nlp_model, listed):
        mentions[article.id] = refine_mentions(article, raw_mentions(article, docs))
        candidates[article.id] = extract_candidates(article, docs)
    link_corpus(articles, mentions, {})
    meetings = list(resolve_meetings(candidates, mentions, articles, {}, set(articles)).values())

    def find(status: str, *people: str) -> list[Meeting]:
        return [m for m in meetings if m.status == status and set(people) <= set(m.participants)]

    [refusal] = find("declined", "li-shangfu", "lloyd-austin")
    assert (refusal.place, refusal.date, refusal.unnamed) == ("Singapore", "2023-06-03/2023-06-04", [])
    assert sorted({r.article[:3] for r in refusal.reports}) == ["000", "004"]
    assert sorted(m.place for m in find("held", "jake-sullivan", "wang-yi")) == ["Europe", "Malta"]
    [bali] = find("held", "xi-jinping", "joe-biden")
    assert (bali.place, bali.date) == ("Bali", "2022-11")
    assert sorted({r.article[:3] for r in bali.reports}) == ["002", "004"]
    [talks] = find("held", "daniel-kritenbrink", "ma-zhaoxu")
    assert (talks.place, talks.date) == ("Beijing", "2023-06-05")
    assert {"sarah-beran", "nicholas-burns", "yang-tao"} <= set(talks.participants)
    assert sorted({r.article[:3] for r in talks.reports}) == ["000", "001"]
    [gates] = find("held", "bill-gates")
    assert gates.participants == ["xi-jinping", "bill-gates"]


def test_kept_reports_follow_their_evidence_when_the_article_text_moved() -> None:
    c = Corpus()
    c.article("a", "2023-06-06", "A new first line.\nKritenbrink met Ma Zhaoxu.", {})
    old = Report("a", 0, 26, "Kritenbrink met Ma Zhaoxu.")
    lost = Report("a", 0, 5, "Gone.")
    analyst = Meeting("m1", ["daniel-kritenbrink", "ma-zhaoxu"], "held", by="analyst", reports=[old, lost])
    [kept] = c.resolve(existing={"m1": analyst}, refreshed=set()).values()
    assert kept.reports == [Report("a", 18, 44, "Kritenbrink met Ma Zhaoxu."), lost]
    assert analyst.reports == [old, lost]  # the loaded record itself is not changed


def test_docs_without_a_parse_give_no_candidates(blank_nlp) -> None:
    text = "Antony Blinken met Wang Yi in Beijing on Monday."
    assert extract_candidates(_article(text), [(0, blank_nlp(text))]) == []
    assert extract_candidates(_article(""), []) == []


@pytest.mark.model
def test_welcoming_a_counterpart_is_a_meeting(nlp_model) -> None:
    (c,) = _extract(nlp_model, "Prime Minister Anna Lindqvist welcomed her Danish counterpart "
                               "Mette Frederiksen in Stockholm on Monday.")
    assert c.side_texts == ["Prime Minister Anna Lindqvist", "her Danish counterpart Mette Frederiksen"]
    assert (c.status, c.place, c.unnamed) == ("held", "Stockholm", [])


# The status comes from the verb that governs the talks, unless the talks are only its
# circumstance ("failed to agree during talks": the talks happened). Sentences written for
# the rule, not taken from a gold set.
STATUS_OF_TALKS = [
    ("Santos had turned down an invitation to meet Maduro in Caracas.", "declined"),
    ("The summit was called off, and Erdogan will not meet Putin.", "declined"),
    ("Tsipras and Juncker failed to agree on reforms during talks in Brussels on Wednesday.",
     "held"),
    ("Merkel had hoped to win concessions during talks with Putin on Wednesday.", "held"),
    ("Juncker is expected to raise the budget during talks with Tsipras next week.", "planned"),
    ("Merkel will push for sanctions at her meeting with Putin on Friday.", "planned"),
    # what governs the trip, a plan word on the talks' verb, and "hoping" (lemmatised "hop")
    ("Hungarian Prime Minister Viktor Orban prepared to fly to Berlin to meet German Chancellor Olaf Scholz.",
     "planned"),
    ("The meeting between Airbus boss Guillaume Faury and Boeing's Kelly Ortberg is due to take place in Paris.",
     "planned"),
    ("Striker Thierry Henry is hoping for talks with manager Arsene Wenger.", "planned"),
    ("Kerry will meet Lavrov in Geneva for a second round of talks.", "planned"),  # a round of talks
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "status"), STATUS_OF_TALKS, ids=[t[:40] for t, _ in STATUS_OF_TALKS])
def test_status_follows_the_verb_that_governs_the_talks(nlp_model, text: str, status: str) -> None:
    found = _extract(nlp_model, text)
    assert [c.status for c in found] == [status], [(c.side_texts, c.status) for c in found]


# --- participants the model did not tag, through the whole pipeline ---------------------

def _annotate_text(tmp_path: Path, text: str) -> tuple[list[dict], list[dict]]:
    """Meetings and the article's mentions after a real `annotate` of one article."""
    import yaml

    from tui.core.annotate import annotate
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "story.txt").write_text("Talks\n\n" + text + "\n", encoding="utf-8")
    annotate(tmp_path / "articles", tmp_path / "ann", model=None)
    meetings = yaml.safe_load((tmp_path / "ann" / "meetings.yaml").read_text())["meetings"]
    mentions = yaml.safe_load((tmp_path / "ann" / "articles" / "story.yaml").read_text())["mentions"]
    return meetings, mentions


@pytest.mark.model
@pytest.mark.parametrize(("text", "people", "name"), [
    # the model tags "Yanis" NORP: the counterpart phrase vouches for the name
    ("Italian Finance Minister Pier Carlo Padoan has refused to meet his Greek counterpart "
     "Yanis Varoufakis one-on-one until Athens sends its plan.",
     ["pier-carlo-padoan", "yanis-varoufakis"], "Yanis Varoufakis"),
    # "Abbott" alone is tagged a place; the article named Tony Abbott before
    ("Australian Prime Minister Tony Abbott spoke to reporters on Monday. Indonesian President "
     "Joko Widodo, known as Jokowi, first met Abbott in Jakarta in October.",
     ["joko-widodo", "tony-abbott"], "Abbott"),
])
def test_a_participant_the_model_did_not_tag_is_a_person(nlp_model, tmp_path: Path, text: str,
                                                         people: list[str], name: str) -> None:
    meetings, mentions = _annotate_text(tmp_path, text)
    assert [sorted(m["participants"]) for m in meetings] == [people]
    last = [m for m in mentions if m["text"] == name][-1]
    assert (last["label"], last["person"]) == ("PERSON", people[1])


@pytest.mark.model
def test_a_sequel_meeting_is_its_own_and_he_is_the_last_subject(nlp_model, tmp_path: Path) -> None:
    meetings, _ = _annotate_text(tmp_path, (
        "President Barack Obama held talks with Kenyan President Uhuru Kenyatta at State House "
        "on Saturday. He then chaired a meeting with Ugandan President Yoweri Museveni, Kenyatta "
        "and Ethiopian Prime Minister Hailemariam Desalegn."))
    assert sorted(sorted(m["participants"]) for m in meetings) == [
        ["barack-obama", "hailemariam-desalegn", "uhuru-kenyatta", "yoweri-museveni"],
        ["barack-obama", "uhuru-kenyatta"]]


def test_a_participant_name_never_overrides_the_analyst() -> None:
    from tui.core.mention_repair import name_participants
    from tui.core.models import Mention
    text = "Padoan refused to meet his Greek counterpart Yanis Varoufakis."
    article = _article(text)
    s = text.index("Yanis")
    rejected = Mention(s, s + 16, "Yanis Varoufakis", "NORP", status="rejected")
    nationality = Mention(s, s + 5, "Yanis", "NORP")
    assert name_participants(article, [rejected], [(s, s + 16)]) == [rejected]
    added = name_participants(article, [nationality], [(s, s + 16)])
    assert [(m.text, m.label) for m in added] == [("Yanis Varoufakis", "PERSON")]


@pytest.mark.model
@pytest.mark.parametrize(("text", "group"), [
    ("President Barack Obama is due to meet dissidents at the embassy on Tuesday.", True),
    ("Aung San Suu Kyi will meet members of Congress on Thursday.", True),
    ("Daniel Kritenbrink discussed trade with Chinese officials on Monday.", False),
])
def test_an_unnamed_side_is_an_outside_group_or_a_delegation(nlp_model, text: str, group: bool) -> None:
    [candidate] = _extract(nlp_model, text)
    assert candidate.group is group


def test_looking_only_at_marked_tokens_finds_what_looking_at_every_token_finds(nlp_model, monkeypatch):
    """find_meetings looks closely only at the tokens _marks picks from the doc's arrays
    (trigger words, snub lemmas, proper nouns). With every token marked it must find the
    same meetings, on the seeds and the diplomatic texts."""
    from tui.core import meeting_rules
    from tui.core.corpus import paragraphs
    from tui.core.nlp import parse_articles

    folders = [SEEDS, Path(__file__).resolve().parent / "gold" / "diplomatic" / "articles"]
    articles = [read_article(path)[0] for folder in folders for path in sorted(folder.glob("*.txt"))]
    every_trigger = "\n\n".join([
        "Chinese President Xi Jinping hosted Joe Biden at Zhongnanhai on Monday.",
        "Shinzo Abe was received by Barack Obama in Washington.",
        "John Kerry sat down with Sergei Lavrov in Geneva.",
        "Lula conferred with Marco Rubio about trade.",
        "Emmanuel Macron rubbed shoulders with Angela Merkel at the gala.",
        "Narendra Modi spoke by phone with Vladimir Putin on Tuesday.",
        "Tony Blair held talks with Jacques Chirac in Paris.",
        "Bush was expected to meet Putin, but Putin snubbed that meeting.",
        "Shinzo Abe also took part in the dinner with Li Keqiang.",
        "Wang Yi had a candid conversation with Antony Blinken.",
        "The summit between Kim Jong Un and Moon Jae-in took place in Panmunjom.",
    ])
    articles.append(_article(every_trigger, "every-trigger"))
    parsed = list(parse_articles(nlp_model, articles))
    assert sum(len(paragraphs(a)) for a in articles) == sum(len(docs) for _, docs in parsed) > 100
    assert len(extract_candidates(*parsed[-1])) >= 9

    def found() -> list[MeetingCandidate]:
        return [c for article, docs in parsed for c in extract_candidates(article, docs)]

    marked = found()
    monkeypatch.setattr(meeting_rules, "_marks", lambda doc: [7] * len(doc))
    assert found() == marked
    assert len(marked) > 30
