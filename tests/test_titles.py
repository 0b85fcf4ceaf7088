"""Role titles and honorifics: parsing, stripping, appositives and affiliation.

Sentences come from the seeds and, to check that the rules generalise, from other
regions and outlets written for these tests.
"""

from __future__ import annotations

import pytest

from tui.core.titles import affiliation_of, appositive_role, find_titles, names_after_titles, strip_title, title_before


def _title_before(text: str, name: str) -> str | None:
    found = title_before(text, text.index(name))
    if found is None:
        return None
    start, title = found
    assert text[start:start + len(title)] == title
    return title


@pytest.mark.parametrize("text, name, title", [
    ("met with Vice Foreign Minister Ma Zhaoxu on Monday", "Ma Zhaoxu", "Vice Foreign Minister"),
    ("while Chinese Commerce Minister Wang Wentao met", "Wang Wentao", "Chinese Commerce Minister"),
    ("Vice Foreign Minister for Asia Sun Weidong on Thursday", "Sun Weidong", "Vice Foreign Minister for Asia"),
    ("met Assistant Secretary of State for East Asian and Pacific Affairs Daniel Kritenbrink and",
     "Daniel Kritenbrink", "Assistant Secretary of State for East Asian and Pacific Affairs"),
    ("and National Security Council Senior Director for China and Taiwan Laura Rosenberger on",
     "Laura Rosenberger", "National Security Council Senior Director for China and Taiwan"),
    ("Chinese Foreign Ministry spokesman Wang Wenbin criticized", "Wang Wenbin", "Chinese Foreign Ministry spokesman"),
    ("China’s Defense Minister Li Shangfu refused to meet", "Li Shangfu", "China’s Defense Minister"),
    ("U.S. National Security Advisor Jake Sullivan and", "Jake Sullivan", "U.S. National Security Advisor"),
    ("sat down with top diplomat Wang Yi for two days", "Wang Yi", "top diplomat"),
    ("Mr Blinken's meeting with Wang Yi", "Blinken", "Mr"),
    # outside the seeds
    ("German Chancellor Olaf Scholz met", "Olaf Scholz", "German Chancellor"),
    ("UN Secretary-General Antonio Guterres called for calm", "Antonio Guterres", "UN Secretary-General"),
    ("NATO Secretary General Jens Stoltenberg said", "Jens Stoltenberg", "NATO Secretary General"),
    ("the Kremlin spokesman Dmitry Peskov said", "Dmitry Peskov", "Kremlin spokesman"),
    ("Secretary of State for Northern Ireland Chris Heaton-Harris spoke", "Chris Heaton-Harris",
     "Secretary of State for Northern Ireland"),
    ("back home former President Donald Trump's lawyers", "Donald Trump", "former President"),
    ("back home President Joe Biden said", "Joe Biden", "President"),
    ("Crown Prince Mohammed bin Salman met", "Mohammed bin Salman", "Crown Prince"),
    ("Dr. Tedros Adhanom Ghebreyesus spoke", "Tedros Adhanom Ghebreyesus", "Dr."),
    ("Indian External Affairs Minister S. Jaishankar met", "S. Jaishankar", "Indian External Affairs Minister"),
])
def test_title_before_finds_the_whole_title(text: str, name: str, title: str) -> None:
    assert _title_before(text, name) == title


@pytest.mark.parametrize("text, name", [
    ("On Monday, Kritenbrink discussed issues", "Kritenbrink"),
    ("the talks ended.\nWang said", "Wang"),          # a title on another line does not count
    ("said Foreign Minister. Wang added", "Wang"),    # nor one across a sentence break
    ("a meeting between Xi and Biden", "Biden"),
])
def test_no_title_before_a_plain_name(text: str, name: str) -> None:
    assert _title_before(text, name) is None


@pytest.mark.parametrize("span, expected", [
    ("Mr Xi", ("Mr", "Xi")),
    ("Nancy Pelosi’s", (None, "Nancy Pelosi")),
    ("Vice Foreign Minister Ma Zhaoxu", ("Vice Foreign Minister", "Ma Zhaoxu")),
    ("Ms Wong's", ("Ms", "Wong")),
    ("Burns’", (None, "Burns")),
    ("Prince Mohammed bin Salman", ("Prince", "Mohammed bin Salman")),
    ("King Charles III", ("King", "Charles III")),
    ("Dr. Tedros", ("Dr.", "Tedros")),
    ("Secretary of State", (None, "Secretary of State")),   # nothing but a title: kept whole
    ("Xi Jinping", (None, "Xi Jinping")),
    ("He Lifeng", (None, "He Lifeng")),
])
def test_strip_title(span: str, expected: tuple[str | None, str]) -> None:
    assert strip_title(span) == expected


@pytest.mark.parametrize("text, name, role", [
    ("Daniel Kritenbrink, the top US State Department official for Asia, met with", "Daniel Kritenbrink",
     "top US State Department official for Asia"),
    ("Sarah Beran, the National Security Council’s senior director for China and Taiwan affairs, and",
     "Sarah Beran", "National Security Council’s senior director for China and Taiwan affairs"),
    ("Nicholas Burns, the US ambassador to China, were also present", "Nicholas Burns", "US ambassador to China"),
    ("Daniel Kritenbrink, assistant U.S. secretary of state for East Asian and Pacific affairs, was",
     "Daniel Kritenbrink", "assistant U.S. secretary of state for East Asian and Pacific affairs"),
    ("Yang Tao, director general of the North American and Oceanian Affairs Department, according",
     "Yang Tao", "director general of the North American and Oceanian Affairs Department"),
    ("Li Hui, China's special envoy for Eurasian affairs, arrived", "Li Hui", "China's special envoy for Eurasian affairs"),
    ("Tedros Adhanom Ghebreyesus, the WHO director-general, spoke", "Tedros Adhanom Ghebreyesus", "WHO director-general"),
])
def test_appositive_role(text: str, name: str, role: str) -> None:
    assert appositive_role(text, text.index(name) + len(name)) == role


@pytest.mark.parametrize("text, name", [
    ("Foreign Minister Wang Yi, meeting his South Korean counterpart on Monday, said", "Wang Yi"),
    ("Li Shangfu – who is sanctioned by the US government – also", "Li Shangfu"),
    ("Kritenbrink, who is the top official for Asia, met", "Kritenbrink"),
    ("met Xi, Biden and Putin.", "Xi"),
    ("Kritenbrink and Rosenberger were", "Kritenbrink"),
    ("Blinken, the most senior official to visit China in five years", "Blinken"),  # no closing mark
])
def test_no_appositive(text: str, name: str) -> None:
    assert appositive_role(text, text.index(name) + len(name)) is None


@pytest.mark.parametrize("role, affiliation", [
    ("US Secretary", "US"),
    ("U.S. Secretary of State", "US"),
    ("Chinese Foreign Ministry spokesman", "China"),
    ("China’s Defense Minister", "China"),
    ("State Department spokesman", "US"),
    ("top US State Department official for Asia", "US"),
    ("National Security Council’s senior director for China and Taiwan affairs", "US"),
    ("Pentagon press secretary", "US"),
    ("White House spokeswoman", "US"),
    ("CIA Director", "US"),
    ("Treasury Secretary", "US"),
    ("US ambassador to China", "US"),         # the complement names the post, not the employer
    ("Kremlin spokesman", "Russia"),
    ("German Chancellor", "Germany"),
    ("South Korean President", "South Korea"),
    ("Beijing's top diplomat", "China"),
    ("UN Secretary-General", "UN"),
    ("WHO director-general", "WHO"),
    ("Japan's National Security Council secretary general", "Japan"),   # a country word beats a body
])
def test_affiliation_from_role_text(role: str, affiliation: str) -> None:
    assert affiliation_of(role) == affiliation


@pytest.mark.parametrize("role", [
    "Foreign Ministry spokesman", "Trade Representative", "ambassador to China", "top diplomat",
    "Vice Premier", "director general of the North American and Oceanian Affairs Department",
    "US-China envoy", "Mr",
])
def test_no_affiliation_when_the_role_text_does_not_say(role: str) -> None:
    assert affiliation_of(role) is None


def _names(text: str) -> list[str]:
    return [text[n.start:n.end] for n in names_after_titles(text)]


def test_names_after_titles_finds_untagged_people() -> None:
    text = ("Daniel Kritenbrink met with Vice Foreign Minister for Asia Sun Weidong on Thursday. "
            "Officials reported back to Secretary Janet Yellen and Chinese Vice Premier He. "
            "European Commission President Ursula von der Leyen replied. Mr Lavrov's deputy was absent.")
    assert _names(text) == ["Sun Weidong", "Janet Yellen", "He", "Ursula von der Leyen", "Lavrov"]
    text = ("Foreign Minister Park Jin met Taiwan President Tsai Ing-wen, Gen. Mark Milley and Director of "
            "National Intelligence Avril Haines.")
    assert _names(text) == ["Park Jin", "Tsai Ing-wen", "Mark Milley", "Avril Haines"]
    assert _names("the general said General Petraeus met the Prime Minister Tony Blair") == [
        "Petraeus", "Tony Blair"]


@pytest.mark.parametrize("text", [
    "He said the meeting would go ahead.",
    "the spokesman He would not comment",               # a pronoun after a lower-case head
    "According to the official Xinhua News Agency, talks ended.",
    "General Motors said sales fell.",
    "In general Americans agree.",
    "the top State Department official Monday said",
    "Pacific Fleet commander Pacific Fleet",
    "a Foreign Ministry spokesman. He said",
    "staff of the King Charles Hotel left",
    "Prime Minister's Questions began.",
    "if they win the General Election next year",      # no one is "the General X"
])
def test_names_after_titles_ignores_non_names(text: str) -> None:
    assert _names(text) == []


def test_find_titles_keeps_org_names_separate_from_titles() -> None:
    text = "The Treasury Department said. House Speaker Nancy Pelosi arrived."
    assert [t.text for t in find_titles(text)] == ["House Speaker"]
    speaker = find_titles(text)[0]
    assert speaker.is_role and not speaker.honorific and speaker.heads == ("speaker",)


def test_honorific_is_a_title_but_not_a_role() -> None:
    (mr,) = find_titles("Mr Qin said")
    assert mr.honorific and not mr.is_role
    (counterpart,) = find_titles("his US counterpart Lloyd Austin")
    assert counterpart.affiliation == "US" and not counterpart.is_role
