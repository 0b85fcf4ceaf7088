"""`newsdesk import --format prodigy FILE`: a Prodigy pass over exported tasks comes back
as analyst edits (the rules are in docs/interop.md).

Each task finds its article by the sha256 of its text, so a file that Prodigy rewrote
(`db-out`, new hashes, keys added) still matches. A task answered "accept" is the whole
truth about its article: its spans are accepted (or added), the model's unreviewed
mentions it leaves out are rejected. "reject" rejects the task's spans; "ignore" and no
answer change nothing. Whatever disagrees with the analyst's own work (a mention the
analyst accepted, rejected or made) is reported as a conflict and the analyst's version
stays. Each file is loaded, changed and saved under the folder lock, as `annotate` and
the app save, after checking that nobody changed it on disk meanwhile; importing the same
file again changes nothing.
"""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from tui.core.corpus import read_corpus
from tui.core.filelock import LockError
from tui.core.files import NotRegularFile, kind_of
from tui.core.models import Article, Mention, Problem
from tui.core.prodigy import Span, Task, read_task, text_hash
from tui.core.store import AnnotationStore, StoreError, write_protected


class ImportFileError(Exception):
    """FILE cannot be read at all; the message says why."""


@dataclass(slots=True)
class ImportSummary:
    articles: int = 0       # read from ARTICLES_DIR
    tasks: int = 0
    changed: int = 0        # articles whose annotation file the import changed
    unchanged: int = 0      # articles that already held every decision of their tasks, with no conflict
    ignored: int = 0        # tasks answered "ignore", or with no answer
    accepted: int = 0       # mentions accepted
    rejected: int = 0       # mentions rejected
    added: int = 0          # analyst mentions added
    conflicts: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        """"4 tasks: 2 articles changed (3 accepted, 1 rejected, 1 added), 1 unchanged; 1 conflict"."""
        head = (f"{_count(self.changed, 'article')} changed ({self.accepted} accepted, {self.rejected} rejected, "
                f"{self.added} added)" if self.changed else "nothing changed")
        rest = [f"{self.unchanged} already up to date"] if self.unchanged else []
        if self.ignored:
            rest.append(f"{self.ignored} ignored or unanswered")
        if self.conflicts:
            rest.append(f"{_count(len(self.conflicts), 'conflict')}, the analyst's version kept")
        return f"{_count(self.tasks, 'task')}: {head}" + "".join(f"; {part}" for part in rest)


def _count(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"


# ---- one task on one annotation ---------------------------------------------------------------

class _Applied:
    """One task applied to a copy of an article's mentions: the result, and what it did."""

    def __init__(self, article_id: str, mentions: list[Mention], text: str) -> None:
        self.article_id, self.text = article_id, text
        self.mentions = copy.deepcopy(mentions)
        self.at = {_key(m): m for m in self.mentions}
        self.accepted = self.rejected = self.added = 0
        self.conflicts: list[str] = []
        self.reported: set[int] = set()   # ids of mentions in a conflict already, not to report twice

    def conflict(self, start: int, end: int, prodigy: str, mention: Mention) -> None:
        self.reported.add(id(mention))
        self.conflicts.append(f"conflict in {self.article_id} at {start}-{end}: Prodigy {prodigy}; "
                              f"the analyst {_analyst_side(mention)}: kept the analyst's")

    def reject(self, mention: Mention | None, prodigy: str) -> None:
        if mention is None or mention.status == "rejected":
            return   # nothing to reject; a rejected span is no entity, so nothing is added either
        if mention.analyst_owned:
            self.conflict(mention.start, mention.end, prodigy, mention)
        else:
            mention.status = "rejected"
            self.rejected += 1

    def accept(self, span: Span) -> None:
        words = self.text[span.start:span.end]
        mention = self.at.get(_key(span))
        if mention is not None:
            if mention.status == "rejected":
                self.conflict(span.start, span.end, f"accepts {span.label} “{words}”", mention)
            elif mention.status == "unreviewed":
                mention.status = "accepted"
                self.accepted += 1
            return
        overlapping = [m for m in self.mentions
                       if m.status != "rejected" and m.start < span.end and span.start < m.end]
        if owned := [m for m in overlapping if m.analyst_owned]:
            self.conflict(span.start, span.end, f"has {span.label} “{words}”", owned[0])
            return
        for m in overlapping:   # the model's reading Prodigy corrected: kept, as rejected, so it does not come back
            self.reject(m, "")
        new = Mention(span.start, span.end, words, span.label, by="analyst", status="accepted")
        self.mentions.append(new)
        self.at[_key(new)] = new
        self.added += 1


def apply_task(article_id: str, mentions: list[Mention], text: str, task: Task) -> _Applied:
    """An article's mentions after task (answered accept or reject), with what it did;
    the mentions given are left as they were."""
    done = _Applied(article_id, mentions, text)
    verdicts = [(span, span.answer or task.answer) for span in task.spans]
    for span, verdict in verdicts:
        if verdict == "reject":
            done.reject(done.at.get(_key(span)), f"rejects {span.label} “{text[span.start:span.end]}”")
    for span, verdict in verdicts:
        if verdict == "accept":
            done.accept(span)
    if task.answer == "accept":   # a manual task holds every entity: what it leaves out is none
        named = {_key(span) for span, _ in verdicts}
        for mention in list(done.mentions):
            if _key(mention) not in named and id(mention) not in done.reported:
                done.reject(mention, f"leaves out {mention.label} “{mention.text}”")
    return done


def _key(m: Mention | Span) -> tuple[int, int, str]:
    return (m.start, m.end, m.label)


def _analyst_side(m: Mention) -> str:
    what = f"{m.label} “{m.text}” {m.start}-{m.end}"
    if m.status == "rejected":
        return f"rejected {what}"
    return f"added {what}" if m.by == "analyst" else f"accepted {what}"


# ---- the command ------------------------------------------------------------------------------

def read_tasks(path: Path) -> Iterator[Task | Problem]:
    """Each non-blank line of the JSONL file as a Task, or the Problem with it. The file is
    opened and checked at once: ImportFileError when it cannot be read at all."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ImportFileError(f"{path}: {error.strerror or error}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ImportFileError(f"{path}: {NotRegularFile(kind_of(mode))}")
    return _lines(open(fd, "rb"), str(path))


def _lines(file: BinaryIO, path: str) -> Iterator[Task | Problem]:
    with file:
        try:
            for n, raw in enumerate(file, 1):
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield Problem(path, n, "not UTF-8: Prodigy writes UTF-8 JSONL")
                    continue
                yield read_task(line, path, n)
        except OSError as error:
            raise ImportFileError(f"{path}: {error.strerror or error}") from None


def import_prodigy(path: Path, articles_dir: Path, annotations_dir: Path, dry_run: bool = False,
                   fields: Mapping[str, str] | None = None) -> ImportSummary:
    """Apply the tasks of the Prodigy JSONL at path to the annotation files; with dry_run,
    say what would change and write nothing. fields: the --field overrides for dumps.
    Raises ImportFileError for an unreadable FILE."""
    summary = ImportSummary()
    lines = read_tasks(path)   # first: a FILE that cannot be read wastes no time
    articles, problems = read_corpus(articles_dir, fields)
    summary.articles = len(articles)
    summary.problems.extend(problems)
    summary.warnings.extend(w for a in articles for w in a.warnings)
    if not articles:
        return summary
    by_text: dict[str, list[Article]] = {}
    for article in articles:
        by_text.setdefault(text_hash(article.text), []).append(article)
    ids = {article.id for article in articles}
    tasks: dict[str, tuple[Article, list[Task]]] = {}   # by article id, in the order first met
    for task in lines:
        if isinstance(task, Problem):
            summary.problems.append(task)
            continue
        summary.tasks += 1
        if task.answer not in ("accept", "reject"):
            summary.ignored += 1
            continue
        matches = by_text.get(text_hash(task.text))
        if not matches:
            hint = (f" (article {task.meta_id} has changed since the export: export it again)"
                    if task.meta_id in ids else "")
            summary.problems.append(Problem(str(path), task.line, f"no article with this text{hint}"))
            continue
        for article in matches:   # the same text twice: both articles take the decision
            tasks.setdefault(article.id, (article, []))[1].append(task)
    store = AnnotationStore(annotations_dir)
    for article, article_tasks in tasks.values():
        _import_article(store, article, article_tasks, str(path), summary, dry_run)
    return summary


def _import_article(store: AnnotationStore, article: Article, tasks: list[Task], source: str,
                    summary: ImportSummary, dry_run: bool) -> None:
    def problem(message: str) -> None:
        summary.problems.append(Problem(source, tasks[0].line, message))

    try:
        with store.lock():   # no other newsdesk saves this file between our read and our write
            path = store.article_path(article.id)
            before = _stamp(path)
            annotation, problems = store.load_annotation(article.id, article)
            summary.problems.extend(problems)
            if path in store.read_only:
                problem(f"{article.id}: its annotation file is invalid (see above): nothing imported")
                return
            if annotation is None:
                problem(f"{article.id} has no annotation file: run newsdesk annotate first")
                return
            if write_protected(path):
                problem(f"{path} is write-protected: nothing imported (to import into it, make it writable: "
                        f"chmod u+w '{path}')")
                return
            if annotation.sha256 != article.sha256:
                problem(f"{article.id} changed since it was annotated: run newsdesk annotate, then import again")
                return
            mentions, old, conflicts = annotation.mentions, _state(annotation.mentions), len(summary.conflicts)
            for task in tasks:
                done = apply_task(article.id, mentions, article.text, task)
                mentions = done.mentions
                summary.accepted += done.accepted
                summary.rejected += done.rejected
                summary.added += done.added
                summary.conflicts.extend(Problem(source, task.line, c) for c in done.conflicts)
            if _state(mentions) == old:
                summary.unchanged += len(summary.conflicts) == conflicts   # else its conflicts say why
                return
            if not dry_run:
                if _stamp(path) != before:   # a hand edit: the lock does not hold editors back
                    problem(f"{path}: changed on disk while importing: not saved; import again")
                    return
                annotation.mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.label))
                store.save_annotation(annotation)
            summary.changed += 1
    except (StoreError, LockError) as error:
        problem(str(error))


def _state(mentions: list[Mention]) -> list[tuple]:
    return sorted((m.start, m.end, m.label, m.text, m.person, tuple(m.candidates), m.by, m.status)
                  for m in mentions)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
