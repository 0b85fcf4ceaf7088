"""The files analysts really have: saved web pages, JSONL/JSON/CSV dumps, Markdown with front matter.

The fixtures in tests/fixtures/inputs/ are shaped like the real thing: a news page saved
from a browser with navigation, a cookie banner, ads, related links and a footer; a
3-row JSONL whose middle row is cut off; a CSV with quoted newlines; a JSON array; a
NewsAPI response; Markdown notes with good and broken front matter.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edit_fixtures import ready

from tui.core.annotate import annotate
from tui.core.corpus import paragraphs, read_article, read_corpus
from tui.core.index import Index
from tui.ui.loading import RowIndex

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inputs"
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))

PAGE_STORY = ["met Chinese President Xi Jinping in Beijing on Monday", "Foreign Minister Qin Gang",
              "according to Chinese state broadcaster CCTV", "raised human rights in Xinjiang",
              "technology export controls"]
PAGE_CHROME = ["cookies", "Accept all", "Subscribe for", "Advertisement", "Crestline", "Nordic Star", "Scholz",
               "Tesla", "Wimbledon", "Most read", "morning coffee", "Sign up", "Privacy policy",
               "All rights reserved", "Skip to main", "Share on", "Taiwan after Tsai"]


def read_source(path: Path):
    from tui.core.corpus import read_source   # here: the test file also runs on the code before dumps

    return read_source(path)


def read_dump(path: Path, file, fields: dict, limit: int):
    from tui.core.dumps import read_dump

    return read_dump(path, file, fields, limit)


def ner_text(article) -> str:
    """What the pipeline reads for entities: the body paragraphs outside chrome."""
    return "\n".join(article.text[s:e] for s, e in paragraphs(article))


def copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


# ---- saved web pages --------------------------------------------------------------------------

def test_a_saved_page_gives_its_story_and_none_of_its_chrome(tmp_path):
    path = copy(tmp_path, "blinken-beijing.html") / "blinken-beijing.html"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    article, problems = read_article(path)
    assert problems == [] and article is not None
    assert article.id == "blinken-beijing"
    story = ner_text(article)
    assert all(sentence in story for sentence in PAGE_STORY)
    assert [c for c in PAGE_CHROME if c in article.text] == []   # not dimmed: gone
    assert "<p>" not in article.text and "gtag" not in article.text
    meta = article.meta
    assert (meta.title, meta.outlet, meta.published, meta.credits) == (
        "Blinken meets Xi in Beijing as both sides seek to steady ties", "Global Wire", "2023-06-19", ["Laura Kent"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before == article.sha256   # only read


def test_a_page_in_cp1252_with_json_ld_metadata(tmp_path):
    article, problems = read_article(FIXTURES / "bench-budget-page.htm")
    assert problems == []
    assert "Mel Stride" in ner_text(article) and "Institute for Fiscal Studies" in ner_text(article)
    for chrome in ("Log in", "e-paper", "SPONSORED", "Trending", "Hearing aids", "Comments", "Typical politicians",
                   "Registered in England"):
        assert chrome not in article.text
    assert (article.meta.title, article.meta.outlet, article.meta.published, article.meta.credits) == (
        "Chancellor Reeves unveils spending plans", "The Northern Ledger", "2025-06-11", ["Tom Abbott"])


def test_a_page_with_no_story_is_a_problem_not_an_empty_article(tmp_path):
    # saved before its script had drawn the story: a shell, as single-page sites send it
    path = tmp_path / "app-shell.html"
    path.write_text('<html><head><title>Loading</title><script>var app=1;</script></head><body><div id="root">'
                    "</div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>")
    article, problems = read_article(path)
    assert article is None
    assert [str(p) for p in problems] == [f"{path}: no story text found in this web page"]


def test_escape_sequences_in_a_row_never_reach_the_terminal(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "Bad \x1b]0;owned\x07 title",
                                "text": "Leaders met in Rome on Monday.\x1b[2J Talks went on."}) + "\n")
    articles, problems = read_corpus(tmp_path)
    assert problems == []
    (article,) = articles
    assert article.text == "Leaders met in Rome on Monday.␛[2J Talks went on."   # one symbol for one character
    assert article.meta.title == "Bad ␛]0;owned␇ title"
    assert [str(w) for w in article.warnings] == [
        f"{path}:1: warning: 1 control character (terminal codes) shown as symbols, ␛ for ESC"]


# ---- dumps ------------------------------------------------------------------------------------

def test_a_jsonl_dump_loads_its_good_rows_and_names_the_bad_one(tmp_path):
    path = copy(tmp_path, "wire-feed.jsonl") / "wire-feed.jsonl"
    articles, problems = read_source(path)
    assert [(a.line, a.meta.title) for a in articles] == [
        (1, "Macron and Scholz hold talks in Paris on defence fund"), (3, "Albanese meets Widodo in Jakarta")]
    assert len(problems) == 1 and str(problems[0]).startswith(f"{path}:2: not valid JSON")
    macron, albanese = articles
    assert macron.id.startswith("macron-scholz-paris-talks-") and albanese.id.startswith("text-")
    assert (macron.meta.outlet, macron.meta.published, macron.meta.credits) == ("Global Wire", "2024-03-05",
                                                                               ["Claire Dubois"])
    assert (albanese.meta.outlet, albanese.meta.published) == ("Harbour Times", "2024-03-07")
    assert "Emmanuel Macron hosted German Chancellor Olaf Scholz" in ner_text(macron)
    assert macron.path == str(path)


def test_a_csv_dump_keeps_quoted_newlines_inside_the_text(tmp_path):
    path = FIXTURES / "desk-export.csv"
    articles, problems = read_source(path)
    assert problems == []
    assert [a.line for a in articles] == [2, 5]      # where each record starts, newlines inside quotes counted
    starmer = articles[0]
    assert starmer.text.startswith("ROME - British Prime Minister Keir Starmer met")
    assert 'on Monday to discuss migration.\n\nMeloni said the two governments would work together on "returns hubs"' \
        in starmer.text
    assert (starmer.meta.title, starmer.meta.outlet, starmer.meta.published) == (
        "Starmer meets Meloni in Rome", "Capital Ledger", "2024-09-16")
    assert starmer.id.startswith("starmer-meloni-rome-")


def test_a_csv_saved_by_a_spreadsheet_in_cp1252_is_read_and_said(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"title;text\r\nCaf\xe9 talks;Leaders met at a caf\xe9 in Rome, officials said \x93frankly\x94.\r\n")
    articles, problems = read_source(path)
    assert problems == []
    assert (articles[0].meta.title, articles[0].text) == (
        "Café talks", "Leaders met at a café in Rome, officials said “frankly”.")
    assert [str(w) for w in articles[0].warnings] == [f"{path}:2: warning: not UTF-8, read as cp1252 (text, title)"]


def test_a_json_array_and_a_news_api_response(tmp_path):
    briefs, problems = read_source(FIXTURES / "briefs.json")
    assert problems == []
    assert [(a.line, a.meta.title, a.meta.published) for a in briefs] == [
        (2, "Lammy holds talks with Wang Yi in Beijing", "2024-10-18"), (3, "Rutte meets Zelensky in Kyiv", "2024-10-03")]
    news, problems = read_source(FIXTURES / "newsapi-top.json")
    assert problems == []
    assert [(a.meta.title, a.meta.outlet, a.meta.published) for a in news] == [
        ("Modi meets Biden at the White House", "BBC News", "2023-06-22"),
        ("Ardern visits Canberra", "Harbour Times", "2023-06-23")]
    assert news[0].id.startswith("world-asia-india-65951183-") and news[1].id.startswith("ardern-canberra-")
    assert news[0].line == 5


def rows_file(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    {"url": "https://a.example/world/talks-in-rome", "title": "Talks in Rome", "text": "Leaders met in Rome on Monday."},
    {"title": "No url here", "text": "Ministers met in Lisbon on Tuesday."},
    {"url": "https://a.example/world/2024/06/17/123456", "text": "Envoys met in Oslo on Wednesday."},
]


def test_row_ids_and_hashes_survive_reordering_and_a_growing_dump(tmp_path):
    first, _ = read_source(rows_file(tmp_path / "feed.jsonl", ROWS))
    grown = [{"text": "A new story from Riga."}, *reversed(ROWS)]
    again, _ = read_source(rows_file(tmp_path / "feed.jsonl", grown))
    before = {a.id: a.sha256 for a in first}
    after = {a.id: a.sha256 for a in again}
    assert len(before) == 3 and len(after) == 4
    assert {k: after[k] for k in before} == before
    assert [a.id for a in first][0].startswith("talks-in-rome-")
    assert [a.id for a in first][2].startswith("17-123456-")   # a number alone: with the segment before it


def test_the_same_row_twice_is_reported_at_both_lines_and_neither_loads(tmp_path):
    path = rows_file(tmp_path / "feed.jsonl", [ROWS[0], ROWS[1], ROWS[0]])
    articles, problems = read_corpus(tmp_path)
    assert [a.meta.title for a in articles] == ["No url here"]
    assert [(p.line, p.path) for p in problems] == [(1, str(path)), (3, str(path))]
    assert "feed.jsonl:1 and feed.jsonl:3" in problems[0].message and "neither is loaded" in problems[0].message


@pytest.mark.parametrize(("row", "message"), [
    ('["a list", "not an object"]', "a row must be an object of fields, not a list"),
    ('{"title": "No text"}', "no text: no text, body, content in this row"),
    ('{"text": "   "}', "the text is empty"),
    ('{"text": ["paragraph one", "paragraph two"]}', "text (found by name) is a list, not text"),
    ('{"text": "Leaders met.", "title": {"main": "x"}}', "title (found by name) is an object, not text"),
    ('{"text": "x" ', "not valid JSON"),
    ('{"text": "' + "x" * 300 + '"}', "row is larger than the 0 MB limit"),
])
def test_a_bad_row_is_said_at_its_line_and_the_next_row_loads(tmp_path, row, message):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Ministers met in Lisbon."}\n' + row + '\n{"text": "Envoys met in Oslo."}\n')
    with open(path, "rb") as file:
        found = list(read_dump(path, file, {}, 200))
    assert [r.line for r in found] == [1, 2, 3]
    assert found[1].message.startswith(message) and (found[1].path, found[1].line) == (str(path), 2)
    assert [r.values["text"] for r in (found[0], found[2])] == ["Ministers met in Lisbon.", "Envoys met in Oslo."]


def test_a_row_over_the_article_limit_is_a_row_problem_in_every_dump_kind(tmp_path):
    big = "y" * 300
    (tmp_path / "a.csv").write_text(f"text\nsmall one\n{big}\nsmall two\n")
    (tmp_path / "b.json").write_text(json.dumps([{"text": "small one"}, {"text": big}, {"text": "small two"}]))
    for name in ("a.csv", "b.json"):
        with open(tmp_path / name, "rb") as file:
            found = list(read_dump(tmp_path / name, file, {}, 200))
        assert [type(r).__name__ for r in found] == ["Row", "Problem", "Row"], name
        assert "larger than" in found[1].message


def test_field_overrides_name_the_columns(tmp_path):
    rows_file(tmp_path / "feed.jsonl", [{"story": "Leaders met in Rome on Monday.", "kicker": "Rome talks",
                                         "meta": {"site": "Tiber Post", "when": "2024-05-02"}}])
    articles, problems = read_corpus(tmp_path)
    assert articles == [] and "no text: no text, body, content" in problems[0].message
    fields = {"text": "story", "title": "Kicker", "source": "meta.site", "date": "meta.when"}
    articles, problems = read_corpus(tmp_path, fields)
    assert problems == []
    assert (articles[0].text, articles[0].meta.title, articles[0].meta.outlet, articles[0].meta.published) == (
        "Leaders met in Rome on Monday.", "Rome talks", "Tiber Post", "2024-05-02")


def test_the_field_option_reaches_the_commands(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    rows_file(folder / "feed.jsonl", [{"story": "Leaders met in Lisbon on Monday.", "kicker": "Lisbon talks"}])
    run = lambda *args: subprocess.run([NEWSDESK, *args], capture_output=True, text=True, timeout=120,  # noqa: E731
                                       stdin=subprocess.DEVNULL)
    without = run("search", "Lisbon", str(folder))
    assert without.returncode == 2 and f"{folder / 'feed.jsonl'}:1: no text" in without.stderr
    found = run("search", "Lisbon", str(folder), "--field", "text=story", "--field", "title=kicker")
    assert found.returncode == 0, found.stderr
    assert "Lisbon talks" in found.stdout
    wrong = run("search", "Lisbon", str(folder), "--field", "body")
    assert wrong.returncode == 2 and "expected FIELD=NAME" in wrong.stderr
    for command in ("annotate", "export", "eval"):
        assert "--field FIELD=NAME" in run(command, "--help").stdout
    assert "--field FIELD=NAME" in run("--help").stdout


# ---- Markdown front matter --------------------------------------------------------------------

def test_front_matter_fills_the_metadata_and_stays_out_of_the_story():
    article, problems = read_article(FIXTURES / "notes-berlin.md")
    assert problems == [] and article.warnings == []
    meta = article.meta
    assert (meta.title, meta.published, meta.outlet, meta.credits) == (
        "Baerbock meets Blinken in Berlin: notes", "2024-02-14", "Desk notes", ["Anna Weiss"])
    story = ner_text(article)
    assert story.startswith("German Foreign Minister Annalena Baerbock met")
    assert "tags" not in story and "Anna Weiss" not in story and "notes.example" not in story


def test_malformed_front_matter_is_said_at_its_line_and_the_story_still_loads():
    path = FIXTURES / "notes-broken.md"
    article, problems = read_article(path)
    assert problems == []
    assert [(w.line, w.warning) for w in article.warnings] == [(3, True)]
    assert str(article.warnings[0]).startswith(f"{path}:3: warning: front matter is not valid YAML")
    assert "Robert Habeck met US Commerce Secretary Gina Raimondo" in ner_text(article)
    assert "Habeck in Washington" not in ner_text(article)   # the block is still not story


def test_front_matter_never_closed_is_read_as_text(tmp_path):
    path = tmp_path / "open.md"
    path.write_text("---\ntitle: Open fence\nLeaders met in Rome on Monday.\n")
    article, _ = read_article(path)
    assert str(article.warnings[0]) == f"{path}:1: warning: front matter opened with --- is never closed: the " \
                                       "file is read as text, without its fields"
    assert "Leaders met in Rome on Monday." in ner_text(article)


# ---- incremental runs, the index, the row cache ------------------------------------------------

def test_annotate_skips_the_rows_that_did_not_change(tmp_path, blank_nlp):
    folder = copy(tmp_path, "wire-feed.jsonl", "desk-export.csv", "blinken-beijing.html")
    annotations = tmp_path / "annotations"
    first = annotate(folder, annotations, model=blank_nlp)
    assert (first.articles, first.annotated) == (5, 5)
    assert sorted(p.stem for p in (annotations / "articles").glob("*.yaml")) == sorted(
        a.id for a in read_corpus(folder)[0])
    csv = folder / "desk-export.csv"
    csv.write_text(csv.read_text().replace("to discuss migration", "to discuss migration and Ukraine"))
    again = annotate(folder, annotations, model=blank_nlp)
    assert (again.annotated, again.skipped) == (1, 4)


def test_the_index_reads_a_changed_dump_again_and_only_its_changed_rows(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    annotations = tmp_path / "annotations"
    (annotations / "articles").mkdir(parents=True)
    path = rows_file(folder / "feed.jsonl", ROWS)
    (folder / "page.txt").write_text("Leaders met in Paris on Friday.\n")
    index = Index(folder, annotations)
    assert index.refresh().read == 4
    rome = next(a for a in index.workspace().articles.values() if a.meta.title == "Talks in Rome")
    assert index.refresh().read == 0          # nothing moved: the dump is not even read

    changed = [{**ROWS[0], "text": "Leaders met in Rome on Monday and Thursday."}, ROWS[2], ROWS[1]]
    rows_file(path, changed)
    done = index.refresh()
    assert (done.read, done.removed) == (1, 0)     # the changed row; the reordered ones only move
    ws = index.workspace()
    assert ws.articles[rome.id].text == "Leaders met in Rome on Monday and Thursday."
    assert [ws.articles[a].line for a in sorted(ws.articles, key=lambda a: ws.articles[a].line or 0)
            if ws.articles[a].line] == [1, 2, 3]
    assert index.text_matches("thursday", 5)[0] == [rome.id]

    rows_file(path, changed[:2] + [{"text": "not json"}][:0])
    path.write_text(path.read_text() + "{broken\n")
    done = index.refresh()
    assert done.removed == 1
    ws = index.workspace()
    assert len(ws.articles) == 3
    assert [str(p) for p in ws.problems if p.path == str(path)] == [
        f"{path}:3: not valid JSON: Expecting property name enclosed in double quotes (column 2)"]
    index.close()


def test_the_row_cache_trusts_a_dumps_rows_only_while_the_dump_is_unchanged(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    annotations = tmp_path / "annotations"
    (annotations / "articles").mkdir(parents=True)
    path = rows_file(folder / "feed.jsonl", ROWS[:2])
    articles, _ = read_corpus(folder)
    from tui.core.views import ArticleRow

    rows = [ArticleRow(a.id, a.meta.title or a.id, "", "", 0, 0, 0, 0, False) for a in articles]
    RowIndex(folder, annotations).save(rows, {a.id: "feed.jsonl" for a in articles})
    assert [r.id for r in RowIndex(folder, annotations).rows()] == sorted(a.id for a in articles)
    rows_file(path, ROWS)
    os.utime(path, ns=(1, 1))
    assert RowIndex(folder, annotations).rows() == []   # the dump changed: read again before its rows show


# ---- end to end -------------------------------------------------------------------------------

@pytest.mark.model
def test_annotate_and_export_a_mixed_folder(tmp_path):
    folder = copy(tmp_path, *(p.name for p in FIXTURES.iterdir()))
    run = lambda *args: subprocess.run([NEWSDESK, *args], capture_output=True, text=True, timeout=300,  # noqa: E731
                                       stdin=subprocess.DEVNULL)
    annotated = run("annotate", str(folder))
    assert annotated.returncode == 1    # the cut-off JSONL row; everything else annotated
    assert f"{folder / 'wire-feed.jsonl'}:2: not valid JSON" in annotated.stderr
    assert "12 articles: 12 annotated" in annotated.stdout
    exported = run("export", str(folder), "--format", "json")
    data = json.loads(exported.stdout)
    people = {p["name"] for p in data["people"]}
    assert {"Antony Blinken", "Xi Jinping", "Emmanuel Macron", "Keir Starmer", "Narendra Modi",
            "Annalena Baerbock", "Rachel Reeves"} <= people
    assert not people & {"Alcaraz", "Djokovic", "Laura Kent", "Tom Abbott"}   # chrome and bylines
    sources = {a["id"]: Path(a["source"]).name for a in data["articles"]}
    assert len(sources) == 12
    assert sources["blinken-beijing"] == "blinken-beijing.html"
    assert sorted(name for aid, name in sources.items() if aid.startswith("starmer-meloni-rome-")) == ["desk-export.csv"]
    assert sum(name == "wire-feed.jsonl" for name in sources.values()) == 2


async def test_the_app_opens_a_mixed_folder_and_shows_a_pages_extracted_text(tmp_path):
    from test_ui_app import open_from_list, reader_text
    from tui.ui.app import NewsdeskApp
    from tui.ui.widgets.article_table import ArticleTable

    folder = copy(tmp_path, "blinken-beijing.html", "wire-feed.jsonl", "notes-berlin.md")
    app = NewsdeskApp(folder, tmp_path / "annotations", annotate=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        rows = app.query_one(ArticleTable).rows
        assert {r.title for r in rows} >= {"Blinken meets Xi in Beijing as both sides seek to steady ties",
                                           "Macron and Scholz hold talks in Paris on defence fund"}
        await open_from_list(app, pilot, "blinken-beijing")
        await pilot.pause()
        shown = " ".join(reader_text(app).split())   # the reader wraps lines
        assert "met Chinese President Xi Jinping" in shown
        assert not [c for c in ("cookies", "Accept all", "Advertisement", "Wimbledon", "Privacy") if c in shown]


def test_a_json_file_of_one_article_and_one_without_text(tmp_path):
    (tmp_path / "one.json").write_text('{\n  "headline": "Talks in Oslo",\n  "body": "Envoys met in Oslo."\n}\n')
    articles, problems = read_source(tmp_path / "one.json")
    assert problems == [] and [(a.line, a.meta.title, a.text) for a in articles] == [
        (1, "Talks in Oslo", "Envoys met in Oslo.")]
    (tmp_path / "empty.json").write_text('{"status": "ok", "totalResults": 0, "articles": []}')
    articles, problems = read_source(tmp_path / "empty.json")
    assert articles == [] and [(p.line, p.message[:8]) for p in problems] == [(1, "no text:")]


def test_prose_between_two_rules_at_the_top_stays_story(tmp_path):
    path = tmp_path / "rules.md"
    path.write_text("---\nLeaders met in Rome on Monday to discuss trade.\n---\n\nMore talks are planned.\n")
    article, _ = read_article(path)
    assert "Leaders met in Rome on Monday to discuss trade." in ner_text(article)
    assert [w.line for w in article.warnings] == [1]


async def test_the_app_reads_a_dump_with_field_overrides(tmp_path):
    from tui.ui.app import NewsdeskApp

    folder = tmp_path / "articles"
    folder.mkdir()
    rows_file(folder / "feed.jsonl", [{"story": "Leaders met in Lisbon on Monday.", "kicker": "Lisbon talks"}])
    app = NewsdeskApp(folder, tmp_path / "annotations", annotate=False, fields={"text": "story", "title": "kicker"})
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(app, pilot)
        assert [(a.meta.title, a.text) for a in app.ws.articles.values()] == [
            ("Lisbon talks", "Leaders met in Lisbon on Monday.")]
