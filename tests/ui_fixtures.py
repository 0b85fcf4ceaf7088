"""A workspace for the UI tests: the real seed articles, annotated by hand.

Every mention is found in the real text by a word-boundary search for names an
analyst would mark, so offsets are real; people and meetings are what the seeds say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.corpus import read_corpus
from tui.core.models import Annotation, Article, Meeting, Mention, Person, Problem, Report, Role

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PEOPLE = [
    Person("daniel-kritenbrink", "Daniel Kritenbrink", aliases=["Kritenbrink"],
           roles=[Role("Assistant Secretary of State for East Asian and Pacific Affairs", "001_5843e84394fa44eb")],
           affiliation="US"),
    Person("ma-zhaoxu", "Ma Zhaoxu", roles=[Role("Vice Foreign Minister", "001_5843e84394fa44eb")], affiliation="China"),
    Person("antony-blinken", "Antony Blinken", aliases=["Blinken"], affiliation="US"),
    Person("sun-weidong", "Sun Weidong", affiliation="China"),
    Person("jake-sullivan", "Jake Sullivan", aliases=["Sullivan"], affiliation="US"),
    Person("wang-yi", "Wang Yi", affiliation="China"),
    Person("xi-jinping", "Xi Jinping", aliases=["Xi"], affiliation="China"),
    Person("joe-biden", "Joe Biden", aliases=["Biden"], affiliation="US"),
]
# Longest names first, so "Daniel Kritenbrink" wins over "Kritenbrink".
NAMES = sorted(((name, p.id) for p in PEOPLE for name in [p.name, *p.aliases]), key=lambda n: -len(n[0]))
PLACES = {"Beijing": "GPE", "Washington": "GPE", "Taiwan": "GPE", "China": "GPE", "Malta": "GPE",
          "State Department": "ORG", "Foreign Ministry": "ORG", "Chinese": "NORP"}


@dataclass
class HandWorkspace:
    """The Workspace interface (tui.core.workspace) over hand-made data."""

    articles_dir: Path
    annotations_dir: Path
    articles: dict[str, Article]
    annotations: dict[str, Annotation]
    people: dict[str, Person]
    meetings: dict[str, Meeting]
    problems: list[Problem] = field(default_factory=list)
    store: object = None

    def stale_ids(self) -> list[str]:
        return []

    def mentions_of(self, person_id: str) -> list[tuple[str, Mention]]:
        return [(aid, m) for aid in sorted(self.annotations) for m in self.annotations[aid].mentions
                if m.person == person_id and m.status != "rejected"]

    def meetings_of(self, person_id: str) -> list[Meeting]:
        return [m for m in self.meetings.values() if person_id in m.participants]

    def meetings_in(self, article_id: str) -> list[Meeting]:
        return [m for m in self.meetings.values() if any(r.article == article_id for r in m.reports)]


def _find(text: str, body: tuple[int, int]) -> list[Mention]:
    taken: list[tuple[int, int]] = []
    mentions = []
    for name, label, person in [*((n, "PERSON", pid) for n, pid in NAMES),
                                *((n, lab, None) for n, lab in PLACES.items())]:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            s, e = match.span()
            if s < body[0] or e > body[1] or any(a < e and s < b for a, b in taken):
                continue
            taken.append((s, e))
            mentions.append(Mention(s, e, name, label, person=person))
    return sorted(mentions, key=lambda m: m.start)


def _sentence_with(text: str, *words: str) -> tuple[int, int, str]:
    for match in re.finditer(r"[^.\n]+[.\n]", text):
        if all(w in match.group() for w in words):
            return match.start(), match.end(), match.group().strip()
    raise LookupError(words)


def seed_workspace(articles_dir: Path = SEEDS, annotations_dir: Path = Path("/nonexistent")) -> HandWorkspace:
    articles, problems = read_corpus(articles_dir)
    by_id = {a.id: a for a in articles}
    annotations = {}
    for a in articles:
        mentions = _find(a.text, a.body)
        for m in mentions[:3]:  # the analyst has reviewed the first three of each article
            m.status = "accepted"
        annotations[a.id] = Annotation(a.id, a.path, a.sha256, a.meta, a.body, list(a.chrome), mentions=mentions,
                                       model="hand")
    meetings = {}
    reports = []
    for aid in ("001_5843e84394fa44eb", "000_340ba6ed93e242f0"):
        if aid in by_id:
            try:
                s, e, sentence = _sentence_with(by_id[aid].text, "Kritenbrink", "Ma")
            except LookupError:
                continue
            reports.append(Report(aid, s, e, sentence))
    meetings["m-kritenbrink-ma"] = Meeting("m-kritenbrink-ma", ["daniel-kritenbrink", "ma-zhaoxu"], "held",
                                           place="Beijing", date="2023-06-05", date_text="on Monday", reports=reports)
    text = by_id["003_a13fe278588c347c"].text
    s, e, sentence = _sentence_with(text, "Sullivan", "Malta")
    meetings["m-sullivan-wang"] = Meeting("m-sullivan-wang", ["jake-sullivan", "wang-yi"], "held", place="Malta",
                                          date="2023-09", reports=[Report("003_a13fe278588c347c", s, e, sentence)])
    s, e, sentence = _sentence_with(text, "Kritenbrink", "Sun Weidong")
    meetings["m-kritenbrink-sun"] = Meeting("m-kritenbrink-sun", ["daniel-kritenbrink", "sun-weidong"], "held",
                                            place="Washington", date="2023-09-21", date_text="on Thursday",
                                            reports=[Report("003_a13fe278588c347c", s, e, sentence)])
    return HandWorkspace(articles_dir, annotations_dir, by_id, annotations, {p.id: p for p in PEOPLE}, meetings,
                         problems)
