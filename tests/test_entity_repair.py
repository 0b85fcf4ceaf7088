"""entity_repair: the non-PERSON rules, on sentences written outside the seeds (other
regions, outlets and wire styles), run through the real model and the PERSON repair
first, as annotate does; then the rules' promises about analyst-owned mentions."""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import pytest

from tui.core.entity_repair import repair_entities
from tui.core.mention_repair import refine_mentions
from tui.core.models import Article, Mention, Segment

if TYPE_CHECKING:
    from spacy.language import Language


def _article(text: str, chrome: list[Segment] | None = None) -> Article:
    return Article(id="t", path="t.txt", text=text, sha256="0", body=(0, len(text)), chrome=chrome or [])


def _pipeline(nlp: Language, text: str) -> set[tuple[str, str]]:
    """(label, text) of the non-PERSON mentions annotate would keep for this text."""
    from tui.core.nlp import parse_articles, raw_mentions

    article = _article(text)
    ((_, docs),) = parse_articles(nlp, [article])
    mentions = repair_entities(article, refine_mentions(article, raw_mentions(article, docs)))
    return {(m.label, m.text) for m in mentions if m.label != "PERSON"}


def _check(nlp: Language, text: str, present: set[tuple[str, str]], absent: set[tuple[str, str]]) -> None:
    got = _pipeline(nlp, text)
    assert present <= got, (text, got)
    assert not absent & got, (text, got)


def _m(text: str, span: str, label: str, **kw) -> Mention:
    start = text.index(span)
    return Mention(start, start + len(span), span, label, **kw)


def _labels(got: set[tuple[str, str]], label: str) -> set[str]:
    return {t for lab, t in got if lab == label}


# ---- named events -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "event", "replaced"), [
    ("Leaders gathered for the G7 summit in Hiroshima on Friday.", "G7 summit", ("GPE", "G7")),
    ("The BRICS summit in Johannesburg drew leaders from five countries.", "BRICS summit", None),
    ("Defence ministers met at the Shangri-La Dialogue in Singapore last weekend.", "Shangri-La Dialogue",
     ("FAC", "Shangri-La Dialogue")),
    ("Speaking at the Munich Security Conference, the chancellor warned of new threats.",
     "Munich Security Conference", ("ORG", "Munich Security Conference")),
    ("The Group of Seven summit in Italy focused on Ukraine.", "Group of Seven summit", None),
    ("Leaders met at the Shanghai Cooperation Organisation summit in Astana.",
     "Shanghai Cooperation Organisation summit", ("ORG", "Shanghai Cooperation Organisation")),
    ("The president will attend the Summit of the Americas in Los Angeles.", "Summit of the Americas",
     ("LOC", "Americas")),
    ("The Paris Olympics opened on Friday.", "Paris Olympics", ("ORG", "Paris Olympics")),
    ("Putin skipped the BRICS summit because of an ICC warrant.", "BRICS summit", ("GPE", "BRICS")),
    ("The Arab League summit in Jeddah welcomed Syria back.", "Arab League summit", ("ORG", "Arab League")),
    ("The US-Africa Leaders Summit was held in Washington in December.", "US-Africa Leaders Summit", ("GPE", "US")),
])
def test_a_named_event_is_one_event_span(nlp_model: Language, text: str, event: str,
                                         replaced: tuple[str, str] | None) -> None:
    _check(nlp_model, text, {("EVENT", event)}, {replaced} if replaced else set())


def test_a_date_before_the_event_stays_its_own_mention(nlp_model: Language) -> None:
    _check(nlp_model, "Modi hosted last year's G20 summit in New Delhi.",
           {("DATE", "last year"), ("EVENT", "G20 summit"), ("GPE", "New Delhi")}, {("ORG", "G20")})


@pytest.mark.parametrize("text", [
    "She attended a fraught security forum in Singapore.",           # unnamed gathering
    "Biden and Putin met at the Geneva summit in 2021.",             # a place, not a name
    "Officials prepared for the US-China summit.",                   # two countries
    "A White House summit on artificial intelligence brought tech chiefs to Washington.",  # the host
    "Executives flocked to the World Economic Forum in Davos this week.",  # an organisation
    "The Pacific Islands Forum met in Rarotonga.",
    "The Chinese People's Political Consultative Conference opened in Beijing on Saturday.",
])
def test_gatherings_places_and_organisations_are_not_events(nlp_model: Language, text: str) -> None:
    got = _pipeline(nlp_model, text)
    assert not _labels(got, "EVENT"), got


def test_a_head_inside_a_longer_name_or_a_title_case_line_makes_no_event() -> None:
    for text in ("Talks at the Humanitarian Dialogue Centre in Geneva resumed.",
                 "Biden To Attend G20 Summit In India",
                 "The Conference Board said confidence fell."):
        assert repair_entities(_article(text), []) == [], text


def test_the_description_keeps_its_places(nlp_model: Language) -> None:
    _check(nlp_model, "Biden and Putin met at the Geneva summit in 2021.", {("GPE", "Geneva")}, set())
    _check(nlp_model, "Officials prepared for the US-China summit.", {("GPE", "US"), ("GPE", "China")}, set())
    _check(nlp_model, "Executives flocked to the World Economic Forum in Davos this week.",
           {("ORG", "World Economic Forum")}, set())


# ---- hyphenated regions -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "region"), [
    ("The Indo-Pacific is now the focus of American strategy.", "Indo-Pacific"),
    ("Japan wants a free and open Indo-Pacific.", "Indo-Pacific"),
    ("Tokyo's Indo-Pacific strategy was announced in December.", "Indo-Pacific"),
    ("NATO's interest in the Euro-Atlantic area is clear.", "Euro-Atlantic"),
    ("The Asia-Pacific region faces new risks.", "Asia-Pacific"),
])
def test_a_hyphenated_region_is_a_loc(nlp_model: Language, text: str, region: str) -> None:
    _check(nlp_model, text, {("LOC", region)}, {("ORG", region)})


@pytest.mark.parametrize(("text", "name"), [
    ("Admiral John Aquilino leads US Indo-Pacific Command.", "Indo-Pacific Command"),
    ("The Asia-Pacific Economic Cooperation forum meets in Lima this year.", "Asia-Pacific Economic Cooperation"),
])
def test_a_region_inside_a_longer_name_stays_in_it(nlp_model: Language, text: str, name: str) -> None:
    got = _pipeline(nlp_model, text)
    assert ("ORG", name) in got and not _labels(got, "LOC"), got


# ---- durations --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kept"), [
    ("The two leaders talked for three and a half hours in Ankara.", {("GPE", "Ankara")}),
    ("The hearing ran four and a half hours on Wednesday.", {("DATE", "Wednesday")}),
    ("Lula spent two and a half hours with Xi at the Great Hall of the People.",
     {("FAC", "Great Hall of the People")}),
])
def test_hours_are_time_not_date(nlp_model: Language, text: str, kept: set[tuple[str, str]]) -> None:
    got = _pipeline(nlp_model, text)
    assert kept <= got and not any("hour" in t for _, t in got), got


def test_durations_of_days_stay_dates(nlp_model: Language) -> None:
    _check(nlp_model, "The negotiations ran for three days and ended on Sunday.",
           {("DATE", "three days"), ("DATE", "Sunday")}, set())


def test_minutes_and_seconds_are_dropped_but_a_second_day_is_not() -> None:
    text = "After a 90-minute call and 30 seconds of silence, the second day began."
    article = _article(text)
    mentions = [_m(text, "90-minute", "DATE"), _m(text, "30 seconds", "DATE"), _m(text, "the second day", "DATE")]
    assert [m.text for m in repair_entities(article, mentions)] == ["the second day"]


# ---- wire tags --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "outlet", "city"), [
    ("PARIS (AFP) - France recalled its ambassador.", "AFP", "PARIS"),   # the model misses both
    ("(Bloomberg) -- Oil rose for a third day.", "Bloomberg", None),
    ("NAIROBI, Kenya (AP) — Kenya's president dissolved the cabinet.", "AP", "NAIROBI"),
    ("BEIJING (Xinhua) -- China's exports grew in May.", "Xinhua", "BEIJING"),
    ("TOKYO (Kyodo) -- Japan's cabinet approved the defence budget on Friday.", "Kyodo", "TOKYO"),  # model: ORG
    ("KUALA LUMPUR (Bernama) - Malaysia's king named a new prime minister.", "Bernama", "KUALA LUMPUR"),
])
def test_a_wire_tag_is_an_org_and_its_dateline_city_a_gpe(nlp_model: Language, text: str, outlet: str,
                                                          city: str | None) -> None:
    got = _pipeline(nlp_model, text)
    assert ("ORG", outlet) in got and ("GPE", outlet) not in got, got
    if city:
        assert ("GPE", city) in got and ("ORG", city) not in got, got


def test_a_wire_tag_the_model_calls_a_place_becomes_an_org() -> None:
    text = "Canberra\n(Reuters) - Australia's central bank held rates.\nWASHINGTON (CNN)President Biden spoke."
    article = _article(text)
    mentions = [_m(text, "Reuters", "GPE"), _m(text, "Australia", "GPE")]
    got = {(m.label, m.text) for m in repair_entities(article, mentions)}
    assert got == {("ORG", "Reuters"), ("GPE", "Australia"), ("ORG", "CNN"), ("GPE", "WASHINGTON")}


def test_a_bracket_deeper_in_the_story_is_not_a_wire_tag() -> None:
    text = "(AP) - Storms hit.\nMore rain fell.\nRoads closed.\nThe island (Taiwan) - braced too.\nIsland (Taiwan) -"
    article = _article(text)
    taiwan = text.rindex("Taiwan")
    got = repair_entities(article, [Mention(taiwan, taiwan + 6, "Taiwan", "GPE")])
    assert [(m.label, m.text) for m in got] == [("ORG", "AP"), ("GPE", "Taiwan")]


@pytest.mark.parametrize("text", [
    "(Updates with comment from ministry)\nThe ministry said nothing.",   # an editorial note
    "The vote (Reuters reported) was close.",                             # not at the head of a line
    "Turnout in the capital (Nairobi) - a record - was high.",            # lower case before the bracket
])
def test_other_brackets_are_not_wire_tags(text: str) -> None:
    assert repair_entities(_article(text), []) == []


# ---- departments ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "department", "piece"), [
    ("He met the head of the European and Central Asian Affairs Department of the ministry.",
     "European and Central Asian Affairs Department", ("NORP", "European")),
    ("She heads the Latin American and Caribbean Affairs Bureau.",
     "Latin American and Caribbean Affairs Bureau", ("NORP", "Latin American")),
    ("He was director of the African and Middle Eastern Affairs Department.",
     "African and Middle Eastern Affairs Department", ("NORP", "African")),
])
def test_a_department_named_after_regions_is_one_org(nlp_model: Language, text: str, department: str,
                                                     piece: tuple[str, str]) -> None:
    _check(nlp_model, text, {("ORG", department)}, {piece})


def test_a_place_and_a_ministry_are_not_joined(nlp_model: Language) -> None:
    _check(nlp_model, "Officials from China and Foreign Ministry spokesman Mao Ning spoke.",
           {("GPE", "China"), ("ORG", "Foreign Ministry")}, set())
    text = "Staff from Kenya and the Asian Affairs Department met."
    article = _article(text)
    got = repair_entities(article, [_m(text, "Kenya", "GPE"), _m(text, "Asian Affairs Department", "ORG")])
    assert [(m.label, m.text) for m in got] == [("GPE", "Kenya"), ("ORG", "Asian Affairs Department")]


# ---- places inside titles ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "places"), [
    ("She is Assistant Secretary of State for European and Eurasian Affairs.",
     {("NORP", "European"), ("NORP", "Eurasian")}),
    ("He met Assistant Secretary for Western Hemisphere Affairs Brian Nichols.", {("LOC", "Western Hemisphere")}),
    ("The Minister for Pacific Affairs visited Fiji.", {("LOC", "Pacific"), ("GPE", "Fiji")}),
    ("Brazil's Deputy Foreign Minister for Africa and the Middle East flew to Luanda.",
     {("LOC", "Africa"), ("LOC", "Middle East")}),
])
def test_a_region_in_a_title_is_marked(nlp_model: Language, text: str, places: set[tuple[str, str]]) -> None:
    _check(nlp_model, text, places, {("ORG", "Western Hemisphere")})


@pytest.mark.parametrize(("text", "absent"), [
    ("The Secretary of State for Northern Ireland resigned.", ("LOC", "Northern Ireland")),
    ("He served as commander of the Pacific Fleet until 2021.", ("LOC", "Pacific")),
    ("He was Director of Central Intelligence under Reagan.", ("LOC", "Central")),
])
def test_countries_bodies_and_bare_directions_in_titles_are_left_alone(nlp_model: Language, text: str,
                                                                       absent: tuple[str, str]) -> None:
    _check(nlp_model, text, set(), {absent})


# ---- what the analyst owns --------------------------------------------------------------

def test_analyst_mentions_are_kept_and_never_overlapped() -> None:
    text = "(Reuters) - Leaders met at the G7 summit on the Indo-Pacific for seven hours."
    article = _article(text)
    owned = [_m(text, "Reuters", "GPE", by="analyst", status="accepted"),
             _m(text, "G7", "ORG", status="rejected"),
             _m(text, "Indo-Pacific", "ORG", status="accepted"),
             _m(text, "seven hours", "DATE", by="analyst", status="accepted")]
    out = repair_entities(article, owned)
    assert out == owned   # nothing relabelled, removed or added over them


def test_chrome_gets_no_mention() -> None:
    text = "(Bloomberg) -- Markets fell.\nRead more: the Indo-Pacific and the G7 summit"
    start = text.index("Read more")
    article = _article(text, [Segment(start, len(text), "related")])
    assert [(m.label, m.text) for m in repair_entities(article, [])] == [("ORG", "Bloomberg")]


def test_repair_is_idempotent_and_keeps_people() -> None:
    text = "Xi and Biden met at the G-20 summit, and Lee met the Xi-Biden summit staff."
    article = _article(text)
    mentions = [_m(text, "Xi", "PERSON"), _m(text, "Biden", "PERSON"), _m(text, "Lee", "PERSON"),
                _m(text, "G-20", "ORG")]
    once = repair_entities(article, mentions)
    assert ("EVENT", "G-20 summit") in {(m.label, m.text) for m in once}
    assert sum(m.label == "PERSON" for m in once) == 3
    assert repair_entities(article, once) == once


def test_repair_cost_grows_linearly_with_the_text(nlp_model: Language, seeds_dir) -> None:
    """The same article 8 times over costs about 8 times as much (a scan that grows with
    the square of the text would cost 64). A ratio within one run, not a wall-clock bound:
    the machine running the suite may be loaded."""
    from tui.core.corpus import read_corpus
    from tui.core.nlp import parse_articles, raw_mentions

    articles, _ = read_corpus(seeds_dir)
    article = max(articles, key=lambda a: len(a.text))
    (_, docs), = parse_articles(nlp_model, [article])
    mentions = refine_mentions(article, raw_mentions(article, docs))

    def repeated(times: int) -> tuple[Article, list[Mention]]:
        size = len(article.text)
        big = dataclasses.replace(
            article, text=article.text * times, body=(article.body[0], article.body[1] + size * (times - 1)),
            chrome=[dataclasses.replace(c, start=c.start + size * k, end=c.end + size * k)
                    for k in range(times) for c in article.chrome])
        return big, [dataclasses.replace(m, start=m.start + size * k, end=m.end + size * k)
                     for k in range(times) for m in mentions]

    def best_time(article_mentions: tuple[Article, list[Mention]]) -> float:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            repair_entities(*article_mentions)
            best = min(best, time.perf_counter() - started)
        return best

    one, eight = repeated(1), repeated(8)
    ratio = best_time(eight) / best_time(one)
    assert ratio < 20, f"8x the text cost {ratio:.1f}x"


def test_repair_is_idempotent_on_the_seeds(nlp_model: Language, seeds_dir) -> None:
    from tui.core.corpus import read_corpus
    from tui.core.nlp import parse_articles, raw_mentions

    articles, _ = read_corpus(seeds_dir)
    for article, docs in parse_articles(nlp_model, articles):
        once = repair_entities(article, refine_mentions(article, raw_mentions(article, docs)))
        assert repair_entities(article, once) == once, article.id
        assert all(article.text[m.start:m.end] == m.text for m in once)
        assert all(a.end <= b.start for a, b in zip(once, once[1:])), "overlapping mentions"
