"""Annotation files for the UI tests: the real seed articles, annotated by hand.

Every mention is found in the real text by a word-boundary search for names an
analyst would mark, so offsets are real; people and meetings are what the seeds say.
They are written through the real store and read back by the real open_workspace,
so the UI tests do not move when the NLP pipeline's output does.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.core.corpus import read_corpus
from tui.core.models import Annotation, ArticleMeta, Meeting, Mention, Person, Report, Role
from tui.core.store import AnnotationStore
from tui.core.workspace import Workspace, open_workspace

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
# What the analyst set for each article (the corpus reader's guesses change as it improves).
META = {
    "000_340ba6ed93e242f0": ArticleMeta("US and Chinese officials hold ‘candid’ talks in Beijing", "Bloomberg",
                                        "2023-06-06", credits=["Colum Murphy"]),
    "001_5843e84394fa44eb": ArticleMeta("Senior U.S., Chinese diplomats hold 'candid' talks to avoid escalation of "
                                        "tensions", "CTV News", "2023-06-06", "TAIPEI, Taiwan"),
    "002_0af8d4bc5d39ec79": ArticleMeta("China calls talks with US envoys ‘in-depth and constructive’", "Bloomberg"),
    "003_a13fe278588c347c": ArticleMeta("‘Candid’ Talks Between U.S. and China Officials Raise Hopes of Xi-Biden "
                                        "Meeting in November", "TIME", "2023-09-29"),
    "004_a2871e021c39f267": ArticleMeta(None, None, "2023-06-19"),  # untitled: the list shows the id
}
PLACES = {"Beijing": "GPE", "Washington": "GPE", "Taiwan": "GPE", "China": "GPE", "Malta": "GPE",
          "State Department": "ORG", "Foreign Ministry": "ORG", "Chinese": "NORP"}


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
            sentence = match.group().strip()
            start = text.index(sentence, match.start())
            return start, start + len(sentence), sentence
    raise LookupError(words)


def write_seed_annotations(articles_dir: Path, annotations_dir: Path) -> None:
    """Save the hand annotations of the seeds, their people and meetings, through the store."""
    articles, _ = read_corpus(articles_dir)
    by_id = {a.id: a for a in articles}
    annotations = {}
    for a in articles:
        mentions = _find(a.text, a.body)
        for m in mentions[:3]:  # the analyst has reviewed the first three of each article
            m.status = "accepted"
        annotations[a.id] = Annotation(a.id, Path(a.path).name, a.sha256, META[a.id], a.body, list(a.chrome),
                                       mentions=mentions, model="hand")
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
    store = AnnotationStore(annotations_dir)
    for annotation in annotations.values():
        store.save_annotation(annotation)
    store.save_people({p.id: p for p in PEOPLE})
    store.save_meetings(meetings)


def seed_workspace(articles_dir: Path, annotations_dir: Path) -> Workspace:
    """A loader for NewsdeskApp: writes the hand annotations, then opens them as the app would."""
    write_seed_annotations(articles_dir, annotations_dir)
    return open_workspace(articles_dir, annotations_dir)
