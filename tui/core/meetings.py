"""Meetings between named people: extraction per article, then one record per meeting.

extract_candidates() turns parsed paragraphs into MeetingCandidates (the tree rules are
in meeting_rules.py). resolve_meetings() maps their participant phrases to linked people,
dates them and merges reports of the same meeting across articles, keeping analyst work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.meeting_rules import PersonRef, find_meetings
from tui.core.models import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class MeetingCandidate:
    """One sentence's report of a meeting, before participants are linked to people."""

    article: str
    sides: list[tuple[int, int]]       # participant noun phrases, article offsets
    status: str                        # held, planned or declined
    sentence: tuple[int, int]          # the evidence sentence
    trigger: str                       # "met", "talks", "hosted"
    unnamed: list[str] = field(default_factory=list)  # "his US counterpart"
    place: str | None = None
    place_span: tuple[int, int] | None = None
    date_text: str | None = None       # "on Monday", as written
    date_span: tuple[int, int] | None = None
    trigger_span: tuple[int, int] | None = None
    side_texts: list[str] = field(default_factory=list)
    call: bool = False                 # a phone or video call: talks, but no shared place


def extract_candidates(article: Article, docs: list[tuple[int, Doc]]) -> list[MeetingCandidate]:
    """Meeting reports in an article's parsed body paragraphs.

    `docs` pairs each paragraph's spaCy Doc (parser enabled) with its offset into
    article.text, in reading order; pronouns may point back to earlier paragraphs.
    """
    history: list[PersonRef] = []
    out: list[MeetingCandidate] = []
    for offset, doc in docs:
        for found in find_meetings(doc, offset, article.text, history):
            out.append(MeetingCandidate(
                article=article.id,
                sides=found.sides,
                status=found.status,
                sentence=found.sentence,
                trigger=found.trigger,
                unnamed=[t for t, named in zip(found.side_texts, found.named) if not named],
                place=found.place,
                place_span=found.place_span,
                date_text=found.date_text,
                date_span=found.date_span,
                trigger_span=found.trigger_span,
                side_texts=found.side_texts,
                call=found.call,
            ))
    return out
