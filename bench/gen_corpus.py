"""Generate a large annotated corpus for the benchmarks: articles plus valid YAML files.

    .venv/bin/python bench/gen_corpus.py OUT [--count 10000] [--seed 1]

writes OUT/articles/*.txt and OUT/annotations/ (articles/*.yaml, people.yaml,
meetings.yaml) through the real corpus reader and annotation store, so every file is
what `newsdesk` itself would read and write. Open it with
`newsdesk OUT/articles --annotations OUT/annotations`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.corpus import read_article  # noqa: E402
from tui.core.models import Annotation, Meeting, Mention, Person, Report, Role  # noqa: E402
from tui.core.store import AnnotationStore  # noqa: E402

FIRST = ("Daniel Antony Janet Katherine Jake Gina William Nicholas Sarah Mark Laura Ahmed Olena Priya Kenji "
         "Maria Pedro Ingrid Tomas Amara Yusuf Elena Lars Chen Mei Rahul Fatima Sven Aiko Kofi").split()
LAST = ("Kritenbrink Blinken Yellen Tai Sullivan Raimondo Burns Beran Rutte Okafor Haddad Kowalski Nair "
        "Tanaka Silva Moreau Lindqvist Novak Mensah Demir Petrov Larsen Zhou Gupta Rahman Berg Sato "
        "Boateng Ortiz Fischer").split()
ROLES = ("Foreign Minister", "Trade Representative", "National Security Adviser", "Ambassador",
         "Commerce Secretary", "Vice Premier", "Defense Minister", "spokeswoman", "Treasury Secretary")
PLACES = ("Beijing", "Washington", "Brussels", "Malta", "Vienna", "Singapore", "Jakarta", "Nairobi",
          "Geneva", "Tokyo", "Seoul", "Ankara", "Warsaw", "Lima", "Hanoi")
ORGS = ("State Department", "Foreign Ministry", "European Commission", "World Bank", "Treasury Department",
        "United Nations", "African Union")
OUTLETS = ("Reuters", "Bloomberg", "Associated Press", "CTV News", "TIME", "Nikkei Asia", "Al Jazeera")
TOPICS = ("trade", "export controls", "climate finance", "maritime security", "debt relief", "visas",
          "fentanyl", "grain shipments", "chip supply chains", "consular access")
FILLER = ("Officials described the exchange as candid and constructive.",
          "Analysts said the talks could pave the way for a leaders' summit later this year.",
          "Neither side released a full readout of the discussions.",
          "Markets reacted calmly to the news.",
          "The two governments have sparred for months over tariffs and technology.")


class Writer:
    """Builds one article's text and its mentions with exact offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.mentions: list[Mention] = []

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.size += len(s)

    def entity(self, s: str, label: str, person: str | None = None) -> tuple[int, int]:
        start = self.size
        self.text(s)
        self.mentions.append(Mention(start, self.size, s, label, person=person))
        return start, self.size


def make_people(rng: random.Random, count: int = 400) -> dict[str, Person]:
    people: dict[str, Person] = {}
    while len(people) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        pid = f"{first}-{last}".lower()
        if pid not in people:
            people[pid] = Person(pid, f"{first} {last}", aliases=[last], affiliation=rng.choice(("US", "China", "EU")))
    return people


def write_article(rng: random.Random, n: int, people: list[Person], meetings: dict[str, Meeting]) -> tuple[str, list[Mention], list[tuple[str, int, int, str]]]:
    """The text, its mentions, and the meetings it reports: (meeting id, start, end, sentence)."""
    cast = rng.sample(people, rng.randint(3, 7))
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    w = Writer()
    w.text(f"{cast[0].name} and {cast[1].name} hold talks on {topic} in {place}\n\n")
    w.text(f"By {rng.choice(FIRST)} {rng.choice(LAST)}\n\n")
    reports = []
    for p in range(rng.randint(6, 14)):
        a, b = rng.sample(cast, 2)
        sentence_start = w.size
        w.entity(a.name if p < 2 else a.aliases[0], "PERSON", a.id)
        w.text(f", the {rng.choice(ROLES)}, met ")
        w.entity(b.name, "PERSON", b.id)
        w.text(" in ")
        w.entity(place, "GPE")
        w.text(" on ")
        day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        w.entity(day, "DATE")
        w.text(f" to discuss {topic}, the ")
        w.entity(rng.choice(ORGS), "ORG")
        w.text(" said.")
        if p == 0:
            pair = sorted((a.id, b.id))
            mid = f"m-{pair[0]}-{pair[1]}-{place.lower()}"
            meetings.setdefault(mid, Meeting(mid, pair, "held", place=place, date=day))
            reports.append((mid, sentence_start, w.size, ""))
        w.text(" " + " ".join(rng.sample(FILLER, 2)) + "\n\n")
    w.text(f"Copyright 2023 {rng.choice(OUTLETS)}. All rights reserved.\n")
    text = "".join(w.parts)
    return text, w.mentions, [(mid, s, e, text[s:e]) for mid, s, e, _ in reports]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles_dir = args.out / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    store = AnnotationStore(args.out / "annotations")
    people = make_people(rng)
    cast = list(people.values())
    meetings: dict[str, Meeting] = {}
    started = time.perf_counter()
    for n in range(args.count):
        article_id = f"{n:05d}"
        text, mentions, reports = write_article(rng, n, cast, meetings)
        path = articles_dir / f"{article_id}.txt"
        path.write_text(text, encoding="utf-8")
        article, problems = read_article(path)
        if article is None or problems:
            raise SystemExit(f"{path}: {problems}")
        for m in mentions[: rng.randint(0, len(mentions))]:
            m.status = "accepted"  # some of the corpus has been reviewed
        inside = [m for m in mentions if not article.is_chrome(m.start, m.end)]
        store.save_annotation(Annotation(article.id, path.name, article.sha256, article.meta, article.body,
                                         list(article.chrome), mentions=inside, model="gen_corpus"))
        for mid, start, end, sentence in reports:
            meetings[mid].reports.append(Report(article.id, start, end, sentence))
        for m in inside:
            if m.person and not people[m.person].roles:
                people[m.person].roles.append(Role("official", article.id))
        if (n + 1) % 500 == 0:
            print(f"{n + 1:,} articles, {time.perf_counter() - started:.0f} s", flush=True)
    store.save_people(people)
    store.save_meetings(meetings)
    print(f"wrote {args.count:,} articles, {len(people)} people, {len(meetings):,} meetings to {args.out} "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
