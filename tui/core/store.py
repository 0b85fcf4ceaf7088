"""The annotation files on disk: load, validate and save them atomically.

    <root>/articles/<article-id>.yaml   one Annotation per article
    <root>/people.yaml                  canonical people
    <root>/meetings.yaml                meetings

The format is documented in docs/annotation-format.md. Every problem found in a file
is a `Problem(path, line, message)`. A file with a problem that saving would lose or
change (bad YAML, a wrong type, an unknown key, a mention that cannot be read) goes into
`AnnotationStore.read_only` and is never overwritten until it loads cleanly again; what
could be read from it is still returned, so the analyst sees it. Notices (references to
people that do not exist, mentions moved back onto changed text) leave it writable:
saving keeps everything they are about.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.anchor import align, placed
from tui.core.filelock import WAIT_SECONDS, folder_lock
from tui.core.files import id_problem
from tui.core.labels import LABELS
from tui.core.models import (
    BY_VALUES,
    CHROME_KINDS,
    MEETING_STATUS_VALUES,
    MENTION_BY_VALUES,
    STATUS_VALUES,
    Annotation,
    Article,
    ArticleMeta,
    Meeting,
    Mention,
    Person,
    Problem,
    Report,
    Role,
    Segment,
)
from tui.core.roundtrip import preserve
from tui.core.yaml_io import (
    CANNOT,
    SUB,
    TOP,
    VALUE,
    VALUE_PATTERN,
    AtomicBatch,
    KeyPath,
    Parsed,
    block_map,
    block_seq,
    block_seq_lines,
    emitted,
    flow_map,
    flow_map_text,
    flow_seq,
    flow_text,
    line_field,
    line_value,
    parse_text,
    read_records,
    read_text,
    render,
    scalar,
    write_atomic,
)

HEADER = "newsdesk {kind}: format in docs/annotation-format.md"
# An offset has at most this many digits: enough for any article, and int() of a number
# thousands of digits long raises (Python's int-conversion limit).
MAX_DIGITS = 12
_INT = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")
_DIGITS = re.compile(r"-?[0-9]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# "2023", "2023-06", "2023-06-05", or a range of those: "2023-06-04/2023-06-05".
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")


class StoreError(Exception):
    """An annotation file could not be written."""


class ReadOnlyError(StoreError):
    """The file failed validation when it was loaded: it is the analyst's to fix."""


def write_protected(path: Path) -> bool:
    """True for an existing file nobody may write: the analyst locked it (chmod a-w).

    Checked by hand because the atomic replace would go through: it needs only the folder
    to be writable, and root passes every access check anyway.
    """
    try:
        return path.stat().st_mode & 0o222 == 0
    except OSError:
        return False


def not_saved(path: Path, error: OSError) -> StoreError:
    """The error of a save the file system refused: "<path>: not saved: No space left on device"."""
    return StoreError(f"{path}: not saved: {error.strerror or error}")


# ---- validation -------------------------------------------------------------------------------

@dataclass(slots=True)
class _Check:
    """The problems of one file. Errors make it read-only; notices do not."""

    parsed: Parsed
    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def error(self, keypath: KeyPath, message: str) -> None:
        self.errors.append(Problem(self.parsed.path, self.parsed.line(keypath), message))

    def notice(self, keypath: KeyPath, message: str) -> None:
        self.notices.append(Problem(self.parsed.path, self.parsed.line(keypath), message))

    @property
    def problems(self) -> list[Problem]:
        return sorted([*self.parsed.problems, *self.errors, *self.notices], key=lambda p: p.line or 0)

    @property
    def blocking(self) -> list[Problem]:
        return sorted([*self.parsed.problems, *self.errors], key=lambda p: p.line or 0)

    # -- typed fields: each reports what is wrong and returns None --------------------------

    def mapping(self, value: object, keypath: KeyPath, what: str,
                required: tuple[str, ...], optional: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            keys = f" of {', '.join(required)}, ..." if required else ""   # meta has no required key
            self.error(keypath, f"{what}: expected a mapping{keys}, got {_kind(value)}")
            return None
        known = required + optional
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(known)})"
                self.error((*keypath, key), f"{what}: unknown key '{key}'{hint}")
        for key in required:
            if key not in value:
                self.error(keypath, f"{what}: missing required key '{key}'")
        return value

    def integer(self, m: dict, key: str, keypath: KeyPath) -> int | None:
        value = m.get(key)
        if isinstance(value, str) and _INT.fullmatch(value):
            return int(value)
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            self.error((*keypath, key), f"{key}: {_too_long(value)}")
        elif key in m:
            self.error((*keypath, key), f"{key}: expected a whole number, got {_kind(value)}")
        return None

    def text(self, m: dict, key: str, keypath: KeyPath, default: str | None = None,
             nullable: bool = False) -> str | None:
        value = m.get(key, default)
        if isinstance(value, str) or (value is None and nullable):
            return value
        if key in m:
            self.error((*keypath, key), f"{key}: expected text, got {_kind(value)}")
        return None

    def choice(self, m: dict, key: str, keypath: KeyPath, choices: tuple[str, ...],
               default: str | None = None) -> str | None:
        value = m.get(key, default)
        if value in choices:
            return value
        if key in m:
            self.error((*keypath, key), f"{key}: {_kind(value)} is not one of {', '.join(choices)}")
        return None

    def texts(self, m: dict, key: str, keypath: KeyPath) -> list[str]:
        value = m.get(key)
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        self.error((*keypath, key), f"{key}: expected a list of text, got {_kind(value)}")
        return []

    def items(self, m: dict, key: str, keypath: KeyPath) -> Iterable[tuple[object, KeyPath]]:
        """The items of a list field with their key paths (an empty or null list is fine)."""
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error((*keypath, key), f"{key}: expected a list, got {_kind(value)}")
            return []
        return [(item, (*keypath, key, i)) for i, item in enumerate(value)]


def _too_long(digits: str) -> str:
    return f"a number of {len(digits.lstrip('-'))} digits is not an offset (at most {MAX_DIGITS} digits)"


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _mentions(check: _Check, m: dict, key: str) -> list[tuple[Mention, KeyPath]]:
    found: list[tuple[Mention, KeyPath]] = []
    seen: dict[tuple[int, int, str], KeyPath] = {}
    for raw, keypath in check.items(m, key, ()):
        mention = _mention(check, raw, keypath)
        if mention is None:
            continue
        span = (mention.start, mention.end, mention.label)
        if span in seen:
            check.error(keypath, f"mention '{mention.text}' {mention.start}-{mention.end} {mention.label} "
                                 f"is in the file twice (also line {check.parsed.line(seen[span])}): keep one")
            continue
        seen[span] = keypath
        found.append((mention, keypath))
    return found


def _mention(check: _Check, raw: object, keypath: KeyPath) -> Mention | None:
    m = check.mapping(raw, keypath, "mention", ("start", "end", "text", "label"),
                      ("person", "candidates", "by", "rule", "status"))
    if m is None:
        return None
    start, end = check.integer(m, "start", keypath), check.integer(m, "end", keypath)
    text = check.text(m, "text", keypath)
    label = check.choice(m, "label", keypath, LABELS)
    person = check.text(m, "person", keypath, nullable=True)
    candidates = check.texts(m, "candidates", keypath)
    # A mention written by hand without `by` is the analyst's: a re-run must not drop it.
    by = check.choice(m, "by", keypath, MENTION_BY_VALUES, default="analyst")
    rule = check.text(m, "rule", keypath, nullable=True)
    status = check.choice(m, "status", keypath, STATUS_VALUES, default="unreviewed")
    if start is None or end is None or text is None or label is None or by is None or status is None:
        return None
    if not 0 <= start < end:
        check.error(keypath, f"mention '{text}': start {start} and end {end} are not a range "
                             "(need 0 <= start < end)")
        return None
    return Mention(start, end, text, label, person or None, candidates, by, status, rule or None)


def _span(check: _Check, raw: object, keypath: KeyPath, what: str, size: int) -> list | None:
    """[start, end, ...] with whole numbers first: body, and chrome ranges."""
    if isinstance(raw, list) and (long := [v for v in raw[:2] if isinstance(v, str) and _DIGITS.fullmatch(v)
                                            and not _INT.fullmatch(v)]):
        check.error(keypath, f"{what}: {_too_long(long[0])}")
        return None
    if not (isinstance(raw, list) and len(raw) == size and all(isinstance(v, str) and _INT.fullmatch(v)
                                                               for v in raw[:2])):
        shape = "[start, end]" if size == 2 else "[start, end, kind]"
        check.error(keypath, f"{what}: expected {shape}, got {_kind(raw)}")
        return None
    start, end = int(raw[0]), int(raw[1])
    if not 0 <= start <= end:
        check.error(keypath, f"{what}: {start} to {end} is not a range (need 0 <= start <= end)")
        return None
    return [start, end, *raw[2:]]


def _meta(check: _Check, raw: object) -> ArticleMeta:
    if raw is None:
        return ArticleMeta()
    m = check.mapping(raw, ("meta",), "meta", (), ("title", "outlet", "published", "dateline", "credits"))
    if m is None:
        return ArticleMeta()
    kp = ("meta",)
    title, outlet, published, dateline = (check.text(m, k, kp, nullable=True)
                                          for k in ("title", "outlet", "published", "dateline"))
    meta = ArticleMeta(title, outlet, published, dateline, credits=check.texts(m, "credits", kp))
    if meta.published is not None and not _DATE.fullmatch(meta.published):
        check.notice((*kp, "published"), f"published: '{meta.published}' is not an ISO date such as 2023-06-05; "
                                         "relative dates cannot be resolved")
    return meta


def _annotation(parsed: Parsed, article_id: str) -> tuple[Annotation | None, _Check,
                                                          list[tuple[Mention, KeyPath]]]:
    """The annotation in parsed (as much of it as can be read), without the article."""
    check = _Check(parsed)
    m = check.mapping(parsed.data, (), "annotation file", ("id", "source", "sha256", "body", "mentions"),
                      ("model", "meta", "chrome", "note", "orphans"))
    if m is None:
        return None, check, []
    file_id = check.text(m, "id", ())
    if file_id is not None and file_id != article_id:
        check.error(("id",), f"id '{file_id}' does not match the file name '{article_id}.yaml'")
    sha = check.text(m, "sha256", ())
    if sha is not None and not _SHA256.fullmatch(sha):
        check.error(("sha256",), "sha256: expected 64 lowercase hex digits")
    body = _span(check, m.get("body"), ("body",), "body", 2) if "body" in m else None
    chrome = []
    for raw, keypath in check.items(m, "chrome", ()):
        span = _span(check, raw, keypath, "chrome", 3)
        if span is not None and span[2] not in CHROME_KINDS:
            check.error(keypath, f"chrome: kind {_kind(span[2])} is not one of {', '.join(CHROME_KINDS)}")
        elif span is not None:
            chrome.append(Segment(*span))
    mentions = _mentions(check, m, "mentions")
    orphans = [mention for mention, _ in _mentions(check, m, "orphans")]
    annotation = Annotation(
        id=article_id, source=check.text(m, "source", (), default="") or "", sha256=sha or "",
        meta=_meta(check, m.get("meta")), body=(body[0], body[1]) if body else (0, 0),
        chrome=sorted(chrome, key=lambda s: (s.start, s.end, s.kind)),
        note=check.text(m, "note", (), default="", nullable=True) or "",
        mentions=[mention for mention, _ in mentions], model=check.text(m, "model", (), nullable=True),
        orphans=orphans,
    )
    return annotation, check, mentions


def _slow_annotation(parsed: Parsed, article_id: str) -> tuple[Annotation | None, _Check,
                                                               list[tuple[Mention, KeyPath]]]:
    return _annotation(parsed, article_id) if parsed.data is not None else (None, _Check(parsed), [])


def _against_article(check: _Check, annotation: Annotation, mentions: list[tuple[Mention, KeyPath]],
                     article: Article) -> None:
    """Check offsets against the article's text; move mentions whose text moved.

    When the article changed (another sha256) the file is stale and re-anchoring is
    expected: mentions not found again go to orphans without a message here (the
    workspace counts them). When it did not change, every mismatch is a hand edit gone
    wrong, and each one gets a notice.
    """
    text, changed = article.text, annotation.sha256 != article.sha256
    for what, (start, end) in [("body", annotation.body)] + [("chrome", (s.start, s.end)) for s in annotation.chrome]:
        if end > len(text) and not changed:
            check.error((what,), f"{what}: {start}-{end} runs past the end of the article "
                                 f"({len(text)} characters)")
    if changed:   # the stale file's ranges are refreshed by `newsdesk annotate`; keep them inside the text
        annotation.body = (min(annotation.body[0], len(text)), min(annotation.body[1], len(text)))
        annotation.chrome = [s for s in annotation.chrome if s.end <= len(text)]
    moved = [(m, kp) for m, kp in mentions if text[m.start:m.end] != m.text]
    if not moved:
        return
    starts = align(annotation.mentions, text)
    if not changed:   # the file was edited wrongly: say what was done about each mismatch
        new_start = {id(m): s for m, s in zip(annotation.mentions, starts)}
        for mention, keypath in moved:
            reads = repr(text[mention.start:mention.end]) if mention.end <= len(text) else "past the end of the text"
            where = f"mention '{mention.text}' {mention.start}-{mention.end}: the article has {reads} there"
            moved_to = new_start[id(mention)]
            check.notice(keypath, f"{where}; kept under orphans:" if moved_to is None else
                                  f"{where}; moved to {moved_to}-{moved_to + len(mention.text)} where the text is")
    annotation.mentions, orphans = placed(annotation.mentions, starts)
    annotation.orphans = _sorted(annotation.orphans + orphans)


def _people_refs(check: _Check, mentions: list[tuple[Mention, KeyPath]], people: Collection[str]) -> None:
    for mention, keypath in mentions:
        for person_id in filter(None, [mention.person, *mention.candidates]):
            if person_id not in people:
                check.notice(keypath, f"mention '{mention.text}': no person '{person_id}' in people.yaml")


def _people(parsed: Parsed, articles: Collection[str] | None = None) -> tuple[dict[str, Person], _Check]:
    check = _Check(parsed)
    top = check.mapping(parsed.data, (), "people file", ("people",), ())
    people: dict[str, Person] = {}
    first_line: dict[str, int | None] = {}
    for raw, kp in check.items(top or {}, "people", ()):
        p = check.mapping(raw, kp, "person", ("id", "name"),
                          ("aliases", "roles", "affiliation", "note", "by", "merged"))
        if p is None:
            continue
        roles = []
        for raw_role, rkp in check.items(p, "roles", kp):
            r = check.mapping(raw_role, rkp, "role", ("title", "article"), ())
            if r is not None and (title := check.text(r, "title", rkp)) is not None \
                    and (article := check.text(r, "article", rkp)) is not None:
                roles.append(Role(title, article))
                if articles is not None and article not in articles:
                    check.notice(rkp, f"role '{title}': no article '{article}'")
        person_id, name = check.text(p, "id", kp), check.text(p, "name", kp)
        by = check.choice(p, "by", kp, BY_VALUES, default="analyst")
        if person_id is None or name is None or by is None:
            continue
        if not person_id:
            check.error((*kp, "id"), "id: empty")
            continue
        if person_id in people:
            check.error((*kp, "id"), f"duplicate person id '{person_id}' (first on line {first_line[person_id]})")
            continue
        first_line[person_id] = parsed.line((*kp, "id"))
        people[person_id] = Person(person_id, name, check.texts(p, "aliases", kp), roles,
                                   check.text(p, "affiliation", kp, nullable=True),
                                   check.text(p, "note", kp, default="", nullable=True) or "", by,
                                   check.texts(p, "merged", kp))
    return people, check


def _meetings(parsed: Parsed, people: Collection[str] | None = None,
              articles: Mapping[str, Article] | None = None) -> tuple[dict[str, Meeting], _Check]:
    check = _Check(parsed)
    top = check.mapping(parsed.data, (), "meetings file", ("meetings",), ())
    meetings: dict[str, Meeting] = {}
    first_line: dict[str, int | None] = {}
    for raw, kp in check.items(top or {}, "meetings", ()):
        g = check.mapping(raw, kp, "meeting", ("id", "participants", "status"),
                          ("unnamed", "place", "date", "date_text", "note", "by", "review", "reports"))
        if g is None:
            continue
        reports = []
        for raw_report, rkp in check.items(g, "reports", kp):
            r = check.mapping(raw_report, rkp, "report", ("article", "start", "end"), ("evidence",))
            if r is None:
                continue
            article, start, end = (check.text(r, "article", rkp), check.integer(r, "start", rkp),
                                   check.integer(r, "end", rkp))
            evidence = check.text(r, "evidence", rkp, default="")
            if article is not None and start is not None and end is not None and evidence is not None:
                reports.append(Report(article, start, end, evidence))
                if articles is not None:
                    _report_against_article(check, reports[-1], rkp, articles)
        meeting_id = check.text(g, "id", kp)
        status = check.choice(g, "status", kp, MEETING_STATUS_VALUES)
        by = check.choice(g, "by", kp, BY_VALUES, default="analyst")
        review = check.choice(g, "review", kp, STATUS_VALUES, default="unreviewed")
        date = check.text(g, "date", kp, nullable=True)
        participants = check.texts(g, "participants", kp)
        if date is not None and not _DATE.fullmatch(date):
            check.notice((*kp, "date"), f"date: '{date}' is not an ISO date such as 2023-06-05 "
                                        "or a range such as 2023-06-04/2023-06-05")
        if people is not None:
            for person_id in participants:
                if person_id not in people:
                    check.notice((*kp, "participants"), f"meeting '{meeting_id}': no person '{person_id}' "
                                                        "in people.yaml")
        if meeting_id is None or status is None or by is None or review is None:
            continue
        if meeting_id in meetings:
            check.error((*kp, "id"), f"duplicate meeting id '{meeting_id}' (first on line {first_line[meeting_id]})")
            continue
        first_line[meeting_id] = parsed.line((*kp, "id"))
        meetings[meeting_id] = Meeting(
            meeting_id, participants, status, check.text(g, "place", kp, nullable=True), date,
            check.text(g, "date_text", kp, nullable=True), check.texts(g, "unnamed", kp), reports,
            check.text(g, "note", kp, default="", nullable=True) or "", by, review)
    return meetings, check


def _report_against_article(check: _Check, report: Report, keypath: KeyPath,
                            articles: Mapping[str, Article]) -> None:
    article = articles.get(report.article)
    if article is None:
        check.notice(keypath, f"report: no article '{report.article}'")
    elif report.evidence and article.text[report.start:report.end] != report.evidence:
        check.notice(keypath, f"report: the evidence is not the text of {report.article} at "
                              f"{report.start}-{report.end} (the article may have changed)")


# ---- fast path: the mention lines the writer itself produces --------------------------------
# One regex per mention line (see yaml_io's line reader); a file with any other mention
# line (keys reordered, a comment, double quotes, a bad value) is read the slow way,
# which also explains what is wrong. Tests check that both paths agree.
_V = VALUE_PATTERN
_MENTION_LINE = re.compile(
    rf"- \{{start: ([0-9]{{1,{MAX_DIGITS}}}), end: ([0-9]{{1,{MAX_DIGITS}}}), text: ({_V}), label: ([A-Z_]+)"
    rf"(?:, person: ({_V}))?"
    rf"(?:, candidates: \[({_V}(?:, {_V})*)\])?, by: (model|analyst|rule)(?:, rule: ({_V}))?"
    rf", status: (unreviewed|accepted|rejected)\}} *")
_LABEL_SET = frozenset(LABELS)


def _fast_mention(line: str) -> Mention | None:
    match = _MENTION_LINE.fullmatch(line)
    if match is None:
        return None
    start, end, text, label, person, candidates, by, rule, status = match.groups()
    start, end = int(start), int(end)
    text = line_value(text)
    listed = [line_value(c) for c in VALUE.findall(candidates)] if candidates else []
    if text is None or label not in _LABEL_SET or start >= end or None in listed:
        return None
    return Mention(start, end, text, label, line_value(person) if person else None,
                   listed, by, status,  # type: ignore[arg-type]  # no None in listed: returned above
                   line_value(rule) if rule else None)


def _fast_annotation(text: str, path: str, article_id: str
                     ) -> tuple[Annotation | None, _Check, list[tuple[Mention, KeyPath]]] | None:
    """_annotation's result for a file in the writer's own layout, read line by line;
    None for anything else (the slow path then reads it and explains what is wrong)."""
    data: dict[str, Any] = {}
    parsed = Parsed(path, data)
    lines = parsed.lines
    found: dict[str, list[tuple[Mention, KeyPath]]] = {"mentions": [], "orphans": []}
    seen: set[tuple[int, int, str]] = set()
    section: str | None = None
    for n, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line.startswith("- {"):
            mention = _fast_mention(line)
            if section not in found or mention is None or (mention.start, mention.end, mention.label) in seen:
                return None
            seen.add((mention.start, mention.end, mention.label))
            keypath = (section, len(found[section]))
            found[section].append((mention, keypath))
            lines[keypath] = n
        elif line.startswith("- ["):
            value = line_field(line[2:])
            if section != "chrome" or not isinstance(value, list):
                return None
            items = data["chrome"]
            lines[("chrome", len(items))] = n
            items.append(value)
        elif line.startswith("  "):
            match = SUB.fullmatch(line)
            value = line_field(match[2]) if match else CANNOT
            if match is None or section != "meta" or value is CANNOT or match[1] in data["meta"]:
                return None
            data["meta"][match[1]] = value
            lines[("meta", match[1])] = n
        else:
            match = TOP.fullmatch(line)
            value = line_field(match[2]) if match else CANNOT
            if match is None or value is CANNOT or match[1] in data:
                return None
            section = match[1] if value is None else None
            data[match[1]] = {} if section == "meta" else [] if section == "chrome" else value
            lines[(match[1],)] = n
            lines.setdefault((), n)
    annotation, check, _ = _annotation(parsed, article_id)
    if annotation is None or check.errors or any(found[key] and data.get(key) for key in found):
        return None
    annotation.mentions = [m for m, _ in found["mentions"]]
    annotation.orphans = [m for m, _ in found["orphans"]]
    return annotation, check, found["mentions"]


# ---- writing ----------------------------------------------------------------------------------

def _sorted(mentions: Iterable[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.label, m.text))


def _mention_pairs(m: Mention) -> list:
    pairs: list = [("start", m.start), ("end", m.end), ("text", m.text), ("label", m.label)]
    if m.person:
        pairs.append(("person", m.person))
    if m.candidates:
        pairs.append(("candidates", list(m.candidates)))
    pairs.append(("by", m.by))
    if m.rule:
        pairs.append(("rule", m.rule))
    return [*pairs, ("status", m.status)]


def _mention_node(m: Mention):
    return flow_map(_mention_pairs(m))


def annotation_text(a: Annotation) -> str:
    """The file text of an annotation: mentions and orphans sorted by (start, end, label)."""
    return _annotation_lines(a) or _annotation_yaml(a)


def _annotation_yaml(a: Annotation) -> str:
    """annotation_text by the YAML writer."""
    meta = a.meta
    root = block_map([
        ("id", scalar(a.id)), ("source", scalar(a.source)), ("sha256", scalar(a.sha256)),
        ("model", scalar(a.model)),
        ("meta", block_map([("title", scalar(meta.title)), ("outlet", scalar(meta.outlet)),
                            ("published", scalar(meta.published)), ("dateline", scalar(meta.dateline)),
                            ("credits", flow_seq(list(meta.credits)))])),
        ("body", flow_seq(list(a.body))),
        ("chrome", block_seq([flow_seq([s.start, s.end, s.kind])
                              for s in sorted(a.chrome, key=lambda s: (s.start, s.end, s.kind))])),
        ("note", scalar(a.note)),
        ("mentions", block_seq([_mention_node(m) for m in _sorted(a.mentions)])),
        ("orphans", block_seq([_mention_node(m) for m in _sorted(a.orphans)])),
    ])
    return render(root, HEADER.format(kind="annotation"))


def _annotation_lines(a: Annotation) -> str | None:
    """The text _annotation_yaml gives, written line by line (yaml_io: 'writing line by
    line'); None when some value needs the YAML writer (a line break in the title or note)."""
    meta = a.meta
    lines = [
        f"# {HEADER.format(kind='annotation')}",
        *_block_lines("", [("id", a.id), ("source", a.source), ("sha256", a.sha256), ("model", a.model)]),
        "meta:",
        *_block_lines("  ", [("title", meta.title), ("outlet", meta.outlet), ("published", meta.published),
                             ("dateline", meta.dateline)]),
        _line("  credits: ", flow_text(list(meta.credits))),
        _line("body: ", flow_text(list(a.body))),
        *block_seq_lines("chrome", [flow_text([s.start, s.end, s.kind])
                                    for s in sorted(a.chrome, key=lambda s: (s.start, s.end, s.kind))]),
        *_block_lines("", [("note", a.note)]),
        *block_seq_lines("mentions", [flow_map_text(_mention_pairs(m)) for m in _sorted(a.mentions)]),
        *block_seq_lines("orphans", [flow_map_text(_mention_pairs(m)) for m in _sorted(a.orphans)]),
    ]
    return None if None in lines else "\n".join(lines) + "\n"   # type: ignore[arg-type]  # no None left


def _block_lines(indent: str, pairs: list[tuple[str, str | None]]) -> list[str | None]:
    return [_line(f"{indent}{key}: ", emitted(value, False)) for key, value in pairs]


def _line(start: str, value: str | None) -> str | None:
    return None if value is None else start + value


def people_text(people: dict[str, Person]) -> str:
    """people.yaml: people sorted by id, one role per line."""
    return render(block_map([("people", block_seq([block_map([
        ("id", scalar(p.id)), ("name", scalar(p.name)), ("aliases", flow_seq(list(p.aliases))),
        ("roles", block_seq([flow_map([("title", r.title), ("article", r.article)]) for r in p.roles])),
        ("affiliation", scalar(p.affiliation)), ("note", scalar(p.note)), ("by", scalar(p.by)),
        ("merged", flow_seq(list(p.merged))),
    ]) for _, p in sorted(people.items())]))]), HEADER.format(kind="people"))


def meeting_order(meeting: Meeting) -> tuple:
    """Meetings sort by date, then id; undated ones last."""
    return (meeting.date is None, meeting.date or "", meeting.id)


def meetings_text(meetings: dict[str, Meeting]) -> str:
    """meetings.yaml: sorted by (date, id), one report per line."""
    return render(block_map([("meetings", block_seq([block_map([
        ("id", scalar(g.id)), ("participants", flow_seq(list(g.participants))),
        ("unnamed", flow_seq(list(g.unnamed))), ("status", scalar(g.status)), ("place", scalar(g.place)),
        ("date", scalar(g.date)), ("date_text", scalar(g.date_text)), ("note", scalar(g.note)),
        ("by", scalar(g.by)), ("review", scalar(g.review)),
        ("reports", block_seq([flow_map([("article", r.article), ("start", r.start), ("end", r.end),
                                         ("evidence", r.evidence)]) for r in g.reports])),
    ]) for g in sorted(meetings.values(), key=meeting_order)]))]), HEADER.format(kind="meetings"))


def _read_records(path: Path, top: str) -> Parsed | None:
    text = read_text(path)
    if not isinstance(text, str):
        return text
    return read_records(text, str(path), top) or parse_text(text, str(path))


# ---- the store --------------------------------------------------------------------------------

class AnnotationStore:
    """Loads and saves the annotation files under root; remembers which are read-only."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.read_only: set[Path] = set()
        self._why: dict[Path, Problem] = {}

    @property
    def people_path(self) -> Path:
        return self.root / "people.yaml"

    @property
    def meetings_path(self) -> Path:
        return self.root / "meetings.yaml"

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    def article_path(self, article_id: str) -> Path:
        if why := id_problem(article_id):
            raise StoreError(f"'{article_id}' cannot be an article id: {why}")
        return self.articles_dir / f"{article_id}.yaml"

    # -- loading --------------------------------------------------------------------------------

    def load_annotation(self, article_id: str, article: Article | None = None, *,
                        people: Collection[str] | None = None) -> tuple[Annotation | None, list[Problem]]:
        """The annotation of article_id (None when it has no file) and the problems found.

        With article, offsets are checked against its text and mentions whose text moved
        are re-anchored (orphans when not found); with people, person references are checked.
        """
        path = self.article_path(article_id)
        text = read_text(path)
        if text is None:
            self._judge(path, [])
            return None, []
        mentions: list[tuple[Mention, KeyPath]]
        if isinstance(text, Parsed):
            annotation, check, mentions = None, _Check(text), []
        else:
            annotation, check, mentions = _fast_annotation(text, str(path), article_id) \
                or _slow_annotation(parse_text(text, str(path)), article_id)
        if annotation is not None:
            annotation.mentions = _sorted(annotation.mentions)
            annotation.orphans = _sorted(annotation.orphans)
        if annotation is not None and article is not None:
            _against_article(check, annotation, mentions, article)
        if annotation is not None and people is not None:
            _people_refs(check, mentions, people)
        self._judge(path, check.blocking)
        return annotation, check.problems

    def load_people(self, *, articles: Collection[str] | None = None) -> tuple[dict[str, Person], list[Problem]]:
        """The people by id; with articles (ids), the articles their roles cite are checked."""
        parsed = _read_records(self.people_path, "people")
        if parsed is None or parsed.data is None:
            self._judge(self.people_path, parsed.problems if parsed else [])
            return {}, parsed.problems if parsed else []
        people, check = _people(parsed, articles)
        self._judge(self.people_path, check.blocking)
        return people, check.problems

    def load_meetings(self, *, people: Collection[str] | None = None, articles: Mapping[str, Article] | None = None,
                      ) -> tuple[dict[str, Meeting], list[Problem]]:
        """The meetings by id; with people, participants are checked against them, with
        articles, each report's article and evidence text."""
        parsed = _read_records(self.meetings_path, "meetings")
        if parsed is None or parsed.data is None:
            self._judge(self.meetings_path, parsed.problems if parsed else [])
            return {}, parsed.problems if parsed else []
        meetings, check = _meetings(parsed, people, articles)
        self._judge(self.meetings_path, check.blocking)
        return meetings, check.problems

    def why_read_only(self, path: Path) -> Problem | None:
        """The problem that made path read-only when it was loaded, or None when it is writable."""
        return self._why.get(path) if path in self.read_only else None

    def mark_read_only(self, path: Path, why: Problem) -> None:
        """As loading path would: it failed validation for this reason (the index remembers it)."""
        self._judge(path, [why])

    def _judge(self, path: Path, blocking: list[Problem]) -> None:
        if blocking:
            self.read_only.add(path)
            self._why[path] = blocking[0]
        else:
            self.read_only.discard(path)
            self._why.pop(path, None)

    # -- saving ---------------------------------------------------------------------------------

    def save_annotation(self, annotation: Annotation, batch: AtomicBatch | None = None) -> bytes:
        """With batch, the file is written beside its target, and replaced by batch.commit()."""
        path = self.article_path(annotation.id)

        def reads_back(text: str) -> bool:   # the line reader: a fraction of the YAML reader's cost
            fast = _fast_annotation(text, str(path), annotation.id)
            return fast is not None and not fast[1].blocking

        return self._save(path, annotation_text(annotation), lambda p: _annotation(p, annotation.id)[1], reads_back,
                          batch)

    def save_people(self, people: dict[str, Person]) -> bytes:
        for key, person in people.items():
            if key != person.id:
                raise StoreError(f"{self.people_path}: not saved: person '{person.id}' is filed under '{key}'")
        return self._save(self.people_path, people_text(people), lambda p: _people(p)[1])

    def save_meetings(self, meetings: dict[str, Meeting]) -> bytes:
        for key, meeting in meetings.items():
            if key != meeting.id:
                raise StoreError(f"{self.meetings_path}: not saved: meeting '{meeting.id}' is filed under '{key}'")
        return self._save(self.meetings_path, meetings_text(meetings), lambda p: _meetings(p)[1])

    def lock(self, wait: float = WAIT_SECONDS) -> AbstractContextManager[None]:
        """The lock a process holds to check a file on disk and write it (filelock.py)."""
        return folder_lock(self.root, wait)

    def _save(self, path: Path, text: str, validate: Callable[[Parsed], _Check],
              reads_back: Callable[[str], bool] = lambda text: False, batch: AtomicBatch | None = None) -> bytes:
        """Write text to path unless the file is read-only, write-protected or text would
        not load back cleanly; the comments and key order of the file on disk are kept
        (roundtrip.py). reads_back is a quicker check that text loads cleanly; when it
        fails the YAML reader checks, and says what is wrong. Returns what the file holds."""
        if write_protected(path):
            raise ReadOnlyError(f"{path} is write-protected: not saved (to save edits to it, make it "
                                f"writable: chmod u+w '{path}')")
        if path in self.read_only:
            why = self._why[path]
            raise ReadOnlyError(f"{path} is read-only: it failed validation when loaded "
                                f"(line {why.line}: {why.message})" if why.line else
                                f"{path} is read-only: it failed validation when loaded ({why.message})")
        parsed = None if reads_back(text) else parse_text(text, str(path))
        problems = parsed and (parsed.problems or validate(parsed).blocking)
        if problems:
            raise StoreError(f"{path}: not saved, it would not load back: line {problems[0].line}: "
                             f"{problems[0].message}")
        existing = read_text(path)
        kept = preserve(existing if isinstance(existing, str) else None, text)
        if kept != text:   # use the hand layout only if our own reader takes it as it is
            again = parse_text(kept, str(path))
            text = text if again.problems or validate(again).blocking else kept
        data = text.encode("utf-8")
        try:
            if batch is None:
                write_atomic(path, data)
            else:
                batch.add(path, data)
        except OSError as error:
            raise not_saved(path, error) from error
        return data
