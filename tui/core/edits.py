"""The analyst's corrections as undoable edits over a workspace, saved at once.

An edit is a list of small changes, each replacing one record by another: a mention in
one article (found by value), a person or a meeting (by id), an article's metadata.
Applying checks that every record is still what the edit expects, so an undo after the
file changed on disk stops with StaleEdit instead of overwriting someone else's work.

The functions below (relabel, resize, merge_people, …) read the workspace and return an
Edit without changing anything; EditHistory.do() applies it, saves the files it touches
and keeps it for undo/redo. Every mention an edit touches becomes analyst-owned (status
accepted or rejected), and `newsdesk annotate` keeps it. `by` says who made the mention as
it stands: a new label or new boundaries make it the analyst's (by: analyst); accept,
reject and link keep by: model, so deleting a reviewed model mention leaves a rejected one
behind. People the analyst edits get by: analyst, which linking treats as fixed.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from bisect import insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from tui.core.labels import LABELS
from tui.core.models import MEETING_STATUS_VALUES, Annotation, ArticleMeta, Meeting, Mention, Person, Report, Role
from tui.core.names import slug

# The files an edit dirties: ("article", article_id), PEOPLE or MEETINGS.
Target = tuple[str, str]
PEOPLE: Target = ("people", "")
MEETINGS: Target = ("meetings", "")


class EditError(Exception):
    """An edit that cannot be made: the message says why, for the status line."""


class StaleEdit(EditError):
    """The record changed since the edit was made (an external edit): not applied."""


class EditSource(Protocol):
    """What edits read and change: workspace.Workspace has these."""

    annotations: dict[str, Annotation]
    people: dict[str, Person]
    meetings: dict[str, Meeting]


# --- the changes an edit is made of ------------------------------------------------

def _snapshot(change: Any) -> None:
    """Keep copies: the live records go on changing after the edit is made."""
    for name in ("before", "after"):
        object.__setattr__(change, name, copy.deepcopy(getattr(change, name)))


@dataclass(frozen=True, slots=True)
class MentionChange:
    """Replace mention `before` by `after` in one article (None: insert or remove)."""

    article: str
    before: Mention | None
    after: Mention | None

    def __post_init__(self) -> None:
        _snapshot(self)

    @property
    def target(self) -> Target:
        return ("article", self.article)

    def inverse(self) -> MentionChange:
        return MentionChange(self.article, self.after, self.before)

    def apply(self, ws: EditSource) -> None:
        annotation = ws.annotations.get(self.article)
        if annotation is None:
            raise StaleEdit(f"{self.article}: no annotation file any more")
        mentions = annotation.mentions
        if self.before is not None:
            try:
                mentions.remove(self.before)
            except ValueError:
                raise StaleEdit(f"{self.article}: “{self.before.text}” changed since") from None
        if self.after is not None:
            insort(mentions, copy.deepcopy(self.after), key=lambda m: (m.start, m.end))


@dataclass(frozen=True, slots=True)
class RecordChange:
    """Replace a person or meeting (by id) by another value; None: create or delete."""

    kind: str                      # "people" or "meetings"
    id: str
    before: Person | Meeting | None
    after: Person | Meeting | None

    def __post_init__(self) -> None:
        _snapshot(self)

    @property
    def target(self) -> Target:
        return (self.kind, "")

    def inverse(self) -> RecordChange:
        return RecordChange(self.kind, self.id, self.after, self.before)

    def apply(self, ws: EditSource) -> None:
        records: dict[str, Any] = getattr(ws, self.kind)
        if records.get(self.id) != self.before:
            what = "person" if self.kind == "people" else "meeting"
            raise StaleEdit(f"{what} {self.id} changed since")
        if self.after is None:
            del records[self.id]
        else:
            records[self.id] = copy.deepcopy(self.after)


@dataclass(frozen=True, slots=True)
class MetaChange:
    article: str
    before: ArticleMeta
    after: ArticleMeta

    def __post_init__(self) -> None:
        _snapshot(self)

    @property
    def target(self) -> Target:
        return ("article", self.article)

    def inverse(self) -> MetaChange:
        return MetaChange(self.article, self.after, self.before)

    def apply(self, ws: EditSource) -> None:
        annotation = ws.annotations.get(self.article)
        if annotation is None or annotation.meta != self.before:
            raise StaleEdit(f"{self.article}: metadata changed since")
        annotation.meta = copy.deepcopy(self.after)


Change = MentionChange | RecordChange | MetaChange
# Other modules add their own changes (review.DecisionChange): anything with target,
# inverse(), apply(ws) and describe() fits.


@dataclass(slots=True)
class Edit:
    """One analyst action: what it does in words, and the changes that make it."""

    description: str
    changes: list[Change]
    article: str | None = None               # where it happened, to show it again on undo
    spot: tuple[int, int] | None = None

    @property
    def targets(self) -> list[Target]:
        return list(dict.fromkeys(c.target for c in self.changes))

    def apply(self, ws: EditSource) -> None:
        _apply_all(ws, self.changes)

    def revert(self, ws: EditSource) -> None:
        _apply_all(ws, [c.inverse() for c in reversed(self.changes)])

    def preview(self) -> list[str]:
        """What the edit changes, a line per change, for a confirmation screen."""
        return [_describe(c) for c in self.changes]


def _apply_all(ws: EditSource, changes: list[Change]) -> None:
    """All or nothing: a stale change undoes the ones before it, then raises."""
    done: list[Change] = []
    try:
        for change in changes:
            change.apply(ws)
            done.append(change)
    except StaleEdit:
        for change in reversed(done):
            change.inverse().apply(ws)
        raise


def _describe(change: Change) -> str:
    if isinstance(change, MentionChange):
        b, a = change.before, change.after
        if b is None:
            assert a is not None   # a change has a before, an after or both
            return f"{change.article}: add {a.label} “{a.text}”"
        if a is None:
            return f"{change.article}: remove {b.label} “{b.text}”"
        bits = [f"{change.article}: {b.label} “{b.text}”"]
        if (a.start, a.end) != (b.start, b.end):
            bits.append(f"→ “{a.text}”")
        if a.label != b.label:
            bits.append(f"→ {a.label}")
        if a.person != b.person:
            bits.append(f"person {b.person or '–'} → {a.person or '–'}")
        if a.status != b.status:
            bits.append(f"{a.status}")
        return " ".join(bits)
    if isinstance(change, RecordChange):
        what = "person" if change.kind == "people" else "meeting"
        if change.before is None:
            return f"new {what} {change.id}"
        if change.after is None:
            return f"remove {what} {change.id}"
        return f"change {what} {change.id}"
    if isinstance(change, MetaChange):
        return f"{change.article}: metadata"
    return change.describe()


# --- history -------------------------------------------------------------------------

Saver = Callable[[EditSource, Target], None]


class EditHistory:
    """Undo and redo across articles for the whole session; every step is saved at once.

    save(ws, target) writes one file atomically (see save_target). When a save fails,
    the change is taken back in memory and in the files already written, and the error
    raised: what is shown is always what is on disk. writable(target) (optional) lets
    an edit of a read-only file be refused before anything changes.
    """

    def __init__(self, ws: EditSource, save: Saver, writable: Callable[[Target], str | None] | None = None,
                 limit: int = 1000) -> None:
        self.ws = ws
        self._save = save
        self._writable = writable
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        self._limit = limit

    def do(self, edit: Edit) -> Edit:
        if not edit.changes:
            raise EditError(f"nothing to change: {edit.description}")
        self._run(edit.apply, edit.revert, edit.targets)
        self._undo.append(edit)
        del self._undo[:-self._limit]
        self._redo.clear()
        return edit

    def undo(self) -> Edit | None:
        """Take back the last edit; None when there is none. StaleEdit keeps it on the stack."""
        if not self._undo:
            return None
        edit = self._undo[-1]
        self._run(edit.revert, edit.apply, edit.targets)
        self._redo.append(self._undo.pop())
        return edit

    def redo(self) -> Edit | None:
        if not self._redo:
            return None
        edit = self._redo[-1]
        self._run(edit.apply, edit.revert, edit.targets)
        self._undo.append(self._redo.pop())
        return edit

    def _run(self, forward: Callable[[EditSource], None], back: Callable[[EditSource], None],
             targets: list[Target]) -> None:
        if self._writable is not None:
            for target in targets:
                if problem := self._writable(target):
                    raise EditError(problem)
        forward(self.ws)
        saved: list[Target] = []
        try:
            for target in targets:
                self._save(self.ws, target)
                saved.append(target)
        except BaseException:
            back(self.ws)
            for target in saved:
                self._save(self.ws, target)
            raise

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)


# --- mention edits -------------------------------------------------------------------

def _mention(ws: EditSource, article_id: str, index: int) -> Mention:
    annotation = ws.annotations.get(article_id)
    if annotation is None or not 0 <= index < len(annotation.mentions):
        raise EditError(f"{article_id}: no mention #{index}")
    return annotation.mentions[index]


def _mention_edit(ws: EditSource, article_id: str, index: int, description: str, **fields: Any) -> Edit:
    before = _mention(ws, article_id, index)
    fields.setdefault("candidates", list(before.candidates))
    after = dataclasses.replace(before, **fields)
    if (after.start, after.end, after.label) != (before.start, before.end, before.label):
        after.by = "analyst"   # a span or label the model never gave is not the model's
    if (after.start, after.end, after.label, after.person) != (before.start, before.end, before.label, before.person):
        after.rule = None      # nor is it the rule's any more
    if after == before:
        raise EditError(f"“{before.text}”: nothing to change")
    return Edit(description.format(m=before), [MentionChange(article_id, before, after)],
                article_id, (after.start, after.end))


def relabel(ws: EditSource, article_id: str, index: int, label: str) -> Edit:
    """A new label; a mention that is no longer PERSON loses its person link."""
    if label not in LABELS:
        raise EditError(f"unknown label {label!r}")
    m = _mention(ws, article_id, index)
    person = m.person if label == "PERSON" else None
    candidates = m.candidates if label == "PERSON" else []
    return _mention_edit(ws, article_id, index, f"“{{m.text}}” {m.label} → {label}", label=label,
                         person=person, candidates=list(candidates), status="accepted")


def resize(ws: EditSource, article_id: str, index: int, start: int, end: int, text: str) -> Edit:
    """New boundaries [start, end) in the article text `text`."""
    m = _mention(ws, article_id, index)
    start, end = _trim(text, start, end)
    if not 0 <= start < end <= len(text):
        raise EditError("a mention needs at least one character")
    if any(o is not m and o.start < end and start < o.end and o.status != "rejected"
           for o in ws.annotations[article_id].mentions):
        raise EditError("it would overlap another entity")
    return _mention_edit(ws, article_id, index, f"“{{m.text}}” → “{text[start:end]}”", start=start, end=end,
                         text=text[start:end], status="accepted")


def accept(ws: EditSource, article_id: str, index: int) -> Edit:
    m = _mention(ws, article_id, index)
    if m.status == "accepted":
        raise EditError(f"“{m.text}” is accepted already")
    return _mention_edit(ws, article_id, index, "accept “{m.text}”", status="accepted")


def accept_all(ws: EditSource, article_id: str, skip_labels: Iterable[str] = ()) -> Edit:
    """Accept, as one edit, every mention of an article nobody has reviewed yet, but those
    whose label is in skip_labels (hidden from the analyst, so not seen)."""
    annotation = ws.annotations.get(article_id)
    if annotation is None:
        raise EditError(f"{article_id}: no annotation file yet")
    skip = set(skip_labels)
    changes: list[Change] = [MentionChange(article_id, m, dataclasses.replace(m, status="accepted",
                                                                             candidates=list(m.candidates)))
                             for m in annotation.mentions if not m.analyst_owned and m.label not in skip]
    if not changes:
        raise EditError(f"{article_id}: every mention shown has been reviewed")
    return Edit(f"accept {len(changes)} mention{'s' * (len(changes) != 1)} in {article_id}", changes, article_id)


def reject(ws: EditSource, article_id: str, index: int) -> Edit:
    """Mark a model mention wrong. It stays in the file as rejected, so a re-run of
    `newsdesk annotate` does not bring it back."""
    m = _mention(ws, article_id, index)
    if m.status == "rejected":
        raise EditError(f"“{m.text}” is rejected already")
    return _mention_edit(ws, article_id, index, "reject “{m.text}”", status="rejected")


def delete(ws: EditSource, article_id: str, index: int) -> Edit:
    """Remove a mention. One the model may find again is rejected instead (see reject):
    removed, it would come back on the next `newsdesk annotate`. That is a model mention,
    and an analyst's one with no rejected mention under it (it may be a relabelled or
    resized model mention). One the analyst added over a rejected mention is removed."""
    m = _mention(ws, article_id, index)
    shielded = any(o is not m and o.status == "rejected" and o.start < m.end and m.start < o.end
                   for o in ws.annotations[article_id].mentions)
    if m.by == "model" or (m.status != "rejected" and not shielded):
        edit = reject(ws, article_id, index)
        edit.description = f"delete “{m.text}” (kept as rejected)"
        return edit
    return Edit(f"delete “{m.text}”", [MentionChange(article_id, m, None)], article_id, (m.start, m.end))


def add_mention(ws: EditSource, article_id: str, start: int, end: int, label: str, text: str) -> Edit:
    """A new analyst mention over text[start:end]; a rejected mention there is replaced."""
    if label not in LABELS:
        raise EditError(f"unknown label {label!r}")
    annotation = ws.annotations.get(article_id)
    if annotation is None:
        raise EditError(f"{article_id} has no annotation file yet: run newsdesk annotate")
    start, end = _trim(text, start, end)
    if not 0 <= start < end <= len(text):
        raise EditError("select at least one character")
    changes: list[Change] = []
    for o in annotation.mentions:
        if o.start < end and start < o.end:
            if o.status != "rejected":
                raise EditError(f"it overlaps {o.label} “{o.text}”: resize or delete that one first")
            if (o.start, o.end) == (start, end):
                changes.append(MentionChange(article_id, o, None))
    new = Mention(start, end, text[start:end], label, by="analyst", status="accepted")
    changes.append(MentionChange(article_id, None, new))
    return Edit(f"add {label} “{new.text}”", changes, article_id, (start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Boundaries without surrounding spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Words, with inner apostrophes, hyphens, dots and ampersands ("U.S", "AT&T"); punctuation
# between words is stepped over.
WORD = re.compile(r"\w+(?:[’'\-.&]\w+)*")


def word_boundary(text: str, offset: int, step: int, *, edge: str) -> int:
    """The next word edge from offset in direction step (+1/-1).

    edge "end" walks word ends (to move a mention's end), "start" word starts.
    Returns offset itself when there is no further word that way.
    """
    spans = [m.span() for m in WORD.finditer(text)]
    points = [e for _, e in spans] if edge == "end" else [s for s, _ in spans]
    if step > 0:
        return next((p for p in points if p > offset), offset)
    return next((p for p in reversed(points) if p < offset), offset)


# --- people --------------------------------------------------------------------------

def _person_id(ws: EditSource, name: str, taken: Iterable[str] = ()) -> str:
    base = slug(name)
    used = set(ws.people) | set(taken)
    pid, n = base, 2
    while pid in used:
        pid, n = f"{base}-{n}", n + 1
    return pid


def link_person(ws: EditSource, article_id: str, index: int, person_id: str | None) -> Edit:
    """Link a mention to a person (None: unlink). The mention becomes PERSON if it was not."""
    _mention(ws, article_id, index)   # a bad index fails here, before the person check
    if person_id is not None and person_id not in ws.people:
        raise EditError(f"no person {person_id!r}")
    name = ws.people[person_id].name if person_id else "nobody"
    return _mention_edit(ws, article_id, index, f"link “{{m.text}}” → {name}", person=person_id, candidates=[],
                         label="PERSON", status="accepted")


def new_person(ws: EditSource, article_id: str, index: int, name: str | None = None,
               affiliation: str | None = None) -> Edit:
    """A new person named after the mention (or `name`), linked to it.

    This is also how a mention is split off the person it was linked to; that person
    loses the alias when no other mention of theirs reads that way.
    """
    m = _mention(ws, article_id, index)
    name = (name or m.text).strip()
    if not name:
        raise EditError("a person needs a name")
    pid = _person_id(ws, name)
    person = Person(pid, name, affiliation=affiliation, by="analyst")
    changes: list[Change] = [RecordChange("people", pid, None, person)]
    after = dataclasses.replace(m, person=pid, candidates=[], label="PERSON", status="accepted")
    changes.append(MentionChange(article_id, m, after))
    description = f"new person {name}"
    old = ws.people.get(m.person) if m.person else None
    if old is not None:
        description = f"split “{m.text}” off {old.name} into {name}"
        still_used = any(o.text == m.text for aid, a in ws.annotations.items() for o in a.mentions
                         if o.person == old.id and o is not m)
        if m.text in old.aliases and not still_used:
            trimmed = dataclasses.replace(old, aliases=[a for a in old.aliases if a != m.text], by="analyst")
            changes.append(RecordChange("people", old.id, old, trimmed))
    return Edit(description, changes, article_id, (m.start, m.end))


def split_mention(ws: EditSource, article_id: str, index: int, name: str | None = None) -> Edit:
    m = _mention(ws, article_id, index)
    if not m.person:
        raise EditError(f"“{m.text}” is not linked to anyone to split it from")
    return new_person(ws, article_id, index, name)


_COPY_SUFFIX = re.compile(r"-\d+$")


def merge_order(ws: EditSource, a: str, b: str) -> tuple[str, str]:
    """(keep, fold) for merging two people: the established record keeps its id.

    In order: the first of "wang-yi" / "wang-yi-2" (the copy got the suffix); a full name
    over a short one ("Daniel Kritenbrink" over "Kritenbrink"); a record the analyst made,
    edited or merged into; more mentions. When nothing tells them apart, a is kept.
    """
    if a not in ws.people or b not in ws.people:
        raise EditError(f"no person {a if a not in ws.people else b!r}")
    linked = Counter(m.person for ann in ws.annotations.values() for m in ann.mentions
                     if m.person in (a, b) and m.status != "rejected")

    def standing(pid: str, other: str) -> tuple[bool, bool, bool, int]:
        person = ws.people[pid]
        return (_COPY_SUFFIX.sub("", other) == pid and other != pid, len(person.name.split()) >= 2,
                person.by == "analyst" or bool(person.merged), linked[pid])

    return (b, a) if standing(b, a) > standing(a, b) else (a, b)


def merge_people(ws: EditSource, keep_id: str, gone_id: str) -> Edit:
    """Fold person gone_id into keep_id: every mention, role and meeting moves, and the
    other's name, aliases and the ways its accepted mentions read become aliases of the
    kept one.
    merge_order() says which of two to keep.

    Edit.preview() lists each moved mention and meeting; merge_summary() says it short.
    """
    if keep_id == gone_id:
        raise EditError("a person cannot be merged with themselves")
    keep, gone = ws.people.get(keep_id), ws.people.get(gone_id)
    if keep is None or gone is None:
        raise EditError(f"no person {keep_id if keep is None else gone_id!r}")
    changes: list[Change] = []
    # How the analyst's moved mentions name the person ("Wang"): model links may be wrong.
    readings: list[str] = []
    for aid in sorted(ws.annotations):
        for m in ws.annotations[aid].mentions:
            if m.person == gone_id and m.label == "PERSON" and m.status == "accepted":
                readings.append(" ".join(m.text.split()))
            if m.person == gone_id or gone_id in m.candidates:
                candidates = list(dict.fromkeys(keep_id if c == gone_id else c for c in m.candidates))
                person = keep_id if m.person == gone_id else m.person
                if person is not None and person in candidates:
                    candidates = [] if len(candidates) <= 2 else candidates
                # Model mentions keep their status: linking follows `merged` to the kept id.
                changes.append(MentionChange(aid, m, dataclasses.replace(m, person=person, candidates=candidates)))
    for meeting in ws.meetings.values():
        if gone_id in meeting.participants:
            participants = list(dict.fromkeys(keep_id if p == gone_id else p for p in meeting.participants))
            changes.append(RecordChange("meetings", meeting.id, meeting,
                                        dataclasses.replace(meeting, participants=participants)))
    known = {keep.name.casefold(), *(a.casefold() for a in keep.aliases)}
    names = [n for n in (gone.name, *gone.aliases, *readings) if n.casefold() not in known]
    merged = dataclasses.replace(
        keep,
        aliases=[*keep.aliases, *dict.fromkeys(names)],
        roles=keep.roles + [r for r in gone.roles if r not in keep.roles],
        affiliation=keep.affiliation or gone.affiliation,
        note="\n".join(n for n in (keep.note, gone.note) if n),
        merged=list(dict.fromkeys([*keep.merged, gone_id, *gone.merged])),
        by="analyst",
    )
    changes.append(RecordChange("people", keep_id, keep, merged))
    changes.append(RecordChange("people", gone_id, gone, None))
    return Edit(f"merge {gone.name} ({gone_id}) into {keep.name} ({keep_id})", changes)


def merge_summary(ws: EditSource, edit: Edit) -> list[str]:
    """The short account a merge preview shows: which record stays, mentions per article,
    meetings, aliases."""
    per_article = Counter(c.article for c in edit.changes if isinstance(c, MentionChange))
    meetings = [c.id for c in edit.changes if isinstance(c, RecordChange) and c.kind == "meetings"]
    kept = next(c for c in edit.changes if isinstance(c, RecordChange) and c.kind == "people" and c.after)
    gone = next(c for c in edit.changes if isinstance(c, RecordChange) and c.kind == "people" and not c.after)
    # a merge changes people records only, and the kept one is there before and after it
    kept_before, kept_after = cast(Person, kept.before), cast(Person, kept.after)
    gone_before = cast(Person, gone.before)
    lines = [f"keeps {kept.id} ({kept_before.name}); {gone.id} ({gone_before.name}) is folded into it"]
    lines += [f"{n} mention{'s' * (n != 1)} in {aid}" for aid, n in sorted(per_article.items())]
    if meetings:
        lines.append("meetings: " + ", ".join(meetings))
    new_aliases = [a for a in kept_after.aliases if a not in kept_before.aliases]
    if new_aliases:
        lines.append("new aliases: " + ", ".join(new_aliases))
    # both notes, since the merged record keeps them one after the other
    lines += [f"note of {c.id}: {' '.join(p.note.split())}" for c, p in ((kept, kept_before), (gone, gone_before))
              if p.note]
    if len(lines) == 1:
        lines.append("no mentions or meetings move")
    return lines


PERSON_FIELDS = ("name", "aliases", "roles", "affiliation", "note")


def edit_person(ws: EditSource, person_id: str, **fields: Any) -> Edit:
    """Change name, aliases (list of str), roles (list of Role), affiliation or note."""
    person = ws.people.get(person_id)
    if person is None:
        raise EditError(f"no person {person_id!r}")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise EditError(f"a person has no {', '.join(sorted(unknown))}")
    if "name" in fields and not str(fields["name"]).strip():
        raise EditError("a person needs a name")
    if "roles" in fields:
        fields["roles"] = [r if isinstance(r, Role) else Role(*r) for r in fields["roles"]]
    after = dataclasses.replace(person, **fields, by="analyst")
    if after == person:
        raise EditError("nothing changed")
    return Edit(f"edit {after.name}", [RecordChange("people", person_id, person, after)])


# --- meetings ------------------------------------------------------------------------

def existing_meeting(ws: EditSource, article_id: str, participants: list[str], status: str = "held",
                     place: str | None = None, date: str | None = None) -> Meeting | None:
    """The meeting a new report with these people, status, place and date belongs to, by
    the rules `newsdesk annotate` merges reports with (meetings.matching_meeting)."""
    from tui.core.meetings import matching_meeting

    return matching_meeting(ws.meetings.values(), article_id, participants, status, place, date,
                            getattr(ws, "articles", {}))


def add_meeting(ws: EditSource, article_id: str, start: int, end: int, text: str, participants: list[str],
                status: str = "held", place: str | None = None, date: str | None = None,
                separate: bool = False, unnamed: list[str] | None = None) -> Edit:
    """A meeting reported by text[start:end] (the sentence) of an article; `unnamed` are the
    counterparts the text does not name ("Chinese officials"), so one named person may do.

    When an existing meeting matches (existing_meeting), the sentence becomes one more
    report of it instead, unless `separate`: the edit's description names the meeting.
    """
    from tui.core.meetings import new_meeting_id

    unnamed = [u for u in (unnamed or []) if u.strip()]
    _check_meeting(ws, participants, status, unnamed)
    start, end = _trim(text, start, end)
    report = Report(article_id, start, end, text[start:end])
    found = None if separate else existing_meeting(ws, article_id, participants, status, place, date)
    if found is not None:
        return _join_meeting(ws, found, report, participants, place, date)
    meeting = Meeting("", list(participants), status, place=place or None, date=date or None, reports=[report],
                      unnamed=unnamed, by="analyst", review="accepted")
    meeting.id = new_meeting_id(meeting, set(ws.meetings), {aid: a.mentions for aid, a in ws.annotations.items()})
    names = " & ".join([*(ws.people[p].name for p in participants), *unnamed])
    return Edit(f"add meeting {names}", [RecordChange("meetings", meeting.id, None, meeting)], article_id,
                (start, end))


def _join_meeting(ws: EditSource, meeting: Meeting, report: Report, participants: list[str], place: str | None,
                  date: str | None) -> Edit:
    """The sentence as one more report of `meeting`; a model meeting becomes reviewed, so a
    re-run keeps the analyst's report."""
    if any(r.article == report.article and r.start < report.end and report.start < r.end for r in meeting.reports):
        raise EditError(f"this sentence is a report of meeting {meeting.id} already (W edits the meeting)")
    everyone = list(dict.fromkeys([*meeting.participants, *participants]))
    after = dataclasses.replace(
        meeting, participants=everyone, unnamed=[] if len(meeting.participants) < 2 else meeting.unnamed,
        place=meeting.place or place or None, date=meeting.date or date or None,
        reports=sorted([*meeting.reports, report], key=lambda r: (r.article, r.start)),
        review="accepted" if meeting.review == "unreviewed" else meeting.review)
    return Edit(f"added the sentence to meeting {meeting.id}, which it reports (not a new meeting)",
                [RecordChange("meetings", meeting.id, meeting, after)], report.article, (report.start, report.end))


MEETING_FIELDS = ("participants", "status", "place", "date", "note", "review")
REVIEW_VERBS = {"accepted": "accept", "rejected": "reject", "unreviewed": "unreview"}


def edit_meeting(ws: EditSource, meeting_id_: str, **fields: Any) -> Edit:
    meeting = ws.meetings.get(meeting_id_)
    if meeting is None:
        raise EditError(f"no meeting {meeting_id_!r}")
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise EditError(f"a meeting has no {', '.join(sorted(unknown))}")
    _check_meeting(ws, fields.get("participants", meeting.participants), fields.get("status", meeting.status),
                   meeting.unnamed)
    if "date" in fields:
        fields["date"] = fields["date"] or None
    if "place" in fields:
        fields["place"] = fields["place"] or None
    after = dataclasses.replace(meeting, **fields)
    if "review" not in fields and after.review == "unreviewed":
        after.review = "accepted"
    if after == meeting:
        raise EditError("nothing changed")
    # a review alone says which ("reject meeting …"): the toast and undo name the action
    verb = REVIEW_VERBS.get(fields["review"], "edit") if set(fields) == {"review"} else "edit"
    return Edit(f"{verb} meeting {meeting_id_}", [RecordChange("meetings", meeting_id_, meeting, after)],
                *_report_spot(meeting))


def delete_meeting(ws: EditSource, meeting_id_: str) -> Edit:
    """Remove a meeting. A model-made one is marked rejected instead, so a re-run does
    not find it again."""
    meeting = ws.meetings.get(meeting_id_)
    if meeting is None:
        raise EditError(f"no meeting {meeting_id_!r}")
    after = None if meeting.by == "analyst" else dataclasses.replace(meeting, review="rejected")
    if after is not None and meeting.review == "rejected":
        raise EditError(f"meeting {meeting_id_} is rejected already")
    return Edit(f"delete meeting {meeting_id_}", [RecordChange("meetings", meeting_id_, meeting, after)],
                *_report_spot(meeting))


def _report_spot(meeting: Meeting) -> tuple[str | None, tuple[int, int] | None]:
    if not meeting.reports:
        return None, None
    r = meeting.reports[0]
    return r.article, (r.start, r.end)


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def _check_meeting(ws: EditSource, participants: list[str], status: str, unnamed: Collection[str] = ()) -> None:
    if status not in MEETING_STATUS_VALUES:
        raise EditError(f"status must be one of {', '.join(MEETING_STATUS_VALUES)}")
    if not participants or len(participants) + len(unnamed) < 2:
        raise EditError("a meeting needs at least two participants (one may be an unnamed counterpart)")
    missing = [p for p in participants if p not in ws.people]
    if missing:
        raise EditError(f"no person {missing[0]!r}")


def check_date(value: str) -> str | None:
    """None when value is empty or an ISO date, year-month, year or range; else the problem."""
    if not value or _ISO_DATE.match(value):
        return None
    return "a date is YYYY-MM-DD, YYYY-MM, YYYY or a range start/end"


# --- articles ------------------------------------------------------------------------

META_FIELDS = ("title", "outlet", "published", "dateline")


def edit_meta(ws: EditSource, article_id: str, **fields: Any) -> Edit:
    annotation = ws.annotations.get(article_id)
    if annotation is None:
        raise EditError(f"{article_id} has no annotation file yet: run newsdesk annotate")
    unknown = set(fields) - set(META_FIELDS)
    if unknown:
        raise EditError(f"article metadata has no {', '.join(sorted(unknown))}")
    if fields.get("published") and (problem := check_date(fields["published"])):
        raise EditError(problem)
    after = dataclasses.replace(annotation.meta, credits=list(annotation.meta.credits),
                                **{k: (v or None) for k, v in fields.items()})
    if after == annotation.meta:
        raise EditError("nothing changed")
    changes: list[Change] = [MetaChange(article_id, annotation.meta, after)]
    if after.published != annotation.meta.published:
        changes += _redated_meetings(ws, article_id, after.published)
    return Edit(f"edit metadata of {article_id}", changes, article_id)


def _redated_meetings(ws: EditSource, article_id: str, published: str | None) -> list[Change]:
    """The model's unreviewed meetings whose date words ("on Thursday") are this article's,
    dated again from its new published date. Words that another article's report also
    holds may be that article's: such meetings, and reviewed ones, are left alone."""
    from tui.core.dates import resolve_date

    changes: list[Change] = []
    for meeting in ws.meetings.values():
        if meeting.by != "model" or meeting.review != "unreviewed" or not meeting.date_text:
            continue
        words = meeting.date_text.casefold()
        here = [r for r in meeting.reports if r.article == article_id]
        if not any(words in r.evidence.casefold() for r in here) or any(
                words in r.evidence.casefold() for r in meeting.reports if r.article != article_id):
            continue
        date = resolve_date(meeting.date_text, published, planned=meeting.status == "planned")
        if date != meeting.date:
            changes.append(RecordChange("meetings", meeting.id, meeting, dataclasses.replace(meeting, date=date)))
    return changes


# A sentence may end at . ! ? or … (closing quotes may follow) before a space; see _ends_sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
# Abbreviations a capitalised name follows: "Mr. Blinken", "Gen. Milley", "St. Petersburg".
_TITLE_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Mx Dr Prof Gen Lt Col Maj Capt Cmdr Adm Sgt Cpl Sen Rep Gov Pres Sec Secy Amb Rev Hon Fr Sr Jr St "
    "Mt Ft Gens Sens Reps Messrs vs v".split())
# Abbreviations a number follows: "Jan. 5", "No. 2", "p. 4".
_NUMBER_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Art Sec p pp".split())
# After "U.S." or an initial ("J. Biden") a sentence goes on unless one of these opens the next.
_SENTENCE_OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our This That These Those There But And Yet So In On At "
    "For After Before When While As If Asked Meanwhile However Still Both Officials".split())


def _ends_sentence(text: str, end: re.Match[str]) -> bool:
    """Whether the stop ends a sentence: a capital letter or a digit comes next ("Éric",
    "2023"), and a full stop does not end an abbreviation inside the sentence."""
    following = text[end.end():end.end() + 40].split(None, 1)
    after = following[0].lstrip("\"“‘'([") if following else ""
    if not after[:1].isupper() and not after[:1].isdigit():
        return False
    if end.group().rstrip("\"”’')]") != ".":
        return True
    before = text[max(0, end.start() - 40):end.start()].rsplit(None, 1)
    word = before[-1].lstrip("\"“‘'([") if before else ""
    if word in _TITLE_ABBREVIATIONS:
        return False
    if word in _NUMBER_ABBREVIATIONS and after[:1].isdigit():
        return False
    if "." in word or (len(word) == 1 and word.isupper()):   # "U.S.", "a.m.", "J."
        return after.rstrip(",;:") in _SENTENCE_OPENERS
    return True


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], spaces trimmed, within its paragraph (a
    headline or dateline line is a paragraph of its own). A full stop after "U.S.",
    "Mr.", "Jan. 5" or an initial ("J. Biden") does not end the sentence."""
    from tui.core.corpus import paragraphs_in

    paragraphs = paragraphs_in(text, 0, len(text))
    lo = next((a for a, b in reversed(paragraphs) if a <= start), 0)
    hi = next((b for a, b in paragraphs if b >= end), len(text))
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi) if _ends_sentence(text, m)]
    lo = max((e for e in ends if e <= start), default=lo)
    hi = min((e for e in ends if e >= end), default=hi)
    return _trim(text, lo, hi)
