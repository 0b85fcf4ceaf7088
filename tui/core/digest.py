"""What one article gives the corpus-wide views, without its mentions: its list row's
facts, who it names, and the organisations and places search offers.

A Digest is a few hundred bytes where an annotation is a few kilobytes. The derived index
keeps one per article (index.py), so that the article list, the search names and a person's
page need no annotation decoded at start; a workspace without an index makes them from its
annotations. Either way the views are built from digests alone (views.article_rows,
search.build_index), so both paths give the same rows and the same hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.models import Annotation, Article, Mention
from tui.core.normalize import fold

PLACE_KINDS = {"ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}   # label -> search kind


@dataclass(frozen=True, slots=True)
class Named:
    """A person named in one article: linked (person set) or only a name (text)."""

    person: str | None
    text: str          # the mention text when unlinked, "" when linked
    count: int
    first: int         # index in annotation.mentions of the first mention


@dataclass(frozen=True, slots=True)
class Digest:
    annotated: bool
    sha256: str | None             # the annotation's, to tell whether annotate must run again
    title: str                     # "" when unknown (the annotation's metadata wins over the text's)
    outlet: str
    published: str
    named: tuple[Named, ...]       # PERSON mentions not rejected, grouped by person (else by text)
    reviewed: int                  # mentions an analyst made or reviewed
    total: int                     # all mentions, rejected ones included
    linked: tuple[tuple[str, int], ...]   # (person id, mentions not rejected that link to them)
    live: tuple[tuple[str, int], ...]   # (person id, mentions neither rejected nor in chrome)
    places: tuple[tuple[str, str, int, int, str], ...]   # (kind, key, start, end, text) of live ORG/place mentions

    def row_json(self) -> list:
        return [self.annotated, self.sha256, self.title, self.outlet, self.published,
                [[n.person, n.text, n.count, n.first] for n in self.named], self.reviewed, self.total,
                [list(pair) for pair in self.linked]]

    def found_json(self) -> list:
        return [[list(pair) for pair in self.live], [list(p) for p in self.places]]

    @classmethod
    def from_json(cls, row: list, found: list | None) -> Digest:
        annotated, sha, title, outlet, published, named, reviewed, total, linked = row
        live, places = found if found is not None else ([], [])
        return cls(annotated, sha, title, outlet, published, tuple(Named(*n) for n in named), reviewed, total,
                   tuple((p, n) for p, n in linked), tuple((p, n) for p, n in live), tuple(tuple(p) for p in places))


def digest_of(article: Article | None, annotation: Annotation | None) -> Digest:
    meta = annotation.meta if annotation is not None else (article.meta if article else None)
    mentions = annotation.mentions if annotation is not None else []
    linked: dict[str, int] = {}
    live: dict[str, int] = {}
    places = []
    for m in mentions:
        if m.status == "rejected":
            continue
        if m.person:
            linked[m.person] = linked.get(m.person, 0) + 1
        if article is not None and article.is_chrome(m.start, m.end):
            continue
        if m.person:
            live[m.person] = live.get(m.person, 0) + 1
        kind = PLACE_KINDS.get(m.label)
        if kind and (key := fold(m.text).replace(" ", "")):   # "U.S." and "US" are one place
            places.append((kind, key, m.start, m.end, m.text))
    return Digest(
        annotated=annotation is not None,
        sha256=annotation.sha256 if annotation is not None else None,
        title=(meta.title or "") if meta else "",
        outlet=(meta.outlet or "") if meta else "",
        published=(meta.published or "") if meta else "",
        named=named_in(mentions),
        reviewed=sum(1 for m in mentions if m.analyst_owned),
        total=len(mentions),
        linked=tuple(linked.items()),
        live=tuple(live.items()),
        places=tuple(places),
    )


def named_in(mentions: list[Mention]) -> tuple[Named, ...]:
    """PERSON mentions that are not rejected, grouped by person (or by text when unlinked), in first-seen order."""
    groups: dict[tuple[str | None, str], list[int]] = {}
    for i, m in enumerate(mentions):
        if m.label != "PERSON" or m.status == "rejected":
            continue
        key = (m.person, "") if m.person else (None, m.text.strip())
        groups.setdefault(key, []).append(i)
    return tuple(Named(pid, text, len(idx), min(idx, key=lambda i: mentions[i].start))
                 for (pid, text), idx in groups.items())
