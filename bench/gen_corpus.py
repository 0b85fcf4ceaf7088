"""Generate a large annotated corpus for the benchmarks: articles plus valid YAML files.

    .venv/bin/python bench/gen_corpus.py OUT [--count 10000] [--people N] [--seed 1] [--jobs 2]

writes OUT/articles/*.txt and OUT/annotations/ (articles/*.yaml, people.yaml,
meetings.yaml) with the real corpus reader and annotation writer, and reads every
annotation file back with the real store against its article, so every file is what
`newsdesk` itself would read and write. Open it with
`newsdesk OUT/articles --annotations OUT/annotations`.

People: --people N of them (default 400, a small stable cast). Their names are drawn
as news names are: given names from gender-guesser's list and made-up surnames, both
with a few very common ones (Zipf weights), a middle name now and then, and some of
the records that linking leaves apart in real corpora: a bare surname on its own, an
initial ("D. Kritenbrink"), a one-letter misspelling ("Kritenbrinck"). So the alias
queue has real work at any size. `--people bbc` takes the BBC corpus's ratio,
4,546 people in 2,055 articles (newsdesk annotate, May 2025), times --count.

Speed: the files are written plainly (no fsync: a crash means running it again), the
articles are made by --jobs processes, and each article has its own random generator
(seeded from --seed and its number), so the output does not depend on --jobs.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import random
import sys
import time
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core.corpus import read_article  # noqa: E402
from tui.core.models import Annotation, Meeting, Mention, Person, Report, Role  # noqa: E402
from tui.core.names import slug  # noqa: E402
from tui.core.store import AnnotationStore, annotation_text  # noqa: E402
from tui.core.yaml_io import MAX_BYTES  # noqa: E402

BBC_PEOPLE_PER_ARTICLE = 4546 / 2055
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
# Surnames are two or three of these: "Kritenbrink" is krit-en-brink.
SYLLABLES = ("krit en brink blin ken yel len sul li van rai mon do burns be ran rut te oka for had dad kow al ski "
             "nair ta na ka sil va mo reau lind qvist no vak men sah de mir pet rov lar sen zhou gup ta rah man "
             "berg sa to boa teng or tiz fisch er ham mond wood ward ash by stone field mar tin ez gon zal "
             "ber ger hoff mann kaw as aki ov ich son dott ir").split()
PROMINENT = 400   # half the cast of each article comes from the first 400 people


def given_names() -> list[str]:
    """Given names from gender-guesser's dictionary, the most common first (as listed:
    its frequency columns, highest in any country, then the name)."""
    data = files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    best: dict[str, int] = {}
    for line in data.splitlines():
        if line[:1] in ("#", "=", "") or len(line) < 30:
            continue
        name = line[3:29].strip()
        if not name.isascii() or not name.isalpha() or len(name) < 3:
            continue
        freq = max((int(c, 16) for c in line[30:85] if c.strip() and c in "0123456789abcdefABCDEF"), default=0)
        best[name] = max(best.get(name, 0), freq)
    return sorted(best, key=lambda n: (-best[n], n))


def zipf(n: int) -> list[float]:
    """Cumulative Zipf weights for n items: the k-th as common as 1/k."""
    return list(itertools.accumulate(1 / k for k in range(1, n + 1)))


def misspelt(word: str, rng: random.Random) -> str:
    """One letter changed, doubled or dropped: "Kritenbrink" -> "Kritenbrinck"."""
    i = rng.randrange(1, len(word))
    return rng.choice((word[:i] + rng.choice("aeiouy") + word[i + 1:], word[:i] + word[i] + word[i:],
                       word[:i] + word[i + 1:]))


def make_people(rng: random.Random, count: int = 400) -> dict[str, Person]:
    """count people; about 1 in 12 a record linking would have left apart from another
    (a bare surname, an initial, a misspelling), as it does on real news."""
    given = given_names()[:5000]
    given_weights = zipf(len(given))
    surnames = [(a + b + c).title() for a in SYLLABLES[:60] for b in SYLLABLES for c in ("", *SYLLABLES[::7])]
    rng.shuffle(surnames)
    surnames = surnames[:max(2000, count)]
    surname_weights = zipf(len(surnames))
    people: dict[str, Person] = {}
    made: list[Person] = []
    while len(people) < count:
        shape = rng.random()
        if made and shape < 0.08:
            words = rng.choice(made).name.split()
            if len(words) < 2:
                continue
            if shape < 0.03:
                name = words[-1]
            elif shape < 0.05:
                name = f"{words[0][0]}. {words[-1]}"
            else:
                name = " ".join([*words[:-1], misspelt(words[-1], rng)])
        else:
            first = rng.choices(given, cum_weights=given_weights)[0]
            last = rng.choices(surnames, cum_weights=surname_weights)[0]
            middle = rng.choices(given, cum_weights=given_weights)[0] if rng.random() < 0.06 else None
            name = " ".join(w for w in (first, middle, last) if w)
        pid = slug(name)
        if pid in people:
            continue
        words = name.split()
        aliases = [words[-1]] if len(words) > 1 and rng.random() < 0.4 else []
        person = Person(pid, name, aliases=aliases, affiliation=rng.choice(("US", "China", "EU")))
        people[pid] = person
        made.append(person)
    return people


def write_article(rng: random.Random, cast: list[Person]) -> tuple[str, list[Mention], list[tuple]]:
    """The text, its mentions, and the meetings it reports:
    (meeting id, participants, place, date, start, end)."""
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    w = Writer()
    w.text(f"{cast[0].name} and {cast[1].name} hold talks on {topic} in {place}\n\n")
    w.text(f"By {rng.choice(cast).name.split()[0]} {rng.choice(SYLLABLES).title()}\n\n")
    reports = []
    for p in range(rng.randint(6, 14)):
        a, b = rng.sample(cast, 2)
        sentence_start = w.size
        w.entity(a.name if p < 2 or not a.aliases else a.aliases[0], "PERSON", a.id)
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
            reports.append((f"m-{pair[0]}-{pair[1]}-{place.lower()}", pair, place, day, sentence_start, w.size))
        w.text(" " + " ".join(rng.sample(FILLER, 2)) + "\n\n")
    w.text(f"Copyright 2023 {rng.choice(OUTLETS)}. All rights reserved.\n")
    return "".join(w.parts), w.mentions, reports


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


# --- one process's share --------------------------------------------------------------

_job: dict = {}


def _start_job(out: Path, seed: int, people: list[Person]) -> None:
    _job.update(out=out, seed=seed, people=people, store=AnnotationStore(out / "annotations"))


def _article(n: int) -> tuple[str, list[str], list[tuple]]:
    """Write article n and its annotation file; (its id, the people it mentions, its
    meeting reports with their evidence)."""
    people: Sequence[Person] = _job["people"]
    store: AnnotationStore = _job["store"]
    rng = random.Random(f"{_job['seed']}:{n}")
    prominent = people[:PROMINENT]
    size = rng.randint(3, 7)
    cast = list({p.id: p for p in [*rng.sample(prominent, min(size // 2, len(prominent))),
                                   *(rng.choice(people) for _ in range(size))]}.values())[:size]
    text, mentions, reports = write_article(rng, cast)
    path = _job["out"] / "articles" / f"{n:06d}.txt"
    path.write_text(text, encoding="utf-8")
    article, problems = read_article(path)
    if article is None or problems:
        raise SystemExit(f"{path}: {problems}")
    for m in mentions[: rng.randint(0, len(mentions))]:
        m.status = "accepted"  # some of the corpus has been reviewed
    inside = [m for m in mentions if not article.is_chrome(m.start, m.end)]
    annotation = Annotation(article.id, path.name, article.sha256, article.meta, article.body,
                            list(article.chrome), mentions=inside, model="gen_corpus")
    store.article_path(article.id).write_text(annotation_text(annotation), encoding="utf-8")
    back, problems = store.load_annotation(article.id, article)
    if back is None or problems or len(back.mentions) != len(inside):
        raise SystemExit(f"{store.article_path(article.id)} does not read back: {problems}")
    return article.id, [m.person for m in inside if m.person], [(*r, text[r[4]:r[5]]) for r in reports]


def _save_meetings(meetings: dict[str, Meeting]) -> None:
    _job["store"].save_meetings(meetings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--people", default="400", help="how many people, or 'bbc' for the BBC corpus's ratio")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="processes that write articles")
    args = parser.parse_args()
    count = round(args.count * BBC_PEOPLE_PER_ARTICLE) if args.people == "bbc" else int(args.people)
    started = time.perf_counter()
    people = make_people(random.Random(args.seed), count)
    (args.out / "articles").mkdir(parents=True, exist_ok=True)
    store = AnnotationStore(args.out / "annotations")
    store.article_path("x").parent.mkdir(parents=True, exist_ok=True)
    meetings: dict[str, Meeting] = {}
    cast = list(people.values())
    context = multiprocessing.get_context("fork")
    with context.Pool(args.jobs, _start_job, (args.out, args.seed, cast)) as pool:
        for n, (article_id, mentioned, reports) in enumerate(pool.imap(_article, range(args.count), chunksize=64), 1):
            for mid, pair, place, day, start, end, sentence in reports:
                meetings.setdefault(mid, Meeting(mid, pair, "held", place=place, date=day))
                meetings[mid].reports.append(Report(article_id, start, end, sentence))
            for pid in mentioned:
                if not people[pid].roles:
                    people[pid].roles.append(Role("official", article_id))
            if n % 5000 == 0:
                print(f"{n:,} articles, {time.perf_counter() - started:.0f} s", flush=True)
        meetings_saved = pool.apply_async(_save_meetings, (meetings,))   # the two big files at once
        store.save_people(people)
        meetings_saved.get()
    for path in (store.people_path, store.meetings_path):
        if path.stat().st_size > MAX_BYTES:
            print(f"warning: {path} is {path.stat().st_size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB "
                  f"that newsdesk reads (tui/core/yaml_io.py MAX_BYTES)")
    print(f"wrote {args.count:,} articles, {len(people):,} people, {len(meetings):,} meetings to {args.out} "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
