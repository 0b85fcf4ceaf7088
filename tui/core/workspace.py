"""Everything the app shows, opened in one call: articles, their annotations, people, meetings.

`open_workspace` never raises on bad input: every unreadable or inconsistent file is a
`Problem` in `Workspace.problems`, and files that failed validation are read-only in
`Workspace.store`.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.corpus import read_corpus
from tui.core.digest import Digest, digest_of
from tui.core.models import Annotation, Article, Meeting, Mention, Person, Problem
from tui.core.store import AnnotationStore, meeting_order


@dataclass
class Workspace:
    articles_dir: Path
    annotations_dir: Path
    # By id, sorted. Read through the index, both are decoded one at a time as they are asked
    # for (index.Decoded): what runs at start asks for digests(), not for these.
    articles: MutableMapping[str, Article]
    annotations: MutableMapping[str, Annotation]   # by article id; articles without a file have none
    people: dict[str, Person]           # by id
    meetings: dict[str, Meeting]        # by id, in file order: (date, id)
    problems: list[Problem]
    store: AnnotationStore
    _merged: dict[str, str] = field(default_factory=dict, repr=False)   # folded id -> person id
    # The derived index it was read through (tui.core.index.Index), or None: text search asks
    # it for candidates, and saves copy their content into it after the YAML write.
    index: Any = field(default=None, repr=False, compare=False)

    @property
    def warnings(self) -> list[Problem]:
        """What was odd about the articles that were read anyway (cp1252, mojibake repaired)."""
        if self.index is not None:
            return self.index.warnings()
        return [w for article in self.articles.values() for w in article.warnings]

    def digests(self, places: bool = True) -> dict[str, Digest]:
        """Every article's digest (digest.py), by id: from the index where there is one
        (places=False: without its people counts and places, which only search needs)."""
        if self.index is not None:
            return self.index.digests(places)
        return {aid: digest_of(article, self.annotations.get(aid)) for aid, article in list(self.articles.items())}

    def digest(self, article_id: str) -> Digest:
        return digest_of(self.articles.get(article_id), self.annotations.get(article_id))

    def file_names(self) -> dict[str, str]:
        """{article id: the name of the file it was read from}."""
        if self.index is not None:
            return self.index.file_names()
        return {aid: Path(article.path).name for aid, article in self.articles.items()}

    def person_counts(self) -> Counter[str]:
        """For each person id, how many (not rejected) mentions link to them: views.count_mentions, from digests."""
        counts: Counter[str] = Counter()
        for digest in self.digests(places=False).values():
            counts.update(dict(digest.linked))
        return counts

    def citing(self, person_ids: set[str]) -> list[str]:
        """The ids of the articles whose annotation links to one of these people (or lists
        them as a candidate), in id order: from the index where there is one."""
        if self.index is not None:
            return self.index.citing(person_ids)
        return [aid for aid, annotation in self.annotations.items()
                if any(m.person in person_ids or person_ids.intersection(m.candidates) for m in annotation.mentions)]

    def add_problems(self, problems: list[Problem]) -> None:
        """Problems found after loading (by an annotate run), each listed once."""
        self.problems += [p for p in dict.fromkeys(problems) if p not in self.problems]

    def stale_ids(self) -> list[str]:
        """Articles that `newsdesk annotate` must (re)do: no annotation file, or one written
        for other text (another sha256). Read-only files are left out: annotate cannot write them."""
        if self.index is not None:
            return [aid for aid, (text, annotated) in self.index.shas().items()
                    if annotated != text and self.store.article_path(aid) not in self.store.read_only]
        stale = []
        for aid, article in self.articles.items():
            annotation = self.annotations.get(aid)
            if (annotation is None or annotation.sha256 != article.sha256) \
                    and self.store.article_path(aid) not in self.store.read_only:
                stale.append(aid)
        return stale

    def people_changed(self) -> None:
        """After an edit to people (a merge above all): person() follows the new merges."""
        self._merged = {old: p.id for p in self.people.values() for old in p.merged}

    def person(self, person_id: str) -> Person | None:
        """The person with this id, following ids that were merged into another person."""
        return self.people.get(person_id) or self.people.get(self._merged.get(person_id, ""))

    def mentions_of(self, person_id: str) -> list[tuple[str, Mention]]:
        """(article id, mention) for every mention linked to the person and not rejected."""
        ids = {person_id, *self._folded_into(person_id)}
        return [(aid, m) for aid in self.citing(ids) for m in self.annotations[aid].mentions
                if m.person in ids and m.status != "rejected"]

    def meetings_of(self, person_id: str) -> list[Meeting]:
        ids = {person_id, *self._folded_into(person_id)}
        return [g for g in self.meetings.values() if ids.intersection(g.participants)]

    def meetings_in(self, article_id: str) -> list[Meeting]:
        """Meetings that this article reports."""
        return [g for g in self.meetings.values() if any(r.article == article_id for r in g.reports)]

    def _folded_into(self, person_id: str) -> list[str]:
        person = self.people.get(person_id)
        return person.merged if person else []


def open_workspace(articles_dir: Path, annotations_dir: Path, fields: Mapping[str, str] | None = None) -> Workspace:
    """Read the articles, then people, meetings and each article's annotation. fields: the
    --field overrides for dumps (dumps.parse_field)."""
    with bulk_load():
        return _open(Path(articles_dir), Path(annotations_dir), fields)


@contextmanager
def bulk_load() -> Iterator[None]:
    """Cyclic GC off while the workspace is built. Loading makes hundreds of thousands of
    small objects, none in a cycle, and the collector would rescan them again and again
    (40% of the load time on 10,000 files)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _open(articles_dir: Path, annotations_dir: Path, fields: Mapping[str, str] | None) -> Workspace:
    corpus, problems = read_corpus(articles_dir, fields)
    articles = {a.id: a for a in corpus}
    store = AnnotationStore(annotations_dir)
    people, found = store.load_people(articles=articles)
    problems += found
    known = known_people(people)
    meetings, found = store.load_meetings(people=known, articles=articles)
    problems += found
    annotations: dict[str, Annotation] = {}
    for article in corpus:
        annotation, found = store.load_annotation(article.id, article, people=known)
        problems += found
        if annotation is None:
            continue
        annotations[article.id] = annotation
        if annotation.sha256 != article.sha256 and annotation.orphans:
            problems.append(Problem(str(store.article_path(article.id)), None,
                                    f"the article changed since it was annotated: {len(annotation.orphans)} "
                                    "mention(s) could not be found in its text and are kept under orphans: "
                                    "(run `newsdesk annotate` to refresh the file)"))
    problems += annotations_without_articles(store, articles, articles_dir)
    ws = Workspace(articles_dir, annotations_dir, articles, annotations, people,
                   dict(sorted(meetings.items(), key=lambda item: meeting_order(item[1]))), problems, store)
    ws.people_changed()
    return ws


def known_people(people: dict[str, Person]) -> set[str]:
    """The ids a file may link to: every person's, and the ids merged into them."""
    return set(people) | {old for p in people.values() for old in p.merged}


def annotations_without_articles(store: AnnotationStore, articles: dict[str, Article],
                                 articles_dir: Path) -> list[Problem]:
    try:
        files = sorted(p for p in store.articles_dir.iterdir() if p.suffix == ".yaml" and not p.name.startswith("."))
    except FileNotFoundError:
        return []
    except OSError as error:
        return [Problem(str(store.articles_dir), None, f"cannot list folder: {error.strerror or error}")]
    return [Problem(str(path), None, f"no article '{path.stem}' in {articles_dir}: this annotation file "
                                     "is not loaded (kept as it is)")
            for path in files if path.stem not in articles]
