"""corpus.py and its helpers: reading folders, decoding, mojibake repair, chrome, metadata.

Seeds are the real files; every other page is written to tmp_path, in the style of
outlets the seeds do not cover, so that no rule is only tested on what it was built from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tui.core import corpus
from tui.core.chrome import classify, keywords
from tui.core.corpus import MAX_ARTICLE_BYTES, paragraphs, read_article, read_corpus
from tui.core.metadata import credit_names
from tui.core.models import Article, ArticleMeta, Segment
from tui.core.mojibake import has_mojibake, is_garbage_line, repair

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles, problems = read_corpus(SEEDS)
    assert problems == []
    return {a.id[:3]: a for a in articles}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load(tmp_path: Path, content: str | bytes, name: str = "page.txt") -> Article:
    article, problems = read_article(write(tmp_path, name, content))
    assert problems == [] and article is not None
    return article


def chrome_of(article: Article) -> list[tuple[str, str]]:
    return [(s.kind, article.text[s.start:s.end]) for s in article.chrome]


def paragraph_texts(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in paragraphs(article)]


# --- the seeds -------------------------------------------------------------------------

def test_seeds_load_sorted_by_id_with_hash_of_raw_bytes(seeds):
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    for article in seeds.values():
        raw = Path(article.path).read_bytes()
        assert article.id == Path(article.path).stem
        assert article.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("key", ["000", "002", "003", "004"])
def test_clean_seeds_are_untouched_byte_for_byte(seeds, key):
    article = seeds[key]
    assert article.text == Path(article.path).read_bytes().decode("utf-8")
    assert article.warnings == []


def test_seed_001_quotes_repaired(seeds):
    text = seeds["001"].text
    for repaired in ("held “candid and productive” talks in Beijing",
                     "properly managing differences.”\n\nBeijing said",
                     "“solemn position on Taiwan” — a self-ruled island",
                     "between the two countries.”\n\nThe U.S. Navy",
                     "an “unsafe interaction” in the Taiwan Strait"):
        assert repaired in text
    assert "â€" not in text and "†" not in text
    assert text.count("”") == text.count("“") == 5
    assert any("repaired 5" in str(w) and "001_5843e84394fa44eb.txt" in str(w) for w in seeds["001"].warnings)


def test_seed_001_garbage_line_is_kept_and_marked_mojibake(seeds):
    article = seeds["001"]
    assert article.text.startswith("Â鶹´«Ã½\n")
    assert article.chrome[0] == Segment(0, 6, "mojibake")


EXPECTED_CHROME = {
    "000": [("related", "Read more: White House Sees ‘Growing Aggressiveness’ by Chinese Forces"),
            ("related", "Read more: US-China Handshake Fails to Stem Fears of Conflict in Asia"),
            ("credit", "--With assistance from Colum Murphy."),
            ("editorial", "(Updates with Chinese Foreign Ministry comment in the penultimate paragraph.)"),
            ("copyright", "©2023 Bloomberg L.P.")],
    "002": [("credit", "--With assistance from Ocean Hou and Courtney McBride."),
            ("editorial", "(Updates with comment from State Department spokesman in 4th paragraph.)"),
            ("copyright", "©2022 Bloomberg L.P.")],
    "003": [("navigation", "• World\n  • diplomacy"),
            ("navigation", "3 minute read"),
            ("related", "Read More: Why China, Russia, and North Korea Joining Forces in the "
                        "Indo-Pacific Isn’t Necessarily a Prelude to War"),
            ("unrelated", "More Must-Reads From TIME"),
            ("editorial", "Contact us at letters@time.com")],
    "004": [("credit", "With reporting from agencies")],
}


@pytest.mark.parametrize("key", sorted(EXPECTED_CHROME))
def test_seed_chrome(seeds, key):
    assert chrome_of(seeds[key]) == EXPECTED_CHROME[key]


def test_seed_001_chrome_and_ctv_tail(seeds):
    article = seeds["001"]
    kinds = [(kind, text.split("\n")[0]) for kind, text in chrome_of(article)]
    assert kinds == [("mojibake", "Â鶹´«Ã½"), ("navigation", "Skip to main content"),
                     ("navigation", "Share"), ("unrelated", "CTVNews.ca Top Stories")]
    tail = article.chrome[-1]
    assert tail.end == len(article.text.rstrip())  # every CTV story after the heading
    assert "Connor Nijsse" in article.text[tail.start:tail.end]
    assert article.text[article.body[1] - 23:article.body[1]] == "through various channels."[-23:]


def test_related_lines_are_chrome_inside_the_body(seeds):
    for key in ("000", "003"):
        article = seeds[key]
        related = [s for s in article.chrome if s.kind == "related"]
        assert related
        assert all(article.body[0] < s.start and s.end < article.body[1] for s in related)
        assert all(not article.text[s:e].startswith("Read") for s, e in paragraphs(article))


# A phrase from every real paragraph of every seed: none may be chrome, each is a paragraph.
BODY_PHRASES = {
    "000": ["Senior US and Chinese officials held", "becoming the most senior US official",
            "“constructive” in a statement on Tuesday", "Sarah Beran, the National Security",
            "laying the groundwork for a call", "CIA Director William Burns made a secret",
            "isolate China from high-tech chips", "refused to meet his US counterpart",
            "Wang Wenbin criticized the US", "Kritenbrink discussed “cross-Strait issues”"],
    "001": ["TAIPEI, Taiwan -", "agreed to keep open lines of communication",
            "assistant U.S. secretary of state for East Asian", "postponed a planned trip to China",
            "Vice Foreign Minister Ma Zhaoxu", "a self-ruled island China claims",
            "build on recent high-level diplomacy", "came within 150 yards",
            "reportedly took a secret trip to Beijing"],
    "002": ["China described its meeting with US envoys", "Vice Foreign Minister Xie Feng met",
            "properly handling issues in bilateral relations", "Ned Price said the talks",
            "would continue to compete vigorously", "filed a dispute to the World Trade Organization",
            "resist what the readout called", "Nancy Pelosi’s visit to Taiwan",
            "the first by a sitting speaker in 25 years", "Blinken would visit sometime soon",
            "Japan and the Netherlands have agreed", "Kritenbrink and Rosenberger were also set"],
    "003": ["Senior U.S. and Chinese officials held “candid” talks in Washington",
            "Sun Weidong on Thursday", "including North Korea", "spy balloon floated over America",
            "Wang Yi met in Malta", "Asia-Pacific Economic Cooperation summit",
            "Vice Premier He Lifeng", "Mao Ning said Thursday", "Secretary Janet Yellen",
            "Xi abruptly snubbed that meeting"],
    "004": ["has held talks with China’s top foreign policy official",
            "seven and a half hours of discussions", "he will meet President Xi Jinping",
            "billionaire Bill Gates", "human rights and technology",
            "“the core of the core interests”", "scrapped at the last minute",
            "planned to go deeper into the specifics", "news conference before his departure",
            "increasing flights between the two countries", "student visas could be forthcoming",
            "Mr Qin would visit Washington", "a steadier path for relations",
            "I’ll be meeting Xi again", "decrease the chance of a military accident",
            "“unnecessarily aggressive”", "US counterpart Lloyd Austin"],
}


@pytest.mark.parametrize("key", sorted(BODY_PHRASES))
def test_every_real_body_paragraph_is_body(seeds, key):
    article = seeds[key]
    spans = paragraphs(article)
    assert len(spans) == len(BODY_PHRASES[key])
    for phrase, (start, end) in zip(BODY_PHRASES[key], spans):
        at = article.text.index(phrase)
        assert not article.is_chrome(at, at + len(phrase)), phrase
        assert start <= at and at + len(phrase) <= end, phrase


def test_paragraphs_are_stripped_and_disjoint(seeds):
    for article in seeds.values():
        spans = paragraphs(article)
        for (start, end), following in zip(spans, spans[1:] + [(len(article.text) + 1, 0)]):
            chunk = article.text[start:end]
            assert chunk and chunk == chunk.strip()
            assert end < following[0]
            assert "\n\n" not in chunk


EXPECTED_META = {
    "000": ArticleMeta(title=None, outlet="Bloomberg", published="2023", dateline=None,
                       credits=["Colum Murphy"]),
    "001": ArticleMeta(title="Senior U.S., Chinese diplomats hold 'candid' talks to avoid escalation of tensions",
                       outlet="CTV News", published=None, dateline="TAIPEI, Taiwan", credits=[]),
    "002": ArticleMeta(title=None, outlet="Bloomberg", published="2022", dateline=None,
                       credits=["Ocean Hou", "Courtney McBride"]),
    "003": ArticleMeta(title="‘Candid’ Talks Between U.S. and China Officials Raise Hopes of Xi-Biden "
                             "Meeting in November",
                       outlet="TIME", published=None, dateline=None, credits=[]),
    "004": ArticleMeta(title=None, outlet=None, published=None, dateline=None, credits=[]),
}


@pytest.mark.parametrize("key", sorted(EXPECTED_META))
def test_seed_metadata(seeds, key):
    assert seeds[key].meta == EXPECTED_META[key]


def test_headline_is_outside_the_body_and_not_chrome(seeds):
    article = seeds["003"]
    at = article.text.index("‘Candid’ Talks")
    assert at < article.body[0]
    assert not any(s.start <= at < s.end for s in article.chrome)


# --- decoding and bad files ------------------------------------------------------------

def test_cp1252_file_is_read_with_a_warning(tmp_path):
    article = load(tmp_path, b"Caf\xe9 talks were \x93frank\x94 \x96 officials said.\n")
    assert article.text == "Café talks were “frank” – officials said.\n"
    assert [str(w) for w in article.warnings] == [f"{tmp_path / 'page.txt'}: warning: not UTF-8, read as cp1252"]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    article = load(tmp_path, b"Talks in Beijing\x81 ended.\n")
    # latin-1 reads 0x81 as a C1 control character: it is shown as U+FFFD, one for one
    assert article.text == "Talks in Beijing\ufffd ended.\n"
    assert str(article.warnings[0]).endswith(": warning: not UTF-8, read as latin-1")


def test_byte_order_marks(tmp_path):
    assert load(tmp_path, b"\xef\xbb\xbfTalks ended.\n", "a.txt").text == "Talks ended.\n"
    utf16 = load(tmp_path, "Talks “ended”.\n".encode("utf-16"), "b.txt")
    assert utf16.text == "Talks “ended”.\n" and utf16.warnings == []


def test_crlf_and_cr_become_newlines(tmp_path):
    article = load(tmp_path, b"Headline of the story here\r\n\r\nFirst paragraph.\r\rSecond one.\r\n")
    assert article.text == "Headline of the story here\n\nFirst paragraph.\n\nSecond one.\n"
    assert paragraph_texts(article) == ["First paragraph.", "Second one."]
    assert article.meta.title == "Headline of the story here"


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"", None, "file is empty"),
    (b" \n\t\r\n", None, "file holds only whitespace"),
    (b"PNG header\nmore\x00\x01\x02", 2, "binary file (NUL byte), not an article"),
])
def test_bad_files_are_problems(tmp_path, content, line, message):
    path = write(tmp_path, "bad.txt", content)
    article, problems = read_article(path)
    assert article is None
    assert [(p.path, p.line, p.message) for p in problems] == [(str(path), line, message)]


def test_oversized_file_is_a_problem(tmp_path):
    path = write(tmp_path, "huge.txt", b"a" * (MAX_ARTICLE_BYTES + 1))
    article, problems = read_article(path)
    assert article is None and len(problems) == 1
    assert "larger than the 5 MB limit" in problems[0].message


def test_a_bad_file_never_stops_the_others(tmp_path):
    write(tmp_path, "a.txt", "Talks were held in Beijing on Monday.\n")
    write(tmp_path, "b.txt", b"\x00\x00")
    write(tmp_path, "c.md", "")
    write(tmp_path, "d.TXT", "Talks continued in Washington.\n")
    write(tmp_path, "notes.yaml", "a: 1\n")
    write(tmp_path, ".hidden.txt", "Not an article.\n")
    (tmp_path / "sub.txt").mkdir()
    articles, problems = read_corpus(tmp_path)
    assert [a.id for a in articles] == ["a", "d"]
    # a folder named like an article is said, not skipped in silence
    assert sorted(Path(p.path).name for p in problems) == ["b.txt", "c.md", "sub.txt"]


def test_duplicate_ids_load_neither_and_name_both(tmp_path):
    write(tmp_path, "a.txt", "One version of the story.\n")
    write(tmp_path, "a.md", "Another version of the story.\n")
    write(tmp_path, "b.txt", "A third story.\n")
    articles, problems = read_corpus(tmp_path)
    assert [a.id for a in articles] == ["b"]
    assert [Path(p.path).name for p in problems] == ["a.md", "a.txt"]
    assert all("'a'" in p.message and "a.md and a.txt" in p.message for p in problems)


def test_a_page_of_only_chrome_has_an_empty_body_and_says_so(tmp_path):
    article = load(tmp_path, "Skip to main content\n\nAdvertisement\n\nShare\n")
    assert article.body == (0, 0) and paragraphs(article) == []
    assert any("no story text found" in str(w) for w in article.warnings)


def test_an_unexpected_error_on_one_file_becomes_a_problem(tmp_path, monkeypatch):
    # No real file triggers a bug on purpose, so a stand-in analyse() raises on one of them.
    write(tmp_path, "a.txt", "Fine story text.\n")
    write(tmp_path, "b.txt", "Trigger story text.\n")
    real = corpus.chrome.analyse

    def analyse(text, *rest):
        if text.startswith("Trigger"):
            raise ValueError("boom")
        return real(text, *rest)

    monkeypatch.setattr(corpus.chrome, "analyse", analyse)
    articles, problems = read_corpus(tmp_path)
    assert [a.id for a in articles] == ["a"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'b.txt'}: could not be read: ValueError: boom"]


def test_missing_folder_and_file_instead_of_folder(tmp_path):
    assert read_corpus(tmp_path / "nope") == ([], [corpus.Problem(str(tmp_path / "nope"), None,
                                                                  "folder does not exist")])
    file = write(tmp_path, "x.txt", "text")
    articles, problems = read_corpus(file)
    assert articles == [] and [p.message for p in problems] == ["not a folder"]


# --- mojibake repair on text outside the seeds -------------------------------------------

@pytest.mark.parametrize(("broken", "fixed"), [
    ("Itâ€™s a â€œdealâ€\x9d â€” almost.", "It’s a “deal” — almost."),
    ("The cafÃ© in SÃ£o Paulo served crÃ¨me brÃ»lÃ©e.", "The café in São Paulo served crème brûlée."),
    ("Ã¢â‚¬Å“Twiceâ€\x9d broken", "“Twice” broken"),            # mis-decoded twice
    ("He said â€œnoâ€ and left.", "He said “no” and left."),   # lost byte before a space
    ("She said: â€œnoâ€\nNext", "She said: “no”\nNext"),       # lost byte at line end
    ("the â€œbest†deal", "the “best” deal"),                  # dagger swallowed the space
    ("donâ€t go", "don’t go"),                                 # lost byte inside a word
    ("priceÂ Â£5 and Â\xa0Beijing", "price £5 and \xa0Beijing"),
])
def test_repair_on_made_up_mojibake(broken, fixed):
    assert has_mojibake(broken)
    assert repair(broken)[0] == fixed


@pytest.mark.parametrize("clean", [
    "Beijing’s “candid” talks — and a footnote†.",       # dagger, no markers: left alone
    "Le président a dit « non » à Pékin, São Paulo, Zürich.",
    "习近平 met Biden. Â is a letter, Ã too, in a list of glyphs.",
    "Ünal Çelik said the ½ share was fine.",
])
def test_clean_text_is_never_changed(clean):
    assert repair(clean) == (clean, 0)


def test_garbage_lines_are_found_and_left_unrepaired():
    # GBK "你好，世界" read as cp1252; GBK "麻豆传媒" read as UTF-8 then cp1252
    text = "ÄãºÃ£¬ÊÀ½ç\nReal line with cafÃ© in it.\n浣犲ソ´«Ã½Â\n中文标题 is fine"
    fixed, _ = repair(text)
    lines = fixed.split("\n")
    assert lines[1] == "Real line with café in it."
    assert lines[2] == "浣犲ソ´«Ã½Â"
    assert [line for line in lines if is_garbage_line(line)] == [lines[0], lines[2]]


def test_mojibake_file_end_to_end(tmp_path):
    article = load(tmp_path, "Beijing said the talks were â€œfrankâ€ and â€œusefulâ€.\n\nMore later.\n")
    assert article.text.startswith("Beijing said the talks were “frank” and “useful”.")
    assert "repaired 4" in str(article.warnings[0])


# --- chrome rules on lines from other outlets --------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("Skip to main content", "navigation"),
    ("Advertisement", "navigation"),
    ("ADVERTISEMENT", "navigation"),
    ("Advertisement · Scroll to continue", "navigation"),
    ("Story continues below advertisement", "navigation"),
    ("Sign up for our free morning newsletter", "navigation"),
    ("Subscribe now", "navigation"),
    ("Follow us on Twitter @newsdesk", "navigation"),
    ("Share on Facebook", "navigation"),
    ("Share this article", "navigation"),
    ("Facebook Twitter Email Print", "navigation"),
    ("5 min read", "navigation"),
    ("Listen to this article", "navigation"),
    ("Home › World › Asia", "navigation"),
    ("• Politics", "navigation"),
    ("Published June 6, 2023", "navigation"),
    ("Updated 3 hours ago", "navigation"),
    ("Read more: Why chip controls matter", "related"),
    ("READ MORE: China's exports fall again", "related"),
    ("Related: The balloon that broke ties", "related"),
    ("See also: Taiwan's election explained", "related"),
    ("Watch: Blinken arrives in Beijing", "related"),
    ("Reporting by Yew Lun Tian; Editing by Lincoln Feast", "credit"),
    ("Additional reporting by Kiyoshi Takenaka in Tokyo", "credit"),
    ("With reporting from agencies", "credit"),
    ("Staff and agencies", "credit"),
    ("By Jane Doe and John Roe, Reuters", "credit"),
    ("Associated Press writer Jim Gomez in Manila contributed to this report.", "credit"),
    ("Photo: Andy Wong/AP", "credit"),
    ("(AP Photo/Andy Wong)", "credit"),
    ("© 2023 Reuters", "copyright"),
    ("Copyright 2023 The Associated Press. All rights reserved.", "copyright"),
    ("Copyright © 2023 Nikkei Inc.", "copyright"),
    ("All rights reserved.", "copyright"),
    ("(Adds quote from ministry in paragraph 5)", "editorial"),
    ("(Corrects spelling of name in second paragraph)", "editorial"),
    ("To contact the reporter on this story: Jane Doe in Beijing", "editorial"),
    ("Correction: An earlier version misstated the date.", "editorial"),
    ("Editor's note: This story has been updated.", "editorial"),
])
def test_chrome_line_patterns(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize("line", [
    "By the end of the day, the two sides had agreed to keep talking.",
    "By December, the talks had collapsed.",
    "Share prices in Hong Kong fell 3% after the announcement.",
    "Copyright disputes between the two countries have grown, officials said.",
    "Correction of the trade imbalance is a priority, Raimondo said.",
    "More-than-expected turnout surprised officials.",
    "Photo opportunities were limited, the embassy said.",
    "Advertisement revenue at state media has fallen.",
    "Subscribers in China cannot reach the site.",
    "Read the full statement here, she said.",
    "Updated guidance was published in 2021 by the agency.",
    "Reporting from Beijing has become harder for foreign journalists.",
    "Wang Yi, China’s top diplomat, met Jake Sullivan in Vienna.",
    "Our correspondent in Beijing says the mood has changed.",
    "Sources: officials who spoke on condition of anonymity said the talks were tense and long, "
    "and that neither side had moved on Taiwan, on export controls or on the fentanyl trade, "
    "though both wanted the channel kept open through the summer and into the autumn summit.",
])
def test_story_sentences_are_not_chrome(line):
    assert classify(line) is None


STORY = """\
Blinken and Wang agree to keep talking after Vienna meeting

VIENNA, May 11 (Reuters) - U.S. Secretary of State Antony Blinken met Chinese diplomat Wang Yi in Vienna on Thursday, officials said.

The meeting between Blinken and Wang lasted eight hours, according to a U.S. readout.

Wang told Blinken that Taiwan was a red line for Beijing.

Analysts said the Vienna talks could pave the way for a summit.
"""


def test_trailing_unrelated_stories_are_cut_without_a_heading(tmp_path):
    tail = ("\nA bakery in Halifax, N.S., won a national award for its sourdough.\n"
            "\nFirefighters in Kelowna battled a blaze near Okanagan Lake overnight.\n"
            "\nWhy sleep matters more than you think\n"
            "\nThe Maple Leafs signed Auston Matthews to a new contract.\n")
    article = load(tmp_path, STORY + tail)
    assert chrome_of(article) == [("unrelated", tail.strip())]
    assert paragraph_texts(article)[-1] == "Analysts said the Vienna talks could pave the way for a summit."


def test_ctv_tail_is_cut_even_without_its_heading(tmp_path):
    raw = (SEEDS / "001_5843e84394fa44eb.txt").read_text(encoding="utf-8")
    article = load(tmp_path, raw.replace("CTVNews.ca Top Stories\n\n", ""))
    tail = article.chrome[-1]
    assert tail.kind == "unrelated"
    assert article.text[tail.start:].startswith("A team of tornado experts")
    assert paragraph_texts(article)[-1].startswith("CIA Director William Burns last month")


def test_a_last_paragraph_with_new_names_is_not_cut(tmp_path):
    # New names in a final paragraph are common (a quoted analyst): one is not a tail.
    ending = "\nBonnie Glaser of the German Marshall Fund said the talks were overdue.\n"
    article = load(tmp_path, STORY + ending)
    assert article.chrome == []
    assert paragraph_texts(article)[-1] == ending.strip()


def test_closing_quotes_from_new_people_are_not_cut(tmp_path):
    ending = ("\nBonnie Glaser of the German Marshall Fund said the talks were overdue.\n"
              "\nScott Kennedy at CSIS agreed, calling the meeting a floor, not a ceiling.\n")
    article = load(tmp_path, STORY + ending)
    assert article.chrome == []


def test_names_from_the_middle_of_the_story_keep_a_tail_paragraph(tmp_path):
    story = STORY.replace("Analysts said", "Nicholas Burns, the U.S. ambassador, said")
    ending = ("\nBurns also met Ma Zhaoxu in Beijing last month.\n"
              "\nMa Zhaoxu said Burns was welcome, according to Xinhua.\n")
    article = load(tmp_path, story + ending)
    assert article.chrome == []


def test_tail_heading_cuts_to_the_end_but_a_sidebar_midpage_resumes(tmp_path):
    sidebar = "\nMost Read\n\nTaylor Swift adds Sydney dates\n\nMarket wrap: stocks slip\n"
    resumed = ("\nBlinken and Wang also discussed Taiwan, fentanyl and the Vienna channel, and "
               "Blinken said he expected Wang to visit Washington before the summit in November, "
               "U.S. officials said.\n")
    article = load(tmp_path, STORY + sidebar + resumed)
    assert chrome_of(article) == [("unrelated", sidebar.strip())]
    assert paragraph_texts(article)[-1] == resumed.strip()


def test_keywords_skip_sentence_starts_but_keep_acronyms_and_names():
    strict, every = keywords("Researchers said so. CIA Director William Burns met the U.S. Navy. Mr. Li left.")
    assert strict == {"CIA", "Director", "William", "Burns", "U.S.", "Navy", "Li"}
    assert {"Researchers", "Mr"} & strict == set() and "Researchers" in every


def test_hard_wrapped_paragraphs_stay_whole(tmp_path):
    article = load(tmp_path, "Officials from both countries met in\nBeijing on Monday and agreed\n"
                             "to keep talking.\nBlinken will visit next.\n\nA second paragraph\nfollows.\n")
    assert paragraph_texts(article) == [
        "Officials from both countries met in\nBeijing on Monday and agreed\nto keep talking.",
        "Blinken will visit next.", "A second paragraph\nfollows."]


def test_kicker_above_the_headline_is_navigation(tmp_path):
    article = load(tmp_path, "Analysis\n\nWhy the Vienna talks matter for Taiwan\n\nThe talks were long.\n\n"
                             "They ended late.\n")
    assert chrome_of(article) == [("navigation", "Analysis")]
    assert article.meta.title == "Why the Vienna talks matter for Taiwan"


# --- metadata on pages from other outlets ---------------------------------------------------

def test_reuters_page(tmp_path):
    article = load(tmp_path, """\
Skip to main content

China, Japan foreign ministers meet in Beijing amid seafood row

By Yew Lun Tian and Ryan Woo

3 min read

BEIJING, June 5 (Reuters) - Chinese Foreign Minister Qin Gang met his Japanese counterpart Yoshimasa Hayashi in Beijing on Monday.

Advertisement · Scroll to continue

Hayashi raised concerns about the detention of a Japanese national, the ministry said.

Read more: Japan PM Kishida seeks summit with Xi

Reporting by Yew Lun Tian and Ryan Woo in Beijing; Additional reporting by Kiyoshi Takenaka in Tokyo; Editing by Lincoln Feast.

© 2023 Reuters. All rights reserved.
""")
    assert article.meta == ArticleMeta(
        title="China, Japan foreign ministers meet in Beijing amid seafood row", outlet="Reuters",
        published="2023-06-05", dateline="BEIJING",
        credits=["Yew Lun Tian", "Ryan Woo", "Kiyoshi Takenaka", "Lincoln Feast"])
    assert [kind for kind, _ in chrome_of(article)] == [
        "navigation", "credit", "navigation", "navigation", "related", "credit", "copyright"]
    assert paragraph_texts(article)[0].startswith("BEIJING, June 5 (Reuters) - Chinese")
    assert len(paragraphs(article)) == 2


def test_ap_page(tmp_path):
    article = load(tmp_path, """\
Biden hosts Philippine president at White House

WASHINGTON (AP) — President Joe Biden hosted Philippine President Ferdinand Marcos Jr. at the White House on Monday.

The two leaders discussed the South China Sea.

Associated Press writers Jim Gomez in Manila and Aamer Madhani contributed to this report.

Copyright 2023 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.
""")
    assert article.meta == ArticleMeta(
        title="Biden hosts Philippine president at White House", outlet="Associated Press",
        published="2023", dateline="WASHINGTON", credits=["Jim Gomez", "Aamer Madhani"])
    assert [kind for kind, _ in chrome_of(article)] == ["credit", "copyright"]


def test_government_readout(tmp_path):
    article = load(tmp_path, """\
Readout

Secretary Blinken’s Meeting with PRC Director Wang Yi

Office of the Spokesperson

June 19, 2023

The below is attributable to Spokesperson Matthew Miller:

Secretary of State Antony J. Blinken met with Wang Yi today in Beijing.
""")
    assert article.meta == ArticleMeta(title="Secretary Blinken’s Meeting with PRC Director Wang Yi",
                                       outlet="U.S. Department of State", published="2023-06-19")
    assert chrome_of(article) == [("navigation", "Readout"), ("credit", "Office of the Spokesperson")]
    assert paragraph_texts(article)[0] == "The below is attributable to Spokesperson Matthew Miller:"


def test_xinhua_page(tmp_path):
    article = load(tmp_path, """\
Xi meets Blinken

Source: Xinhua| 2023-06-19 22:58:07|Editor: huaxia

BEIJING, June 19 (Xinhua) -- Chinese President Xi Jinping met with U.S. Secretary of State Antony Blinken.
""")
    assert article.meta == ArticleMeta(title="Xi meets Blinken", outlet="Xinhua", published="2023-06-19",
                                       dateline="BEIJING")


def test_cnn_and_bbc_bylines(tmp_path):
    cnn = load(tmp_path, """\
Xi tells Blinken progress has been made

By Simone McCarthy, CNN

Updated 10:05 PM EDT, Mon June 19, 2023

Hong Kong CNN — Chinese leader Xi Jinping told Antony Blinken that progress had been made.
""", "cnn.txt")
    assert cnn.meta == ArticleMeta(title="Xi tells Blinken progress has been made", outlet="CNN",
                                   published="2023-06-19", dateline="Hong Kong", credits=["Simone McCarthy"])
    bbc = load(tmp_path, """\
Blinken meets Xi Jinping in Beijing as both sides seek to ease tensions

By Laura Bicker
China correspondent, Beijing

US Secretary of State Antony Blinken has met Chinese President Xi Jinping in Beijing.
""", "bbc.txt")
    assert chrome_of(bbc) == [("credit", "By Laura Bicker\nChina correspondent, Beijing")]
    assert bbc.meta.credits == ["Laura Bicker"] and bbc.meta.outlet is None


def test_explicit_date_line_and_site_name(tmp_path):
    article = load(tmp_path, """\
# Australia and China agree to resume ministerial dialogue

Published Tue 6 Jun 2023 04.30 BST

Australia's trade minister, Don Farrell, held talks with Wang Wentao in a video call.

Sign up for Guardian Australia's free morning email newsletter

Farrell said tariffs on Australian barley were discussed.
""", "guardian.md")
    assert article.meta.title == "Australia and China agree to resume ministerial dialogue"
    assert article.meta.outlet == "The Guardian"
    assert article.meta.published == "2023-06-06"
    assert paragraph_texts(article) == [
        "Australia's trade minister, Don Farrell, held talks with Wang Wentao in a video call.",
        "Farrell said tariffs on Australian barley were discussed."]


def test_front_matter_wins_and_is_outside_the_body(tmp_path):
    article = load(tmp_path, """\
---
title: Readout of the Secretary's meeting
source: U.S. Department of State
date: 2023-06-19
author: Office of the Spokesperson
---

Secretary Blinken met with Director Wang Yi today in Beijing.
""", "readout.md")
    assert article.meta.title == "Readout of the Secretary's meeting"
    assert article.meta.outlet == "U.S. Department of State"
    assert article.meta.published == "2023-06-19"
    assert article.meta.credits == []  # an office is not a person
    assert paragraph_texts(article) == ["Secretary Blinken met with Director Wang Yi today in Beijing."]


def test_source_cited_in_the_body_is_not_the_outlet(tmp_path):
    article = load(tmp_path, "Officials met in Beijing, the Wall Street Journal reported.\n\n"
                             "Reuters could not confirm the report.\n")
    assert article.meta.outlet is None and article.meta.published is None


def test_photo_agency_is_not_the_outlet_and_copyright_beats_a_byline(tmp_path):
    article = load(tmp_path, "Officials met in Beijing.\n\n(AP Photo/Andy Wong)\n\nThey talked.\n")
    assert article.meta.outlet is None and article.meta.credits == ["Andy Wong"]
    article = load(tmp_path, "By Jane Doe, Reuters\n\nOfficials met in Beijing.\n\n"
                             "© 2023 The Japan Times. All rights reserved.\n")
    assert article.meta.outlet == "The Japan Times"


def test_front_matter_title_does_not_name_the_outlet(tmp_path):
    article = load(tmp_path, "---\ntitle: Reuters poll finds support for talks\n---\n\nMost respondents backed talks.\n",
                   "poll.md")
    assert article.meta.title == "Reuters poll finds support for talks"
    assert article.meta.outlet is None


def test_lead_without_headline_has_no_title(tmp_path):
    article = load(tmp_path, "(Bloomberg) -- Officials met in Beijing on Monday.\n\nThey talked.\n")
    assert article.meta.title is None and article.meta.outlet == "Bloomberg"


@pytest.mark.parametrize(("lead", "dateline", "outlet"), [
    ("HONG KONG, June 6 (Xinhua) -- Officials met.", "HONG KONG", "Xinhua"),
    ("NEW DELHI: Officials met on Monday.", "NEW DELHI", None),
    ("LOS ANGELES, Calif. — Officials met.", "LOS ANGELES, Calif.", None),
    ("UPDATE: Officials met on Monday.", None, None),
    ("US Secretary of State Antony Blinken met Wang Yi.", None, None),
    ("(CNN) — Officials met.", None, "CNN"),
])
def test_datelines(tmp_path, lead, dateline, outlet):
    article = load(tmp_path, lead + "\n\nMore text here.\n")
    assert (article.meta.dateline, article.meta.outlet) == (dateline, outlet)


@pytest.mark.parametrize(("line", "names"), [
    ("--With assistance from Colum Murphy.", ["Colum Murphy"]),
    ("--With assistance from Ocean Hou and Courtney McBride.", ["Ocean Hou", "Courtney McBride"]),
    ("With reporting from agencies", []),
    ("Reporting by Yew Lun Tian and Ryan Woo in Beijing; Editing by Lincoln Feast",
     ["Yew Lun Tian", "Ryan Woo", "Lincoln Feast"]),
    ("By Jane Doe, Reuters", ["Jane Doe"]),
    ("By Ursula von der Leyen & Ana Sánchez", ["Ursula von der Leyen", "Ana Sánchez"]),
    ("Staff and agencies", []),
    ("(AP Photo/Andy Wong)", ["Andy Wong"]),
])
def test_credit_names(line, names):
    assert credit_names(line) == names
